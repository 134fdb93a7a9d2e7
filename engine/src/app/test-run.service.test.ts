import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { upsertEmployees } from './directory.service.js';
import { TestRunService } from './test-run.service.js';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';

const fixture = (name: string): WorkflowDefinition =>
  JSON.parse(readFileSync(new URL(`../../../tests/fixtures/workflows/${name}.workflow.json`, import.meta.url), 'utf8')) as WorkflowDefinition;

let engine: TestEngine;
let service: TestRunService;

beforeAll(async () => {
  engine = await startTestEngine();
  await upsertEmployees(engine.services.db.knex, [
    { id: 'M1', name: '韩梅梅 Han Meimei' },
    { id: 'L1', name: '李雷 Li Lei', managerId: 'M1', jobFamily: 'sales' },
    { id: 'C1', name: '陈静 Chen Jing', managerId: 'M1', jobFamily: 'engineering' },
  ]);
  service = new TestRunService(engine.services.workflows, engine.services.directory);
});

afterAll(async () => {
  await engine?.close();
});

const payload = (employeeId: string, streak: number) => ({
  employeeId,
  kpi: { id: 'sales_amount', name: '销售额', unit: 'CNY' },
  period: '2026-W07',
  direction: 'below',
  streak,
  range: { low: 100, high: 200 },
  value: 50,
  readings: [],
});

describe('test runs', () => {
  it('simulates the task and follows the true branch without writing anything', async () => {
    const before = await engine.services.db.knex('task').count({ n: '*' }).first();
    const r = await service.run({ definition: fixture('kpi-deviation-coaching'), payload: payload('L1', 3) });
    expect(r.path).toEqual(['trigger', 'check', 'coach', 'end_coached']);
    expect(r.status).toBe('succeeded');
    expect(r.simulated).toEqual([expect.objectContaining({ type: 'createTask', nodeId: 'coach' })]);
    expect(r.simulated[0]?.detail.title).toBe('辅导 李雷 Li Lei：销售额 连续 3 周低于预期');
    expect(await engine.services.db.knex('task').count({ n: '*' }).first()).toEqual(before);
    expect(await engine.services.db.knex('run').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('follows the false branch for someone outside sales and reports payload problems', async () => {
    const r = await service.run({ definition: fixture('kpi-deviation-coaching'), payload: { ...payload('C1', 3), streak: 'x' } });
    expect(r.path).toEqual(['trigger', 'check', 'end_skipped']);
    expect(r.payloadProblems[0]?.path).toBe('/streak');
  });

  it('simulates approvals with the chosen outcome', async () => {
    const def = fixture('rotation-approval');
    const approved = await service.run({ definition: def, payload: { employeeId: 'L1', source: 'coaching', reason: 'x' } });
    const rejected = await service.run({ definition: def, payload: { employeeId: 'L1', source: 'coaching', reason: 'x' }, approvalOutcome: 'rejected' });
    expect(approved.path).toContain('request');
    expect(rejected.path).toContain('tell_employee');
    expect(rejected.path).not.toContain('request');
  });
});
