/**
 * Directory history: each employee's directory state over time, in `employee_version` — the fields
 * rules and assignees read (status, manager, department, team, HRBP, job family, level, location),
 * one row per state, valid from `valid_from` (inclusive) to `valid_to` (exclusive; null = current).
 *
 * Written by {@link recordEmployeeVersions} in the same transaction as every directory change
 * (directory import apply / confirm, `PUT /api/v1/employees`, the demo through the import): it
 * compares each touched employee's row with their current version and writes a version only when
 * a versioned field changed (or the employee has none yet) — a sync that touches names or e-mails
 * only writes nothing here. The migration backfilled every employee then in the directory, valid
 * from their `updated_at`.
 *
 * Read by the backtest ({@link loadDirectoryHistory}): the state of a person at an instant is the
 * latest version that started at or before it (`valid_to` is informative; the reader does not
 * depend on it). Before a person's first version the backtest falls back to today's directory and
 * counts it.
 */
import type { Knex } from '@mikro-orm/mysql';
import { bulkUpsert } from './bulk-write.js';

type Row = Record<string, unknown>;

/** The directory fields kept over time (camelCase), with their columns. */
export const VERSIONED_FIELDS = {
  status: 'status',
  managerId: 'manager_id',
  departmentId: 'department_id',
  teamId: 'team_id',
  hrbpId: 'hrbp_id',
  jobFamily: 'job_family',
  level: 'level',
  location: 'location',
} as const;

export type VersionedField = keyof typeof VERSIONED_FIELDS;
export type DirectoryState = { status: string } & { [K in Exclude<VersionedField, 'status'>]: string | null };

export interface EmployeeVersion extends DirectoryState {
  employeeId: string;
  validFrom: number;
  validTo: number | null;
}

const FIELDS = Object.keys(VERSIONED_FIELDS) as VersionedField[];
const COLUMNS = Object.values(VERSIONED_FIELDS);
const INSERT_COLUMNS = ['employee_id', 'valid_from', 'valid_to', ...COLUMNS];
const CHUNK = 2000;

/** The versioned fields of an `employee` or `employee_version` row. */
export function stateOfRow(row: Row): DirectoryState {
  const s = { status: String(row.status ?? 'active') } as DirectoryState;
  for (const f of FIELDS) if (f !== 'status') (s as Record<string, string | null>)[f] = (row[VERSIONED_FIELDS[f]] as string | null | undefined) ?? null;
  return s;
}

export function sameState(a: DirectoryState, b: DirectoryState): boolean {
  return FIELDS.every((f) => a[f] === b[f]);
}

function driverOf(db: Knex): 'sqlite' | 'mysql' {
  const client = (db as unknown as { client?: { config?: { client?: unknown } } }).client?.config?.client;
  const name = typeof client === 'string' ? client : typeof client === 'function' ? client.name : '';
  return /mysql|maria/i.test(String(name)) ? 'mysql' : 'sqlite';
}

export interface RecordOptions {
  /** Start of the first version of people without any (default `now`): a directory loaded for a known past (the demo). */
  firstFrom?: number;
  /** The states just written, when the caller has them (an import's records): those rows are not read back. */
  states?: ReadonlyMap<string, DirectoryState>;
}

/**
 * Brings the history of `employeeIds` up to their rows in `employee` (call it after writing them,
 * in the same transaction): a new version from `now` for each one whose versioned fields differ
 * from their current version, which is closed at `now`. Returns the number of versions written.
 */
