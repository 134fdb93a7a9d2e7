/**
 * Browser end-to-end test of the Backtest panel on the DEMO data (issue 9): an embedded engine with
 * the demo loaded through the real path (`engine demo`, the loader `npm start` runs on first start:
 * ~200 employees, 26 weeks of KPI readings, the reference workflows published and their runs).
 * The demo HR admin (hr@demo) signs in through the UI and opens "KPI 偏离 → 辅导" in the editor.
 * Its draft (saved through the API before) is a variant of the published version: a streak of
 * exactly 2 weeks calls the test connector and mails the manager. The backtest over the last 26
 * weeks runs to the end; the three charts render; the affected employees table, paged through,
 * has exactly as many rows as the report the API returns says; one employee's evidence opens.
 * The report says the draft would have called the connector and mailed, yet nothing happened: the
 * runs, tasks, approvals, notifications, mail/IM deliveries, events and connector calls (a recorder
 * fake) are the same before and after. Screenshots: test-artifacts/screenshots/demo-*.png. Any
 * console error, page error or HTTP error fails the test.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { DIST, ensureDesignerBuilt, launchBrowser, screenshot, signIn, type Browser } from '../support/browser.js';
import { EngineCluster } from '../support/engine-cluster.js';
import { waitFor } from '../support/wait.js';

const HR = { email: 'hr@demo', password: 'coachflow-demo' };
const MANAGER = { email: 'manager@demo', password: 'coachflow-demo' };
const WORKFLOW_NAME = 'KPI 偏离 → 辅导';
/** The designer's page of affected employees (EMPLOYEE_PAGE_SIZE in designer/src/stores/backtest.store.ts). */
const PAGE = 20;

type Api = EngineCluster['api'];
interface Definition {
  nodes: Array<{ id: string; kind: string; config: Record<string, unknown>; position?: { x: number; y: number } }>;
  edges: Array<{ id: string; source: string; sourceHandle?: string; target: string }>;
}

let cluster: EngineCluster;
let recorder: RecorderFake;
let browser: Browser;
let page: Page;
let hr: Api;
let manager: Api;
let workflowId: number;

/** The published demo workflow with its `false` branch replaced: a streak of exactly 2 calls the test connector and mails the manager. */
function draftVariant(published: Definition): Definition {
  const check = published.edges.find((e) => e.sourceHandle === 'false');
  if (!check) throw new Error('the demo workflow has no false branch');
  return {
    nodes: [
      ...published.nodes,
      { id: 'second_week', kind: 'condition', position: { x: 400, y: 240 }, config: { rule: { '==': [{ var: 'trigger.streak' }, 2] } } },
      { id: 'record', kind: 'action', position: { x: 400, y: 360 }, config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' } } } },
      { id: 'heads_up', kind: 'notify', position: { x: 400, y: 480 }, config: { channel: 'mail', to: [{ type: 'directManager' }], title: '提醒 {{employee.name}}', body: '{{trigger.kpi.name}} 连续两周偏离' } },
      { id: 'end_warned', kind: 'end', position: { x: 400, y: 600 }, config: { outcome: 'warned' } },
    ],
    edges: [
      ...published.edges.filter((e) => e !== check),
      { id: 'e_second', source: check.source, sourceHandle: 'false', target: 'second_week' },
      { id: 'e_record', source: 'second_week', sourceHandle: 'true', target: 'record' },
      { id: 'e_skip', source: 'second_week', sourceHandle: 'false', target: check.target },
      { id: 'e_heads_up', source: 'record', target: 'heads_up' },
      { id: 'e_warned', source: 'heads_up', target: 'end_warned' },
    ],
  };
}

/** Every item of a keyset-paginated list. */
async function countAll(api: Api, path: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: unknown[]; nextCursor?: string | null } } = await api('GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    if (page.status !== 200) throw new Error(`GET ${path}: ${page.status}`);
    n += page.body.items.length;
    cursor = page.body.nextCursor ?? null;
  } while (cursor);
  return n;
}

