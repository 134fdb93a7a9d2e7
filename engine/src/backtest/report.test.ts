import { describe, expect, it } from 'vitest';
import type { RunContext } from '../core/types.js';
import { fitResult, ReportBuilder, resolveAssignees, type DirectorySnapshot } from './report.js';
import type { SimRun } from './simulate.js';
import type { HistoryEvent } from './sources.js';

const dir: DirectorySnapshot = {
  employees: new Map([
    ['M1', { id: 'M1', name: 'Manager', managerId: 'X1', teamId: 'T1', hrbpId: null, status: 'active', roles: ['manager'] }],
    ['X1', { id: 'X1', name: 'Skip', managerId: null, teamId: null, hrbpId: null, status: 'active', roles: ['executive'] }],
    ['H1', { id: 'H1', name: 'HR', managerId: 'X1', teamId: null, hrbpId: null, status: 'active', roles: ['hr_admin'] }],
    ...Array.from({ length: 6 }, (_, i): [string, { id: string; name: string; managerId: string | null; teamId: string | null; hrbpId: string | null; status: string; roles: string[] }] => [
      `E${i}`,
      { id: `E${i}`, name: `E ${i}`, managerId: 'M1', teamId: 'T1', hrbpId: 'H1', status: 'active', roles: [] },
    ]),
  ]),
  teams: new Map([['T1', { id: 'T1', name: 'Team 1', managerId: 'M1' }]]),
  headcount: new Map([['T1', 7], ['', 2]]),
  activeTotal: 9,
};

const ctx = (employeeId: string): RunContext => ({
  event: { id: 'x', type: 'kpi.deviation', occurredAt: '2026-11-16T00:00:00Z' },
  trigger: { employeeId, ownerIds: ['X1'] },
  employee: { ...dir.employees.get(employeeId) } as Record<string, unknown>,
  manager: null,
  org: { hrbpId: 'H1' },
});

const event = (employeeId: string, week: string, at: string, streak: number): HistoryEvent => ({
  type: 'kpi.deviation',
  key: `k:${employeeId}:${week}`,
  eventId: null,
  payload: { employeeId, streak, direction: 'below', value: 10, range: { low: 20, high: 40 }, readings: Array.from({ length: streak }, () => ({ value: 10 })) },
  occurredAtMs: Date.parse(at),
  week,
  employeeId,
});

const coached = (severity: number): SimRun => ({
  path: ['trigger', 'coach'],
  status: 'waiting',
  waitingAt: 'coach',
  outcome: null,
  error: null,
  tasks: [{ nodeId: 'coach', assignee: { type: 'directManager' }, title: 't', loadCap: { perWeek: 2 }, severity }],
  approvals: [],
  notifications: [],
  actions: [],
  decisions: [],
});

