/** The inbox: open tasks and their completion. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Task } from '@/api/api.types';
import { completeTask, listTasks } from '@/api/tasks.api';
import { useSessionStore } from './session.store';

export const useTasksStore = defineStore('tasks', () => {
  const session = useSessionStore();
  const items = ref<Task[]>([]);
  const loading = ref(false);
  const completing = ref(false);
  const openCount = computed(() => items.value.length);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = (await listTasks(session.apiContext, 'open')).items;
    } finally {
      loading.value = false;
    }
  }

  /** Completes a task with its form data and removes it from the open list. */
  async function complete(id: string, data: Record<string, unknown>): Promise<void> {
    completing.value = true;
    try {
      await completeTask(session.apiContext, id, data);
      items.value = items.value.filter((t) => t.id !== id);
    } finally {
      completing.value = false;
    }
  }

  return { items, loading, completing, openCount, load, complete };
});
