/** Left-to-right auto-layout of a workflow graph with dagre. */
import dagre from '@dagrejs/dagre';
import type { WorkflowDefinition } from '@coachflow/model';
import type { CanvasNodeMove } from './canvas.types';

/** Card size used for layout (matches .cf-node in WorkflowNodeCard.vue). */
export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 88;

/** New top-left positions for every node, snapped to the 16 px grid. */
export function layoutWorkflow(def: WorkflowDefinition, options: { rankSep?: number; nodeSep?: number } = {}): CanvasNodeMove[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranksep: options.rankSep ?? 80, nodesep: options.nodeSep ?? 48, marginx: 40, marginy: 40 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of def.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of def.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const snap = (v: number) => Math.round(v / 16) * 16;
  return def.nodes.map((n) => {
    const p = g.node(n.id);
    return { id: n.id, position: { x: snap(p.x - NODE_WIDTH / 2), y: snap(p.y - NODE_HEIGHT / 2) } };
  });
}
