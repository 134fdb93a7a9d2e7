import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { managerLoadHeatmapOption, managersByLoad, managerWeeksOption, runsPerWeekOption } from '@/charts/backtest-chart-options';
import { isFinished, presetWindow, useBacktestStore } from '@/stores/backtest.store';
import { useSessionStore } from '@/stores/session.store';
import { DRAFT, EMPLOYEES, job, LI_LEI, RESULT } from './support/backtest-fixtures';
import { fail, FakeEngine, meUser } from './support/fake-engine';

function signIn(): void {
  const session = useSessionStore();
  session.token = 'tok';
  session.user = meUser({ roles: ['hr_admin'] }) as never;
}

describe('backtest window presets', () => {
  it('covers the last N ISO weeks up to the current one, Monday to Sunday (UTC)', () => {
    const thursday = new Date('2026-11-26T13:00:00Z');
    expect(presetWindow(4, thursday)).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    expect(presetWindow(1, new Date('2026-11-30T00:30:00Z'))).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    // a Sunday belongs to the week that started the Monday before
    expect(presetWindow(26, new Date('2026-11-29T23:00:00Z'))).toEqual({ from: '2026-06-01', to: '2026-11-29' });
    expect(isFinished('running')).toBe(false);
    expect(isFinished('cancelled')).toBe(true);
  });
});

