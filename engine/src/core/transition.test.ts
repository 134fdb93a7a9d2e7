import { describe, expect, it } from 'vitest';
import { actionWorkflow, at, referenceWorkflow, runContext, STREAK_RULE, T0, tctx } from './test-support/fixtures.js';
import { run } from './test-support/harness.js';
import { wf } from './test-support/wf.js';
import { initialState, startRun, transition } from './transition.js';
import type { ExecutionEvent, TransitionResult } from './types.js';

const DAY = 86_400_000;

describe('reference workflow: trigger → condition → task → end', () => {
  it('creates the coaching task with evidence when the rule passes, then ends on completion', () => {
    const h = run(referenceWorkflow());
    expect(h.state.status).toBe('waiting');
    expect(h.state.current).toBe('coach');
    expect(h.path()).toEqual(['t:succeeded', 'check:succeeded', 'coach:waiting']);
    expect(h.effects.map((e) => e.type)).toEqual(['createTask']);
    const task = h.effect('createTask');
    expect(task).toMatchObject({
      nodeId: 'coach',
      stepSeq: 2,
      title: 'Coach Li Lei: sales_amount 3 weeks below range',
      description: 'Readings attached. Manager: Han Meimei',
      assignee: { type: 'directManager' },
      dueAt: new Date(T0.getTime() + 7 * DAY).toISOString(),
      priority: 'high',
      form: 'GROW',
    });
    expect(task.evidence.event).toEqual(runContext().event);
    expect(task.evidence.payload).toEqual(runContext().trigger);
    expect(task.evidence.decisions).toEqual([
      { nodeId: 'check', rule: STREAK_RULE, variables: { 'trigger.streak': 3, 'employee.jobFamily': 'sales' }, result: true },
    ]);
    expect(h.state.outputs).toEqual({ t: { eventId: 'evt-1', type: 'kpi.deviation' }, check: { result: true } });
    expect(h.state.steps[0]).toMatchObject({ seq: 0, kind: 'trigger', handle: 'out', startedAt: T0.toISOString(), finishedAt: T0.toISOString() });
    expect(h.state.steps[1]?.handle).toBe('true');
    expect(h.state.steps[2]?.input).toMatchObject({ title: task.title, dueAt: task.dueAt });

    const done = at(3 * DAY);
    h.send({ type: 'taskCompleted', nodeId: 'coach', taskId: 'task-1', completedBy: 'e-hanmeimei', data: { goal: 'G' } }, done);
    expect(h.state.status).toBe('succeeded');
    expect(h.state.outcome).toBe('coached');
    expect(h.state.current).toBeNull();
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'succeeded', outcome: 'coached' }]);
    expect(h.state.outputs['coach']).toEqual({ taskId: 'task-1', completedBy: 'e-hanmeimei', completedAt: done.toISOString(), data: { goal: 'G' } });
    expect(h.path()).toEqual(['t:succeeded', 'check:succeeded', 'coach:succeeded', 'done:succeeded']);
    expect(h.state.steps[2]?.finishedAt).toBe(done.toISOString());
  });

  it('takes the false branch when the streak is too short', () => {
    const h = run(referenceWorkflow(), runContext({ streak: 2 }));
    expect(h.state.status).toBe('succeeded');
    expect(h.state.outcome).toBe('not-needed');
    expect(h.path()).toEqual(['t:succeeded', 'check:succeeded', 'skip:succeeded']);
    expect(h.state.steps[1]?.handle).toBe('false');
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'succeeded', outcome: 'not-needed' }]);
  });

  it('takes the false branch for another job family', () => {
    const h = run(referenceWorkflow(), runContext({ jobFamily: 'engineering' }));
    expect(h.state.outcome).toBe('not-needed');
  });

  it('ends succeeded with outcome null when a handle has no edge', () => {
    const def = wf().trigger('t').node('c', 'condition', { rule: false }).edge('t', 'c').build();
    const h = run(def);
    expect(h.state.status).toBe('succeeded');
    expect(h.state.outcome).toBeUndefined();
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'succeeded', outcome: null }]);
  });
});

