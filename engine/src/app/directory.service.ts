/**
 * Reads the org directory: the employee a run is about, their manager and org unit (visible to
 * rules), and assignee resolution for tasks, approvals and notifications.
 */
import type { AssigneeRef } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull } from '../persistence/json.js';
import { selectIn } from '../persistence/fast-sql.js';
import type { RunContext } from '../core/types.js';
import { recordEmployeeVersions } from '../signals/directory-history.js';

export interface EmployeeView {
  id: string;
  name: string;
  email: string | null;
  jobFamily: string | null;
  level: string | null;
  location: string | null;
  status: string;
  managerId: string | null;
  departmentId: string | null;
  teamId: string | null;
  hrbpId: string | null;
  locale: string;
  roles: string[];
  [key: string]: unknown;
}

type Row = Record<string, unknown>;

export function toEmployee(row: Row): EmployeeView {
  const extra = fromJsonOrNull<Record<string, unknown>>(row.extra) ?? {};
  return {
    ...extra,
    id: String(row.id),
    name: String(row.name),
    email: (row.email as string | null) ?? null,
    jobFamily: (row.job_family as string | null) ?? null,
    level: (row.level as string | null) ?? null,
    location: (row.location as string | null) ?? null,
    status: String(row.status),
    managerId: (row.manager_id as string | null) ?? null,
    departmentId: (row.department_id as string | null) ?? null,
    teamId: (row.team_id as string | null) ?? null,
    hrbpId: (row.hrbp_id as string | null) ?? null,
    locale: String(row.locale ?? 'zh-CN'),
    roles: Array.isArray(extra.roles) ? extra.roles.map(String) : [],
  };
}

/** A department as the directory keeps it. */
export interface DepartmentView {
  id: string;
  name: string;
  nameEn: string | null;
  headId: string | null;
  hrbpId: string | null;
  executiveId: string | null;
  regions: string[];
  status: string;
}

/** A team as the directory keeps it. */
export interface TeamView {
  id: string;
  name: string;
  nameEn: string | null;
  departmentId: string | null;
  managerId: string | null;
  hrbpId: string | null;
  region: string | null;
  status: string;
}

export interface OrgUnits {
  departments: Map<string, DepartmentView>;
  teams: Map<string, TeamView>;
}

export interface ReportingLine {
  employeeId: string;
  managerId: string | null;
  /** The manager's manager (derived, never stored). */
  skipLevelManagerId: string | null;
  /** Managers upwards, nearest first. */
  chain: string[];
  /** The covering HRBP: the employee's own, else the team's, else the department's. */
  hrbpId: string | null;
  departmentId: string | null;
  teamId: string | null;
  executiveId: string | null;
}

export function toDepartment(row: Row): DepartmentView {
  return {
    id: String(row.id),
    name: String(row.name),
    nameEn: (row.name_en as string | null) ?? null,
    headId: (row.head_id as string | null) ?? null,
    hrbpId: (row.hrbp_id as string | null) ?? null,
    executiveId: (row.executive_id as string | null) ?? null,
    regions: fromJsonOrNull<string[]>(row.regions) ?? [],
    status: String(row.status ?? 'active'),
  };
}

export function toTeam(row: Row): TeamView {
  return {
    id: String(row.id),
    name: String(row.name),
    nameEn: (row.name_en as string | null) ?? null,
    departmentId: (row.department_id as string | null) ?? null,
    managerId: (row.manager_id as string | null) ?? null,
    hrbpId: (row.hrbp_id as string | null) ?? null,
    region: (row.region as string | null) ?? null,
    status: String(row.status ?? 'active'),
  };
}

/** HRBP coverage: a person's own HRBP wins over the team's, which wins over the department's. */
export function effectiveHrbp(employee: Pick<EmployeeView, 'hrbpId'>, team?: Pick<TeamView, 'hrbpId'>, department?: Pick<DepartmentView, 'hrbpId'>): string | null {
  return employee.hrbpId ?? team?.hrbpId ?? department?.hrbpId ?? null;
}

const ORG_UNITS_TTL_MS = 2000;
const NO_CONTEXT: Pick<RunContext, 'employee' | 'manager' | 'org'> = { employee: null, manager: null, org: null };

/** The `employee`, `manager` and `org` rules see (also the backtest's, over the directory as it was). */
export function contextOf(employee: EmployeeView, manager: EmployeeView | null, units: OrgUnits): Pick<RunContext, 'employee' | 'manager' | 'org'> {
  const team = employee.teamId ? units.teams.get(employee.teamId) : undefined;
  const department = employee.departmentId ? units.departments.get(employee.departmentId) : undefined;
  const org = {
    departmentId: employee.departmentId,
    departmentName: department?.name ?? employee.departmentName ?? null,
    teamId: employee.teamId,
    teamName: team?.name ?? employee.teamName ?? null,
    region: team?.region ?? employee.region ?? null,
    skipLevelManagerId: manager?.managerId ?? null,
    hrbpId: effectiveHrbp(employee, team, department),
    departmentHeadId: department?.headId ?? null,
    executiveId: department?.executiveId ?? null,
  };
  return { employee, manager, org };
}

export class DirectoryService {
  #units: { expires: number; value: OrgUnits } | null = null;

  constructor(private readonly knex: Knex) {}

  async getEmployee(id: string, db: Knex = this.knex): Promise<EmployeeView | null> {
    const row = (await db('employee').where({ id }).first()) as Row | undefined;
    return row ? toEmployee(row) : null;
  }

