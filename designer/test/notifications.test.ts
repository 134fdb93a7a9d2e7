import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import NotificationBell from '@/components/NotificationBell.vue';
import { i18n } from '@/i18n';
import { POLL_MS, useNotificationsStore } from '@/stores/notifications.store';
import { useSessionStore } from '@/stores/session.store';
import { FakeEngine, meUser } from './support/fake-engine';

const N = (id: number, over: Record<string, unknown> = {}) => ({
  id, kind: 'task.assigned', channel: 'inapp', recipientId: 'E9001', title: `通知 ${id}`, body: '请处理', status: 'sent', runId: 3, payload: { itemType: 'task', itemId: 40 + id }, createdAt: '2026-02-20T10:00:00Z', readAt: null, ...over,
});

describe('notifications', () => {
  let engine: FakeEngine;
  let unread: number;

  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine();
    unread = 3;
    engine
      .on('GET /api/v1/notifications/unread-count', () => ({ unread }))
      .on('GET /api/v1/notifications', { items: [N(1), N(2, { readAt: '2026-02-20T11:00:00Z' })], nextCursor: null })
      .on('POST /api/v1/notifications/1/read', N(1, { readAt: '2026-02-21T09:00:00Z' }))
      .on('POST /api/v1/notifications/read-all', { marked: 2 });
    vi.stubGlobal('fetch', engine.fetch);
    i18n.global.locale.value = 'en';
  });
  afterEach(() => {
    useNotificationsStore().stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function signedIn(employeeId: string | null = 'E9001') {
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ employeeId }) as never;
    return session;
  }

  it('polls the unread count every 30 seconds, with the bearer token', async () => {
    vi.useFakeTimers();
    signedIn();
    const store = useNotificationsStore();
    store.start();
    store.start(); // idempotent
    await vi.advanceTimersByTimeAsync(0);
    expect(store.unread).toBe(3);
    unread = 5;
    await vi.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(store.unread).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.unread).toBe(5);
    expect(engine.callsTo('GET /api/v1/notifications/unread-count')).toHaveLength(2);
    expect(engine.callsTo('GET /api/v1/notifications/unread-count')[0]?.headers.authorization).toBe('Bearer tok');
    store.stop();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(engine.callsTo('GET /api/v1/notifications/unread-count')).toHaveLength(2);
  });

  it('does not poll for an account without a person (the engine would refuse)', async () => {
    vi.useFakeTimers();
    signedIn(null);
    useNotificationsStore().start();
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(engine.calls).toHaveLength(0);
  });

  it('marks one read (once) and all read', async () => {
    signedIn();
    const store = useNotificationsStore();
    await store.refreshCount();
    await store.loadList();
    await store.markRead('1');
    await store.markRead('1');
    expect(engine.callsTo('POST /api/v1/notifications/1/read')).toHaveLength(1);
    expect(store.unread).toBe(2);
    expect(store.items[0]?.readAt).toBe('2026-02-21T09:00:00Z');
    await store.markAllRead();
    expect(store.unread).toBe(0);
    expect(store.items.every((n) => n.readAt)).toBe(true);
  });

  it('the bell shows the count, lists the notifications and opens the item of one', async () => {
    signedIn();
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
    await router.push('/runs');
    const w = mount(NotificationBell, { global: { plugins: [i18n, router] }, attachTo: document.body });
    await flushPromises();
    expect(w.find('[data-test="bell-count"]').text()).toContain('3');
    await w.find('button[data-test="bell"]').trigger('click');
    await vi.dynamicImportSettled();
    await flushPromises();
    expect(w.find('[data-test="bell"]').attributes('aria-expanded')).toBe('true');
    expect(engine.callsTo('GET /api/v1/notifications')).toHaveLength(1);
    const item = w.find('[data-test="notification-1"]');
    expect(item.text()).toContain('通知 1');
    await item.trigger('click');
    await flushPromises();
    expect(engine.callsTo('POST /api/v1/notifications/1/read')).toHaveLength(1);
    expect(router.currentRoute.value.fullPath).toBe('/inbox?tab=tasks&task=41');
    // the panel closed on the way
    expect(w.find('[data-test="notification-1"]').exists()).toBe(false);
    w.unmount();
  });
});
