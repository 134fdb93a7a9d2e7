import { describe, expect, it } from 'vitest';
import { checkJsonBody, MAX_JSON_DEPTH } from './body-parser.middleware.js';

const code = (body: unknown): string | null => {
  try {
    checkJsonBody(body);
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};
const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v]; // `levels` containers around a number
  return v;
};

describe('checkJsonBody', () => {
  it('accepts ordinary bodies, arrays and scalars', () => {
    expect(code(JSON.parse('{"type":"kpi.deviation","payload":{"employeeId":"E1","streak":3,"tags":["a",{"b":null}]}}'))).toBeNull();
    expect(code(JSON.parse('[1,2,{"x":[]}]'))).toBeNull();
    expect(code(JSON.parse('"text"'))).toBeNull();
    expect(code(JSON.parse('{"constructorName":"x","proto":1}'))).toBeNull();
  });
  it('refuses prototype-pollution keys at any depth, arrays included', () => {
    for (const text of ['{"__proto__":{"admin":true}}', '{"a":[{"b":{"constructor":{}}}]}', '[[{"prototype":1}]]']) expect(code(JSON.parse(text))).toBe('FORBIDDEN_KEY');
  });
  it('refuses numbers JSON.parse turned into Infinity, wherever they are', () => {
    for (const text of ['1e999', '{"a":-1e999}', '{"a":[1,2,1e400]}']) expect(code(JSON.parse(text))).toBe('NUMBER_OUT_OF_RANGE');
  });
  it('counts nesting like the depth limit says: MAX_JSON_DEPTH levels pass, one more does not', () => {
    expect(code(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(code(nested(MAX_JSON_DEPTH + 1))).toBe('JSON_TOO_DEEP');
    expect(code(nested(100_000))).toBe('JSON_TOO_DEEP');
  });
});
