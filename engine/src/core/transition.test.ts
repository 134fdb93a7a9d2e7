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

describe('action retries', () => {
  const failure = (attempt: number, retryable = true): ExecutionEvent => ({
    type: 'actionFailed',
    nodeId: 'enrol',
    attempt,
    error: { code: 'LMS_DOWN', message: 'HTTP 503', retryable },
  });

  it('retries with exponential backoff, keeping the idempotency key, then fails when exhausted', () => {
    const h = run(actionWorkflow());
    h.send(failure(1), at(100));
    expect(h.state.status).toBe('waiting');
    expect(h.state.steps[2]).toMatchObject({ status: 'retrying', attempt: 1, error: { code: 'LMS_DOWN' } });
    expect(h.effects).toEqual([{ type: 'scheduleTimer', nodeId: 'enrol', stepSeq: 2, at: at(100 + 1000).toISOString(), purpose: 'retry' }]);

    h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' }, at(1100));
    expect(h.state.steps[2]).toMatchObject({ status: 'running', attempt: 2 });
    expect(h.effect('runAction')).toMatchObject({ attempt: 2, idempotencyKey: 'cf:run-1:enrol:0', input: { courseId: 'objection-handling' } });

    h.send(failure(2), at(1500));
    expect(h.effect('scheduleTimer').at).toBe(at(1500 + 2000).toISOString());
    h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' }, at(3500));
    expect(h.effect('runAction').attempt).toBe(3);

    h.send(failure(3), at(4000));
    expect(h.state.status).toBe('failed');
    expect(h.state.current).toBeNull();
    expect(h.state.error).toEqual({ nodeId: 'enrol', code: 'LMS_DOWN', message: 'HTTP 503', retryable: true });
    expect(h.state.steps[2]).toMatchObject({ status: 'failed', attempt: 3, finishedAt: at(4000).toISOString() });
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'failed', outcome: null }]);
  });

  it('follows the node policy', () => {
    const h = run(actionWorkflow({ maxAttempts: 2, backoffMs: 500, backoffFactor: 3 }));
    h.send(failure(1));
    expect(h.effect('scheduleTimer').at).toBe(at(500).toISOString());
    h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' }, at(500));
    h.send(failure(2), at(600));
    expect(h.state.status).toBe('failed');
  });

  it('succeeds on a later attempt and clears the retry error', () => {
    const h = run(actionWorkflow());
    h.send(failure(1));
    h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' }, at(1000));
    h.send({ type: 'actionSucceeded', nodeId: 'enrol', attempt: 2, output: { enrolmentId: 'x' } }, at(1200));
    expect(h.state.steps[2]).toMatchObject({ status: 'succeeded', attempt: 2, output: { enrolmentId: 'x' } });
    expect(h.state.steps[2]?.error).toBeUndefined();
    expect(h.state.current).toBe('wait');
  });

  it('fails at once on a non-retryable error', () => {
    const h = run(actionWorkflow());
    h.send(failure(1, false));
    expect(h.state.status).toBe('failed');
    expect(h.state.error).toMatchObject({ nodeId: 'enrol', code: 'LMS_DOWN', retryable: false });
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'failed', outcome: null }]);
  });
});

describe('manual retry', () => {
  it('re-runs the failed node as a new step with a new idempotency key', () => {
    const h = run(actionWorkflow());
    h.send({ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'COURSE_NOT_FOUND', message: 'no', retryable: false } });
    h.send({ type: 'retry', by: 'hr-1' }, at(60_000));
    expect(h.state.status).toBe('waiting');
    expect(h.state.manualRetries).toBe(1);
    expect(h.state.error).toBeUndefined();
    expect(h.path()).toEqual(['t:succeeded', 'check:succeeded', 'enrol:failed', 'enrol:running']);
    expect(h.state.steps[3]).toMatchObject({ seq: 3, attempt: 1, retryOf: 2, startedAt: at(60_000).toISOString() });
    expect(h.effects).toEqual([expect.objectContaining({ type: 'runAction', stepSeq: 3, attempt: 1, idempotencyKey: 'cf:run-1:enrol:1' })]);

    // A late answer to the old step is ignored when it carries its stepSeq.
    const before = h.state;
    const late = h.send({ type: 'actionSucceeded', nodeId: 'enrol', attempt: 1, output: {}, stepSeq: 2 });
    expect(late.ignored).toBe('staleStep');
    expect(h.state).toBe(before);

    h.send({ type: 'actionSucceeded', nodeId: 'enrol', attempt: 1, output: { enrolmentId: 'e' }, stepSeq: 3 });
    expect(h.state.current).toBe('wait');
  });

  it('is a no-op on a run that is not failed', () => {
    const h = run(referenceWorkflow());
    const before = h.state;
    expect(h.send({ type: 'retry' }).ignored).toBe('notFailed');
    expect(h.state).toBe(before);
    expect(h.effects).toEqual([]);
  });
});

