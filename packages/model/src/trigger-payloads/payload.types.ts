import type { JsonSchema } from '../json-schema.types.js';

/** A trigger's payload schema and an example that validates against it. */
export interface PayloadSpec {
  payload: JsonSchema;
  example: Record<string, unknown>;
}

/** Shorthands for the payload schemas. */
export const str: JsonSchema = { type: 'string', minLength: 1 };
export const num: JsonSchema = { type: 'number' };
export const numOrNull: JsonSchema = { type: ['number', 'null'] };
export const date: JsonSchema = { type: 'string', format: 'date' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
/** A reporting period: ISO week `2026-W07`, month `2026-03`, quarter `2026-Q1` or a date. */
export const period: JsonSchema = {
  type: 'string',
  pattern: '^\\d{4}-(W\\d{2}|Q[1-4]|\\d{2}(-\\d{2})?)$',
  description: 'reporting period, e.g. 2026-W07, 2026-03, 2026-Q1',
};
export const EMPLOYEE_ID: JsonSchema = { type: 'string', minLength: 1, description: 'employee the event is about' };
/** Who raised a suggestion: a coaching conclusion or HR directly. */
export const SOURCE: JsonSchema = { type: 'string', enum: ['coaching', 'hr'] };
export const SOURCE_RECORD_ID: JsonSchema = { type: 'string', minLength: 1, description: 'coaching record the event comes from' };

/** An object schema; the top level of a payload stays open so systems can send extra evidence. */
export function payloadObject(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { type: 'object', additionalProperties: true, required, properties };
}

/** A nested object schema with all listed fields typed. */
export function obj(properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', required, properties };
}

/** An array schema. */
export function arr(items: JsonSchema, extra: JsonSchema = {}): JsonSchema {
  return { type: 'array', items, ...extra };
}
