import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { payloadProblems } from './signal-deps.js';
import { eventsOf, listenerWorkflow, publish, runsOf, startTestEngine, type TestEngine } from './signals.test-support.js';

let engine: TestEngine;

const GROW = {
  goal: '本季度把大客户成交数从1个提升到3个',
  reality: '资源不足：华东区售前排不上',
  options: '邀请产品同事一起参与客户会议',
  will: '下周前做出简版行业洞察报告',
};

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.services.signals.directoryImports.import({
    format: 'json',
    mode: 'full',
    data: {
      teams: [{ id: 'T1', name: '华东一组', region: 'east_china', managerId: 'M1' }],
      employees: [
        { id: 'M1', name: '韩梅梅', roles: ['manager'], teamId: 'T1' },
        { id: 'L1', name: '李雷', managerId: 'M1', teamId: 'T1', jobFamily: 'sales' },
        { id: 'L2', name: '王芳', managerId: 'M1', teamId: 'T1', jobFamily: 'sales' },
      ],
    },
  });
});

afterAll(async () => {
  await engine?.close();
});

describe('coaching records', () => {
  it('saves a GROW record and emits coaching.recorded plus one event per conclusion, without the notes', async () => {
    const s = engine.services;
    const training = await publish(s, 'training', listenerWorkflow('training.requested'));
    const saved = await s.signals.coaching.create({
      id: 'CR-1',
      template: 'GROW',
      employeeId: 'L1',
      date: '2026-11-20',
      objectiveId: 'OBJ-1',
      obstacleThemes: ['resource_shortage'],
      data: {
        ...GROW,
        conclusions: {
          training: { competency: '客户异议处理' },
          rotation: { suggested: true, reason: '希望在大客户团队锻炼' },
          pip: { enter: true, reason: '连续多周关键指标低于预期区间' },
          followUps: [{ action: '本周先挑一个客户按新方法拜访一次', ownerId: 'L1', dueDate: '2026-11-24' }],
        },
      },
    });
    expect(saved.record).toMatchObject({ id: 'CR-1', managerId: 'M1', region: 'east_china', source: 'api' });
    expect(saved.events.map((e) => e.type)).toEqual(['coaching.recorded', 'training.requested', 'rotation.suggested', 'pip.entered']);
    expect(saved.pipId).toBe('PIP-CR-1');
    for (const type of ['coaching.recorded', 'training.requested', 'rotation.suggested', 'pip.entered'] as const) {
      const [e] = await eventsOf(s, type);
      expect(payloadProblems(type, e?.payload ?? {})).toEqual([]);
      expect(JSON.stringify(e?.payload)).not.toContain('华东区售前排不上');
    }
    const [recorded] = await eventsOf(s, 'coaching.recorded');
    expect(recorded?.payload).toMatchObject({
      recordId: 'CR-1',
      template: 'GROW',
      obstacles: ['resource_shortage'],
      objectiveId: 'OBJ-1',
      conclusions: { training: [{ competency: '客户异议处理' }], rotation: { suggested: true }, pip: { enter: true }, actions: [{ title: '本周先挑一个客户按新方法拜访一次', owner: 'L1', dueDate: '2026-11-24' }] },
    });
    expect(await runsOf(s, training)).toHaveLength(1);
    // saving the same record again emits nothing new
    const again = await s.signals.coaching.create({ id: 'CR-1', template: 'GROW', employeeId: 'L1', date: '2026-11-20', data: { ...GROW } });
    expect(again.events.every((e) => e.duplicate)).toBe(true);
    expect(await runsOf(s, training)).toHaveLength(1);
  });

  it('refuses an invalid form with the issues (422), and a rotation without a reason', async () => {
    const s = engine.services;
    await expect(s.signals.coaching.create({ template: 'GROW', employeeId: 'L1', data: { goal: 'x' } })).rejects.toMatchObject({ status: 422, code: 'COACHING_FORM_INVALID' });
    await expect(s.signals.coaching.create({ template: 'GROW', employeeId: 'L1', data: { ...GROW, conclusions: { rotation: { suggested: true } } } })).rejects.toMatchObject({ status: 422 });
    await expect(s.signals.coaching.create({ template: 'GROW', employeeId: 'L1', data: { ...GROW, conclusions: { followUps: [1, 2, 3, 4] } } })).rejects.toMatchObject({ status: 422 });
  });

  it('closes a PIP with pip.exited; a second PIP while one is active is refused', async () => {
    const s = engine.services;
    await expect(s.signals.coaching.enterPip({ employeeId: 'L1', reason: '再次进入' })).rejects.toMatchObject({ status: 409 });
    const exited = await s.signals.coaching.exitPip('PIP-CR-1', { outcome: 'completed', reason: '改进目标全部达成', endDate: '2027-02-18' });
    expect(exited.pip).toMatchObject({ status: 'exited', outcome: 'completed' });
    const [e] = await eventsOf(s, 'pip.exited');
    expect(e?.payload).toMatchObject({ employeeId: 'L1', pipId: 'PIP-CR-1', outcome: 'completed', endDate: '2027-02-18', sourceRecordId: 'CR-1' });
    expect(payloadProblems('pip.exited', e?.payload ?? {})).toEqual([]);
    await expect(s.signals.coaching.exitPip('PIP-CR-1', { outcome: 'completed', reason: 'again' })).rejects.toMatchObject({ status: 409 });
    for (const bad of [{ startDate: '2026-13-45' }, { startDate: '2026-02-31' }, { plannedEndDate: '2026-00-10' }, { startDate: '2026-11-01', plannedEndDate: '2026-10-01' }]) {
      await expect(s.signals.coaching.enterPip({ employeeId: 'L2', reason: 'r', ...bad })).rejects.toMatchObject({ status: 400, code: 'INVALID_DATE' });
    }
    await expect(s.signals.coaching.exitPip('PIP-CR-1', { outcome: 'completed', reason: 'r', endDate: '2027-02-30' })).rejects.toMatchObject({ status: 400, code: 'INVALID_DATE' });
    const hr = await s.signals.coaching.enterPip({ employeeId: 'L2', reason: '连续三个月销售额低于预期区间', startDate: '2026-11-01' });
    expect(hr.pip).toMatchObject({ employeeId: 'L2', status: 'active', plannedEndDate: '2027-01-30' });
    expect(payloadProblems('pip.entered', (await eventsOf(s, 'pip.entered'))[1]?.payload ?? {})).toEqual([]);
  });

  it('completing a task with a coaching form saves the record and emits its events in the same transaction', async () => {
    const s = engine.services;
    const rotation = await publish(s, 'rotation', listenerWorkflow('rotation.suggested'));
    const coach = await publish(s, 'coach', {
      nodes: [
        { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
        { id: 'coach', kind: 'task', config: { title: 'coach', assignee: { type: 'directManager' }, form: 'GROW' } },
        { id: 'done', kind: 'end', config: { outcome: 'coached' } },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'coach' },
        { id: 'e2', source: 'coach', target: 'done' },
      ],
    } as unknown as WorkflowDefinition);
    const payload = { employeeId: 'L2', kpi: { id: 'sales_amount', name: '销售额', unit: '万元' }, period: '2026-W07', direction: 'below', streak: 1, range: { low: 40, high: 60 }, value: 30, readings: [{ period: '2026-W07', value: 30, low: 40, high: 60 }] };
    const ingested = await s.events.ingest({ type: 'kpi.deviation', idempotencyKey: 'task-hook-1', payload });
    await s.runtime.enqueue(ingested.jobs);
    s.runtime.startWorker();
    const [run] = await runsOf(s, coach);
    let task: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !task; i++) {
      task = (await s.tasks.list({ runId: run?.id as number, limit: 1 }))[0];
      if (!task) await new Promise((r) => setTimeout(r, 20));
    }
    expect(task).toBeDefined();
    // a conclusion that would start a wrong follow-up blocks the completion
    await expect(s.tasks.complete(task?.id as number, 'M1', { ...GROW, conclusions: { pip: { enter: true } } })).rejects.toMatchObject({ status: 422 });
    expect((await s.tasks.get(task?.id as number)).status).toBe('open');
    const done = await s.tasks.complete(task?.id as number, 'M1', { goal: GROW.goal, conclusions: { rotation: { suggested: true, reason: '拓展客户视角' } } });
    await s.runtime.enqueue(done.jobs);
    const record = await s.signals.coaching.get(`CR-T${String(task?.id)}`);
    expect(record).toMatchObject({ employeeId: 'L2', managerId: 'M1', source: 'task', taskId: task?.id });
    // template fields left empty are kept as issues, not lost
    expect(record.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['reality', 'options', 'will']));
    expect(await runsOf(s, rotation)).toHaveLength(1);
  });
});
