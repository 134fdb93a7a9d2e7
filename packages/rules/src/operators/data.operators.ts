/**
 * Data operators: `var`, `missing`, `missing_some` (json-logic-js 2.0.5 semantics, own
 * properties only).
 */
import { RuleError, RuleErrorCode } from '../errors/rule.error.js';
import { lookupOwnPath, splitPath } from '../evaluation/own-path.js';
import { argAt, evaluateAll } from '../evaluation/runtime-checks.js';
import type { OperatorCompiler } from '../evaluation/evaluator.types.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** json-logic `var`: `path` of `data`, `fallback` (or null) when absent; `''`/null/undefined is the data. */
export function readVar(data: unknown, path: unknown, fallback: unknown): unknown {
  if (path === undefined || path === '' || path === null) return data;
  const value = lookupOwnPath(data, splitPath(path));
  if (value !== undefined) return value;
  return fallback === undefined ? null : fallback;
}

/** json-logic `missing` over already evaluated arguments. */
export function missingKeys(data: unknown, values: readonly unknown[]): unknown[] {
  const first = values[0];
  const keys: readonly unknown[] = Array.isArray(first) ? first : values;
  const missing: unknown[] = [];
  for (const key of keys) {
    // json-logic-js evaluates {"var": key}; an array key is [path, default].
    const value = Array.isArray(key) ? readVar(data, key[0], key[1]) : readVar(data, key, undefined);
    if (value === null || value === '') missing.push(key);
  }
  return missing;
}

const compileVar: OperatorCompiler = (args) => {
  const pathArg = args[0];
  const fallbackArg = args[1];
  const constantFallback = fallbackArg === undefined || (fallbackArg.constant && !Array.isArray(fallbackArg.value));
  if (pathArg?.constant === true && constantFallback) {
    const path = pathArg.value;
    const notFound = fallbackArg === undefined || fallbackArg.value === undefined ? null : fallbackArg.value;
    if (path === undefined || path === '' || path === null) return (data) => data;
    const segments = splitPath(path);
    if (segments.length === 1) {
      const key = segments[0] as string;
      return (data) => {
        if (data === null || data === undefined) return notFound;
        const t = typeof data;
        if ((t !== 'object' && t !== 'string') || !hasOwn.call(data, key)) return notFound;
        const value = (data as Record<string, unknown>)[key];
        return value === undefined ? notFound : value;
      };
    }
    return (data) => {
      const value = lookupOwnPath(data, segments);
      return value === undefined ? notFound : value;
    };
  }
  const path = argAt(args, 0);
  const fallback = argAt(args, 1);
  return (data, ctx) => {
    const p = path(data, ctx);
    const f = fallback(data, ctx);
    return readVar(data, p, f);
  };
};

const compileMissing: OperatorCompiler = (args) => (data, ctx) => missingKeys(data, evaluateAll(args, data, ctx));

const compileMissingSome: OperatorCompiler = (args, site) => {
  const need = argAt(args, 0);
  const options = argAt(args, 1);
  return (data, ctx) => {
    const n = need(data, ctx);
    const opts = options(data, ctx);
    if (opts === null || opts === undefined) {
      throw new RuleError(RuleErrorCode.TypeError, 'missing_some: the list of keys is null', site.path);
    }
    const missing = missingKeys(data, Array.isArray(opts) ? opts : [opts]);
    // Same arithmetic as json-logic-js, including its coercions of odd inputs.
    const present = (opts as { length?: number }).length as number;
    return present - missing.length >= (n as number) ? [] : missing;
  };
};

/** Compilers of the data operators. */
export const dataCompilers = {
  var: compileVar,
  missing: compileMissing,
  missing_some: compileMissingSome,
} satisfies Record<string, OperatorCompiler>;
