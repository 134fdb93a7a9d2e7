import type { WorkflowDefinition } from '@coachflow/model';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowDetail } from '@/api/api.types';
import { copyFragment, fragmentToText, parseFragment, planPaste, PASTE_OFFSET } from '@/stores/clipboard';
import { useClipboardStore } from '@/stores/clipboard.store';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';

const def: WorkflowDefinition = {
  nodes: [
    { id: 'trigger_1', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } },
    { id: 'condition_1', kind: 'condition', name: 'Streak ≥ 3', position: { x: 300, y: 0 }, config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    { id: 'task_1', kind: 'task', position: { x: 600, y: -80 }, config: { title: 'Coach {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P7D' } },
    { id: 'end_1', kind: 'end', position: { x: 600, y: 80 }, config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger_1', target: 'condition_1' },
    { id: 'e2', source: 'condition_1', sourceHandle: 'true', target: 'task_1' },
    { id: 'e3', source: 'condition_1', sourceHandle: 'false', target: 'end_1' },
  ],
};

function detail(id: string, definition: WorkflowDefinition = def): WorkflowDetail {
  return { id, name: id, revision: 1, publishedVersion: null, updatedAt: '2026-02-20T10:00:00Z', definition: structuredClone(definition) };
}

describe('clipboard fragments (pure)', () => {
  it('copies the selected nodes and only the edges between them', () => {
    const f = copyFragment(def, ['condition_1', 'task_1']);
    expect(f?.nodes.map((n) => n.id)).toEqual(['condition_1', 'task_1']);
    expect(f?.edges.map((e) => e.id)).toEqual(['e2']);
    expect(copyFragment(def, [])).toBeNull();
    expect(copyFragment(def, ['nope'])).toBeNull();
  });

  it('plans a paste with fresh ids, rewired edges, kept config and handles, moved by the offset', () => {
    const f = copyFragment(def, ['condition_1', 'task_1', 'end_1'])!;
    const plan = planPaste(def, f, { x: 32, y: 32 });
    if (!plan.ok) throw new Error('refused');
    expect(plan.nodes.map((n) => n.id)).toEqual(['condition_2', 'task_2', 'end_2']);
    expect(plan.idMap).toEqual({ condition_1: 'condition_2', task_1: 'task_2', end_1: 'end_2' });
    expect(plan.nodes[0]).toMatchObject({ kind: 'condition', name: 'Streak ≥ 3', position: { x: 332, y: 32 }, config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } });
    expect(plan.nodes[1]?.config).toEqual(def.nodes[2]?.config);
    expect(plan.edges).toEqual([
      { id: 'e_condition_2_true_task_2', source: 'condition_2', sourceHandle: 'true', target: 'task_2' },
      { id: 'e_condition_2_false_end_2', source: 'condition_2', sourceHandle: 'false', target: 'end_2' },
    ]);
    // the fragment itself is untouched (a second paste starts from the originals)
    expect(f.nodes[0]?.id).toBe('condition_1');
  });

  it('refuses a trigger when the workflow has one, and accepts it in a workflow without', () => {
    const f = copyFragment(def, ['trigger_1', 'condition_1'])!;
    expect(planPaste(def, f, { x: 32, y: 32 })).toEqual({ ok: false, reason: 'trigger' });
    const plan = planPaste({ nodes: [], edges: [] }, f, { x: 0, y: 0 });
    expect(plan.ok && plan.nodes.map((n) => n.id)).toEqual(['trigger_1', 'condition_1']);
    expect(plan.ok && plan.edges.map((e) => [e.source, e.target])).toEqual([['trigger_1', 'condition_1']]);
  });

  it('round-trips through clipboard text and ignores anything else', () => {
    const f = copyFragment(def, ['task_1'])!;
    expect(parseFragment(fragmentToText(f))).toEqual(f);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes":[],"edges":[]}')).toBeNull();
    expect(parseFragment(JSON.stringify({ ...f, nodes: [{ id: 'x', kind: 'bogus' }] }))).toBeNull();
    // edges pointing outside the fragment are dropped
    const withStray = { ...f, edges: [{ id: 'z', source: 'task_1', target: 'elsewhere' }] };
    expect(parseFragment(JSON.stringify(withStray))?.edges).toEqual([]);
  });
});

