/** Subject lookups for access rules on routes owned by other modules (whom a row concerns). */
import type { AccessRequest, Reach, Subject } from './access.js';
import type { Role } from './roles.js';

type Row = Record<string, unknown>;

/** The row `table.id = params[param]`: `about` and `actors` name its columns. */
export function rowSubject(table: string, opts: { param?: string; about: string[]; actors?: string[]; intId?: boolean }) {
  return async ({ params, services }: AccessRequest): Promise<Subject | null> => {
    const raw = params[opts.param ?? 'id'] ?? '';
    const row = (await services.db.knex(table).where({ id: opts.intId ? Number(raw) : raw }).first([...opts.about, ...(opts.actors ?? [])])) as Row | undefined;
    if (!row) return null;
    return { about: opts.about.map((c) => row[c] as string), actors: (opts.actors ?? []).map((c) => row[c] as string) };
  };
}

/** The employee named by a path parameter. */
export function pathEmployee(param = 'id') {
  return async ({ params }: AccessRequest): Promise<Subject | null> => ({ about: [params[param]] });
}

/** The employee named by a body field. */
export function bodyEmployee(field = 'employeeId') {
  return async ({ body }: AccessRequest): Promise<Subject | null> => ({ about: [(body as Row | undefined)?.[field] as string] });
}

/** The run a path parameter names: about its employee. */
export const runSubject = rowSubject('run', { about: ['employee_id'], intId: true });

export const HR: Partial<Record<Role, Reach>> = { hr_admin: 'all' };
export const IT: Partial<Record<Role, Reach>> = { it_admin: 'all' };
export const HR_IT: Partial<Record<Role, Reach>> = { hr_admin: 'all', it_admin: 'all' };
/** hr_admin everything; a manager their reporting line (and self); anyone else only what is about them. */
export const PEOPLE: Partial<Record<Role, Reach>> = { hr_admin: 'all', manager: 'team', employee: 'self', executive: 'self', it_admin: 'self' };
/** Like PEOPLE, for personal HR data executives and IT do not see (coaching notes, PIPs, KPI readings). */
export const PERSONAL: Partial<Record<Role, Reach>> = { hr_admin: 'all', manager: 'team', employee: 'self' };
/** Org-level reference data every signed-in role may read. */
export const ANYONE: Partial<Record<Role, Reach>> = { hr_admin: 'all', it_admin: 'all', manager: 'all', executive: 'all', employee: 'all' };
