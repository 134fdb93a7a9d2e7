import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import RuleEditor from '@/panels/RuleEditor.vue';

function mountEditor(props: { modelValue: unknown; draft?: string }) {
  return mount(RuleEditor, { props, global: { plugins: [i18n], stubs: { ElInput: false } } });
}

describe('RuleEditor', () => {
  it('emits the parsed rule for valid JSON', async () => {
    const wrapper = mountEditor({ modelValue: { '==': [1, 1] } });
    const textarea = wrapper.find('textarea');
    expect(textarea.element.value).toContain('"=="');
    await textarea.setValue('{">=": [{"var": "trigger.streak"}, 3]}');
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([{ '>=': [{ var: 'trigger.streak' }, 3] }]);
    expect(wrapper.emitted('update:draft')?.at(-1)).toEqual([null]);
  });

  it('keeps unparsable text, shows the error and reports it as a draft', async () => {
    const wrapper = mountEditor({ modelValue: true });
    await wrapper.find('textarea').setValue('{"and": [');
    expect(wrapper.find('[data-test="rule-error"]').exists()).toBe(true);
    const draft = wrapper.emitted('update:draft')?.at(-1)?.[0] as { text: string; error: string };
    expect(draft.text).toBe('{"and": [');
    expect(draft.error).not.toBe('');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    expect(wrapper.find('textarea').element.value).toBe('{"and": [');
  });

  it('restores a kept draft instead of the stored value', () => {
    const wrapper = mountEditor({ modelValue: true, draft: '{"or": ' });
    expect(wrapper.find('textarea').element.value).toBe('{"or": ');
    expect(wrapper.find('[data-test="rule-error"]').exists()).toBe(true);
  });
});
