/**
 * Directory history: every directory change writes the changed people's new state in the same
 * transaction — imports (applied, or held then confirmed), deactivations, PUT /employees — and
 * only for people whose directory fields changed.
 */
import { createConnection } from 'mysql2/promise';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertEmployees } from '../app/directory.service.js';
import { loadMigrator } from '../persistence/orm.js';
import { DirectoryHistory, loadDirectoryHistory, recordEmployeeVersions, type EmployeeVersion } from './directory-history.js';
import { startTestEngine, type TestEngine } from './signals.test-support.js';

let engine: TestEngine;


type Row = Record<string, unknown>;

async function versions(employeeId?: string): Promise<Row[]> {
  const q = engine.services.db.knex('employee_version').orderBy([{ column: 'employee_id' }, { column: 'valid_from' }]);
  if (employeeId) q.where({ employee_id: employeeId });
  return (await q.select('*')) as Row[];
}

const person = (id: string, over: Record<string, unknown> = {}) => ({ id, name: `员工 ${id}`, email: `${id.toLowerCase()}@x.example`, jobFamily: 'sales', level: 'P4', location: '上海', managerId: id === 'B' ? null : 'B', roles: ['employee'], ...over });

async function importPeople(mode: 'full' | 'delta', employees: unknown[], extra: Record<string, unknown> = {}) {
  return engine.services.signals.directoryImports.import({ format: 'json', kind: 'employees', mode, data: employees, maxChangeShare: 1, ...extra });
}

const MIGRATION = 'Migration20261126134500_DirectoryHistory';
const MYSQL_URL = process.env.COACHFLOW_TEST_MYSQL_URL;

