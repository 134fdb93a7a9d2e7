/**
 * The tree `explainRule` returns: every sub-expression of a rule with the value it produced.
 */
import type { RuleProblem } from '../errors/rule.error.js';

/** A literal of the rule (a primitive, or an array of primitives). */
export interface ExplainLiteral {
  /** Node kind. */
  readonly kind: 'literal';
  /** Path in the rule. */
  readonly path: string;
  /** The literal. */
  readonly value: unknown;
}

/** An operator node or an array of rules, with what it evaluated to. */
export interface ExplainEvaluated {
  /** `operator` for `{"op": args}`, `array` for an array containing rules. */
  readonly kind: 'operator' | 'array';
  /** Operator name (`[]` for an array). */
  readonly op: string;
  /** Path in the rule. */
  readonly path: string;
  /** Arguments (or elements), explained. */
  readonly args: readonly ExplainNode[];
  /** False when evaluation never reached this node (short-circuit, empty array). */
  evaluated: boolean;
  /** How many times the node was evaluated (more than once inside map/filter/reduce/...). */
  evaluations: number;
  /** Value of the first evaluation (undefined when not evaluated). */
  value: unknown;
  /** Values of the first evaluations (at most 100) when evaluated more than once. */
  values?: unknown[];
  /** Set on the root when evaluation failed (budget, size limit, type error). */
  error?: RuleProblem;
}

/** A node of the explanation tree. */
export type ExplainNode = ExplainLiteral | ExplainEvaluated;
