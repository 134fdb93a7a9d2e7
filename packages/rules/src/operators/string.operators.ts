/**
 * String and membership operators: `cat`, `substr`, `in` (json-logic-js 2.0.5 semantics) and the
 * custom `contains` (`in` with swapped arguments).
 */
import { argAt, checkArrayLength, checkStringLength, evaluateAll } from '../evaluation/runtime-checks.js';
import type { CompiledArg, EvalContext, Evaluator, OperatorCompiler, OperatorSite } from '../evaluation/evaluator.types.js';

/** json-logic `in`: membership in an array (strict equality) or substring of a string. */
function isIn(needle: unknown, haystack: unknown, site: OperatorSite): boolean {
  // json-logic-js returns false for any falsy haystack first, so `""` contains nothing.
  if (typeof haystack === 'string') return haystack !== '' && haystack.indexOf(needle as string) !== -1;
  if (Array.isArray(haystack)) {
    checkArrayLength(haystack.length, site);
    return haystack.indexOf(needle) !== -1;
  }
  // json-logic-js only uses `indexOf`, which only strings and arrays have in JSON data.
  return false;
}

function membership(needleArg: CompiledArg | undefined, haystackArg: CompiledArg | undefined, site: OperatorSite): Evaluator {
  const needle = needleArg?.evaluate ?? (() => undefined);
  if (haystackArg?.constant === true && Array.isArray(haystackArg.value)) {
    // Literal list: use the frozen literal directly instead of copying it on every evaluation.
    const list: readonly unknown[] = haystackArg.value;
    return (data: unknown, ctx: EvalContext) => list.indexOf(needle(data, ctx)) !== -1;
  }
  const haystack = haystackArg?.evaluate ?? (() => undefined);
  return (data: unknown, ctx: EvalContext) => {
    const n = needle(data, ctx);
    return isIn(n, haystack(data, ctx), site);
  };
}

const compileIn: OperatorCompiler = (args, site) => membership(args[0], args[1], site);

const compileContains: OperatorCompiler = (args, site) => {
  const haystackArg = args[0];
  const needleArg = args[1];
  if (haystackArg?.constant === true) return membership(needleArg, haystackArg, site);
  const haystack = argAt(args, 0);
  const needle = argAt(args, 1);
  // Evaluate in argument order (haystack first) so steps and errors follow the rule's order.
  return (data, ctx) => {
    const h = haystack(data, ctx);
    return isIn(needle(data, ctx), h, site);
  };
};

const compileCat: OperatorCompiler = (args, site) => (data, ctx) =>
  checkStringLength(evaluateAll(args, data, ctx).join(''), site);

const compileSubstr: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const start = argAt(args, 1);
  const end = argAt(args, 2);
  return (data, ctx) => {
    const s = String(source(data, ctx));
    const from = start(data, ctx) as number;
    const len = end(data, ctx) as number;
    if (len < 0) {
      // json-logic-js emulates PHP: a negative length drops characters from the end.
      const temp = s.substr(from);
      return checkStringLength(temp.substr(0, temp.length + len), site);
    }
    return checkStringLength(s.substr(from, len), site);
  };
};

/** Compilers of the string operators. */
export const stringCompilers = {
  in: compileIn,
  contains: compileContains,
  cat: compileCat,
  substr: compileSubstr,
} satisfies Record<string, OperatorCompiler>;
