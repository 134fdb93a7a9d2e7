/**
 * Snapshot undo/redo for the workflow document. Each recorded step stores the definition as it was
 * before a change; consecutive edits with the same coalesce key (typing in one field) within
 * `coalesceMs` share one step.
 */
import type { WorkflowDefinition } from '@coachflow/model';

export interface DocumentHistoryOptions {
  /** Oldest steps are dropped beyond this. */
  limit?: number;
  coalesceMs?: number;
  /** Injected clock for tests. */
  now?: () => number;
}

export interface DocumentHistory {
  /** Remember `before` as the state to return to, unless it coalesces with the previous step. */
  record(before: WorkflowDefinition, coalesceKey?: string): void;
  /** Returns the state to restore, pushing `current` onto the redo stack; `null` when empty. */
  undo(current: WorkflowDefinition): WorkflowDefinition | null;
  redo(current: WorkflowDefinition): WorkflowDefinition | null;
  clear(): void;
  readonly undoSize: number;
  readonly redoSize: number;
}

/** Definitions are JSON; a JSON round trip also unwraps reactive proxies (structuredClone cannot). */
function snapshot(def: WorkflowDefinition): WorkflowDefinition {
  return JSON.parse(JSON.stringify(def)) as WorkflowDefinition;
}

export function createDocumentHistory(options: DocumentHistoryOptions = {}): DocumentHistory {
  const limit = options.limit ?? 100;
  const coalesceMs = options.coalesceMs ?? 1000;
  const now = options.now ?? (() => Date.now());
  let undoStack: WorkflowDefinition[] = [];
  let redoStack: WorkflowDefinition[] = [];
  let last: { key: string; at: number } | null = null;

  return {
    record(before, coalesceKey) {
      const t = now();
      if (coalesceKey && last && last.key === coalesceKey && t - last.at < coalesceMs && undoStack.length > 0) {
        last.at = t;
        redoStack = [];
        return;
      }
      undoStack.push(snapshot(before));
      if (undoStack.length > limit) undoStack.shift();
      redoStack = [];
      last = coalesceKey ? { key: coalesceKey, at: t } : null;
    },
    undo(current) {
      const prev = undoStack.pop();
      if (!prev) return null;
      redoStack.push(snapshot(current));
      last = null;
      return prev;
    },
    redo(current) {
      const next = redoStack.pop();
      if (!next) return null;
      undoStack.push(snapshot(current));
      last = null;
      return next;
    },
    clear() {
      undoStack = [];
      redoStack = [];
      last = null;
    },
    get undoSize() {
      return undoStack.length;
    },
    get redoSize() {
      return redoStack.length;
    },
  };
}
