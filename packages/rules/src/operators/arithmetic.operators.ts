/**
 * Arithmetic operators: `+`, `-`, `*`, `/`, `%`, `min`, `max` (json-logic-js 2.0.5 semantics:
 * `+` and `*` cast with parseFloat, the others use JavaScript coercion) and the custom `abs`,
 * `round` and `pct_deviation`.
 */
import { argAt, evaluateAll } from '../evaluation/runtime-checks.js';
import type { OperatorCompiler } from '../evaluation/evaluator.types.js';

/** `parseFloat(x)` as json-logic-js calls it, with a fast path for numbers (same results). */
function pf(x: unknown): number {
  if (typeof x === 'number') return x === 0 ? 0 : x; // parseFloat(String(-0)) is 0
  return parseFloat(x as string);
}

/** A finite number from a number or a numeric string; null otherwise. */
export function toFiniteNumber(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'string' && x.trim() !== '') {
    const n = Number(x);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const compilePlus: OperatorCompiler = (args) => {
  if (args.length === 2) {
    const a = argAt(args, 0);
    const b = argAt(args, 1);
    return (data, ctx) => {
      const x = a(data, ctx);
      return pf(pf(0) + pf(x)) + pf(b(data, ctx));
    };
  }
  return (data, ctx) => {
    let sum = 0;
    for (const v of evaluateAll(args, data, ctx)) sum = pf(sum) + pf(v);
    return sum;
  };
};

const compileTimes: OperatorCompiler = (args) => (data, ctx) => {
  const values = evaluateAll(args, data, ctx);
  // Array.prototype.reduce without an initial value: one argument is returned unparsed.
  let product: unknown = values[0];
  for (let i = 1; i < values.length; i++) product = pf(product) * pf(values[i]);
  return product;
};

const compileMinus: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  return (data, ctx) => {
    const x = a(data, ctx) as number;
    const y = b(data, ctx) as number | undefined;
    return y === undefined ? -x : x - y;
  };
};

const compileDivide: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  return (data, ctx) => {
    const x = a(data, ctx) as number;
    return x / (b(data, ctx) as number);
  };
};

const compileModulo: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  return (data, ctx) => {
    const x = a(data, ctx) as number;
    return x % (b(data, ctx) as number);
  };
};

const compileMin: OperatorCompiler = (args) => (data, ctx) =>
  Math.min(...(evaluateAll(args, data, ctx) as number[]));

const compileMax: OperatorCompiler = (args) => (data, ctx) =>
  Math.max(...(evaluateAll(args, data, ctx) as number[]));

const compileAbs: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  return (data, ctx) => {
    const x = toFiniteNumber(a(data, ctx));
    return x === null ? null : Math.abs(x);
  };
};

/** Rounds half away from zero to `digits` decimals (-15..15), tolerant of binary representation. */
export function roundTo(x: number, digits: number): number {
  const factor = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * factor * (1 + Number.EPSILON))) / factor;
  return r === 0 ? 0 : r;
}

const compileRound: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  const d = argAt(args, 1);
  const hasDigits = args.length > 1;
  return (data, ctx) => {
    const x = toFiniteNumber(a(data, ctx));
    const digits = hasDigits ? toFiniteNumber(d(data, ctx)) : 0;
    if (x === null || digits === null || !Number.isInteger(digits) || Math.abs(digits) > 15) return null;
    return roundTo(x, digits);
  };
};

const compilePctDeviation: OperatorCompiler = (args) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  return (data, ctx) => {
    const value = a(data, ctx);
    const expected = b(data, ctx);
    if (typeof value !== 'number' || typeof expected !== 'number') return null;
    if (!Number.isFinite(value) || !Number.isFinite(expected) || expected === 0) return null;
    return ((value - expected) / Math.abs(expected)) * 100;
  };
};

/** Compilers of the arithmetic operators. */
export const arithmeticCompilers = {
  '+': compilePlus,
  '-': compileMinus,
  '*': compileTimes,
  '/': compileDivide,
  '%': compileModulo,
  min: compileMin,
  max: compileMax,
  abs: compileAbs,
  round: compileRound,
  pct_deviation: compilePctDeviation,
} satisfies Record<string, OperatorCompiler>;
