/**
 * Structural checks: the definition's shape, nodes, edges and handles. Produces the cleaned-up
 * node and edge lists the graph, config and rule checks work on.
 */
import { NODE_ID_PATTERN } from '../node-config-schemas.js';
import { handlesOf } from '../node-catalogue.js';
import { isNodeKind } from '../node-kinds.js';
import type { GraphEdge, GraphNode } from '../graph.js';
import { DEFAULT_HANDLE } from '../workflow.types.js';
import type { ValidationIssue } from './validation.types.js';
import { DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, ValidationCode as C } from './validation.types.js';

/** The parts of a definition that passed the structural checks. */
export interface ParsedDefinition {
  /** Valid nodes, first occurrence of each id, unknown kinds included. */
  nodes: GraphNode[];
  /** Edges between existing nodes, duplicates, self-loops and edges into triggers removed. */
  edges: GraphEdge[];
  /** Edges (also dangling or dropped ones) leaving each node, by handle: for dead-end detection. */
  usedHandles: Map<string, Set<string>>;
}

const ID_RE = new RegExp(NODE_ID_PATTERN, 'u');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs the structural checks; returns `null` when the definition cannot be analysed further. */
export function parseDefinition(
  definition: unknown,
  issues: ValidationIssue[],
  limits: { maxNodes?: number; maxEdges?: number },
): ParsedDefinition | null {
  if (!isRecord(definition)) {
    issues.push({ code: C.InvalidDefinition, severity: 'error', message: 'a workflow definition must be an object with nodes and edges' });
    return null;
  }
  const rawNodes = definition.nodes;
  const rawEdges = definition.edges;
  if (!Array.isArray(rawNodes) || !Array.isArray(rawEdges)) {
    for (const [key, value] of [['nodes', rawNodes], ['edges', rawEdges]] as const) {
      if (!Array.isArray(value)) issues.push({ code: C.InvalidDefinition, severity: 'error', path: key, message: `${key} must be an array` });
    }
    return null;
  }
  const maxNodes = limits.maxNodes ?? DEFAULT_MAX_NODES;
  const maxEdges = limits.maxEdges ?? DEFAULT_MAX_EDGES;
  if (rawNodes.length > maxNodes || rawEdges.length > maxEdges) {
    issues.push({
      code: C.LimitExceeded,
      severity: 'error',
      message: `a workflow may have at most ${maxNodes} nodes and ${maxEdges} edges (has ${rawNodes.length} and ${rawEdges.length}); not analysed further`,
    });
    return null;
  }
  const nodes = parseNodes(rawNodes as unknown[], issues);
  const { edges, usedHandles } = parseEdges(rawEdges as unknown[], nodes, issues);
  return { nodes, edges, usedHandles };
}

function parseNodes(rawNodes: unknown[], issues: ValidationIssue[]): GraphNode[] {
  const nodes: GraphNode[] = [];
  const seen = new Set<string>();
  rawNodes.forEach((raw, i) => {
    const path = `nodes.${i}`;
    if (!isRecord(raw)) {
      issues.push({ code: C.InvalidNode, severity: 'error', path, message: `node #${i} must be an object` });
      return;
    }
    const { id, kind } = raw;
    if (typeof id !== 'string' || !ID_RE.test(id)) {
      issues.push({ code: C.InvalidNode, severity: 'error', path: `${path}.id`, message: `node #${i} needs an id of 1-64 letters, digits, _ or -` });
      return;
    }
    if (seen.has(id)) {
      issues.push({ code: C.DuplicateNodeId, severity: 'error', nodeId: id, path, message: `node id "${id}" is used more than once` });
      return;
    }
    seen.add(id);
    if (!isNodeKind(kind)) {
      issues.push({ code: C.UnknownNodeKind, severity: 'error', nodeId: id, path: `${path}.kind`, message: `node "${id}" has an unknown kind ${JSON.stringify(kind ?? null)}` });
    }
    nodes.push({ id, kind: typeof kind === 'string' ? kind : String(kind), config: raw.config });
  });
  const triggers = nodes.filter((n) => n.kind === 'trigger');
  if (triggers.length === 0) {
    issues.push({ code: C.NoTrigger, severity: 'error', message: 'the workflow needs a trigger node' });
  }
  for (const extra of triggers.slice(1)) {
    issues.push({ code: C.MultipleTriggers, severity: 'error', nodeId: extra.id, message: `only one trigger per workflow; "${extra.id}" is a second one` });
  }
  return nodes;
}

