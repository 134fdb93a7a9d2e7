/**
 * Reads the org directory: the employee a run is about, their manager and org unit (visible to
 * rules), and assignee resolution for tasks, approvals and notifications.
 */
import type { AssigneeRef } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull } from '../persistence/json.js';
import type { RunContext } from '../core/types.js';

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

export class DirectoryService {
  constructor(private readonly knex: Knex) {}

  async getEmployee(id: string, db: Knex = this.knex): Promise<EmployeeView | null> {
    const row = (await db('employee').where({ id }).first()) as Row | undefined;
    return row ? toEmployee(row) : null;
  }

  /** employee, manager and org of the person an event is about (null when the payload names nobody). */
  async resolveContext(employeeId: unknown, db: Knex = this.knex): Promise<Pick<RunContext, 'employee' | 'manager' | 'org'>> {
    if (typeof employeeId !== 'string' || employeeId === '') return { employee: null, manager: null, org: null };
    const employee = await this.getEmployee(employeeId, db);
    if (!employee) return { employee: null, manager: null, org: null };
    const manager = employee.managerId ? await this.getEmployee(employee.managerId, db) : null;
    const org = {
      departmentId: employee.departmentId,
      departmentName: employee.departmentName ?? null,
      teamId: employee.teamId,
      teamName: employee.teamName ?? null,
      region: employee.region ?? null,
    };
    return { employee, manager, org };
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
      case 'hrbp':
        return employee?.hrbpId ? [employee.hrbpId] : [];
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
  for (let i = 0; i < rows.length; i += 500) {
    await knex('employee').insert(rows.slice(i, i + 500)).onConflict('id').merge();
  }
  return rows.length;
}
