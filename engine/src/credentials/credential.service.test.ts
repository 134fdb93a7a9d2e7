import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { migrate, openDatabase, type Database } from '../persistence/orm.js';
import { interfereBefore } from '../persistence/interference.test-support.js';
import { CredentialService } from './credential.service.js';
import { generateKey, keyFilePath, loadSecretKey, readKeyFile, writeKeyFile } from './secret-key.js';

const declaration = { baseUrl: { type: 'string' as const, required: true }, token: { type: 'string' as const, secret: true, required: true } };
let db: Database;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cf-cred-'));
  db = await openDatabase({ driver: 'sqlite', path: join(dataDir, 'db.sqlite') });
  await migrate(db);
});

afterAll(async () => {
  await db.close();
});

describe('CredentialService (SQLite)', () => {
  it('stores encrypted values, describes without secrets, and decrypts for its connector only', async () => {
    const svc = new CredentialService(db.knex, loadSecretKey(dataDir, {}), createLogger('silent'));
    await svc.replace('lms-moodle', { baseUrl: 'https://lms.example', token: 'tok-secret-123456' }, declaration, 'E1');
    const row = (await db.knex('connector_credential').where({ connector_id: 'lms-moodle' }).first()) as { fields: string; revision: number };
    expect(row.fields).not.toContain('tok-secret-123456');
    expect(row.fields).not.toContain('lms.example');
    expect(row.revision).toBe(1);
    const view = await svc.describe('lms-moodle', declaration);
    expect(view.fields).toEqual({ baseUrl: { set: true, secret: false, required: true, value: 'https://lms.example' }, token: { set: true, secret: true, required: true } });
    const access = await svc.forConnector('lms-moodle', declaration);
    expect(access).toEqual({ credentials: { baseUrl: 'https://lms.example', token: 'tok-secret-123456' }, secrets: ['tok-secret-123456'] });
    expect(await svc.forConnector('http', undefined)).toEqual({ credentials: {}, secrets: [] });
  });

  it('retries a replacement that another process made stale between its read and its write (the CLI beside a running engine)', async () => {
    const svc = new CredentialService(db.knex, loadSecretKey(dataDir, {}), createLogger('silent'));
    const other = interfereBefore(db.knex, join(dataDir, 'db.sqlite'), /^(insert into|update) `connector_credential`/);
    try {
      const before = (await db.knex('connector_credential').where({ connector_id: 'xapi' }).first('revision')) as { revision: number } | undefined;
      const r = await svc.replace('xapi', { baseUrl: 'https://lrs.example', token: 'tok-abcdef-123456' }, declaration, 'E1');
      expect(other.done).toBe(true);
      expect(r.revision).toBe((before?.revision ?? 0) + 1);
      expect((await svc.forConnector('xapi', declaration)).credentials).toEqual({ baseUrl: 'https://lrs.example', token: 'tok-abcdef-123456' });
      await svc.remove('xapi');
    } finally {
      other.stop();
    }
  });

  it('validates against the declaration and sees replacements made by another process (revision)', async () => {
    const a = new CredentialService(db.knex, loadSecretKey(dataDir, {}), createLogger('silent'));
    const b = new CredentialService(db.knex, loadSecretKey(dataDir, {}), createLogger('silent'));
    await expect(a.replace('lms-moodle', { baseUrl: 'x', token: 't', nope: 'y' }, declaration, null)).rejects.toThrow(/declares no credential field "nope"/);
    await expect(a.replace('lms-moodle', { baseUrl: 'x' }, declaration, null)).rejects.toThrow(/"token" .* is required/);
    expect((await b.forConnector('lms-moodle', declaration)).credentials.token).toBe('tok-secret-123456');
    await a.replace('lms-moodle', { baseUrl: 'https://lms.example', token: 'tok-rotated-654321' }, declaration, null);
    expect((await b.forConnector('lms-moodle', declaration)).credentials.token).toBe('tok-rotated-654321');
  });

  it('rotates every value to a new key; another process picks the new key file up on its next read', async () => {
    const running = new CredentialService(db.knex, loadSecretKey(dataDir, {}), createLogger('silent'));
    await running.forConnector('lms-moodle', declaration);
    const newKeyPath = join(dataDir, 'next.key');
    writeKeyFile(newKeyPath, generateKey());
    const next = readKeyFile(newKeyPath);
    const cli = new CredentialService(db.knex, loadSecretKey(dataDir, {}), createLogger('silent'));
    const oldId = cli.keyId;
    expect(await cli.rotate(next)).toEqual({ connectors: 1, values: 2 });
    const fields = (await db.knex('connector_credential').where({ connector_id: 'lms-moodle' }).first('fields')) as { fields: string };
    expect(fields.fields).toContain(`v1.${next.id}.`);
    expect(fields.fields).not.toContain(`v1.${oldId}.`);
    // Without the new key file, the running process cannot decrypt: a clear error, not garbage.
    await db.knex('connector_credential').where({ connector_id: 'lms-moodle' }).update({ revision: 99 });
    await expect(running.forConnector('lms-moodle', declaration)).rejects.toThrow(/encrypted under key/);
    writeKeyFile(keyFilePath(dataDir), next.key.toString('base64'));
    expect((await running.forConnector('lms-moodle', declaration)).credentials.token).toBe('tok-rotated-654321');
    expect(running.keyId).toBe(next.id);
  });
});
