/**
 * Backtests of a workflow's draft (issue 9): the earlier backtests of the workflow, the one shown
 * (started here or reopened by its link) polled while it is queued or running, cancellation, and,
 * once it succeeded, its affected employees (paged, filtered by team or manager) and one employee's
 * simulated runs with their evidence. Nothing a backtest does is written or sent by the engine.
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  backtestEmployee,
  backtestEmployees,
  cancelBacktest,
  createBacktest,
  getBacktest,
  listBacktests,
  type Backtest,
  type BacktestEmployeeSummary,
  type BacktestRunRecord,
  type BacktestStatus,
  type BacktestWindowInput,
} from '@/api/backtests.api';
import { isApiError } from '@/api/http';
import { useSessionStore } from './session.store';

const DAY_MS = 86_400_000;
/** Window presets of the picker, in weeks. */
export const WINDOW_PRESETS = [4, 13, 26] as const;
export const EMPLOYEE_PAGE_SIZE = 20;

export function isFinished(status: BacktestStatus | undefined): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `weeks` ISO weeks up to and including the current one, as dates (UTC, Monday to Sunday). */
export function presetWindow(weeks: number, now: Date = new Date()): BacktestWindowInput {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  return { from: isoDate(monday - (weeks - 1) * 7 * DAY_MS), to: isoDate(monday + 6 * DAY_MS) };
}

export type EmployeeDetail = BacktestEmployeeSummary & { runsDetail: BacktestRunRecord[] };

