/** The approval node's config panel (generated from the catalogue schema) offers the rejection tolerance, labelled in both locales. */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import NodeConfigPanel from '@/panels/NodeConfigPanel.vue';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';

describe('approval config panel', () => {
  it('shows maxRejections with its label and hint, and writes the number into the node config', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const doc = useWorkflowDocumentStore();
    const id = doc.addNode('approval', { x: 0, y: 0 }, { title: '轮岗审批', approvers: [{ type: 'hrbp' }, { type: 'directManager' }], mode: 'all' }) as string;
    i18n.global.locale.value = 'zh-CN';
    const w = mount(NodeConfigPanel, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
    await flushPromises();
    const field = w.find('[data-field="maxRejections"]');
    expect(field.exists()).toBe(true);
    expect(field.text()).toContain('可容忍驳回数');
    expect(field.text()).toContain('首个驳回即结束审批');
    i18n.global.locale.value = 'en';
    await flushPromises();
    expect(w.find('[data-field="maxRejections"]').text()).toContain('Rejections tolerated');
    const input = w.find('[data-field="maxRejections"] input');
    await input.setValue('1');
    await input.trigger('change');
    await flushPromises();
    expect((doc.definition.nodes.find((n) => n.id === id)?.config as Record<string, unknown>).maxRejections).toBe(1);
    w.unmount();
    i18n.global.locale.value = 'zh-CN';
  });
});
