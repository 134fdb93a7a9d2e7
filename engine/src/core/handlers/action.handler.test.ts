import { describe, expect, it } from 'vitest';
import { runContext } from '../test-support/fixtures.js';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';
import { backoffDelayMs, idempotencyKey } from './action.handler.js';

describe('action handler', () => {
  it('evaluates each input field as a rule and honours timeoutMs', () => {
    const def = wf()
      .trigger('t')
      .node('a', 'action', {
        connector: 'talent-market',
        action: 'openRotationRequest',
        input: { who: { var: 'employee.id' }, weeks: { '+': [{ var: 'trigger.streak' }, 1] }, note: 'literal', nested: { cat: ['k:', { var: 'trigger.kpi.id' }] } },
        timeoutMs: 5000,
      })
      .chain('t', 'a')
      .build();
    const h = run(def, runContext(), { runId: 'r-42', now: new Date('2025-01-01T00:00:00Z'), maxSteps: 10 });
    expect(h.effect('runAction')).toEqual({
      type: 'runAction',
      nodeId: 'a',
      stepSeq: 1,
      connector: 'talent-market',
      action: 'openRotationRequest',
      input: { who: 'e-lilei', weeks: 4, note: 'literal', nested: 'k:sales_amount' },
      attempt: 1,
      idempotencyKey: 'cf:r-42:a:0',
      timeoutMs: 5000,
    });
    expect(h.state.steps[1]?.status).toBe('running');
    expect(h.state.status).toBe('waiting');
  });

  it('computes backoff and keys', () => {
    expect([1, 2, 3].map((n) => backoffDelayMs(undefined, n))).toEqual([1000, 2000, 4000]);
    expect(backoffDelayMs({ maxAttempts: 5, backoffMs: 200 }, 3)).toBe(800);
    expect(backoffDelayMs({ maxAttempts: 5, backoffMs: 200, backoffFactor: 1 }, 4)).toBe(200);
    expect(idempotencyKey('r', 'n', 2)).toBe('cf:r:n:2');
  });
});
