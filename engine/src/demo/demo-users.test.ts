import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { generateDemoData } from '../domain/demo-data.js';
import { demoDirectoryFeed } from './demo-data.loader.js';
import { createDemoUsers, DEMO_PASSWORD } from './demo-users.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('demo users', () => {
  it('creates one user per role for the reference scenario, idempotently, all signing in with the documented password', async () => {
    const demo = generateDemoData({ seed: 42 });
    const feed = demoDirectoryFeed(demo);
    await engine.services.signals.directoryImports.import({ format: 'json', mode: 'full', kind: 'org', data: feed, actor: 'test', confirmed: true });
    const users = await createDemoUsers(engine.services, demo);
    expect(users.map((u) => [u.email, u.roles.join('+'), u.created])).toEqual([
      ['hr@demo', 'hr_admin+employee', true],
      ['it@demo', 'it_admin', true],
      ['manager@demo', 'manager+employee', true],
      ['skip@demo', 'manager+employee', true],
      ['executive@demo', 'executive+manager+employee', true],
      ['employee@demo', 'employee', true],
    ]);
    expect(users.find((u) => u.email === 'employee@demo')?.employeeId).toBe(demo.reference.liLeiId);
    expect(users.find((u) => u.email === 'manager@demo')?.employeeId).toBe(demo.reference.managerId);
    for (const u of users) expect((await engine.services.auth.signIn(u.email, DEMO_PASSWORD, { ip: null, userAgent: null })).user.roles).toEqual(u.roles);
    expect((await createDemoUsers(engine.services, demo)).every((u) => !u.created)).toBe(true);
  });
});
