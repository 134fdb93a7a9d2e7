import { availableVariables, type WorkflowDefinition } from '@coachflow/model';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import RuleField from '@/panels/RuleField.vue';
import { builderVariables } from '@/rules/builder-types';

const DEF = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: {} },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'check' }],
} as WorkflowDefinition;
const VARS = builderVariables(availableVariables(DEF, 'check'), 'kpi.deviation');
const SCENARIO = { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] };

function mountField(props: { modelValue: unknown } & Record<string, unknown>) {
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(RuleField, { props: { variables: VARS, triggerType: 'kpi.deviation', ...props }, global: { plugins: [i18n, pinia] } });
}

function lastValue(w: ReturnType<typeof mountField>): unknown {
  return w.emitted('update:modelValue')?.at(-1)?.[0];
}

describe('RuleField (visual builder + JSON view)', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('opens a supported rule in the builder, with typed inputs and the live preview per sub-expression', () => {
    const w = mountField({ modelValue: SCENARIO });
    expect(w.find('[data-test="rule-builder"]').exists()).toBe(true);
    expect(w.findAll('[data-test="rule-condition"]')).toHaveLength(2);
    // number subject → number input; text subject → text input
    expect(w.findAll('.cf-value--number')).toHaveLength(1);
    // the sample (trigger example + sample employee in sales) passes: root and both conditions are true
    expect(w.find('[data-test="rule-preview-result"]').text()).toBe('true');
    expect(w.findAll('[data-test="rule-result"]').map((x) => x.text())).toEqual(['true', 'true', 'true']);
    // the subject's value in the sample
    expect(w.findAll('[data-test="operand-preview"]').map((x) => x.text())).toEqual(['= 3', '= "sales"']);
  });

  it('edits: add a condition, switch AND → OR, remove a condition — each emits the JSON-logic', async () => {
    const w = mountField({ modelValue: { '>=': [{ var: 'trigger.streak' }, 3] } });
    await w.find('[data-test="rule-add-condition"]').trigger('click');
    expect(lastValue(w)).toEqual({ and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: '' }, ''] }] });
    await w.setProps({ modelValue: SCENARIO });
    await w.findAll('[data-test="rule-group-op"] input[value="or"]')[0]!.setValue(true);
    expect(lastValue(w)).toEqual({ or: SCENARIO.and });
    await w.findAll('[data-test="rule-remove"]')[1]!.trigger('click');
    expect(lastValue(w)).toEqual({ and: [SCENARIO.and[0]] });
  });

  it('typing a value in the builder updates the rule', async () => {
    const w = mountField({ modelValue: SCENARIO });
    const text = w.findAll('[data-test="rule-condition"]')[1]!.find('input.el-input__inner');
    await text.setValue('marketing');
    expect(lastValue(w)).toEqual({ and: [SCENARIO.and[0], { '==': [{ var: 'employee.jobFamily' }, 'marketing'] }] });
  });

  it('stays in sync with the JSON view both ways', async () => {
    const w = mountField({ modelValue: SCENARIO });
    await w.find('[data-test="rule-view-json"] input').setValue(true);
    const textarea = w.find('textarea');
    expect(JSON.parse(textarea.element.value)).toEqual(SCENARIO);
    await textarea.setValue('{"<": [0, {"var": "trigger.streak"}, 5]}');
    expect(lastValue(w)).toEqual({ '<': [0, { var: 'trigger.streak' }, 5] });
    await w.setProps({ modelValue: lastValue(w) });
    await w.find('[data-test="rule-view-visual"] input').setValue(true);
    expect(w.findAll('[data-test="rule-condition"]')).toHaveLength(1);
    expect(w.findAll('.cf-value--number')).toHaveLength(2); // both bounds of the between
  });

  it('keeps invalid JSON as a draft and tells the builder to wait', async () => {
    const w = mountField({ modelValue: SCENARIO });
    await w.find('[data-test="rule-view-json"] input').setValue(true);
    await w.find('textarea').setValue('{"and": [');
    const draft = w.emitted('update:draft')?.at(-1)?.[0] as { text: string };
    expect(draft.text).toBe('{"and": [');
    await w.find('[data-test="rule-view-visual"] input').setValue(true);
    expect(w.find('[data-test="rule-json-broken"]').exists()).toBe(true);
    expect(w.find('[data-test="rule-builder"]').exists()).toBe(false);
    await w.find('[data-test="rule-view-json"] input').setValue(true);
    expect(w.find('textarea').element.value).toBe('{"and": [');
  });

  it('opens an unsupported rule in the JSON view with a notice', () => {
    const w = mountField({ modelValue: { some: [{ var: 'trigger.readings' }, { '<': [{ var: 'value' }, 90000] }] } });
    expect(w.find('[data-test="rule-unsupported"]').exists()).toBe(true);
    expect(w.find('textarea').exists()).toBe(true);
    expect(w.find('[data-test="rule-builder"]').exists()).toBe(false);
  });

  it('offers "add condition" for an empty optional rule, and a date picker for date subjects', async () => {
    const w = mountField({ modelValue: undefined });
    await w.find('[data-test="rule-add-condition"]').trigger('click');
    expect(lastValue(w)).toEqual({ '==': [{ var: '' }, ''] });
    await w.setProps({ modelValue: { date_before: [{ var: 'now' }, '2026-06-30'] } });
    expect(w.find('.el-date-editor').exists()).toBe(true);
    expect(w.find('[data-test="rule-preview-result"]').text()).toMatch(/true|false/);
  });
});
