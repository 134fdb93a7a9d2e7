/**
 * The backtest report: what the simulated runs add up to — per week, team, manager and path; the
 * affected employees with each run's evidence; the tasks and approvals each manager would have
 * received per week, with the effect of a load cap; and the difference from the published version.
 * The result shape is documented in engine/src/guardrails/README.md ("Backtest result").
 */
import type { AssigneeRef } from '@coachflow/model';
import type { RunContext } from '../core/types.js';
import { isoWeekOf, LoadCapModel } from '../guardrails/load-cap.js';
import type { SimRun, SimTask } from './simulate.js';
import type { HistoryEvent } from './sources.js';
import { addPeriods } from '../domain/period.js';
import { periodStartMs } from './window.js';

/**
 * The directory as the report uses it: names of people and teams (as they are now), directory
 * roles (`role` assignees, today's), the team and manager of people the draft ran for nobody about
 * (today's), and `headcount` / `activeTotal` (as of the window's end, backtest.ts). The team and
 * reporting line of each run are the ones of its event, from the run's context.
 */
export interface DirectorySnapshot {
  employees: Map<string, { id: string; name: string; managerId: string | null; teamId: string | null; hrbpId: string | null; status: string; roles: string[] }>;
  teams: Map<string, { id: string; name: string; managerId: string | null }>;
  headcount: Map<string, number>;
  activeTotal: number;
}

export interface RunTaskRecord {
  nodeId: string;
  assigneeId: string | null;
  title: string;
  /** ISO week the task would have been created in: the event's, or later after a delay on the path. */
  week: string;
  /** Over the load cap when created (queued instead of in the inbox). */
  queued?: boolean;
  /** ISO week a queued task was released in (null: still queued at the window's end). */
  releasedWeek?: string | null;
  severity?: number;
}

export interface RunRecord {
  /** The idempotency key of the event (the same as the real event's). */
  key: string;
  eventId: number | null;
  week: string;
  at: string;
  employeeId: string | null;
  /** The person's team and direct manager at the event (the directory as it was). */
  teamId: string | null;
  managerId: string | null;
  path: string[];
  status: string;
  waitingAt: string | null;
  outcome: string | null;
  error: string | null;
  tasks: RunTaskRecord[];
  approvals: Array<{ nodeId: string; approverIds: string[]; title: string }>;
  notifications: number;
  actions: number;
  /** The trigger payload and the rule decisions on the path (absent beyond the detail cap). */
  evidence?: { payload: Record<string, unknown>; decisions: SimRun['decisions'] };
}

/** An affected person; team and manager as of their latest run in the window. */
export interface EmployeeSummary {
  employeeId: string;
  name: string | null;
  teamId: string | null;
  teamName: string | null;
  managerId: string | null;
  managerName: string | null;
  runs: number;
  /** Runs that did something for or about the person: a task, an approval, a notification or a connector call. */
  actingRuns: number;
  weeks: string[];
  tasks: number;
}

export interface ManagerWeekLoad {
  managerId: string;
  managerName: string | null;
  week: string;
  /** Tasks created by runs of that week (before any cap). */
  tasks: number;
  approvals: number;
  /** Tasks that reached the inbox that week: uncapped ones, capped ones under the cap, and ones released from the queue. */
  received: number;
  /** Capped tasks over the cap that week (queued). */
  queued: number;
  /** Queued tasks released that week (from earlier weeks). */
  released: number;
  /** Still queued at the week's end. */
  backlog: number;
}

export interface BacktestResult {
  trigger: string;
  window: { from: string; to: string; fromDate: string; toDate: string; weeks: string[] };
  source: Record<string, unknown>;
  directory: DirectoryInfo;
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
    added: Array<EmployeeSummary & { firstKey: string; evidence: Record<string, unknown> | null }>;
    removed: Array<EmployeeSummary & { firstKey: string; evidence: Record<string, unknown> | null }>;
  };
  employees: Array<EmployeeSummary & { runsDetail: RunRecord[] }>;
  truncated: { detailedRuns: number; runsWithoutEvidence: number; runsNotListed: number; trimmedToFit?: 'evidence' | 'runs' };
  durationMs: number;
}

