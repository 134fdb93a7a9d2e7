import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './orm.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

const waitFor = async (what: string, ok: () => boolean, ms = 15_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('WAL checkpoints on a worker thread', () => {
  it('the engine connection never checkpoints in a commit; the thread copies the WAL into the database file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cf-ckpt-')), 'x.sqlite');
    const db = await openDatabase({ driver: 'sqlite', path: file });
    try {
      expect((await db.knex.raw('PRAGMA wal_autocheckpoint')) as unknown).toEqual([{ wal_autocheckpoint: 0 }]);
      await db.knex.raw('create table blob_rows (id integer primary key, v text)');
      const before = statSync(file).size;
      // ≈ 6 MB in WAL frames (1,500 pages), more than the 1,000-page threshold.
      await db.knex.transaction(async (trx) => {
        for (let i = 0; i < 60; i++) await trx('blob_rows').insert(Array.from({ length: 25 }, () => ({ v: 'x'.repeat(4000) })));
      });
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(4_000_000);
      await waitFor('the pages copied into the database file', () => statSync(file).size > before + 4_000_000);
    } finally {
      await db.close();
    }
  });

  it('gives the engine connection its automatic checkpoint back when the thread fails', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cf-ckpt-')), 'missing.sqlite');
    const set: number[] = [];
    const errors: unknown[] = [];
    const c = startCheckpointer(missing, async (pages) => void set.push(pages), { onError: (e) => errors.push(e) });
    await waitFor('the fallback', () => set.length > 0);
    expect(set).toEqual([1000]);
    expect(String(errors[0])).toMatch(/checkpoint thread|directory does not exist|unable to open/i);
    await c.stop();
  });
});
