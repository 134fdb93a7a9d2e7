/**
 * The overview of a large workflow seen from far away (the compact level, see level-of-detail.ts):
 * what `CanvasOverview.vue` draws instead of one vue-flow component per node and per edge. Pure
 * geometry here (tested directly): which nodes and edges are in view, each edge's path, where the
 * nodes being dragged are.
 */
import { getSmoothStepPath, Position } from '@vue-flow/core';
import { sourcePoint, targetPoint } from './level-of-detail';

export interface XY {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends XY, Size {}

/** A node as the overview sees it: its (snapped) position, its size, the outputs of its data. */
export interface OverviewNodeBox {
  id: string;
  position: XY;
  dimensions: Size;
  data?: { outputs?: ReadonlyArray<{ id: string }> } | null;
}

/** The part of the flow shown in a pane of `width` × `height` px at `viewport` (flow units). */
export function viewRect(viewport: { x: number; y: number; zoom: number }, width: number, height: number): Rect {
  return { x: -viewport.x / viewport.zoom, y: -viewport.y / viewport.zoom, width: width / viewport.zoom, height: height / viewport.zoom };
}

/** Whether two rectangles share an area (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}

export function nodeRect(n: OverviewNodeBox): Rect {
  return { x: n.position.x, y: n.position.y, width: n.dimensions.width, height: n.dimensions.height };
}

/** The nodes lying wholly inside `box` (vue-flow's default box-selection mode). */
export function nodesInside<T extends OverviewNodeBox>(nodes: readonly T[], box: Rect): T[] {
  return nodes.filter((n) => n.position.x >= box.x && n.position.y >= box.y && n.position.x + n.dimensions.width <= box.x + box.width && n.position.y + n.dimensions.height <= box.y + box.height);
}

/**
 * Whether an edge is in view: the box spanning both of its nodes overlaps the view (vue-flow's
 * rule for `only-render-visible-elements`, so the overview draws the edges vue-flow would).
 */
export function edgeInView(source: Rect, target: Rect, view: Rect): boolean {
  const x = Math.min(source.x, target.x);
  const y = Math.min(source.y, target.y);
  const x2 = Math.max(source.x + source.width, target.x + target.width);
  const y2 = Math.max(source.y + source.height, target.y + target.height);
  return overlaps({ x, y, width: Math.max(x2 - x, 1), height: Math.max(y2 - y, 1) }, view);
}

/**
 * An edge's path and the middle of it (where its label goes): the smooth-step path between where
 * the full card's handles are, exactly as `WorkflowEdge` draws it at the compact level.
 */
export function overviewEdgePath(source: OverviewNodeBox, sourceHandle: string | null | undefined, target: OverviewNodeBox): { d: string; labelX: number; labelY: number } {
  const s = sourcePoint({ computedPosition: source.position, dimensions: source.dimensions, data: source.data }, sourceHandle);
  const t = targetPoint({ computedPosition: target.position, dimensions: target.dimensions });
  const [d, labelX, labelY] = getSmoothStepPath({ sourceX: s.x, sourceY: s.y, targetX: t.x, targetY: t.y, sourcePosition: Position.Right, targetPosition: Position.Left });
  return { d, labelX, labelY };
}

/** `p` on the grid (vue-flow's snapping: the nearest multiple of the grid step). */
export function snap(p: XY, grid: readonly [number, number]): XY {
  return { x: grid[0] * Math.round(p.x / grid[0]), y: grid[1] * Math.round(p.y / grid[1]) };
}

/**
 * Where the dragged nodes are after the pointer moved by `dx`, `dy` screen pixels at `zoom`: each
 * start position moved by the same flow distance, snapped to the grid like vue-flow's drag.
 */
export function draggedPositions(starts: ReadonlyMap<string, XY>, dx: number, dy: number, zoom: number, grid: readonly [number, number]): Map<string, XY> {
  const out = new Map<string, XY>();
  for (const [id, p] of starts) out.set(id, snap({ x: p.x + dx / zoom, y: p.y + dy / zoom }, grid));
  return out;
}
