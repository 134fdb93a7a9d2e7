import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './json-schema.types.js';
import { ASSIGNEE_SCHEMA, NODE_CONFIG_SCHEMAS } from './node-config-schemas.js';
import { checkSchema } from './schema-check.js';

describe('checkSchema', () => {
  const schema: JsonSchema = {
    type: 'object',
    required: ['name', 'tags'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 5 },
      size: { type: 'integer', minimum: 1, maximum: 3 },
      ratio: { type: ['number', 'null'] },
      tags: { type: 'array', minItems: 1, items: { type: 'string', enum: ['a', 'b'] } },
      code: { type: 'string', pattern: '^[A-Z]+$' },
    },
  };

  it('accepts a valid value', () => {
    expect(checkSchema({ name: 'ok', size: 2, ratio: null, tags: ['a'], code: 'AB' }, schema)).toEqual([]);
  });

  it('reports every problem with the field path', () => {
    const issues = checkSchema({ name: '', size: 2.5, ratio: 'x', tags: ['c'], code: 'ab', extra: 1 }, schema);
    expect(issues.map((i) => `${i.path}:${i.keyword}`).sort()).toEqual(
      ['code:pattern', 'extra:additionalProperties', 'name:minLength', 'ratio:type', 'size:type', 'tags.0:enum'].sort(),
    );
    expect(issues.find((i) => i.path === 'name')?.message).toBe('name must not be empty');
  });

  it('reports missing required fields and range violations', () => {
    const issues = checkSchema({ size: 9 }, schema);
    expect(issues.map((i) => i.message)).toEqual(['name is required', 'tags is required', 'size must be ≤ 3']);
  });

  it('explains a discriminated oneOf by its matching branch', () => {
    expect(checkSchema({ type: 'role' }, ASSIGNEE_SCHEMA, 'assignee').map((i) => i.message)).toEqual(['assignee.role is required']);
    expect(checkSchema({ type: 'role', role: 'hr_admin' }, ASSIGNEE_SCHEMA)).toEqual([]);
    expect(checkSchema({ type: 'boss' }, ASSIGNEE_SCHEMA).map((i) => i.keyword)).toContain('enum');
  });

  it('explains an anyOf of required fields', () => {
    expect(checkSchema({}, NODE_CONFIG_SCHEMAS.delay).map((i) => i.message)).toEqual(['value needs one of: duration, until']);
    expect(checkSchema({ duration: 'PT2S' }, NODE_CONFIG_SCHEMAS.delay)).toEqual([]);
  });

  it('caps the number of issues and survives deep values', () => {
    const many = checkSchema({ tags: Array.from({ length: 500 }, () => 'z'), name: 'n' }, schema);
    expect(many.length).toBeLessThanOrEqual(50);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const loose: JsonSchema = { type: 'object', additionalProperties: { type: 'object', additionalProperties: {} } };
    expect(() => checkSchema(deep, loose)).not.toThrow();
  });
});
