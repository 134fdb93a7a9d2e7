import type { Role } from '@coachflow/model';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteLocationNormalized } from 'vue-router';
import { allows, homeFor, navFor, notificationTarget, routeAccess, safeRedirect } from '@/navigation';
import { accessGuard, routes } from '@/router';
import { SESSION_STORAGE_KEY } from '@/stores/session.store';
import { FakeEngine, meUser } from './support/fake-engine';

const user = (roles: Role[], employeeId: string | null = 'E1') => ({ roles, employeeId });
const keys = (roles: Role[], employeeId: string | null = 'E1') => navFor(user(roles, employeeId)).map((e) => e.key);

describe('role-aware navigation', () => {
  it('shows each role its pages', () => {
    expect(keys(['hr_admin'], null)).toEqual(['workflows', 'runs', 'audit']);
    expect(keys(['it_admin'], null)).toEqual(['connectors', 'tokens', 'health', 'audit']);
    expect(keys(['manager'])).toEqual(['inbox', 'runs', 'me']);
    expect(keys(['executive'])).toEqual(['inbox', 'strategy', 'me']);
    expect(keys(['employee'])).toEqual(['me']);
  });

  it('gives a person with several roles the union, each entry once', () => {
    expect(keys(['hr_admin', 'it_admin'], null)).toEqual(['workflows', 'runs', 'connectors', 'tokens', 'health', 'audit']);
    expect(keys(['manager', 'executive', 'employee'])).toEqual(['inbox', 'runs', 'strategy', 'me']);
    expect(keys(['hr_admin', 'manager', 'employee'])).toEqual(['workflows', 'inbox', 'runs', 'audit', 'me']);
  });

  it('lands each person on their strongest role’s page', () => {
    expect(homeFor(user(['hr_admin', 'it_admin'], null))).toBe('/workflows');
    expect(homeFor(user(['manager', 'employee']))).toBe('/inbox');
    expect(homeFor(user(['executive']))).toBe('/strategy');
    expect(homeFor(user(['it_admin'], null))).toBe('/admin/connectors');
    expect(homeFor(user(['employee']))).toBe('/me');
    expect(homeFor(user([], null))).toBe('/no-access');
  });

  it('needs a linked person for the inbox and "about me", and widens some routes beyond the menu', () => {
    expect(allows(routeAccess('inbox'), user(['employee']))).toBe(true);
    expect(allows(routeAccess('inbox'), user(['hr_admin'], null))).toBe(false);
    expect(allows(routeAccess('me'), user(['it_admin'], null))).toBe(false);
    expect(allows(routeAccess('strategy'), user(['hr_admin'], null))).toBe(true);
    expect(allows(routeAccess('workflows'), user(['manager']))).toBe(false);
  });

  it('only redirects inside the app after signing in', () => {
    expect(safeRedirect('/runs/3?x=1')).toBe('/runs/3?x=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', '/sign-in?redirect=/x', 42, undefined]) expect(safeRedirect(bad)).toBeNull();
  });

  it('sends a notification to the item it is about', () => {
    const manager = user(['manager', 'employee']);
    expect(notificationTarget({ kind: 'task.assigned', runId: 5, payload: { itemType: 'task', itemId: 9 } }, manager)).toBe('/inbox?tab=tasks&task=9');
    expect(notificationTarget({ kind: 'approval.requested', payload: { itemType: 'approval', itemId: 3 } }, manager)).toBe('/inbox?tab=approvals&approval=3');
    expect(notificationTarget({ kind: 'objection.answered' }, user(['employee']))).toBe('/me');
    expect(notificationTarget({ kind: 'digest' }, user(['executive']))).toBe('/strategy');
    // a workflow notification about a run: the run for those who see runs, "about me" for the employee
    expect(notificationTarget({ kind: null, runId: 12 }, manager)).toBe('/runs/12');
    expect(notificationTarget({ kind: null, runId: 12 }, user(['employee']))).toBe('/me');
    expect(notificationTarget({ kind: null, runId: null }, manager)).toBeNull();
  });
});

describe('route guard', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    engine = new FakeEngine();
    vi.stubGlobal('fetch', engine.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  function to(path: string): RouteLocationNormalized {
    const [pathname, search = ''] = path.split('?');
    const record = routes.find((r) => r.path === pathname) ?? routes.find((r) => r.path.includes(':id') && new RegExp(`^${r.path.replace(':id', '[^/]+')}$`).test(pathname ?? ''));
    return { path: pathname, fullPath: path, name: record?.name, meta: record?.meta ?? {}, query: Object.fromEntries(new URLSearchParams(search)), params: {}, hash: '', matched: [], redirectedFrom: undefined } as unknown as RouteLocationNormalized;
  }
  function signedInAs(roles: Role[], employeeId: string | null): void {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 'tok', expiresAt: null }));
    engine.on('GET /api/v1/auth/me', meUser({ roles, employeeId }));
  }

  it('sends signed-out people to sign-in with where they were going', async () => {
    expect(await accessGuard(to('/runs/4'))).toEqual({ name: 'sign-in', query: { redirect: '/runs/4' } });
    expect(await accessGuard(to('/sign-in'))).toBe(true);
    expect(engine.calls).toHaveLength(0);
  });

  it('lets a role in where it belongs and refuses elsewhere', async () => {
    signedInAs(['manager', 'employee'], 'E9001');
    expect(await accessGuard(to('/'))).toBe('/inbox');
    expect(await accessGuard(to('/inbox'))).toBe(true);
    expect(await accessGuard(to('/runs/4'))).toBe(true);
    expect(await accessGuard(to('/workflows'))).toEqual({ name: 'no-access', query: { from: '/workflows' } });
    expect(await accessGuard(to('/admin/tokens'))).toEqual({ name: 'no-access', query: { from: '/admin/tokens' } });
    expect(await accessGuard(to('/sign-in?redirect=/runs'))).toBe('/runs');
  });

  it('an admin not linked to a person has no inbox', async () => {
    signedInAs(['hr_admin', 'it_admin'], null);
    expect(await accessGuard(to('/'))).toBe('/workflows');
    expect(await accessGuard(to('/audit'))).toBe(true);
    expect(await accessGuard(to('/admin/health'))).toBe(true);
    expect(await accessGuard(to('/inbox'))).toMatchObject({ name: 'no-access' });
  });
});