describe('cancel', () => {
  it('cancels a waiting run and closes its waits', () => {
    const h = run(referenceWorkflow());
    h.send({ type: 'cancel', by: 'hr-1', reason: 'employee left' }, at(5000));
    expect(h.state.status).toBe('cancelled');
    expect(h.state.current).toBeNull();
    expect(h.state.cancellation).toEqual({ at: at(5000).toISOString(), by: 'hr-1', reason: 'employee left' });
    expect(h.state.steps[2]).toMatchObject({ status: 'cancelled', finishedAt: at(5000).toISOString() });
    expect(h.effects).toEqual([
      { type: 'cancelWaits', nodeId: 'coach' },
      { type: 'runFinished', status: 'cancelled', outcome: null },
    ]);
  });

  it('cancels an action whose call is out and one waiting for a retry timer', () => {
    const h = run(actionWorkflow());
    h.send({ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'X', message: 'x', retryable: true } });
    h.send({ type: 'cancel' });
    expect(h.state.steps[2]?.status).toBe('cancelled');
    expect(h.effects[0]).toEqual({ type: 'cancelWaits', nodeId: 'enrol' });
  });

  it('cancels a failed run without waits to close, and ignores a second cancel', () => {
    const h = run(actionWorkflow());
    h.send({ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'X', message: 'x', retryable: false } });
    h.send({ type: 'cancel' });
    expect(h.state.status).toBe('cancelled');
    expect(h.state.steps[2]?.status).toBe('failed');
    expect(h.effects).toEqual([{ type: 'runFinished', status: 'cancelled', outcome: null }]);
    expect(h.send({ type: 'cancel' }).ignored).toBe('runFinished');
    expect(h.send({ type: 'retry' }).ignored).toBe('notFailed');
  });
});

describe('stale and duplicate events are no-ops', () => {
  const completed: ExecutionEvent = { type: 'taskCompleted', nodeId: 'coach', taskId: 'task-1', completedBy: 'm', data: {} };

  function expectNoop(result: TransitionResult, before: unknown, reason: string): void {
    expect(result.ignored).toBe(reason);
    expect(result.state).toBe(before);
    expect(result.effects).toEqual([]);
  }

  it('ignores a second taskCompleted and any event on a finished run', () => {
    const h = run(referenceWorkflow());
    h.send(completed);
    const finished = h.state;
    expectNoop(h.send(completed), finished, 'runFinished');
    expectNoop(h.send({ type: 'timerFired', nodeId: 'coach', purpose: 'delay' }), finished, 'runFinished');
    expectNoop(h.send({ type: 'cancel' }), finished, 'runFinished');
  });

  it('ignores events for a node that is no longer current', () => {
    const h = run(actionWorkflow());
    const success: ExecutionEvent = { type: 'actionSucceeded', nodeId: 'enrol', attempt: 1, output: { enrolmentId: 'e' } };
    h.send(success);
    const atDelay = h.state;
    expectNoop(h.send(success), atDelay, 'notCurrent');
    h.send({ type: 'timerFired', nodeId: 'wait', purpose: 'delay' });
    const atTask = h.state;
    expectNoop(h.send({ type: 'timerFired', nodeId: 'wait', purpose: 'delay' }), atTask, 'notCurrent');
    expectNoop(h.send({ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'X', message: '', retryable: true } }), atTask, 'notCurrent');
  });

  it('ignores answers to an earlier attempt and a duplicate retry timer', () => {
    const h = run(actionWorkflow());
    h.send({ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'X', message: '', retryable: true } });
    h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' });
    const attempt2 = h.state;
    expectNoop(h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'retry' }), attempt2, 'unexpectedForStatus');
    expectNoop(h.send({ type: 'actionSucceeded', nodeId: 'enrol', attempt: 1, output: {} }), attempt2, 'staleAttempt');
    expectNoop(h.send({ type: 'actionFailed', nodeId: 'enrol', attempt: 1, error: { code: 'X', message: '', retryable: true } }), attempt2, 'staleAttempt');
  });

  it('ignores a second start', () => {
    const h = run(referenceWorkflow());
    expectNoop(h.send({ type: 'start' }), h.state, 'alreadyStarted');
  });

  it('throws for programming errors: unknown node, event kind the node cannot take', () => {
    const h = run(actionWorkflow());
    expect(() => h.send({ ...completed, nodeId: 'nope' })).toThrow(/not in the run's workflow/);
    expect(() => h.send({ ...completed, nodeId: 'enrol' })).toThrow(/cannot take a taskCompleted/);
    expect(() => h.send({ type: 'timerFired', nodeId: 'enrol', purpose: 'delay' })).toThrow(/cannot take/);
  });

  it('throws for a definition without a trigger', () => {
    const def = wf().node('e', 'end', {}).build();
    expect(() => startRun(def, runContext(), tctx())).toThrow(/no trigger/);
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

  it('can be retried by hand once fixed data makes the node pass (same definition → fails again)', () => {
    const def = wf().trigger('t').node('c', 'condition', { rule: { nope: [] } }).chain('t', 'c').build();
    const h = run(def);
    h.send({ type: 'retry' });
    expect(h.state.status).toBe('failed');
    expect(h.path()).toEqual(['t:succeeded', 'c:failed', 'c:failed']);
    expect(h.state.manualRetries).toBe(1);
    expect(h.state.steps[2]?.retryOf).toBe(1);
  });
});
