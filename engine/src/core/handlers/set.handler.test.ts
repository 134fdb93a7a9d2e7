import { describe, expect, it } from 'vitest';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

describe('set handler', () => {
  it('assigns in order, and later nodes see the variables', () => {
    const def = wf()
      .trigger('t')
      .node('s', 'set', {
        assignments: [
          { name: 'weeks', rule: { var: 'trigger.streak' } },
          { name: 'double', rule: { '*': [{ var: 'vars.weeks' }, 2] } },
        ],
      })
      .node('s2', 'set', { assignments: [{ name: 'label', rule: { cat: ['w', { var: 'vars.double' }] } }] })
      .node('c', 'condition', { rule: { '==': [{ var: 'vars.double' }, 6] } })
      .node('n', 'notify', { channel: 'inapp', to: [{ type: 'hrbp' }], title: '{{vars.label}}', body: '{{steps.s.weeks}}' })
      .chain('t', 's', 's2', 'c')
      .edge('c', 'n', 'true')
      .build();
    const h = run(def);
    expect(h.state.vars).toEqual({ weeks: 3, double: 6, label: 'w6' });
    expect(h.state.outputs['s']).toEqual({ weeks: 3, double: 6 });
    expect(h.state.outputs['s2']).toEqual({ label: 'w6' });
    expect(h.state.steps[3]?.handle).toBe('true');
    expect(h.effect('notify')).toMatchObject({ title: 'w6', body: '3' });
  });

  it('overwrites a variable set earlier', () => {
    const def = wf()
      .trigger('t')
      .node('a', 'set', { assignments: [{ name: 'x', rule: 1 }] })
      .node('b', 'set', { assignments: [{ name: 'x', rule: { '+': [{ var: 'vars.x' }, 1] } }] })
      .chain('t', 'a', 'b')
      .build();
    expect(run(def).state.vars).toEqual({ x: 2 });
  });
});
