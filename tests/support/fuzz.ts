/**
 * Hostile-input generation for the reliability suite (issue 8): fast-check arbitraries built from
 * the request schemas of the OpenAPI document, mutations that turn a valid-ish body into a
 * hostile one (wrong types, missing/unknown fields, huge strings and arrays, deep nesting,
 * JSON-logic bombs, prototype-pollution keys, template injection, SQL-looking strings, invalid
 * UTF-8, malformed JSON, wrong content types), and the fixed corpus of classic bad inputs.
 *
 * Values that cannot be produced with JSON.stringify (a `__proto__` key, 100 000 nested arrays,
 * invalid UTF-8, `1e999`) are spliced into the serialized body at the byte level.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/* ------------------------------------------------------------------------------------------ */
/* hostile values                                                                              */
/* ------------------------------------------------------------------------------------------ */

export const SQL_STRINGS = [
  "'; DROP TABLE run; --",
  "Robert'); DROP TABLE employee;--",
  "' OR '1'='1",
  "' OR 1=1 -- ",
  '" OR ""="',
  '1; SELECT SLEEP(15); --',
  "1' AND SLEEP(15)#",
  "%' UNION SELECT table_name, 1 FROM information_schema.tables -- ",
  '`id`; DELETE FROM event; --',
  "\\'; TRUNCATE event; --",
  '?, ?, :name, $1, %s, %d',
  "E9003' --",
  '%_%\\',
  "'; EXEC xp_cmdshell('dir'); --",
  'SELECT * FROM employee WHERE id = 1',
];

export const TEMPLATE_STRINGS = [
  "{{constructor.constructor('return process')()}}",
  '{{constructor.constructor("return process.exit(1)")()}}',
  "{{this.constructor.constructor('return this.process.mainModule.require(\"child_process\").execSync(\"id\")')()}}",
  '{{__proto__}}',
  '{{__proto__.polluted}}',
  '{{employee.constructor.name}}',
  '{{#each this}}{{@key}}{{/each}}',
  '{{7*7}}',
  '${7*7}',
  '${process.exit(1)}',
  '<%= 7*7 %>',
  '#{7*7}',
  '{{{{raw}}}}',
  '{{ employee.name }}{{',
  '{{' + 'a.'.repeat(2000) + 'b}}',
  '{{}}',
];

export const UNICODE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ufeffBOM',
  '😀👨‍👩‍👧‍👦',
  'A\u0301\u0301\u0301',
  '\u2028\u2029',
  'ＳＥＬＥＣＴ',
  '李雷 Li Lei',
  '\u001b[31mred\u001b[0m',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\r\nSet-Cookie: x=1',
  '',
  ' ',
];

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
export const SHADOW_KEYS = ['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__', '__lookupGetter__', 'propertyIsEnumerable', 'toJSON', 'then', 'length', '$where', '', 'a.b', ' constructor'];
export const WRONG_TYPE_VALUES: Json[] = [null, true, false, 0, -1, 1.5, 1e308, -1e308, '', 'x', [], {}, [null], { a: 1 }, [[[]]]];
/** Raw number literals JSON.parse accepts but that are not ordinary numbers (Infinity, -0, > 2^53, …). */
export const RAW_NUMBERS = ['1e999', '-1e999', '-0', '1e-400', '123456789012345678901234567890', '9007199254740993', '-9223372036854775809', '0.1e1', '1E+2', '4.9e-324'];

/** Invalid UTF-8 byte sequences (lone bytes, overlong forms, surrogates, beyond U+10FFFF, truncated). */
export const INVALID_UTF8: number[][] = [[0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xbd], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3]];

/** Bodies that are not (valid) JSON, or JSON of an unexpected shape. */
export const MALFORMED_JSON: string[] = [
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{a:1}',
  '[1,2',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '/* comment */ {}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\\ud800"}',
  '\ufeff{}',
  '{"a":0x10}',
  '{"a":.5}',
  '{"a":01}',
  '{"a":-}',
  '"just a string"',
  '123',
  'null',
  'true',
  '[]',
  '[{}]',
  ' ',
  '\n\n',
  '{"a":"' + 'unterminated',
  '{"a":"\u0001control"}',
  '1'.repeat(100_000),
  '['.repeat(200_000),
  '{"a":'.repeat(50_000),
  '{"type":"a","type":"b"}',
];

