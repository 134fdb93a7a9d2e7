import { describe, expect, it } from 'vitest';
import { actionWorkflow, at, referenceWorkflow, runContext, tctx } from './test-support/fixtures.js';
import { run } from './test-support/harness.js';
import { wf } from './test-support/wf.js';
import { startRun } from './transition.js';
import type { ExecutionEvent, TransitionResult } from './types.js';

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
