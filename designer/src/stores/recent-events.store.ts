/**
 * Recent real events of the trigger's type (GET /events?type=…), for the test run: picking one
 * puts its payload into the sample payload editor. Newest first, a page at a time ("more" follows
 * nextCursor). A page answered for a type the user has since left is dropped.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listEvents, type EventSummary } from '@/api/events.api';
import { useSessionStore } from './session.store';
import { useTestRunStore } from './test-run.store';

export const RECENT_EVENTS_PAGE = 20;

export const useRecentEventsStore = defineStore('recent-events', () => {
  const session = useSessionStore();
  const testRun = useTestRunStore();

  /** The trigger type listed. */
  const type = ref<string | null>(null);
  const items = ref<EventSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<unknown>(null);
  /** The event whose payload was put into the editor last. */
  const pickedId = ref<number | null>(null);
  let generation = 0;

  function startOver(forType: string): void {
    type.value = forType;
    items.value = [];
    nextCursor.value = null;
    loaded.value = false;
  }

  /** Loads the first page of `forType` (again), or with `more` the next page of the current type. */
  async function load(forType: string, more = false): Promise<void> {
    const appending = more && forType === type.value && nextCursor.value !== null;
    const mine = ++generation;
    if (!appending) startOver(forType);
    loading.value = true;
    error.value = null;
    try {
      const page = await listEvents(session.apiContext, { type: forType, limit: RECENT_EVENTS_PAGE, cursor: appending ? nextCursor.value : null });
      if (mine !== generation) return;
      items.value = appending ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor ?? null;
      loaded.value = true;
    } catch (e) {
      if (mine === generation) error.value = e;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Puts the event's payload into the test run's payload editor. */
  function pick(event: EventSummary): void {
    testRun.payloadText = JSON.stringify(event.payload, null, 2);
    testRun.payloadFor = event.type;
    pickedId.value = event.id;
  }

  return { type, items, nextCursor, loading, loaded, error, pickedId, load, pick };
});
