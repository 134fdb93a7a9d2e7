/**
 * An index of a workflow definition for the run loop: nodes by id and the one edge per
 * (source, handle). Built once per definition object and cached (definitions are immutable).
 */
import { DEFAULT_HANDLE } from '@coachflow/model';
import type { WorkflowDefinition, WorkflowNode } from '@coachflow/model';

/** Lookup structure of one definition. */
export interface WorkflowGraph {
  /** Nodes by id. */
  nodes: ReadonlyMap<string, WorkflowNode>;
  /** The trigger node, if the definition has one. */
  trigger: WorkflowNode | undefined;
  /** Target of the edge leaving `source` by `handle`, or undefined when there is none. */
  next(source: string, handle: string): string | undefined;
}

const cache = new WeakMap<WorkflowDefinition, WorkflowGraph>();

/** The (cached) graph of `definition`. The validator allows one edge per handle; the first one wins. */
export function graphOf(definition: WorkflowDefinition): WorkflowGraph {
  const hit = cache.get(definition);
  if (hit !== undefined) return hit;
  const nodes = new Map<string, WorkflowNode>();
  let trigger: WorkflowNode | undefined;
  for (const node of definition.nodes) {
    nodes.set(node.id, node);
    if (node.kind === 'trigger' && trigger === undefined) trigger = node;
  }
  const edges = new Map<string, Map<string, string>>();
  for (const edge of definition.edges) {
    let byHandle = edges.get(edge.source);
    if (byHandle === undefined) {
      byHandle = new Map();
      edges.set(edge.source, byHandle);
    }
    const handle = edge.sourceHandle ?? DEFAULT_HANDLE;
    if (!byHandle.has(handle)) byHandle.set(handle, edge.target);
  }
  const graph: WorkflowGraph = {
    nodes,
    trigger,
    next: (source, handle) => edges.get(source)?.get(handle),
  };
  cache.set(definition, graph);
  return graph;
}
