/**
 * The signed-in person's inbox (GET /inbox): tasks (assigned, claimed, delegated to them, escalated
 * to them) and approvals waiting on them, with the open / due soon / overdue counts; claim,
 * complete with the form, reassign with a reason, approve or reject with a comment, and absence
 * delegations. Every action is an authenticated POST as the signed-in person.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  claimTask,
  commentApproval,
  completeTask,
  createDelegation,
  decideApproval,
  getApproval,
  getInbox,
  getTask,
  listDelegations,
  listEmployees,
  reassignTask,
  revokeDelegation,
} from '@/api/inbox.api';
import type { Approval, Delegation, EmployeeView, InboxAnswer, InboxFilter, InboxTask } from '@/api/people.types';
import { useSessionStore } from './session.store';

const EMPTY_COUNTS: InboxAnswer['counts'] = { open: 0, dueSoon: 0, overdue: 0, approvals: 0 };

/** "Due soon" window of the inbox filter (the engine's default is 72 h). */
export const DUE_SOON_HOURS = 72;

export const useInboxStore = defineStore('inbox', () => {
  const session = useSessionStore();
  const filter = ref<InboxFilter>('open');
  const tasks = ref<InboxTask[]>([]);
  const approvals = ref<Approval[]>([]);
  const counts = ref<InboxAnswer['counts']>({ ...EMPTY_COUNTS });
  const loading = ref(false);
  const busy = ref(false);
  const delegations = ref<Delegation[]>([]);
  const people = ref<EmployeeView[]>([]);
  /** Full records (with history) of the items opened in the drawer. */
  const taskDetail = ref<InboxTask | null>(null);
  const approvalDetail = ref<Approval | null>(null);

  const openCount = computed(() => counts.value.open);

  async function load(next: InboxFilter = filter.value): Promise<void> {
    loading.value = true;
    try {
      const answer = await getInbox(session.apiContext, next, DUE_SOON_HOURS);
      filter.value = next;
      tasks.value = answer.tasks;
      approvals.value = answer.approvals;
      counts.value = { ...EMPTY_COUNTS, ...answer.counts };
    } finally {
      loading.value = false;
    }
  }

  async function act<T>(fn: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await fn();
    } finally {
      busy.value = false;
    }
  }

  async function openTask(id: string): Promise<InboxTask> {
    const listed = tasks.value.find((x) => String(x.id) === id) ?? null;
    taskDetail.value = listed;
    const full = await getTask(session.apiContext, id);
    taskDetail.value = full;
    return full;
  }

  async function openApproval(id: string): Promise<Approval> {
    approvalDetail.value = approvals.value.find((x) => String(x.id) === id) ?? null;
    const full = await getApproval(session.apiContext, id);
    approvalDetail.value = full;
    return full;
  }

  function replaceTask(task: InboxTask): void {
    tasks.value = tasks.value.map((x) => (String(x.id) === String(task.id) ? { ...x, ...task } : x));
    if (taskDetail.value && String(taskDetail.value.id) === String(task.id)) taskDetail.value = { ...taskDetail.value, ...task };
  }

  function dropTask(id: string): void {
    const had = tasks.value.some((x) => String(x.id) === id);
    tasks.value = tasks.value.filter((x) => String(x.id) !== id);
    if (had) counts.value = { ...counts.value, open: Math.max(0, counts.value.open - 1) };
    if (taskDetail.value && String(taskDetail.value.id) === id) taskDetail.value = null;
  }

  function dropApproval(id: string): void {
    const had = approvals.value.some((x) => String(x.id) === id);
    approvals.value = approvals.value.filter((x) => String(x.id) !== id);
    if (had) counts.value = { ...counts.value, approvals: Math.max(0, counts.value.approvals - 1) };
    if (approvalDetail.value && String(approvalDetail.value.id) === id) approvalDetail.value = null;
  }

  const claim = (id: string) => act(async () => replaceTask(await claimTask(session.apiContext, id)));

  /** Completes with the form data; the task leaves the open list. */
  const complete = (id: string, data: Record<string, unknown>) =>
    act(async () => {
      await completeTask(session.apiContext, id, data);
      dropTask(id);
    });

  /** Hands the task to someone else with a reason; it leaves this inbox. */
  const reassign = (id: string, to: string, reason: string) =>
    act(async () => {
      await reassignTask(session.apiContext, id, to, reason);
      dropTask(id);
    });

  /** Approve or reject (with an optional comment); a decided item leaves the inbox. */
  const decide = (id: string, decision: 'approved' | 'rejected', comment?: string) =>
    act(async () => {
      const after = await decideApproval(session.apiContext, id, decision, comment?.trim() || undefined);
      const stillMine = after.status === 'pending' && (after.waitingFor ?? []).includes(session.employeeId ?? '');
      if (stillMine) approvals.value = approvals.value.map((a) => (String(a.id) === id ? after : a));
      else dropApproval(id);
      return after;
    });

  const comment = (id: string, text: string) =>
    act(async () => {
      const after = await commentApproval(session.apiContext, id, text);
      if (approvalDetail.value && String(approvalDetail.value.id) === id) approvalDetail.value = { ...approvalDetail.value, ...after };
      return after;
    });

  async function loadDelegations(): Promise<void> {
    delegations.value = (await listDelegations(session.apiContext)).items;
  }

  const delegate = (body: { delegateId: string; startsAt?: string; endsAt: string; reason?: string }) =>
    act(async () => {
      const created = await createDelegation(session.apiContext, body);
      delegations.value = [created, ...delegations.value];
      return created;
    });

  const revoke = (id: string) =>
    act(async () => {
      const after = await revokeDelegation(session.apiContext, id);
      delegations.value = delegations.value.map((d) => (String(d.id) === id ? after : d));
    });

  /** People the caller may see in the directory (for reassign / delegate pickers); failures leave it empty. */
  async function loadPeople(): Promise<void> {
    if (people.value.length) return;
    try {
      people.value = (await listEmployees(session.apiContext)).items;
    } catch {
      people.value = [];
    }
  }

  return {
    filter,
    tasks,
    approvals,
    counts,
    loading,
    busy,
    delegations,
    people,
    taskDetail,
    approvalDetail,
    openCount,
    load,
    openTask,
    openApproval,
    claim,
    complete,
    reassign,
    decide,
    comment,
    loadDelegations,
    delegate,
    revoke,
    loadPeople,
  };
});
