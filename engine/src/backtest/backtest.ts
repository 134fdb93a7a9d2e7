/**
 * A backtest: replays a window of history through a draft's trigger and rules without side
 * effects — the pure core with simulated effects (simulate.ts), never a task, event, run, mail or
 * connector call — and reports what would have happened (report.ts), beside what the workflow's
 * published version would have done with the same events.
 *
 * The directory is the one of each event's time (as-of.ts over the directory history): the person,
 * their manager chain, team and the variables rules read are as they were then; events before a
 * person's history starts use today's directory, and the report says how many did (`directory`).
 *
 * Cooperative: history is read and simulated in chunks, and between chunks (and every ~15 ms of
 * simulation) the loop yields to the event loop (`hooks.yield`, setImmediate), reports progress and
 * checks for cancellation, so it can run inside the API process without stalling requests.
 */
import { TRIGGER_CATALOGUE, isTriggerType, UserError, isPublishable, type WorkflowDefinition } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { toEmployee, type DirectoryService, type EmployeeView } from '../app/directory.service.js';
import type { WorkflowService } from '../app/workflow.service.js';
import type { RunContext } from '../core/types.js';
import { loadDirectoryHistory } from '../signals/directory-history.js';
import { AsOfDirectory } from './as-of.js';
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

/** Today's directory in memory: every person as the directory service reads them, names, teams, roles, headcounts (read a page at a time, yielding between pages). */
export async function loadDirectorySnapshot(knex: Knex): Promise<DirectorySnapshot & { views: Map<string, EmployeeView> }> {
  const PAGE = 2000;
  const employees: DirectorySnapshot['employees'] = new Map();
  const views = new Map<string, EmployeeView>();
  const headcount = new Map<string, number>();
  let activeTotal = 0;
  let after = '';
  for (;;) {
    const rows = (await knex('employee').where('id', '>', after).orderBy('id').limit(PAGE).select('*')) as Row[];
    if (rows.length === 0) break;
    after = String(rows[rows.length - 1]?.id);
    for (const r of rows) {
      const v = toEmployee(r);
      views.set(v.id, v);
      employees.set(v.id, { id: v.id, name: v.name, managerId: v.managerId, teamId: v.teamId, hrbpId: v.hrbpId, status: v.status, roles: v.roles });
      if (v.status === 'active') {
        activeTotal++;
        headcount.set(v.teamId ?? '', (headcount.get(v.teamId ?? '') ?? 0) + 1);
      }
    }
    if (rows.length < PAGE) break;
    await yieldNow();
  }
  const teams: DirectorySnapshot['teams'] = new Map();
  for (const r of (await knex('team').select('id', 'name', 'manager_id')) as Row[]) teams.set(String(r.id), { id: String(r.id), name: String(r.name), managerId: (r.manager_id as string | null) ?? null });
  return { employees, teams, headcount, activeTotal, views };
}

/** Today's directory and its history: the directory as it was at any instant of the window. */
export async function loadAsOfDirectory(deps: Pick<BacktestDeps, 'knex' | 'directory'>, window: { toMs: number }): Promise<{ dir: DirectorySnapshot; asOf: AsOfDirectory }> {
  const { views, ...today } = await loadDirectorySnapshot(deps.knex);
  const history = await loadDirectoryHistory(deps.knex, yieldNow);
  const asOf = new AsOfDirectory(views, history, await deps.directory.orgUnits());
  // Team headcounts (the share of a team affected) as of the window's end.
  return { dir: { ...today, ...asOf.headcountAt(window.toMs - 1) }, asOf };
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

  const { dir, asOf } = await loadAsOfDirectory(deps, window);
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

  const replay = async (source: AsyncGenerator<HistoryEvent[]>, defs: { draft: WorkflowDefinition | null; published: WorkflowDefinition | null }, stats: SourceStats, span: [number, number], sourceProgress: { value: number }): Promise<void> => {
    for await (const events of source) {
      progress = span[0] + (span[1] - span[0]) * sourceProgress.value;
      for (const e of events) {
        if (defs.draft) report.countEvent(e);
        const nowIso = new Date(e.occurredAtMs).toISOString();
        // The directory as it was at the event (counted once, in the draft's pass).
        const context: RunContext = { event: { id: e.eventId === null ? `backtest:${e.key}` : String(e.eventId), type: e.type, occurredAt: nowIso }, trigger: e.payload, ...asOf.context(e.employeeId, e.occurredAtMs, defs.draft !== null) };
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
      ? kpiDeviationEvents(deps.knex, window, stats, onProgress, { warmupPeriods: params.warmupPeriods, jobFamilyAt: (id, ms) => asOf.jobFamily(id, ms) })
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
    directory: {
      asOf: 'event',
      employees: dir.employees.size,
      versions: asOf.history.size,
      historyFrom: asOf.history.startsAt === null ? null : new Date(asOf.history.startsAt).toISOString(),
      eventsAsOf: asOf.eventsAsOf,
      eventsFallback: asOf.eventsFallback,
      note:
        asOf.eventsFallback > 0
          ? `${asOf.eventsFallback} of ${asOf.eventsAsOf + asOf.eventsFallback} events were before their person's directory history starts and used today's directory`
          : 'every event used the directory as it was at its time',
    },
  });
}
