/**
 * The visual rule builder's model of a JSON-logic rule (see rule-conversion.ts for the mapping).
 *
 * ```
 * RuleTree = empty | group(and|or, children) | not(child) | condition(op, args) | value(operand)
 * Operand  = var(path[, default]) | literal(primitive | primitive[]) | fn(pct_deviation|date_diff|date_add, args)
 * ```
 * A condition's `args[0]` is always its subject (the thing compared), whatever the JSON order:
 * the 3-argument `<`/`<=` forms are written `[low, x, high]` in JSON and kept `[x, low, high]` here.
 */

/** A JSON primitive. */
export type Primitive = string | number | boolean | null;

/** Functions the builder offers inside operands (values computed from other values). */
export const OPERAND_FNS = ['pct_deviation', 'date_diff', 'date_add'] as const;
export type OperandFn = (typeof OPERAND_FNS)[number];

/** A variable read, `{"var": path}` or `{"var": [path, default]}`. */
export interface VarOperand {
  kind: 'var';
  /** Dotted path, e.g. `trigger.streak`. */
  path: string;
  /** The default when the path is missing (only with the array form). */
  default?: Primitive;
}

/** A literal value (an array of primitives for the `in` list). */
export interface LiteralOperand {
  kind: 'literal';
  value: Primitive | Primitive[];
}

/** A computed value, e.g. `{"pct_deviation": [a, b]}` or `{"date_add": [d, 7, "days"]}`. */
export interface FnOperand {
  kind: 'fn';
  fn: OperandFn;
  args: Operand[];
}

/** Anything a condition compares. */
export type Operand = VarOperand | LiteralOperand | FnOperand;

/** Condition operators of the builder; `between_inclusive`/`between_exclusive` are the 3-argument `<=`/`<`. */
export const CONDITION_OPS = [
  '==',
  '!=',
  '===',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'between',
  'between_inclusive',
  'between_exclusive',
  'date_before',
  'date_after',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** `subject op value(s)`. */
export interface RuleCondition {
  type: 'condition';
  op: ConditionOp;
  /** `[subject, ...values]`. */
  args: Operand[];
}

/** AND / OR of child rules. */
export interface RuleGroup {
  type: 'group';
  op: 'and' | 'or';
  children: RuleNode[];
}

/** NOT of one child rule (`{"!": [child]}`). */
export interface RuleNot {
  type: 'not';
  child: RuleNode;
}

/** A bare value used as a rule (its truthiness), or the value of a set/action mapping. */
export interface RuleValue {
  type: 'value';
  operand: Operand;
}

/** A non-empty rule. */
export type RuleNode = RuleGroup | RuleNot | RuleCondition | RuleValue;

/** No rule at all (the JSON value `undefined`: an optional filter left empty). */
export interface RuleEmpty {
  type: 'empty';
}

/** What the builder edits. */
export type RuleTree = RuleNode | RuleEmpty;

/** A rule the builder cannot show; the raw JSON tab edits it instead. */
export interface Unsupported {
  type: 'unsupported';
  /** Path of the first unsupported part, in @coachflow/rules' notation (`and[1].>=[0]`). */
  path: string;
  /** Machine reason (shown through i18n `ruleBuilder.unsupported.<reason>`). */
  reason: UnsupportedReason;
  /** The operator or shape found. */
  detail?: string;
}

export type UnsupportedReason = 'operator' | 'arity' | 'shape';

/** i18n key segment of each condition operator (`ruleBuilder.op.<key>`; message paths avoid `=`, `!`, `<`). */
export const CONDITION_OP_KEYS: Readonly<Record<ConditionOp, string>> = {
  '==': 'eq',
  '!=': 'ne',
  '===': 'strictEq',
  '!==': 'strictNe',
  '>': 'gt',
  '>=': 'ge',
  '<': 'lt',
  '<=': 'le',
  in: 'in',
  between: 'between',
  between_inclusive: 'betweenInclusive',
  between_exclusive: 'betweenExclusive',
  date_before: 'dateBefore',
  date_after: 'dateAfter',
};
