import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '@/i18n';
import { routes } from '@/router';
import BacktestPanel from '@/panels/BacktestPanel.vue';
import BacktestView from '@/views/BacktestView.vue';
import { useBacktestStore } from '@/stores/backtest.store';
import { useSessionStore } from '@/stores/session.store';
import { DRAFT, EMPLOYEES, job, LI_LEI } from './support/backtest-fixtures';
import { fail, FakeEngine, meUser } from './support/fake-engine';

const stubs = { EChart: { props: ['option', 'ariaLabel'], template: '<div class="echart-stub" :aria-label="ariaLabel" />' }, KpiReadingsChart: true, RouterLink: { props: ['to'], template: '<a :href="to"><slot /></a>' } };

function mountPanel(props: Record<string, unknown>) {
  return mount(BacktestPanel, { props: { workflowId: '3', definition: DRAFT, ...props }, attachTo: document.body, global: { plugins: [i18n], stubs } });
}

describe('backtest panel', { timeout: 30_000 }, () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine()
      .on('GET /api/v1/backtests', { items: [job(1, 'succeeded', 1, false), job(2, 'cancelled', 0.4)], nextCursor: null })
      .on('GET /api/v1/backtests/1', job(1, 'succeeded', 1))
      .on('GET /api/v1/backtests/1/employees', EMPLOYEES)
      .on('GET /api/v1/backtests/1/employees/E9003', LI_LEI);
    vi.stubGlobal('fetch', engine.fetch);
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ roles: ['hr_admin'] }) as never;
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
    i18n.global.locale.value = 'zh-CN';
  });

  it('reopens a kept backtest by its link: figures, charts, teams, paths, the difference and the affected employees with their evidence', async () => {
    i18n.global.locale.value = 'en';
    const w = mountPanel({ backtestId: '1', linkable: true });
    await flushPromises();
    await vi.waitFor(() => expect(w.find('[data-test="backtest-results"]').exists()).toBe(true));
    expect(w.find('[data-test="backtest-job"]').attributes('data-status')).toBe('succeeded');
    expect(w.find('[data-test="backtest-link"]').attributes('href')).toBe('/workflows/3/backtests/1');
    // the picker shows the reopened backtest's window, so running again repeats it
    expect(w.find('[data-test="backtest-window"]').text()).toBe('2026-09-28 – 2026-10-18');
    expect(w.find('[data-test="backtest-total-runs"]').text()).toContain('5');
    expect(w.find('[data-test="backtest-total-queuedTasks"]').text()).toContain('Queued by the load cap');
    expect(w.findAll('.echart-stub').map((c) => c.attributes('aria-label'))).toEqual(['Runs per week', 'Load per manager and week', 'The selected manager’s weeks: received, queued by the cap, backlog']);
    expect(w.text()).toContain('Teams and reporting lines as they were at each event (names as today)');
    expect(w.find('[data-test="backtest-teams"]').text()).toContain('Sales South');
    expect(w.find('[data-test="backtest-teams"]').text()).toContain('25%');
    expect(w.find('[data-test="backtest-paths"]').text()).toContain('trigger → check → coach');
    expect(w.find('[data-test="backtest-diff"]').text()).toContain('Compared with v1: 3 runs for the same events');
    expect(w.find('[data-test="backtest-added"]').text()).toContain('Zhou Jie');
    expect(w.find('[data-test="backtest-removed"]').text()).toContain('Wu Lei');
    await vi.waitFor(() => expect(w.findAll('[data-test="backtest-employees"] .el-table__row')).toHaveLength(2));
    // earlier backtests are listed
    expect(w.find('[data-test="backtest-history"]').text()).toContain('#2');
    expect(w.find('[data-test="backtest-history"]').text()).toContain('Cancelled');

    // the evidence of one affected employee opens from the row's button (keyboard-reachable)
    await w.find('[data-test="backtest-evidence-E9003"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-test="backtest-employee"]')).not.toBeNull());
    const drawer = document.querySelector('[data-test="backtest-employee"]') as HTMLElement;
    expect(drawer.textContent).toContain('trigger → check → coach');
    expect(drawer.textContent).toContain('Still queued at the window’s end');
    expect(drawer.textContent).toContain('Task for Han Meimei: Coach 李雷');
    expect(drawer.querySelectorAll('[data-test="readings"] .el-table__row').length).toBe(3);
    expect(engine.callsTo('GET /api/v1/backtests/1/employees/E9003')).toHaveLength(1);
    w.unmount();
  });

  it('starts a backtest over the chosen preset window, shows its progress and cancels it (zh-CN labels)', async () => {
    let cancelled = false;
    engine
      .on('POST /api/v1/backtests', job(5, 'running', 0.25))
      .on('GET /api/v1/backtests/5', () => (cancelled ? job(5, 'cancelled', 0.5) : job(5, 'running', 0.5)))
      .on('POST /api/v1/backtests/5/cancel', () => {
        cancelled = true;
        return job(5, 'running', 0.5);
      });
    const w = mountPanel({});
    useBacktestStore().pollInterval = 1;
    await flushPromises();
    expect(w.find('[data-test="backtest-preset-4"]').text()).toBe('最近 4 周');
    await w.find('[data-test="backtest-preset-4"] input').setValue(true);
    const shown = w.find('[data-test="backtest-window"]').text();
    await w.find('[data-test="backtest-start"]').trigger('click');
    await flushPromises();
    const body = engine.callsTo('POST /api/v1/backtests')[0]?.body as { workflowId: number; window: { from: string; to: string }; definition: unknown };
    expect(body.workflowId).toBe(3);
    expect(body.definition).toEqual(DRAFT);
    expect(`${body.window.from} – ${body.window.to}`).toBe(shown);
    expect((Date.parse(body.window.to) - Date.parse(body.window.from)) / 86_400_000).toBe(27);
    expect(w.emitted('shown')?.[0]).toEqual([5]);
    expect(w.find('[data-test="backtest-status"]').text()).toBe('运行中');
    expect(w.find('[data-test="backtest-progress"]').text()).toMatch(/25%|50%/);
    expect(w.find('[data-test="backtest-start"]').attributes('disabled')).toBeDefined();
    await w.find('[data-test="backtest-cancel"]').trigger('click');
    await vi.waitFor(() => expect(w.find('[data-test="backtest-job"]').attributes('data-status')).toBe('cancelled'));
    expect(w.find('[data-test="backtest-cancel"]').exists()).toBe(false);
    expect(w.find('[data-test="backtest-results"]').exists()).toBe(false);
    expect(w.text()).toContain('已取消');
    w.unmount();
  });

  it('says clearly why a backtest could not start, and refuses a draft with errors', async () => {
    engine.on('POST /api/v1/backtests', fail(400, 'WINDOW_TOO_LONG', 'the window spans 120 weeks; at most 106'));
    i18n.global.locale.value = 'en';
    const w = mountPanel({});
    await flushPromises();
    await w.find('[data-test="backtest-start"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-test="backtest-error"]').text()).toContain('the window spans 120 weeks; at most 106');
    expect(w.find('[data-test="backtest-job"]').exists()).toBe(false);
    await w.setProps({ invalid: true });
    expect(w.find('[data-test="backtest-start"]').attributes('disabled')).toBeDefined();
    expect(w.text()).toContain('The draft has errors; fix them to backtest it');
    w.unmount();
  });
});

