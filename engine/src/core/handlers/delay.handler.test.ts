import { describe, expect, it } from 'vitest';
import { at, runContext, T0 } from '../test-support/fixtures.js';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

function delayRun(config: { duration?: string; until?: unknown }, trigger: Record<string, unknown> = {}) {
  const def = wf().trigger('t').node('d', 'delay', config).node('e', 'end', { outcome: 'done' }).chain('t', 'd', 'e').build();
  return run(def, runContext({ trigger }));
}

describe('delay handler', () => {
  it('waits for a duration', () => {
    const h = delayRun({ duration: 'PT2S' });
    expect(h.state.status).toBe('waiting');
    expect(h.path()).toEqual(['t:succeeded', 'd:waiting']);
    expect(h.effects).toEqual([{ type: 'scheduleTimer', nodeId: 'd', stepSeq: 1, at: at(2000).toISOString(), purpose: 'delay' }]);
    h.send({ type: 'timerFired', nodeId: 'd', purpose: 'delay', stepSeq: 1 }, at(2050));
    expect(h.state.outputs['d']).toEqual({ firedAt: at(2050).toISOString() });
    expect(h.state.outcome).toBe('done');
  });

  it('waits until the ISO date a rule returns', () => {
    const h = delayRun({ until: { var: 'trigger.reviewAt' } }, { reviewAt: '2025-04-01T00:00:00+08:00' });
    expect(h.effect('scheduleTimer').at).toBe('2025-03-31T16:00:00.000Z');
    expect(h.state.steps[1]?.input).toEqual({ until: '2025-03-31T16:00:00.000Z' });
  });

  it('accepts epoch milliseconds, and schedules a past date as is', () => {
    const past = T0.getTime() - 60_000;
    const h = delayRun({ until: { var: 'trigger.at' } }, { at: past });
    expect(h.effect('scheduleTimer').at).toBe(new Date(past).toISOString());
    expect(h.state.status).toBe('waiting');
  });

  it('fails the run on a bad duration or date', () => {
    for (const config of [{ duration: 'P1M' }, { until: { var: 'trigger.nothing' } }, { until: 'next tuesday' }, {}]) {
      const h = delayRun(config);
      expect(h.state.status).toBe('failed');
      expect(h.state.error).toMatchObject({ nodeId: 'd', code: 'NODE_ERROR', retryable: false });
      expect(h.state.steps[1]?.status).toBe('failed');
      expect(h.effects).toEqual([{ type: 'runFinished', status: 'failed', outcome: null }]);
    }
  });
});