describe('copy / cut / paste in the document store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    // happy-dom has a system clipboard shared by every test: start each test without one.
    vi.stubGlobal('navigator', {});
  });
  afterEach(() => vi.unstubAllGlobals());

  it('pastes with fresh ids, offset again on each paste, selects the pasted nodes, one undo step each', async () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    expect(await doc.copyNodes(['condition_1', 'task_1'])).toEqual({ ok: true, nodeIds: ['condition_1', 'task_1'] });
    const before = JSON.stringify(doc.definition);

    const first = await doc.paste();
    expect(first).toEqual({ ok: true, nodeIds: ['condition_2', 'task_2'] });
    expect(doc.pastedNodeIds).toEqual(['condition_2', 'task_2']);
    expect(doc.selectedNodeId).toBe('condition_2');
    expect(doc.nodesById.get('task_2')?.position).toEqual({ x: 600 + PASTE_OFFSET, y: -80 + PASTE_OFFSET });
    expect(doc.definition.edges.filter((e) => e.source === 'condition_2')).toEqual([{ id: 'e_condition_2_true_task_2', source: 'condition_2', sourceHandle: 'true', target: 'task_2' }]);
    expect(doc.dirty).toBe(true);

    const second = await doc.paste();
    expect(second).toEqual({ ok: true, nodeIds: ['condition_3', 'task_3'] });
    expect(doc.nodesById.get('task_3')?.position).toEqual({ x: 600 + 2 * PASTE_OFFSET, y: -80 + 2 * PASTE_OFFSET });
    expect(doc.nodesById.get('task_3')?.config).toEqual(doc.nodesById.get('task_1')?.config);

    doc.undo();
    expect(doc.nodesById.has('condition_3')).toBe(false);
    expect(doc.nodesById.has('condition_2')).toBe(true);
    doc.undo();
    expect(JSON.stringify(doc.definition)).toBe(before);
    doc.redo();
    expect(doc.nodesById.has('task_2')).toBe(true);
    expect(doc.definition.edges.some((e) => e.source === 'condition_2')).toBe(true);
  });

  it('cut removes the nodes and their edges in one step; paste brings them back under new ids', async () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    const before = JSON.stringify(doc.definition);
    expect(await doc.cutNodes(['task_1', 'end_1'])).toEqual({ ok: true, nodeIds: ['task_1', 'end_1'] });
    expect(doc.definition.nodes.map((n) => n.id)).toEqual(['trigger_1', 'condition_1']);
    expect(doc.definition.edges.map((e) => e.id)).toEqual(['e1']);
    doc.undo();
    expect(JSON.stringify(doc.definition)).toBe(before);
    doc.redo();
    const pasted = await doc.paste();
    // ids are fresh in the current document (task_1 is free again)
    expect(pasted).toEqual({ ok: true, nodeIds: ['task_1', 'end_1'] });
    expect(doc.nodesById.get('end_1')?.position).toEqual({ x: 600 + PASTE_OFFSET, y: 80 + PASTE_OFFSET });
  });

  it('refuses to paste a trigger into a workflow that has one, without changing anything', async () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    await doc.copyNodes(['trigger_1', 'condition_1']);
    const before = JSON.stringify(doc.definition);
    expect(await doc.paste()).toEqual({ ok: false, reason: 'trigger' });
    expect(JSON.stringify(doc.definition)).toBe(before);
    expect(doc.canUndo).toBe(false);
    expect(useClipboardStore().pasteCount).toBe(0);
  });

  it('nothing selected or nothing copied is a no-op', async () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    expect(await doc.copyNodes([])).toEqual({ ok: false, reason: 'empty' });
    expect(await doc.cutNodes(['ghost'])).toEqual({ ok: false, reason: 'empty' });
    expect(await doc.paste()).toEqual({ ok: false, reason: 'empty' });
    expect(doc.canUndo).toBe(false);
  });

  it('the clipboard survives opening another workflow in the same tab', async () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    await doc.copyNodes(['trigger_1', 'condition_1', 'task_1']);
    doc.load(detail('wf-2', { nodes: [], edges: [] }));
    const pasted = await doc.paste();
    expect(pasted).toEqual({ ok: true, nodeIds: ['trigger_1', 'condition_1', 'task_1'] });
    expect(doc.definition.edges.map((e) => [e.source, e.sourceHandle ?? 'out', e.target])).toEqual([
      ['trigger_1', 'out', 'condition_1'],
      ['condition_1', 'true', 'task_1'],
    ]);
    expect(doc.nodesById.get('task_1')?.config).toEqual(def.nodes[2]?.config);
  });

  it('writes the fragment to the system clipboard when there is one, and tolerates a refusal', async () => {
    const writes: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (t: string) => void writes.push(t) } });
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    await doc.copyNodes(['task_1']);
    expect(parseFragment(writes[0] ?? '')?.nodes.map((n) => n.id)).toEqual(['task_1']);
    expect(useClipboardStore().systemWritten).toBe(true);

    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    expect(await doc.copyNodes(['end_1'])).toEqual({ ok: true, nodeIds: ['end_1'] });
    expect(useClipboardStore().systemWritten).toBe(false);
    expect((await doc.paste()).ok).toBe(true);
    expect(doc.nodesById.has('end_2')).toBe(true);
  });

  it('reads a fragment from the system clipboard when this tab copied nothing (another tab)', async () => {
    const text = fragmentToText(copyFragment(def, ['task_1'])!);
    vi.stubGlobal('navigator', { clipboard: { readText: async () => text } });
    const doc = useWorkflowDocumentStore();
    doc.load(detail('wf-1'));
    expect(await doc.paste()).toEqual({ ok: true, nodeIds: ['task_2'] });
    vi.stubGlobal('navigator', { clipboard: { readText: async () => 'plain text' } });
    useClipboardStore().clear();
    expect(await doc.paste()).toEqual({ ok: false, reason: 'empty' });
  });
});