export const WRONG_CONTENT_TYPES: Array<string | null> = [
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'text/json',
  'application/javascript',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=iso-8859-1',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/jsonp',
  'image/png',
];

/** Ids for `{id}` path parameters that are not ids. */
export const HOSTILE_IDS = ['0', '-1', '1.5', 'abc', '9'.repeat(25), "1'%20OR%20'1'%3D'1", '%00', '..%2F..%2Fetc%2Fpasswd', '__proto__', 'constructor', '%E0%A4%A', '%', '%zz', '1%20', 'null', 'undefined', 'NaN', '1e3', '0x10', encodeURIComponent('李雷'), 'x'.repeat(2000)];

const range = (n: number, f: (i: number) => Json = (i) => i): Json[] => Array.from({ length: n }, (_, i) => f(i));

/** Raw JSON text of `depth` nested operators — too deep to build with recursion on either side. */
export function deepRuleText(depth: number, op = '!'): string {
  return `${`{"${op}":[`.repeat(depth)}true${']}'.repeat(depth)}`;
}
export function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}
export function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * JSON-logic bombs: rules that are enormous, deeply nested, or small but explosive to evaluate
 * (nested map over merged ranges, doubling reduce, huge `in` arrays, string concatenation). The
 * rules package must refuse them at validation or stop them with its step/size limits.
 */
export const RULE_BOMBS: Array<{ name: string; text: () => string }> = [
  { name: 'not-chain-33', text: () => deepRuleText(33) },
  { name: 'not-chain-49', text: () => deepRuleText(49) },
  { name: 'not-chain-5000', text: () => deepRuleText(5000) },
  { name: 'if-chain-3001', text: () => JSON.stringify({ if: range(3001, () => true) }) },
  { name: 'in-huge-array', text: () => JSON.stringify({ in: [{ var: 'trigger.employeeId' }, range(100_000, (i) => `E${i}`)] }) },
  { name: 'in-array-at-limit', text: () => JSON.stringify({ in: [{ var: 'trigger.employeeId' }, range(10_000, (i) => `E${i}`)] }) },
  { name: 'many-nodes', text: () => JSON.stringify({ and: range(5000, () => ({ '==': [1, 1] })) }) },
  { name: 'merge-bomb', text: () => JSON.stringify({ merge: range(200, () => range(1000, () => 1)) }) },
  { name: 'map-of-map', text: () => JSON.stringify({ some: [{ map: [{ merge: [range(1000)] }, { map: [{ merge: [range(1000)] }, { '+': [{ var: '' }, 1] }] }] }, { '==': [{ var: '' }, -1] }] }) },
  { name: 'reduce-doubling', text: () => JSON.stringify({ reduce: [range(40), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] }) },
  { name: 'cat-huge', text: () => JSON.stringify({ cat: range(1500, () => 'x'.repeat(500)) }) },
  { name: 'filter-map-nested', text: () => JSON.stringify({ filter: [{ map: [range(5000), { merge: [range(50)] }] }, { all: [{ var: '' }, { '>': [{ var: '' }, -1] }] }] }) },
  { name: 'method-call', text: () => JSON.stringify({ method: [{ var: 'trigger.employeeId' }, 'constructor'] }) },
  { name: 'log', text: () => JSON.stringify({ log: 'x' }) },
  { name: 'var-proto', text: () => JSON.stringify({ '==': [{ var: '__proto__.polluted' }, { var: 'constructor.prototype' }] }) },
  { name: 'var-huge-path', text: () => JSON.stringify({ var: 'a.'.repeat(20_000) + 'b' }) },
  { name: 'missing-some-huge', text: () => JSON.stringify({ missing_some: [1, range(50_000, (i) => `p${i}`)] }) },
  { name: 'substr-neg', text: () => JSON.stringify({ substr: ['abc', -1e9, 1e9] }) },
  { name: 'big-literal', text: () => JSON.stringify({ '==': ['x'.repeat(500_000), 'y'] }) },
];

/* ------------------------------------------------------------------------------------------ */
/* schema → arbitrary                                                                          */
/* ------------------------------------------------------------------------------------------ */

const hostileString = fc.constantFrom(...SQL_STRINGS, ...TEMPLATE_STRINGS, ...UNICODE_STRINGS);

function stringArb(s: Schema): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 40, 60);
  const min = Math.min(s.minLength ?? 0, max);
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      return fc.stringMatching(re).map((x) => (x.length > (s.maxLength ?? Infinity) ? x.slice(0, s.maxLength) : x));
    } catch {
      /* a pattern fast-check cannot generate from: fall through */
    }
  }
  return fc.oneof(
    { weight: 5, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' }) },
    { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'binary' }) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom('E9001', 'E9003', 'E9004', '2026-W07', '2026-03', '2026-02-01') },
  );
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? -1e12;
  const max = s.maximum ?? 1e12;
  const edges = [min, max, 0, 1, -1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, -0].filter((n) => !integer || Number.isInteger(n));
  return fc.oneof(
    { weight: 4, arbitrary: integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
  );
}

