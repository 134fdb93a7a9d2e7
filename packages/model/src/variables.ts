/**
 * What a rule or `{{template}}` at a given node can read: `trigger.*` (from the trigger's payload
 * schema), `employee.*`, `manager.*`, `org.*` (when the payload is about an employee), `now`,
 * `vars.<name>` from set nodes upstream and `steps.<id>.*` of upstream nodes.
 * The designer's variable picker and the validator's UNKNOWN_VARIABLE check both use it.
 */
import { EMPLOYEE_SCHEMA, MANAGER_SCHEMA, ORG_SCHEMA, assignedNames, stepOutputSchema } from './directory.js';
import type { GraphNode, WorkflowGraph } from './graph.js';
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

/**
 * What a graph's variables are made of, computed once per graph (the validator asks for every node
 * with a rule or template; recomputing ancestors and flattening every ancestor's output schema per
 * node was quadratic in schema walks).
 */
interface GraphVariables {
  /** trigger.*, employee.*, manager.*, org.*, now: the same at every node. */
  base: VariableInfo[];
  /** Node ids in the graph's order (the order of `steps.*` and `vars.*` entries). */
  ids: string[];
  /** Flattened `steps.<id>.*` entries of each node (by index in `ids`). */
  steps: VariableInfo[][];
  /** Variable names a set node assigns (by index in `ids`). */
  assigned: string[][];
  /** Ancestors of each node as a bit set over indexes in `ids`; undefined for nodes on or after a cycle. */
  ancestors: Array<Uint32Array | undefined>;
  index: Map<string, number>;
}

/** Per-graph cache. Graphs are built per validation / per `availableVariables` call and not changed afterwards. */
const graphVariables = new WeakMap<WorkflowGraph, GraphVariables>();

function baseVariables(graph: WorkflowGraph): VariableInfo[] {
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
  return out;
}

/**
 * Ancestor sets of all nodes in one topological pass (Kahn): a node's ancestors are the union of
 * its parents and their ancestors. Nodes on a cycle, or downstream of one, are never released by
 * the pass and keep `undefined` (they fall back to a walk, `ancestorsOf`).
 */
function ancestorBitSets(graph: WorkflowGraph, ids: string[], index: Map<string, number>): Array<Uint32Array | undefined> {
  const n = ids.length;
  const words = Math.ceil(n / 32);
  const sets: Array<Uint32Array | undefined> = new Array<Uint32Array | undefined>(n).fill(undefined);
  const pending = new Int32Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    pending[i] = graph.incoming.get(ids[i] as string)?.length ?? 0;
    if (pending[i] === 0) queue.push(i);
  }
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q] as number;
    const own = new Uint32Array(words);
    for (const e of graph.incoming.get(ids[i] as string) ?? []) {
      const p = index.get(e.source) as number;
      const parent = sets[p] as Uint32Array;
      for (let w = 0; w < words; w++) own[w] = (own[w] as number) | (parent[w] as number);
      own[p >>> 5] = (own[p >>> 5] as number) | (1 << (p & 31));
    }
    // A node is not its own ancestor (only reachable through a cycle, which the pass never releases).
    sets[i] = own;
    for (const e of graph.outgoing.get(ids[i] as string) ?? []) {
      const t = index.get(e.target) as number;
      pending[t] = (pending[t] as number) - 1;
      if (pending[t] === 0) queue.push(t);
    }
  }
  return sets;
}

function variablesOfGraph(graph: WorkflowGraph): GraphVariables {
  let cached = graphVariables.get(graph);
  if (cached) return cached;
  const ids = [...graph.nodes.keys()];
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const steps: VariableInfo[][] = [];
  const assigned: string[][] = [];
  for (const id of ids) {
    const node = graph.nodes.get(id) as GraphNode;
    steps.push(flattenSchema(`steps.${id}`, stepOutputSchema(node), 'steps'));
    assigned.push(node.kind === 'set' ? assignedNames(node.config) : []);
  }
  cached = { base: baseVariables(graph), ids, steps, assigned, ancestors: ancestorBitSets(graph, ids, index), index };
  graphVariables.set(graph, cached);
  return cached;
}

/**
 * Variables available at `nodeId` in an already built graph (see `availableVariables`): the base
 * variables, then `steps.<id>.*` of every ancestor and `vars.<name>` of every set-node ancestor,
 * both in the graph's node order. The parts are computed once per graph object, so asking for
 * every node of a graph costs one schema walk per node; the returned array is new on every call,
 * its entries are shared between calls on the same graph (read them, do not change them).
 */
export function availableVariablesInGraph(graph: WorkflowGraph, nodeId: string): VariableInfo[] {
  const g = variablesOfGraph(graph);
  const out: VariableInfo[] = g.base.slice();
  const at = g.index.get(nodeId);
  const bits = at === undefined ? undefined : g.ancestors[at];
  const walked = bits === undefined ? ancestorsOf(graph, nodeId) : undefined;
  const vars = new Set<string>();
  for (let i = 0; i < g.ids.length; i++) {
    const isAncestor = bits !== undefined ? ((bits[i >>> 5] as number) & (1 << (i & 31))) !== 0 : (walked as Set<string>).has(g.ids[i] as string);
    if (!isAncestor) continue;
    for (const v of g.steps[i] as VariableInfo[]) out.push(v);
    for (const name of g.assigned[i] as string[]) vars.add(name);
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
  const container = `${path}.`;
  for (const v of available) {
    if (v.path === path) return true;
    if (v.path.startsWith(container)) return true;
    if (OPEN_TYPES.has(v.type) && path.length > v.path.length && path.charCodeAt(v.path.length) === 46 && path.startsWith(v.path)) return true;
  }
  return false;
}
