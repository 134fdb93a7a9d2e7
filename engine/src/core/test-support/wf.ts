/**
 * A small builder of workflow definitions for core tests.
 *
 * ```ts
 * const def = wf()
 *   .trigger('t')
 *   .node('c', 'condition', { rule: { '>=': [{ var: 'trigger.streak' }, 3] } })
 *   .node('end', 'end', {})
 *   .edge('t', 'c').edge('c', 'end', 'true')
 *   .build();
 * ```
 */
import type { NodeConfigByKind, NodeKind, TriggerType, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@coachflow/model';

/** Fluent builder of a {@link WorkflowDefinition}. */
export class WorkflowBuilder {
  readonly #nodes: WorkflowNode[] = [];
  readonly #edges: WorkflowEdge[] = [];

  /** Adds a node of `kind` with `config`. */
  node<K extends NodeKind>(id: string, kind: K, config: NodeConfigByKind[K]): this {
    // The mapped `WorkflowNode` union cannot be narrowed from a generic K; the shape is the same.
    this.#nodes.push({ id, kind, config } as WorkflowNode);
    return this;
  }

  /** Adds the trigger node (default event `kpi.deviation`). */
  trigger(id = 't', event: TriggerType = 'kpi.deviation', filter?: unknown): this {
    return this.node(id, 'trigger', filter === undefined ? { event } : { event, filter });
  }

  /** Adds an edge `source --handle--> target` (no handle = the default `out`). */
  edge(source: string, target: string, handle?: string): this {
    const edge: WorkflowEdge = { id: `${source}-${handle ?? 'out'}-${target}`, source, target };
    if (handle !== undefined) edge.sourceHandle = handle;
    this.#edges.push(edge);
    return this;
  }

  /** Links the nodes in order by their default handles. */
  chain(...ids: string[]): this {
    for (let i = 1; i < ids.length; i++) this.edge(ids[i - 1] ?? '', ids[i] ?? '');
    return this;
  }

  /** The definition. */
  build(): WorkflowDefinition {
    return { nodes: [...this.#nodes], edges: [...this.#edges] };
  }
}

/** Starts a workflow builder. */
export function wf(): WorkflowBuilder {
  return new WorkflowBuilder();
}
