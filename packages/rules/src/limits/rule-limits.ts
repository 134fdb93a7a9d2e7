/**
 * Limits that bound the size of a rule and the work of one evaluation. Synchronous JavaScript
 * cannot be interrupted by a timer, so evaluation time is bounded deterministically by counting
 * steps and capping the arrays and strings operators iterate or build.
 */

/** Size and work limits for compiling and evaluating a rule. */
export interface RuleLimits {
  /** Maximum nesting depth of operators and arrays (the rule itself is depth 1). */
  readonly maxDepth: number;
  /** Maximum number of nodes (operators, arrays and literals, array elements included). */
  readonly maxNodes: number;
  /** Maximum length of a literal array and of an array an operator iterates or builds. */
  readonly maxArrayLength: number;
  /** Maximum length of a literal string and of a string an operator builds. */
  readonly maxStringLength: number;
  /** Evaluation-step budget: one per operator evaluation, plus one per element iterated or merged. */
  readonly maxSteps: number;
}

/** Default limits. */
export const DEFAULT_RULE_LIMITS: RuleLimits = Object.freeze({
  maxDepth: 32,
  maxNodes: 2000,
  maxArrayLength: 10_000,
  maxStringLength: 100_000,
  maxSteps: 100_000,
});

/** Fills the unset fields of `limits` from {@link DEFAULT_RULE_LIMITS}. */
export function resolveLimits(limits?: Partial<RuleLimits>): RuleLimits {
  if (limits === undefined || limits === DEFAULT_RULE_LIMITS) return DEFAULT_RULE_LIMITS;
  return Object.freeze({ ...DEFAULT_RULE_LIMITS, ...limits });
}
