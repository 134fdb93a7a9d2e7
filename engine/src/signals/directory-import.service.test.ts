import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './signals.test-support.js';

let engine: TestEngine;

beforeEach(async () => {
  engine = await startTestEngine();
});
afterEach(async () => {
  await engine?.close();
});

const HEADER = 'id,name,email,jobFamily,level,location,status,managerId,departmentId,teamId,hrbpId,locale,roles';

/** An org of 1 CEO, 1 HR admin and `n` sales people, as CSV lines. */
function orgCsv(n: number, change: (i: number) => Partial<Record<string, string>> = () => ({})): string {
  const lines = [HEADER, 'E0001,王建国,wang@x.example,management,M5,上海,active,,D-S,,E0002,zh-CN,executive', 'E0002,孙丽,sun@x.example,hr,P6,上海,active,E0001,D-HR,,,zh-CN,hrbp;hr_admin'];
  for (let i = 0; i < n; i++) {
    const base = { id: `S${String(i).padStart(3, '0')}`, name: `员工${i}`, email: `s${i}@x.example`, jobFamily: 'sales', level: 'P4', location: '上海', status: 'active', managerId: 'E0001', departmentId: 'D-S', teamId: 'T-1', hrbpId: 'E0002', locale: 'zh-CN', roles: 'employee', ...change(i) };
    lines.push([base.id, base.name, base.email, base.jobFamily, base.level, base.location, base.status, base.managerId, base.departmentId, base.teamId, base.hrbpId, base.locale, base.roles].join(','));
  }
  return lines.join('\n');
}

async function seedUnits() {
  const r = await engine.services.signals.directoryImports.import({
    format: 'json',
    mode: 'full',
    data: { departments: [{ id: 'D-S', name: '销售部' }, { id: 'D-HR', name: '人力资源部' }], teams: [{ id: 'T-1', name: '华东一组', departmentId: 'D-S', region: 'east_china' }, { id: 'T-2', name: '华东二组', departmentId: 'D-S', region: 'east_china', hrbpId: null }] },
  });
  expect(r.status).toBe('applied');
}

