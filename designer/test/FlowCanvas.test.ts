import { flushPromises, mount } from '@vue/test-utils';
import type { WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import type { CanvasNodeDrop } from '@/canvas/canvas.types';
import FlowCanvas from '@/canvas/FlowCanvas.vue';
import { mapWorkflowToCanvas } from '@/canvas/useCanvasMapping';
import { i18n } from '@/i18n';

const def: WorkflowDefinition = {
  nodes: [
    { id: 'start', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', position: { x: 300, y: 0 }, config: { rule: true } },
    { id: 'coach', kind: 'task', position: { x: 600, y: 0 }, config: { title: '', assignee: { type: 'directManager' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
  ],
};

function mountCanvas(extra: Record<string, unknown> = {}) {
  const { nodes, edges } = mapWorkflowToCanvas({
    definition: def,
    locale: 'zh-CN',
    t: (k) => i18n.global.t(k),
    issues: [{ nodeId: 'coach', severity: 'error', message: 'title is required' }],
    ...extra,
  });
  return mount(FlowCanvas, {
    props: { flowId: `test-${Math.random()}`, nodes, edges },
    global: { plugins: [i18n] },
    attachTo: document.body,
  });
}

describe('FlowCanvas', () => {
  it('renders one card per node with its handles and the issue badge', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    expect(wrapper.findAll('.vue-flow__node')).toHaveLength(3);
    expect(wrapper.findAll('.cf-node')).toHaveLength(3);
    const condition = wrapper.find('.cf-node[data-kind="condition"]');
    expect(condition.findAll('.vue-flow__handle.source')).toHaveLength(2);
    expect(condition.text()).toContain('是');
    expect(condition.text()).toContain('否');
    // the trigger has no input handle
    expect(wrapper.find('.cf-node[data-kind="trigger"]').findAll('.vue-flow__handle.target')).toHaveLength(0);
    const badge = wrapper.find('.cf-node[data-kind="task"] [data-test="issue-badge"]');
    expect(badge.text()).toBe('1');
    expect(wrapper.find('.cf-node[data-kind="task"]').classes()).toContain('cf-node--error');
    wrapper.unmount();
  });

  it('emits select:node on click and create:node when a palette entry is dropped', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    await wrapper.find('.vue-flow__node[data-id="check"]').trigger('click');
    expect(wrapper.emitted('select:node')?.[0]).toEqual(['check']);

    const data = new Map<string, string>([['application/x-coachflow-node-kind', 'delay']]);
    const dataTransfer = { types: [...data.keys()], getData: (k: string) => data.get(k) ?? '', dropEffect: 'none' };
    await wrapper.find('.cf-canvas').trigger('drop', { dataTransfer, clientX: 200, clientY: 150 });
    const drops = wrapper.emitted('create:node') as CanvasNodeDrop[][] | undefined;
    expect(drops?.[0]?.[0]?.kind).toBe('delay');
    expect(typeof drops?.[0]?.[0]?.position.x).toBe('number');
    wrapper.unmount();
  });

  it('shows replay statuses in read-only mode', async () => {
    const wrapper = mountCanvas({ issues: [], steps: [{ seq: 1, nodeId: 'start', status: 'succeeded', attempt: 1 }] });
    await wrapper.setProps({ readonly: true });
    await flushPromises();
    expect(wrapper.find('.cf-node[data-kind="trigger"]').attributes('data-status')).toBe('succeeded');
    expect(wrapper.find('.cf-node[data-kind="task"]').attributes('data-status')).toBe('notReached');
    wrapper.unmount();
  });

  it('renders only the nodes in view of a large workflow, fitted from the node positions', async () => {
    // 200 nodes (culling starts at 150) in a 10 × 20 grid: 2,600 × 3,200 flow units, more than the
    // view holds at the minimum zoom (jsdom's pane counts as 500 × 500 px).
    const nodes: WorkflowDefinition['nodes'] = [];
    const edges: WorkflowDefinition['edges'] = [];
    for (let i = 0; i < 200; i++) {
      const position = { x: (i % 10) * 260, y: Math.floor(i / 10) * 160 };
      nodes.push(i === 0 ? { id: 'n0', kind: 'trigger', position, config: { event: 'kpi.deviation' } } : { id: `n${i}`, kind: 'delay', position, config: { duration: 'PT1H' } });
      if (i > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` });
    }
    const mapped = mapWorkflowToCanvas({ definition: { nodes, edges }, locale: 'zh-CN', t: (k) => i18n.global.t(k), issues: [] });
    const wrapper = mount(FlowCanvas, { props: { flowId: `test-${Math.random()}`, nodes: mapped.nodes, edges: mapped.edges }, global: { plugins: [i18n] }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('.cf-canvas').attributes('data-fitted')).toBeDefined();
    const rendered = wrapper.findAll('.vue-flow__node').map((n) => n.attributes('data-id'));
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(200);
    // Fitted at the minimum zoom, centred on the graph: the middle rows are in view, the first and last are not.
    expect(rendered).toContain('n100');
    expect(rendered).not.toContain('n0');
    expect(rendered).not.toContain('n199');
    expect(wrapper.findAll('.cf-node')).toHaveLength(rendered.length);
    // Edges are drawn only between rendered nodes.
    const ids = new Set(rendered);
    const drawn = wrapper.findAll('.vue-flow__edge').map((e) => e.attributes('data-id'));
    expect(drawn.length).toBeGreaterThan(0);
    for (const id of drawn) {
      const edge = mapped.edges.find((e) => e.id === id);
      expect(ids.has(edge?.source ?? '') || ids.has(edge?.target ?? ''), id).toBe(true);
    }
    wrapper.unmount();
  });
});
