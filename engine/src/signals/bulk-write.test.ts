import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkUpsert, SQLITE_ROWS_PER_STATEMENT } from './bulk-write.js';
import { startTestEngine, type TestEngine } from './signals.test-support.js';

let engine: TestEngine;
const COLUMNS = ['k', 'n', 'flag', 'note'] as const;

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.services.db.knex.raw('create table `bulk_probe` (`k` text primary key, `n` integer not null, `flag` integer null, `note` text null)');
});

afterAll(async () => {
  await engine?.close();
});

const rowsOf = async () => (await engine.services.db.knex('bulk_probe').orderBy('k').select('*')) as Array<{ k: string; n: number; flag: number | null; note: string | null }>;

describe('bulkUpsert on SQLite', () => {
  it('inside a transaction writes every row of full and partial chunks and updates the conflicting ones', async () => {
    const { knex, driver } = engine.services.db;
    const count = SQLITE_ROWS_PER_STATEMENT * 2 + 37;
    const rows = Array.from({ length: count }, (_, i) => [`r${String(i).padStart(4, '0')}`, i, i % 2 === 0, i % 3 === 0 ? undefined : `n${i}`]);
    await knex.transaction((trx) => bulkUpsert(trx, driver, 'bulk_probe', COLUMNS, rows, ['k'], ['n', 'flag', 'note']));
    let stored = await rowsOf();
    expect(stored).toHaveLength(count);
    expect(stored[0]).toEqual({ k: 'r0000', n: 0, flag: 1, note: null });
    expect(stored[count - 1]).toEqual({ k: `r${String(count - 1).padStart(4, '0')}`, n: count - 1, flag: 1, note: `n${count - 1}` });
    // The same keys again (and one new), other values: updated in place.
    const again = [...rows.slice(0, SQLITE_ROWS_PER_STATEMENT + 1).map(([k]) => [k, -1, false, 'x']), ['zz', 7, null, null]];
    await knex.transaction((trx) => bulkUpsert(trx, driver, 'bulk_probe', COLUMNS, again, ['k'], ['n', 'flag', 'note']));
    stored = await rowsOf();
    expect(stored).toHaveLength(count + 1);
    expect(stored.filter((r) => r.n === -1 && r.flag === 0 && r.note === 'x')).toHaveLength(SQLITE_ROWS_PER_STATEMENT + 1);
    expect(stored.at(-1)).toEqual({ k: 'zz', n: 7, flag: null, note: null });
  });

  it('a failing row rolls back the whole transaction', async () => {
    const { knex, driver } = engine.services.db;
    const before = await rowsOf();
    const rows = [...Array.from({ length: SQLITE_ROWS_PER_STATEMENT }, (_, i) => [`f${i}`, i, null, null]), ['f-bad', null, null, null]];
    await expect(knex.transaction((trx) => bulkUpsert(trx, driver, 'bulk_probe', COLUMNS, rows, ['k'], ['n']))).rejects.toThrow(/NOT NULL/i);
    expect(await rowsOf()).toEqual(before);
  });

  it('outside a transaction goes through knex with the same result; no update columns means keep the stored row', async () => {
    const { knex, driver } = engine.services.db;
    await bulkUpsert(knex, driver, 'bulk_probe', COLUMNS, [['zz', 8, true, 'kept?'], ['outside', 1, true, 'o']], ['k'], []);
    const stored = await rowsOf();
    expect(stored.find((r) => r.k === 'zz')).toEqual({ k: 'zz', n: 7, flag: null, note: null });
    expect(stored.find((r) => r.k === 'outside')).toEqual({ k: 'outside', n: 1, flag: 1, note: 'o' });
  });
});