/** An arbitrary of values that mostly satisfy `schema` (plus edge values and hostile strings). */
export function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<Json> {
  const s = schema ?? {};
  if (s.const !== undefined) return fc.constant(s.const as Json);
  if (s.enum) return fc.constantFrom(...(s.enum as Json[]));
  const branches = s.oneOf ?? s.anyOf;
  if (branches?.length) {
    const { oneOf: _o, anyOf: _a, ...rest } = s;
    return fc.oneof(...branches.map((b) => arbitraryFor({ ...rest, ...b, properties: { ...rest.properties, ...b.properties }, required: [...(rest.required ?? []), ...(b.required ?? [])] }, depth)));
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : [];
  if (types.length === 0) {
    return depth > 3 ? fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)) : fc.jsonValue({ maxDepth: 2 }).map((v) => v as Json);
  }
  return fc.oneof(
    ...types.map((t): fc.Arbitrary<Json> => {
      switch (t) {
        case 'string':
          return stringArb(s);
        case 'integer':
          return numberArb(s, true);
        case 'number':
          return numberArb(s, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array': {
          if (depth > 5) return fc.constant([]);
          const maxItems = Math.min(s.maxItems ?? 3, 3);
          return fc.array(arbitraryFor(s.items, depth + 1), { minLength: Math.min(s.minItems ?? 0, maxItems), maxLength: maxItems });
        }
        case 'object':
        default: {
          if (depth > 5) return fc.constant({});
          const props = s.properties ?? {};
          const required = new Set(s.required ?? []);
          const entries = Object.entries(props);
          const record: Record<string, fc.Arbitrary<Json>> = {};
          for (const [k, v] of entries) record[k] = arbitraryFor(v, depth + 1);
          const requiredKeys = entries.map(([k]) => k).filter((k) => required.has(k));
          const base = entries.length ? fc.record(record, { requiredKeys }) : fc.constant({});
          const extra =
            typeof s.additionalProperties === 'object'
              ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }).filter((k) => !PROTO_KEYS.includes(k)), arbitraryFor(s.additionalProperties, depth + 1), { maxKeys: 3 })
              : s.additionalProperties === false || entries.length
                ? fc.constant({})
                : fc.dictionary(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }).filter((k) => !PROTO_KEYS.includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
          return fc.tuple(base, extra).map(([a, b]) => ({ ...(b as Record<string, Json>), ...(a as Record<string, Json>) }) as Json);
        }
      }
    }),
  );
}

/* ------------------------------------------------------------------------------------------ */
/* mutations                                                                                   */
/* ------------------------------------------------------------------------------------------ */

export const MUTATION_KINDS = [
  'none',
  'wrong-type',
  'drop-field',
  'unknown-field',
  'shadow-key',
  'proto-key',
  'huge-string',
  'huge-array',
  'deep-nesting',
  'rule-bomb',
  'template',
  'sql',
  'unicode',
  'raw-number',
  'invalid-utf8',
  'malformed',
  'content-type',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Index (modulo) into the value's paths. */
  at: number;
  /** Index (modulo) into the kind's variants. */
  pick: number;
}

/** A quarter of the cases keep the (schema-generated or hand-written) body as it is: valid-ish input reaches the handlers. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.oneof({ weight: 5, arbitrary: fc.constant<MutationKind>('none') }, { weight: 16, arbitrary: fc.constantFrom(...MUTATION_KINDS.filter((k) => k !== 'none')) }),
  at: fc.nat({ max: 10_000 }),
  pick: fc.nat({ max: 10_000 }),
});

/** A request body to send: text or raw bytes, with the content type (null: no header). */
export interface FuzzBody {
  label: string;
  body?: string | Uint8Array;
  contentType: string | null;
}

