/**
 * /api/v1/backtests: backtest a draft over a window of history as a job (progress, cancel, kept
 * results). Shapes as documented in engine/src/guardrails/README.md ("Backtest result").
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { request, toQuery, type ApiContext } from './http';

const enc = encodeURIComponent;

export type BacktestStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** ISO week (`2026-W22`) or date (`2026-05-25`), both edges inclusive. */
export interface BacktestWindowInput {
  from: string;
  to: string;
}

export interface CreateBacktestBody {
  /** The workflow the draft belongs to: its published version is replayed too (the difference). */
  workflowId?: number;
  definition: WorkflowDefinition;
  window: BacktestWindowInput;
  source?: 'auto' | 'events';
}

export interface BacktestEmployeeSummary {
  employeeId: string;
  name: string | null;
  teamId: string | null;
  teamName: string | null;
  managerId: string | null;
  managerName: string | null;
  runs: number;
  actingRuns: number;
  weeks: string[];
  tasks: number;
}

export interface BacktestRunRecord {
  key: string;
  eventId: number | null;
  week: string;
  at: string;
  employeeId: string | null;
  path: string[];
  status: string;
  waitingAt: string | null;
  outcome: string | null;
  error: string | null;
  tasks: Array<{ nodeId: string; assigneeId: string | null; title: string; queued?: boolean; releasedWeek?: string | null; severity?: number }>;
  approvals: Array<{ nodeId: string; approverIds: string[]; title: string }>;
  notifications: number;
  actions: number;
  evidence?: { payload: Record<string, unknown>; decisions: Array<{ nodeId: string; variables: Record<string, unknown>; result: unknown }> };
}

export interface ManagerWeekLoad {
  managerId: string;
  managerName: string | null;
  week: string;
  tasks: number;
  approvals: number;
  received: number;
  queued: number;
  released: number;
  backlog: number;
}

export type DiffEmployee = BacktestEmployeeSummary & { firstKey: string; evidence: Record<string, unknown> | null };

export interface BacktestResult {
  trigger: string;
  window: { from: string; to: string; fromDate: string; toDate: string; weeks: string[] };
  source: { kind?: string; events?: number; readings?: number; [k: string]: unknown };
  /** Which directory the runs saw: `event` (as it was at each event; `eventsFallback` events came before the person's history and used today's), or `now` (older results). */
  directory: { asOf: 'now' | 'event'; employees: number; note: string; eventsAsOf?: number; eventsFallback?: number; historyFrom?: string | null };
  published: { workflowId: number; version: number } | null;
  loadCapNodes: Array<{ nodeId: string; perWeek: number; maxOpen?: number }>;
  totals: { events: number; runs: number; employees: number; tasks: number; approvals: number; notifications: number; actions: number; queuedTasks: number; byStatus: Record<string, number> };
  perWeek: Array<{ week: string; events: number; runs: number; employees: number; tasks: number; approvals: number; queued: number }>;
  perTeam: Array<{ teamId: string | null; teamName: string | null; headcount: number; runs: number; employees: number; share: number }>;
  perManager: Array<{ managerId: string | null; managerName: string | null; runs: number; employees: number; tasksReceived: number; tasksQueued: number; approvals: number }>;
  managerLoad: ManagerWeekLoad[];
  paths: Array<{ path: string[]; status: string; waitingAt: string | null; outcome: string | null; runs: number }>;
  diff: null | {
    against: { workflowId: number; version: number };
    draftRuns: number;
    publishedRuns: number;
    sameRuns: number;
    onlyDraftRuns: number;
    onlyPublishedRuns: number;
    pathChanged: number;
    added: DiffEmployee[];
    removed: DiffEmployee[];
  };
  /** The number of affected employees (GET …/employees pages through them). */
  employees: number;
  truncated: { detailedRuns: number; runsWithoutEvidence: number; runsNotListed: number; trimmedToFit?: 'evidence' | 'runs' };
  durationMs: number;
}

/** A backtest job: GET /backtests/:id (with `result` once succeeded) or a row of the list (without). */
export interface Backtest {
  id: number;
  status: BacktestStatus;
  /** 0..1 */
  progress: number;
  workflowId: number | null;
  params: { window: BacktestWindowInput; workflowId: number | null; source: string; trigger: string; nodes: number };
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  link: string;
  result?: BacktestResult;
}

export interface EmployeePageQuery {
  offset?: number;
  limit?: number;
  teamId?: string;
  managerId?: string;
}

export function createBacktest(ctx: ApiContext, body: CreateBacktestBody): Promise<Backtest> {
  return request(ctx, 'POST', '/backtests', body);
}

export function getBacktest(ctx: ApiContext, id: number | string): Promise<Backtest> {
  return request(ctx, 'GET', `/backtests/${enc(String(id))}`);
}

export function listBacktests(ctx: ApiContext, query: { workflowId?: number | string; limit?: number; cursor?: string } = {}): Promise<{ items: Backtest[]; nextCursor: string | null }> {
  return request(ctx, 'GET', `/backtests${toQuery({ workflowId: query.workflowId, limit: query.limit, cursor: query.cursor })}`);
}

/** Cancels a queued or running backtest; 409 `BACKTEST_FINISHED` once it has finished. */
export function cancelBacktest(ctx: ApiContext, id: number | string): Promise<Backtest> {
  return request(ctx, 'POST', `/backtests/${enc(String(id))}/cancel`);
}

/** Affected employees of a finished backtest, most runs first; 409 `BACKTEST_NOT_DONE` before. */
export function backtestEmployees(ctx: ApiContext, id: number | string, query: EmployeePageQuery = {}): Promise<{ items: BacktestEmployeeSummary[]; total: number }> {
  return request(ctx, 'GET', `/backtests/${enc(String(id))}/employees${toQuery({ offset: query.offset, limit: query.limit, teamId: query.teamId, managerId: query.managerId })}`);
}

/** One affected employee with every simulated run and its evidence. */
export function backtestEmployee(ctx: ApiContext, id: number | string, employeeId: string): Promise<BacktestEmployeeSummary & { runsDetail: BacktestRunRecord[] }> {
  return request(ctx, 'GET', `/backtests/${enc(String(id))}/employees/${enc(employeeId)}`);
}
