/**
 * Runtime checks shared by operators: step budget, sizes of produced arrays and strings,
 * and json-logic truthiness.
 */
import { RuleError, RuleErrorCode } from '../errors/rule.error.js';
import type { CompiledArg, EvalContext, Evaluator, OperatorSite } from './evaluator.types.js';

/** json-logic truthiness (json-logic-js `truthy`): JavaScript's, except that `[]` is falsy. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return Boolean(value);
}

/** Adds `n` steps to the evaluation and throws `RULE_BUDGET_EXCEEDED` past the budget. */
export function chargeSteps(ctx: EvalContext, n: number, path: string): void {
  ctx.steps += n;
  if (ctx.steps > ctx.maxSteps) {
    throw new RuleError(RuleErrorCode.BudgetExceeded, `evaluation exceeded the budget of ${ctx.maxSteps} steps`, path);
  }
}

/** Throws `RULE_ARRAY_TOO_LARGE` when an array an operator iterates or builds is too long. */
export function checkArrayLength(length: number, site: OperatorSite): void {
  if (length > site.limits.maxArrayLength) {
    throw new RuleError(
      RuleErrorCode.ArrayTooLarge,
      `${site.op}: array of ${length} elements exceeds maxArrayLength ${site.limits.maxArrayLength}`,
      site.path,
    );
  }
}

/** Throws `RULE_STRING_TOO_LONG` when a string an operator builds is too long. */
export function checkStringLength(value: string, site: OperatorSite): string {
  if (value.length > site.limits.maxStringLength) {
    throw new RuleError(
      RuleErrorCode.StringTooLong,
      `${site.op}: string of ${value.length} characters exceeds maxStringLength ${site.limits.maxStringLength}`,
      site.path,
    );
  }
  return value;
}

const evaluateUndefined: Evaluator = () => undefined;

/** The evaluator of argument `i`, or one returning `undefined` when the argument is absent. */
export function argAt(args: readonly CompiledArg[], i: number): Evaluator {
  return args[i]?.evaluate ?? evaluateUndefined;
}

/** Evaluates every argument, in order (json-logic-js evaluates eagerly before calling an operator). */
export function evaluateAll(args: readonly CompiledArg[], data: unknown, ctx: EvalContext): unknown[] {
  const out = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) out[i] = (args[i] as CompiledArg).evaluate(data, ctx);
  return out;
}
