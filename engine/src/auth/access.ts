/**
 * Access control, enforced by the router for every route (deny by default: a route without an
 * `access` rule answers 403 to everyone, and a unit test fails when any route lacks one).
 *
 * A rule grants each role a reach:
 * - `all`: everything the route serves (for routes on the caller's own data — `/me`, the inbox,
 *   notifications — "all" is still only the caller's own data: the handler reads the principal);
 * - `team`: the caller's reporting line (direct and indirect reports, from the directory) and
 *   whatever is their own (`self`);
 * - `self`: what is about the caller (`about`) or what they act on (`actors`: assignee, approver,
 *   delegate, escalation target).
 * A route on one resource says who it concerns with `subject`; when a scoped caller may not see it,
 * the answer is `denyAs` (404 by default, so existence does not leak; 403 where the resource's
 * existence is no secret). A list route filters its items for scoped callers with `listItem` (the
 * router drops items the caller may not see; handlers may also pre-filter with `req.auth`).
 */
import type { Knex } from '@mikro-orm/mysql';
import { UserError } from '@coachflow/model';
import type { Principal, Role } from './roles.js';
import type { Services } from '../app/services.js';

export type Reach = 'all' | 'team' | 'self';

/** Whom a resource concerns. */
export interface Subject {
  /** The employees it is about (the run's employee, the record's person…). */
  about?: Array<string | null | undefined>;
  /** The employees who act on it (assignee, approvers, delegates, escalation target). */
  actors?: Array<string | null | undefined>;
}

export interface AccessRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  auth: AuthContext;
  services: Services;
}

export interface RouteAccess {
  /** Reachable without signing in; the reason is documented (sign-in, probes, signed platform callbacks). */
  public?: string;
  /** Role → reach. Roles not listed get 403. */
  roles?: Partial<Record<Role, Reach>>;
  /** For `team`/`self` callers on a route about one resource: whom it concerns (null → 404). */
  subject?: (req: AccessRequest) => Promise<Subject | null>;
  /** For `team`/`self` callers on a list route: whom each item of `body.items` concerns. */
  listItem?: (item: Record<string, unknown>) => Subject;
  /** Answer when a scoped caller may not see the resource: 404 (default) hides that it exists. */
  denyAs?: 403 | 404;
  /** Why the rule is what it is (shown in the OpenAPI document). */
  note?: string;
}

/** What a handler knows about the caller. */
export interface AuthContext {
  principal: Principal | null;
  reach: Reach | null;
  /** Direct and indirect reports of the caller (memoised per request). */
  reports(): Promise<Set<string>>;
  /** Whether the caller may see something concerning `subject` at their reach. */
  allows(subject: Subject): Promise<boolean>;
}

const ORDER: Record<Reach, number> = { all: 3, team: 2, self: 1 };

/** The widest reach any of the principal's roles has on this rule (null: none). */
export function reachOf(access: RouteAccess, principal: Principal): Reach | null {
  let best: Reach | null = null;
  for (const role of principal.roles) {
    const r = access.roles?.[role];
    if (r && (!best || ORDER[r] > ORDER[best])) best = r;
  }
  // An API token acts for a system: no reporting line, no "self".
  if (principal.kind === 'token' && best !== 'all') return null;
  return best;
}

/** Every employee below `managerId` in the reporting line (recursive, cycle-safe). */
export async function reportsOf(knex: Knex, managerId: string): Promise<Set<string>> {
  const rows = (await knex
    .withRecursive('line', (qb) => {
      qb.select('id')
        .from('employee')
        .where('manager_id', managerId)
        .union(function (this: Knex.QueryBuilder) {
          this.select('e.id').from('employee as e').join('line', 'e.manager_id', 'line.id');
        });
    })
    .select('id')
    .from('line')) as Array<{ id: string }>;
  const out = new Set(rows.map((r) => String(r.id)));
  out.delete(managerId);
  return out;
}

export function authContext(knex: Knex, principal: Principal | null, reach: Reach | null): AuthContext {
  let reports: Promise<Set<string>> | null = null;
  const ctx: AuthContext = {
    principal,
    reach,
    reports() {
      if (!principal?.employeeId) return Promise.resolve(new Set());
      reports ??= reportsOf(knex, principal.employeeId);
      return reports;
    },
    async allows(subject) {
      if (!principal) return false;
      if (reach === 'all') return true;
      const me = principal.employeeId;
      if (!me || !reach) return false;
      const about = (subject.about ?? []).filter((x): x is string => typeof x === 'string' && x !== '');
      const actors = (subject.actors ?? []).filter((x): x is string => typeof x === 'string' && x !== '');
      if (about.includes(me) || actors.includes(me)) return true;
      if (reach === 'team' && about.length) {
        const line = await ctx.reports();
        return about.some((id) => line.has(id));
      }
      return false;
    },
  };
  return ctx;
}

/** Signed-in callers of any role: for routes that only ever serve the caller's own data. */
export const SIGNED_IN: Partial<Record<Role, Reach>> = { hr_admin: 'all', it_admin: 'all', manager: 'all', executive: 'all', employee: 'all' };
/** Any role, but only on what the caller is about or acts on. */
export const ANY_SELF: Partial<Record<Role, Reach>> = { hr_admin: 'self', it_admin: 'self', manager: 'self', executive: 'self', employee: 'self' };

/** Only who acts on a resource (for action routes: the person it is about may see it, not act on it). */
export async function actorsOnly(subject: Promise<Subject | null>): Promise<Subject | null> {
  const s = await subject;
  return s ? { actors: s.actors ?? [] } : null;
}

/** Throws the rule's denial. */
export function deny(access: RouteAccess, what = 'resource'): never {
  if ((access.denyAs ?? 404) === 403) throw UserError.forbidden(`you may not access this ${what}`);
  throw new UserError('NOT_FOUND', `${what} not found`, 404);
}
