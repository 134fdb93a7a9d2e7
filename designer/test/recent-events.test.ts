import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowDetail } from '@/api/api.types';
import type { EventSummary } from '@/api/events.api';
import { i18n } from '@/i18n';
import TestRunPanel from '@/panels/TestRunPanel.vue';
import { RECENT_EVENTS_PAGE, useRecentEventsStore } from '@/stores/recent-events.store';
import { useSessionStore } from '@/stores/session.store';
import { useTestRunStore } from '@/stores/test-run.store';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';
import { fail, FakeEngine, meUser } from './support/fake-engine';

const TRIGGER_ONLY = { nodes: [{ id: 'trigger_1', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } }], edges: [] };
const DETAIL = { id: '1', name: 'recent', revision: 1, publishedVersion: null, updatedAt: '2026-02-20T10:00:00Z', definition: TRIGGER_ONLY } as WorkflowDetail;

function event(id: number, streak: number): EventSummary {
  return {
    id, type: 'kpi.deviation', employeeId: 'E9003', runCount: 1, occurredAt: '2026-02-20T10:00:00.000Z', receivedAt: '2026-02-20T10:00:01.000Z',
    payload: { employeeId: 'E9003', kpi: { id: 'sales', name: '销售额' }, streak },
  };
}

describe('recent events for the test run', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine()
      .on('GET /api/v1/events?type=kpi.deviation&limit=20', { items: [event(9, 5), event(7, 4)], nextCursor: '7' })
      .on('GET /api/v1/events?type=kpi.deviation&limit=20&cursor=7', { items: [event(3, 3)], nextCursor: null })
      .on('GET /api/v1/events?type=goal.at_risk&limit=20', { items: [], nextCursor: null });
    vi.stubGlobal('fetch', engine.fetch);
    Object.assign(useSessionStore(), { token: 'tok', user: meUser({ roles: ['hr_admin'] }) });
    useWorkflowDocumentStore().load(structuredClone(DETAIL));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the newest events of the type, pages with the cursor, and a pick fills the payload', async () => {
    const recent = useRecentEventsStore();
    const testRun = useTestRunStore();
    testRun.show();
    await recent.load('kpi.deviation');
    expect(engine.calls.at(-1)?.query.get('type')).toBe('kpi.deviation');
    expect(engine.calls.at(-1)?.query.get('limit')).toBe(String(RECENT_EVENTS_PAGE));
    expect(recent.items.map((e) => e.id)).toEqual([9, 7]);
    expect(recent.nextCursor).toBe('7');
    await recent.load('kpi.deviation', true);
    expect(engine.calls.at(-1)?.query.get('cursor')).toBe('7');
    expect(recent.items.map((e) => e.id)).toEqual([9, 7, 3]);
    expect(recent.nextCursor).toBeNull();

    recent.pick(recent.items[1]!);
    expect(JSON.parse(testRun.payloadText)).toEqual(event(7, 4).payload);
    expect(testRun.payloadError).toBeNull();
    expect(recent.pickedId).toBe(7);
    // another type starts over
    await recent.load('goal.at_risk');
    expect(recent.items).toEqual([]);
    expect(recent.loaded).toBe(true);
  });

  it('keeps the engine error (e.g. 403) to show it', async () => {
    engine.on('GET /api/v1/events', fail(403, 'FORBIDDEN', 'not allowed'));
    const recent = useRecentEventsStore();
    await recent.load('pip.entered');
    expect(recent.error).toBeTruthy();
    expect(recent.items).toEqual([]);
    expect(recent.loading).toBe(false);
  });

  it('the panel lists the events when opened; one click puts the payload into the editor', async () => {
    i18n.global.locale.value = 'en';
    const testRun = useTestRunStore();
    testRun.show();
    const w = mount(TestRunPanel, { attachTo: document.body, global: { plugins: [i18n], stubs: { RunInspector: true } } });
    expect(w.text()).toContain('Pick from recent real events');
    expect(engine.callsTo('GET /api/v1/events')).toHaveLength(0); // nothing fetched until opened
    await w.find('[data-test="test-recent"] .el-collapse-item__header').trigger('click');
    await flushPromises();
    expect(engine.callsTo('GET /api/v1/events')).toHaveLength(1);
    const rows = w.findAll('[data-test="test-recent-event"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('E9003');
    expect(rows[0]!.text()).toContain('"streak":5');
    await rows[1]!.trigger('click');
    expect(JSON.parse((w.find('textarea[data-test="test-payload"], [data-test="test-payload"] textarea').element as HTMLTextAreaElement).value)).toMatchObject({ streak: 4 });
    expect(w.findAll('[data-test="test-recent-event"]')[1]!.classes()).toContain('is-picked');
    await w.find('[data-test="test-recent-more"]').trigger('click');
    await flushPromises();
    expect(w.findAll('[data-test="test-recent-event"]')).toHaveLength(3);
    expect(w.find('[data-test="test-recent-more"]').exists()).toBe(false);
    w.unmount();
    i18n.global.locale.value = 'zh-CN';
  });

  it('the panel says when there are no events of the type', async () => {
    i18n.global.locale.value = 'en';
    const doc = useWorkflowDocumentStore();
    doc.updateNodeConfig('trigger_1', { event: 'goal.at_risk' });
    useTestRunStore().show();
    const w = mount(TestRunPanel, { attachTo: document.body, global: { plugins: [i18n], stubs: { RunInspector: true } } });
    await w.find('[data-test="test-recent"] .el-collapse-item__header').trigger('click');
    await flushPromises();
    expect(w.find('[data-test="test-recent-empty"]').text()).toContain('No events of this type');
    w.unmount();
    i18n.global.locale.value = 'zh-CN';
  });
});
