import { describe, expect, it } from 'vitest';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

const def = wf()
  .trigger('t')
  .node('ap', 'approval', {
    title: 'Rotation for {{employee.name}}',
    approvers: [{ type: 'skipLevel' }, { type: 'hrbp' }],
    mode: 'sequential',
    sla: 'PT48H',
    escalateTo: { type: 'role', role: 'hr_admin' },
  })
  .node('ok', 'end', { outcome: 'rotation-requested' })
  .node('ko', 'end', { outcome: 'rotation-rejected' })
  .edge('t', 'ap')
  .edge('ap', 'ok', 'approved')
  .edge('ap', 'ko', 'rejected')
  .build();

describe('approval handler', () => {
  it('opens the approval with SLA and escalation', () => {
    const h = run(def);
    expect(h.state.steps[1]?.status).toBe('waiting');
    expect(h.effect('createApproval')).toMatchObject({
      nodeId: 'ap',
      stepSeq: 1,
      title: 'Rotation for Li Lei',
      description: '',
      approvers: [{ type: 'skipLevel' }, { type: 'hrbp' }],
      mode: 'sequential',
      quorum: null,
      slaMs: 48 * 3_600_000,
      escalateTo: { type: 'role', role: 'hr_admin' },
    });
  });

  it('follows the decided outcome', () => {
    const decisions = [{ by: 'e-boss', decision: 'rejected' as const, at: '2025-03-04T00:00:00.000Z', comment: 'not now' }];
    const h = run(def);
    h.send({ type: 'approvalDecided', nodeId: 'ap', approvalId: 'ap-1', outcome: 'rejected', decisions });
    expect(h.state.outcome).toBe('rotation-rejected');
    expect(h.state.outputs['ap']).toEqual({ outcome: 'rejected', decisions });
    expect(h.state.steps[1]?.handle).toBe('rejected');
    const again = h.send({ type: 'approvalDecided', nodeId: 'ap', approvalId: 'ap-1', outcome: 'approved', decisions: [] });
    expect(again.ignored).toBe('runFinished');
  });

  it('fails the run on a malformed SLA', () => {
    const bad = wf().trigger('t').node('ap', 'approval', { title: 'x', approvers: [], mode: 'any', sla: '2 days' }).chain('t', 'ap').build();
    expect(run(bad).state.error).toMatchObject({ nodeId: 'ap', code: 'NODE_ERROR' });
  });
});
