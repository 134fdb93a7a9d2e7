/**
 * "About me": the runs, tasks and approvals about the signed-in person with their evidence and the
 * "why" explanation of each run, their objections and comments (which reach the HRBP as a task),
 * and the export of all their data as JSON.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { exportMyData, fileObjection, myApprovals, myObjections, myRuns, myTasks, runExplanation } from '@/api/me.api';
import type { Approval, FileObjectionBody, InboxTask, MeRun, Objection, RunExplanation } from '@/api/people.types';
import { useSessionStore } from './session.store';

export const useMeStore = defineStore('me', () => {
  const session = useSessionStore();
  const runs = ref<MeRun[]>([]);
  const tasks = ref<InboxTask[]>([]);
  const approvals = ref<Approval[]>([]);
  const objections = ref<Objection[]>([]);
  const explanations = ref<Record<string, RunExplanation | { error: unknown }>>({});
  const loading = ref(false);
  const busy = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const [r, t, a, o] = await Promise.all([myRuns(session.apiContext), myTasks(session.apiContext), myApprovals(session.apiContext), myObjections(session.apiContext)]);
      runs.value = r.items;
      tasks.value = t.items;
      approvals.value = a.items;
      objections.value = o.items;
    } finally {
      loading.value = false;
    }
  }

  /** The "why" of a run, loaded once. */
  async function explain(runId: string): Promise<void> {
    if (explanations.value[runId] && !('error' in (explanations.value[runId] as object))) return;
    try {
      const e = await runExplanation(session.apiContext, runId);
      explanations.value = { ...explanations.value, [runId]: e };
    } catch (error) {
      explanations.value = { ...explanations.value, [runId]: { error } };
    }
  }

  async function object(body: FileObjectionBody): Promise<Objection> {
    busy.value = true;
    try {
      const o = await fileObjection(session.apiContext, body);
      objections.value = [o, ...objections.value];
      return o;
    } finally {
      busy.value = false;
    }
  }

  /** All my data as pretty JSON text (for a download). */
  async function exportText(): Promise<string> {
    busy.value = true;
    try {
      return JSON.stringify(await exportMyData(session.apiContext), null, 2);
    } finally {
      busy.value = false;
    }
  }

  return { runs, tasks, approvals, objections, explanations, loading, busy, load, explain, object, exportText };
});
