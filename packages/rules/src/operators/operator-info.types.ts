/**
 * Description of an operator for validation and for the designer's rule builder.
 */

/** Operator family, used to group the palette. */
export type OperatorCategory = 'logic' | 'comparison' | 'arithmetic' | 'string' | 'array' | 'data' | 'date' | 'misc';

/** Value types shown by the designer. `date` is an ISO 8601 string or epoch milliseconds. */
export type ValueType = 'number' | 'string' | 'boolean' | 'date' | 'array' | 'any';

/** Text in the designer's languages. */
export interface LocalizedText {
  /** Simplified Chinese. */
  readonly 'zh-CN': string;
  /** English. */
  readonly en: string;
}

/** One entry of the closed operator table. */
export interface OperatorInfo {
  /** Operator key as written in the rule, e.g. `>=`. */
  readonly name: string;
  /** Family. */
  readonly category: OperatorCategory;
  /** Minimum number of arguments (after `{"op": x}` is read as `{"op": [x]}`). */
  readonly minArgs: number;
  /** Maximum number of arguments; null when unbounded. */
  readonly maxArgs: number | null;
  /** Type of each argument by position; the last entry repeats for further arguments. */
  readonly valueTypes: readonly ValueType[];
  /** Type of the result. */
  readonly resultType: ValueType;
  /** Arguments evaluated once per array element with the element as data (map, filter, ...). */
  readonly scopedArgs: readonly number[];
  /** True for json-logic-js standard operators, false for Coachflow's custom ones. */
  readonly standard: boolean;
  /** What it does. */
  readonly description: LocalizedText;
}

/** An operator entry without its name (the table key is the name). */
export type OperatorSpec = Omit<OperatorInfo, 'name' | 'scopedArgs'> & { readonly scopedArgs?: readonly number[] };

/** Adds `name` (and default `scopedArgs`) to each spec of a table. */
export function defineOperators<const T extends Record<string, OperatorSpec>>(specs: T): { readonly [K in keyof T]: OperatorInfo } {
  const out: Record<string, OperatorInfo> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = Object.freeze({ name, ...spec, scopedArgs: spec.scopedArgs ?? [] });
  }
  return out as { readonly [K in keyof T]: OperatorInfo };
}
