/**
 * Coaching records and what follows from them. A record (GROW, 5R, BEST, quick review; from the
 * API or from a completed task's form) is validated with the template, stored with its notes, and
 * emits `coaching.recorded` with its conclusions and a reference — never the notes — plus one event
 * per conclusion: `training.requested`, `rotation.suggested`, `pip.entered` (which opens a PIP).
 * Leaving a PIP emits `pip.exited`. Every event has a key derived from the record or the PIP, so
 * saving the same record twice emits nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { UserError, type FormTemplate } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { CoachingConclusions, ObstacleTheme } from '../domain/coaching-record.js';
import { OBSTACLE_THEMES } from '../domain/coaching-record.js';
import { COACHING_TEMPLATES, isCalendarDate, validateCoachingForm, type CoachingFormIssue } from '../domain/coaching-templates.js';
import { fromJson, fromJsonOrNull, toJson } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import { decodeCursor, pageOf, whereBefore, whereInScope, type ListScope, type Page } from './list-scope.js';
import { emitWithin, transactionWithRetry, type SignalDeps, type SignalEvent } from './signal-deps.js';

type Row = Record<string, unknown>;
const TEMPLATES = Object.keys(COACHING_TEMPLATES) as FormTemplate[];
/** A PIP's planned length when the record does not say (90 days, the usual practice). */
const PIP_DAYS = 90;

export interface CoachingRecordInput {
  id?: string;
  template: FormTemplate;
  employeeId: string;
  /** Defaults to the employee's direct manager. */
  managerId?: string;
  /** Conversation date (YYYY-MM-DD); defaults to today (or data.date). */
  date?: string;
  objectiveId?: string;
  obstacleThemes?: string[];
  /** Template fields and `conclusions` (see COACHING_TEMPLATES). */
  data: Record<string, unknown>;
}

export interface CoachingRecordView {
  id: string;
  template: FormTemplate;
  employeeId: string;
  managerId: string;
  date: string;
  region: string | null;
  departmentId: string | null;
  objectiveId: string | null;
  data: Record<string, unknown>;
  conclusions: CoachingConclusions;
  obstacleThemes: ObstacleTheme[];
  source: string;
  taskId: number | null;
  issues: CoachingFormIssue[];
  createdAt: string;
}

export interface SavedRecord {
  record: CoachingRecordView;
  /** Events stored for it (type, id, duplicate, runs). */
  events: Array<{ type: string; eventId: number; duplicate: boolean; runIds: number[] }>;
  pipId: string | null;
  jobs: Job[];
}