describe('trigger → condition → action → delay → task → end', () => {
  it('runs the whole path', () => {
    const h = run(actionWorkflow());
    expect(h.path()).toEqual(['t:succeeded', 'check:succeeded', 'enrol:running']);
    expect(h.state.status).toBe('waiting');
    expect(h.effects).toEqual([
      {
        type: 'runAction',
        nodeId: 'enrol',
        stepSeq: 2,
        connector: 'lms-moodle',
        action: 'enrolUser',
        input: { userId: 'e-lilei', courseId: 'objection-handling', streak: 3 },
        attempt: 1,
        idempotencyKey: 'cf:run-1:enrol:0',
        timeoutMs: 30_000,
      },
    ]);
    expect(h.state.steps[2]?.input).toEqual({ userId: 'e-lilei', courseId: 'objection-handling', streak: 3 });

    h.send({ type: 'actionSucceeded', nodeId: 'enrol', attempt: 1, output: { enrolmentId: 'enr-9' } }, at(2000));
    expect(h.path().slice(2)).toEqual(['enrol:succeeded', 'wait:waiting']);
    expect(h.effects).toEqual([{ type: 'scheduleTimer', nodeId: 'wait', stepSeq: 3, at: at(2000 + 2 * DAY).toISOString(), purpose: 'delay' }]);

    h.send({ type: 'timerFired', nodeId: 'wait', purpose: 'delay' }, at(2000 + 2 * DAY));
    expect(h.state.outputs['wait']).toEqual({ firedAt: at(2000 + 2 * DAY).toISOString() });
    expect(h.effect('createTask').title).toBe('Follow up on enr-9');
    expect(h.effect('createTask').dueAt).toBeNull();

    h.send({ type: 'taskCompleted', nodeId: 'follow', taskId: 'task-2', completedBy: 'e-hanmeimei', data: {} });
    expect(h.state.status).toBe('succeeded');
    expect(h.state.outcome).toBe('enrolled');
    expect(h.state.steps.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('run-length limit', () => {
  it('fails a long chain with RUN_TOO_LONG', () => {
    const b = wf().trigger('t');
    const ids = ['t'];
    for (let i = 0; i < 20; i++) {
      b.node(`s${i}`, 'set', { assignments: [{ name: `v${i}`, rule: i }] });
      ids.push(`s${i}`);
    }
    const h = run(b.chain(...ids).build(), runContext(), tctx(T0, { maxSteps: 5 }));
    expect(h.state.status).toBe('failed');
    expect(h.state.steps).toHaveLength(5);
    expect(h.state.error).toMatchObject({ nodeId: 's4', code: 'RUN_TOO_LONG', retryable: false });
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'failed', outcome: null }]);
    // The same chain fits a larger limit.
    expect(run(b.build(), runContext(), tctx(T0, { maxSteps: 21 })).state.status).toBe('succeeded');
  });
});

describe('determinism and purity', () => {
  const script: Array<[ExecutionEvent, Date]> = [
    [{ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'X', message: 'x', retryable: true } }, at(10)],
    [{ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' }, at(1010)],
    [{ type: 'actionSucceeded', nodeId: 'enrol', attempt: 2, output: { enrolmentId: 'e' } }, at(1020)],
    [{ type: 'timerFired', nodeId: 'wait', purpose: 'delay' }, at(3 * DAY)],
    [{ type: 'taskCompleted', nodeId: 'follow', taskId: 't', completedBy: 'm', data: { ok: true } }, at(4 * DAY)],
  ];

  function play(roundTrip: boolean): TransitionResult[] {
    const def = actionWorkflow();
    const results = [startRun(def, runContext(), tctx())];
    for (const [event, now] of script) {
      const prev = results[results.length - 1]?.state ?? initialState(runContext());
      const state = roundTrip ? JSON.parse(JSON.stringify(prev)) : prev;
      results.push(transition(def, state, event, tctx(now)));
    }
    return results;
  }

  it('gives deep-equal results for the same inputs, also from JSON-persisted states', () => {
    const a = play(false);
    expect(a[a.length - 1]?.state.status).toBe('succeeded');
    expect(play(false)).toEqual(a);
    expect(JSON.parse(JSON.stringify(play(true)))).toEqual(JSON.parse(JSON.stringify(a)));
  });

  it('does not mutate the input state', () => {
    const first = startRun(actionWorkflow(), runContext(), tctx());
    const snapshot = structuredClone(first.state);
    transition(actionWorkflow(), first.state, { type: 'actionSucceeded', nodeId: 'enrol', attempt: 1, output: {} }, tctx());
    transition(actionWorkflow(), first.state, { type: 'cancel' }, tctx());
    expect(first.state).toEqual(snapshot);
  });
});

describe('rule errors', () => {
  it('fail the step and the run with the rule error code, never throw', () => {
    const def = wf()
      .trigger('t')
      .node('c', 'condition', { rule: { method: [{ var: 'employee.name' }, 'toUpperCase'] } })
      .node('e', 'end', {})
      .edge('t', 'c')
      .edge('c', 'e', 'true')
      .build();
    const h = run(def);
    expect(h.state.status).toBe('failed');
    expect(h.state.error).toMatchObject({ nodeId: 'c', code: 'RULE_UNKNOWN_OPERATOR', retryable: false });
    expect(h.state.steps[1]).toMatchObject({ status: 'failed', error: { code: 'RULE_UNKNOWN_OPERATOR' }, finishedAt: T0.toISOString() });
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'failed', outcome: null }]);
  });

  it('in an action input fail the run before any call', () => {
    const def = wf()
      .trigger('t')
      .node('a', 'action', { connector: 'x', action: 'y', input: { bad: { nope: [1] } } })
      .chain('t', 'a')
      .build();
    const h = run(def);
    expect(h.state.error).toMatchObject({ nodeId: 'a', code: 'RULE_UNKNOWN_OPERATOR' });
    expect(h.effects.map((e) => e.type)).toEqual(['runFinished']);
  });

});

describe('definition problems', () => {
  it('fails the run with INVALID_WORKFLOW on an edge to a missing node', () => {
    const def = wf().trigger('t').edge('t', 'ghost').build();
    const h = run(def);
    expect(h.state.status).toBe('failed');
    expect(h.state.error).toMatchObject({ nodeId: 't', code: 'INVALID_WORKFLOW' });
  });

  it('starts the same way through transition(start) on an initial state', () => {
    const def = referenceWorkflow();
    expect(transition(def, initialState(runContext()), { type: 'start' }, tctx())).toEqual(startRun(def, runContext(), tctx()));
  });
});
