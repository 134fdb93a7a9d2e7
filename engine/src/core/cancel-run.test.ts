import { describe, expect, it } from 'vitest';
import { actionWorkflow, at, referenceWorkflow } from './test-support/fixtures.js';
import { run } from './test-support/harness.js';

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
