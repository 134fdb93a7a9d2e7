import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { upsertEmployees } from '../app/directory.service.js';
import { recipientOf, recipientsOf } from './notification.service.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  const knex = engine.services.db.knex;
  await upsertEmployees(knex, [
    { id: 'r-mail', name: 'Has mail', email: 'has.mail@example.test', locale: 'en' },
    { id: 'r-user', name: 'Account only', locale: 'zh-CN' },
    { id: 'r-two', name: 'Two accounts' },
    { id: 'r-inactive', name: 'Inactive account' },
    { id: 'r-nodot', name: 'Account without a dot' },
    { id: 'r-bare', name: 'Nothing else' },
  ]);
  const user = (id: number, employeeId: string, email: string, locale: string, status = 'active') => ({ id, email, name: employeeId, employee_id: employeeId, roles: '["manager"]', locale, status, created_at: 1, updated_at: 1 });
  await knex('user').insert([
    user(901, 'r-mail', 'other.mail@example.test', 'zh-CN'),
    user(902, 'r-user', 'account.only@example.test', 'en'),
    user(904, 'r-two', 'second.account@example.test', 'zh-CN'),
    user(903, 'r-two', 'first.account@example.test', 'en'),
    user(905, 'r-inactive', 'gone@example.test', 'en', 'disabled'),
    user(906, 'r-nodot', 'localonly', 'en'),
  ]);
});

afterAll(async () => {
  await engine?.close();
});

describe('recipientsOf', () => {
  it('answers for many people what recipientOf answers for each (account first, then directory; first active account by id)', async () => {
    const knex = engine.services.db.knex;
    const ids = ['r-mail', 'r-user', 'r-two', 'r-inactive', 'r-nodot', 'r-bare', 'r-unknown', 'r-mail'];
    const many = await recipientsOf(knex, ids);
    expect([...many.keys()].sort()).toEqual([...new Set(ids)].sort());
    for (const id of new Set(ids)) expect(many.get(id)).toEqual(await recipientOf(knex, id));
    // The cases the comparison covers, spelled out.
    expect(many.get('r-mail')).toEqual({ locale: 'zh-CN', email: 'has.mail@example.test', name: 'Has mail' });
    expect(many.get('r-user')).toEqual({ locale: 'en', email: 'account.only@example.test', name: 'Account only' });
    expect(many.get('r-two')).toEqual({ locale: 'en', email: 'first.account@example.test', name: 'Two accounts' });
    expect(many.get('r-inactive')?.email).toBeNull();
    expect(many.get('r-nodot')?.email).toBeNull();
    expect(many.get('r-unknown')).toEqual({ locale: expect.any(String), email: null, name: null });
  });
});
