/**
 * Logic operators: `if`, `?:`, `and`, `or`, `!`, `!!` (json-logic-js 2.0.5 semantics; `if`,
 * `and` and `or` evaluate their arguments lazily).
 */
import { argAt, truthy } from '../evaluation/runtime-checks.js';
import type { CompiledArg, Evaluator, OperatorCompiler } from '../evaluation/evaluator.types.js';

function evaluators(args: readonly CompiledArg[]): Evaluator[] {
  return args.map((a) => a.evaluate);
}

const compileIf: OperatorCompiler = (args) => {
  const ev = evaluators(args);
  const n = ev.length;
  if (n === 3) {
    const [test, then, otherwise] = ev as [Evaluator, Evaluator, Evaluator];
    return (data, ctx) => (truthy(test(data, ctx)) ? then(data, ctx) : otherwise(data, ctx));
  }
  return (data, ctx) => {
    let i = 0;
    for (; i < n - 1; i += 2) {
      if (truthy((ev[i] as Evaluator)(data, ctx))) return (ev[i + 1] as Evaluator)(data, ctx);
    }
    if (n === i + 1) return (ev[i] as Evaluator)(data, ctx);
    return null;
  };
};

const compileAnd: OperatorCompiler = (args) => {
  const ev = evaluators(args);
  if (ev.length === 2) {
    const [a, b] = ev as [Evaluator, Evaluator];
    return (data, ctx) => {
      const first = a(data, ctx);
      return truthy(first) ? b(data, ctx) : first;
    };
  }
  return (data, ctx) => {
    let current: unknown;
    for (const e of ev) {
      current = e(data, ctx);
      if (!truthy(current)) return current;
    }
    return current;
  };
};

const compileOr: OperatorCompiler = (args) => {
  const ev = evaluators(args);
  return (data, ctx) => {
    let current: unknown;
    for (const e of ev) {
      current = e(data, ctx);
      if (truthy(current)) return current;
    }
    return current;
  };
};

const compileNot: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  return (data, ctx) => !truthy(a(data, ctx));
};

const compileNotNot: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  return (data, ctx) => truthy(a(data, ctx));
};

/** Compilers of the logic operators. */
export const logicCompilers = {
  if: compileIf,
  '?:': compileIf,
  and: compileAnd,
  or: compileOr,
  '!': compileNot,
  '!!': compileNotNot,
} satisfies Record<string, OperatorCompiler>;
