/**
 * The editor view end to end in happy-dom (fake engine): Ctrl+C / Ctrl+V on the canvas copy the
 * selected node and paste it selected under a fresh id; keys typed in a field are left alone;
 * a trigger is refused with a message; comparing a version with the draft outlines the changes.
 */
import { flushPromises, mount } from '@vue/test-utils';
import type { WorkflowDefinition } from '@coachflow/model';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { i18n } from '@/i18n';
import { useSessionStore } from '@/stores/session.store';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';
import WorkflowEditorView from '@/views/WorkflowEditorView.vue';
import { FakeEngine, meUser } from './support/fake-engine';

const DEF: WorkflowDefinition = {
  nodes: [
    { id: 'trigger_1', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } },
    { id: 'end_1', kind: 'end', position: { x: 320, y: 0 }, config: { outcome: 'done' } },
  ],
  edges: [{ id: 'e1', source: 'trigger_1', target: 'end_1' }],
};

async function mountEditor() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/workflows/:id', component: WorkflowEditorView, props: true },
      { path: '/workflows', component: { render: () => null } },
    ],
  });
  await router.push('/workflows/wf');
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { attachTo: document.body, global: { plugins: [i18n, router] } });
  await flushPromises();
  return w;
}

function press(key: string, target: EventTarget = document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true }));
}

/** Selects `id`, then presses Ctrl+C and Ctrl+V on the page. */
async function copyPaste(id: string): Promise<ReturnType<typeof useWorkflowDocumentStore>> {
  const doc = useWorkflowDocumentStore();
  doc.select(id);
  for (const key of ['', 'c', 'v']) {
    if (key) press(key);
    await flushPromises();
  }
  return doc;
}

describe('editor: keyboard copy/paste and diff marks', { timeout: 30_000 }, () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.stubGlobal('navigator', {});
    engine = new FakeEngine()
      .on('GET /api/v1/workflows/wf', { id: 'wf', name: 'wf', revision: 1, publishedVersion: 1, updatedAt: '2026-02-20T10:00:00Z', definition: DEF })
      .on('GET /api/v1/catalogue/connectors', { items: [] })
      .on('GET /api/v1/workflows/wf/versions', { items: [{ version: 1, note: null, publishedAt: '2026-02-01T00:00:00Z' }] })
      .on('GET /api/v1/workflows/wf/versions/1', { version: 1, publishedAt: '2026-02-01T00:00:00Z', definition: DEF });
    vi.stubGlobal('fetch', engine.fetch);
    Object.assign(useSessionStore(), { token: 'tok', user: meUser({ roles: ['hr_admin'] }) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('Ctrl+C then Ctrl+V pastes the selected node, selected, under a fresh id; not from inside a field', async () => {
    const w = await mountEditor();
    expect(useWorkflowDocumentStore().definition.nodes).toHaveLength(2);
    const doc = await copyPaste('end_1');
    expect(doc.definition.nodes.map((n) => n.id)).toEqual(['trigger_1', 'end_1', 'end_2']);
    expect(doc.selectedNodeId).toBe('end_2');
    expect(document.querySelector('.vue-flow__node[data-id="end_2"]')?.classList.contains('selected')).toBe(true);
    expect(document.querySelector('.vue-flow__node[data-id="end_1"]')?.classList.contains('selected')).toBe(false);
    // typed inside the workflow name field: the browser's paste, not ours
    press('v', document.querySelector('.cf-editor__name input') as HTMLInputElement);
    await flushPromises();
    expect(doc.definition.nodes).toHaveLength(3);
    // the toolbar button does the same; undo takes one paste back
    await w.find('[data-test="paste"]').trigger('click');
    await flushPromises();
    expect(doc.definition.nodes.map((n) => n.id)).toEqual(['trigger_1', 'end_1', 'end_2', 'end_3']);
    press('z');
    await flushPromises();
    expect(doc.definition.nodes).toHaveLength(3);
    w.unmount();
  });

  it('refuses to paste a copied trigger into the workflow, with a message', async () => {
    const w = await mountEditor();
    const doc = await copyPaste('trigger_1');
    expect(doc.definition.nodes).toHaveLength(2);
    expect(document.body.textContent).toContain(i18n.global.t('editor.clipboard.pasteTrigger'));
    w.unmount();
  });

  it('comparing the published version with the draft outlines added and changed nodes', async () => {
    const w = await mountEditor();
    const doc = useWorkflowDocumentStore();
    doc.updateNodeConfig('end_1', { outcome: 'changed' });
    doc.addNode('delay', { x: 600, y: 0 });
    await w.find('.cf-editor__toolbar').findAll('button').find((b) => b.text() === i18n.global.t('versions.title'))!.trigger('click');
    await flushPromises();
    (document.querySelector('[data-test="compare-go"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(document.querySelector('[data-test="version-diff"]')).not.toBeNull();
    expect(document.querySelector('.vue-flow__node[data-id="end_1"]')?.classList.contains('cf-diff-mark--changed')).toBe(true);
    expect(document.querySelector('.vue-flow__node[data-id="delay_1"]')?.classList.contains('cf-diff-mark--added')).toBe(true);
    expect(document.querySelector('.vue-flow__node[data-id="trigger_1"]')?.classList.contains('cf-diff-mark')).toBe(false);
    expect(w.find('[data-test="diff-marks"]').exists()).toBe(true);
    w.unmount();
  });
});
