import { TRIGGER_CATALOGUE, type WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import { mapWorkflowToCanvas, reuseUnchanged } from '@/canvas/useCanvasMapping';

const t = (key: string) => `t:${key}`;

const def: WorkflowDefinition = {
  nodes: [
    { id: 'start', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', position: { x: 300, y: 0 }, config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    {
      id: 'route',
      kind: 'switch',
      position: { x: 600, y: 0 },
      config: { cases: [{ id: 'sales', label: 'Sales team', rule: true }, { id: 'other', rule: false }] },
    },
    { id: 'coach', kind: 'task', name: 'Coach the employee', position: { x: 900, y: 0 }, config: { title: 'Coach', assignee: { type: 'directManager' } } },
    { id: 'done', kind: 'end', position: { x: 1200, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'route' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'done' },
    { id: 'e4', source: 'route', sourceHandle: 'sales', target: 'coach' },
    { id: 'e5', source: 'coach', target: 'done' },
  ],
};

describe('mapWorkflowToCanvas', () => {
  it('maps kinds, handles and labels from the catalogue', () => {
    const { nodes, edges } = mapWorkflowToCanvas({ definition: def, locale: 'en', t });
    expect(nodes.map((n) => n.type)).toEqual(['trigger', 'condition', 'switch', 'task', 'end']);
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(byId.start?.data?.hasInput).toBe(false);
    expect(byId.start?.data?.summary).toBe(TRIGGER_CATALOGUE['kpi.deviation'].displayName.en);
    expect(byId.check?.data?.outputs).toEqual([
      { id: 'true', label: 't:canvas.handle.true' },
      { id: 'false', label: 't:canvas.handle.false' },
    ]);
    expect(byId.route?.data?.outputs).toEqual([
      { id: 'sales', label: 'Sales team' },
      { id: 'other', label: 'other' },
      { id: 'default', label: 't:canvas.handle.default' },
    ]);
    expect(byId.done?.data?.outputs).toEqual([]);
    expect(byId.coach?.data?.title).toBe('Coach the employee');
    expect(byId.coach?.data?.subtitle).toBe('Task');
    expect(byId.coach?.data?.status).toBeUndefined();
    expect(edges.find((e) => e.id === 'e1')?.sourceHandle).toBe('out');
    expect(edges.find((e) => e.id === 'e2')?.label).toBe('t:canvas.handle.true');
  });

  it('puts issue counts on nodes (including every node of a cycle) and flags edges', () => {
    const { nodes, edges } = mapWorkflowToCanvas({
      definition: def,
      locale: 'zh-CN',
      t,
      issues: [
        { nodeId: 'coach', severity: 'error', message: 'title missing' },
        { nodeId: 'coach', severity: 'warning', message: 'no due date' },
        { nodeIds: ['check', 'route'], severity: 'error', message: 'cycle' },
        { edgeId: 'e3', severity: 'error', message: 'dangling' },
      ],
    });
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(byId.coach?.data?.issues).toEqual({ errors: 1, warnings: 1, messages: ['title missing', 'no due date'] });
    expect(byId.check?.data?.issues.errors).toBe(1);
    expect(byId.route?.data?.issues.errors).toBe(1);
    expect(byId.start?.data?.issues).toEqual({ errors: 0, warnings: 0, messages: [] });
    expect(edges.find((e) => e.id === 'e3')?.class).toContain('cf-edge--issue');
    expect(edges.find((e) => e.id === 'e1')?.class).toBeUndefined();
  });

  it('colours a replay: latest step status per node, notReached elsewhere, taken edges on the path', () => {
    const { nodes, edges } = mapWorkflowToCanvas({
      definition: def,
      locale: 'en',
      t,
      steps: [
        { seq: 1, nodeId: 'start', status: 'succeeded', attempt: 1 },
        { seq: 2, nodeId: 'check', status: 'succeeded', attempt: 1, handle: 'true' },
        { seq: 3, nodeId: 'route', status: 'succeeded', attempt: 1, handle: 'sales' },
        { seq: 4, nodeId: 'coach', status: 'failed', attempt: 1 },
        { seq: 5, nodeId: 'coach', status: 'waiting', attempt: 2 },
      ],
    });
    const status = Object.fromEntries(nodes.map((n) => [n.id, n.data?.status]));
    expect(status).toEqual({ start: 'succeeded', check: 'succeeded', route: 'succeeded', coach: 'waiting', done: 'notReached' });
    expect(nodes.find((n) => n.id === 'coach')?.data?.attempts).toBe(2);
    const onPath = Object.fromEntries(edges.map((e) => [e.id, e.data?.onPath]));
    expect(onPath).toEqual({ e1: true, e2: true, e3: false, e4: true, e5: false });
    expect(edges.find((e) => e.id === 'e2')?.animated).toBe(true);
    expect(edges.find((e) => e.id === 'e3')?.class).toContain('cf-edge--dim');
  });

  it('keeps unchanged node and edge objects between mappings, and the arrays when nothing changed', () => {
    const first = mapWorkflowToCanvas({ definition: def, locale: 'en', t });
    const again = mapWorkflowToCanvas({ definition: structuredClone(def), locale: 'en', t, issues: [] });
    expect(reuseUnchanged(first.nodes, again.nodes)).toBe(first.nodes);
    expect(reuseUnchanged(first.edges, again.edges)).toBe(first.edges);

    const edited = structuredClone(def);
    (edited.nodes[3] as { name?: string }).name = 'Coach again';
    const second = mapWorkflowToCanvas({ definition: edited, locale: 'en', t, issues: [{ edgeId: 'e5', severity: 'error', message: 'x' }] });
    const nodes = reuseUnchanged(first.nodes, second.nodes);
    expect(nodes).not.toBe(first.nodes);
    expect(nodes.filter((n, i) => n !== first.nodes[i]).map((n) => n.id)).toEqual(['coach']);
    expect(nodes.find((n) => n.id === 'coach')?.data?.title).toBe('Coach again');
    const edges = reuseUnchanged(first.edges, second.edges);
    expect(edges.filter((e, i) => e !== first.edges[i]).map((e) => e.id)).toEqual(['e5']);

    // A removed node: a new, shorter array of the remaining (kept) objects.
    const fewer = reuseUnchanged(first.nodes, first.nodes.slice(1).map((n) => structuredClone(n)));
    expect(fewer).toHaveLength(first.nodes.length - 1);
    expect(fewer.every((n, i) => n === first.nodes[i + 1])).toBe(true);
  });
});
