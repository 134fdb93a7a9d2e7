import { describe, expect, it } from 'vitest';
import { runContext } from '../test-support/fixtures.js';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

const def = wf()
  .trigger('t')
  .node('sw', 'switch', {
    cases: [
      { id: 'severe', rule: { '>=': [{ var: 'trigger.streak' }, 6] } },
      { id: 'coach', rule: { '>=': [{ var: 'trigger.streak' }, 3] } },
      { id: 'also', rule: { '>=': [{ var: 'trigger.streak' }, 1] } },
    ],
  })
  .node('pip', 'end', { outcome: 'pip' })
  .node('coaching', 'end', { outcome: 'coaching' })
  .node('watch', 'end', { outcome: 'watch' })
  .edge('t', 'sw')
  .edge('sw', 'pip', 'severe')
  .edge('sw', 'coaching', 'coach')
  .edge('sw', 'watch', 'default')
  .build();

describe('switch handler', () => {
  it('takes the first truthy case and records the cases it evaluated', () => {
    const h = run(def, runContext({ streak: 3 }));
    expect(h.state.outcome).toBe('coaching');
    expect(h.state.outputs['sw']).toEqual({ case: 'coach' });
    expect(h.state.steps[1]?.handle).toBe('coach');
    expect(h.state.steps[1]?.evaluations?.map((e) => e.result)).toEqual([false, true]);
  });

  it('takes default when no case matches', () => {
    const h = run(def, runContext({ streak: 0 }));
    expect(h.state.outcome).toBe('watch');
    expect(h.state.outputs['sw']).toEqual({ case: 'default' });
    expect(h.state.steps[1]?.evaluations).toHaveLength(3);
  });

  it('ends the run when the winning case has no edge', () => {
    const h = run(def, runContext({ streak: 1 }));
    expect(h.state.status).toBe('succeeded');
    expect(h.state.outcome).toBeUndefined();
    expect(h.state.steps[1]?.handle).toBe('also');
  });
});
