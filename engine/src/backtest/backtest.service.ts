/**
 * Backtest jobs: created by POST /api/v1/backtests, run in the API process that received them (an
 * in-process runner, at most `COACHFLOW_BACKTEST_CONCURRENCY` (1) at a time per process; the rest
 * wait `queued`), with progress, cancellation and the result kept in the `backtest` table.
 *
 * Why in the API process and not on the job queue: a backtest reads history and runs the pure core
 * — no effects to make durable, nothing to retry — and must never be mistaken for run work by the
 * workers' recovery machinery. It yields to the event loop every ~15 ms, so requests keep being
 * served while it runs. If the process dies, the row's heartbeat (`updated_at`) stops; a running
 * backtest without a heartbeat for 60 s is reported `failed` with `INTERRUPTED` (post it again).
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { Logger } from '../logger.js';
import { fromJson, fromJsonOrNull, insertedId, toJson } from '../persistence/json.js';
import { BacktestCancelled, checkDraft, runBacktest, type BacktestDeps, type BacktestParams } from './backtest.js';
import { fitResult, type BacktestResult, type EmployeeSummary, type RunRecord } from './report.js';
import { parseWindow } from './window.js';

type Row = Record<string, unknown>;
const HEARTBEAT_MS = 500;
const STALE_MS = 60_000;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

export type BacktestStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface BacktestView {
  id: number;
  status: BacktestStatus;
  progress: number;
  workflowId: number | null;
  params: { window: BacktestParams['window']; workflowId: number | null; source: string; trigger: string; nodes: number; definition?: unknown };
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  /** Link to this backtest (GET). */
  link: string;
  /** The report without the per-employee detail (GET …/employees and …/runs page through it). */
  result?: Omit<BacktestResult, 'employees'> & { employees: number };
}

function toView(row: Row, withResult: boolean, result: BacktestResult | null, withDefinition = false): BacktestView {
  const params = fromJson<BacktestParams>(row.params);
  const trigger = params.definition.nodes.find((n) => n.kind === 'trigger');
  const view: BacktestView = {
    id: Number(row.id),
    status: String(row.status) as BacktestStatus,
    progress: Math.round(Number(row.progress ?? 0) * 1000) / 1000,
    workflowId: row.workflow_id === null || row.workflow_id === undefined ? null : Number(row.workflow_id),
    params: {
      window: params.window,
      workflowId: params.workflowId ?? null,
      source: params.source ?? 'auto',
      trigger: trigger && trigger.kind === 'trigger' ? String(trigger.config.event) : '',
      nodes: params.definition.nodes.length,
      ...(withDefinition ? { definition: params.definition } : {}),
    },
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: iso(row.created_at) as string,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    error: fromJsonOrNull(row.error),
    link: `/api/v1/backtests/${Number(row.id)}`,
  };
  if (withResult && result) {
    const { employees, ...rest } = result;
    view.result = { ...rest, employees: employees.length };
  }
  return view;
}

export interface BacktestServiceOptions {
  /** Backtests run at once in this process (COACHFLOW_BACKTEST_CONCURRENCY, default 1). */
  concurrency?: number;
  log: Logger;
  owner: string;
}

export class BacktestService {
  #running = new Map<number, { cancel: boolean }>();
  #cache = new Map<number, BacktestResult>();
  #kicking = false;

  constructor(
    private readonly deps: BacktestDeps,
    private readonly options: BacktestServiceOptions,
  ) {}

  /** Largest stored result (COACHFLOW_BACKTEST_MAX_RESULT_BYTES, default 12 MB: under MariaDB's 16 MB packet). */
  get maxResultBytes(): number {
    const n = Number(process.env.COACHFLOW_BACKTEST_MAX_RESULT_BYTES ?? '');
    return Number.isFinite(n) && n > 0 ? n : 12 * 1024 * 1024;
  }

  get concurrency(): number {
    return Math.max(1, this.options.concurrency ?? 1);
  }

