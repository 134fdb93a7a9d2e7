/**
 * Internal types of the closure tree a rule compiles to.
 */
import type { RuleLimits } from '../limits/rule-limits.js';

/** Mutable state of one evaluation (the step counter). */
export interface EvalContext {
  /** Steps used so far. */
  steps: number;
  /** Step budget of this evaluation. */
  readonly maxSteps: number;
}

/** A compiled node: evaluates against the current data (the element, inside map/filter/...). */
export type Evaluator = (data: unknown, ctx: EvalContext) => unknown;

/** A compiled argument as an operator compiler sees it. */
export interface CompiledArg {
  /** Evaluates the argument. */
  readonly evaluate: Evaluator;
  /** True when the argument is a literal (a primitive or an array of primitives). */
  readonly constant: boolean;
  /** The literal value when `constant` (a frozen array for array literals); otherwise undefined. */
  readonly value: unknown;
}

/** Where an operator sits, for error paths and limits. */
export interface OperatorSite {
  /** Operator name. */
  readonly op: string;
  /** Path of the operator node in the rule. */
  readonly path: string;
  /** Limits the rule was compiled with. */
  readonly limits: RuleLimits;
}

/** Builds the evaluator of one operator from its compiled arguments. */
export type OperatorCompiler = (args: readonly CompiledArg[], site: OperatorSite) => Evaluator;