/** The engine on SQLite, and on a fresh MariaDB database when COACHFLOW_TEST_MYSQL_URL is set. */
const BACKENDS: Array<{ name: string; start(): Promise<TestEngine> }> = [
  { name: 'sqlite', start: () => startTestEngine() },
  ...(MYSQL_URL
    ? [
        {
          name: 'mariadb',
          async start() {
            const dbName = `cf_dirhist_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
            const conn = await createConnection(MYSQL_URL);
            await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
            await conn.end();
            const e = await startTestEngine({ COACHFLOW_DB: `${MYSQL_URL}/${dbName}` });
            return {
              services: e.services,
              async close() {
                await e.close();
                const c = await createConnection(MYSQL_URL);
                await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
                await c.end();
              },
            };
          },
        },
      ]
    : []),
];

describe.each(BACKENDS)('directory history ($name)', (backend) => {
  beforeEach(async () => {
    engine = await backend.start();
  }, 120_000);
  afterEach(async () => {
    await engine?.close();
  });

  it('an import writes one version per new person, valid from the import', async () => {
    const r = await importPeople('full', [person('B'), person('A1'), person('A2')]);
    expect(r.status).toBe('applied');
    const rows = await versions();
    const from = Date.parse(r.createdAt);
    expect(rows.map((v) => [v.employee_id, Number(v.valid_from), v.valid_to, v.manager_id, v.job_family, v.status])).toEqual([
      ['A1', from, null, 'B', 'sales', 'active'],
      ['A2', from, null, 'B', 'sales', 'active'],
      ['B', from, null, null, 'sales', 'active'],
    ]);
  });

  it('only changes of directory fields make a version: the old one is closed when the new one starts', async () => {
    await importPeople('full', [person('B'), person('C'), person('A1'), person('A2')]);
    // A name and e-mail change: the employee row changes, the history does not.
    await importPeople('delta', [person('A1', { name: '新名字', email: 'new@x.example' })]);
    expect(await versions('A1')).toHaveLength(1);
    // A move to another manager and a new job family.
    const moved = await importPeople('delta', [person('A1', { managerId: 'C', jobFamily: 'ops' })]);
    const at = Date.parse(moved.createdAt);
    const a1 = await versions('A1');
    expect(a1.map((v) => [v.manager_id, v.job_family, v.valid_to === null ? null : Number(v.valid_to)])).toEqual([
      ['B', 'sales', at],
      ['C', 'ops', null],
    ]);
    expect(Number(a1[1]?.valid_from)).toBe(at);
    expect(await versions('A2')).toHaveLength(1);
  });

  it('a full sync that deactivates people records them inactive', async () => {
    await importPeople('full', [person('B'), person('A1'), person('A2')]);
    const r = await importPeople('full', [person('B'), person('A1')]);
    expect(r.summary.employees.deactivated).toBe(1);
    expect((await versions('A2')).map((v) => v.status)).toEqual(['active', 'inactive']);
  });

  it('a sync held by the brake writes no history until an HR admin confirms it', async () => {
    const staff = Array.from({ length: 10 }, (_, i) => person(`A${i}`));
    await importPeople('full', [person('B', { roles: ['hr_admin'] }), ...staff]);
    const held = await importPeople('delta', staff.map((p) => ({ ...p, level: 'P5' })), { maxChangeShare: 0.1 });
    expect(held.status).toBe('pending_confirmation');
    expect(await versions('A0')).toHaveLength(1);
    const confirmed = await engine.services.signals.directoryImports.confirm(held.id, 'B');
    expect(confirmed.status).toBe('applied');
    const a0 = await versions('A0');
    expect(a0.map((v) => v.level)).toEqual(['P4', 'P5']);
    expect(Number(a0[1]?.valid_from)).toBe(Date.parse(confirmed.decidedAt as string));
  });

  it('PUT /employees (upsertEmployees) writes the history too; a change in the same millisecond replaces the version', async () => {
    const knex = engine.services.db.knex;
    await upsertEmployees(knex, [{ id: 'M', name: 'M' }, { id: 'E', name: 'E', managerId: 'M', teamId: 'T1' }], 1_000);
    await upsertEmployees(knex, [{ id: 'E', name: 'E', managerId: 'M', teamId: 'T2' }], 2_000);
    await upsertEmployees(knex, [{ id: 'E', name: 'E', managerId: 'M', teamId: 'T3' }], 2_000);
    expect((await versions('E')).map((v) => [Number(v.valid_from), v.valid_to === null ? null : Number(v.valid_to), v.team_id])).toEqual([
      [1_000, 2_000, 'T1'],
      [2_000, null, 'T3'],
    ]);
    // Nothing changed: nothing written.
    expect(await knex.transaction((trx) => recordEmployeeVersions(trx, ['E', 'M'], 3_000))).toBe(0);
  });

  it('a directory known for a past (the demo) starts new people’s history then', async () => {
    const r = await importPeople('full', [person('B'), person('A1')], { historyFrom: 5_000 });
    expect((await versions()).map((v) => Number(v.valid_from))).toEqual([5_000, 5_000]);
    await importPeople('delta', [person('A1', { level: 'P6' })], { historyFrom: 5_000 });
    const a1 = await versions('A1');
    expect(a1.map((v) => [Number(v.valid_from), v.level])).toEqual([
      [5_000, 'P4'],
      [expect.any(Number), 'P6'],
    ]);
    expect(Number(a1[1]?.valid_from)).toBeGreaterThanOrEqual(Date.parse(r.createdAt));
  });

  it('reads back as of any instant: the latest version started at or before it, none before the first', async () => {
    const knex = engine.services.db.knex;
    await upsertEmployees(knex, [{ id: 'M', name: 'M' }, { id: 'E', name: 'E', managerId: 'M', jobFamily: 'sales' }], 1_000);
    await upsertEmployees(knex, [{ id: 'E', name: 'E', managerId: 'M', jobFamily: 'ops' }], 2_000);
    await upsertEmployees(knex, [{ id: 'E', name: 'E', managerId: 'M', jobFamily: 'hr', status: 'inactive' }], 3_000);
    const h = await loadDirectoryHistory(knex);
    expect(h.startsAt).toBe(1_000);
    expect(h.size).toBe(4);
    expect(h.asOf('E', 999)).toBeNull();
    expect(h.asOf('E', 1_000)?.jobFamily).toBe('sales');
    expect(h.asOf('E', 2_999)?.jobFamily).toBe('ops');
    expect(h.asOf('E', 3_000)).toMatchObject({ jobFamily: 'hr', status: 'inactive', validTo: null });
    expect(h.asOf('nobody', 5_000)).toBeNull();
  });

  it('pages through a long history in key order', async () => {
    const list = (id: string, n: number): EmployeeVersion[] =>
      Array.from({ length: n }, (_, i) => ({ employeeId: id, validFrom: i * 10, validTo: null, status: 'active', managerId: null, departmentId: null, teamId: null, hrbpId: null, jobFamily: `f${i}`, level: null, location: null }));
    const h = new DirectoryHistory(new Map([['x', list('x', 7)]]));
    expect(h.asOf('x', 35)?.jobFamily).toBe('f3');
    expect(h.asOf('x', 1_000)?.jobFamily).toBe('f6');
    // Across pages: 6,003 versions of 3 people.
    const knex = engine.services.db.knex;
    const rows = ['p1', 'p2', 'p3'].flatMap((id) => Array.from({ length: 2_001 }, (_, i) => ({ employee_id: id, valid_from: i, valid_to: null, status: 'active', job_family: `f${i}` })));
    for (let i = 0; i < rows.length; i += 200) await knex('employee_version').insert(rows.slice(i, i + 200));
    const read = await loadDirectoryHistory(knex);
    expect(read.size).toBe(6_003);
    expect(read.versions.get('p2')?.map((v) => v.validFrom)).toEqual(Array.from({ length: 2_001 }, (_, i) => i));
  });
});

describe.each(BACKENDS)('directory history migration ($name)', (backend) => {
  it('backfills everyone in the directory, valid from their last change', async () => {
    const e = await backend.start();
    try {
      const knex = e.services.db.knex;
      const migrator = await loadMigrator(e.services.db);
      await migrator.down({ migrations: [MIGRATION] });
      await knex('employee').insert([
        { id: 'B', name: 'B', status: 'active', manager_id: null, job_family: 'management', locale: 'zh-CN', updated_at: 1_000 },
        { id: 'A', name: 'A', status: 'inactive', manager_id: 'B', department_id: 'D', team_id: 'T', hrbp_id: 'H', job_family: 'sales', level: 'P4', location: '上海', locale: 'zh-CN', updated_at: 2_000 },
      ]);
      await migrator.up({ migrations: [MIGRATION] });
      const rows = (await knex('employee_version').orderBy('employee_id').select('*')) as Row[];
      expect(rows.map((v) => [v.employee_id, Number(v.valid_from), v.valid_to, v.status, v.manager_id, v.department_id, v.team_id, v.hrbp_id, v.job_family, v.level, v.location])).toEqual([
        ['A', 2_000, null, 'inactive', 'B', 'D', 'T', 'H', 'sales', 'P4', '上海'],
        ['B', 1_000, null, 'active', null, null, null, null, 'management', null, null],
      ]);
      // And the history goes on from there.
      await upsertEmployees(knex, [{ id: 'A', name: 'A', status: 'active', managerId: 'B', departmentId: 'D', teamId: 'T', hrbpId: 'H', jobFamily: 'sales', level: 'P5', location: '上海' }], 3_000);
      const a = (await knex('employee_version').where({ employee_id: 'A' }).orderBy('valid_from').select('valid_from', 'valid_to', 'level')) as Row[];
      expect(a.map((v) => [Number(v.valid_from), v.valid_to === null ? null : Number(v.valid_to), v.level])).toEqual([
        [2_000, 3_000, 'P4'],
        [3_000, null, 'P5'],
      ]);
    } finally {
      await e.close();
    }
  }, 120_000);
});
