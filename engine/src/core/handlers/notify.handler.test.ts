import { describe, expect, it } from 'vitest';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

describe('notify handler', () => {
  it('renders title and body, emits notify and continues', () => {
    const def = wf()
      .trigger('t')
      .node('n', 'notify', {
        channel: 'im',
        to: [{ type: 'directManager' }, { type: 'role', role: 'executive' }],
        title: '{{employee.name}} needs coaching',
        body: '{{trigger.kpi.id}} off range for {{trigger.streak}} weeks ({{org.name}})',
      })
      .node('e', 'end', { outcome: 'notified' })
      .chain('t', 'n', 'e')
      .build();
    const h = run(def);
    expect(h.effects).toEqual([
      {
        type: 'notify',
        nodeId: 'n',
        stepSeq: 1,
        channel: 'im',
        to: [{ type: 'directManager' }, { type: 'role', role: 'executive' }],
        title: 'Li Lei needs coaching',
        body: 'sales_amount off range for 3 weeks (East sales)',
      },
      { type: 'runFinished', status: 'succeeded', outcome: 'notified' },
    ]);
    expect(h.state.outputs['n']).toEqual({ channel: 'im', recipients: 2 });
    expect(h.state.steps[1]?.input).toEqual({ title: 'Li Lei needs coaching', body: 'sales_amount off range for 3 weeks (East sales)' });
  });
});
