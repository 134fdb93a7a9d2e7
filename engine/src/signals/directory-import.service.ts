/**
 * Org directory imports (CSV or JSON, full sync or delta) with per-line errors and the mass-change
 * brake. Rows are validated one by one (a bad row is reported with its line and reason, the good
 * ones are kept), then checked against the directory they would produce (unknown manager,
 * department or team, reporting cycles). A sync that would change or deactivate more than
 * `maxChangeShare` of the people in the directory is stored as `pending_confirmation` with its
 * plan, and only an HR admin's confirmation applies it: a bad feed cannot cascade.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { parseCsvRecords } from '../domain/csv.js';
import { fromJsonOrNull, insertedId, toJson } from '../persistence/json.js';
import { toEmployee, type EmployeeView } from '../app/directory.service.js';
import { recordEmployeeVersions } from './directory-history.js';
import { chunksOf, LineErrors, transactionWithRetry, type LineError, type SignalDeps } from './signal-deps.js';

export type DirectoryImportKind = 'org' | 'employees' | 'departments' | 'teams';
export type ImportMode = 'full' | 'delta';

export const EMPLOYEE_STATUSES = ['active', 'inactive', 'on_leave'] as const;
export const ROLES = ['employee', 'manager', 'department_head', 'hrbp', 'executive', 'hr_admin'] as const;

/** An employee row after validation (what is written to the directory). */
export interface EmployeeRecord {
  id: string;
  name: string;
  nameEn: string | null;
  email: string | null;
  jobFamily: string | null;
  level: string | null;
  title: string | null;
  location: string | null;
  region: string | null;
  status: (typeof EMPLOYEE_STATUSES)[number];
  managerId: string | null;
  departmentId: string | null;
  teamId: string | null;
  hrbpId: string | null;
  locale: 'zh-CN' | 'en';
  roles: string[];
}

export interface DepartmentRecord {
  id: string;
  name: string;
  nameEn: string | null;
  headId: string | null;
  hrbpId: string | null;
  executiveId: string | null;
  regions: string[];
}

export interface TeamRecord {
  id: string;
  name: string;
  nameEn: string | null;
  departmentId: string | null;
  managerId: string | null;
  hrbpId: string | null;
  region: string | null;
}

export interface DirectoryImportRequest {
  kind?: DirectoryImportKind;
  format: 'csv' | 'json';
  mode: ImportMode;
  /** CSV text, or JSON text. */
  content?: string;
  /** Already-parsed JSON (API bodies, the demo). */
  data?: unknown;
  /** CSV as chunks (CLI streams a file). */
  chunks?: AsyncIterable<string>;
  /** Share of people (0–1) a sync may change or deactivate before it waits for confirmation. */
  maxChangeShare?: number;
  actor?: string;
  /** Apply even above the brake (the CLI's --confirm, by an operator on the server). */
  confirmed?: boolean;
  /** Directory history: people new to it are recorded from this instant instead of now (the demo, whose directory is its history's). Not an API field. */
  historyFrom?: number;
}

export interface ImportSummary {
  rows: number;
  valid: number;
  invalid: number;
  employees: { created: number; updated: number; unchanged: number; deactivated: number };
  departments: { created: number; updated: number; unchanged: number; deactivated: number };
  teams: { created: number; updated: number; unchanged: number; deactivated: number };
  /** People in the directory before the sync (not inactive). */
  existingPeople: number;
  /** Existing people the sync changes or deactivates. */
  changedPeople: number;
}

