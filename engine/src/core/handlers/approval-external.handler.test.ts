import { describe, expect, it } from 'vitest';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

const def = wf()
  .trigger('t')
  .node('ap', 'approval', {
    title: 'Rotation for {{employee.name}}',
    approvers: [{ type: 'skipLevel' }],
    mode: 'any',
    external: {
      connector: 'approval-feishu',
      input: { userId: { var: 'employee.id' }, title: { cat: ['轮岗：', { var: 'employee.name' }] } },
      form: { widget_target: 'Key accounts', widget_reason: { type: 'textarea', value: { cat: ['streak ', { var: 'trigger.streak' }] } } },
    },
  })
  .node('ok', 'end', { outcome: 'approved' })
  .node('ko', 'end', { outcome: 'rejected' })
  .edge('t', 'ap')
  .edge('ap', 'ok', 'approved')
  .edge('ap', 'ko', 'rejected')
  .build();

describe('approval handler, external approval system', () => {
  it('evaluates the createInstance input and form into the createApproval effect, with an idempotency key', () => {
    const h = run(def);
    const effect = h.effect('createApproval');
    expect(effect.external).toEqual({
      connector: 'approval-feishu',
      input: { userId: 'e-lilei', title: '轮岗：Li Lei', form: { widget_target: 'Key accounts', widget_reason: { type: 'textarea', value: expect.stringMatching(/^streak \d+$/) } } },
      idempotencyKey: expect.stringMatching(/^cf:.+:ap:0$/),
    });
    expect(h.state.steps[1]?.status).toBe('waiting');
    expect((h.state.steps[1]?.input as { external: unknown }).external).toMatchObject({ connector: 'approval-feishu' });
  });

  it('puts a DingTalk form into formComponentValues', () => {
    const dt = structuredClone(def);
    const ap = dt.nodes.find((n) => n.id === 'ap');
    if (ap?.kind !== 'approval' || !ap.config.external) throw new Error('fixture');
    ap.config.external = { connector: 'approval-dingtalk', input: { originatorUserId: 'manager75', deptId: -1 }, form: { 目标岗位: 'KA', 原因: { type: 'textarea', value: 'why' } } };
    const effect = run(dt).effect('createApproval');
    expect(effect.external?.input).toEqual({ originatorUserId: 'manager75', deptId: -1, formComponentValues: { 目标岗位: 'KA', 原因: 'why' } });
  });

  it('fails the step when the external instance cannot be started', () => {
    const h = run(def);
    h.send({ type: 'actionFailed', nodeId: 'ap', attempt: 1, error: { code: 'INVALID_PARAM', message: 'bad form', retryable: false } });
    expect(h.state.status).toBe('failed');
    expect(h.state.error).toMatchObject({ code: 'INVALID_PARAM', nodeId: 'ap' });
  });

  it('resumes on the external decision like an inbox decision', () => {
    const h = run(def);
    h.send({ type: 'approvalDecided', nodeId: 'ap', approvalId: '1', outcome: 'approved', decisions: [{ by: 'approval-feishu', decision: 'approved', at: '2026-01-01T00:00:00.000Z' }] });
    expect(h.state.outcome).toBe('approved');
  });

  it('ignores a stray actionFailed on a built-in approval', () => {
    const builtIn = wf().trigger('t').node('ap', 'approval', { title: 'x', approvers: [{ type: 'hrbp' }], mode: 'any' }).node('e', 'end', {}).edge('t', 'ap').edge('ap', 'e', 'approved').edge('ap', 'e', 'rejected').build();
    const h = run(builtIn);
    expect(h.effect('createApproval').external).toBeUndefined();
    const r = h.send({ type: 'actionFailed', nodeId: 'ap', attempt: 1, error: { code: 'X', message: 'x', retryable: false } });
    expect(r.ignored).toBe('unexpectedForStatus');
  });
});
