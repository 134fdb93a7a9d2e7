import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '@/i18n';
import ActionConfigFields from '@/panels/ActionConfigFields.vue';
import NodePalette from '@/panels/NodePalette.vue';
import { useConnectorsStore } from '@/stores/connectors.store';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';

const CATALOGUE = {
  items: {
    'lms-moodle': {
      displayName: { 'zh-CN': 'Moodle 学习平台', en: 'Moodle LMS' },
      version: 1,
      actions: {
        enrol: {
          displayName: { 'zh-CN': '报名课程', en: 'Enrol in a course' },
          input: { type: 'object', required: ['employeeId', 'courseId'], properties: { employeeId: { type: 'string' }, courseId: { type: 'string' }, days: { type: 'integer' }, notify: { type: 'boolean' }, meta: { type: 'object' } } },
          output: { type: 'object' },
        },
      },
    },
    'talent-mobility': {
      displayName: { 'zh-CN': '人才市场', en: 'Talent marketplace' },
      version: 1,
      actions: { openRotation: { displayName: { 'zh-CN': '发起轮岗申请', en: 'Open a rotation request' }, input: { type: 'object', properties: {} }, highImpact: true } },
    },
  },
  problems: [],
};

let calls: string[] = [];
beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(String(url));
    return new Response(JSON.stringify(CATALOGUE), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  setActivePinia(createPinia());
  i18n.global.locale.value = 'en';
});
afterEach(() => vi.unstubAllGlobals());

describe('connector palette and action forms', () => {
  it('lists installed connector actions in the connectors group; clicking adds an action node with connector/action set', async () => {
    const w = mount(NodePalette, { global: { plugins: [i18n] } });
    await flushPromises();
    expect(calls).toEqual(['/api/v1/catalogue/connectors']);
    const entry = w.find('[data-entry="action:lms-moodle.enrol"]');
    expect(entry.exists()).toBe(true);
    expect(entry.text()).toContain('Enrol in a course');
    expect(entry.text()).toContain('Moodle LMS');
    expect(w.find('[data-entry="action:talent-mobility.openRotation"]').text()).toContain('high impact');
    await entry.trigger('click');
    expect(w.emitted('add:node')?.at(-1)).toEqual(['action', { connector: 'lms-moodle', action: 'enrol', input: {} }]);

    const doc = useWorkflowDocumentStore();
    const id = doc.addNode('action', { x: 0, y: 0 }, { connector: 'lms-moodle', action: 'enrol', input: {} });
    expect(doc.nodesById.get(id!)?.config).toEqual({ connector: 'lms-moodle', action: 'enrol', input: {} });
    // with the catalogue, the validator reports the unmapped required inputs of the action
    doc.setConnectorCatalogue(useConnectorsStore().items);
    expect(doc.issues.some((i) => i.nodeId === id && /courseId|employeeId/.test(i.message))).toBe(true);
  });

  it('renders one field per input of the action schema, each a value or a rule', async () => {
    await useConnectorsStore().load();
    const w = mount(ActionConfigFields, {
      props: { config: { connector: 'lms-moodle', action: 'enrol', input: { employeeId: { var: 'trigger.employeeId' }, courseId: 'C-101' } }, nodeId: 'action_1' },
      global: { plugins: [i18n] },
    });
    const fields = w.findAll('[data-field^="input."]').map((f) => f.attributes('data-field'));
    expect(fields).toEqual(['input.employeeId', 'input.courseId', 'input.days', 'input.notify', 'input.meta']);
    // a rule value opens in rule mode (the builder), a literal in value mode
    expect(w.find('[data-field="input.employeeId"] [data-test="rule-field"]').exists()).toBe(true);
    const course = w.find('[data-field="input.courseId"] [data-test="input-literal"]');
    expect((course.element as HTMLInputElement).value).toBe('C-101');
    await course.setValue('C-202');
    expect(w.emitted('update:config')?.at(-1)?.[0]).toMatchObject({ input: { employeeId: { var: 'trigger.employeeId' }, courseId: 'C-202' } });
    // an object input has no literal form: rule only, no toggle
    expect(w.find('[data-field="input.meta"] [data-test="input-mode"]').exists()).toBe(false);
    expect(w.find('[data-field="input.days"] .el-input-number').exists()).toBe(true);
    // switching courseId to "rule" keeps the literal (a literal is a valid rule)
    await w.find('[data-field="input.courseId"] [data-test="input-mode"] input[value="rule"]').setValue(true);
    expect(w.find('[data-field="input.courseId"] [data-test="rule-field"]').exists()).toBe(true);
  });
});
