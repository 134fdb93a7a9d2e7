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

/**
 * The people org: ORG (E9000 CEO ← E9001 manager ← E9003 Li Lei, E9004 Chen Jing; E9002 HRBP) plus
 * another team (E9010 manager Zhou ← E9011 Wu), locales mixed (Chen Jing and Wu read English) and
 * mail addresses for everyone.
 */
export const PEOPLE_ORG = [
  { id: 'E9000', name: '王总 Wang Zong', jobFamily: 'management', managerId: null, email: 'wang@corp.test', extra: { roles: ['executive'] } },
  { id: 'E9001', name: '韩梅梅 Han Meimei', jobFamily: 'management', managerId: 'E9000', email: 'han@corp.test' },
  { id: 'E9002', name: '张伟 Zhang Wei', jobFamily: 'hr', managerId: 'E9000', email: 'zhang@corp.test', extra: { roles: ['hr_admin'] } },
  { id: 'E9003', name: '李雷 Li Lei', jobFamily: 'sales', managerId: 'E9001', hrbpId: 'E9002', email: 'lilei@corp.test' },
  { id: 'E9004', name: '陈静 Chen Jing', jobFamily: 'sales', managerId: 'E9001', hrbpId: 'E9002', email: 'chen@corp.test', locale: 'en' },
  { id: 'E9010', name: '周杰 Zhou Jie', jobFamily: 'management', managerId: 'E9000', email: 'zhou@corp.test' },
  { id: 'E9011', name: '吴磊 Wu Lei', jobFamily: 'sales', managerId: 'E9010', hrbpId: 'E9002', email: 'wu@corp.test', locale: 'en' },
];

/** The five roles as users of PEOPLE_ORG (the admin is the cluster's bootstrap admin). */
export const ROLE_USERS = {
  hr: { employeeId: 'E9002', roles: ['hr_admin', 'employee'] },
  it: { email: 'it@coachflow.test', roles: ['it_admin'] },
  manager: { employeeId: 'E9001', roles: ['manager', 'employee'] },
  executive: { employeeId: 'E9000', roles: ['executive'] },
  employee: { employeeId: 'E9003', roles: ['employee'] },
} as const;
export type RoleName = keyof typeof ROLE_USERS;

export async function roleTokens(cluster: EngineCluster): Promise<Record<RoleName, string>> {
  const out = {} as Record<RoleName, string>;
  for (const [name, spec] of Object.entries(ROLE_USERS)) out[name as RoleName] = await tokenFor(cluster, { ...spec, roles: [...spec.roles] });
  return out;
}

/** trigger (kpi.deviation with `kpi.id == kpiId`) → task node → end. */
export function taskFlow(kpiId: string, task: Record<string, unknown>): Record<string, unknown> {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, kpiId] } } },
      { id: 'work', kind: 'task', config: { title: `${kpiId} {{employee.name}}`, ...task } },
      { id: 'done', kind: 'end', config: { outcome: 'done' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'work' },
      { id: 'e2', source: 'work', target: 'done' },
    ],
  };
}

/** trigger (kpi.deviation with `kpi.id == kpiId`) → approval node → approved / rejected ends. */
export function approvalFlow(kpiId: string, approval: Record<string, unknown>): Record<string, unknown> {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, kpiId] } } },
      { id: 'approve', kind: 'approval', config: { title: `${kpiId} {{employee.name}}`, ...approval } },
      { id: 'yes', kind: 'end', config: { outcome: 'approved' } },
      { id: 'no', kind: 'end', config: { outcome: 'rejected' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'approve' },
      { id: 'e2', source: 'approve', sourceHandle: 'approved', target: 'yes' },
      { id: 'e3', source: 'approve', sourceHandle: 'rejected', target: 'no' },
    ],
  };
}

/** Creates and publishes a workflow (as the cluster's admin); returns its id. */
export async function publishFlow(cluster: EngineCluster, name: string, definition: Record<string, unknown>): Promise<number> {
  const created = await cluster.api('POST', '/api/v1/workflows', { name, definition });
  if (created.status !== 201 || created.body.issues?.length) throw new Error(`workflow ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {});
  if (published.status !== 201) throw new Error(`publish ${name}: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id as number;
}

let seq = 0;
/** Posts a kpi.deviation for `employeeId` with `kpi.id = kpiId`; returns the run ids. */
export async function trigger(cluster: EngineCluster, employeeId: string, kpiId: string): Promise<number[]> {
  const readings = [1, 2, 3].map((i) => ({ period: `2026-W0${i + 4}`, value: 80000 - i * 1000, low: 100000, high: 160000 }));
  const payload = { employeeId, kpi: { id: kpiId, name: '销售额', unit: 'CNY' }, period: '2026-W07', direction: 'below', streak: 3, range: { low: 100000, high: 160000 }, value: 72000, readings };
  const res = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `people-${kpiId}-${employeeId}-${process.pid}-${seq++}-${Date.now()}`, payload });
  if (res.status !== 202) throw new Error(`event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.runIds as number[];
}
