/**
 * Live preview of one rule: evaluates it with `explainRule` against the sample data of the
 * workflow's trigger and exposes the result and every sub-expression's value by path.
 */
import { explainRule, isRuleError, type ExplainNode } from '@coachflow/rules';
import { computed, type ComputedRef } from 'vue';
import { useRulePreviewStore } from '@/stores/rule-preview.store';
import { explainByPath } from './rule-builder-context';

export interface RulePreview {
  sampleText: ComputedRef<string>;
  setSampleText: (text: string) => void;
  resetSample: () => void;
  /** Parse error of the sample text, or null. */
  sampleError: ComputedRef<string | null>;
  /** The explanation, or null (no rule, bad sample, or the rule does not compile). */
  explanation: ComputedRef<ExplainNode | null>;
  explained: ComputedRef<ReadonlyMap<string, ExplainNode>>;
  /** The rule's value on the sample (undefined when not evaluated). */
  result: ComputedRef<unknown>;
  /** Why the rule could not be evaluated (compile or runtime problem). */
  ruleError: ComputedRef<string | null>;
}

export function useRulePreview(rule: () => unknown, triggerType: () => string | undefined): RulePreview {
  const store = useRulePreviewStore();
  const sampleText = computed(() => store.sampleText(triggerType()));
  const parsed = computed<{ data: unknown; error: string | null }>(() => {
    try {
      return { data: JSON.parse(sampleText.value) as unknown, error: null };
    } catch (e) {
      return { data: null, error: e instanceof Error ? e.message : String(e) };
    }
  });
  const evaluation = computed<{ node: ExplainNode | null; error: string | null }>(() => {
    const r = rule();
    if (r === undefined || parsed.value.error) return { node: null, error: null };
    try {
      const node = explainRule(r, parsed.value.data);
      const err = node.kind !== 'literal' ? node.error : undefined;
      return { node, error: err ? `${err.code}: ${err.message}` : null };
    } catch (e) {
      return { node: null, error: isRuleError(e) ? `${e.code}: ${e.message}` : String(e) };
    }
  });
  return {
    sampleText,
    setSampleText: (text) => store.setSampleText(triggerType(), text),
    resetSample: () => store.resetSample(triggerType()),
    sampleError: computed(() => parsed.value.error),
    explanation: computed(() => evaluation.value.node),
    explained: computed(() => explainByPath(evaluation.value.node)),
    result: computed(() => evaluation.value.node?.value),
    ruleError: computed(() => evaluation.value.error),
  };
}
