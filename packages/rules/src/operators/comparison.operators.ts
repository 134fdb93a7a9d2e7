/**
 * Comparison operators: `==`, `===`, `!=`, `!==`, `>`, `>=`, `<`, `<=` (with the 3-argument
 * "between" form of `<` and `<=`), and the custom inclusive `between`. JavaScript comparison and
 * coercion rules apply, exactly as in json-logic-js 2.0.5.
 */
import { argAt } from '../evaluation/runtime-checks.js';
import type { CompiledArg, EvalContext, OperatorCompiler } from '../evaluation/evaluator.types.js';

// Operands are compared with JavaScript's own coercions, which the type system cannot express:
// the casts below keep the runtime behaviour of json-logic-js (`a < b` on any values).
type Cmp = (a: number, b: number) => boolean;

function binary(cmp: Cmp): OperatorCompiler {
  return (args: readonly CompiledArg[]) => {
    const a = argAt(args, 0);
    const bArg = args[1];
    if (bArg?.constant === true && !Array.isArray(bArg.value)) {
      const b = bArg.value as number;
      return (data: unknown, ctx: EvalContext) => cmp(a(data, ctx) as number, b);
    }
    const b = argAt(args, 1);
    return (data: unknown, ctx: EvalContext) => {
      const left = a(data, ctx);
      return cmp(left as number, b(data, ctx) as number);
    };
  };
}

function withBetween(cmp: Cmp): OperatorCompiler {
  const two = binary(cmp);
  return (args, site) => {
    if (args.length < 3) return two(args, site);
    const a = argAt(args, 0);
    const b = argAt(args, 1);
    const c = argAt(args, 2);
    return (data, ctx) => {
      const x = a(data, ctx) as number;
      const y = b(data, ctx) as number;
      const z = c(data, ctx) as number;
      // json-logic-js falls back to the 2-argument form when the third value is undefined.
      return z === undefined ? cmp(x, y) : cmp(x, y) && cmp(y, z);
    };
  };
}

const lte: Cmp = (a, b) => a <= b;

const compileBetween: OperatorCompiler = (args) => {
  const x = argAt(args, 0);
  const low = argAt(args, 1);
  const high = argAt(args, 2);
  return (data, ctx) => {
    const v = x(data, ctx) as number;
    const lo = low(data, ctx) as number;
    const hi = high(data, ctx) as number;
    return lte(lo, v) && lte(v, hi);
  };
};

/** Compilers of the comparison operators. */
export const comparisonCompilers = {
  // eslint-disable-next-line eqeqeq -- json-logic `==` is JavaScript loose equality
  '==': binary((a, b) => a == b),
  '===': binary((a, b) => a === b),
  // eslint-disable-next-line eqeqeq -- json-logic `!=` is JavaScript loose inequality
  '!=': binary((a, b) => a != b),
  '!==': binary((a, b) => a !== b),
  '>': binary((a, b) => a > b),
  '>=': binary((a, b) => a >= b),
  '<': withBetween((a, b) => a < b),
  '<=': withBetween(lte),
  between: compileBetween,
} satisfies Record<string, OperatorCompiler>;
