/**
 * `ruleVariables` and `readValues`: which data paths a rule reads, and their values (evidence).
 */
import { lookupOwnPath, splitPath } from '../evaluation/own-path.js';
import { DEFAULT_RULE_LIMITS } from '../limits/rule-limits.js';
import { OPERATORS } from '../operators/operator-table.js';
import { isOperatorObject, operatorArgs } from '../compile/rule-path.js';

/** A data path a rule reads. */
export interface VariableRef {
  /** Dotted path (`''` is the whole data); `'*'` when the path is computed at runtime. */
  readonly path: string;
  /** True when every read of this path has a default value (`{"var": [path, default]}`). */
  readonly hasDefault: boolean;
  /** Set when the path is computed by a rule (`{"var": {"cat": ...}}`). */
  readonly dynamic?: true;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isLiteral(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/**
 * Lists every data path `rule` reads via `var`, `missing` and `missing_some`, deduplicated in
 * first-read order. Reads inside the per-element argument of map/filter/reduce/all/some/none refer
 * to the element (or `current`/`accumulator`) and are not data paths; the array argument is
 * reported instead. Never throws; stops descending below `maxDepth`.
 */
export function ruleVariables(rule: unknown, maxDepth: number = DEFAULT_RULE_LIMITS.maxDepth): VariableRef[] {
  const found = new Map<string, { hasDefault: boolean; dynamic: boolean }>();
  const add = (path: string, hasDefault: boolean, dynamic = false): void => {
    const prev = found.get(path);
    if (prev === undefined) found.set(path, { hasDefault, dynamic });
    else prev.hasDefault &&= hasDefault;
  };
  const addKey = (key: unknown, depth: number): void => {
    if (isLiteral(key)) add(key === null || key === undefined ? '' : String(key), false);
    else if (Array.isArray(key) && key.length > 0 && isLiteral(key[0])) add(key[0] === null ? '' : String(key[0]), key.length > 1);
    else {
      add('*', false, true);
      walk(key, depth + 1);
    }
  };

  const walk = (node: unknown, depth: number): void => {
    if (depth > maxDepth || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const el of node) walk(el, depth + 1);
      return;
    }
    if (!isOperatorObject(node)) return;
    const keys = Object.keys(node);
    const op = keys[0];
    if (keys.length !== 1 || op === undefined) return;
    const args = operatorArgs(node[op]);
    if (op === 'var') {
      const path = args[0];
      if (isLiteral(path)) add(path === null || path === undefined ? '' : String(path), args.length > 1);
      else {
        add('*', args.length > 1, true);
        walk(path, depth + 1);
      }
      if (args.length > 1) walk(args[1], depth + 1);
      return;
    }
    if (op === 'missing') {
      const first = args[0];
      const keysList = Array.isArray(first) && first.every(isLiteral) ? first : args;
      for (const key of keysList) addKey(key, depth);
      return;
    }
    if (op === 'missing_some') {
      walk(args[0], depth + 1);
      const list = args[1];
      if (Array.isArray(list)) for (const key of list) addKey(key, depth);
      else addKey(list, depth);
      return;
    }
    const scoped = hasOwn.call(OPERATORS, op) ? (OPERATORS[op]?.scopedArgs ?? []) : [];
    args.forEach((a, i) => {
      if (!scoped.includes(i)) walk(a, depth + 1);
    });
  };

  walk(rule, 1);
  return [...found].map(([path, v]) => (v.dynamic ? { path, hasDefault: v.hasDefault, dynamic: true } : { path, hasDefault: v.hasDefault }));
}

/**
 * The value in `data` of each path `rule` reads (own properties only; null when absent; the whole
 * data for `''`). Dynamic paths are skipped. This is the evidence of a decision: "the variables
 * the rule read and their values".
 */
export function readValues(rule: unknown, data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ref of ruleVariables(rule)) {
    if (ref.dynamic === true) continue;
    const value = ref.path === '' ? data : lookupOwnPath(data, splitPath(ref.path));
    // defineProperty: a path named "__proto__" must become a key, not replace the prototype.
    Object.defineProperty(out, ref.path, { value: value === undefined ? null : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
