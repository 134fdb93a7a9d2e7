/**
 * A backtest: replays a window of history through a draft's trigger and rules without side
 * effects — the pure core with simulated effects (simulate.ts), never a task, event, run, mail or
 * connector call — and reports what would have happened (report.ts), beside what the workflow's
 * published version would have done with the same events.
 *
 * Cooperative: history is read and simulated in chunks, and between chunks (and every ~15 ms of
 * simulation) the loop yields to the event loop (`hooks.yield`, setImmediate), reports progress and
 * checks for cancellation, so it can run inside the API process without stalling requests.
 */
import { TRIGGER_CATALOGUE, isTriggerType, UserError, isPublishable, type WorkflowDefinition } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { DirectoryService } from '../app/directory.service.js';
import type { WorkflowService } from '../app/workflow.service.js';
import type { RunContext } from '../core/types.js';
import { fromJsonOrNull } from '../persistence/json.js';
import { ReportBuilder, type BacktestResult, type DirectorySnapshot } from './report.js';
import { matchFilter, simulateRun } from './simulate.js';
import { kpiDeviationEvents, storedEvents, type HistoryEvent, type SourceProgress, type SourceStats } from './sources.js';
import { parseWindow, type WindowInput } from './window.js';

type Row = Record<string, unknown>;

export interface BacktestParams {
  definition: WorkflowDefinition;
  window: WindowInput;
  /** The workflow the draft belongs to: its published version is replayed too, for the difference. */
  workflowId?: number;
  /** `auto` (default): kpi.deviation recomputed from readings, other types from stored events; `events`: stored events for every type. */
  source?: 'auto' | 'events';
  /** KPI periods before the window folded in to get streak lengths right (default 104). */
  warmupPeriods?: number;
}

export interface BacktestDeps {
  knex: Knex;
  directory: DirectoryService;
  workflows: WorkflowService;
}

export interface BacktestHooks {
  /** 0..1 */
  progress?(p: number): void | Promise<void>;
  /** Checked at every yield; true stops the backtest with BacktestCancelled. */
  cancelled?(): boolean | Promise<boolean>;
}

export class BacktestCancelled extends Error {
  constructor() {
    super('backtest cancelled');
    this.name = 'BacktestCancelled';
  }
}

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
const SLICE_MS = 15;

function triggerTypeOf(def: WorkflowDefinition): string {
  const t = def.nodes.find((n) => n.kind === 'trigger');
  return t && t.kind === 'trigger' ? String(t.config.event) : '';
}

/** Validates a draft for a backtest (as for a test run: connectors need not be installed). Throws a 422. */
export function checkDraft(workflows: WorkflowService, definition: WorkflowDefinition): string {
  const issues = workflows.validate(definition).filter((i) => i.code !== 'UNKNOWN_CONNECTOR' && i.code !== 'UNKNOWN_ACTION');
  if (!isPublishable(issues)) {
    throw UserError.unprocessable('WORKFLOW_INVALID', `fix the errors of the draft before a backtest: ${issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ')}`, { issues });
  }
  const type = triggerTypeOf(definition);
  if (!isTriggerType(type)) throw UserError.unprocessable('UNKNOWN_TRIGGER', `the draft's trigger "${type}" is not a known event type`, { known: Object.keys(TRIGGER_CATALOGUE) });
  return type;
}

/** Today's directory in memory: names, managers, teams, roles, headcounts (read a page at a time, yielding between pages). */
export async function loadDirectorySnapshot(knex: Knex): Promise<DirectorySnapshot> {
  const PAGE = 2000;
  const employees: DirectorySnapshot['employees'] = new Map();
  const headcount = new Map<string, number>();
  let activeTotal = 0;
  let after = '';
  for (;;) {
    const rows = (await knex('employee').where('id', '>', after).orderBy('id').limit(PAGE).select('id', 'name', 'manager_id', 'team_id', 'hrbp_id', 'status', 'extra')) as Row[];
    if (rows.length === 0) break;
    after = String(rows[rows.length - 1]?.id);
    for (const r of rows) {
      const roles = (fromJsonOrNull<{ roles?: unknown }>(r.extra) ?? {}).roles;
      const status = String(r.status ?? 'active');
      const teamId = (r.team_id as string | null) ?? null;
      employees.set(String(r.id), { id: String(r.id), name: String(r.name), managerId: (r.manager_id as string | null) ?? null, teamId, hrbpId: (r.hrbp_id as string | null) ?? null, status, roles: Array.isArray(roles) ? roles.map(String) : [] });
      if (status === 'active') {
        activeTotal++;
        headcount.set(teamId ?? '', (headcount.get(teamId ?? '') ?? 0) + 1);
      }
    }
    if (rows.length < PAGE) break;
    await yieldNow();
  }
  const teams: DirectorySnapshot['teams'] = new Map();
  for (const r of (await knex('team').select('id', 'name', 'manager_id')) as Row[]) teams.set(String(r.id), { id: String(r.id), name: String(r.name), managerId: (r.manager_id as string | null) ?? null });
  return { employees, teams, headcount, activeTotal };
}

