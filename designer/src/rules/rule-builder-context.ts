/**
 * What every part of one rule builder shares (provided by RuleBuilder.vue, injected by the
 * recursive editors): the variables in scope and the live preview's explanation by rule path.
 */
import type { ExplainNode } from '@coachflow/rules';
import { inject, provide, type ComputedRef, type InjectionKey } from 'vue';
import type { BuilderVariable } from './builder-types';

export interface RuleBuilderContext {
  /** Variables readable at the node, with builder types. */
  variables: ComputedRef<readonly BuilderVariable[]>;
  /** Each evaluated sub-expression of the preview, by path (`and[0].>=[0]`); empty without preview. */
  explained: ComputedRef<ReadonlyMap<string, ExplainNode>>;
}

const KEY: InjectionKey<RuleBuilderContext> = Symbol('rule-builder');

export function provideRuleBuilder(ctx: RuleBuilderContext): void {
  provide(KEY, ctx);
}

export function useRuleBuilder(): RuleBuilderContext {
  const ctx = inject(KEY, null);
  if (!ctx) throw new Error('useRuleBuilder() outside a RuleBuilder');
  return ctx;
}

/** Flattens an explanation tree to a map by path. */
export function explainByPath(root: ExplainNode | null): Map<string, ExplainNode> {
  const out = new Map<string, ExplainNode>();
  const visit = (n: ExplainNode): void => {
    out.set(n.path, n);
    if (n.kind !== 'literal') n.args.forEach(visit);
  };
  if (root) visit(root);
  return out;
}

/** The preview value of the node at `path`: `{ evaluated, value }`, or null when not explained. */
export function previewAt(map: ReadonlyMap<string, ExplainNode>, path: string): { evaluated: boolean; value: unknown } | null {
  const n = map.get(path);
  if (!n) return null;
  if (n.kind === 'literal') return { evaluated: true, value: n.value };
  return { evaluated: n.evaluated, value: n.value };
}

/** Short display of a preview value. */
export function formatPreview(value: unknown): string {
  if (value === undefined) return '—';
  const s = JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
