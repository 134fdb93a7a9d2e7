/**
 * What changed between two workflow definitions (two published versions, or a version and the
 * draft), pure: nodes added / removed / changed with the config fields that changed, edges added /
 * removed, and the trigger's event and filter. Nodes match by id, edges by source, handle and
 * target (an edge re-created under another id is the same connection). Positions are layout only:
 * a moved node is listed in `moved`, not as changed.
 *
 * Config is compared field by field, guided by the node kind's config schema: a JSON-logic rule
 * field (any-JSON schema, or a value shaped like a rule where there is no schema) is compared as
 * one value, so a changed rule is one change with its before/after, not a scatter of inner paths.
 */
import { NODE_CATALOGUE, isNodeKind, type JsonSchema, type NodeKind, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from '@coachflow/model';
import { isOperatorName } from '@coachflow/rules';
import { isRuleSchema } from '@/panels/schema-widgets';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Dotted path from the node: `name`, `config.rule`, `config.cases.0.rule`, `config.assignee.type`. */
  path: string;
  /** `undefined` when the field is new. */
  before: unknown;
  /** `undefined` when the field was removed. */
  after: unknown;
  /** The field is a JSON-logic rule (shown as text and as JSON side by side). */
  isRule: boolean;
}

export interface NodeDiff {
  id: string;
  kind: NodeKind | string;
  /** The node's name (after, else before), if it has one. */
  name?: string;
  change: ChangeKind;
  /** The changed fields (changed nodes only). */
  fields: FieldChange[];
}

export interface EdgeDiff {
  change: 'added' | 'removed';
  edge: WorkflowEdge;
}

export interface TriggerSide {
  event: string | null;
  filter: unknown;
}

export interface TriggerDiff {
  before: TriggerSide | null;
  after: TriggerSide | null;
  eventChanged: boolean;
  filterChanged: boolean;
}

export interface WorkflowDiff {
  nodes: NodeDiff[];
  edges: EdgeDiff[];
  /** Set when the trigger's event or filter changed (or the trigger appeared / went away). */
  trigger: TriggerDiff | null;
  /** Ids of nodes present on both sides whose only change is their position. */
  moved: string[];
  /** Nothing but positions differ. */
  identical: boolean;
  counts: { added: number; removed: number; changed: number; edgesAdded: number; edgesRemoved: number };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of JSON values (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
}

/** A value shaped like a JSON-logic operation: one key, an operator name. */
function looksLikeRule(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && isOperatorName(keys[0] as string);
}

function childSchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (!schema) return undefined;
  const prop = schema.properties?.[key];
  if (prop) return prop;
  return isRecord(schema.additionalProperties) ? (schema.additionalProperties as JsonSchema) : undefined;
}

function diffValue(path: string, before: unknown, after: unknown, schema: JsonSchema | undefined, out: FieldChange[]): void {
  if (sameJson(before, after)) return;
  const isRule = schema ? isRuleSchema(schema) : looksLikeRule(before) || looksLikeRule(after);
  if (isRule) {
    out.push({ path, before, after, isRule: true });
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) diffValue(`${path}.${key}`, before[key], after[key], childSchema(schema, key), out);
    return;
  }
  // Lists of objects (switch cases, set assignments, approvers): item by item.
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every(isRecord)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) diffValue(`${path}.${i}`, before[i], after[i], schema?.items, out);
    return;
  }
  out.push({ path, before, after, isRule: false });
}

/** The changed fields of one node (name, kind and config; not its position). */
export function diffNode(before: WorkflowNode, after: WorkflowNode): FieldChange[] {
  const out: FieldChange[] = [];
  if (before.kind !== after.kind) out.push({ path: 'kind', before: before.kind, after: after.kind, isRule: false });
  if ((before.name ?? '') !== (after.name ?? '')) out.push({ path: 'name', before: before.name, after: after.name, isRule: false });
  const schema = before.kind === after.kind && isNodeKind(after.kind) ? NODE_CATALOGUE[after.kind].configSchema : undefined;
  diffValue('config', before.config, after.config, schema, out);
  return out;
}

function edgeKey(e: WorkflowEdge): string {
  return `${e.source}\u0000${e.sourceHandle ?? 'out'}\u0000${e.target}`;
}

function triggerSide(def: WorkflowDefinition): TriggerSide | null {
  const node = def.nodes.find((n) => n.kind === 'trigger');
  if (!node) return null;
  const config = (isRecord(node.config) ? node.config : {}) as { event?: unknown; filter?: unknown };
  return { event: typeof config.event === 'string' ? config.event : null, filter: config.filter };
}

function diffTrigger(before: WorkflowDefinition, after: WorkflowDefinition): TriggerDiff | null {
  const b = triggerSide(before);
  const a = triggerSide(after);
  if (!a && !b) return null;
  const eventChanged = (b?.event ?? null) !== (a?.event ?? null);
  const filterChanged = !sameJson(b?.filter, a?.filter);
  const presenceChanged = !a !== !b;
  return eventChanged || filterChanged || presenceChanged ? { before: b, after: a, eventChanged, filterChanged } : null;
}

function samePosition(a: WorkflowNode, b: WorkflowNode): boolean {
  return (a.position?.x ?? null) === (b.position?.x ?? null) && (a.position?.y ?? null) === (b.position?.y ?? null);
}

/** What changed from `before` to `after`. Nodes keep the order of `after`, removed ones follow. */
export function diffWorkflows(before: WorkflowDefinition, after: WorkflowDefinition): WorkflowDiff {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newIds = new Set(after.nodes.map((n) => n.id));
  const nodes: NodeDiff[] = [];
  const moved: string[] = [];
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) {
      nodes.push({ id: node.id, kind: node.kind, ...(node.name ? { name: node.name } : {}), change: 'added', fields: [] });
      continue;
    }
    const fields = diffNode(old, node);
    const name = node.name ?? old.name;
    if (fields.length) nodes.push({ id: node.id, kind: node.kind, ...(name ? { name } : {}), change: 'changed', fields });
    else if (!samePosition(old, node)) moved.push(node.id);
  }
  for (const old of before.nodes) {
    if (!newIds.has(old.id)) nodes.push({ id: old.id, kind: old.kind, ...(old.name ? { name: old.name } : {}), change: 'removed', fields: [] });
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  const edges: EdgeDiff[] = [
    ...after.edges.filter((e) => !oldEdges.has(edgeKey(e))).map((edge) => ({ change: 'added' as const, edge })),
    ...before.edges.filter((e) => !newEdges.has(edgeKey(e))).map((edge) => ({ change: 'removed' as const, edge })),
  ];
  const count = (c: ChangeKind) => nodes.filter((n) => n.change === c).length;
  const counts = {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    edgesAdded: edges.filter((e) => e.change === 'added').length,
    edgesRemoved: edges.filter((e) => e.change === 'removed').length,
  };
  return { nodes, edges, trigger: diffTrigger(before, after), moved, identical: nodes.length === 0 && edges.length === 0, counts };
}

/** Marks for the nodes of the `after` side (the draft on the canvas): added or changed. */
export function nodeMarks(diff: WorkflowDiff): Map<string, 'added' | 'changed'> {
  const out = new Map<string, 'added' | 'changed'>();
  for (const n of diff.nodes) if (n.change !== 'removed') out.set(n.id, n.change);
  return out;
}
