/**
 * Employee transparency: what automation decided about the signed-in person and why. Runs, tasks
 * and approvals about them come with their evidence (the event and each rule decision on the path)
 * and a link to the run's explanation (GET /api/v1/runs/:id/explanation); the export gives all of
 * their own data as JSON (PIPL / GDPR access right).
 */
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull } from '../persistence/json.js';
import { toInboxApproval, toInboxTask } from '../app/inbox.service.js';
import type { RunService } from '../app/run.service.js';
import type { Principal } from './roles.js';

type Row = Record<string, unknown>;

const links = (runId: number) => ({ run: `/api/v1/runs/${runId}`, explanation: `/api/v1/runs/${runId}/explanation` });

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** A raw row for the export: camelCase keys, JSON columns parsed, epoch-ms times as ISO. */
function exportRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = camel(k);
    if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
      try {
        out[key] = JSON.parse(v);
        continue;
      } catch {
        /* plain text */
      }
    }
    out[key] = /At$/.test(key) && typeof v === 'number' && v > 1e11 ? new Date(v).toISOString() : v;
  }
  return out;
}

/** Tables holding data about one person, and the column naming them. */
const PERSONAL: Array<{ name: string; table: string; column: string; omit?: string[] }> = [
  { name: 'runs', table: 'run', column: 'employee_id', omit: ['state'] },
  { name: 'tasksAboutMe', table: 'task', column: 'employee_id' },
  { name: 'tasksAssignedToMe', table: 'task', column: 'assignee_id' },
  { name: 'approvalsAboutMe', table: 'approval', column: 'employee_id' },
  { name: 'coachingRecords', table: 'coaching_record', column: 'employee_id' },
  { name: 'pips', table: 'pip', column: 'employee_id' },
  { name: 'kpiReadings', table: 'kpi_reading', column: 'employee_id' },
  { name: 'kpiStreaks', table: 'kpi_streak', column: 'employee_id' },
  { name: 'goals', table: 'goal', column: 'owner_id' },
  { name: 'objections', table: 'objection', column: 'employee_id' },
  { name: 'notifications', table: 'notification', column: 'recipient_id' },
  { name: 'delegationsGiven', table: 'delegation', column: 'delegator_id' },
  { name: 'delegationsReceived', table: 'delegation', column: 'delegate_id' },
];

export class MeService {
  constructor(
    private readonly knex: Knex,
    private readonly runService: RunService,
  ) {}

  async runs(employeeId: string, limit = 100): Promise<Record<string, unknown>[]> {
    const page = await this.runService.list({ employeeId, limit });
    return page.items.map((r) => ({ ...r, links: links(r.id) }));
  }

  async tasks(employeeId: string, limit = 200): Promise<Record<string, unknown>[]> {
    const rows = (await this.knex('task').where({ employee_id: employeeId }).whereNot('kind', 'objection').orderBy('id', 'desc').limit(limit)) as Row[];
    return rows.map((r) => ({ ...toInboxTask(r), links: links(Number(r.run_id)) }));
  }

  async approvals(employeeId: string, limit = 200): Promise<Record<string, unknown>[]> {
    const rows = (await this.knex('approval').where({ employee_id: employeeId }).orderBy('id', 'desc').limit(limit)) as Row[];
    return rows.map((r) => ({ ...toInboxApproval(r), links: links(Number(r.run_id)) }));
  }

  /** Everything stored about the person (and their account), as JSON. */
  async export(principal: Principal): Promise<Record<string, unknown>> {
    const me = principal.employeeId;
    const user = principal.kind === 'user' ? ((await this.knex('user').where({ id: principal.id }).first()) as Row | undefined) : undefined;
    const out: Record<string, unknown> = {
      exportedAt: new Date().toISOString(),
      account: user ? { ...exportRow(user), passwordHash: undefined, roles: fromJsonOrNull(user.roles) } : null,
      employee: me ? exportRow(((await this.knex('employee').where({ id: me }).first()) as Row | undefined) ?? {}) : null,
    };
    if (!me) return out;
    for (const p of PERSONAL) {
      const rows = (await this.knex(p.table).where(p.column, me).limit(10_000)) as Row[];
      out[p.name] = rows.map((r) => {
        const x = exportRow(r);
        for (const o of p.omit ?? []) delete x[camel(o)];
        return x;
      });
    }
    if (user) {
      out.signIns = ((await this.knex('audit_log').where({ actor_type: 'user', actor_id: String(user.id) }).whereIn('action', ['auth.sign_in', 'auth.sign_out']).orderBy('id', 'desc').limit(1000).select('at', 'action', 'ip')) as Row[]).map(exportRow);
    }
    return out;
  }
}
