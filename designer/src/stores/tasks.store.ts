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

  /**
   * Completes a task with its form data and removes it from the open list. The actor is the
   * signed-in user; until sign-in exists (session.store.ts) it is the task's assignee, which the
   * engine records as such — no permission is implied by the designer.
   */
  async function complete(id: string, data: Record<string, unknown>): Promise<void> {
    const task = items.value.find((t) => t.id === id);
    const actor = session.user?.id ?? task?.assigneeId ?? null;
    if (!actor) throw new Error('no actor: sign in, or the task has no assignee');
    completing.value = true;
    try {
      await completeTask(session.apiContext, id, actor, data);
      items.value = items.value.filter((t) => t.id !== id);
    } finally {
      completing.value = false;
    }
  }

  return { items, loading, completing, openCount, load, complete };
});
