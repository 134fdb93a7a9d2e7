/** The node catalogue: every node kind, its palette group, handles and required config. */
import type { LocalizedText } from './workflow.types.js';

export const NodeKind = {
  Trigger: 'trigger',
  Condition: 'condition',
  Switch: 'switch',
  Set: 'set',
  Task: 'task',
  Approval: 'approval',
  Action: 'action',
  Notify: 'notify',
  Delay: 'delay',
  End: 'end',
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

export const NODE_KINDS: readonly NodeKind[] = Object.values(NodeKind);

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === 'string' && (NODE_KINDS as readonly string[]).includes(value);
}

/** Palette groups in the designer. */
export type PaletteGroup = 'triggers' | 'logic' | 'people' | 'connectors' | 'notifications' | 'flow';

export interface NodeKindInfo {
  kind: NodeKind;
  group: PaletteGroup;
  displayName: LocalizedText;
  description: LocalizedText;
  /**
   * Static outgoing handles. `null` means the handles depend on config (switch: one per case + `default`).
   * An empty list means the node has no exit (end).
   */
  handles: readonly string[] | null;
  /** Whether the run waits at this node for something outside (human, timer, connector). */
  waits: boolean;
}