describe('backtest report', () => {
  it('resolves assignees from the directory snapshot like the directory service', () => {
    expect(resolveAssignees({ type: 'directManager' }, ctx('E0'), dir)).toEqual(['M1']);
    expect(resolveAssignees({ type: 'skipLevel' }, ctx('E0'), dir)).toEqual(['X1']);
    expect(resolveAssignees({ type: 'hrbp' }, ctx('E0'), dir)).toEqual(['H1']);
    expect(resolveAssignees({ type: 'employee' }, ctx('E0'), dir)).toEqual(['E0']);
    expect(resolveAssignees({ type: 'role', role: 'hr_admin' }, ctx('E0'), dir)).toEqual(['H1']);
    expect(resolveAssignees({ type: 'objectiveOwners' }, ctx('E0'), dir)).toEqual(['X1']);
    expect(resolveAssignees({ type: 'person', employeeId: 'Z' }, ctx('E0'), dir)).toEqual(['Z']);
  });

  it('plays the load cap per manager and week: over the cap queued, released next week by severity', () => {
    const b = new ReportBuilder(dir);
    const weeks = ['2026-W47', '2026-W48', '2026-W49'];
    // five coaching tasks for M1 in W47 (cap 2), one in W48
    const severities = [10, 50, 20, 40, 30];
    severities.forEach((s, i) => {
      const e = event(`E${i}`, '2026-W47', '2026-11-16T00:00:00Z', 3);
      b.countEvent(e);
      b.add(e, ctx(`E${i}`), coached(s));
    });
    const late = event('E5', '2026-W48', '2026-11-23T00:00:00Z', 3);
    b.countEvent(late);
    b.add(late, ctx('E5'), coached(100));
    const r = b.finish({ trigger: 'kpi.deviation', window: { from: weeks[0] as string, to: weeks[2] as string, fromDate: '', toDate: '', weeks }, source: {}, published: null, durationMs: 0 });
    const load = (week: string) => r.managerLoad.find((l) => l.managerId === 'M1' && l.week === week);
    expect(load('2026-W47')).toMatchObject({ tasks: 5, received: 2, queued: 3, released: 0, backlog: 3 });
    // W48: the queue (3 waiting) goes first — 2 released — and the new task queues behind it.
    expect(load('2026-W48')).toMatchObject({ tasks: 1, received: 2, queued: 1, released: 2, backlog: 2 });
    expect(load('2026-W49')).toMatchObject({ received: 2, released: 2, backlog: 0 });
    const byEmployee = new Map(r.employees.map((e) => [e.employeeId, e.runsDetail[0]?.tasks[0]]));
    // W47: E0 and E1 reached the inbox at once; of the queued (severity 20, 40, 30 plus a week of aging) 40 and 30 went first
    expect(byEmployee.get('E0')?.queued).toBeUndefined();
    expect(byEmployee.get('E3')).toMatchObject({ queued: true, releasedWeek: '2026-W48' });
    expect(byEmployee.get('E4')).toMatchObject({ queued: true, releasedWeek: '2026-W48' });
    expect(byEmployee.get('E2')).toMatchObject({ queued: true, releasedWeek: '2026-W49' });
    expect(byEmployee.get('E5')).toMatchObject({ queued: true, releasedWeek: '2026-W49' });
    expect(r.totals).toMatchObject({ runs: 6, tasks: 6, queuedTasks: 4, employees: 6 });
    expect(r.perTeam).toEqual([{ teamId: 'T1', teamName: 'Team 1', headcount: 7, runs: 6, employees: 6, share: 0.857 }]);
  });

  it('trims evidence, then runs, to fit a stored row; aggregates stay whole', () => {
    const b = new ReportBuilder(dir);
    for (let w = 0; w < 8; w++) {
      for (let i = 0; i < 6; i++) {
        const e = event(`E${i}`, `2026-W${String(40 + w).padStart(2, '0')}`, new Date(Date.parse('2026-09-28T00:00:00Z') + w * 7 * 86_400_000).toISOString(), 5);
        b.add(e, ctx(`E${i}`), { ...coached(1), tasks: [] });
      }
    }
    const r = b.finish({ trigger: 'kpi.deviation', window: { from: '', to: '', fromDate: '', toDate: '', weeks: [] }, source: {}, published: null, durationMs: 0 });
    const full = JSON.stringify(r).length;
    const stripped = structuredClone(r);
    for (const e of stripped.employees) for (const x of e.runsDetail.slice(1)) delete x.evidence;
    const lean = JSON.stringify(stripped).length;
    expect(lean).toBeLessThan(full);
    expect(fitResult(structuredClone(r), full)).toBe(JSON.stringify(r));
    const fitted = JSON.parse(fitResult(structuredClone(r), lean + 200)) as typeof r;
    expect(fitted.truncated.trimmedToFit).toBe('evidence');
    expect(fitted.employees.every((e) => e.runsDetail[0]?.evidence && e.runsDetail.slice(1).every((x) => !x.evidence))).toBe(true);
    const tiny = JSON.parse(fitResult(structuredClone(r), 2000)) as typeof r;
    expect(tiny.truncated.trimmedToFit).toBe('runs');
    expect(tiny.employees.every((e) => e.runsDetail.length === 3 && e.runs === 8)).toBe(true);
    expect(tiny.totals.runs).toBe(48);
  });
});
