/**
 * Organisation directory types (company, departments, teams, employees) and reporting-line helpers.
 * The engine resolves `employee`, `manager` and `org` for rules from data of this shape.
 */

/** Job families used by KPI range overrides and workflow rules. */
export type JobFamily = 'sales' | 'customer_success' | 'engineering' | 'hr' | 'management';

/** Regions (区域). */
export type RegionId = 'east_china' | 'south_china' | 'north_china';

/** Region labels. */
export const REGIONS: Record<RegionId, { 'zh-CN': string; en: string }> = {
  east_china: { 'zh-CN': '华东', en: 'East China' },
  south_china: { 'zh-CN': '华南', en: 'South China' },
  north_china: { 'zh-CN': '华北', en: 'North China' },
};

export interface Company {
  id: string;
  name: string;
  nameEn: string;
  ceoId: string;
}

export interface Department {
  id: string;
  name: string;
  nameEn: string;
  headId: string;
  regions: RegionId[];
  /** HRBP covering the department. */
  hrbpId: string;
  /** Executive the department head reports to. */
  executiveId: string;
}

export interface Team {
  id: string;
  name: string;
  nameEn: string;
  departmentId: string;
  managerId: string;
  region: RegionId;
}

/** An employee record of the directory. */
export interface Employee {
  id: string;
  name: string;
  nameEn: string;
  email: string;
  jobFamily: JobFamily;
  level: string;
  title: string;
  location: string;
  region: RegionId;
  status: 'active' | 'on_leave';
  /** Direct manager; null only for the CEO. */
  managerId: string | null;
  departmentId: string | null;
  teamId: string | null;
  hrbpId: string | null;
  locale: 'zh-CN' | 'en';
  roles: Array<'employee' | 'manager' | 'department_head' | 'hrbp' | 'executive' | 'hr_admin'>;
}

export interface Org {
  company: Company;
  departments: Department[];
  teams: Team[];
  employees: Employee[];
  executiveIds: string[];
  hrbpIds: string[];
}

/**
 * The chain of managers above an employee, nearest first (direct manager, skip-level, …).
 * @throws Error on a reporting cycle or a dangling manager id
 */
export function managementChain(employees: readonly Employee[], employeeId: string): string[] {
  const byId = new Map(employees.map((e) => [e.id, e]));
  const chain: string[] = [];
  let current = byId.get(employeeId);
  if (!current) throw new Error(`unknown employee ${employeeId}`);
  while (current.managerId !== null) {
    if (chain.includes(current.managerId) || current.managerId === employeeId) throw new Error(`reporting cycle at ${current.managerId}`);
    chain.push(current.managerId);
    const next = byId.get(current.managerId);
    if (!next) throw new Error(`dangling manager ${current.managerId}`);
    current = next;
  }
  return chain;
}

/** The skip-level manager (manager's manager), or null. */
export function skipLevelManagerId(employees: readonly Employee[], employeeId: string): string | null {
  return managementChain(employees, employeeId)[1] ?? null;
}
