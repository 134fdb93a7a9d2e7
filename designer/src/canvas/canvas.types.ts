/**
 * What the canvas renders: workflow nodes/edges mapped to vue-flow types (see useCanvasMapping.ts).
 * The node `type` is the NodeKind, so an unknown kind fails type-checking.
 */
import type { NodeKind, PaletteGroup, StepStatus } from '@coachflow/model';
import type { Edge, Node } from '@vue-flow/core';

/** An outgoing handle with a stable id from the model and a display label. */
export interface CanvasHandle {
  /** `out`, `true`/`false`, `approved`/`rejected`, switch case ids, `default`. */
  id: string;
  /** Empty for the single default exit. */
  label: string;
}

/** Replay status of a node: a step status, or `notReached` when the run never got there. */
export type CanvasNodeStatus = StepStatus | 'notReached';

/** Issue counts of one node. */
export interface CanvasNodeIssues {
  errors: number;
  warnings: number;
  /** Issue messages, for the badge tooltip. */
  messages: string[];
}

export interface CanvasNodeData {
  kind: NodeKind;
  group: PaletteGroup;
  /** The node's name, or the kind's display name. */
  title: string;
  /** The kind's display name (shown when the node has its own name) or a config summary. */
  subtitle: string;
  /** A one-line summary of the config (trigger event, assignee, channel…). */
  summary: string;
  /** Whether the node accepts incoming edges (everything but the trigger). */
  hasInput: boolean;
  outputs: CanvasHandle[];
  issues: CanvasNodeIssues;
  /** Set in replay only. */
  status?: CanvasNodeStatus;
  /** The status in the current locale (replay only). */
  statusLabel?: string;
  /** Attempts of the last step (replay). */
  attempts?: number;
}

export type CanvasNode = Node<CanvasNodeData, Record<string, never>, NodeKind>;

export interface CanvasEdgeData {
  /** The source handle id (`out` when the edge has none). */
  handle: string;
  /** Replay: the run went along this edge. */
  onPath?: boolean;
  /** The validator reported an issue on this edge. */
  hasIssue?: boolean;
}

export type CanvasEdge = Edge<CanvasEdgeData>;

/** Intent payloads emitted by FlowCanvas. */
export interface CanvasConnection {
  source: string;
  sourceHandle: string | null;
  target: string;
}

export interface CanvasNodeDrop {
  kind: NodeKind;
  position: { x: number; y: number };
  /** Initial config from the palette entry (a connector action's `connector` and `action`). */
  preset?: Record<string, unknown>;
}

export interface CanvasNodeMove {
  id: string;
  position: { x: number; y: number };
}

/** The drag-and-drop MIME type of palette entries. */
export const NODE_KIND_MIME = 'application/x-coachflow-node-kind';

/** The drag-and-drop MIME type of a palette entry's initial config (JSON), set beside NODE_KIND_MIME. */
export const NODE_PRESET_MIME = 'application/x-coachflow-node-preset';