  /** Validates and stores a backtest, then starts it (or queues it behind the running ones). */
  async create(params: BacktestParams, createdBy: string | null): Promise<BacktestView> {
    checkDraft(this.deps.workflows, params.definition);
    parseWindow(params.window);
    if (params.workflowId !== undefined && !(await this.deps.workflows.exists(params.workflowId))) throw UserError.notFound('workflow', params.workflowId);
    const now = Date.now();
    const id = insertedId(
      await this.deps.knex('backtest').insert({
        status: 'queued',
        progress: 0,
        workflow_id: params.workflowId ?? null,
        params: toJson(params),
        result: null,
        error: null,
        cancel_requested: false,
        runner: null,
        created_by: createdBy,
        created_at: now,
        started_at: null,
        updated_at: now,
        finished_at: null,
      }),
    );
    this.kick();
    return this.get(id);
  }

  async #row(id: number): Promise<Row> {
    const row = (await this.deps.knex('backtest').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('backtest', id);
    return this.#reap(row);
  }

  /** A running backtest whose runner stopped beating is reported failed (the process died). */
  async #reap(row: Row): Promise<Row> {
    if (row.status !== 'running' || this.#running.has(Number(row.id)) || Number(row.updated_at) > Date.now() - STALE_MS) return row;
    const error = { code: 'INTERRUPTED', message: 'the process running this backtest stopped; post it again' };
    await this.deps.knex('backtest').where({ id: row.id, status: 'running' }).update({ status: 'failed', error: toJson(error), finished_at: Date.now() });
    return { ...row, status: 'failed', error: toJson(error) };
  }

  async #result(row: Row): Promise<BacktestResult | null> {
    if (row.status !== 'succeeded') return null;
    const id = Number(row.id);
    const hit = this.#cache.get(id);
    if (hit) return hit;
    const result = fromJsonOrNull<BacktestResult>(row.result);
    if (!result) return null;
    if (this.#cache.size >= 4) this.#cache.delete(this.#cache.keys().next().value as number);
    this.#cache.set(id, result);
    return result;
  }

  async get(id: number, options: { definition?: boolean } = {}): Promise<BacktestView> {
    const row = await this.#row(id);
    if (row.status === 'queued') this.kick();
    return toView(row, true, await this.#result(row), options.definition ?? false);
  }

  async list(filter: { workflowId?: number; limit: number; cursor?: number }): Promise<{ items: BacktestView[]; nextCursor: string | null }> {
    const q = this.deps.knex('backtest').orderBy('id', 'desc').limit(filter.limit + 1).select('id', 'status', 'progress', 'workflow_id', 'params', 'error', 'created_by', 'created_at', 'started_at', 'updated_at', 'finished_at');
    if (filter.workflowId !== undefined) q.where({ workflow_id: filter.workflowId });
    if (filter.cursor !== undefined) q.where('id', '<', filter.cursor);
    const rows = (await q) as Row[];
    const items: BacktestView[] = [];
    for (const r of rows.slice(0, filter.limit)) items.push(toView(await this.#reap(r), false, null));
    return { items, nextCursor: rows.length > filter.limit && items.length ? String(items[items.length - 1]?.id) : null };
  }

  /** Affected employees, paged, optionally filtered by team or manager (no run detail). */
  async employees(id: number, filter: { offset: number; limit: number; teamId?: string; managerId?: string }): Promise<{ items: EmployeeSummary[]; total: number }> {
    const result = await this.#ready(id);
    let list = result.employees;
    if (filter.teamId) list = list.filter((e) => e.teamId === filter.teamId);
    if (filter.managerId) list = list.filter((e) => e.managerId === filter.managerId);
    return { items: list.slice(filter.offset, filter.offset + filter.limit).map(({ runsDetail: _r, ...e }) => e), total: list.length };
  }

  /** One affected employee with every run: week, path, tasks, and the evidence. */
  async employee(id: number, employeeId: string): Promise<EmployeeSummary & { runsDetail: RunRecord[] }> {
    const result = await this.#ready(id);
    const e = result.employees.find((x) => x.employeeId === employeeId);
    if (!e) throw UserError.notFound('employee in this backtest', employeeId);
    return e;
  }

  /** Simulated runs, paged, in (employee, time) order; filter by employee or week. */
  async runs(id: number, filter: { offset: number; limit: number; employeeId?: string; week?: string }): Promise<{ items: RunRecord[]; total: number }> {
    const result = await this.#ready(id);
    const all: RunRecord[] = [];
    for (const e of result.employees) {
      if (filter.employeeId !== undefined && e.employeeId !== filter.employeeId) continue;
      for (const r of e.runsDetail) if (filter.week === undefined || r.week === filter.week) all.push(r);
    }
    return { items: all.slice(filter.offset, filter.offset + filter.limit), total: all.length };
  }

  async #ready(id: number): Promise<BacktestResult> {
    const row = await this.#row(id);
    const result = await this.#result(row);
    if (!result) throw UserError.conflict('BACKTEST_NOT_DONE', `backtest ${id} is ${String(row.status)}; its result is not available`);
    return result;
  }

  /** Cancels a queued or running backtest (a finished one answers 409). */
  async cancel(id: number): Promise<BacktestView> {
    const row = await this.#row(id);
    const status = String(row.status);
    if (status === 'queued') {
      await this.deps.knex('backtest').where({ id, status: 'queued' }).update({ status: 'cancelled', cancel_requested: true, finished_at: Date.now(), updated_at: Date.now() });
    } else if (status === 'running') {
      await this.deps.knex('backtest').where({ id }).update({ cancel_requested: true });
      const mine = this.#running.get(id);
      if (mine) mine.cancel = true;
    } else {
      throw UserError.conflict('BACKTEST_FINISHED', `backtest ${id} is already ${status}`);
    }
    return this.get(id);
  }

  /** Claims queued backtests up to the concurrency and runs them (fire and forget). */
  kick(): void {
    if (this.#kicking) return;
    this.#kicking = true;
    void this.#claim()
      .catch((e) => this.options.log.warn('backtest runner failed to claim', { err: (e as Error).message }))
      .finally(() => {
        this.#kicking = false;
      });
  }

  async #claim(): Promise<void> {
    while (this.#running.size < this.concurrency) {
      const next = (await this.deps.knex('backtest').where({ status: 'queued' }).orderBy('id').first('id')) as Row | undefined;
      if (!next) return;
      const id = Number(next.id);
      const now = Date.now();
      const n = await this.deps.knex('backtest').where({ id, status: 'queued' }).update({ status: 'running', runner: this.options.owner, started_at: now, updated_at: now });
      if (Number(n) === 0) continue;
      const handle = { cancel: false };
      this.#running.set(id, handle);
      void this.#execute(id, handle).finally(() => {
        this.#running.delete(id);
        this.kick();
      });
    }
  }