export interface DirectoryImportResult {
  id: number;
  kind: 'directory';
  status: 'applied' | 'pending_confirmation' | 'discarded';
  mode: ImportMode;
  format: 'csv' | 'json';
  summary: ImportSummary;
  errors: LineError[];
  errorCount: number;
  changeShare: number;
  maxChangeShare: number;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

interface Plan {
  employees: EmployeeRecord[];
  deactivateEmployees: string[];
  departments: DepartmentRecord[];
  deactivateDepartments: string[];
  teams: TeamRecord[];
  deactivateTeams: string[];
}

type Row = Record<string, unknown>;
type Entity = 'employees' | 'departments' | 'teams';
interface RawRow {
  entity: Entity;
  line: number;
  fields: Record<string, unknown>;
}

const ID_RE = /^[^\s]{1,64}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/** CSV header → canonical field (case, `_`, `-` and spaces ignored). */
const ALIASES: Record<string, string> = {
  id: 'id', employeeid: 'id', departmentid: 'departmentId', teamid: 'teamId', name: 'name', nameen: 'nameEn', englishname: 'nameEn',
  email: 'email', jobfamily: 'jobFamily', level: 'level', title: 'title', location: 'location', region: 'region', status: 'status',
  managerid: 'managerId', manager: 'managerId', hrbpid: 'hrbpId', hrbp: 'hrbpId', locale: 'locale', roles: 'roles',
  headid: 'headId', head: 'headId', executiveid: 'executiveId', executive: 'executiveId', regions: 'regions',
};

function canonical(header: string): string {
  const key = header.toLowerCase().replace(/[\s_-]/g, '');
  return ALIASES[key] ?? header;
}

class RowProblem extends Error {
  constructor(readonly field: string, readonly code: string, message: string) {
    super(message);
  }
}

const optText = (v: unknown, field: string, max: number): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw new RowProblem(field, 'invalid_type', `${field} must be text`);
  const s = String(v).trim();
  if (s === '') return null;
  if (s.length > max) throw new RowProblem(field, 'too_long', `${field} is longer than ${max} characters`);
  return s;
};
const reqText = (v: unknown, field: string, max: number): string => {
  const s = optText(v, field, max);
  if (s === null) throw new RowProblem(field, 'required', `${field} is required`);
  return s;
};
const optId = (v: unknown, field: string): string | null => {
  const s = optText(v, field, 64);
  if (s !== null && !ID_RE.test(s)) throw new RowProblem(field, 'invalid_id', `${field} "${s}" is not a valid id (1–64 characters, no spaces)`);
  return s;
};
const reqId = (v: unknown, field: string): string => {
  const s = optId(v, field);
  if (s === null) throw new RowProblem(field, 'required', `${field} is required`);
  return s;
};
const list = (v: unknown, field: string): string[] => {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map((x) => reqText(x, field, 64));
  if (typeof v === 'string') return v.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
  throw new RowProblem(field, 'invalid_type', `${field} must be a list (a;b in CSV)`);
};

export function parseEmployee(f: Record<string, unknown>): EmployeeRecord {
  const status = optText(f.status, 'status', 16) ?? 'active';
  if (!(EMPLOYEE_STATUSES as readonly string[]).includes(status)) throw new RowProblem('status', 'invalid_value', `status must be one of ${EMPLOYEE_STATUSES.join(', ')}`);
  const locale = optText(f.locale, 'locale', 8) ?? 'zh-CN';
  if (locale !== 'zh-CN' && locale !== 'en') throw new RowProblem('locale', 'invalid_value', 'locale must be zh-CN or en');
  const email = optText(f.email, 'email', 200);
  if (email !== null && !EMAIL_RE.test(email)) throw new RowProblem('email', 'invalid_email', `email "${email}" is not an address`);
  const roles = list(f.roles, 'roles');
  const unknownRole = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (unknownRole) throw new RowProblem('roles', 'invalid_value', `unknown role "${unknownRole}" (known: ${ROLES.join(', ')})`);
  const id = reqId(f.id, 'id');
  const managerId = optId(f.managerId, 'managerId');
  if (managerId === id) throw new RowProblem('managerId', 'self_manager', 'an employee cannot be their own manager');
  return {
    id,
    name: reqText(f.name, 'name', 200),
    nameEn: optText(f.nameEn, 'nameEn', 200),
    email,
    jobFamily: optText(f.jobFamily, 'jobFamily', 64),
    level: optText(f.level, 'level', 16),
    title: optText(f.title, 'title', 200),
    location: optText(f.location, 'location', 100),
    region: optText(f.region, 'region', 32),
    status: status as EmployeeRecord['status'],
    managerId,
    departmentId: optId(f.departmentId, 'departmentId'),
    teamId: optId(f.teamId, 'teamId'),
    hrbpId: optId(f.hrbpId, 'hrbpId'),
    locale,
    roles: roles.length ? [...new Set(roles)] : ['employee'],
  };
}