export const useBacktestStore = defineStore('backtest', () => {
  const session = useSessionStore();

  /** Milliseconds between two polls of a queued or running backtest. */
  const pollInterval = ref(1000);
  const workflowId = ref<string | null>(null);
  const history = ref<Backtest[]>([]);
  const historyLoading = ref(false);
  const current = ref<Backtest | null>(null);
  const opening = ref(false);
  const starting = ref(false);
  const cancelling = ref(false);
  /** The last failure to start, poll, open or cancel (shown until the next success). */
  const error = ref<unknown>(null);

  const employees = ref<BacktestEmployeeSummary[]>([]);
  const employeesTotal = ref(0);
  const employeesLoading = ref(false);
  const employeeFilter = ref<{ offset: number; teamId: string; managerId: string }>({ offset: 0, teamId: '', managerId: '' });
  const employee = ref<EmployeeDetail | null>(null);
  const employeeLoading = ref(false);
  const employeeError = ref<unknown>(null);

  const active = computed(() => current.value !== null && !isFinished(current.value.status));
  const result = computed(() => (current.value?.status === 'succeeded' ? (current.value.result ?? null) : null));

  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped whenever another backtest is shown: answers about an earlier one are dropped. */
  let generation = 0;

  function stopPolling(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule(gen: number): void {
    stopPolling();
    timer = setTimeout(() => void poll(gen), pollInterval.value);
  }

  /** Shows a backtest: polls it until it finishes; a succeeded one loads its first employees. */
  async function show(b: Backtest, gen: number): Promise<void> {
    if (gen !== generation) return;
    current.value = b;
    const row = history.value.findIndex((h) => h.id === b.id);
    const { result: _r, ...summary } = b;
    if (row >= 0) history.value.splice(row, 1, summary);
    else if (workflowId.value !== null && String(b.workflowId) === workflowId.value) history.value.unshift(summary);
    if (!isFinished(b.status)) schedule(gen);
    else if (b.status === 'succeeded') await loadEmployees({ offset: 0, teamId: '', managerId: '' });
  }

  async function poll(gen: number): Promise<void> {
    timer = null;
    const id = current.value?.id;
    if (gen !== generation || id === undefined) return;
    try {
      const b = await getBacktest(session.apiContext, id);
      error.value = null;
      await show(b, gen);
    } catch (e) {
      if (gen !== generation) return;
      error.value = e;
      // The engine is briefly away (network, 5xx): keep watching; a 4xx will not get better.
      if (!isApiError(e) || e.status === 0 || e.status >= 500) schedule(gen);
    }
  }

  function clearShown(): number {
    stopPolling();
    generation++;
    current.value = null;
    error.value = null;
    employees.value = [];
    employeesTotal.value = 0;
    employee.value = null;
    employeeError.value = null;
    return generation;
  }

  /** The earlier backtests of a workflow, newest first. */
  async function loadHistory(id: string): Promise<void> {
    workflowId.value = id;
    historyLoading.value = true;
    try {
      history.value = (await listBacktests(session.apiContext, { workflowId: id, limit: 50 })).items;
    } finally {
      historyLoading.value = false;
    }
  }

  /** Starts a backtest of `definition` (the draft) over `window`; returns it, or null when refused (see `error`). */
  async function start(definition: WorkflowDefinition, window: BacktestWindowInput): Promise<Backtest | null> {
    const gen = clearShown();
    starting.value = true;
    try {
      const b = await createBacktest(session.apiContext, {
        ...(workflowId.value !== null ? { workflowId: Number(workflowId.value) } : {}),
        definition,
        window,
      });
      await show(b, gen);
      return b;
    } catch (e) {
      if (gen === generation) error.value = e;
      return null;
    } finally {
      starting.value = false;
    }
  }

  /** Reopens a backtest by id (its link); keeps polling it while it runs. */
  async function open(id: number | string): Promise<void> {
    if (current.value && String(current.value.id) === String(id) && (active.value || result.value)) return;
    const gen = clearShown();
    opening.value = true;
    try {
      await show(await getBacktest(session.apiContext, id), gen);
    } catch (e) {
      if (gen === generation) error.value = e;
    } finally {
      opening.value = false;
    }
  }

  /** Asks the engine to stop the shown backtest; it ends `cancelled` at its next yield. */
  async function cancel(): Promise<void> {
    const b = current.value;
    if (!b || isFinished(b.status)) return;
    const gen = generation;
    cancelling.value = true;
    try {
      await show(await cancelBacktest(session.apiContext, b.id), gen);
      error.value = null;
    } catch (e) {
      if (gen !== generation) return;
      error.value = e;
      // It finished meanwhile (409): show how it ended.
      if (isApiError(e) && e.code === 'BACKTEST_FINISHED') await poll(gen);
    } finally {
      cancelling.value = false;
    }
  }

  /** A page of the affected employees of the shown (succeeded) backtest. */
  async function loadEmployees(next: Partial<{ offset: number; teamId: string; managerId: string }> = {}): Promise<void> {
    const b = current.value;
    if (!b || b.status !== 'succeeded') return;
    const gen = generation;
    const filter = { ...employeeFilter.value, ...next };
    if (next.teamId !== undefined || next.managerId !== undefined) filter.offset = next.offset ?? 0;
    employeeFilter.value = filter;
    employeesLoading.value = true;
    try {
      const page = await backtestEmployees(session.apiContext, b.id, {
        offset: filter.offset,
        limit: EMPLOYEE_PAGE_SIZE,
        ...(filter.teamId ? { teamId: filter.teamId } : {}),
        ...(filter.managerId ? { managerId: filter.managerId } : {}),
      });
      if (gen !== generation) return;
      employees.value = page.items;
      employeesTotal.value = page.total;
    } catch (e) {
      if (gen === generation) error.value = e;
    } finally {
      employeesLoading.value = false;
    }
  }

  /** One affected employee's simulated runs with their evidence. */
  async function openEmployee(employeeId: string): Promise<void> {
    const b = current.value;
    if (!b) return;
    const gen = generation;
    employeeLoading.value = true;
    employeeError.value = null;
    employee.value = null;
    try {
      const e = await backtestEmployee(session.apiContext, b.id, employeeId);
      if (gen === generation) employee.value = e;
    } catch (e) {
      if (gen === generation) employeeError.value = e;
    } finally {
      employeeLoading.value = false;
    }
  }

  function closeEmployee(): void {
    employee.value = null;
    employeeError.value = null;
  }

  /** Stops polling and forgets the shown backtest (leaving the panel). */
  function reset(): void {
    clearShown();
  }

  return {
    pollInterval, workflowId, history, historyLoading, current, opening, starting, cancelling, error, active, result,
    employees, employeesTotal, employeesLoading, employeeFilter, employee, employeeLoading, employeeError,
    loadHistory, start, open, cancel, loadEmployees, openEmployee, closeEmployee, reset, stopPolling,
  };
});
