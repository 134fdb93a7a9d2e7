/**
 * Own-property path lookup shared by `var` and templates: only own properties of objects, arrays
 * and strings are read, so `__proto__`, `constructor` or `toString` never leak inherited values.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reads `segments` from `data`, one own property at a time. Returns `undefined` when a segment is
 * absent, when an intermediate value is null/undefined, or is not an object or string.
 */
export function lookupOwnPath(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || current === undefined) return undefined;
    const t = typeof current;
    if (t !== 'object' && t !== 'string') return undefined;
    const key = segments[i] as string;
    if (!hasOwn.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Splits a dotted path like json-logic-js (`String(path).split('.')`). */
export function splitPath(path: unknown): string[] {
  return String(path).split('.');
}
