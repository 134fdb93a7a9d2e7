import { mount } from '@vue/test-utils';
import { Position, VueFlow } from '@vue-flow/core';
import { defineComponent, h, markRaw, ref } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { CanvasNodeData } from './canvas.types';
import {
  COMPACT_ENTER_BELOW,
  COMPACT_LEAVE_FROM,
  COMPACT_MIN_NODES,
  HANDLE_HALF,
  compactEndpoints,
  nextCompact,
  useCompactLevel,
} from './level-of-detail';
import WorkflowNodeCard from './nodes/WorkflowNodeCard.vue';

describe('level of detail: threshold and hysteresis', () => {
  it('stays full for small workflows at any zoom', () => {
    expect(nextCompact(false, 0.2, COMPACT_MIN_NODES - 1)).toBe(false);
    expect(nextCompact(true, 0.2, COMPACT_MIN_NODES - 1)).toBe(false);
  });

  it('enters compact below the lower threshold and leaves it only from the upper one', () => {
    const n = COMPACT_MIN_NODES;
    expect(COMPACT_ENTER_BELOW).toBeLessThan(COMPACT_LEAVE_FROM);
    expect(nextCompact(false, COMPACT_ENTER_BELOW, n)).toBe(false);
    expect(nextCompact(false, COMPACT_ENTER_BELOW - 0.01, n)).toBe(true);
    // between the thresholds: the current level is kept
    const between = (COMPACT_ENTER_BELOW + COMPACT_LEAVE_FROM) / 2;
    expect(nextCompact(false, between, n)).toBe(false);
    expect(nextCompact(true, between, n)).toBe(true);
    expect(nextCompact(true, COMPACT_LEAVE_FROM - 0.01, n)).toBe(true);
    expect(nextCompact(true, COMPACT_LEAVE_FROM, n)).toBe(false);
  });

  it('useCompactLevel follows a zoom path with hysteresis and changes only when the level does', () => {
    const zoom = ref(1);
    const count = ref(500);
    const compact = useCompactLevel(zoom, count);
    const seen: boolean[] = [];
    for (const z of [1, 0.45, 0.39, 0.3, 0.45, 0.49, 0.5, 0.45, 0.41, 0.2]) {
      zoom.value = z;
      seen.push(compact.value);
    }
    expect(seen).toEqual([false, false, true, true, true, true, false, false, false, true]);
    count.value = 20;
    expect(compact.value).toBe(false);
  });
});

describe('level of detail: compact edge end points', () => {
  const source = {
    computedPosition: { x: 100, y: 50 },
    dimensions: { width: 240, height: 90 },
    data: { outputs: [{ id: 'true' }, { id: 'false' }] },
  };
  const target = { computedPosition: { x: 500, y: 300 }, dimensions: { width: 240, height: 80 }, data: { outputs: [{ id: 'out' }] } };

  it('joins the source handle’s place on the right to the middle of the target’s left side', () => {
    expect(compactEndpoints(source, 'false', target)).toEqual({
      sourceX: 100 + 240 + HANDLE_HALF,
      sourceY: 50 + 60,
      targetX: 500 - HANDLE_HALF,
      targetY: 300 + 40,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    });
    expect(compactEndpoints(source, 'true', target).sourceY).toBe(50 + 30);
  });

  it('uses the middle of the right side for a single exit or an unknown handle', () => {
    expect(compactEndpoints(target, 'out', source).sourceY).toBe(300 + 40);
    expect(compactEndpoints(target, null, source).sourceY).toBe(300 + 40);
    expect(compactEndpoints(source, 'nope', target).sourceY).toBe(50 + 45);
  });
});

describe('level of detail: the card', () => {
  const data: CanvasNodeData = {
    kind: 'condition',
    group: 'logic',
    title: 'Streak high',
    subtitle: 'Condition',
    summary: 'streak >= 3',
    hasInput: true,
    outputs: [
      { id: 'true', label: 'yes' },
      { id: 'false', label: 'no' },
    ],
    issues: { errors: 1, warnings: 0, messages: ['rule is empty'] },
  };

  /** The card as vue-flow renders it (its handles need the node's context). */
  function mountCard() {
    const Host = defineComponent({
      setup() {
        return () =>
          h(VueFlow, {
            id: `lod-${Math.random()}`,
            nodes: [{ id: 'n1', type: 'condition', position: { x: 0, y: 0 }, data }],
            nodeTypes: { condition: markRaw(WorkflowNodeCard) },
          });
      },
    });
    return mount(Host, { attachTo: document.body });
  }

  // The compact form is drawn by the overview (overview.test.ts); vue-flow only ever renders the full card.
  it('renders the full card: summary, badge, handles and their labels', async () => {
    const wrapper = mountCard();
    await flushPromises();
    const card = wrapper.find('.cf-node');
    expect(card.classes()).not.toContain('cf-node--compact');
    expect(card.classes()).toContain('cf-node--error');
    expect(card.find('.cf-node__summary').text()).toBe('streak >= 3');
    expect(card.find('[data-test="issue-badge"]').text()).toBe('1');
    expect(card.findAll('.cf-handle__label').map((l) => l.text())).toEqual(['yes', 'no']);
    expect(card.findAll('.vue-flow__handle.source')).toHaveLength(2);
    expect(card.findAll('.vue-flow__handle.target')).toHaveLength(1);
    wrapper.unmount();
  });
});
