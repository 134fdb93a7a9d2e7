/**
 * Multi-row upserts as one `INSERT … VALUES (…), (…)` per chunk, for SQLite (`ON CONFLICT … DO
 * UPDATE`) and MySQL/MariaDB (`ON DUPLICATE KEY UPDATE`). Knex's own multi-row insert on SQLite
 * builds a compound SELECT, which is slower and capped at 500 rows.
 */
import type { Knex } from '@mikro-orm/mysql';

/** Bound parameters per statement (SQLite allows 32 766). */
const MAX_PARAMS = 30_000;

export async function bulkUpsert(
  db: Knex,
  driver: 'sqlite' | 'mysql',
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  conflict: readonly string[],
  update: readonly string[],
  maxRows = 2000,
): Promise<void> {
  if (rows.length === 0) return;
  const q = (name: string) => `\`${name}\``;
  const per = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMS / columns.length)));
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const head = `insert into ${q(table)} (${columns.map(q).join(',')}) values `;
  const tail =
    driver === 'sqlite'
      ? ` on conflict (${conflict.map(q).join(',')}) do ${update.length ? `update set ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}` : 'nothing'}`
      : update.length
        ? ` on duplicate key update ${update.map((c) => `${q(c)} = values(${q(c)})`).join(', ')}`
        : ` on duplicate key update ${q(conflict[0] as string)} = ${q(conflict[0] as string)}`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const bindings: unknown[] = [];
    for (const r of chunk) for (const v of r) bindings.push(v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    await db.raw(head + new Array(chunk.length).fill(tuple).join(',') + tail, bindings as Knex.RawBinding[]);
  }
}
