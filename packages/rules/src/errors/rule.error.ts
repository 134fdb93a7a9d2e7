/**
 * The one error type of @coachflow/rules: a stable `code`, the `path` inside the rule where the
 * problem is, and a `Symbol.for` marker so `isRuleError` works across copies of the package.
 */

/** Stable error codes (the `code` of a {@link RuleError} and of a {@link RuleProblem}). */
export const RuleErrorCode = {
  /** The operator is not in the closed operator table. */
  UnknownOperator: 'RULE_UNKNOWN_OPERATOR',
  /** The rule nests deeper than `maxDepth`. */
  TooDeep: 'RULE_TOO_DEEP',
  /** The rule has more than `maxNodes` nodes. */
  TooLarge: 'RULE_TOO_LARGE',
  /** A literal array, or an array an operator iterates or builds, exceeds `maxArrayLength`. */
  ArrayTooLarge: 'RULE_ARRAY_TOO_LARGE',
  /** A literal string, or a string an operator builds, exceeds `maxStringLength`. */
  StringTooLong: 'RULE_STRING_TOO_LONG',
  /** Evaluation used more than `maxSteps` steps. */
  BudgetExceeded: 'RULE_BUDGET_EXCEEDED',
  /** Malformed rule, e.g. an object with two keys where an operator is expected. */
  Invalid: 'RULE_INVALID',
  /** An operator got fewer or more arguments than its table entry allows. */
  Arity: 'RULE_ARITY',
  /** A value of the wrong type made evaluation impossible. */
  TypeError: 'RULE_TYPE_ERROR',
} as const;

/** One of the {@link RuleErrorCode} values. */
export type RuleErrorCode = (typeof RuleErrorCode)[keyof typeof RuleErrorCode];

/** A problem found in a rule, as returned by `validateRule` (never thrown). */
export interface RuleProblem {
  /** Stable code. */
  readonly code: RuleErrorCode;
  /** Human-readable explanation (English). */
  readonly message: string;
  /** Where in the rule, e.g. `and[1].>=[0]`; `''` is the rule itself. */
  readonly path: string;
}

const RULE_ERROR_MARK: unique symbol = Symbol.for('coachflow.RuleError');

/** Error thrown by compilation and evaluation of rules. */
export class RuleError extends Error {
  /** Stable code. */
  readonly code: RuleErrorCode;
  /** Where in the rule, e.g. `and[1].>=[0]`; `''` is the rule itself. */
  readonly path: string;
  /** Cross-copy marker read by {@link isRuleError}. */
  readonly [RULE_ERROR_MARK] = true;

  /** Creates an error with a stable `code` and the rule `path` it refers to. */
  constructor(code: RuleErrorCode, message: string, path = '') {
    super(message);
    this.name = 'RuleError';
    this.code = code;
    this.path = path;
  }

  /** The error as a plain {@link RuleProblem}. */
  toProblem(): RuleProblem {
    return { code: this.code, message: this.message, path: this.path };
  }
}

/** True for a {@link RuleError} from any copy of this package (checks the symbol marker). */
export function isRuleError(e: unknown): e is RuleError {
  return typeof e === 'object' && e !== null && (e as { [RULE_ERROR_MARK]?: unknown })[RULE_ERROR_MARK] === true;
}