describe('directory import', () => {
  it('reports invalid rows by line with the reason and keeps the valid ones', async () => {
    await seedUnits();
    const csv = [
      HEADER,
      'E0001,王建国,,management,M5,上海,active,,D-S,,,zh-CN,executive',
      'E0002,,x@x.example,sales,P4,上海,active,E0001,D-S,T-1,,zh-CN,employee', // no name
      'E0003,李雷,not-an-email,sales,P4,上海,active,E0001,D-S,T-1,,zh-CN,employee',
      'E0004,韩梅梅,,sales,P4,上海,retired,E0001,D-S,T-1,,zh-CN,employee',
      'E0005,张伟,,sales,P4,上海,active,E9999,D-S,T-1,,zh-CN,employee', // unknown manager
      'E0006,陈静,,sales,P4,上海,active,E0001,D-X,T-1,,zh-CN,employee', // unknown department
      'E0007,赵强,,sales,P4,上海,active,E0001,D-S,T-1,,zh-CN,wizard',
      'E0008,王芳,,sales,P4,上海,active,E0001,D-S,T-1,,fr,employee',
      'E0009,刘洋,,sales,P4,上海,active,E0001,D-S,T-1',
      'E0010,周杰,,sales,P4,上海,active,E0001,D-S,T-1,,zh-CN,employee',
      'E0010,周杰二,,sales,P4,上海,active,E0001,D-S,T-1,,zh-CN,employee',
      'E0011,吴敏,,sales,P4,上海,active,E0011,D-S,T-1,,zh-CN,employee',
      'E0012,郑一,,sales,P4,上海,active,E0013,D-S,T-1,,zh-CN,employee',
      'E0013,郑二,,sales,P4,上海,active,E0012,D-S,T-1,,zh-CN,employee',
      'E0014,"钱,多",,sales,P4,上海,active,E0001,D-S,T-1,,zh-CN,employee',
    ].join('\n');
    const r = await engine.services.signals.directoryImports.import({ format: 'csv', kind: 'employees', mode: 'delta', content: csv });
    expect(r.status).toBe('applied');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'required'],
      [4, 'invalid_email'],
      [5, 'invalid_value'],
      [8, 'invalid_value'],
      [9, 'invalid_value'],
      [10, 'field_count'],
      [12, 'duplicate_id'],
      [13, 'self_manager'],
      [6, 'unknown_manager'],
      [7, 'unknown_department'],
      [14, 'reporting_cycle'],
      [15, 'unknown_manager'],
    ]);
    expect(r.errors.find((e) => e.line === 6)?.reason).toContain('E9999');
    expect(r.summary).toMatchObject({ valid: 3, employees: { created: 3 } });
    const ids = ((await engine.services.db.knex('employee').select('id').orderBy('id')) as Array<{ id: string }>).map((x) => x.id);
    expect(ids).toEqual(['E0001', 'E0010', 'E0014']);
    expect((await engine.services.directory.getEmployee('E0014'))?.name).toBe('钱,多');
  });

  it('delta sync changes only the rows sent; full sync deactivates the people missing from the feed', async () => {
    await seedUnits();
    const imports = engine.services.signals.directoryImports;
    expect((await imports.import({ format: 'csv', mode: 'full', content: orgCsv(30) })).summary.employees.created).toBe(32);
    const delta = await imports.import({ format: 'json', kind: 'employees', mode: 'delta', data: [{ id: 'S001', name: '员工1', email: 's1@x.example', jobFamily: 'sales', level: 'P5', location: '上海', managerId: 'E0001', departmentId: 'D-S', teamId: 'T-2', hrbpId: 'E0002', roles: ['employee'] }] });
    expect(delta).toMatchObject({ status: 'applied', summary: { employees: { updated: 1, created: 0, deactivated: 0 }, changedPeople: 1 } });
    expect(await engine.services.directory.getEmployee('S001')).toMatchObject({ level: 'P5', teamId: 'T-2' });
    expect((await engine.services.directory.getEmployee('S002'))?.status).toBe('active');
    // full sync without S029 (and S001 back to its old team): 2 of 32 people change → under 10%
    const full = await imports.import({ format: 'csv', mode: 'full', content: orgCsv(29) });
    expect(full).toMatchObject({ status: 'applied', summary: { employees: { updated: 1, deactivated: 1, unchanged: 30 }, changedPeople: 2 } });
    expect((await engine.services.directory.getEmployee('S029'))?.status).toBe('inactive');
    const line = await engine.services.directory.reportingLine('S003');
    expect(line).toMatchObject({ managerId: 'E0001', skipLevelManagerId: null, hrbpId: 'E0002', chain: ['E0001'] });
  });

  it('a full sync does not deactivate someone whose row was invalid', async () => {
    await seedUnits();
    const imports = engine.services.signals.directoryImports;
    await imports.import({ format: 'csv', mode: 'full', content: orgCsv(30) });
    const r = await imports.import({ format: 'csv', mode: 'full', content: orgCsv(30, (i) => (i === 5 ? { email: 'broken' } : {})) });
    expect(r.errors).toHaveLength(1);
    expect(r.summary.employees.deactivated).toBe(0);
    expect((await engine.services.directory.getEmployee('S005'))?.status).toBe('active');
  });

  it('the mass-change brake holds a sync that changes more than 10% of people until an HR admin confirms it', async () => {
    await seedUnits();
    const imports = engine.services.signals.directoryImports;
    await imports.import({ format: 'csv', mode: 'full', content: orgCsv(30) });
    // a bad feed: only 20 of 30 sales people → 10 deactivations out of 32 (31%)
    const held = await imports.import({ format: 'csv', mode: 'full', content: orgCsv(20) });
    expect(held).toMatchObject({ status: 'pending_confirmation', summary: { employees: { deactivated: 10 }, changedPeople: 10 } });
    expect(held.changeShare).toBeCloseTo(10 / 32);
    expect((await engine.services.directory.getEmployee('S025'))?.status).toBe('active');
    // not an HR admin
    await expect(imports.confirm(held.id, 'S001')).rejects.toMatchObject({ status: 403 });
    const confirmed = await imports.confirm(held.id, 'E0002');
    expect(confirmed).toMatchObject({ status: 'applied', decidedBy: 'E0002' });
    expect((await engine.services.directory.getEmployee('S025'))?.status).toBe('inactive');
    await expect(imports.confirm(held.id, 'E0002')).rejects.toMatchObject({ status: 409 });
  });

  it('a held sync can be discarded (nothing applied); the share is configurable; edits of many people are braked too', async () => {
    await seedUnits();
    const imports = engine.services.signals.directoryImports;
    await imports.import({ format: 'csv', mode: 'full', content: orgCsv(30) });
    const relevel = orgCsv(30, (i) => (i < 6 ? { level: 'P9' } : {}));
    const held = await imports.import({ format: 'csv', mode: 'delta', content: relevel });
    expect(held).toMatchObject({ status: 'pending_confirmation', summary: { employees: { updated: 6 }, changedPeople: 6 } });
    const discarded = await imports.discard(held.id, 'E0002');
    expect(discarded.status).toBe('discarded');
    expect((await engine.services.directory.getEmployee('S000'))?.level).toBe('P4');
    const allowed = await imports.import({ format: 'csv', mode: 'delta', content: relevel, maxChangeShare: 0.25 });
    expect(allowed.status).toBe('applied');
    expect((await engine.services.directory.getEmployee('S000'))?.level).toBe('P9');
  });

  it('resolves org context for rules from departments and teams, with HRBP coverage falling back to the department', async () => {
    const imports = engine.services.signals.directoryImports;
    await imports.import({
      format: 'json',
      mode: 'full',
      data: {
        departments: [{ id: 'D-S', name: '销售部', hrbpId: 'H1', headId: 'B1', executiveId: 'X1' }],
        teams: [{ id: 'T-1', name: '华东一组', departmentId: 'D-S', managerId: 'M1', region: 'east_china' }],
        employees: [
          { id: 'X1', name: '赵敏', roles: ['executive'] },
          { id: 'H1', name: '孙丽', managerId: 'X1', roles: ['hrbp', 'hr_admin'] },
          { id: 'B1', name: '张伟', managerId: 'X1', departmentId: 'D-S', roles: ['manager', 'department_head'] },
          { id: 'M1', name: '韩梅梅', managerId: 'B1', departmentId: 'D-S', teamId: 'T-1', roles: ['manager'] },
          { id: 'L1', name: '李雷', managerId: 'M1', departmentId: 'D-S', teamId: 'T-1', jobFamily: 'sales' },
        ],
      },
    });
    const ctx = await engine.services.directory.resolveContext('L1');
    expect(ctx.org).toMatchObject({ departmentName: '销售部', teamName: '华东一组', region: 'east_china', skipLevelManagerId: 'B1', hrbpId: 'H1', executiveId: 'X1' });
    expect(ctx.manager?.id).toBe('M1');
    expect(await engine.services.directory.reportingLine('L1')).toMatchObject({ managerId: 'M1', skipLevelManagerId: 'B1', chain: ['M1', 'B1', 'X1'], hrbpId: 'H1' });
  });
});
