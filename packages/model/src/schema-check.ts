/**
 * A small checker for the JSON Schema subset of json-schema.types.ts: type, const, enum, required,
 * properties, additionalProperties, items, pattern, min/max (length, items, value), oneOf, anyOf.
 * `format` is descriptive only. Used to check node configs and connector inputs without a runtime
 * dependency on a schema library. Messages name the field (`cases.0.id must match …`).
 */
import type { JsonSchema } from './json-schema.types.js';

/** One mismatch between a value and a schema. */
export interface SchemaIssue {
  /** Dotted path of the offending field inside the checked value ('' for the value itself). */
  path: string;
  /** The schema keyword that failed. */
  keyword: string;
  message: string;
}

const MAX_ISSUES = 50;
const MAX_DEPTH = 32;

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

function typeOf(value: unknown): JsonType | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (t === 'string' || t === 'boolean' || t === 'object') return t;
  return 'undefined';
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function label(path: string): string {
  return path === '' ? 'value' : path;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `value` against `schema`; returns every mismatch (at most 50). */
export function checkSchema(value: unknown, schema: JsonSchema, path = ''): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(value, schema, path, issues, 0);
  return issues.slice(0, MAX_ISSUES);
}

function check(value: unknown, schema: JsonSchema, path: string, out: SchemaIssue[], depth: number): void {
  if (out.length >= MAX_ISSUES) return;
  if (depth > MAX_DEPTH) {
    out.push({ path, keyword: 'depth', message: `${label(path)} is nested too deeply` });
    return;
  }
  const push = (keyword: string, message: string, at = path): void => {
    out.push({ path: at, keyword, message });
  };

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      push('type', `${label(path)} must be ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) {
    push('const', `${label(path)} must be ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) {
    push('enum', `${label(path)} must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}; got ${preview(value)}`);
  }
  if (typeof value === 'string') checkString(value, schema, path, push);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) push('minimum', `${label(path)} must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) push('maximum', `${label(path)} must be ≤ ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) push('minItems', `${label(path)} needs at least ${schema.minItems} item(s)`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) push('maxItems', `${label(path)} allows at most ${schema.maxItems} item(s)`);
    if (schema.items) {
      const items = schema.items;
      value.forEach((item: unknown, i) => check(item, items, join(path, i), out, depth + 1));
    }
  }
  if (isRecord(value)) checkObject(value, schema, path, out, depth);
  if (schema.anyOf) checkAnyOf(value, schema.anyOf, path, out, depth);
  if (schema.oneOf) checkOneOf(value, schema.oneOf, path, out, depth);
}

function checkString(value: string, schema: JsonSchema, path: string, push: (k: string, m: string) => void): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    push('minLength', schema.minLength === 1 ? `${label(path)} must not be empty` : `${label(path)} must have at least ${schema.minLength} characters`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) push('maxLength', `${label(path)} must have at most ${schema.maxLength} characters`);
  if (schema.pattern !== undefined && !safeTest(schema.pattern, value)) {
    const hint = schema.description ? ` (${schema.description})` : '';
    push('pattern', `${label(path)} has an invalid format: ${preview(value)}${hint}`);
  }
}

function checkObject(value: Record<string, unknown>, schema: JsonSchema, path: string, out: SchemaIssue[], depth: number): void {
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key) || value[key] === undefined) out.push({ path: join(path, key), keyword: 'required', message: `${join(path, key)} is required` });
  }
  const props = schema.properties ?? {};
  for (const key of Object.keys(value)) {
    if (out.length >= MAX_ISSUES) return;
    const child = value[key];
    if (child === undefined) continue;
    const propSchema = Object.hasOwn(props, key) ? props[key] : undefined;
    if (propSchema) {
      check(child, propSchema, join(path, key), out, depth + 1);
    } else if (schema.additionalProperties === false) {
      out.push({ path: join(path, key), keyword: 'additionalProperties', message: `${join(path, key)} is not a known field` });
    } else if (typeof schema.additionalProperties === 'object') {
      check(child, schema.additionalProperties, join(path, key), out, depth + 1);
    }
  }
}

function checkAnyOf(value: unknown, branches: JsonSchema[], path: string, out: SchemaIssue[], depth: number): void {
  if (branches.some((b) => collect(value, b, path, depth).length === 0)) return;
  const requiredOnly = branches.every((b) => Object.keys(b).length === 1 && b.required?.length === 1);
  const message = requiredOnly
    ? `${label(path)} needs one of: ${branches.map((b) => b.required?.[0]).join(', ')}`
    : `${label(path)} matches none of the allowed shapes`;
  out.push({ path, keyword: 'anyOf', message });
}

function checkOneOf(value: unknown, branches: JsonSchema[], path: string, out: SchemaIssue[], depth: number): void {
  const results = branches.map((b) => collect(value, b, path, depth));
  const valid = results.filter((r) => r.length === 0).length;
  if (valid === 1) return;
  if (valid > 1) {
    out.push({ path, keyword: 'oneOf', message: `${label(path)} matches more than one allowed shape` });
    return;
  }
  // Report the errors of the branch whose discriminating `const` fields match, when there is one.
  const matching = branches.findIndex((b) => isRecord(value) && discriminates(b, value));
  const own = matching >= 0 ? results[matching] : undefined;
  if (own && own.length > 0) out.push(...own);
  else out.push({ path, keyword: 'oneOf', message: `${label(path)} matches none of the allowed shapes` });
}

function discriminates(branch: JsonSchema, value: Record<string, unknown>): boolean {
  const consts = Object.entries(branch.properties ?? {}).filter(([, s]) => s.const !== undefined);
  return consts.length > 0 && consts.every(([k, s]) => value[k] === s.const);
}

function collect(value: unknown, schema: JsonSchema, path: string, depth: number): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(value, schema, path, issues, depth + 1);
  return issues;
}

const regexCache = new Map<string, RegExp | null>();

function safeTest(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re === null ? true : re.test(value);
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
