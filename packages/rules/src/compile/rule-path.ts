/**
 * Paths inside a rule, as used in errors and explanations: `and[1].>=[0]`, `in[1][3]`, `''` for
 * the rule itself.
 */

/** Path of argument `index` of operator `op` at `parent`. */
export function argPath(parent: string, op: string, index: number): string {
  return parent === '' ? `${op}[${index}]` : `${parent}.${op}[${index}]`;
}

/** Path of element `index` of the array at `parent`. */
export function elementPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** True for `{ "op": args }`: a non-array object (any number of keys; one key is required). */
export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The arguments of an operator node (`{"op": x}` is sugar for `{"op": [x]}`). */
export function operatorArgs(values: unknown): readonly unknown[] {
  return Array.isArray(values) ? values : [values];
}
