/**
 * Level of detail of the canvas. A large workflow (≥ `COMPACT_MIN_NODES` nodes) seen from far away
 * (zoom below `COMPACT_ENTER_BELOW`) renders compact cards: the kind's colour and icon and the title,
 * no handles, no summary, badge or labels (illegible at that scale, and each handle costs vue-flow a
 * layout measurement when it mounts). Back to full cards from `COMPACT_LEAVE_FROM`: the gap between
 * the two thresholds keeps the cards from flipping back and forth while the user zooms around one.
 *
 * The level is one boolean for the whole canvas, provided to the cards and edges: a zoom change that
 * stays within the level re-renders nothing. At the compact level FlowCanvas draws the view with
 * CanvasOverview.vue (the compact cards and the edges as plain elements) instead of vue-flow's nodes
 * and edges; the end-point helpers below serve both.
 */
import { computed, inject, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { Position } from '@vue-flow/core';

export const COMPACT_MIN_NODES = 150;
export const COMPACT_ENTER_BELOW = 0.4;
export const COMPACT_LEAVE_FROM = 0.5;

/** The next level: `current` is whether the canvas is compact now. */
export function nextCompact(current: boolean, zoom: number, nodeCount: number): boolean {
  if (nodeCount < COMPACT_MIN_NODES) return false;
  if (current) return zoom < COMPACT_LEAVE_FROM;
  return zoom < COMPACT_ENTER_BELOW;
}

/** Whether the canvas is compact, with hysteresis: a computed over the zoom and the node count. */
export function useCompactLevel(zoom: Ref<number> | ComputedRef<number>, nodeCount: Ref<number> | ComputedRef<number>): ComputedRef<boolean> {
  return computed<boolean>((previous) => nextCompact(previous ?? false, zoom.value, nodeCount.value));
}

export const COMPACT_KEY: InjectionKey<Readonly<Ref<boolean>>> = Symbol('cf-compact');

const FULL: Readonly<Ref<boolean>> = computed(() => false);

/** The canvas's level for a card or an edge (full outside a canvas). */
export function injectCompact(): Readonly<Ref<boolean>> {
  return inject(COMPACT_KEY, FULL);
}

/** Vertical position of the i-th of n output handles, as a fraction of the card height. */
export function outputFraction(i: number, n: number): number {
  if (n <= 1 || i < 0) return 0.5;
  return (i + 1) / (n + 1);
}

/** Half the handle's box (10 px + 2 × 2 px border): its centre sits on the card's edge. */
export const HANDLE_HALF = 7;

interface EndpointNode {
  computedPosition: { x: number; y: number };
  dimensions: { width: number; height: number };
  data?: { outputs?: ReadonlyArray<{ id: string }> } | null;
}

/** Where the full card's output handle `sourceHandle` is (vue-flow's point for a right handle: the outer side of its box, vertically its centre), from the node's position and size. */
export function sourcePoint(source: EndpointNode, sourceHandle: string | null | undefined): { x: number; y: number } {
  const outputs = source.data?.outputs ?? [];
  const index = sourceHandle ? outputs.findIndex((h) => h.id === sourceHandle) : 0;
  return {
    x: source.computedPosition.x + source.dimensions.width + HANDLE_HALF,
    y: source.computedPosition.y + source.dimensions.height * outputFraction(index, outputs.length),
  };
}

/** Where the full card's input handle is (the outer side of its box on the left, vertically centred). */
export function targetPoint(target: EndpointNode): { x: number; y: number } {
  return { x: target.computedPosition.x - HANDLE_HALF, y: target.computedPosition.y + target.dimensions.height / 2 };
}

/**
 * An edge's end points where the full card's handles are, computed from the nodes' positions and
 * sizes: a compact card has no handles for vue-flow to measure, and without them vue-flow would join
 * the bottom of the source to the top of the target.
 */
export function compactEndpoints(source: EndpointNode, sourceHandle: string | null | undefined, target: EndpointNode): {
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
  sourcePosition: Position;
  targetPosition: Position;
} {
  const s = sourcePoint(source, sourceHandle);
  const t = targetPoint(target);
  return { sourceX: s.x, sourceY: s.y, targetX: t.x, targetY: t.y, sourcePosition: Position.Right, targetPosition: Position.Left };
}