/** Which directory the runs saw (see backtest.ts: the directory as it was at each event). */
export interface DirectoryInfo {
  asOf: 'event';
  /** People in today's directory. */
  employees: number;
  /** Directory history rows read, and the earliest instant they cover (null: no history). */
  versions: number;
  historyFrom: string | null;
  /** Events about a person resolved from the history as of the event… */
  eventsAsOf: number;
  /** …and from today's directory, the event being before that person's history starts. */
  eventsFallback: number;
  note: string;
}

export const MAX_DETAILED_RUNS = 10_000;
export const MAX_LISTED_RUNS = 200_000;

/** DirectoryService.resolveAssignees, in memory over the snapshot (tasks take the first). */
export function resolveAssignees(ref: AssigneeRef, context: RunContext, dir: DirectorySnapshot): string[] {
  const employee = context.employee as { id?: string; managerId?: string | null; hrbpId?: string | null } | null;
  switch (ref.type) {
    case 'employee':
      return employee?.id ? [employee.id] : [];
    case 'directManager':
      return employee?.managerId ? [employee.managerId] : [];
    case 'skipLevel': {
      // The manager as the run saw them (as of the event), else today's.
      const seen = context.manager as { id?: string; managerId?: string | null } | null;
      const manager = !employee?.managerId ? undefined : seen?.id === employee.managerId ? seen : dir.employees.get(employee.managerId);
      return manager?.managerId ? [manager.managerId] : [];
    }
    case 'hrbp': {
      if (employee?.hrbpId) return [employee.hrbpId];
      const hrbp = (context.org as { hrbpId?: unknown } | null)?.hrbpId;
      return typeof hrbp === 'string' ? [hrbp] : [];
    }
    case 'person':
      return [ref.employeeId];
    case 'objectiveOwners': {
      const owners = context.trigger.ownerIds;
      return Array.isArray(owners) ? owners.map(String) : [];
    }
    case 'role':
      return [...dir.employees.values()].filter((e) => e.status === 'active' && e.roles.includes(ref.role)).map((e) => e.id);
  }
}

interface PendingCapped {
  task: RunTaskRecord;
  sim: SimTask;
  atMs: number;
  key: string;
  week: string;
  id: number;
}

interface Attribution {
  runs: number;
  employees: Set<string>;
}

const inc = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
/** A run that does something for or about the person (not one that only ends). */
const acts = (sim: SimRun) => sim.tasks.length + sim.approvals.length + sim.notifications.length + sim.actions.length > 0;

export class ReportBuilder {
  #events = 0;
  #eventsPerWeek = new Map<string, number>();
  #runsPerWeek = new Map<string, number>();
  #employeesPerWeek = new Map<string, Set<string>>();
  #tasksPerWeek = new Map<string, number>();
  #approvalsPerWeek = new Map<string, number>();
  #byStatus: Record<string, number> = {};
  #paths = new Map<string, { path: string[]; status: string; waitingAt: string | null; outcome: string | null; runs: number }>();
  #employees = new Map<string, { runs: RunRecord[]; count: number; acting: number; weeks: Set<string>; tasks: number; firstActing: RunRecord | null; lastAt: number; teamId: string | null; managerId: string | null }>();
  /** Runs and people per team and per direct manager, as of each run's event. */
  #byTeam = new Map<string, Attribution>();
  #byManager = new Map<string, Attribution>();
  #noEmployee: RunRecord[] = [];
  #load = new Map<string, ManagerWeekLoad>();
  #capped = new Map<string, PendingCapped[]>();
  #loadCapNodes = new Map<string, { nodeId: string; perWeek: number; maxOpen?: number }>();
  #totals = { runs: 0, tasks: 0, approvals: 0, notifications: 0, actions: 0 };
  #detailed = 0;
  #listed = 0;
  #notListed = 0;
  #withoutEvidence = 0;
  #seq = 0;
  // diff
  #published = new Map<string, { employeeId: string | null; path: string }>();
  #draftKeys = new Map<string, { employeeId: string | null; path: string }>();
  /** Employees the published version acts for (a run with a task, approval, notification or call). */
  #publishedEmployees = new Map<string, { count: number; weeks: Set<string>; firstKey: string; evidence: Record<string, unknown> }>();

