/**
 * Array operators: `map`, `filter`, `reduce`, `all`, `none`, `some` (the second argument is
 * evaluated once per element, with the element as data; for `reduce` the data is
 * `{ current, accumulator }`) and `merge` (json-logic-js 2.0.5 semantics). Iterated and built
 * arrays are capped by `maxArrayLength` and each element costs one step.
 */
import { argAt, chargeSteps, checkArrayLength, truthy } from '../evaluation/runtime-checks.js';
import type { EvalContext, OperatorCompiler, OperatorSite } from '../evaluation/evaluator.types.js';

/** Checks and charges an array about to be iterated. */
function iterate(value: unknown[], ctx: EvalContext, site: OperatorSite): void {
  checkArrayLength(value.length, site);
  chargeSteps(ctx, value.length, site.path);
}

const compileMap: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const each = argAt(args, 1);
  return (data, ctx) => {
    const items = source(data, ctx);
    if (!Array.isArray(items)) return [];
    iterate(items, ctx, site);
    return items.map((item) => each(item, ctx));
  };
};

const compileFilter: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const test = argAt(args, 1);
  return (data, ctx) => {
    const items = source(data, ctx);
    if (!Array.isArray(items)) return [];
    iterate(items, ctx, site);
    return items.filter((item) => truthy(test(item, ctx)));
  };
};

const compileReduce: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const step = argAt(args, 1);
  const initialArg = args[2];
  // json-logic-js checks the rule (not the value) for undefined before evaluating the initial value.
  const hasInitial = initialArg !== undefined && !(initialArg.constant && initialArg.value === undefined);
  const initial = argAt(args, 2);
  return (data, ctx) => {
    const items = source(data, ctx);
    const start = hasInitial ? initial(data, ctx) : null;
    if (!Array.isArray(items)) return start;
    iterate(items, ctx, site);
    let accumulator = start;
    for (const current of items) accumulator = step({ current, accumulator }, ctx);
    return accumulator;
  };
};

const compileAll: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const test = argAt(args, 1);
  return (data, ctx) => {
    const items = source(data, ctx);
    if (!Array.isArray(items) || items.length === 0) return false;
    iterate(items, ctx, site);
    for (const item of items) if (!truthy(test(item, ctx))) return false;
    return true;
  };
};

const compileNone: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const test = argAt(args, 1);
  return (data, ctx) => {
    const items = source(data, ctx);
    if (!Array.isArray(items) || items.length === 0) return true;
    iterate(items, ctx, site);
    for (const item of items) if (truthy(test(item, ctx))) return false;
    return true;
  };
};

const compileSome: OperatorCompiler = (args, site) => {
  const source = argAt(args, 0);
  const test = argAt(args, 1);
  return (data, ctx) => {
    const items = source(data, ctx);
    if (!Array.isArray(items) || items.length === 0) return false;
    iterate(items, ctx, site);
    for (const item of items) if (truthy(test(item, ctx))) return true;
    return false;
  };
};

const compileMerge: OperatorCompiler = (args, site) => (data, ctx) => {
  const parts = new Array<unknown>(args.length);
  let total = 0;
  for (let i = 0; i < args.length; i++) {
    const v = argAt(args, i)(data, ctx);
    parts[i] = v;
    total += Array.isArray(v) ? v.length : 1;
  }
  // Check before concatenating so a merge bomb never allocates the huge array.
  checkArrayLength(total, site);
  chargeSteps(ctx, total, site.path);
  const out: unknown[] = [];
  return out.concat(...parts);
};

/** Compilers of the array operators. */
export const arrayCompilers = {
  map: compileMap,
  filter: compileFilter,
  reduce: compileReduce,
  all: compileAll,
  none: compileNone,
  some: compileSome,
  merge: compileMerge,
} satisfies Record<string, OperatorCompiler>;
