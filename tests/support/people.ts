/**
 * People for integration tests: users linked to directory employees, created through the API as
 * the bootstrap admin (it_admin), signed in, cached per cluster. `asEmployee(cluster, 'E9001')`
 * gives an `api()` that acts as that person.
 */
import type { EngineCluster } from './engine-cluster.js';

export const TEST_PASSWORD = 'person-password-1';

/** A complete GROW form (tasks created with `form: 'GROW'` validate against it). */
export const GROW_DATA = { goal: '回到区间 back in range', reality: '客户拜访减少 fewer visits', options: '每周三次回访 three calls a week', will: '本周开始 this week' };

const tokens = new WeakMap<EngineCluster, Map<string, string>>();

export interface PersonSpec {
  employeeId?: string;
  email?: string;
  roles: string[];
  locale?: 'zh-CN' | 'en';
}

/** Creates (once) a user and returns a signed-in token. */
export async function tokenFor(cluster: EngineCluster, spec: PersonSpec): Promise<string> {
  const email = spec.email ?? `${(spec.employeeId ?? 'x').toLowerCase()}@coachflow.test`;
  let byCluster = tokens.get(cluster);
  if (!byCluster) tokens.set(cluster, (byCluster = new Map()));
  const cached = byCluster.get(email);
  if (cached) return cached;
  const created = await cluster.api('POST', '/api/v1/users', {
    email,
    name: email,
    password: TEST_PASSWORD,
    roles: spec.roles,
    ...(spec.employeeId ? { employeeId: spec.employeeId } : {}),
    ...(spec.locale ? { locale: spec.locale } : {}),
  });
  if (created.status !== 201 && created.status !== 409) throw new Error(`creating ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const token = await cluster.signIn(email, TEST_PASSWORD);
  byCluster.set(email, token);
  return token;
}

/** `api()` as the person `employeeId` (roles: manager + employee unless given). */
export async function asEmployee(cluster: EngineCluster, employeeId: string, roles: string[] = ['manager', 'employee']): Promise<Pick<EngineCluster, 'api'>> {
  return cluster.as(await tokenFor(cluster, { employeeId, roles }));
}
