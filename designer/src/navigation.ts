/**
 * Role-aware navigation and route access (what the UI offers; the engine enforces the same rules
 * on every API route and refuses anything else). A person with several roles gets the union.
 */
import type { Role } from '@coachflow/model';

/** What a route or a navigation entry needs. */
export interface AccessRule {
  /** Any of these roles; omitted = every signed-in person. */
  roles?: readonly Role[];
  /** The account must be linked to a directory person (inbox, notifications, "about me"). */
  needsEmployee?: boolean;
}

export interface NavEntry extends AccessRule {
  key: 'workflows' | 'runs' | 'inbox' | 'strategy' | 'connectors' | 'tokens' | 'health' | 'audit' | 'me';
  to: string;
}

/** The person as navigation sees them. */
export interface NavUser {
  roles: readonly Role[];
  employeeId: string | null;
}

/** Navigation entries in display order. */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { key: 'workflows', to: '/workflows', roles: ['hr_admin'] },
  { key: 'inbox', to: '/inbox', roles: ['manager', 'hr_admin', 'executive'], needsEmployee: true },
  { key: 'runs', to: '/runs', roles: ['hr_admin', 'manager'] },
  { key: 'strategy', to: '/strategy', roles: ['executive'] },
  { key: 'connectors', to: '/admin/connectors', roles: ['it_admin'] },
  { key: 'tokens', to: '/admin/tokens', roles: ['it_admin'] },
  { key: 'health', to: '/admin/health', roles: ['it_admin'] },
  { key: 'audit', to: '/audit', roles: ['hr_admin', 'it_admin'] },
  { key: 'me', to: '/me', needsEmployee: true },
];

export function allows(rule: AccessRule | undefined, user: NavUser): boolean {
  if (!rule) return true;
  if (rule.needsEmployee && !user.employeeId) return false;
  if (rule.roles && !rule.roles.some((r) => user.roles.includes(r))) return false;
  return true;
}

/** The entries a person sees: the union over their roles. */
export function navFor(user: NavUser): NavEntry[] {
  return NAV_ENTRIES.filter((e) => allows(e, user));
}

/** The landing page of each role, strongest first (a person with several roles lands on the first). */
const HOME_BY_ROLE: ReadonlyArray<[Role, NavEntry['key']]> = [
  ['hr_admin', 'workflows'],
  ['manager', 'inbox'],
  ['executive', 'strategy'],
  ['it_admin', 'connectors'],
  ['employee', 'me'],
];

/** Where a person lands after signing in. */
export function homeFor(user: NavUser): string {
  const visible = navFor(user);
  for (const [role, key] of HOME_BY_ROLE) {
    const entry = user.roles.includes(role) ? visible.find((e) => e.key === key) : undefined;
    if (entry) return entry.to;
  }
  return visible[0]?.to ?? '/no-access';
}

/** Where a notification leads (null: nowhere in particular). */
export function notificationTarget(n: { kind?: string | null; runId?: unknown; payload?: unknown }, user: NavUser): string | null {
  const kind = n.kind ?? '';
  const payload = (n.payload ?? {}) as { itemType?: unknown; itemId?: unknown };
  const item = payload.itemId !== undefined && payload.itemId !== null ? `&${payload.itemType === 'approval' ? 'approval' : 'task'}=${encodeURIComponent(String(payload.itemId))}` : '';
  const candidates: string[] = [];
  if (kind.startsWith('task.') || kind === 'objection.filed') candidates.push(`/inbox?tab=tasks${item}`);
  else if (kind.startsWith('approval.')) candidates.push(`/inbox?tab=approvals${item}`);
  else if (kind === 'objection.answered') candidates.push('/me');
  else if (kind === 'digest') candidates.push('/strategy');
  if (n.runId !== null && n.runId !== undefined && n.runId !== '') candidates.push(`/runs/${String(n.runId)}`, '/me');
  for (const path of candidates) {
    const entry = NAV_ENTRIES.find((e) => path === e.to || path.startsWith(`${e.to}/`) || path.startsWith(`${e.to}?`));
    if (!entry || allows(ROUTE_ACCESS[entry.key] ?? entry, user)) return path;
  }
  return null;
}

/** Route access where it is wider than the navigation entry (the engine's rules for the data shown). */
export const ROUTE_ACCESS: Partial<Record<NavEntry['key'], AccessRule>> = {
  // Anyone linked to a person may have work waiting (e.g. a task assigned to "the employee").
  inbox: { needsEmployee: true },
  // hr_admin reads the analyses too; the dashboard is the executive's.
  strategy: { roles: ['executive', 'hr_admin'] },
};

/** The access rule of a navigation entry's route. */
export function routeAccess(key: NavEntry['key']): AccessRule {
  const entry = NAV_ENTRIES.find((e) => e.key === key);
  return ROUTE_ACCESS[key] ?? { ...(entry?.roles ? { roles: entry.roles } : {}), ...(entry?.needsEmployee ? { needsEmployee: true } : {}) };
}

/** A same-app path to go back to after signing in (never another origin, never the sign-in page). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') && !value.startsWith('/sign-in') ? value : null;
}