  constructor(private readonly dir: DirectorySnapshot) {}

  countEvent(e: HistoryEvent): void {
    this.#events++;
    inc(this.#eventsPerWeek, e.week);
  }

  #loadOf(managerId: string, week: string): ManagerWeekLoad {
    const k = `${managerId}\u0000${week}`;
    let l = this.#load.get(k);
    if (!l) {
      l = { managerId, managerName: this.dir.employees.get(managerId)?.name ?? null, week, tasks: 0, approvals: 0, received: 0, queued: 0, released: 0, backlog: 0 };
      this.#load.set(k, l);
    }
    return l;
  }

  /** The published version's run for the same event (diff only). */
  addPublished(e: HistoryEvent, sim: SimRun): void {
    this.#published.set(e.key, { employeeId: e.employeeId, path: sim.path.join('>') });
    if (!e.employeeId || !acts(sim)) return;
    const p = this.#publishedEmployees.get(e.employeeId);
    if (p) {
      p.count++;
      p.weeks.add(e.week);
    } else this.#publishedEmployees.set(e.employeeId, { count: 1, weeks: new Set([e.week]), firstKey: e.key, evidence: e.payload });
  }

  add(e: HistoryEvent, context: RunContext, sim: SimRun): void {
    this.#totals.runs++;
    inc(this.#runsPerWeek, e.week);
    this.#byStatus[sim.status] = (this.#byStatus[sim.status] ?? 0) + 1;
    const pathKey = `${sim.path.join('>')}|${sim.status}|${sim.waitingAt ?? ''}|${sim.outcome ?? ''}`;
    const p = this.#paths.get(pathKey);
    if (p) p.runs++;
    else this.#paths.set(pathKey, { path: sim.path, status: sim.status, waitingAt: sim.waitingAt, outcome: sim.outcome, runs: 1 });
    this.#draftKeys.set(e.key, { employeeId: e.employeeId, path: sim.path.join('>') });

    const tasks: RunTaskRecord[] = [];
    for (const t of sim.tasks) {
      const [assigneeId] = resolveAssignees(t.assignee, context, this.dir);
      // Created when the run reaches the task: at the event, or later after a delay (week accounting: guardrails/README.md).
      const atMs = t.atMs ?? e.occurredAtMs;
      const week = atMs === e.occurredAtMs ? e.week : isoWeekOf(atMs);
      const record: RunTaskRecord = { nodeId: t.nodeId, assigneeId: assigneeId ?? null, title: t.title, week };
      tasks.push(record);
      this.#totals.tasks++;
      inc(this.#tasksPerWeek, week);
      if (!assigneeId) continue;
      const load = this.#loadOf(assigneeId, week);
      load.tasks++;
      if (t.loadCap) {
        record.severity = t.severity;
        this.#loadCapNodes.set(t.nodeId, { nodeId: t.nodeId, ...t.loadCap });
        const k = `${t.nodeId}\u0000${assigneeId}`;
        const list = this.#capped.get(k) ?? [];
        list.push({ task: record, sim: t, atMs, key: e.key, week, id: this.#seq++ });
        this.#capped.set(k, list);
      } else load.received++;
    }
    const approvals = sim.approvals.map((a) => {
      const ids: string[] = [];
      for (const ref of a.approvers) for (const id of resolveAssignees(ref, context, this.dir)) if (!ids.includes(id)) ids.push(id);
      const week = a.atMs === undefined || a.atMs === e.occurredAtMs ? e.week : isoWeekOf(a.atMs);
      for (const id of ids) this.#loadOf(id, week).approvals++;
      this.#totals.approvals++;
      inc(this.#approvalsPerWeek, week);
      return { nodeId: a.nodeId, approverIds: ids, title: a.title };
    });
    this.#totals.notifications += sim.notifications.length;
    this.#totals.actions += sim.actions.length;

    const person = context.employee as { teamId?: unknown; managerId?: unknown } | null;
    const teamId = typeof person?.teamId === 'string' ? person.teamId : null;
    const managerId = typeof person?.managerId === 'string' ? person.managerId : null;
    const record: RunRecord = {
      key: e.key,
      eventId: e.eventId,
      week: e.week,
      at: new Date(e.occurredAtMs).toISOString(),
      employeeId: e.employeeId,
      teamId,
      managerId,
      path: sim.path,
      status: sim.status,
      waitingAt: sim.waitingAt,
      outcome: sim.outcome,
      error: sim.error,
      tasks,
      approvals,
      notifications: sim.notifications.length,
      actions: sim.actions.length,
    };
    if (this.#detailed < MAX_DETAILED_RUNS) {
      record.evidence = { payload: e.payload, decisions: sim.decisions };
      this.#detailed++;
    } else this.#withoutEvidence++;
    const listed = this.#listed < MAX_LISTED_RUNS;
    if (listed) this.#listed++;
    else this.#notListed++;
    if (e.employeeId) {
      let s = this.#employees.get(e.employeeId);
      if (!s) this.#employees.set(e.employeeId, (s = { runs: [], count: 0, acting: 0, weeks: new Set(), tasks: 0, firstActing: null, lastAt: -Infinity, teamId, managerId }));
      if (e.occurredAtMs >= s.lastAt) {
        s.lastAt = e.occurredAtMs;
        s.teamId = teamId;
        s.managerId = managerId;
      }
      for (const [map, k] of [[this.#byTeam, teamId ?? ''], [this.#byManager, managerId ?? '']] as const) {
        const a = map.get(k) ?? { runs: 0, employees: new Set<string>() };
        a.runs++;
        a.employees.add(e.employeeId);
        map.set(k, a);
      }
      s.count++;
      if (acts(sim)) {
        s.acting++;
        s.firstActing ??= record;
      }
      s.weeks.add(e.week);
      s.tasks += tasks.length;
      if (listed) s.runs.push(record);
      let w = this.#employeesPerWeek.get(e.week);
      if (!w) this.#employeesPerWeek.set(e.week, (w = new Set()));
      w.add(e.employeeId);
    } else if (listed) this.#noEmployee.push(record);
  }

  /** The window's weeks, continued up to the last week a task is created in (a delay can push one past the end). */
  #loadWeeks(weeks: string[]): string[] {
    const last = weeks[weeks.length - 1];
    if (last === undefined) return weeks;
    let max = last;
    for (const l of this.#load.values()) if (l.week > max) max = l.week;
    const out = [...weeks];
    while ((out[out.length - 1] as string) < max) out.push(addPeriods(out[out.length - 1] as string, 1));
    return out;
  }

  /** Plays the load cap over the window's weeks (tasks assumed done within their week). */
  #applyLoadCaps(windowWeeks: string[]): number {
    const weeks = this.#loadWeeks(windowWeeks);
    let queuedTotal = 0;
    const backlog = new Map<string, number>();
    for (const [k, list] of this.#capped) {
      const assigneeId = k.slice(k.indexOf('\u0000') + 1);
      const first = list[0] as PendingCapped;
      const model = new LoadCapModel(first.sim.loadCap as { perWeek: number; maxOpen?: number });
      const byWeek = new Map<string, PendingCapped[]>();
      for (const t of list) {
        const l = byWeek.get(t.week) ?? [];
        l.push(t);
        byWeek.set(t.week, l);
      }
      const byId = new Map(list.map((t) => [t.id, t]));
      for (const week of weeks) {
        const startMs = periodStartMs(week);
        model.open.clear();
        const released = model.release(startMs);
        if (released.length) this.#loadOf(assigneeId, week).released += released.length;
        for (const r of released) {
          const t = byId.get(r.id);
          if (t) t.task.releasedWeek = week;
          this.#loadOf(assigneeId, week).received++;
        }
        const arriving = (byWeek.get(week) ?? []).sort((a, b) => a.atMs - b.atMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        for (const t of arriving) {
          const outcome = model.offer({ id: t.id, severity: t.sim.severity }, Math.max(t.atMs, startMs));
          const load = this.#loadOf(assigneeId, week);
          if (outcome === 'open') load.received++;
          else {
            load.queued++;
            queuedTotal++;
            t.task.queued = true;
            t.task.releasedWeek = null;
          }
        }
        if (model.queue.length) inc(backlog, `${assigneeId}\u0000${week}`, model.queue.length);
      }
    }
    for (const [k, n] of backlog) {
      const [managerId, week] = k.split('\u0000') as [string, string];
      this.#loadOf(managerId, week).backlog += n;
    }
    return queuedTotal;
  }

  #summary(employeeId: string, runs: number, acting: number, weeks: Set<string>, tasks: number): EmployeeSummary {
    const e = this.dir.employees.get(employeeId);
    // As of the person's latest run; today's directory for people the draft did not run for (diff.removed).
    const seen = this.#employees.get(employeeId);
    const teamId = seen ? seen.teamId : (e?.teamId ?? null);
    const managerId = seen ? seen.managerId : (e?.managerId ?? null);
    const team = teamId ? this.dir.teams.get(teamId) : undefined;
    return {
      employeeId,
      name: e?.name ?? null,
      teamId,
      teamName: team?.name ?? null,
      managerId,
      managerName: managerId ? (this.dir.employees.get(managerId)?.name ?? null) : null,
      runs,
      actingRuns: acting,
      weeks: [...weeks].sort(),
      tasks,
    };
  }

  finish(input: { trigger: string; window: BacktestResult['window']; source: Record<string, unknown>; published: BacktestResult['published']; durationMs: number; directory?: DirectoryInfo }): BacktestResult {
    const queuedTasks = this.#applyLoadCaps(input.window.weeks);
    const perWeek = input.window.weeks.map((week) => {
      let queued = 0;
      for (const l of this.#load.values()) if (l.week === week) queued += l.queued;
      return {
        week,
        events: this.#eventsPerWeek.get(week) ?? 0,
        runs: this.#runsPerWeek.get(week) ?? 0,
        employees: this.#employeesPerWeek.get(week)?.size ?? 0,
        tasks: this.#tasksPerWeek.get(week) ?? 0,
        approvals: this.#approvalsPerWeek.get(week) ?? 0,
        queued,
      };
    });
    const count = (m: Map<string, Attribution>) => new Map([...m].map(([k, a]) => [k, { runs: a.runs, employees: a.employees.size }]));
    const teams = count(this.#byTeam);
    const managers = count(this.#byManager);
    const perTeam = [...teams.entries()]
      .map(([teamId, t]) => {
        const headcount = this.dir.headcount.get(teamId) ?? 0;
        return { teamId: teamId || null, teamName: teamId ? (this.dir.teams.get(teamId)?.name ?? null) : null, headcount, runs: t.runs, employees: t.employees, share: headcount ? Math.round((t.employees / headcount) * 1000) / 1000 : 0 };
      })
      .sort((a, b) => b.runs - a.runs || String(a.teamId).localeCompare(String(b.teamId)));
    const loadByManager = new Map<string, { received: number; queued: number; approvals: number }>();
    for (const l of this.#load.values()) {
      const m = loadByManager.get(l.managerId) ?? { received: 0, queued: 0, approvals: 0 };
      m.received += l.received;
      m.queued += l.queued;
      m.approvals += l.approvals;
      loadByManager.set(l.managerId, m);
    }
    const managerIds = new Set<string>([...managers.keys(), ...loadByManager.keys()]);
    const perManager = [...managerIds]
      .map((managerId) => ({
        managerId: managerId || null,
        managerName: managerId ? (this.dir.employees.get(managerId)?.name ?? null) : null,
        runs: managers.get(managerId)?.runs ?? 0,
        employees: managers.get(managerId)?.employees ?? 0,
        tasksReceived: loadByManager.get(managerId)?.received ?? 0,
        tasksQueued: loadByManager.get(managerId)?.queued ?? 0,
        approvals: loadByManager.get(managerId)?.approvals ?? 0,
      }))
      .sort((a, b) => b.runs + b.tasksReceived - (a.runs + a.tasksReceived) || String(a.managerId).localeCompare(String(b.managerId)));
    const managerLoad = [...this.#load.values()].sort((a, b) => a.managerId.localeCompare(b.managerId) || a.week.localeCompare(b.week));

    let diff: BacktestResult['diff'] = null;
    if (input.published) {
      let same = 0;
      let pathChanged = 0;
      for (const [key, d] of this.#draftKeys) {
        const p = this.#published.get(key);
        if (!p) continue;
        same++;
        if (p.path !== d.path) pathChanged++;
      }
      // Who the draft acts for that the published version does not, and the other way round.
      const added = [...this.#employees.entries()]
        .filter(([id, s]) => s.acting > 0 && !this.#publishedEmployees.has(id))
        .map(([id, s]) => ({ ...this.#summary(id, s.count, s.acting, s.weeks, s.tasks), firstKey: s.firstActing?.key ?? '', evidence: s.firstActing?.evidence?.payload ?? null }));
      const removed = [...this.#publishedEmployees.entries()]
        .filter(([id]) => !((this.#employees.get(id)?.acting ?? 0) > 0))
        .map(([id, s]) => ({ ...this.#summary(id, s.count, s.count, s.weeks, 0), firstKey: s.firstKey, evidence: s.evidence }));
      diff = {
        against: input.published,
        draftRuns: this.#draftKeys.size,
        publishedRuns: this.#published.size,
        sameRuns: same,
        onlyDraftRuns: this.#draftKeys.size - same,
        onlyPublishedRuns: this.#published.size - same,
        pathChanged,
        added: added.sort((a, b) => a.employeeId.localeCompare(b.employeeId)),
        removed: removed.sort((a, b) => a.employeeId.localeCompare(b.employeeId)),
      };
    }
    const employees = [...this.#employees.entries()]
      .map(([id, s]) => ({ ...this.#summary(id, s.count, s.acting, s.weeks, s.tasks), runsDetail: s.runs }))
      .sort((a, b) => b.runs - a.runs || a.employeeId.localeCompare(b.employeeId));
    if (this.#noEmployee.length) employees.push({ employeeId: '', name: null, teamId: null, teamName: null, managerId: null, managerName: null, runs: this.#noEmployee.length, actingRuns: this.#noEmployee.filter((r) => r.tasks.length + r.approvals.length + r.notifications + r.actions > 0).length, weeks: [...new Set(this.#noEmployee.map((r) => r.week))].sort(), tasks: 0, runsDetail: this.#noEmployee });
    return {
      trigger: input.trigger,
      window: input.window,
      source: input.source,
      directory: input.directory ?? { asOf: 'event', employees: this.dir.employees.size, versions: 0, historyFrom: null, eventsAsOf: 0, eventsFallback: 0, note: 'the directory each run saw is in its context' },
      published: input.published,
      loadCapNodes: [...this.#loadCapNodes.values()],
      totals: { events: this.#events, runs: this.#totals.runs, employees: this.#employees.size, tasks: this.#totals.tasks, approvals: this.#totals.approvals, notifications: this.#totals.notifications, actions: this.#totals.actions, queuedTasks, byStatus: this.#byStatus },
      perWeek,
      perTeam,
      perManager,
      managerLoad,
      paths: [...this.#paths.values()].sort((a, b) => b.runs - a.runs),
      diff,
      employees,
      truncated: { detailedRuns: this.#detailed, runsWithoutEvidence: this.#withoutEvidence, runsNotListed: this.#notListed },
      durationMs: input.durationMs,
    };
  }
}

/**
 * Keeps a result storable in one row (MariaDB's default max_allowed_packet is 16 MB): over
 * `maxBytes`, evidence is kept for each employee's first run only; still over, each employee keeps
 * their first 3 runs. Counts and aggregates are never trimmed. Returns the JSON text.
 */
export function fitResult(result: BacktestResult, maxBytes: number): string {
  let text = JSON.stringify(result);
  if (text.length <= maxBytes) return text;
  for (const e of result.employees) {
    for (const r of e.runsDetail.slice(1)) {
      if (r.evidence) {
        delete r.evidence;
        result.truncated.detailedRuns--;
        result.truncated.runsWithoutEvidence++;
      }
    }
  }
  result.truncated.trimmedToFit = 'evidence';
  text = JSON.stringify(result);
  if (text.length <= maxBytes) return text;
  for (const e of result.employees) {
    if (e.runsDetail.length > 3) {
      result.truncated.runsNotListed += e.runsDetail.length - 3;
      e.runsDetail = e.runsDetail.slice(0, 3);
    }
  }
  result.truncated.trimmedToFit = 'runs';
  return JSON.stringify(result);
}
