/**
 * The canvas clipboard of this tab: the last copied fragment (kept across workflows, so a branch
 * copied in one workflow pastes into another) and how many times it was pasted (each paste lands
 * one offset further). A copy is also written to the system clipboard as JSON when the browser
 * allows it; without it (no permission, insecure context, tests) the tab's clipboard still works.
 * Reading falls back to the system clipboard only when this tab has copied nothing (another tab's
 * fragment).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { fragmentToText, parseFragment, PASTE_OFFSET, type WorkflowFragment } from './clipboard';

interface SystemClipboard {
  writeText?(text: string): Promise<void>;
  readText?(): Promise<string>;
}

function systemClipboard(): SystemClipboard | null {
  const nav = globalThis.navigator as (Navigator & { clipboard?: SystemClipboard }) | undefined;
  return nav?.clipboard ?? null;
}

export const useClipboardStore = defineStore('clipboard', () => {
  const fragment = shallowRef<WorkflowFragment | null>(null);
  const pasteCount = ref(0);
  /** Whether the last copy also reached the system clipboard. */
  const systemWritten = ref(false);

  const hasFragment = computed(() => fragment.value !== null);

  /** Keeps `next` for pasting (the offset starts over) and writes its JSON to the system clipboard. */
  async function copy(next: WorkflowFragment): Promise<void> {
    fragment.value = next;
    pasteCount.value = 0;
    systemWritten.value = false;
    try {
      const cb = systemClipboard();
      if (cb?.writeText) {
        await cb.writeText(fragmentToText(next));
        systemWritten.value = true;
      }
    } catch {
      // Refused or unavailable: the tab's clipboard is enough.
    }
  }

  /** The fragment to paste: this tab's, else one found on the system clipboard; null when none. */
  async function read(): Promise<WorkflowFragment | null> {
    if (fragment.value) return fragment.value;
    try {
      const text = await systemClipboard()?.readText?.();
      const found = typeof text === 'string' ? parseFragment(text) : null;
      if (found) {
        fragment.value = found;
        pasteCount.value = 0;
      }
      return found;
    } catch {
      return null;
    }
  }

  /** Where the next paste lands relative to the copied nodes: one offset further per paste. */
  const nextOffset = computed(() => ({ x: PASTE_OFFSET * (pasteCount.value + 1), y: PASTE_OFFSET * (pasteCount.value + 1) }));

  /** Counts a paste that happened (a refused paste does not move the next one). */
  function pasted(): void {
    pasteCount.value++;
  }

  function clear(): void {
    fragment.value = null;
    pasteCount.value = 0;
    systemWritten.value = false;
  }

  return { fragment, pasteCount, systemWritten, hasFragment, nextOffset, copy, read, pasted, clear };
});