describe('backtest routes', () => {
  it('links a kept backtest at /workflows/:id/backtests/:backtestId (lazy-loaded, HR admins only), next to the list of a workflow’s backtests', () => {
    const router = createRouter({ history: createMemoryHistory(), routes });
    const one = router.resolve('/workflows/3/backtests/7');
    expect(one.name).toBe('workflow-backtest');
    expect(one.params).toEqual({ id: '3', backtestId: '7' });
    expect(one.meta.access).toEqual({ roles: ['hr_admin'] });
    expect(router.resolve('/workflows/3/backtests').name).toBe('workflow-backtests');
    const record = routes.find((r) => r.name === 'workflow-backtest');
    expect(typeof record?.component).toBe('function');
    expect(record?.props).toBe(true);
  });
});

describe('backtest page', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ roles: ['hr_admin'] }) as never;
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('backtests the saved draft and keeps the new backtest’s link in the address bar', async () => {
    const saved = { id: '3', name: 'KPI → coaching', revision: 4, publishedVersion: 1, updatedAt: '2026-11-20T10:00:00Z', definition: DRAFT };
    const engine = new FakeEngine()
      .on('GET /api/v1/workflows/3', saved)
      .on('GET /api/v1/backtests', { items: [], nextCursor: null })
      .on('POST /api/v1/backtests', job(21, 'queued', 0))
      .on('GET /api/v1/backtests/21', job(21, 'running', 0.5));
    vi.stubGlobal('fetch', engine.fetch);
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/workflows/:id/backtests/:backtestId?', name: 'workflow-backtest', component: BacktestView, props: true }, { path: '/workflows/:id', component: { template: '<div />' } }] });
    await router.push('/workflows/3/backtests');
    await router.isReady();
    const w = mount({ template: '<router-view />' }, { attachTo: document.body, global: { plugins: [i18n, router], stubs: { EChart: true } } });
    await flushPromises();
    expect(w.text()).toContain('KPI → coaching');
    await w.find('[data-test="backtest-start"]').trigger('click');
    await flushPromises();
    expect((engine.callsTo('POST /api/v1/backtests')[0]?.body as { definition: unknown }).definition).toEqual(DRAFT);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/workflows/3/backtests/21'));
    expect(w.find('[data-test="backtest-job"]').exists()).toBe(true);
    w.unmount();
  });
});
