/**
 * Copy/paste of canvas fragments, pure: a fragment is the selected nodes (with their config) and
 * the edges between them; pasting gives every node a fresh id (`task_3`), rewires the edges, and
 * offsets the positions. The JSON text form (`{ "format": "coachflow/fragment", … }`) is what goes
 * to the system clipboard, so a fragment can also travel between tabs.
 */
import { isNodeKind, type NodeKind, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from '@coachflow/model';

export const FRAGMENT_FORMAT = 'coachflow/fragment';

export interface WorkflowFragment {
  format: typeof FRAGMENT_FORMAT;
  version: 1;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

/** Offset of each successive paste (two grid cells, so pasted cards stay on the 16 px grid). */
export const PASTE_OFFSET = 32;

/** Definitions are JSON; a JSON round trip also strips reactive proxies. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An unused node id `<kind>_<n>`, starting after the count of nodes of that kind. */
export function freshNodeId(kind: NodeKind, nodes: readonly Pick<WorkflowNode, 'id' | 'kind'>[], taken: ReadonlySet<string> = new Set()): string {
  let n = nodes.filter((x) => x.kind === kind).length + 1;
  const used = (id: string) => taken.has(id) || nodes.some((x) => x.id === id);
  while (used(`${kind}_${n}`)) n++;
  return `${kind}_${n}`;
}

/** An unused edge id `e_<source>_<handle>_<target>` (suffixed `_2`, `_3`… when taken). */
export function freshEdgeId(source: string, handle: string | undefined, target: string, taken: (id: string) => boolean): string {
  const base = `e_${source}_${handle ?? 'out'}_${target}`;
  let id = base;
  let n = 2;
  while (taken(id)) id = `${base}_${n++}`;
  return id;
}

/** The nodes `ids` (in document order) and the edges whose both ends are among them; null when none. */
export function copyFragment(def: WorkflowDefinition, ids: Iterable<string>): WorkflowFragment | null {
  const wanted = new Set(ids);
  const nodes = def.nodes.filter((n) => wanted.has(n.id));
  if (nodes.length === 0) return null;
  const kept = new Set(nodes.map((n) => n.id));
  const edges = def.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return clone({ format: FRAGMENT_FORMAT, version: 1, nodes, edges });
}

export function fragmentToText(fragment: WorkflowFragment): string {
  return JSON.stringify(fragment, null, 2);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A fragment from clipboard text, or null when the text is not one (any other text is ignored). */
export function parseFragment(text: string): WorkflowFragment | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v) || v.format !== FRAGMENT_FORMAT || v.version !== 1 || !Array.isArray(v.nodes) || !Array.isArray(v.edges)) return null;
  const nodes = v.nodes.filter((n): n is WorkflowNode => isRecord(n) && typeof n.id === 'string' && n.id !== '' && isNodeKind(n.kind));
  if (nodes.length === 0 || nodes.length !== v.nodes.length) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = v.edges.filter(
    (e): e is WorkflowEdge => isRecord(e) && typeof e.id === 'string' && typeof e.source === 'string' && typeof e.target === 'string' && ids.has(e.source) && ids.has(e.target),
  );
  return { format: FRAGMENT_FORMAT, version: 1, nodes: clone(nodes), edges: clone(edges) };
}

export type PastePlan =
  | { ok: true; nodes: WorkflowNode[]; edges: WorkflowEdge[]; /** old id → new id */ idMap: Record<string, string> }
  /** `trigger`: the fragment holds a trigger and the workflow has one already (one per workflow). */
  | { ok: false; reason: 'trigger' };

/**
 * The nodes and edges to add to `def` for a paste of `fragment`, moved by `offset`. Config, names
 * and handles are kept; ids are fresh in `def`.
 */
export function planPaste(def: WorkflowDefinition, fragment: WorkflowFragment, offset: { x: number; y: number }): PastePlan {
  if (fragment.nodes.some((n) => n.kind === 'trigger') && def.nodes.some((n) => n.kind === 'trigger')) return { ok: false, reason: 'trigger' };
  const idMap: Record<string, string> = {};
  const taken = new Set<string>();
  const all: Array<Pick<WorkflowNode, 'id' | 'kind'>> = [...def.nodes];
  const nodes = fragment.nodes.map((source, i) => {
    const id = freshNodeId(source.kind, all, taken);
    taken.add(id);
    all.push({ id, kind: source.kind });
    idMap[source.id] = id;
    const base = source.position ?? { x: 80 + i * 40, y: 160 };
    return { ...clone(source), id, position: { x: Math.round(base.x + offset.x), y: Math.round(base.y + offset.y) } } as WorkflowNode;
  });
  const edgeIds = new Set(def.edges.map((e) => e.id));
  const edges = fragment.edges.flatMap((e) => {
    const source = idMap[e.source];
    const target = idMap[e.target];
    if (!source || !target) return [];
    const id = freshEdgeId(source, e.sourceHandle, target, (x) => edgeIds.has(x));
    edgeIds.add(id);
    const edge: WorkflowEdge = e.sourceHandle ? { id, source, sourceHandle: e.sourceHandle, target } : { id, source, target };
    return [edge];
  });
  return { ok: true, nodes, edges, idMap };
}