export function parseDepartment(f: Record<string, unknown>): DepartmentRecord {
  return {
    id: reqId(f.id, 'id'),
    name: reqText(f.name, 'name', 200),
    nameEn: optText(f.nameEn, 'nameEn', 200),
    headId: optId(f.headId, 'headId'),
    hrbpId: optId(f.hrbpId, 'hrbpId'),
    executiveId: optId(f.executiveId, 'executiveId'),
    regions: list(f.regions, 'regions'),
  };
}

export function parseTeam(f: Record<string, unknown>): TeamRecord {
  return {
    id: reqId(f.id, 'id'),
    name: reqText(f.name, 'name', 200),
    nameEn: optText(f.nameEn, 'nameEn', 200),
    departmentId: optId(f.departmentId, 'departmentId'),
    managerId: optId(f.managerId, 'managerId'),
    hrbpId: optId(f.hrbpId, 'hrbpId'),
    region: optText(f.region, 'region', 32),
  };
}

function employeeFromView(e: EmployeeView): EmployeeRecord {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: e.id,
    name: e.name,
    nameEn: str(e.nameEn),
    email: e.email,
    jobFamily: e.jobFamily,
    level: e.level,
    title: str(e.title),
    location: e.location,
    region: str(e.region),
    status: (EMPLOYEE_STATUSES as readonly string[]).includes(e.status) ? (e.status as EmployeeRecord['status']) : 'active',
    managerId: e.managerId,
    departmentId: e.departmentId,
    teamId: e.teamId,
    hrbpId: e.hrbpId,
    locale: e.locale === 'en' ? 'en' : 'zh-CN',
    roles: e.roles.length ? e.roles : ['employee'],
  };
}

const sameRecord = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);

function toImportResult(row: Row): DirectoryImportResult {
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());
  const summary = fromJsonOrNull<ImportSummary & { errorCount?: number }>(row.summary) as ImportSummary & { errorCount?: number };
  const errors = fromJsonOrNull<LineError[]>(row.errors) ?? [];
  return {
    id: Number(row.id),
    kind: 'directory',
    status: row.status as DirectoryImportResult['status'],
    mode: row.mode as ImportMode,
    format: row.format as 'csv' | 'json',
    summary,
    errors,
    errorCount: summary.errorCount ?? errors.length,
    changeShare: Number(row.change_share ?? 0),
    maxChangeShare: Number(row.max_change_share ?? 0),
    createdAt: iso(row.created_at) as string,
    decidedBy: (row.decided_by as string | null) ?? null,
    decidedAt: iso(row.decided_at),
  };
}

export class DirectoryImportService {
  constructor(
    private readonly deps: SignalDeps,
    /** Default share of people a sync may change before the brake holds it (0–1). */
    readonly defaultMaxChangeShare = 0.1,
  ) {}