  /** Waits until no backtest runs in this process (tests, shutdown). */
  async idle(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((this.#running.size > 0 || this.#kicking) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  async #execute(id: number, handle: { cancel: boolean }): Promise<void> {
    const { knex } = this.deps;
    let lastBeat = 0;
    let progress = 0;
    try {
      const row = (await knex('backtest').where({ id }).first()) as Row;
      const params = fromJson<BacktestParams>(row.params);
      const result = await runBacktest(this.deps, params, {
        progress: async (p) => {
          progress = p;
          if (Date.now() - lastBeat < HEARTBEAT_MS) return;
          lastBeat = Date.now();
          const beat = (await knex('backtest').where({ id }).first('cancel_requested')) as Row | undefined;
          if (beat && Boolean(beat.cancel_requested)) handle.cancel = true;
          await knex('backtest').where({ id, status: 'running' }).update({ progress: p, updated_at: lastBeat });
        },
        cancelled: () => handle.cancel,
      });
      const done = await knex('backtest').where({ id, status: 'running' }).update({ status: 'succeeded', progress: 1, result: fitResult(result, this.maxResultBytes), updated_at: Date.now(), finished_at: Date.now() });
      if (Number(done) === 0) this.options.log.warn('backtest finished but was no longer running', { id });
    } catch (e) {
      const cancelled = e instanceof BacktestCancelled;
      const error = cancelled ? null : { code: e instanceof UserError ? e.code : 'BACKTEST_FAILED', message: (e as Error).message };
      if (!cancelled) this.options.log.warn('backtest failed', { id, err: (e as Error).message });
      await knex('backtest')
        .where({ id })
        .update({ status: cancelled ? 'cancelled' : 'failed', progress, error: toJson(error), updated_at: Date.now(), finished_at: Date.now() })
        .catch(() => undefined);
    }
  }
}
