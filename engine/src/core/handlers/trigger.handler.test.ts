import { describe, expect, it } from 'vitest';
import { runContext } from '../test-support/fixtures.js';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';
import { FILTERED_OUTCOME } from './trigger.handler.js';

const def = wf().trigger('t', 'kpi.deviation', { '==': [{ var: 'trigger.streak' }, 3] }).node('e', 'end', { outcome: 'ran' }).chain('t', 'e').build();

describe('trigger handler', () => {
  it('outputs the event id and type, and continues when the filter passes', () => {
    const h = run(def);
    expect(h.state.outputs['t']).toEqual({ eventId: 'evt-1', type: 'kpi.deviation' });
    expect(h.state.outcome).toBe('ran');
  });

  it('ends the run as filtered when the filter fails', () => {
    const h = run(def, runContext({ streak: 4 }));
    expect(h.state.status).toBe('succeeded');
    expect(h.state.outcome).toBe(FILTERED_OUTCOME);
    expect(h.path()).toEqual(['t:succeeded']);
    expect(h.state.steps[0]?.evaluations?.[0]).toMatchObject({ result: false, variables: { 'trigger.streak': 4 } });
  });
});
