/**
 * The notifications bell: the unread count, polled every 30 s while signed in (paused while the tab
 * is hidden, refreshed when it shows again), and the latest notifications for the dropdown.
 * Notifications belong to a directory person: an account without one has none (no polling).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listNotifications, markAllRead as markAllReadApi, markRead as markReadApi, unreadCount } from '@/api/notifications.api';
import type { NotificationView } from '@/api/people.types';
import { useSessionStore } from './session.store';

export const POLL_MS = 30_000;
const LIST_SIZE = 20;

export const useNotificationsStore = defineStore('notifications', () => {
  const session = useSessionStore();
  const unread = ref(0);
  const items = ref<NotificationView[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let timer: ReturnType<typeof setInterval> | null = null;

  async function refreshCount(): Promise<void> {
    if (!session.employeeId) return;
    try {
      unread.value = (await unreadCount(session.apiContext)).unread;
      error.value = null;
    } catch (e) {
      error.value = e;
    }
  }

  async function loadList(): Promise<void> {
    if (!session.employeeId) return;
    loading.value = true;
    try {
      items.value = (await listNotifications(session.apiContext, { limit: LIST_SIZE })).items;
      error.value = null;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  function onVisibility(): void {
    if (typeof document !== 'undefined' && !document.hidden) void refreshCount();
  }

  /** Starts polling (idempotent); the first count is fetched at once. */
  function start(): void {
    if (timer || !session.employeeId) return;
    void refreshCount();
    timer = setInterval(() => {
      if (typeof document !== 'undefined' && document.hidden) return;
      void refreshCount();
    }, POLL_MS);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  }

  async function markRead(id: string): Promise<void> {
    const item = items.value.find((n) => String(n.id) === id);
    if (item?.readAt) return;
    const updated = await markReadApi(session.apiContext, id);
    items.value = items.value.map((n) => (String(n.id) === id ? { ...n, readAt: updated.readAt ?? new Date().toISOString() } : n));
    unread.value = Math.max(0, unread.value - 1);
  }

  async function markAllRead(): Promise<void> {
    await markAllReadApi(session.apiContext);
    const now = new Date().toISOString();
    items.value = items.value.map((n) => (n.readAt ? n : { ...n, readAt: now }));
    unread.value = 0;
  }

  return { unread, items, loading, error, refreshCount, loadList, start, stop, markRead, markAllRead };
});
