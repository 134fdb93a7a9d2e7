/** Chooses the form widget for a JSON Schema field of a node config (NodeConfigPanel / SchemaField). */
import { ISO_DURATION_PATTERN, type JsonSchema } from '@coachflow/model';

export type FieldWidget =
  | 'rule'
  | 'assignee'
  | 'assigneeList'
  | 'duration'
  | 'enum'
  | 'text'
  | 'textarea'
  | 'number'
  | 'boolean'
  | 'object'
  | 'objectList'
  | 'json';

/** Fields whose text is long or a `{{path}}` template. */
const LONG_TEXT_FIELDS = new Set(['description', 'body']);

/** An AssigneeRef schema: an object whose `type` enumerates the relations. */
export function isAssigneeSchema(schema: JsonSchema | undefined): boolean {
  const type = schema?.properties?.type;
  return schema?.type === 'object' && Array.isArray(type?.enum) && type.enum.includes('directManager');
}

/** A JSON-logic rule field: any JSON value, so its schema has neither type nor structure. */
export function isRuleSchema(schema: JsonSchema): boolean {
  return schema.type === undefined && !schema.properties && !schema.enum && !schema.oneOf && !schema.anyOf && !schema.items;
}

export function widgetFor(schema: JsonSchema, key: string): FieldWidget {
  if (isRuleSchema(schema)) return 'rule';
  if (isAssigneeSchema(schema)) return 'assignee';
  if (schema.type === 'array' && isAssigneeSchema(schema.items)) return 'assigneeList';
  if (schema.type === 'array' && schema.items?.type === 'object' && schema.items.properties) return 'objectList';
  if (schema.type === 'string' && schema.pattern === ISO_DURATION_PATTERN) return 'duration';
  if (schema.enum) return 'enum';
  if (schema.type === 'string') return LONG_TEXT_FIELDS.has(key) || (schema.maxLength ?? 0) > 1000 ? 'textarea' : 'text';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'object' && schema.properties && Object.keys(schema.properties).length > 0) return 'object';
  return 'json';
}
