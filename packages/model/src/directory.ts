/**
 * What rules can read besides the trigger payload: the directory objects `employee`, `manager`
 * and `org` (resolved by the engine from the payload's `employeeId`), and each finished node's
 * output under `steps.<nodeId>`.
 */
import type { JsonSchema } from './json-schema.types.js';
import type { NodeKind } from './node-kinds.js';
import { isNodeKind } from './node-kinds.js';

const str: JsonSchema = { type: 'string' };
const strOrNull: JsonSchema = { type: ['string', 'null'] };

/** An employee as the directory provides it (`employee.*`; `manager.*` has the same shape). */
export const EMPLOYEE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'status'],
  properties: {
    id: { ...str, description: 'employee id' },
    name: { ...str, description: 'display name' },
    email: { ...str, format: 'email' },
    jobFamily: { ...str, description: 'job family, e.g. sales, engineering' },
    level: { ...str, description: 'grade, e.g. P5, M2' },
    location: { ...str, description: 'work location, e.g. 上海' },
    status: { type: 'string', enum: ['active', 'inactive', 'on_leave'] },
    managerId: { ...strOrNull, description: 'direct manager (直线经理)' },
    departmentId: str,
    teamId: strOrNull,
    hrbpId: strOrNull,
    locale: { type: 'string', enum: ['zh-CN', 'en'] },
  },
};

/** The direct manager of the employee (`manager.*`). */
export const MANAGER_SCHEMA: JsonSchema = EMPLOYEE_SCHEMA;

/** The employee's place in the organisation (`org.*`). */
export const ORG_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['departmentId', 'departmentName'],
  properties: {
    departmentId: str,
    departmentName: str,
    teamId: strOrNull,
    teamName: strOrNull,
    region: { ...strOrNull, description: 'region, e.g. 华东' },
  },
};

const decisionsSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      by: str,
      decision: { type: 'string', enum: ['approved', 'rejected'] },
      comment: str,
      at: { type: 'string', format: 'date-time' },
    },
  },
};

/**
 * Output schema of each node kind, read by later rules as `steps.<nodeId>.*`.
 * `set` outputs its assigned variables (see `stepOutputSchema`); `action` outputs whatever the
 * connector action returns, so any sub-path is accepted (schema `{}`).
 */
export const STEP_OUTPUT_SCHEMAS: Record<NodeKind, JsonSchema> = {
  trigger: { type: 'object', properties: { eventId: str, type: str } },
  condition: { type: 'object', properties: { result: { type: 'boolean' } } },
  switch: { type: 'object', properties: { case: { ...str, description: 'id of the case taken, or default' } } },
  set: { type: 'object', properties: {} },
  task: {
    type: 'object',
    properties: {
      taskId: str,
      completedBy: str,
      completedAt: { type: 'string', format: 'date-time' },
      data: { type: 'object', description: 'the submitted form data' },
    },
  },
  approval: {
    type: 'object',
    properties: { outcome: { type: 'string', enum: ['approved', 'rejected'] }, decisions: decisionsSchema },
  },
  action: { description: 'connector-defined output' },
  notify: { type: 'object', properties: { channel: str, recipients: { type: 'integer', minimum: 0 } } },
  delay: { type: 'object', properties: { firedAt: { type: 'string', format: 'date-time' } } },
  end: { type: 'object', properties: { outcome: str } },
};

/** The output schema of one node; for `set` its properties are the assigned variable names. */
export function stepOutputSchema(node: { kind: unknown; config?: unknown }): JsonSchema {
  if (!isNodeKind(node.kind)) return {};
  if (node.kind !== 'set') return STEP_OUTPUT_SCHEMAS[node.kind];
  const properties: Record<string, JsonSchema> = {};
  for (const name of assignedNames(node.config)) properties[name] = {};
  return { type: 'object', properties };
}

/** Variable names assigned by a set node config, tolerant of malformed configs. */
export function assignedNames(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const assignments: unknown = (config as { assignments?: unknown }).assignments;
  if (!Array.isArray(assignments)) return [];
  const names: string[] = [];
  for (const a of assignments as unknown[]) {
    const name = typeof a === 'object' && a !== null ? (a as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}
