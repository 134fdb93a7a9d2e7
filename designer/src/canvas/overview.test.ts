import { flushPromises, mount } from '@vue/test-utils';
import { getSmoothStepPath, useVueFlow } from '@vue-flow/core';
import type { WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import type { CanvasNodeMove } from './canvas.types';
import FlowCanvas from './FlowCanvas.vue';
import { compactEndpoints } from './level-of-detail';
import { draggedPositions, edgeInView, nodesInside, overlaps, overviewEdgePath, snap, viewRect } from './overview';
import { mapWorkflowToCanvas } from './useCanvasMapping';

describe('overview geometry', () => {
  it('computes the flow rectangle a pane shows', () => {
    expect(viewRect({ x: -100, y: 50, zoom: 0.5 }, 800, 600)).toEqual({ x: 200, y: -100, width: 1600, height: 1200 });
  });

  it('counts shared areas as overlap, touching edges not', () => {
    const a = { x: 0, y: 0, width: 100, height: 100 };
    expect(overlaps(a, { x: 50, y: 50, width: 100, height: 100 })).toBe(true);
    expect(overlaps(a, { x: 100, y: 0, width: 10, height: 10 })).toBe(false);
    expect(overlaps(a, { x: -20, y: -20, width: 10, height: 10 })).toBe(false);
  });

  it('shows an edge whose span crosses the view even when both ends are outside it', () => {
    const view = { x: 0, y: 0, width: 100, height: 100 };
    const left = { x: -300, y: 40, width: 50, height: 20 };
    const right = { x: 300, y: 40, width: 50, height: 20 };
    expect(edgeInView(left, right, view)).toBe(true);
    expect(edgeInView(left, { ...left, y: 400 }, view)).toBe(false);
  });

  it('draws the same path as the compact edge: from the source handle’s place to the target’s left middle', () => {
    const source = { id: 's', position: { x: 0, y: 0 }, dimensions: { width: 240, height: 88 }, data: { outputs: [{ id: 'true' }, { id: 'false' }] } };
    const target = { id: 't', position: { x: 400, y: 160 }, dimensions: { width: 240, height: 88 } };
    const ends = compactEndpoints({ computedPosition: source.position, dimensions: source.dimensions, data: source.data }, 'false', { computedPosition: target.position, dimensions: target.dimensions });
    const [d, labelX, labelY] = getSmoothStepPath(ends);
    expect(overviewEdgePath(source, 'false', target)).toEqual({ d, labelX, labelY });
  });

  it('finds the nodes wholly inside a selection box', () => {
    const size = { width: 240, height: 88 };
    const nodes = [
      { id: 'in', position: { x: 10, y: 10 }, dimensions: size },
      { id: 'half', position: { x: 200, y: 10 }, dimensions: size },
      { id: 'out', position: { x: 900, y: 900 }, dimensions: size },
    ];
    expect(nodesInside(nodes, { x: 0, y: 0, width: 300, height: 100 }).map((n) => n.id)).toEqual(['in']);
  });

  it('moves dragged nodes by the pointer distance in flow units, on the grid', () => {
    const starts = new Map([
      ['a', { x: 96, y: 160 }],
      ['b', { x: 400, y: 0 }],
    ]);
    // 50 px at zoom 0.2 = 250 flow units, snapped to 16: 96 + 250 = 346 -> 352.
    expect(draggedPositions(starts, 50, -10, 0.2, [16, 16])).toEqual(
      new Map([
        ['a', { x: 352, y: 112 }],
        ['b', { x: 656, y: -48 }],
      ]),
    );
    expect(snap({ x: 7.9, y: -8.1 }, [16, 16])).toEqual({ x: 0, y: -16 });
  });
});

describe('overview of a large workflow at the compact level', () => {
  /** 200 nodes (the overview starts at 150) in a 10 × 20 grid: fitted at the minimum zoom, compact. */
  function mountLarge(readonly = false) {
    const nodes: WorkflowDefinition['nodes'] = [];
    const edges: WorkflowDefinition['edges'] = [];
    for (let i = 0; i < 200; i++) {
      const position = { x: (i % 10) * 256, y: Math.floor(i / 10) * 160 };
      nodes.push(i === 0 ? { id: 'n0', kind: 'trigger', position, config: { event: 'kpi.deviation' } } : { id: `n${i}`, kind: 'delay', name: `wait ${i}`, position, config: { duration: 'PT1H' } });
      if (i > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` });
    }
    const mapped = mapWorkflowToCanvas({ definition: { nodes, edges }, locale: 'zh-CN', t: (k) => i18n.global.t(k), issues: [{ nodeId: 'n101', severity: 'error', message: 'bad' }] });
    const flowId = `overview-${Math.random()}`;
    const wrapper = mount(FlowCanvas, { props: { flowId, nodes: mapped.nodes, edges: mapped.edges, readonly }, global: { plugins: [i18n] }, attachTo: document.body });
    return { wrapper, mapped, flowId };
  }

  it('draws the cards and edges in view itself: no vue-flow node or edge component', async () => {
    const { wrapper } = mountLarge();
    await flushPromises();
    const cards = wrapper.findAll('.cf-overview__node');
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.length).toBeLessThan(200);
    // Every rendered node is an overview card (the same classes vue-flow's would have).
    expect(wrapper.findAll('.vue-flow__node')).toHaveLength(cards.length);
    const card = wrapper.find('.cf-overview__node[data-id="n101"] .cf-node');
    expect(card.classes()).toEqual(expect.arrayContaining(['cf-node--compact', 'cf-node--error']));
    expect(card.text()).toBe('wait 101');
    expect(card.find('.vue-flow__handle').exists()).toBe(false);
    const edges = wrapper.findAll('.cf-overview__edge');
    expect(edges.length).toBeGreaterThan(0);
    expect(wrapper.findAll('.vue-flow__edge')).toHaveLength(edges.length);
    for (const e of edges) expect(e.find('.vue-flow__edge-path').attributes('d')).toMatch(/^M/);
    wrapper.unmount();
  });

  it('selects a card on click and moves it on the grid on drag, reported once on release', async () => {
    const { wrapper, mapped } = mountLarge();
    await flushPromises();
    const card = () => wrapper.find('.cf-overview__node[data-id="n101"]');
    await card().trigger('pointerdown', { button: 0, pointerId: 1, clientX: 100, clientY: 100 });
    await card().trigger('pointerup', { button: 0, pointerId: 1, clientX: 100, clientY: 100 });
    expect(wrapper.emitted('select:node')?.[0]).toEqual(['n101']);
    expect(card().classes()).toContain('selected');
    expect(card().find('.cf-node').classes()).toContain('cf-node--selected');

    const zoom = new DOMMatrixReadOnly(getComputedStyle(wrapper.find('.vue-flow__transformationpane').element).transform).a || 0.2;
    await card().trigger('pointerdown', { button: 0, pointerId: 2, clientX: 100, clientY: 100 });
    await card().trigger('pointermove', { button: 0, pointerId: 2, clientX: 130, clientY: 100 });
    await card().trigger('pointermove', { button: 0, pointerId: 2, clientX: 150, clientY: 100 });
    // While dragging, the card follows (no move reported yet).
    expect(wrapper.emitted('update:nodes:position')).toBeUndefined();
    const start = mapped.nodes.find((n) => n.id === 'n101')!.position;
    const expected = { x: 16 * Math.round((start.x + 50 / zoom) / 16), y: start.y };
    expect(card().attributes('style')).toContain(`translate(${expected.x}px,${expected.y}px)`);
    await card().trigger('pointerup', { button: 0, pointerId: 2, clientX: 150, clientY: 100 });
    const moves = wrapper.emitted('update:nodes:position') as CanvasNodeMove[][][] | undefined;
    expect(moves).toHaveLength(1);
    expect(moves?.[0]?.[0]).toEqual([{ id: 'n101', position: expected }]);
    // A drag is not a click.
    expect(wrapper.emitted('select:node')).toHaveLength(1);
    wrapper.unmount();
  });

  it('selects the cards wholly inside a box selection (vue-flow skips the nodes it holds hidden)', async () => {
    const { wrapper, mapped, flowId } = mountLarge();
    await flushPromises();
    const { userSelectionRect, viewport } = useVueFlow(flowId);
    const v = viewport.value;
    // A box around n101 and n102 (positions 256, 2560 and 512, 2560; 240 × 88 each), in pane pixels.
    const p101 = mapped.nodes.find((n) => n.id === 'n101')!.position;
    const toPane = (x: number, y: number) => ({ x: x * v.zoom + v.x, y: y * v.zoom + v.y });
    const a = toPane(p101.x - 8, p101.y - 8);
    const b = toPane(p101.x + 256 + 240 + 8, p101.y + 88 + 8);
    userSelectionRect.value = { startX: a.x, startY: a.y, x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
    await flushPromises();
    expect(wrapper.findAll('.cf-overview__node.selected').map((c) => c.attributes('data-id')).sort()).toEqual(['n101', 'n102']);
    userSelectionRect.value = null;
    wrapper.unmount();
  });

  it('does not move cards when read-only (replay), but still selects them', async () => {
    const { wrapper } = mountLarge(true);
    await flushPromises();
    const card = () => wrapper.find('.cf-overview__node[data-id="n101"]');
    const before = card().attributes('style');
    await card().trigger('pointerdown', { button: 0, pointerId: 1, clientX: 100, clientY: 100 });
    await card().trigger('pointermove', { button: 0, pointerId: 1, clientX: 160, clientY: 100 });
    await card().trigger('pointerup', { button: 0, pointerId: 1, clientX: 160, clientY: 100 });
    expect(card().attributes('style')).toBe(before);
    expect(wrapper.emitted('update:nodes:position')).toBeUndefined();
    wrapper.unmount();
  });
});
