/**
 * Keyboard shortcuts of a view, active while it is mounted. Keys typed into inputs, textareas
 * and contenteditable elements are left alone.
 * Combos: `mod+z` (mod = Ctrl or ⌘), `mod+shift+z`, `mod+s`…
 * A handler returning `false` declines the key: the browser's default runs (e.g. Ctrl+C copying
 * selected page text when no node is selected).
 */
import { onBeforeUnmount, onMounted } from 'vue';

export type KeyHandler = (e: KeyboardEvent) => void | boolean;

/** Whether the key goes to something the user types in (inputs, textareas, selects, contenteditable). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Normalised combo of an event, e.g. `mod+shift+z`. */
export function comboOf(e: KeyboardEvent): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('mod');
  if (e.shiftKey) parts.push('shift');
  if (e.altKey) parts.push('alt');
  parts.push(e.key.toLowerCase());
  return parts.join('+');
}

/** The keydown listener of a set of bindings (exported for tests; `useKeybindings` installs it). */
export function keydownHandler(bindings: Record<string, KeyHandler>, options: { allowInInputs?: string[] } = {}): (e: KeyboardEvent) => void {
  const allowed = new Set(options.allowInInputs ?? []);
  return (e) => {
    const combo = comboOf(e);
    const handler = bindings[combo];
    if (!handler) return;
    if (isTyping(e.target) && !allowed.has(combo)) return;
    if (handler(e) !== false) e.preventDefault();
  };
}

export function useKeybindings(bindings: Record<string, KeyHandler>, options: { allowInInputs?: string[] } = {}): void {
  const onKeydown = keydownHandler(bindings, options);
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
