/**
 * Graph helpers over a workflow's nodes and edges: adjacency, reachability, ancestors and cycles
 * (strongly connected components). Iterative, so a huge definition cannot overflow the stack.
 */
import { DEFAULT_HANDLE } from './workflow.types.js';

/** The minimal node shape the helpers need. */
export interface GraphNode {
  id: string;
  kind: string;
  config?: unknown;
}

/** An edge with its handle resolved (`out` when omitted). */
export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

/** Nodes by id plus outgoing and incoming edges per node. */
export interface WorkflowGraph {
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  outgoing: Map<string, GraphEdge[]>;
  incoming: Map<string, GraphEdge[]>;
}

/** Builds the graph; edges whose source or target is not a node are left out. */
export function buildGraph(
  nodes: Iterable<GraphNode>,
  edges: Iterable<{ id: string; source: string; sourceHandle?: string | null; target: string }>,
): WorkflowGraph {
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const graph: WorkflowGraph = { nodes: byId, edges: [], outgoing: new Map(), incoming: new Map() };
  for (const id of byId.keys()) {
    graph.outgoing.set(id, []);
    graph.incoming.set(id, []);
  }
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const edge: GraphEdge = { id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? DEFAULT_HANDLE, target: e.target };
    graph.edges.push(edge);
    graph.outgoing.get(edge.source)?.push(edge);
    graph.incoming.get(edge.target)?.push(edge);
  }
  return graph;
}

/**
 * Nodes reachable from `roots` following edges forward (roots included).
 * Nodes for which `blocks` returns true are reached but not passed through.
 */
export function reachableFrom(graph: WorkflowGraph, roots: Iterable<string>, blocks?: (id: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots].filter((r) => graph.nodes.has(r));
  for (const r of stack) seen.add(r);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (blocks?.(id)) continue;
    for (const e of graph.outgoing.get(id) ?? []) {
      if (!seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}

/** Nodes from which `nodeId` can be reached (its ancestors), excluding `nodeId` itself. */
export function ancestorsOf(graph: WorkflowGraph, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const e of graph.incoming.get(id) ?? []) {
      if (!seen.has(e.source)) {
        seen.add(e.source);
        stack.push(e.source);
      }
    }
  }
  seen.delete(nodeId);
  return seen;
}

/**
 * The cycles of the graph as strongly connected components of two or more nodes (Tarjan,
 * iterative). Self-loops are not reported here.
 */
export function findCycles(graph: WorkflowGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;

  for (const start of graph.nodes.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const out = graph.outgoing.get(frame.id) ?? [];
      if (frame.next < out.length) {
        const target = (out[frame.next++] as GraphEdge).target;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string | undefined;
        do {
          id = stack.pop();
          if (id === undefined) break;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        if (component.length > 1) result.push(component.reverse());
      }
    }
  }
  return result;
}
