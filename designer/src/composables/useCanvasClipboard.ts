/**
 * Copy / cut / paste of canvas nodes for the editor: the toolbar buttons and the keys
 * (Ctrl/⌘+C, X, V via useKeybindings, so never while typing in a field). What is copied is the
 * canvas selection (several nodes by shift-click or box), else the selected node; pasted nodes
 * become the canvas selection. Outcomes are told with a message.
 */
import { ElMessage } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';
import type { KeyHandler } from './useKeybindings';

/** The parts of the canvas this needs (FlowCanvas's exposed methods). */
export interface ClipboardCanvas {
  selectedNodeIds(): string[];
  selectNodes(ids: readonly string[]): Promise<void>;
}

/** Page text is selected (outside inputs): Ctrl+C then copies that text, as the browser would. */
function hasTextSelection(): boolean {
  const s = typeof window !== 'undefined' ? window.getSelection?.() : null;
  return !!s && !s.isCollapsed && s.toString().trim() !== '';
}

export function useCanvasClipboard(canvas: () => ClipboardCanvas | null | undefined) {
  const doc = useWorkflowDocumentStore();
  const { t } = useI18n();

  function selection(): string[] {
    const ids = canvas()?.selectedNodeIds() ?? [];
    if (ids.length) return ids;
    return doc.selectedNodeId ? [doc.selectedNodeId] : [];
  }

  async function copy(cut = false): Promise<void> {
    const ids = selection();
    if (ids.length === 0) {
      ElMessage.info(t('editor.clipboard.nothingSelected'));
      return;
    }
    const outcome = cut ? await doc.cutNodes(ids) : await doc.copyNodes(ids);
    if (outcome.ok) ElMessage.success(t(cut ? 'editor.clipboard.cutDone' : 'editor.clipboard.copied', { n: outcome.nodeIds.length }));
  }

  async function paste(): Promise<void> {
    const outcome = await doc.paste();
    if (!outcome.ok) {
      ElMessage.warning(t(outcome.reason === 'trigger' ? 'editor.clipboard.pasteTrigger' : 'editor.clipboard.pasteEmpty'));
      return;
    }
    await canvas()?.selectNodes(outcome.nodeIds);
    ElMessage.success(t('editor.clipboard.pasted', { n: outcome.nodeIds.length }));
  }

  /** Decline Ctrl+C / Ctrl+X (browser default) when page text is selected or no node is. */
  const copyKey = (cut: boolean): KeyHandler => () => {
    if (hasTextSelection() || selection().length === 0) return false;
    void copy(cut);
    return true;
  };

  const bindings: Record<string, KeyHandler> = {
    'mod+c': copyKey(false),
    'mod+x': copyKey(true),
    'mod+v': () => void paste(),
  };

  return { copy: () => copy(false), cut: () => copy(true), paste, bindings };
}
