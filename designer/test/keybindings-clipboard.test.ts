import { flushPromises, mount } from '@vue/test-utils';
import type { WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it, vi } from 'vitest';
import FlowCanvas from '@/canvas/FlowCanvas.vue';
import { mapWorkflowToCanvas } from '@/canvas/useCanvasMapping';
import { comboOf, isTyping, keydownHandler } from '@/composables/useKeybindings';
import { i18n } from '@/i18n';

function key(init: KeyboardEventInit, target?: HTMLElement): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { cancelable: true, bubbles: true, ...init });
  if (target) Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('keybindings', () => {
  it('normalises Ctrl and ⌘ to mod', () => {
    expect(comboOf(key({ key: 'c', ctrlKey: true }))).toBe('mod+c');
    expect(comboOf(key({ key: 'V', metaKey: true }))).toBe('mod+v');
    expect(comboOf(key({ key: 'Z', ctrlKey: true, shiftKey: true }))).toBe('mod+shift+z');
  });

  it('runs the handler and prevents the default; leaves keys typed in fields alone', () => {
    const copy = vi.fn();
    const onKey = keydownHandler({ 'mod+c': copy });
    const onCanvas = key({ key: 'c', ctrlKey: true }, document.body);
    onKey(onCanvas);
    expect(copy).toHaveBeenCalledTimes(1);
    expect(onCanvas.defaultPrevented).toBe(true);
    for (const tag of ['input', 'textarea', 'select']) {
      const field = document.createElement(tag);
      const e = key({ key: 'c', ctrlKey: true }, field);
      onKey(e);
      expect(e.defaultPrevented).toBe(false);
    }
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    expect(isTyping(editable)).toBe(true);
    expect(copy).toHaveBeenCalledTimes(1);
  });

  it('a handler returning false declines: the browser default runs', () => {
    const onKey = keydownHandler({ 'mod+c': () => false });
    const e = key({ key: 'c', ctrlKey: true }, document.body);
    onKey(e);
    expect(e.defaultPrevented).toBe(false);
  });
});

const def: WorkflowDefinition = {
  nodes: [
    { id: 'a', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } },
    { id: 'b', kind: 'end', position: { x: 300, y: 0 }, config: {} },
    { id: 'c', kind: 'end', position: { x: 300, y: 200 }, config: {} },
  ],
  edges: [],
};

describe('canvas selection hook for paste', () => {
  it('selects several nodes from outside and keeps them when one becomes the selected node', async () => {
    const { nodes, edges } = mapWorkflowToCanvas({ definition: def, locale: 'zh-CN', t: (k) => i18n.global.t(k) });
    const w = mount(FlowCanvas, { props: { flowId: `sel-${Math.random()}`, nodes, edges }, attachTo: document.body, global: { plugins: [i18n] } });
    await flushPromises();
    const api = w.vm as unknown as { selectNodes(ids: string[]): Promise<void>; selectedNodeIds(): string[] };
    await api.selectNodes(['b', 'c']);
    expect(api.selectedNodeIds().sort()).toEqual(['b', 'c']);
    await w.setProps({ selectedNodeId: 'b' });
    await flushPromises();
    expect(api.selectedNodeIds().sort()).toEqual(['b', 'c']);
    // a node outside the selection replaces it
    await w.setProps({ selectedNodeId: 'a' });
    await flushPromises();
    expect(api.selectedNodeIds()).toEqual(['a']);
    await w.setProps({ selectedNodeId: null });
    await flushPromises();
    expect(api.selectedNodeIds()).toEqual([]);
    w.unmount();
  });
});
