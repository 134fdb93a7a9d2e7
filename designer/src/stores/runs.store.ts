/** Runs: the filtered list (cursor paging) and the run being inspected (replay). */
import type { RunStatus } from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunDetail, RunStep, RunSummary } from '@/api/api.types';
import { cancelRun, getRun, listRuns, retryRun } from '@/api/runs.api';
import { useSessionStore } from './session.store';

const PAGE_SIZE = 50;

export const useRunsStore = defineStore('runs', () => {
  const session = useSessionStore();

  const items = ref<RunSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const filters = ref<{ status: RunStatus | ''; workflowId: string }>({ status: '', workflowId: '' });

  const current = ref<RunDetail | null>(null);
  const currentLoading = ref(false);
  const selectedNodeId = ref<string | null>(null);

  /** All attempts of the selected node, oldest first. */
  const selectedSteps = computed<RunStep[]>(() =>
    current.value && selectedNodeId.value ? current.value.steps.filter((s) => s.nodeId === selectedNodeId.value).sort((a, b) => a.seq - b.seq) : [],
  );

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const page = await listRuns(session.apiContext, { ...filters.value, limit: PAGE_SIZE });
      items.value = page.items;
      nextCursor.value = page.nextCursor ?? null;
    } finally {
      loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    loading.value = true;
    try {
      const page = await listRuns(session.apiContext, { ...filters.value, limit: PAGE_SIZE, cursor: nextCursor.value });
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor ?? null;
    } finally {
      loading.value = false;
    }
  }

  function setFilters(next: Partial<{ status: RunStatus | ''; workflowId: string }>): Promise<void> {
    filters.value = { ...filters.value, ...next };
    return load();
  }

  async function open(id: string): Promise<void> {
    currentLoading.value = true;
    try {
      if (String(current.value?.id) !== String(id)) selectedNodeId.value = null;
      current.value = await getRun(session.apiContext, id);
    } finally {
      currentLoading.value = false;
    }
  }

  function selectNode(id: string | null): void {
    selectedNodeId.value = id;
  }

  async function retry(): Promise<void> {
    if (!current.value) return;
    await retryRun(session.apiContext, String(current.value.id));
    await open(String(current.value.id));
  }

  async function cancel(): Promise<void> {
    if (!current.value) return;
    await cancelRun(session.apiContext, String(current.value.id));
    await open(String(current.value.id));
  }

  return { items, nextCursor, loading, filters, current, currentLoading, selectedNodeId, selectedSteps, load, loadMore, setFilters, open, selectNode, retry, cancel };
});
