/**
 * Sample data of the rule builder's live preview, one editable JSON text per trigger type, shared
 * by every rule of the workflow. Text that does not parse is kept (and reported) until fixed.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { sampleRuleData } from '@/rules/sample-data';

export const useRulePreviewStore = defineStore('rule-preview', () => {
  const texts = ref<Record<string, string>>({});

  function keyOf(triggerType: string | undefined): string {
    return triggerType ?? '';
  }
  /** The sample text of a trigger type (the catalogue example until edited). */
  function sampleText(triggerType: string | undefined): string {
    return texts.value[keyOf(triggerType)] ?? JSON.stringify(sampleRuleData(triggerType), null, 2);
  }
  function setSampleText(triggerType: string | undefined, text: string): void {
    texts.value = { ...texts.value, [keyOf(triggerType)]: text };
  }
  /** Back to the catalogue example. */
  function resetSample(triggerType: string | undefined): void {
    const next = { ...texts.value };
    delete next[keyOf(triggerType)];
    texts.value = next;
  }
  return { texts, sampleText, setSampleText, resetSample };
});
