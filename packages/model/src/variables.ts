/**
 * What a rule or `{{template}}` at a given node can read: `trigger.*` (from the trigger's payload
 * schema), `employee.*`, `manager.*`, `org.*` (when the payload is about an employee), `now`,
 * `vars.<name>` from set nodes upstream and `steps.<id>.*` of upstream nodes.
 * The designer's variable picker and the validator's UNKNOWN_VARIABLE check both use it.
 */
import { EMPLOYEE_SCHEMA, MANAGER_SCHEMA, ORG_SCHEMA, assignedNames, stepOutputSchema } from './directory.js';
import type { WorkflowGraph } from './graph.js';
import { ancestorsOf, buildGraph } from './graph.js';
import type { JsonSchema } from './json-schema.types.js';
import { TRIGGER_CATALOGUE, triggerHasEmployee } from './trigger-catalogue.js';
import { isTriggerType } from './triggers.js';
import type { WorkflowDefinition } from './workflow.types.js';

/** Where a variable comes from. */
export type VariableSource = 'trigger' | 'employee' | 'manager' | 'org' | 'vars' | 'steps' | 'now';

/** Type of a variable; `object` without listed fields, `array` and `any` accept any sub-path. */
export type VariableType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array' | 'any';

/** One readable path. */
export interface VariableInfo {
  /** Dotted path as used in `{"var": …}` and `{{…}}`, e.g. `trigger.kpi.name`. */
  path: string;
  type: VariableType;
  description?: string;
  source: VariableSource;
  /** Allowed values, when the schema lists them. */
  enum?: readonly (string | number | boolean | null)[];
}

const MAX_DEPTH = 8;
const OPEN_TYPES: ReadonlySet<VariableType> = new Set(['object', 'array', 'any']);

/** Flattens a schema to leaf paths: nested objects become their fields, arrays stay one `array` entry. */
export function flattenSchema(prefix: string, schema: JsonSchema, source: VariableSource, depth = 0): VariableInfo[] {
  const props = schema.properties;
  const isObject = schema.type === undefined || schema.type === 'object';
  if (isObject && props && Object.keys(props).length > 0 && depth < MAX_DEPTH) {
    return Object.entries(props).flatMap(([key, child]) => flattenSchema(`${prefix}.${key}`, child, source, depth + 1));
  }
  if (isObject && props && schema.type === 'object') return [];
  const info: VariableInfo = { path: prefix, type: variableType(schema), source };
  if (schema.description !== undefined) info.description = schema.description;
  if (schema.enum !== undefined) info.enum = schema.enum;
  return [info];
}

function variableType(schema: JsonSchema): VariableType {
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const main = types.find((t) => t !== 'null') ?? types[0];
  if (main === undefined) return schema.properties ? 'object' : 'any';
  return main;
}

/** The trigger event type of a definition's (first) trigger node, when it is a known type. */
export function triggerTypeOf(graph: WorkflowGraph): string | undefined {
  for (const node of graph.nodes.values()) {
    if (node.kind !== 'trigger') continue;
    const event: unknown = typeof node.config === 'object' && node.config !== null ? (node.config as { event?: unknown }).event : undefined;
    return typeof event === 'string' ? event : undefined;
  }
  return undefined;
}

/** Variables available at `nodeId` in an already built graph (see `availableVariables`). */
export function availableVariablesInGraph(graph: WorkflowGraph, nodeId: string): VariableInfo[] {
  const out: VariableInfo[] = [];
  const type = triggerTypeOf(graph);
  const known = isTriggerType(type);
  if (known) out.push(...flattenSchema('trigger', TRIGGER_CATALOGUE[type].payload, 'trigger'));
  else out.push({ path: 'trigger', type: 'any', source: 'trigger', description: 'payload of an unknown trigger type' });
  if (!known || triggerHasEmployee(type)) {
    out.push(...flattenSchema('employee', EMPLOYEE_SCHEMA, 'employee'));
    out.push(...flattenSchema('manager', MANAGER_SCHEMA, 'manager'));
    out.push(...flattenSchema('org', ORG_SCHEMA, 'org'));
  }
  out.push({ path: 'now', type: 'string', source: 'now', description: 'current time (ISO-8601)' });

  const ancestors = ancestorsOf(graph, nodeId);
  const vars = new Set<string>();
  for (const id of graph.nodes.keys()) {
    if (!ancestors.has(id)) continue;
    const node = graph.nodes.get(id);
    if (!node) continue;
    out.push(...flattenSchema(`steps.${id}`, stepOutputSchema(node), 'steps'));
    if (node.kind === 'set') for (const name of assignedNames(node.config)) vars.add(name);
  }
  for (const name of vars) out.push({ path: `vars.${name}`, type: 'any', source: 'vars' });
  return out;
}

/**
 * Variables a rule at `nodeId` can read. A set node's own assignments are not visible to its own
 * rules (they are only readable by later nodes).
 */
export function availableVariables(definition: WorkflowDefinition, nodeId: string): VariableInfo[] {
  return availableVariablesInGraph(buildGraph(definition.nodes, definition.edges), nodeId);
}

/**
 * Whether `path` can be read given `available`: an exact match, a container of available paths
 * (reading `trigger.kpi` as a whole), or a sub-path of an `object`/`array`/`any` variable
 * (`trigger.readings.0.value`, `steps.enrol.anything`). The empty path (whole data) is allowed.
 */
export function isPathAvailable(path: string, available: readonly VariableInfo[]): boolean {
  if (path === '') return true;
  for (const v of available) {
    if (v.path === path) return true;
    if (v.path.startsWith(`${path}.`)) return true;
    if (OPEN_TYPES.has(v.type) && path.startsWith(`${v.path}.`)) return true;
  }
  return false;
}
