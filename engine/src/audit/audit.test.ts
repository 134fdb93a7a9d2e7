import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { auditHash, listAudit, recordAudit, redactSecrets, verifyAuditChain } from './audit.js';
import { interfereBefore } from '../persistence/interference.test-support.js';

let engine: TestEngine;
const system = { type: 'system' as const, id: null };

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('audit log', () => {
  it('chains entries: each carries the hash of the previous one, and the chain verifies', async () => {
    const { knex } = engine.services.db;
    const a = await recordAudit(knex, { actor: { type: 'user', id: '1', name: 'hr@demo', ip: '127.0.0.1' }, action: 'workflow.create', target: { type: 'workflow', id: 7 }, after: { name: 'x' } });
    const b = await knex.transaction((trx) => recordAudit(trx, { actor: system, action: 'settings.update', before: { a: 1 }, after: { a: 2 } }));
    expect(b.seq).toBe(a.seq + 1);
    const rows = await knex('audit_log').orderBy('seq');
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(auditHash(rows[1])).toBe(rows[1].hash);
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true, entries: rows.length, broken: null });
    const page = await listAudit(knex, { limit: 10, targetType: 'workflow', targetId: '7' });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ action: 'workflow.create', actor: { type: 'user', id: '1', name: 'hr@demo' }, after: { name: 'x' } });
  });

  it('an entry rolled back with its transaction leaves no trace and no gap', async () => {
    const { knex } = engine.services.db;
    const before = await verifyAuditChain(knex);
    await expect(
      knex.transaction(async (trx) => {
        await recordAudit(trx, { actor: system, action: 'x.rolled_back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const after = await verifyAuditChain(knex);
    expect(after).toMatchObject({ ok: true, entries: before.entries });
  });

  it('concurrent appenders never fork the chain', async () => {
    const { knex } = engine.services.db;
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(knex, { actor: system, action: 'load.test', details: { i } })));
    const v = await verifyAuditChain(knex);
    expect(v.ok).toBe(true);
    const seqs = (await knex('audit_log').orderBy('seq').select('seq')).map((r: { seq: number }) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
  });

  it('retries an append that another process made stale (the CLI beside a running engine on one SQLite file)', async () => {
    const { knex } = engine.services.db;
    const config = engine.services.config.db as { driver: string; path?: string };
    expect(config.driver).toBe('sqlite');
    // After this transaction read the chain's head and before it writes: another connection commits a write.
    const other = interfereBefore(knex, config.path as string, /^insert into `audit_log`/);
    try {
      const entry = await recordAudit(knex, { actor: system, action: 'plugin.install', target: { type: 'plugin', id: 'p' } });
      expect(other.done).toBe(true);
      expect((await knex('audit_log').where({ seq: entry.seq }).first('action')).action).toBe('plugin.install');
      expect(await verifyAuditChain(knex)).toMatchObject({ ok: true });
    } finally {
      other.stop();
    }
  });

  it('never stores a secret', async () => {
    const { knex } = engine.services.db;
    const r = await recordAudit(knex, { actor: system, action: 'credential.update', after: { name: 'moodle', password: 'hunter2', config: { apiKey: 'k-123', url: 'https://lms' } } });
    const row = await knex('audit_log').where({ id: r.id }).first();
    expect(row.after).not.toContain('hunter2');
    expect(row.after).not.toContain('k-123');
    expect(JSON.parse(row.after)).toEqual({ name: 'moodle', password: '[redacted]', config: { apiKey: '[redacted]', url: 'https://lms' } });
    expect(redactSecrets({ hasSecret: true })).toEqual({ hasSecret: true });
  });

  it('detects a modified entry, a deleted entry and a truncated tail', async () => {
    const { knex } = engine.services.db;
    const target = await knex('audit_log').orderBy('seq').offset(1).first();
    await knex('audit_log').where({ id: target.id }).update({ after: JSON.stringify({ a: 999 }) });
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, broken: { seq: Number(target.seq), reason: 'hash_mismatch' } });
    await knex('audit_log').where({ id: target.id }).update({ after: target.after });
    expect((await verifyAuditChain(knex)).ok).toBe(true);

    // re-hashing the modified entry does not help: the next entry's link breaks
    const forged = { ...target, after: JSON.stringify({ a: 999 }) };
    await knex('audit_log').where({ id: target.id }).update({ after: forged.after, hash: auditHash(forged) });
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, broken: { seq: Number(target.seq) + 1, reason: 'link_broken' } });
    await knex('audit_log').where({ id: target.id }).update({ after: target.after, hash: target.hash });

    const last = await knex('audit_log').orderBy('seq', 'desc').first();
    await knex('audit_log').where({ id: last.id }).delete();
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, broken: { reason: 'head_mismatch' } });
    await knex('audit_log').insert(last);
    expect((await verifyAuditChain(knex)).ok).toBe(true);

    const middle = await knex('audit_log').orderBy('seq').offset(2).first();
    await knex('audit_log').where({ id: middle.id }).delete();
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: false, broken: { seq: Number(middle.seq) + 1, reason: 'sequence_gap' } });
    await knex('audit_log').insert(middle);
    expect((await verifyAuditChain(knex)).ok).toBe(true);
  });
});