describe('backtest store', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine().on('GET /api/v1/backtests', { items: [job(1, 'succeeded', 1, false)], nextCursor: null });
    vi.stubGlobal('fetch', engine.fetch);
    signIn();
  });
  afterEach(() => {
    useBacktestStore().reset();
    vi.unstubAllGlobals();
  });

  it('starts a backtest of the draft for the workflow, follows its progress to the end and loads the affected employees', async () => {
    const answers = [job(7, 'running', 0.2), job(7, 'running', 0.6), job(7, 'succeeded', 1)];
    engine
      .on('POST /api/v1/backtests', () => job(7, 'queued', 0))
      .on('GET /api/v1/backtests/7', () => answers.shift() ?? job(7, 'succeeded', 1))
      .on('GET /api/v1/backtests/7/employees', EMPLOYEES);
    const store = useBacktestStore();
    store.pollInterval = 1;
    await store.loadHistory('3');
    expect(engine.calls[0]?.query.get('workflowId')).toBe('3');
    const started = await store.start(DRAFT, { from: '2026-09-28', to: '2026-10-18' });
    expect(started?.id).toBe(7);
    expect(engine.callsTo('POST /api/v1/backtests')[0]?.body).toEqual({ workflowId: 3, definition: DRAFT, window: { from: '2026-09-28', to: '2026-10-18' } });
    expect(store.active).toBe(true);
    expect(store.history.map((h) => h.id)).toEqual([7, 1]);
    const seen: number[] = [];
    await vi.waitFor(() => {
      seen.push(store.current?.progress ?? -1);
      expect(store.current?.status).toBe('succeeded');
    });
    expect(store.active).toBe(false);
    expect(store.result?.totals.runs).toBe(5);
    expect(seen.every((p, i) => i === 0 || p >= (seen[i - 1] as number))).toBe(true);
    await vi.waitFor(() => expect(store.employees).toHaveLength(2));
    expect(store.employeesTotal).toBe(2);
    // the list row is updated in place, without the result
    expect(store.history[0]).toMatchObject({ id: 7, status: 'succeeded' });
    expect(store.history[0]?.result).toBeUndefined();
    // polling stopped: no more GETs of the backtest
    const polls = engine.callsTo('GET /api/v1/backtests/7').length;
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.callsTo('GET /api/v1/backtests/7').length).toBe(polls);
  });

  it('cancels a running backtest and stops polling once it is cancelled', async () => {
    let cancelled = false;
    engine
      .on('POST /api/v1/backtests', job(8, 'running', 0.1))
      .on('GET /api/v1/backtests/8', () => (cancelled ? job(8, 'cancelled', 0.3) : job(8, 'running', 0.3)))
      .on('POST /api/v1/backtests/8/cancel', () => {
        cancelled = true;
        return job(8, 'running', 0.3); // cancellation requested: it stops at its next yield
      });
    const store = useBacktestStore();
    store.pollInterval = 1;
    await store.loadHistory('3');
    await store.start(DRAFT, { from: '2026-09-28', to: '2026-10-18' });
    await store.cancel();
    expect(engine.callsTo('POST /api/v1/backtests/8/cancel')).toHaveLength(1);
    await vi.waitFor(() => expect(store.current?.status).toBe('cancelled'));
    expect(store.result).toBeNull();
    expect(store.error).toBeNull();
    expect(engine.callsTo('GET /api/v1/backtests/8/employees')).toHaveLength(0);
    const polls = engine.callsTo('GET /api/v1/backtests/8').length;
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.callsTo('GET /api/v1/backtests/8').length).toBe(polls);
  });

  it('a backtest that finished before the cancel arrived shows how it ended', async () => {
    engine
      .on('GET /api/v1/backtests/9', () => job(9, engine.callsTo('POST /api/v1/backtests/9/cancel').length ? 'succeeded' : 'running', 0.9))
      .on('POST /api/v1/backtests/9/cancel', fail(409, 'BACKTEST_FINISHED', 'backtest 9 is already succeeded'))
      .on('GET /api/v1/backtests/9/employees', EMPLOYEES);
    const store = useBacktestStore();
    store.pollInterval = 60_000;
    await store.open(9);
    expect(store.active).toBe(true);
    await store.cancel();
    expect(store.current?.status).toBe('succeeded');
    expect(store.result?.totals.runs).toBe(5);
  });

  it('shows why a backtest was refused, and keeps polling through a passing engine error but not a 404', async () => {
    engine.on('POST /api/v1/backtests', fail(422, 'WORKFLOW_INVALID', 'the draft has errors'));
    const store = useBacktestStore();
    store.pollInterval = 1;
    await store.loadHistory('3');
    expect(await store.start(DRAFT, { from: '2026-W40', to: '2026-W42' })).toBeNull();
    expect(store.current).toBeNull();
    expect(store.error).toMatchObject({ status: 422, code: 'WORKFLOW_INVALID' });

    let n = 0;
    engine.on('GET /api/v1/backtests/10', () => (++n === 2 ? fail(503, 'UNAVAILABLE') : n < 4 ? job(10, 'running', 0.5) : job(10, 'failed', 0.5)));
    await store.open(10);
    expect(store.error).toBeNull();
    await vi.waitFor(() => expect(store.current?.status).toBe('failed'));
    expect(store.error).toBeNull(); // the 503 was followed by good answers
    expect(store.current?.error).toEqual({ code: 'BACKTEST_FAILED', message: 'boom' });

    let m = 0;
    engine.on('GET /api/v1/backtests/11', () => (++m === 1 ? job(11, 'running', 0.1) : fail(404, 'NOT_FOUND', 'backtest 11')));
    await store.open(11);
    await vi.waitFor(() => expect(store.error).toMatchObject({ status: 404 }));
    const polls = engine.callsTo('GET /api/v1/backtests/11').length;
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.callsTo('GET /api/v1/backtests/11').length).toBe(polls);
  });

  it('drops answers about a backtest that is no longer shown', async () => {
    engine.on('GET /api/v1/backtests/12', job(12, 'running', 0.4)).on('GET /api/v1/backtests/1', job(1, 'succeeded', 1)).on('GET /api/v1/backtests/1/employees', EMPLOYEES);
    const store = useBacktestStore();
    store.pollInterval = 1;
    await store.open(12);
    await store.open(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(store.current?.id).toBe(1);
    expect(engine.callsTo('GET /api/v1/backtests/12')).toHaveLength(1);
  });

  it('pages and filters the affected employees, and opens one with the evidence of each run', async () => {
    engine
      .on('GET /api/v1/backtests/1', job(1, 'succeeded', 1))
      .on('GET /api/v1/backtests/1/employees', (c) => (c.query.get('teamId') === 'T-NONE' ? { items: [], total: 0 } : EMPLOYEES))
      .on('GET /api/v1/backtests/1/employees/E9003', LI_LEI)
      .on('GET /api/v1/backtests/1/employees/E0000', fail(404, 'NOT_FOUND', 'employee in this backtest E0000'));
    const store = useBacktestStore();
    await store.open('1');
    expect(store.employees).toHaveLength(2);
    await store.loadEmployees({ offset: 20 });
    expect(engine.calls.at(-1)?.query.get('offset')).toBe('20');
    await store.loadEmployees({ teamId: 'T-NONE' });
    const last = engine.calls.at(-1);
    expect([last?.query.get('teamId'), last?.query.get('offset'), last?.query.get('limit')]).toEqual(['T-NONE', '0', '20']);
    expect(store.employeesTotal).toBe(0);
    await store.openEmployee('E9003');
    expect(store.employee?.runsDetail[0]?.evidence?.payload.streak).toBe(3);
    await store.openEmployee('E0000');
    expect(store.employee).toBeNull();
    expect(store.employeeError).toMatchObject({ status: 404 });
  });
});

