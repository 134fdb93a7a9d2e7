import { describe, expect, it } from 'vitest';
import { actionWorkflow, at, referenceWorkflow } from './test-support/fixtures.js';
import { run } from './test-support/harness.js';
import { wf } from './test-support/wf.js';

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

  it('fails again when the node still fails, as a new step', () => {
    const def = wf().trigger('t').node('c', 'condition', { rule: { nope: [] } }).chain('t', 'c').build();
    const h = run(def);
    h.send({ type: 'retry' });
    expect(h.state.status).toBe('failed');
    expect(h.path()).toEqual(['t:succeeded', 'c:failed', 'c:failed']);
    expect(h.state.manualRetries).toBe(1);
    expect(h.state.steps[2]?.retryOf).toBe(1);
  });
});