type Path = Array<string | number>;

function paths(value: Json, limit = 400): Array<{ path: Path; value: Json }> {
  const out: Array<{ path: Path; value: Json }> = [];
  const queue: Array<{ path: Path; value: Json }> = [{ path: [], value }];
  while (queue.length && out.length < limit) {
    const cur = queue.shift() as { path: Path; value: Json };
    out.push(cur);
    if (Array.isArray(cur.value)) cur.value.slice(0, 20).forEach((v, i) => queue.push({ path: [...cur.path, i], value: v }));
    else if (cur.value && typeof cur.value === 'object') for (const [k, v] of Object.entries(cur.value)) queue.push({ path: [...cur.path, k], value: v });
  }
  return out;
}

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? {} : value;
  let cur = root as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = value;
  return root;
}

const MARK = '\u0001CF-RAW-\u0001';
const MARK_KEY = '\u0001CF-KEY-\u0001';
const enc = new TextEncoder();

/** Serializes `value` with the marker string value (or key) replaced by raw text or raw bytes. */
function splice(value: Json, raw: string | Uint8Array, asKey = false): string | Uint8Array {
  const text = JSON.stringify(value);
  const needle = JSON.stringify(asKey ? MARK_KEY : MARK);
  const at = text.indexOf(needle);
  if (at < 0) return text;
  if (typeof raw === 'string') return text.slice(0, at) + raw + text.slice(at + needle.length);
  const before = enc.encode(text.slice(0, at));
  const after = enc.encode(text.slice(at + needle.length));
  const out = new Uint8Array(before.length + raw.length + after.length);
  out.set(before, 0);
  out.set(raw, before.length);
  out.set(after, before.length + raw.length);
  return out;
}

/** Paths under which a JSON-logic rule lives in a workflow definition (rule bombs aim there first). */
function isRuleSlot(path: Path): boolean {
  const last = String(path[path.length - 1] ?? '');
  return ['rule', 'filter', 'until'].includes(last) || path.includes('input') || path.includes('assignments');
}