/** What the engine has done, as seen from outside: the backtest must change none of it. */
async function sideEffects(): Promise<Record<string, number>> {
  const tasks = (await hr('GET', '/api/v1/tasks?limit=500')).body.items.length;
  const approvals = (await hr('GET', '/api/v1/approvals?limit=500')).body.items.length;
  const metrics = String((await cluster.api('GET', '/metrics')).body);
  const metric = (name: string) => metrics.split('\n').filter((l) => l.startsWith(name)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  return {
    runs: await countAll(hr, '/api/v1/runs'),
    tasks,
    approvals,
    managerNotifications: await countAll(manager, '/api/v1/notifications'),
    hrNotifications: await countAll(hr, '/api/v1/notifications'),
    deliveries: await countAll(cluster.api.bind(cluster), '/api/v1/outbox'), // the bootstrap admin is it_admin
    eventsIngested: metric('coachflow_events_ingested_total'),
    runsStarted: metric('coachflow_runs_started_total'),
    connectorCalls: Object.values(recorder.stats.deliveries).reduce((a, b) => a + b, 0),
  };
}

const shot = (name: string) => screenshot(page, `demo-${name}`);

describe('backtest on the demo data (real engine, headless Chromium)', () => {
  beforeAll(async () => {
    // `engine demo` ends its history last week (demoEndWeek), so the panel's "last 26 weeks" preset covers it.
    expect(process.env.COACHFLOW_DEMO_END_WEEK, 'the browser test uses the demo as a first start does: unpinned').toBeUndefined();
    ensureDesignerBuilt();
    recorder = await new RecorderFake().start();
    cluster = await EngineCluster.start({ name: 'e2e-demo', mode: 'embedded', env: { STATIC_DIR: DIST, RECORDER_URL: recorder.url } });
    await cluster.cli(['demo']);
    hr = cluster.as(await cluster.signIn(HR.email, HR.password)).api;
    manager = cluster.as(await cluster.signIn(MANAGER.email, MANAGER.password)).api;
    const workflows = (await hr('GET', '/api/v1/workflows')).body.items as Array<{ id: number; name: string; publishedVersion: number | null }>;
    const demoWorkflow = workflows.find((w) => w.name.startsWith(WORKFLOW_NAME));
    expect(demoWorkflow?.publishedVersion).toBe(1);
    workflowId = demoWorkflow!.id;
    // the demo's runs come to rest (waiting at their tasks, or finished) before anything is counted:
    // none running and nothing changing between two looks a second apart
    let last = '';
    await waitFor(
      'the demo runs to settle',
      async () => {
        const now = JSON.stringify(await sideEffects());
        const settled = now === last && (await countAll(hr, '/api/v1/runs?status=running')) === 0;
        last = now;
        return settled;
      },
      120_000,
      1000,
    );
    // the draft variant, saved (unpublished) as the HR admin would in the editor
    const current = (await hr('GET', `/api/v1/workflows/${workflowId}`)).body;
    const saved = await hr('PUT', `/api/v1/workflows/${workflowId}`, { revision: current.revision, definition: draftVariant(current.definition) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.issues ?? []).toEqual([]);
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    await recorder?.stop();
  });

  it('backtests a demo workflow over the last 26 weeks: charts, the affected list as the report counts it, evidence — and no side effect', async () => {
    onTestFailed(async () => {
      await shot('failure').catch(() => undefined);
      if (browser.problems.length) console.error(`browser problems:\n${browser.problems.join('\n')}`);
    });
    // 1. the demo HR admin signs in and opens the demo workflow from the list
    await page.goto(`${cluster.baseUrl}/workflows`, { waitUntil: 'networkidle' });
    await page.waitForURL(/\/sign-in\?redirect=/);
    await signIn(page, HR.email, HR.password);
    await page.waitForURL(/\/workflows$/);
    const link = page.locator('.cf-link', { hasText: WORKFLOW_NAME }).first();
    await link.waitFor();
    await shot('01-workflows');
    await link.click();
    await page.waitForURL(new RegExp(`/workflows/${workflowId}$`));
    await page.locator('.vue-flow__node[data-id="record"]').waitFor();
    await page.locator('.vue-flow__node[data-id="check"]').waitFor();
    await shot('02-editor-draft');

    // 2. backtest the draft over the last 26 weeks
    const before = await sideEffects();
    expect(before.runs).toBeGreaterThan(0);
    await page.locator('[data-test="backtest"]').click();
    await page.locator('[data-test="backtest-panel"]').waitFor();
    await page.locator('[data-test="backtest-preset-26"]').click();
    await page.locator('[data-test="backtest-start"]').click();
    await expect.poll(() => page.locator('[data-test="backtest-job"]').getAttribute('data-status'), { timeout: 120_000, interval: 500 }).toBe('succeeded');
    for (const chart of ['backtest-weeks-chart', 'backtest-load-chart', 'backtest-manager-chart']) await page.locator(`[data-test="${chart}"] canvas`).first().waitFor();
    await page.waitForLoadState('networkidle');

    // 3. the report as the API gives it
    const listed = (await hr('GET', `/api/v1/backtests?workflowId=${workflowId}`)).body.items as Array<{ id: number }>;
    expect(listed).toHaveLength(1);
    const backtest = (await hr('GET', `/api/v1/backtests/${listed[0]!.id}`)).body;
    expect(backtest.status).toBe('succeeded');
    const result = backtest.result;
    expect(result.employees).toBeGreaterThan(0);
    expect(result.totals.employees).toBe(result.employees);
    // the draft would have assigned tasks, called the connector and mailed managers (the checks below are not vacuous)
    expect(result.totals.tasks).toBeGreaterThan(0);
    expect(result.totals.actions).toBeGreaterThan(0);
    expect(result.totals.notifications).toBeGreaterThan(0);
    console.log(`demo backtest #${backtest.id} over ${result.window.from}–${result.window.to}: ${JSON.stringify(result.totals)}; engine before: ${JSON.stringify(before)}`);
    expect(await page.locator('[data-test="backtest-total-employees"] .cf-bt-figure__value').textContent()).toBe(result.employees.toLocaleString('en'));
    expect(await page.locator('[data-test="backtest-total-runs"] .cf-bt-figure__value').textContent()).toBe(result.totals.runs.toLocaleString('en'));
    await page.locator('[data-test="backtest-panel"]').evaluate((el) => el.closest('.el-drawer__body')?.scrollTo(0, 0));
    await shot('03-backtest-report');

    // 4. the affected employees table, page by page, lists exactly the report's employees
    const table = page.locator('[data-test="backtest-employees"]');
    const seen: string[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const expected = (await hr('GET', `/api/v1/backtests/${backtest.id}/employees?offset=${(pageNo - 1) * PAGE}&limit=${PAGE}`)).body.items as Array<{ employeeId: string }>;
      await expect.poll(() => table.locator(`[data-test="backtest-evidence-${expected[0]!.employeeId}"]`).count()).toBe(1);
      const ids = await table.locator('.el-table__row [data-test^="backtest-evidence-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')!.slice('backtest-evidence-'.length)));
      expect(ids).toEqual(expected.map((e) => e.employeeId));
      seen.push(...ids);
      const next = page.locator('[data-test="backtest-panel"] .el-pagination .btn-next');
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.click();
    }
    expect(seen).toHaveLength(result.employees);
    expect(new Set(seen).size).toBe(result.employees);

    // 5. one employee's simulated runs open with their evidence (the KPI readings)
    const first = (await hr('GET', `/api/v1/backtests/${backtest.id}/employees?offset=0&limit=1`)).body.items[0] as { employeeId: string };
    if (seen.length > PAGE) await page.locator('[data-test="backtest-panel"] .el-pagination .number').first().click();
    await page.locator(`[data-test="backtest-evidence-${first.employeeId}"]`).click();
    await page.locator('[data-test="backtest-employee"] [data-test="backtest-employee-run"]').first().waitFor();
    await page.locator('[data-test="backtest-employee"] [data-test="readings"]').first().waitFor();
    await page.locator('[data-test="backtest-employee"] [data-test="readings-chart"] canvas').first().waitFor();
    await shot('04-backtest-evidence');
    await page.keyboard.press('Escape');
    await page.locator('[data-test="backtest-employee"]').waitFor({ state: 'hidden' });

    // 6. nothing was done: no run, task, approval, notification, mail or connector call
    const after = await sideEffects();
    expect(after).toEqual(before);
    expect(after.connectorCalls).toBe(0);
    expect(browser.problems).toEqual([]);
  });
});