describe('backtest charts', () => {
  const labels = { runs: 'Runs', employees: 'Employees', tasks: 'Tasks', queued: 'Queued' };

  it('draws runs, tasks and queued tasks per week, and the employees as a line', () => {
    const o = runsPerWeekOption(RESULT.perWeek, labels);
    const series = o.series as Array<{ name: string; type: string; data: number[] }>;
    expect(series.map((s) => [s.name, s.type])).toEqual([['Runs', 'bar'], ['Tasks', 'bar'], ['Queued', 'bar'], ['Employees', 'line']]);
    expect(series[0]?.data).toEqual([1, 2, 2]);
    expect(series[2]?.data).toEqual([0, 0, 1]);
    expect((o.xAxis as { data: string[] }).data).toEqual(['2026-W40', '2026-W41', '2026-W42']);
    // without anything queued, no queued series
    expect((runsPerWeekOption([{ week: 'w', runs: 1, employees: 1, tasks: 1, queued: 0 }], labels).series as unknown[]).length).toBe(3);
  });

  it('puts the busiest managers on a manager × week heatmap and shows one manager’s weeks against the cap', () => {
    const load = [
      ...RESULT.managerLoad,
      { managerId: 'E9010', managerName: null, week: '2026-W40', tasks: 5, approvals: 1, received: 5, queued: 0, released: 0, backlog: 0 },
    ];
    expect(managersByLoad(load).map((m) => [m.managerId, m.tasks, m.queued])).toEqual([['E9010', 5, 0], ['E9001', 3, 1]]);
    const heat = managerLoadHeatmapOption(load, RESULT.window.weeks, { load: 'tasks' });
    expect((heat.yAxis as { data: string[] }).data).toEqual(['E9010', 'Han Meimei']);
    const cells = (heat.series as Array<{ data: number[][] }>)[0]?.data;
    expect(cells).toEqual(expect.arrayContaining([[0, 0, 6], [1, 1, 1], [2, 1, 2]]));
    expect((heat.visualMap as { max: number }).max).toBe(6);
    expect(managerLoadHeatmapOption(load, RESULT.window.weeks, { load: 'tasks' }, 1).yAxis).toMatchObject({ data: ['E9010'] });

    const weeks = managerWeeksOption(load, 'E9001', RESULT.window.weeks, 1, { received: 'In', queued: 'Queued', backlog: 'Backlog', approvals: 'Approvals', cap: 'Cap' });
    const s = weeks.series as Array<{ name: string; data: number[]; stack?: string; markLine?: { data: Array<{ yAxis: number }> } }>;
    expect(s.map((x) => x.name)).toEqual(['In', 'Queued', 'Backlog']);
    expect(s[0]?.data).toEqual([0, 1, 1]);
    expect(s[1]?.data).toEqual([0, 0, 1]);
    expect(s[0]?.stack).toBe(s[1]?.stack);
    expect(s[2]?.data).toEqual([0, 0, 1]);
    expect(s[0]?.markLine?.data).toEqual([{ yAxis: 1 }]);
    const uncapped = managerWeeksOption(load, 'E9010', RESULT.window.weeks, null, { received: 'In', queued: 'Queued', backlog: 'Backlog', approvals: 'Approvals', cap: 'Cap' });
    const u = uncapped.series as Array<{ name: string; markLine?: unknown; data: number[] }>;
    expect(u[0]?.markLine).toBeUndefined();
    expect(u.map((x) => x.name)).toContain('Approvals');
  });
});
