import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Approval } from '@/api/people.types';
import { i18n } from '@/i18n';
import ApprovalPanel from '@/panels/ApprovalPanel.vue';

const APPROVAL: Approval = {
  id: 21, runId: 6, nodeId: 'approve', employeeId: 'E9003', title: '李雷 的轮岗申请', mode: 'sequential', quorum: null,
  approvers: ['E9000', 'E9002'], decisions: [], status: 'pending', createdAt: '2026-02-20T10:00:00Z', slaMs: 172_800_000, waitingFor: ['E9000'],
  evidence: { payload: { readings: [{ period: '2026-W05', value: 1, low: 2, high: 3 }] } },
};

describe('approval panel', () => {
  it('approves with the comment, and asks for a reason before rejecting', async () => {
    i18n.global.locale.value = 'en';
    const w = mount(ApprovalPanel, { props: { approval: APPROVAL, me: 'E9000' }, global: { plugins: [i18n], stubs: { KpiReadingsChart: true } } });
    expect(w.text()).toContain('Waiting');
    expect(w.find('[data-test="reject"]').attributes('disabled')).toBeDefined();
    await w.find('textarea[data-test="approval-comment"], [data-test="approval-comment"] textarea').setValue('good fit');
    expect(w.find('[data-test="reject"]').attributes('disabled')).toBeUndefined();
    await w.find('[data-test="approve"]').trigger('click');
    expect(w.emitted('decide')?.[0]).toEqual(['approved', 'good fit']);
  });

  it('does not offer the decision to someone whose turn it is not', () => {
    const w = mount(ApprovalPanel, { props: { approval: APPROVAL, me: 'E9002' }, global: { plugins: [i18n], stubs: { KpiReadingsChart: true } } });
    expect(w.find('[data-test="approve"]').attributes('disabled')).toBeDefined();
    expect(w.text()).toContain('Not your turn');
  });
});