export interface PipView {
  id: string;
  employeeId: string;
  status: 'active' | 'exited';
  reason: string;
  startDate: string;
  plannedEndDate: string | null;
  endDate: string | null;
  outcome: string | null;
  exitReason: string | null;
  sourceRecordId: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function toRecord(row: Row): CoachingRecordView {
  return {
    id: String(row.id),
    template: row.template as FormTemplate,
    employeeId: String(row.employee_id),
    managerId: String(row.manager_id),
    date: String(row.date),
    region: (row.region as string | null) ?? null,
    departmentId: (row.department_id as string | null) ?? null,
    objectiveId: (row.objective_id as string | null) ?? null,
    data: fromJson<Record<string, unknown>>(row.data),
    conclusions: fromJson<CoachingConclusions>(row.conclusions),
    obstacleThemes: fromJsonOrNull<ObstacleTheme[]>(row.obstacle_themes) ?? [],
    source: String(row.source),
    taskId: row.task_id === null || row.task_id === undefined ? null : Number(row.task_id),
    issues: fromJsonOrNull<CoachingFormIssue[]>(row.issues) ?? [],
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

function toPip(row: Row): PipView {
  return {
    id: String(row.id),
    employeeId: String(row.employee_id),
    status: row.status as PipView['status'],
    reason: String(row.reason),
    startDate: String(row.start_date),
    plannedEndDate: (row.planned_end_date as string | null) ?? null,
    endDate: (row.end_date as string | null) ?? null,
    outcome: (row.outcome as string | null) ?? null,
    exitReason: (row.exit_reason as string | null) ?? null,
    sourceRecordId: (row.source_record_id as string | null) ?? null,
  };
}

/**
 * The conclusions as `coaching.recorded` carries them (catalogue shape): training as a list,
 * follow-ups as `actions` with title/owner/dueDate. Empty texts are left out (the schema wants
 * non-empty strings).
 */
export function conclusionsPayload(c: CoachingConclusions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (c.training && nonEmpty(c.training.competency)) out.training = [{ competency: c.training.competency.trim() }];
  if (c.rotation) out.rotation = { suggested: c.rotation.suggested === true, ...(nonEmpty(c.rotation.reason) ? { reason: c.rotation.reason } : {}), ...(nonEmpty(c.rotation.targetRole) ? { targetRole: c.rotation.targetRole } : {}) };
  if (c.pip) out.pip = { enter: c.pip.enter === true, ...(nonEmpty(c.pip.reason) ? { reason: c.pip.reason } : {}) };
  if (typeof c.promotionAssessment === 'boolean') out.promotionAssessment = c.promotionAssessment;
  if (c.followUps?.length) {
    out.actions = c.followUps.slice(0, 3).map((a) => ({
      ...(nonEmpty(a.action) ? { title: a.action } : {}),
      ...(nonEmpty(a.ownerId) ? { owner: a.ownerId } : {}),
      ...(isCalendarDate(a.dueDate) ? { dueDate: a.dueDate } : {}),
    }));
  }
  return out;
}

export class CoachingService {
  constructor(
    private readonly deps: SignalDeps,
    private readonly enqueue: (jobs: Job[]) => Promise<void>,
  ) {}

  /** Saves a record from the API (the form must validate) and enqueues its runs. */
  async create(input: CoachingRecordInput): Promise<Omit<SavedRecord, 'jobs'>> {
    const saved = await transactionWithRetry(this.deps.knex, (trx) => this.saveWithin(trx, input, { source: 'api', strict: true }));
    await this.enqueue(saved.jobs);
    const { jobs: _jobs, ...rest } = saved;
    return rest;
  }

  /**
   * Saves a record inside the caller's transaction (task completion, imports, the demo) and emits
   * its events there. `strict`: every form error is a 400; otherwise only conclusion errors are
   * (they would start wrong follow-ups), and missing notes are kept as issues on the record.
   */
  async saveWithin(trx: Knex, input: CoachingRecordInput, opts: { source: 'api' | 'task' | 'import' | 'demo'; strict: boolean; taskId?: number }): Promise<SavedRecord> {
    if (!TEMPLATES.includes(input.template)) throw UserError.badRequest('UNKNOWN_TEMPLATE', `template must be one of ${TEMPLATES.join(', ')}`);
    const data = { ...input.data };
    const date = input.date ?? (typeof data.date === 'string' ? data.date : today());
    if (!isCalendarDate(date)) throw UserError.badRequest('INVALID_DATE', 'date must be YYYY-MM-DD');
    const issues = validateCoachingForm(input.template, { ...data, date });
    const errors = issues.filter((i) => i.severity === 'error');
    const blocking = opts.strict ? errors : errors.filter((i) => i.field.startsWith('conclusions'));
    if (blocking.length) {
      throw UserError.unprocessable('COACHING_FORM_INVALID', `the ${input.template} record is invalid: ${blocking[0]?.field} ${blocking[0]?.message}`, { issues: blocking });
    }
    const themes = (input.obstacleThemes ?? []).filter((t) => t.length > 0);
    const unknownTheme = themes.find((t) => !(t in OBSTACLE_THEMES));
    if (unknownTheme) throw UserError.badRequest('UNKNOWN_OBSTACLE_THEME', `unknown obstacle theme "${unknownTheme}" (known: ${Object.keys(OBSTACLE_THEMES).join(', ')})`);

    const employee = await this.deps.directory.getEmployee(input.employeeId, trx);
    if (!employee) throw UserError.badRequest('UNKNOWN_EMPLOYEE', `employee ${input.employeeId} is not in the directory`);
    const managerId = input.managerId ?? employee.managerId;
    if (!managerId) throw UserError.badRequest('NO_MANAGER', `employee ${input.employeeId} has no manager: give managerId`);
    const units = await this.deps.directory.orgUnits(trx);
    const region = (employee.teamId ? units.teams.get(employee.teamId)?.region : null) ?? (typeof employee.region === 'string' ? employee.region : null);
    const conclusions = (typeof data.conclusions === 'object' && data.conclusions !== null ? data.conclusions : {}) as CoachingConclusions;
    delete data.conclusions;
    delete data.date;
    const id = input.id ?? `CR-${date.replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
    if (!/^[^\s]{1,64}$/.test(id)) throw UserError.badRequest('INVALID_ID', `record id "${id}" is invalid`);

    const existing = (await trx('coaching_record').where({ id }).first()) as Row | undefined;
    const now = Date.now();
    if (!existing) {
      await trx('coaching_record').insert({
        id, template: input.template, employee_id: employee.id, manager_id: managerId, date, region, department_id: employee.departmentId,
        objective_id: input.objectiveId ?? null, data: toJson(data), conclusions: toJson(conclusions), obstacle_themes: toJson(themes),
        source: opts.source, task_id: opts.taskId ?? null, issues: issues.length ? toJson(issues) : null, created_at: now,
      });
    }
    const record = existing ? toRecord(existing) : toRecord({ id, template: input.template, employee_id: employee.id, manager_id: managerId, date, region, department_id: employee.departmentId, objective_id: input.objectiveId ?? null, data: toJson(data), conclusions: toJson(conclusions), obstacle_themes: toJson(themes), source: opts.source, task_id: opts.taskId ?? null, issues: toJson(issues), created_at: now });

    // Events: the record, then one per conclusion. The notes (template fields) never travel.
    const c = record.conclusions;
    const events: SignalEvent[] = [
      {
        type: 'coaching.recorded',
        idempotencyKey: `coaching.recorded:${record.id}`,
        payload: {
          employeeId: record.employeeId,
          managerId: record.managerId,
          recordId: record.id,
          template: record.template,
          date: record.date,
          conclusions: conclusionsPayload(c),
          ...(record.obstacleThemes.length ? { obstacles: record.obstacleThemes } : {}),
          ...(record.objectiveId ? { objectiveId: record.objectiveId } : {}),
          ...(opts.taskId !== undefined ? { taskId: String(opts.taskId) } : {}),
        },
      },
    ];
    if (c.training && nonEmpty(c.training.competency)) {
      events.push({ type: 'training.requested', idempotencyKey: `training.requested:${record.id}`, payload: { employeeId: record.employeeId, competency: c.training.competency.trim(), source: 'coaching', sourceRecordId: record.id } });
    }
    if (c.rotation?.suggested && nonEmpty(c.rotation.reason)) {
      events.push({
        type: 'rotation.suggested',
        idempotencyKey: `rotation.suggested:${record.id}`,
        payload: { employeeId: record.employeeId, source: 'coaching', reason: c.rotation.reason, ...(nonEmpty(c.rotation.targetRole) ? { targetRole: c.rotation.targetRole } : {}), sourceRecordId: record.id },
      });
    }
    let pipId: string | null = null;
    if (c.pip?.enter && nonEmpty(c.pip.reason)) {
      const opened = await this.#openPip(trx, { employeeId: record.employeeId, reason: c.pip.reason, startDate: record.date, sourceRecordId: record.id, pipId: `PIP-${record.id}` });
      pipId = opened.pip.id;
      if (opened.event) events.push(opened.event);
    }
    const { ingested, jobs } = await emitWithin(this.deps, trx, events);
    return { record, events: ingested.map((e) => ({ type: e.type, eventId: e.eventId, duplicate: e.duplicate, runIds: e.runIds })), pipId, jobs };
  }

  /** Opens a PIP unless the employee already has an active one (then that one is returned, no event). */
  async #openPip(trx: Knex, p: { employeeId: string; reason: string; startDate: string; plannedEndDate?: string; sourceRecordId?: string; pipId?: string }): Promise<{ pip: PipView; event: SignalEvent | null }> {
    const active = (await trx('pip').where({ employee_id: p.employeeId, status: 'active' }).first()) as Row | undefined;
    if (active) return { pip: toPip(active), event: null };
    const id = p.pipId ?? `PIP-${p.employeeId}-${p.startDate.replace(/-/g, '')}-${randomUUID().slice(0, 6)}`;
    const existing = (await trx('pip').where({ id }).first()) as Row | undefined;
    if (existing) return { pip: toPip(existing), event: null };
    const now = Date.now();
    const plannedEndDate = p.plannedEndDate ?? plusDays(p.startDate, PIP_DAYS);
    const row = { id, employee_id: p.employeeId, status: 'active', reason: p.reason, start_date: p.startDate, planned_end_date: plannedEndDate, end_date: null, outcome: null, exit_reason: null, source_record_id: p.sourceRecordId ?? null, created_at: now, updated_at: now };
    await trx('pip').insert(row);
    return {
      pip: toPip(row),
      event: {
        type: 'pip.entered',
        idempotencyKey: `pip.entered:${id}`,
        payload: { employeeId: p.employeeId, pipId: id, reason: p.reason, startDate: p.startDate, plannedEndDate, ...(p.sourceRecordId ? { sourceRecordId: p.sourceRecordId } : {}), source: p.sourceRecordId ? 'coaching' : 'hr' },
      },
    };
  }

  /** HR opens a PIP directly. */
  async enterPip(input: { employeeId: string; reason: string; startDate?: string; plannedEndDate?: string }): Promise<{ pip: PipView; eventId: number | null }> {
    if (!nonEmpty(input.reason)) throw UserError.badRequest('REASON_REQUIRED', 'a PIP needs a reason with facts');
    for (const [field, value] of [['startDate', input.startDate], ['plannedEndDate', input.plannedEndDate]] as const) {
      if (value !== undefined && !isCalendarDate(value)) throw UserError.badRequest('INVALID_DATE', `${field} must be a calendar date YYYY-MM-DD`);
    }
    if (input.startDate && input.plannedEndDate && input.plannedEndDate < input.startDate) throw UserError.badRequest('INVALID_DATE', 'plannedEndDate is before startDate');
    const out = await transactionWithRetry(this.deps.knex, async (trx) => {
      if (!(await this.deps.directory.getEmployee(input.employeeId, trx))) throw UserError.badRequest('UNKNOWN_EMPLOYEE', `employee ${input.employeeId} is not in the directory`);
      const active = (await trx('pip').where({ employee_id: input.employeeId, status: 'active' }).first()) as Row | undefined;
      if (active) throw UserError.conflict('PIP_ACTIVE', `employee ${input.employeeId} is already in PIP ${String(active.id)}`);
      const opened = await this.#openPip(trx, { employeeId: input.employeeId, reason: input.reason, startDate: input.startDate ?? today(), ...(input.plannedEndDate ? { plannedEndDate: input.plannedEndDate } : {}) });
      const { ingested, jobs } = await emitWithin(this.deps, trx, opened.event ? [opened.event] : []);
      return { pip: opened.pip, eventId: ingested[0]?.eventId ?? null, jobs };
    });
    await this.enqueue(out.jobs);
    return { pip: out.pip, eventId: out.eventId };
  }

  /** Closes an active PIP with its outcome and emits `pip.exited`. */
  async exitPip(id: string, input: { outcome: 'completed' | 'extended' | 'terminated' | 'cancelled'; reason: string; endDate?: string }): Promise<{ pip: PipView; eventId: number }> {
    if (!nonEmpty(input.reason)) throw UserError.badRequest('REASON_REQUIRED', 'leaving a PIP needs a reason');
    const endDate = input.endDate ?? today();
    if (!isCalendarDate(endDate)) throw UserError.badRequest('INVALID_DATE', 'endDate must be YYYY-MM-DD');
    const out = await transactionWithRetry(this.deps.knex, async (trx) => {
      const row = (await trx('pip').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('PIP', id);
      if (row.status !== 'active') throw UserError.conflict('PIP_NOT_ACTIVE', `PIP ${id} already ended`);
      const changed = await trx('pip').where({ id, status: 'active' }).update({ status: 'exited', end_date: endDate, outcome: input.outcome, exit_reason: input.reason, updated_at: Date.now() });
      if (changed === 0) throw UserError.conflict('PIP_NOT_ACTIVE', `PIP ${id} ended meanwhile`);
      const pip = toPip({ ...row, status: 'exited', end_date: endDate, outcome: input.outcome, exit_reason: input.reason });
      const { ingested, jobs } = await emitWithin(this.deps, trx, [
        {
          type: 'pip.exited',
          idempotencyKey: `pip.exited:${id}`,
          payload: { employeeId: pip.employeeId, pipId: id, reason: input.reason, endDate, outcome: input.outcome, ...(pip.sourceRecordId ? { sourceRecordId: pip.sourceRecordId } : {}) },
        },
      ]);
      return { pip, eventId: ingested[0]?.eventId as number, jobs };
    });
    await this.enqueue(out.jobs);
    return { pip: out.pip, eventId: out.eventId };
  }

  /** PIPs, newest first, keyset-paginated; `scope` limits a manager or employee to whom they may see (in the query). */
  async listPips(filter: { employeeId?: string; status?: string; limit: number; cursor?: string; scope?: ListScope | null }): Promise<Page<PipView>> {
    const q = this.deps.knex('pip').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(filter.limit + 1);
    if (filter.employeeId) q.where('employee_id', filter.employeeId);
    if (filter.status) q.where('status', filter.status);
    whereInScope(q, filter.scope, 'employee_id');
    if (filter.cursor) {
      const [createdAt, id] = decodeCursor<[number, string]>(filter.cursor, ['number', 'string']);
      whereBefore(q, 'created_at', 'id', createdAt, id);
    }
    const page = pageOf((await q) as Row[], filter.limit, (r) => [Number(r.created_at), String(r.id)]);
    return { items: page.items.map(toPip), nextCursor: page.nextCursor };
  }

  async get(id: string, db: Knex = this.deps.knex): Promise<CoachingRecordView> {
    const row = (await db('coaching_record').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('coaching record', id);
    return toRecord(row);
  }

  /**
   * Coaching records, newest first (conversation date, then id), keyset-paginated; `scope` limits a
   * manager to their reporting line and the conversations they held, an employee to their own (in the query).
   */
  async list(filter: { employeeId?: string; managerId?: string; objectiveId?: string; limit: number; cursor?: string; scope?: ListScope | null }): Promise<Page<CoachingRecordView>> {
    const q = this.deps.knex('coaching_record').orderBy([{ column: 'date', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(filter.limit + 1);
    if (filter.employeeId) q.where('employee_id', filter.employeeId);
    if (filter.managerId) q.where('manager_id', filter.managerId);
    if (filter.objectiveId) q.where('objective_id', filter.objectiveId);
    whereInScope(q, filter.scope, 'employee_id', 'manager_id');
    if (filter.cursor) {
      const [date, id] = decodeCursor<[string, string]>(filter.cursor, ['string', 'string']);
      whereBefore(q, 'date', 'id', date, id);
    }
    return pageOf(((await q) as Row[]).map(toRecord), filter.limit, (r) => [r.date, r.id]);
  }

  /** Records with a date on or after `fromDate` (for the drift analysis: only what it counts, no notes). */
  async since(fromDate: string, db: Knex = this.deps.knex): Promise<Array<Pick<CoachingRecordView, 'id' | 'employeeId' | 'date' | 'region' | 'departmentId' | 'objectiveId' | 'obstacleThemes' | 'template' | 'managerId'>>> {
    const rows = (await db('coaching_record').where('date', '>=', fromDate).select('id', 'employee_id', 'manager_id', 'template', 'date', 'region', 'department_id', 'objective_id', 'obstacle_themes')) as Row[];
    return rows.map((r) => ({
      id: String(r.id),
      employeeId: String(r.employee_id),
      managerId: String(r.manager_id),
      template: r.template as FormTemplate,
      date: String(r.date),
      region: (r.region as string | null) ?? null,
      departmentId: (r.department_id as string | null) ?? null,
      objectiveId: (r.objective_id as string | null) ?? null,
      obstacleThemes: fromJsonOrNull<ObstacleTheme[]>(r.obstacle_themes) ?? [],
    }));
  }

  /**
   * The task-completion hook: a task with a coaching form saves its data as a record (source
   * `task`) and emits the record's events in the task's transaction. The subject is the task's
   * employee; the manager is whoever completed it.
   */
  async recordFromTask(trx: Knex, task: { id: number; form: string; employeeId: string | null; completedBy: string; data: Record<string, unknown> }): Promise<Job[]> {
    if (!TEMPLATES.includes(task.form as FormTemplate) || !task.employeeId) return [];
    // A task about someone outside the directory still completes; there is nobody to file a record on.
    if (!(await this.deps.directory.getEmployee(task.employeeId, trx))) return [];
    const { obstacleThemes, objectiveId, ...data } = task.data as Record<string, unknown> & { obstacleThemes?: unknown; objectiveId?: unknown };
    const saved = await this.saveWithin(
      trx,
      {
        id: `CR-T${task.id}`,
        template: task.form as FormTemplate,
        employeeId: task.employeeId,
        managerId: task.completedBy,
        ...(typeof objectiveId === 'string' && objectiveId ? { objectiveId } : {}),
        ...(Array.isArray(obstacleThemes) ? { obstacleThemes: obstacleThemes.map(String) } : {}),
        data,
      },
      { source: 'task', strict: false, taskId: task.id },
    );
    return saved.jobs;
  }
}