export async function recordEmployeeVersions(trx: Knex, employeeIds: Iterable<string>, now: number, options: RecordOptions = {}): Promise<number> {
  const ids = [...new Set(employeeIds)];
  const close: string[] = [];
  const inserts: unknown[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const unknown = options.states ? chunk.filter((id) => !options.states?.has(id)) : chunk;
    const [rows, open] = await Promise.all([
      unknown.length ? (trx('employee').whereIn('id', unknown).select('id', ...COLUMNS) as Promise<Row[]>) : Promise.resolve([] as Row[]),
      trx('employee_version').whereIn('employee_id', chunk).whereNull('valid_to').select('employee_id', 'valid_from', ...COLUMNS) as Promise<Row[]>,
    ]);
    const states: Array<[string, DirectoryState]> = rows.map((r) => [String(r.id), stateOfRow(r)]);
    if (options.states) for (const id of chunk) if (options.states.has(id)) states.push([id, options.states.get(id) as DirectoryState]);
    const current = new Map<string, { from: number; state: DirectoryState }>();
    for (const v of open) {
      const id = String(v.employee_id);
      const from = Number(v.valid_from);
      // Two open versions (concurrent writers): the latest one is the current state.
      if ((current.get(id)?.from ?? -Infinity) < from) current.set(id, { from, state: stateOfRow(v) });
    }
    for (const [id, state] of states) {
      const was = current.get(id);
      if (was && sameState(was.state, state)) continue;
      // A change in the same millisecond as the current version (or a clock behind it) replaces it.
      const from = was ? Math.max(now, was.from) : (options.firstFrom ?? now);
      if (was && from > was.from) close.push(id);
      inserts.push([id, from, null, ...FIELDS.map((f) => state[f])]);
    }
  }
  for (let i = 0; i < close.length; i += CHUNK) {
    await trx('employee_version').whereIn('employee_id', close.slice(i, i + CHUNK)).whereNull('valid_to').andWhere('valid_from', '<', now).update({ valid_to: now });
  }
  await bulkUpsert(trx, driverOf(trx), 'employee_version', INSERT_COLUMNS, inserts, ['employee_id', 'valid_from'], ['valid_to', ...COLUMNS]);
  return inserts.length;
}

/** The directory history in memory, for a backtest: each person's versions in time order. */
export class DirectoryHistory {
  /** Earliest `valid_from` of any version (null: no history at all). */
  readonly startsAt: number | null;

  constructor(readonly versions: ReadonlyMap<string, readonly EmployeeVersion[]>) {
    let first: number | null = null;
    for (const list of versions.values()) {
      const v = list[0];
      if (v && (first === null || v.validFrom < first)) first = v.validFrom;
    }
    this.startsAt = first;
  }

  /**
   * The person's state at `ms`: their latest version started at or before it; `null` when the
   * instant is before their first version (or they have none) — the caller falls back.
   */
  asOf(employeeId: string, ms: number): EmployeeVersion | null {
    const list = this.versions.get(employeeId);
    if (!list || list.length === 0) return null;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as EmployeeVersion).validFrom <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? null : (list[found] as EmployeeVersion);
  }

  get size(): number {
    let n = 0;
    for (const list of this.versions.values()) n += list.length;
    return n;
  }
}

/** Reads the whole history, a page at a time in key order (`between` runs between pages, e.g. to yield). */
export async function loadDirectoryHistory(knex: Knex, between?: () => Promise<void>): Promise<DirectoryHistory> {
  const PAGE = 5000;
  const versions = new Map<string, EmployeeVersion[]>();
  let afterId = '';
  let afterFrom = -1;
  for (;;) {
    const rows = (await knex('employee_version')
      .where((q) => q.where('employee_id', '>', afterId).orWhere((q2) => q2.where('employee_id', afterId).andWhere('valid_from', '>', afterFrom)))
      .orderBy([{ column: 'employee_id' }, { column: 'valid_from' }])
      .limit(PAGE)
      .select('employee_id', 'valid_from', 'valid_to', ...COLUMNS)) as Row[];
    for (const r of rows) {
      const id = String(r.employee_id);
      let list = versions.get(id);
      if (!list) versions.set(id, (list = []));
      list.push({ employeeId: id, validFrom: Number(r.valid_from), validTo: r.valid_to === null || r.valid_to === undefined ? null : Number(r.valid_to), ...stateOfRow(r) });
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1] as Row;
    afterId = String(last.employee_id);
    afterFrom = Number(last.valid_from);
    await between?.();
  }
  return new DirectoryHistory(versions);
}