  /** Reads the rows of a request: CSV (one entity per file) or JSON ({employees, departments, teams} or an array). */
  async *#rows(req: DirectoryImportRequest, kind: DirectoryImportKind, errors: LineErrors): AsyncGenerator<RawRow> {
    if (req.format === 'csv') {
      if (kind === 'org') throw UserError.badRequest('CSV_NEEDS_KIND', 'a CSV file holds one entity: set kind to employees, departments or teams (or send JSON for the whole org)');
      const chunks = req.chunks ?? (req.content !== undefined ? chunksOf(req.content) : null);
      if (!chunks) throw UserError.badRequest('MISSING_CONTENT', 'a CSV import needs content');
      try {
        for await (const r of parseCsvRecords(chunks)) {
          if ('error' in r) {
            errors.add({ line: r.line, code: r.error.code, reason: r.error.message });
            continue;
          }
          const fields: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(r.record)) fields[canonical(k)] = v;
          yield { entity: kind, line: r.line, fields };
        }
      } catch (e) {
        const err = e as Error & { line?: number };
        if (err instanceof UserError) throw err;
        throw UserError.badRequest('MALFORMED_CSV', `the CSV cannot be read: ${err.message}`, { line: err.line ?? null });
      }
      return;
    }
    let data: unknown = req.data;
    if (data === undefined) {
      if (req.content === undefined) throw UserError.badRequest('MISSING_CONTENT', 'a JSON import needs content or data');
      try {
        data = JSON.parse(req.content);
      } catch (e) {
        throw UserError.badRequest('MALFORMED_JSON', `the import content is not JSON: ${(e as Error).message}`);
      }
    }
    const sections: Array<[Entity, unknown]> = Array.isArray(data)
      ? kind === 'org'
        ? (() => {
            throw UserError.badRequest('JSON_NEEDS_KIND', 'a JSON array holds one entity: set kind, or send {employees, departments, teams}');
          })()
        : [[kind, data]]
      : typeof data === 'object' && data !== null
        ? (['departments', 'teams', 'employees'] as const).filter((k) => (kind === 'org' || kind === k) && k in data).map((k) => [k, (data as Record<string, unknown>)[k]] as [Entity, unknown])
        : [];
    if (sections.length === 0) throw UserError.badRequest('EMPTY_IMPORT', 'nothing to import: expected employees, departments or teams');
    for (const [entity, items] of sections) {
      if (!Array.isArray(items)) throw UserError.badRequest('INVALID_IMPORT', `${entity} must be an array`);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          errors.add({ line: i + 1, code: 'invalid_type', reason: `${entity}[${i}] is not an object` });
          continue;
        }
        yield { entity, line: i + 1, fields: item as Record<string, unknown> };
      }
    }
  }

  /** Validates a sync, plans it, and applies it unless the brake holds it for confirmation. */
  async import(req: DirectoryImportRequest): Promise<DirectoryImportResult> {
    const kind = req.kind ?? (req.format === 'csv' ? 'employees' : 'org');
    const maxShare = req.maxChangeShare ?? this.defaultMaxChangeShare;
    if (!(maxShare >= 0 && maxShare <= 1)) throw UserError.badRequest('INVALID_MAX_CHANGE_SHARE', 'maxChangeShare must be between 0 and 1');
    const errors = new LineErrors();
    const feed = { employees: new Map<string, { rec: EmployeeRecord; line: number }>(), departments: new Map<string, { rec: DepartmentRecord; line: number }>(), teams: new Map<string, { rec: TeamRecord; line: number }>() };
    const present: Record<Entity, boolean> = { employees: false, departments: false, teams: false };
    /** Ids named by a row, valid or not: a full sync never deactivates someone because their row was bad. */
    const mentioned: Record<Entity, Set<string>> = { employees: new Set(), departments: new Set(), teams: new Set() };
    let rows = 0;
    for await (const raw of this.#rows(req, kind, errors)) {
      rows++;
      present[raw.entity] = true;
      const rawId = typeof raw.fields.id === 'string' || typeof raw.fields.id === 'number' ? String(raw.fields.id).trim() : undefined;
      if (rawId) mentioned[raw.entity].add(rawId);
      try {
        const rec = raw.entity === 'employees' ? parseEmployee(raw.fields) : raw.entity === 'departments' ? parseDepartment(raw.fields) : parseTeam(raw.fields);
        const map = feed[raw.entity] as Map<string, { rec: typeof rec; line: number }>;
        const earlier = map.get(rec.id);
        if (earlier) throw new RowProblem('id', 'duplicate_id', `${rec.id} already appears on line ${earlier.line}`);
        map.set(rec.id, { rec, line: raw.line });
      } catch (e) {
        if (!(e instanceof RowProblem)) throw e;
        errors.add({ line: raw.line, ...(rawId ? { id: rawId } : {}), field: e.field, code: e.code, reason: `${raw.entity === 'employees' ? '' : `${raw.entity}: `}${e.message}` });
      }
    }
    if (kind !== 'org') present[kind] = true;

    const knex = this.deps.knex;
    const existingEmployees = new Map(((await knex('employee').select('*')) as Row[]).map((r) => [String(r.id), employeeFromView(toEmployee(r))]));
    const existingDepartments = new Map(((await knex('department').select('*')) as Row[]).map((r) => [String(r.id), r]));
    const existingTeams = new Map(((await knex('team').select('*')) as Row[]).map((r) => [String(r.id), r]));

    // The directory the sync would produce, to check references.
    const finalIds = (entity: Entity, existing: Map<string, unknown>, isActive: (id: string) => boolean): Set<string> => {
      const ids = new Set(feed[entity].keys());
      const full = req.mode === 'full' && present[entity];
      for (const id of existing.keys()) if ((!full || mentioned[entity].has(id)) && isActive(id)) ids.add(id);
      return ids;
    };
    const departmentIds = finalIds('departments', existingDepartments, (id) => existingDepartments.get(id)?.status !== 'inactive');
    const teamIds = finalIds('teams', existingTeams, (id) => existingTeams.get(id)?.status !== 'inactive');
    const reject = (entity: Entity, id: string, field: string, code: string, reason: string): void => {
      const entry = feed[entity].get(id);
      if (!entry) return;
      feed[entity].delete(id);
      errors.add({ line: entry.line, id, field, code, reason: `${entity === 'employees' ? '' : `${entity}: `}${reason}` });
    };
    // Employees: departments and teams must exist, managers must exist; no reporting cycles. Repeated
    // until stable, since rejecting a row can leave its reports without a manager.
    for (let pass = 0; pass < 20; pass++) {
      const employeeIds = finalIds('employees', existingEmployees, (id) => existingEmployees.get(id)?.status !== 'inactive');
      let rejected = 0;
      for (const { rec } of [...feed.employees.values()]) {
        if (rec.managerId && !employeeIds.has(rec.managerId)) {
          reject('employees', rec.id, 'managerId', 'unknown_manager', `manager ${rec.managerId} is not in the directory`);
          rejected++;
        } else if (rec.departmentId && departmentIds.size > 0 && !departmentIds.has(rec.departmentId)) {
          reject('employees', rec.id, 'departmentId', 'unknown_department', `department ${rec.departmentId} does not exist`);
          rejected++;
        } else if (rec.teamId && teamIds.size > 0 && !teamIds.has(rec.teamId)) {
          reject('employees', rec.id, 'teamId', 'unknown_team', `team ${rec.teamId} does not exist`);
          rejected++;
        } else if (rec.hrbpId && !employeeIds.has(rec.hrbpId)) {
          reject('employees', rec.id, 'hrbpId', 'unknown_hrbp', `HRBP ${rec.hrbpId} is not in the directory`);
          rejected++;
        }
      }
      const managerOf = (id: string): string | null => feed.employees.get(id)?.rec.managerId ?? existingEmployees.get(id)?.managerId ?? null;
      for (const { rec } of [...feed.employees.values()]) {
        const seen = new Set<string>([rec.id]);
        for (let m = rec.managerId; m !== null; m = managerOf(m)) {
          if (seen.has(m)) {
            // Only a row on the loop is at fault; rows leading into it are checked on their own.
            if (m === rec.id) {
              reject('employees', rec.id, 'managerId', 'reporting_cycle', `reporting line of ${rec.id} loops back (${[...seen].join(' → ')} → ${m})`);
              rejected++;
            }
            break;
          }
          seen.add(m);
          if (seen.size > 1000) break;
        }
      }
      if (rejected === 0) break;
    }
    const employeeIds = finalIds('employees', existingEmployees, (id) => existingEmployees.get(id)?.status !== 'inactive');
    for (const { rec } of [...feed.departments.values()]) {
      for (const field of ['headId', 'hrbpId', 'executiveId'] as const) {
        const ref = rec[field];
        if (ref && employeeIds.size > 0 && !employeeIds.has(ref)) {
          reject('departments', rec.id, field, 'unknown_employee', `${field} ${ref} is not in the directory`);
          break;
        }
      }
    }
    for (const { rec } of [...feed.teams.values()]) {
      if (rec.departmentId && !departmentIds.has(rec.departmentId)) reject('teams', rec.id, 'departmentId', 'unknown_department', `department ${rec.departmentId} does not exist`);
      else if (rec.managerId && employeeIds.size > 0 && !employeeIds.has(rec.managerId)) reject('teams', rec.id, 'managerId', 'unknown_employee', `manager ${rec.managerId} is not in the directory`);
    }

    // Plan against the current directory.
    const summary: ImportSummary = {
      rows,
      valid: feed.employees.size + feed.departments.size + feed.teams.size,
      invalid: 0,
      employees: { created: 0, updated: 0, unchanged: 0, deactivated: 0 },
      departments: { created: 0, updated: 0, unchanged: 0, deactivated: 0 },
      teams: { created: 0, updated: 0, unchanged: 0, deactivated: 0 },
      existingPeople: [...existingEmployees.values()].filter((e) => e.status !== 'inactive').length,
      changedPeople: 0,
    };
    summary.invalid = Math.max(0, rows - summary.valid);
    const plan: Plan = { employees: [], deactivateEmployees: [], departments: [], deactivateDepartments: [], teams: [], deactivateTeams: [] };
    for (const { rec } of feed.employees.values()) {
      const old = existingEmployees.get(rec.id);
      if (!old) summary.employees.created++;
      else if (sameRecord(old, rec)) {
        summary.employees.unchanged++;
        continue;
      } else {
        summary.employees.updated++;
        if (old.status !== 'inactive') summary.changedPeople++;
      }
      plan.employees.push(rec);
    }
    const unitPlan = <T extends DepartmentRecord | TeamRecord>(entity: 'departments' | 'teams', existing: Map<string, Row>, toRec: (r: Row) => T, out: T[], counts: ImportSummary['departments']) => {
      for (const { rec } of (feed[entity] as unknown as Map<string, { rec: T }>).values()) {
        const old = existing.get(rec.id);
        if (!old) counts.created++;
        else if (old.status !== 'inactive' && sameRecord(toRec(old), rec)) {
          counts.unchanged++;
          continue;
        } else counts.updated++;
        out.push(rec);
      }
    };
    unitPlan('departments', existingDepartments, (r) => ({ id: String(r.id), name: String(r.name), nameEn: (r.name_en as string | null) ?? null, headId: (r.head_id as string | null) ?? null, hrbpId: (r.hrbp_id as string | null) ?? null, executiveId: (r.executive_id as string | null) ?? null, regions: fromJsonOrNull<string[]>(r.regions) ?? [] }), plan.departments, summary.departments);
    unitPlan('teams', existingTeams, (r) => ({ id: String(r.id), name: String(r.name), nameEn: (r.name_en as string | null) ?? null, departmentId: (r.department_id as string | null) ?? null, managerId: (r.manager_id as string | null) ?? null, hrbpId: (r.hrbp_id as string | null) ?? null, region: (r.region as string | null) ?? null }), plan.teams, summary.teams);
    if (req.mode === 'full') {
      if (present.employees) {
        for (const [id, e] of existingEmployees) {
          if (e.status !== 'inactive' && !mentioned.employees.has(id)) {
            plan.deactivateEmployees.push(id);
            summary.employees.deactivated++;
            summary.changedPeople++;
          }
        }
      }
      if (present.departments) for (const [id, d] of existingDepartments) if (d.status !== 'inactive' && !mentioned.departments.has(id)) plan.deactivateDepartments.push(id);
      if (present.teams) for (const [id, t] of existingTeams) if (t.status !== 'inactive' && !mentioned.teams.has(id)) plan.deactivateTeams.push(id);
      summary.departments.deactivated = plan.deactivateDepartments.length;
      summary.teams.deactivated = plan.deactivateTeams.length;
    }
    const changeShare = summary.existingPeople === 0 ? 0 : summary.changedPeople / summary.existingPeople;
    const held = changeShare > maxShare && !req.confirmed;
    const now = Date.now();
    const id = await transactionWithRetry(knex, async (trx) => {
      const importId = insertedId(
        await trx('data_import').insert({
          kind: 'directory',
          format: req.format,
          mode: req.mode,
          status: held ? 'pending_confirmation' : 'applied',
          actor: req.actor ?? null,
          summary: toJson({ ...summary, errorCount: errors.count }),
          errors: toJson(errors.items),
          plan: held ? toJson(plan) : null,
          change_share: changeShare,
          max_change_share: maxShare,
          created_at: now,
          finished_at: held ? null : now,
          decided_by: !held && req.confirmed && changeShare > maxShare ? (req.actor ?? 'cli') : null,
          decided_at: !held && req.confirmed && changeShare > maxShare ? now : null,
        }),
      );
      if (!held) await this.#apply(trx, plan, now, req.historyFrom);
      return importId;
    });
    if (!held) this.deps.directory.invalidate();
    if (held) this.deps.log.warn('directory sync held for confirmation', { importId: id, changeShare, maxShare, changedPeople: summary.changedPeople });
    return this.get(id);
  }

  async #apply(trx: Knex, plan: Plan, now: number, historyFrom?: number): Promise<void> {
    for (let i = 0; i < plan.departments.length; i += 500) {
      await trx('department')
        .insert(plan.departments.slice(i, i + 500).map((d) => ({ id: d.id, name: d.name, name_en: d.nameEn, head_id: d.headId, hrbp_id: d.hrbpId, executive_id: d.executiveId, regions: toJson(d.regions), status: 'active', updated_at: now })))
        .onConflict('id')
        .merge();
    }
    for (let i = 0; i < plan.teams.length; i += 500) {
      await trx('team')
        .insert(plan.teams.slice(i, i + 500).map((t) => ({ id: t.id, name: t.name, name_en: t.nameEn, department_id: t.departmentId, manager_id: t.managerId, hrbp_id: t.hrbpId, region: t.region, status: 'active', updated_at: now })))
        .onConflict('id')
        .merge();
    }
    for (let i = 0; i < plan.employees.length; i += 500) {
      await trx('employee')
        .insert(
          plan.employees.slice(i, i + 500).map((e) => ({
            id: e.id,
            name: e.name,
            email: e.email,
            job_family: e.jobFamily,
            level: e.level,
            location: e.location,
            status: e.status,
            manager_id: e.managerId,
            department_id: e.departmentId,
            team_id: e.teamId,
            hrbp_id: e.hrbpId,
            locale: e.locale,
            extra: toJson({ roles: e.roles, ...(e.nameEn ? { nameEn: e.nameEn } : {}), ...(e.title ? { title: e.title } : {}), ...(e.region ? { region: e.region } : {}) }),
            updated_at: now,
          })),
        )
        .onConflict('id')
        .merge();
    }
    for (let i = 0; i < plan.deactivateEmployees.length; i += 500) await trx('employee').whereIn('id', plan.deactivateEmployees.slice(i, i + 500)).update({ status: 'inactive', updated_at: now });
    for (let i = 0; i < plan.deactivateDepartments.length; i += 500) await trx('department').whereIn('id', plan.deactivateDepartments.slice(i, i + 500)).update({ status: 'inactive', updated_at: now });
    for (let i = 0; i < plan.deactivateTeams.length; i += 500) await trx('team').whereIn('id', plan.deactivateTeams.slice(i, i + 500)).update({ status: 'inactive', updated_at: now });
    // Directory history, same transaction: a version for each person whose directory fields changed.
    const states = new Map(plan.employees.map((e) => [e.id, { status: e.status, managerId: e.managerId, departmentId: e.departmentId, teamId: e.teamId, hrbpId: e.hrbpId, jobFamily: e.jobFamily, level: e.level, location: e.location }]));
    await recordEmployeeVersions(trx, [...states.keys(), ...plan.deactivateEmployees], now, { states, ...(historyFrom === undefined ? {} : { firstFrom: historyFrom }) });
  }

  async get(id: number): Promise<DirectoryImportResult> {
    const row = (await this.deps.knex('data_import').where({ id, kind: 'directory' }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('directory import', id);
    return toImportResult(row);
  }

  async list(limit = 50): Promise<DirectoryImportResult[]> {
    const rows = (await this.deps.knex('data_import').where({ kind: 'directory' }).orderBy('id', 'desc').limit(limit)) as Row[];
    return rows.map(toImportResult);
  }

  async #assertHrAdmin(actor: string): Promise<void> {
    const who = await this.deps.directory.getEmployee(actor);
    if (!who || who.status === 'inactive' || !who.roles.includes('hr_admin')) {
      throw UserError.forbidden(`${actor} is not an HR admin: only an HR admin can confirm or discard a held directory sync`);
    }
  }

  /** An HR admin applies a sync the brake held. */
  /** `verified`: the caller's hr_admin role was checked by the API's access rule (signed-in user). */
  async confirm(id: number, actor: string, verified = false): Promise<DirectoryImportResult> {
    if (!verified) await this.#assertHrAdmin(actor);
    await transactionWithRetry(this.deps.knex, async (trx) => {
      const row = (await trx('data_import').where({ id, kind: 'directory' }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('directory import', id);
      if (row.status !== 'pending_confirmation') throw UserError.conflict('IMPORT_NOT_PENDING', `directory import ${id} is ${String(row.status)}`);
      const now = Date.now();
      const changed = await trx('data_import').where({ id, status: 'pending_confirmation' }).update({ status: 'applied', decided_by: actor, decided_at: now, finished_at: now, plan: null });
      if (changed === 0) throw UserError.conflict('IMPORT_NOT_PENDING', `directory import ${id} was decided meanwhile`);
      const plan = fromJsonOrNull<Plan>(row.plan);
      if (plan) await this.#apply(trx, plan, now);
    });
    this.deps.directory.invalidate();
    return this.get(id);
  }

  /** An HR admin throws a held sync away; nothing of it is applied. */
  async discard(id: number, actor: string, verified = false): Promise<DirectoryImportResult> {
    if (!verified) await this.#assertHrAdmin(actor);
    const now = Date.now();
    const changed = await this.deps.knex('data_import').where({ id, kind: 'directory', status: 'pending_confirmation' }).update({ status: 'discarded', decided_by: actor, decided_at: now, finished_at: now, plan: null });
    if (changed === 0) {
      const current = await this.get(id); // 404 when missing
      throw UserError.conflict('IMPORT_NOT_PENDING', `directory import ${id} is ${current.status}`);
    }
    return this.get(id);
  }
}