export async function runBacktest(deps: BacktestDeps, params: BacktestParams, hooks: BacktestHooks = {}): Promise<BacktestResult> {
  const started = Date.now();
  const type = checkDraft(deps.workflows, params.definition);
  const window = parseWindow(params.window);

  let published: { workflowId: number; version: number; definition: WorkflowDefinition } | null = null;
  if (params.workflowId !== undefined) {
    const wf = await deps.workflows.get(params.workflowId);
    if (wf.publishedVersion !== null) {
      const v = await deps.workflows.getVersion(wf.id, wf.publishedVersion);
      published = { workflowId: wf.id, version: v.version, definition: v.definition };
    }
  }
  const publishedSameTrigger = published !== null && triggerTypeOf(published.definition) === type;

  const dir = await loadDirectorySnapshot(deps.knex);
  const report = new ReportBuilder(dir);
  let sliceStart = Date.now();
  let progress = 0;
  const pause = async (force = false): Promise<void> => {
    if (!force && Date.now() - sliceStart < SLICE_MS) return;
    await yieldNow();
    if (await hooks.cancelled?.()) throw new BacktestCancelled();
    await hooks.progress?.(progress);
    sliceStart = Date.now();
  };

  const contexts = new Map<string, Pick<RunContext, 'employee' | 'manager' | 'org'>>();
  const NO_ONE = { employee: null, manager: null, org: null };
  const replay = async (source: AsyncGenerator<HistoryEvent[]>, defs: { draft: WorkflowDefinition | null; published: WorkflowDefinition | null }, stats: SourceStats, span: [number, number], sourceProgress: { value: number }): Promise<void> => {
    for await (const events of source) {
      progress = span[0] + (span[1] - span[0]) * sourceProgress.value;
      const wanted = [...new Set(events.map((e) => e.employeeId).filter((id): id is string => id !== null && !contexts.has(id)))];
      if (wanted.length) for (const [id, ctx] of await deps.directory.resolveContexts(wanted)) contexts.set(id, ctx);
      if (contexts.size > 50_000) contexts.clear();
      for (const e of events) {
        if (defs.draft) report.countEvent(e);
        const nowIso = new Date(e.occurredAtMs).toISOString();
        const context: RunContext = { event: { id: e.eventId === null ? `backtest:${e.key}` : String(e.eventId), type: e.type, occurredAt: nowIso }, trigger: e.payload, ...((e.employeeId ? contexts.get(e.employeeId) : undefined) ?? NO_ONE) };
        const now = new Date(e.occurredAtMs);
        if (defs.draft) {
          const m = matchFilter(defs.draft, context, nowIso);
          if (m.matched) report.add(e, context, simulateRun(defs.draft, context, m.filter, now));
        }
        if (defs.published) {
          const m = matchFilter(defs.published, context, nowIso);
          if (m.matched) report.addPublished(e, simulateRun(defs.published, context, m.filter, now));
        }
        await pause();
      }
      progress = span[0] + (span[1] - span[0]) * sourceProgress.value;
      await pause(true);
    }
    void stats;
  };

  const sourceOf = (t: string, stats: SourceStats, sp: { value: number }): AsyncGenerator<HistoryEvent[]> => {
    const onProgress = (p: SourceProgress) => {
      sp.value = p.total ? p.done / p.total : 1;
    };
    return t === 'kpi.deviation' && (params.source ?? 'auto') === 'auto'
      ? kpiDeviationEvents(deps.knex, window, stats, onProgress, { warmupPeriods: params.warmupPeriods })
      : storedEvents(deps.knex, t, window, stats, onProgress);
  };

  const stats: SourceStats = { kind: type === 'kpi.deviation' && (params.source ?? 'auto') === 'auto' ? 'kpi_readings' : 'stored_events', events: 0 };
  const secondPass = published !== null && !publishedSameTrigger;
  const mainSpan: [number, number] = secondPass ? [0.02, 0.6] : [0.02, 0.95];
  const mainProgress = { value: 0 };
  await replay(sourceOf(type, stats, mainProgress), { draft: params.definition, published: publishedSameTrigger ? (published?.definition ?? null) : null }, stats, mainSpan, mainProgress);
  if (secondPass && published) {
    const pType = triggerTypeOf(published.definition);
    const pStats: SourceStats = { kind: pType === 'kpi.deviation' ? 'kpi_readings' : 'stored_events', events: 0 };
    const secondProgress = { value: 0 };
    await replay(sourceOf(pType, pStats, secondProgress), { draft: null, published: published.definition }, pStats, [0.6, 0.95], secondProgress);
  }
  progress = 0.96;
  await pause(true);
  return report.finish({
    trigger: type,
    window: { from: window.from, to: window.to, fromDate: new Date(window.fromMs).toISOString(), toDate: new Date(window.toMs).toISOString(), weeks: window.weeks },
    source: { ...stats },
    published: published ? { workflowId: published.workflowId, version: published.version } : null,
    durationMs: Date.now() - started,
  });
}
