/**
 * Keyboard shortcuts of a view, active while it is mounted. Keys typed into inputs, textareas
 * and contenteditable elements are left alone.
 * Combos: `mod+z` (mod = Ctrl or ⌘), `mod+shift+z`, `mod+s`…
 */
import { onBeforeUnmount, onMounted } from 'vue';

export type KeyHandler = (e: KeyboardEvent) => void;

function isTyping(target: EventTarget | null): boolean {
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

export function useKeybindings(bindings: Record<string, KeyHandler>, options: { allowInInputs?: string[] } = {}): void {
  const allowed = new Set(options.allowInInputs ?? []);
  function onKeydown(e: KeyboardEvent): void {
    const combo = comboOf(e);
    const handler = bindings[combo];
    if (!handler) return;
    if (isTyping(e.target) && !allowed.has(combo)) return;
    e.preventDefault();
    handler(e);
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