function parseEdges(rawEdges: unknown[], nodes: GraphNode[], issues: ValidationIssue[]): Omit<ParsedDefinition, 'nodes'> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: GraphEdge[] = [];
  const usedHandles = new Map<string, Set<string>>();
  const edgeIds = new Set<string>();
  const triples = new Set<string>();
  const targetsByHandle = new Map<string, { source: string; handle: string; edgeIds: string[]; targets: Set<string> }>();

  rawEdges.forEach((raw, i) => {
    const path = `edges.${i}`;
    if (!isRecord(raw)) {
      issues.push({ code: C.InvalidEdge, severity: 'error', path, message: `edge #${i} must be an object` });
      return;
    }
    const { id, source, target } = raw;
    const handleRaw = raw.sourceHandle;
    if (typeof id !== 'string' || id === '' || typeof source !== 'string' || typeof target !== 'string' || (handleRaw != null && typeof handleRaw !== 'string')) {
      const edgeId = typeof id === 'string' && id !== '' ? id : undefined;
      issues.push({ code: C.InvalidEdge, severity: 'error', path, ...(edgeId ? { edgeId } : {}), message: `edge #${i} needs string id, source and target (and sourceHandle, when given)` });
      return;
    }
    const handle = typeof handleRaw === 'string' && handleRaw !== '' ? handleRaw : DEFAULT_HANDLE;
    const base = { edgeId: id, path };
    if (edgeIds.has(id)) issues.push({ code: C.DuplicateEdgeId, severity: 'error', ...base, message: `edge id "${id}" is used more than once` });
    edgeIds.add(id);

    const from = byId.get(source);
    const to = byId.get(target);
    if (!from || !to) {
      const missing = [!from ? `source "${source}"` : '', !to ? `target "${target}"` : ''].filter(Boolean).join(' and ');
      issues.push({ code: C.DanglingEdge, severity: 'error', ...base, message: `edge "${id}" points to a missing ${missing}` });
      if (from) markHandle(usedHandles, source, handle);
      return;
    }
    markHandle(usedHandles, source, handle);
    if (isNodeKind(from.kind) && !handlesOf(from).includes(handle)) {
      const allowed = handlesOf(from);
      issues.push({
        code: C.UnknownHandle,
        severity: 'error',
        ...base,
        nodeId: source,
        message: `a ${from.kind} node has no handle "${handle}"${allowed.length > 0 ? ` (handles: ${allowed.join(', ')})` : ' (it has no outgoing handles)'}`,
      });
    }
    const triple = `${source}\u0000${handle}\u0000${target}`;
    if (triples.has(triple)) {
      issues.push({ code: C.DuplicateEdge, severity: 'error', ...base, nodeId: source, message: `edge "${id}" repeats another edge from "${source}" (${handle}) to "${target}"` });
      return;
    }
    triples.add(triple);
    if (source === target) {
      issues.push({ code: C.SelfLoop, severity: 'error', ...base, nodeId: source, message: `edge "${id}" connects node "${source}" to itself; loops are not allowed` });
      return;
    }
    if (to.kind === 'trigger') {
      issues.push({ code: C.TriggerHasIncoming, severity: 'error', ...base, nodeId: target, message: `edge "${id}" enters the trigger "${target}"; a trigger cannot have incoming edges` });
      return;
    }
    const key = `${source}\u0000${handle}`;
    const group = targetsByHandle.get(key) ?? { source, handle, edgeIds: [], targets: new Set<string>() };
    group.edgeIds.push(id);
    group.targets.add(target);
    targetsByHandle.set(key, group);
    edges.push({ id, source, sourceHandle: handle, target });
  });

  for (const g of targetsByHandle.values()) {
    if (g.targets.size < 2) continue;
    issues.push({
      code: C.HandleFanout,
      severity: 'error',
      nodeId: g.source,
      path: `handles.${g.handle}`,
      message: `handle "${g.handle}" of "${g.source}" has ${g.targets.size} edges (${g.edgeIds.join(', ')}); a run follows exactly one path, so each handle takes one edge (parallel approvers live inside an approval node)`,
    });
  }
  return { edges, usedHandles };
}

function markHandle(used: Map<string, Set<string>>, source: string, handle: string): void {
  const set = used.get(source) ?? new Set<string>();
  set.add(handle);
  used.set(source, set);
}