  /** employee, manager and org of the person an event is about (null when the payload names nobody). */
  async resolveContext(employeeId: unknown, db: Knex = this.knex): Promise<Pick<RunContext, 'employee' | 'manager' | 'org'>> {
    if (typeof employeeId !== 'string' || employeeId === '') return NO_CONTEXT;
    const employee = await this.getEmployee(employeeId, db);
    if (!employee) return NO_CONTEXT;
    const manager = employee.managerId ? await this.getEmployee(employee.managerId, db) : null;
    return contextOf(employee, manager, await this.orgUnits(db));
  }

  /** {@link resolveContext} for many people at once (batched event ingestion): a few queries in all. */
  async resolveContexts(employeeIds: readonly unknown[], db: Knex = this.knex): Promise<Map<string, Pick<RunContext, 'employee' | 'manager' | 'org'>>> {
    const ids = [...new Set(employeeIds.filter((x): x is string => typeof x === 'string' && x !== ''))];
    const people = new Map<string, EmployeeView>();
    const load = async (wanted: string[]) => {
      for (const row of await selectIn(db, 'employee', 'id', wanted)) people.set(String(row.id), toEmployee(row));
    };
    await load(ids);
    await load([...new Set([...people.values()].map((e) => e.managerId).filter((m): m is string => m !== null && !people.has(m)))]);
    const units = await this.orgUnits(db);
    const out = new Map<string, Pick<RunContext, 'employee' | 'manager' | 'org'>>();
    for (const id of ids) {
      const employee = people.get(id);
      out.set(id, employee ? contextOf(employee, employee.managerId ? (people.get(employee.managerId) ?? null) : null, units) : NO_CONTEXT);
    }
    return out;
  }

  /** Departments and teams by id, cached briefly (they are small and change rarely; imports clear the cache). */
  async orgUnits(db: Knex = this.knex): Promise<OrgUnits> {
    const now = Date.now();
    if (this.#units && this.#units.expires > now) return this.#units.value;
    const [departments, teams] = await Promise.all([db('department').select('*') as Promise<Row[]>, db('team').select('*') as Promise<Row[]>]);
    const value: OrgUnits = {
      departments: new Map(departments.map((r) => [String(r.id), toDepartment(r)])),
      teams: new Map(teams.map((r) => [String(r.id), toTeam(r)])),
    };
    this.#units = { expires: now + ORG_UNITS_TTL_MS, value };
    return value;
  }

  /** Forgets the cached departments and teams (after an import). */
  invalidate(): void {
    this.#units = null;
  }

  /** Direct manager, skip-level manager, the whole chain upwards and the covering HRBP. */
  async reportingLine(id: string, db: Knex = this.knex): Promise<ReportingLine | null> {
    const employee = await this.getEmployee(id, db);
    if (!employee) return null;
    const chain: string[] = [];
    let current: EmployeeView | null = employee;
    while (current?.managerId && chain.length < 50) {
      if (chain.includes(current.managerId) || current.managerId === id) break; // a cycle: stop (imports refuse cycles)
      chain.push(current.managerId);
      current = await this.getEmployee(current.managerId, db);
    }
    const units = await this.orgUnits(db);
    const team = employee.teamId ? units.teams.get(employee.teamId) : undefined;
    const department = employee.departmentId ? units.departments.get(employee.departmentId) : undefined;
    return {
      employeeId: id,
      managerId: chain[0] ?? null,
      skipLevelManagerId: chain[1] ?? null,
      chain,
      hrbpId: effectiveHrbp(employee, team, department),
      departmentId: employee.departmentId,
      teamId: employee.teamId,
      executiveId: department?.executiveId ?? null,
    };
  }

  /** Resolves an assignee reference to employee ids (empty when nobody matches). */
  async resolveAssignees(ref: AssigneeRef, context: RunContext, db: Knex = this.knex): Promise<string[]> {
    const employee = context.employee as EmployeeView | null;
    switch (ref.type) {
      case 'employee':
        return employee ? [employee.id] : [];
      case 'directManager':
        return employee?.managerId ? [employee.managerId] : [];
      case 'skipLevel': {
        const manager = employee?.managerId ? await this.getEmployee(employee.managerId, db) : null;
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
      case 'role': {
        const rows = (await db('employee').where('status', 'active').whereNotNull('extra').select('*')) as Row[];
        return rows.map(toEmployee).filter((e) => e.roles.includes(ref.role)).map((e) => e.id);
      }
    }
  }
}

/** An employee as sent to the directory API. */
export interface EmployeeInput {
  id: string;
  name: string;
  email?: string | null;
  jobFamily?: string | null;
  level?: string | null;
  location?: string | null;
  status?: 'active' | 'inactive' | 'on_leave';
  managerId?: string | null;
  departmentId?: string | null;
  teamId?: string | null;
  hrbpId?: string | null;
  locale?: 'zh-CN' | 'en';
  extra?: Record<string, unknown>;
}

/** Inserts or replaces employees (a delta sync; the full import with its brake is in the HR-signals work). */
export async function upsertEmployees(knex: Knex, employees: EmployeeInput[], now = Date.now()): Promise<number> {
  const rows = employees.map((e) => ({
    id: e.id,
    name: e.name,
    email: e.email ?? null,
    job_family: e.jobFamily ?? null,
    level: e.level ?? null,
    location: e.location ?? null,
    status: e.status ?? 'active',
    manager_id: e.managerId ?? null,
    department_id: e.departmentId ?? null,
    team_id: e.teamId ?? null,
    hrbp_id: e.hrbpId ?? null,
    locale: e.locale ?? 'zh-CN',
    extra: e.extra ? JSON.stringify(e.extra) : null,
    updated_at: now,
  }));
  await knex.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx('employee').insert(rows.slice(i, i + 500)).onConflict('id').merge();
    }
    // Directory history (signals/directory-history.ts), in the same transaction.
    await recordEmployeeVersions(trx, rows.map((r) => r.id), now);
  });
  return rows.length;
}