/** Turns a base body and a mutation into the request to send. */
export function applyMutation(base: Json, m: Mutation): FuzzBody {
  const value = structuredClone(base) as Json;
  const all = paths(value);
  const nonRoot = all.filter((p) => p.path.length > 0);
  const pick = <T>(xs: readonly T[]): T => xs[m.pick % xs.length] as T;
  const target = (list = nonRoot) => (list.length ? (list[m.at % list.length] as { path: Path; value: Json }) : { path: [] as Path, value });
  const containers = all.filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value));
  const json = (label: string, v: Json): FuzzBody => ({ label, body: JSON.stringify(v), contentType: 'application/json' });
  const raw = (label: string, body: string | Uint8Array): FuzzBody => ({ label, body, contentType: 'application/json' });

  switch (m.kind) {
    case 'none':
      return json('valid-ish', value);
    case 'wrong-type': {
      const t = target();
      const wrong = WRONG_TYPE_VALUES.filter((w) => typeof w !== typeof t.value || Array.isArray(w) !== Array.isArray(t.value));
      return json(`wrong-type at ${t.path.join('.')}`, setAt(value, t.path, pick(wrong)));
    }
    case 'drop-field': {
      const t = target();
      return json(`drop ${t.path.join('.')}`, setAt(value, t.path, undefined));
    }
    case 'unknown-field': {
      const c = target(containers.length ? containers : all);
      if (c.value === null || typeof c.value !== 'object' || Array.isArray(c.value)) return json('unknown-field at root', { ...(value as object), zzUnknown: 1 } as Json);
      (c.value as Record<string, Json>)[pick(['zzUnknown', 'extra', 'id2', 'ÄÖÜ', 'x'.repeat(300)])] = pick(WRONG_TYPE_VALUES);
      return json(`unknown-field at ${c.path.join('.')}`, value);
    }
    case 'shadow-key': {
      const c = target(containers.length ? containers : all);
      if (c.value === null || typeof c.value !== 'object' || Array.isArray(c.value)) return json('shadow-key', value);
      const key = pick(SHADOW_KEYS);
      (c.value as Record<string, Json>)[key] = pick(WRONG_TYPE_VALUES);
      return json(`shadow key "${key}" at ${c.path.join('.')}`, value);
    }
    case 'proto-key': {
      const c = target(containers.length ? containers : all);
      const key = pick(PROTO_KEYS);
      const payload = pick(['{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '"x"', '1', 'null', '[{"polluted":"yes"}]']);
      if (c.value === null || typeof c.value !== 'object' || Array.isArray(c.value)) {
        setAt(value, c.path, { [MARK_KEY]: 0 });
      } else (c.value as Record<string, Json>)[MARK_KEY] = 0;
      const text = JSON.stringify(value).replace(`${JSON.stringify(MARK_KEY)}:0`, `"${key}":${payload}`);
      return raw(`proto key "${key}" at ${c.path.join('.') || 'root'}`, text);
    }
    case 'huge-string': {
      const t = target();
      const n = pick([10_000, 100_000, 500_000, 1_000_000, 1_048_600]);
      const ch = pick(['x', '中', '\\', '"', '😀']);
      return json(`huge string (${n} × ${JSON.stringify(ch)}) at ${t.path.join('.')}`, setAt(value, t.path, ch.repeat(Math.floor(n / Math.max(1, enc.encode(ch).length)))));
    }
    case 'huge-array': {
      const t = target();
      const n = pick([1_000, 10_001, 100_000, 300_000]);
      const item = pick<Json>([0, null, {}, 'E9003', []]);
      return json(`huge array (${n}) at ${t.path.join('.')}`, setAt(value, t.path, range(n, () => item)));
    }
    case 'deep-nesting': {
      const t = target();
      const d = pick([20, 60, 99, 101, 150, 1_000, 100_000]);
      const text = pick([deepArrayText, deepObjectText])(d);
      return raw(`nesting ${d} at ${t.path.join('.')}`, splice(setAt(value, t.path, MARK), text));
    }
    case 'rule-bomb': {
      const slots = nonRoot.filter((p) => isRuleSlot(p.path));
      const t = target(slots.length ? slots : nonRoot);
      const bomb = pick(RULE_BOMBS);
      return raw(`rule bomb ${bomb.name} at ${t.path.join('.')}`, splice(setAt(value, t.path, MARK), bomb.text()));
    }
    case 'template':
    case 'sql':
    case 'unicode': {
      const strings = nonRoot.filter((p) => typeof p.value === 'string');
      const t = target(strings.length ? strings : nonRoot);
      const s = pick(m.kind === 'template' ? TEMPLATE_STRINGS : m.kind === 'sql' ? SQL_STRINGS : UNICODE_STRINGS);
      return json(`${m.kind} ${JSON.stringify(s.slice(0, 40))} at ${t.path.join('.')}`, setAt(value, t.path, s));
    }
    case 'raw-number': {
      const nums = nonRoot.filter((p) => typeof p.value === 'number');
      const t = target(nums.length ? nums : nonRoot);
      const n = pick(RAW_NUMBERS);
      return raw(`number ${n} at ${t.path.join('.')}`, splice(setAt(value, t.path, MARK), n));
    }
    case 'invalid-utf8': {
      const strings = nonRoot.filter((p) => typeof p.value === 'string');
      const t = target(strings.length ? strings : nonRoot);
      const bytes = pick(INVALID_UTF8);
      const inner = new Uint8Array([0x22, 0x61, ...bytes, 0x62, 0x22]); // "a<bytes>b"
      return raw(`invalid UTF-8 ${bytes.map((b) => b.toString(16)).join(' ')} at ${t.path.join('.')}`, splice(setAt(value, t.path, MARK), inner));
    }
    case 'malformed': {
      const text = JSON.stringify(value);
      const pos = m.at % Math.max(1, text.length);
      const variant = m.pick % 6;
      const broken =
        variant === 0
          ? text.slice(0, pos) // truncated
          : variant === 1
            ? text.slice(0, pos) + pick(['"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', "'"]) + text.slice(pos)
            : variant === 2
              ? text.slice(0, pos) + text.slice(pos + 1) // a character missing
              : variant === 3
                ? text.replace(/"/g, "'")
                : variant === 4
                  ? `${text},`
                  : pick(MALFORMED_JSON);
      return raw(`malformed (${['truncated', 'inserted', 'deleted', 'single quotes', 'trailing comma', 'corpus'][variant]})`, broken);
    }
    case 'content-type': {
      const type = pick(WRONG_CONTENT_TYPES);
      return { label: `content-type ${String(type)}`, body: JSON.stringify(value), contentType: type };
    }
  }
}
