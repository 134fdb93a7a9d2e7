/**
 * Demo users, one per role, linked to the reference scenario's people, all with the password
 * `coachflow-demo` (README: "Demo users"). Called by the demo loader once the directory is in:
 *
 *   await createDemoUsers(services, demo);
 *
 * Idempotent: an existing email is left as it is.
 */
import type { Services } from '../app/services.js';
import type { DemoData } from '../domain/demo-data.js';
import type { Role } from '../auth/roles.js';

export const DEMO_PASSWORD = 'coachflow-demo';

export interface DemoUser {
  email: string;
  roles: Role[];
  employeeId: string | null;
  /** Who they are in the scenario. */
  as: string;
}

/** The demo's users: HR admin (Li Lei's HRBP), IT admin, Li Lei's manager and skip-level, the executive owning the drifting objective, and Li Lei. */
export function demoUsers(demo: DemoData): DemoUser[] {
  const ref = demo.reference;
  const drifting = demo.objectives.find((o) => o.id === ref.driftingObjectiveId);
  const executive = drifting?.ownerIds.find((id) => id) ?? demo.org.employees.find((e) => e.roles.includes('executive'))?.id ?? null;
  return [
    { email: 'hr@demo', roles: ['hr_admin', 'employee'], employeeId: ref.hrbpId, as: "HR admin: Li Lei's HRBP" },
    { email: 'it@demo', roles: ['it_admin'], employeeId: null, as: 'IT admin (plugins, credentials, tokens, settings)' },
    { email: 'manager@demo', roles: ['manager', 'employee'], employeeId: ref.managerId, as: "Li Lei's direct manager" },
    { email: 'skip@demo', roles: ['manager', 'employee'], employeeId: ref.skipLevelManagerId || null, as: "Li Lei's skip-level manager" },
    { email: 'executive@demo', roles: ['executive', 'manager', 'employee'], employeeId: executive, as: 'executive owning the drifting objective' },
    { email: 'employee@demo', roles: ['employee'], employeeId: ref.liLeiId, as: 'Li Lei (the employee of the scenario)' },
  ];
}

export async function createDemoUsers(services: Services, demo: DemoData): Promise<Array<DemoUser & { created: boolean }>> {
  const out: Array<DemoUser & { created: boolean }> = [];
  for (const u of demoUsers(demo)) {
    if (!u.employeeId && u.roles.some((r) => r === 'manager' || r === 'employee')) continue;
    const exists = await services.auth.findUserByEmail(u.email);
    if (!exists) {
      const employee = u.employeeId ? await services.directory.getEmployee(u.employeeId) : null;
      await services.auth.createUser(
        { email: u.email, name: employee?.name ?? u.email, password: DEMO_PASSWORD, roles: u.roles, employeeId: u.employeeId, locale: employee?.locale === 'en' ? 'en' : 'zh-CN' },
        { type: 'system', id: null, name: 'demo' },
      );
    }
    out.push({ ...u, created: !exists });
  }
  return out;
}
