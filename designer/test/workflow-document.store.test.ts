import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowDetail } from '@/api/api.types';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';

function detail(overrides: Partial<WorkflowDetail> = {}): WorkflowDetail {
  return {
    id: 'wf-1',
    name: 'KPI deviation → coaching',
    revision: 3,
    publishedVersion: null,
    updatedAt: '2026-02-20T10:00:00Z',
    definition: { nodes: [{ id: 'trigger_1', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } }], edges: [] },
    ...overrides,
  };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('workflow-document store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('adds nodes with unique ids and refuses a second trigger', () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    const a = doc.addNode('task', { x: 300, y: 0 });
    const b = doc.addNode('task');
    expect(a).toBe('task_1');
    expect(b).toBe('task_2');
    expect(doc.addNode('trigger')).toBeNull();
    expect(doc.definition.nodes.map((n) => n.id)).toEqual(['trigger_1', 'task_1', 'task_2']);
    // the new node starts with the schema's required shape (assignee relation preselected)
    const task = doc.nodesById.get('task_1');
    expect(task?.config).toMatchObject({ assignee: { type: 'directManager' } });
    expect(doc.selectedNodeId).toBe('task_2');
    expect(doc.dirty).toBe(true);
  });

  it('connects, refuses self-loops/edges into the trigger, and replaces the edge of a used handle', () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    doc.addNode('condition');
    doc.addNode('task');
    doc.addNode('end');
    expect(doc.connect({ source: 'trigger_1', target: 'condition_1' })).not.toBeNull();
    expect(doc.connect({ source: 'condition_1', target: 'condition_1', sourceHandle: 'true' })).toBeNull();
    expect(doc.connect({ source: 'task_1', target: 'trigger_1' })).toBeNull();
    const first = doc.connect({ source: 'condition_1', sourceHandle: 'true', target: 'task_1' });
    expect(doc.connect({ source: 'condition_1', sourceHandle: 'true', target: 'task_1' })).toBeNull(); // duplicate
    const second = doc.connect({ source: 'condition_1', sourceHandle: 'true', target: 'end_1' });
    const fromTrue = doc.definition.edges.filter((e) => e.source === 'condition_1' && e.sourceHandle === 'true');
    expect(fromTrue.map((e) => e.id)).toEqual([second]);
    expect(first).not.toBe(second);
    // the default handle is stored without sourceHandle
    expect(doc.definition.edges.find((e) => e.source === 'trigger_1')).not.toHaveProperty('sourceHandle');
    // replacing was one step: undo brings the first edge back
    doc.undo();
    expect(doc.definition.edges.filter((e) => e.source === 'condition_1').map((e) => e.id)).toEqual([first]);
  });

  it('removing a node removes its edges; undo and redo restore exactly', () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    doc.addNode('task');
    doc.connect({ source: 'trigger_1', target: 'task_1' });
    const before = JSON.stringify(doc.definition);
    doc.removeNodes(['task_1']);
    expect(doc.definition.nodes).toHaveLength(1);
    expect(doc.definition.edges).toHaveLength(0);
    expect(doc.selectedNodeId).toBeNull();
    doc.undo();
    expect(JSON.stringify(doc.definition)).toBe(before);
    expect(doc.canRedo).toBe(true);
    doc.redo();
    expect(doc.definition.nodes).toHaveLength(1);
    expect(doc.canRedo).toBe(false);
  });

  it('coalesces typing in one node config into one undo step, and a new action clears redo', () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    doc.addNode('end');
    doc.updateNodeConfig('end_1', { outcome: 'c' });
    doc.updateNodeConfig('end_1', { outcome: 'co' });
    doc.updateNodeConfig('end_1', { outcome: 'coached' });
    doc.undo();
    expect(doc.nodesById.get('end_1')?.config).toEqual({});
    doc.undo();
    expect(doc.nodesById.has('end_1')).toBe(false);
    expect(doc.canUndo).toBe(false);
    doc.redo();
    doc.moveNodes([{ id: 'end_1', position: { x: 500, y: 500 } }]);
    expect(doc.canRedo).toBe(false);
  });

  it('writes only through apply*: every public change fires the change hook once, no-ops fire nothing', () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    const hook = vi.fn();
    doc.onDocumentChange(hook);
    doc.addNode('task');
    expect(hook).toHaveBeenCalledTimes(1);
    doc.moveNodes([{ id: 'task_1', position: { x: 700.4, y: 96.6 } }]);
    expect(hook).toHaveBeenCalledTimes(2);
    expect(doc.nodesById.get('task_1')?.position).toEqual({ x: 700, y: 97 });
    doc.moveNodes([{ id: 'task_1', position: { x: 700, y: 97 } }]); // unchanged: no step, no hook
    doc.removeNodes(['nope']);
    doc.removeEdges(['nope']);
    expect(hook).toHaveBeenCalledTimes(2);
  });

  it('runs the shared validator: issues appear on the nodes and disappear when fixed', () => {
    vi.useFakeTimers();
    try {
      const doc = useWorkflowDocumentStore();
      doc.load(detail());
      doc.addNode('task');
      vi.advanceTimersByTime(300);
      const taskIssues = doc.issues.filter((i) => i.nodeId === 'task_1');
      expect(taskIssues.length).toBeGreaterThan(0);
      expect(doc.canPublish).toBe(false);
      doc.connect({ source: 'trigger_1', target: 'task_1' });
      doc.updateNodeConfig('task_1', { title: 'Coach {{trigger.kpi.name}}', assignee: { type: 'directManager' } });
      doc.addNode('end');
      doc.connect({ source: 'task_1', target: 'end_1' });
      vi.advanceTimersByTime(300);
      expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(doc.canPublish).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps an unparsable rule draft as an error until cleared', () => {
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    doc.addNode('condition');
    doc.setRuleDraft('condition_1', 'rule', '{"==": [', 'Unexpected end of JSON input');
    expect(doc.ruleDraft('condition_1', 'rule')?.text).toBe('{"==": [');
    expect(doc.issues.some((i) => i.code === 'RULE_JSON_INVALID' && i.nodeId === 'condition_1')).toBe(true);
    expect(doc.canPublish).toBe(false);
    doc.clearRuleDraft('condition_1', 'rule');
    expect(doc.issues.some((i) => i.code === 'RULE_JSON_INVALID')).toBe(false);
  });

  it('saves with the revision it started from; on 409 keeps both sides until told to overwrite', async () => {
    const theirs = detail({ revision: 5, name: 'their name', updatedAt: '2026-02-21T09:00:00Z' });
    const calls: Array<{ method: string; url: string; body: unknown }> = [];
    const responses: Response[] = [
      jsonResponse(409, { error: { code: 'REVISION_CONFLICT', message: 'stale revision', details: { current: theirs } } }),
      jsonResponse(200, { ...detail(), revision: 6 }),
    ];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const next = responses.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    });
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    doc.addNode('end');
    expect(await doc.save()).toBe('conflict');
    expect(calls[0]).toMatchObject({ method: 'PUT', url: '/api/v1/workflows/wf-1', body: { revision: 3 } });
    expect(doc.conflict?.revision).toBe(5);
    expect(doc.dirty).toBe(true); // nothing was overwritten, nothing was lost
    expect(doc.nodesById.has('end_1')).toBe(true);

    expect(await doc.resolveConflict('overwrite')).toBe('saved');
    expect(calls[1]).toMatchObject({ method: 'PUT', body: { revision: 5 } });
    expect(doc.revision).toBe(6);
    expect(doc.conflict).toBeNull();
    expect(doc.dirty).toBe(false);
  });

  it('reload on conflict takes the other revision and drops local edits', async () => {
    const theirs = detail({ revision: 9, name: 'theirs' });
    vi.stubGlobal('fetch', async () => jsonResponse(409, { error: { code: 'REVISION_CONFLICT', message: 'stale', details: { current: theirs } } }));
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    doc.addNode('end');
    await doc.save();
    await doc.resolveConflict('reload');
    expect(doc.revision).toBe(9);
    expect(doc.name).toBe('theirs');
    expect(doc.nodesById.has('end_1')).toBe(false);
    expect(doc.dirty).toBe(false);
    expect(doc.canUndo).toBe(false);
  });

  it('publish shows the engine issues on 422 WORKFLOW_INVALID', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(422, { error: { code: 'WORKFLOW_INVALID', message: 'invalid', details: { issues: [{ code: 'UNKNOWN_CONNECTOR', message: 'connector x', nodeId: 'trigger_1', severity: 'error' }] } } }),
    );
    const doc = useWorkflowDocumentStore();
    doc.load(detail());
    expect(await doc.publish('first')).toBeNull();
    expect(doc.issues.find((i) => i.source === 'server')).toMatchObject({ code: 'UNKNOWN_CONNECTOR', nodeId: 'trigger_1' });
  });
});
