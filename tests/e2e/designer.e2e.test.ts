/**
 * Browser end-to-end test of the reference scenario through the designer against the real engine
 * (embedded mode), signed in as each person:
 * - HR admin (the bootstrap admin) signs in (a wrong password first: the page says so), sees the
 *   workflows list in zh-CN, switches to English; builds "KPI deviation → coaching" on a blank
 *   canvas by dragging trigger → condition → task → end and connecting handles; composes
 *   `streak >= 3 AND job family = sales` in the visual rule builder; assigns the task to the direct
 *   manager with the GROW form; test-runs the draft on a sample payload and sees the path
 *   highlighted; saves and publishes. (The rotation-approval workflow is published through the API.)
 * - KPI readings are posted through the API (a kpi.deviation event).
 * - The manager signs in, sees the bell's unread count and the task with its evidence (readings
 *   table and chart), completes GROW ticking training and rotation.
 * - The skip-level manager signs in and approves the rotation in the inbox (an authenticated POST),
 *   and sees the strategy view (executive).
 * - Back as HR admin: the run replay shows every node green; the audit chain verifies; the IT pages
 *   (connectors, system health) open.
 * - Backtest (issue 9): a sales history is posted through the API (two teams, a weekly KPI, ten weeks
 *   of readings); the HR admin lowers the draft's streak threshold to 2 and caps the coaching tasks at one a week (unsaved) and backtests it
 *   over the last 13 weeks in the editor's Backtest panel: progress to done, the runs-per-week and
 *   manager-load charts, the affected employees (one opens with its evidence), who the draft adds
 *   compared with the published version; the backtest's own page reopens it (kept, linkable).
 * A screenshot per stage goes to tests/test-artifacts/screenshots/; any console error, page error
 * or HTTP error (other than the deliberate wrong password) fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DIST, ensureDesignerBuilt, field as fieldOf, launchBrowser, screenshot, signIn as signInOn, type Browser } from '../support/browser.js';
import { EngineCluster, REPO, TEST_ADMIN } from '../support/engine-cluster.js';
import { kpiDeviation, ORG } from '../support/factories.js';
import { TEST_PASSWORD, tokenFor } from '../support/people.js';
import { waitFor } from '../support/wait.js';
import { addPeriods, periodOfDate } from '../../engine/src/domain/period.js';

/** The sales history of the backtest stage: [id, name, team, manager, job family]. */
const HISTORY_PEOPLE: Array<[string, string, string, string, string]> = [
  ['E9100', '周一 Zhou Yi', 'T-SOUTH', 'E9001', 'sales'],
  ['E9101', '周二 Zhou Er', 'T-SOUTH', 'E9001', 'sales'],
  ['E9102', '周三 Zhou San', 'T-SOUTH', 'E9001', 'sales'],
  ['E9103', '周四 Zhou Si', 'T-NORTH', 'E9000', 'sales'],
  ['E9104', '周五 Zhou Wu', 'T-NORTH', 'E9000', 'engineering'],
  ['E9105', '周六 Zhou Liu', 'T-NORTH', 'E9000', 'sales'],
];
/** Weeks (0..9, the last is last week) each of them sold below the expected range. */
const HISTORY_BELOW: number[][] = [[2, 3, 4, 5], [5, 6], [], [0, 1, 2, 6, 7, 8], [1, 2, 3, 4], [7, 8, 9]];

let cluster: EngineCluster;
let browser: Browser;
let page: Page;
let problems: string[] = [];
/** Problems caused on purpose (the wrong password), removed before the final check. */
const expected = (p: string) => p.includes('/api/v1/auth/sign-in') && p.includes('401');

const shot = (name: string): Promise<void> => screenshot(page, name);

/** Picks `text` in an element-plus select (opened by clicking `select`, options in a teleported popper). */
async function choose(select: Locator, text: string | RegExp, filter?: string): Promise<void> {
  await select.click();
  if (filter) await page.keyboard.type(filter);
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first();
  await option.click();
  await expectNoPopper();
}

async function expectNoPopper(): Promise<void> {
  await page.waitForTimeout(150);
}

/** Drags a palette entry onto the canvas at fractions (fx, fy) of the canvas size. */
async function dropFromPalette(entry: string, fx: number, fy: number): Promise<void> {
  const canvas = page.locator('.cf-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('canvas not visible');
  await page.locator(`.cf-palette__entry[data-entry="${entry}"]`).dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
}

/** Connects a source handle to a target node's input by dragging with the mouse. */
async function connect(sourceId: string, handle: string, targetId: string): Promise<void> {
  const from = page.locator(`.vue-flow__node[data-id="${sourceId}"] .vue-flow__handle[data-handleid="${handle}"]`);
  const to = page.locator(`.vue-flow__node[data-id="${targetId}"] .vue-flow__handle.target`);
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error(`handles not found: ${sourceId}.${handle} → ${targetId}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

const field = (test: string): Locator => fieldOf(page, test);
const signIn = (email: string, password: string): Promise<void> => signInOn(page, email, password);

async function signOut(): Promise<void> {
  await page.locator('[data-test="user-menu"]').click();
  await page.locator('[data-test="sign-out"]').click();
  await page.waitForURL(/\/sign-in/);
  await page.locator('[data-test="sign-in-email"]').first().waitFor();
}

async function selectNode(id: string): Promise<void> {
  await page.locator(`.vue-flow__node[data-id="${id}"] .cf-node__title`).click();
  await page.locator('.cf-config__form').waitFor();
}

describe('designer end to end (real engine, headless Chromium)', () => {
  beforeAll(async () => {
    ensureDesignerBuilt();
    cluster = await EngineCluster.start({ name: 'e2e', mode: 'embedded', env: { STATIC_DIR: DIST } });
    const seeded = await cluster.api('PUT', '/api/v1/employees', { employees: ORG });
    expect(seeded.status).toBeLessThan(300);
    // a strategic objective with team goals (two stalling) and two weekly drift analyses, for the executive's view
    const history = (values: number[]) => values.map((progress, i) => ({ period: `2026-W${String(i + 1).padStart(2, '0')}`, progress }));
    const goals = await cluster.api('PUT', '/api/v1/goals', {
      objectives: [{ id: 'OBJ-GROWTH', title: '华南区销售增长 20%', titleEn: 'Grow South China sales by 20%', ownerIds: ['E9000'], keyResults: [{ id: 'KR-NEW', title: '新客户 50 家', ownerId: null, target: 50, startPeriod: '2026-W01', deadline: '2026-W12' }] }],
      goals: [
        { id: 'G-NORTH', title: 'North team revenue', level: 'team', objectiveId: 'OBJ-GROWTH', teamId: 'T-NORTH', target: 100, startPeriod: '2026-W01', deadline: '2026-W12', history: history([8, 16, 25, 33, 41, 50, 58]) },
        { id: 'G-SOUTH', title: 'South team revenue', level: 'team', objectiveId: 'OBJ-GROWTH', teamId: 'T-SOUTH', target: 100, startPeriod: '2026-W01', deadline: '2026-W12', history: history([5, 6, 6, 7, 7, 7, 7]) },
        { id: 'G-EAST', title: 'East team revenue', level: 'team', objectiveId: 'OBJ-GROWTH', teamId: 'T-EAST', target: 100, startPeriod: '2026-W01', deadline: '2026-W12', history: history([10, 15, 18, 20, 20, 20, 20]) },
      ],
    });
    expect(goals.status, JSON.stringify(goals.body)).toBe(200);
    for (const period of ['2026-W06', '2026-W07']) expect((await cluster.api('POST', '/api/v1/strategy-drift/analyses', { period })).status).toBe(201);
    // the people of the scenario: Han Meimei manages Li Lei; Wang Zong is the skip-level (and an executive); Zhang Wei the HRBP
    await tokenFor(cluster, { employeeId: 'E9001', roles: ['manager', 'employee'] });
    await tokenFor(cluster, { employeeId: 'E9000', roles: ['manager', 'executive', 'employee'] });
    await tokenFor(cluster, { employeeId: 'E9002', roles: ['hr_admin', 'employee'] });
    browser = await launchBrowser();
    ({ page, problems } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('plays the reference scenario through the UI, signed in as HR admin, manager and skip-level manager', async () => {
    onTestFailed(async () => {
      await shot('failure').catch(() => undefined);
      if (problems.length) console.error(`browser problems:\n${problems.join('\n')}`);
    });
    // 0. signed out: the sign-in page (zh-CN); a wrong password is refused with a message
    await page.goto(`${cluster.baseUrl}/workflows`, { waitUntil: 'networkidle' });
    await page.waitForURL(/\/sign-in\?redirect=/);
    await signIn(TEST_ADMIN.email, 'not-the-password');
    await expect.poll(() => page.locator('[data-test="sign-in-error"]').textContent()).toContain('邮箱或密码错误');
    await shot('00-sign-in-refused');

    // 1. the HR admin signs in and lands on the workflows list, zh-CN by default
    await signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.waitForURL(/\/workflows$/);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('工作流');
    await expect.poll(() => page.locator('[data-nav="audit"]').textContent()).toContain('审计日志');
    // role-aware navigation: hr_admin + it_admin see the union of their pages; no inbox without a person
    expect(await page.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')))).toEqual(['workflows', 'runs', 'connectors', 'tokens', 'health', 'audit']);
    await shot('01-workflows-zh-CN');

    // 2. English switch changes the labels
    await page.locator('[data-test="locale-switch"]').getByText('English').click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Workflows');
    await expect.poll(() => page.locator('[data-nav="runs"]').textContent()).toContain('Runs');
    await expect.poll(() => page.locator('[data-test="new-workflow"]').textContent()).toContain('New workflow');
    await shot('02-workflows-en');

    // 3. a new workflow on a blank canvas
    await page.locator('[data-test="new-workflow"]').click();
    await page.locator('[data-test="new-name"]').fill('KPI deviation → coaching (e2e)');
    const trigger = page.locator('.el-dialog [data-test="new-trigger"]');
    await trigger.hover();
    await page.locator('.el-dialog .el-select__clear').click();
    await page.locator('[data-test="create-confirm"]').click();
    await page.locator('.cf-canvas').waitFor();
    await page.waitForURL(/\/workflows\/\d+/);
    const workflowPath = new URL(page.url()).pathname;
    expect(await page.locator('.vue-flow__node').count()).toBe(0);

    // 4. drag trigger → condition → task → end from the palette and connect them
    await dropFromPalette('trigger', 0.14, 0.15);
    await page.locator('.vue-flow__node[data-id="trigger_1"]').waitFor();
    await choose(page.locator('[data-field="event"] .el-select'), 'KPI off its expected range');
    await dropFromPalette('condition', 0.45, 0.35);
    await dropFromPalette('task', 0.76, 0.15);
    await dropFromPalette('end', 0.76, 0.6);
    await expect.poll(() => page.locator('.vue-flow__node').count()).toBe(4);
    await connect('trigger_1', 'out', 'condition_1');
    await connect('condition_1', 'true', 'task_1');
    await connect('task_1', 'out', 'end_1');
    await expect.poll(() => page.locator('.vue-flow__edge').count()).toBe(3);
    await page.locator('[data-test="auto-layout"]').click();
    await page.waitForTimeout(400);
    await shot('03-canvas-connected');

    // 5. the rule in the visual builder: trigger.streak >= 3 AND employee.jobFamily == sales
    await selectNode('condition_1');
    const rule = page.locator('[data-field="rule"]');
    await rule.locator('[data-test="rule-add-condition"]').click();
    await choose(rule.locator('[data-test="operand-var"]').nth(0), /^trigger\.streak/, 'trigger.streak');
    await choose(rule.locator('[data-test="rule-op"]').nth(0), /^at least$/);
    await rule.locator('.cf-value--number input').first().fill('3');
    await rule.locator('.cf-value--number input').first().blur();
    await rule.locator('[data-test="rule-add-condition"]').last().click();
    await choose(rule.locator('[data-test="operand-var"]').nth(1), /^employee\.jobFamily/, 'employee.jobFamily');
    await rule.locator('[data-test="rule-condition"]').nth(1).locator('input[data-test="rule-value"]').fill('sales');
    await expect.poll(() => rule.locator('[data-test="rule-preview-result"]').textContent()).toBe('true');
    // the JSON view shows exactly the rule the builder composed
    await rule.locator('[data-test="rule-view-json"]').click();
    const json = JSON.parse((await rule.locator('textarea').first().inputValue()) || 'null');
    expect(json).toEqual({ and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] });
    await rule.locator('[data-test="rule-view-visual"]').click();
    await shot('04-rule-builder');

    // 6. the task: direct manager, GROW form
    await selectNode('task_1');
    await page.locator('[data-field="title"] input').fill('辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周低于预期');
    await choose(page.locator('[data-field="assignee"] .el-select').first(), 'Direct manager');
    await choose(page.locator('[data-field="form"] .el-select'), /GROW/);
    await shot('05-task-config');

    // 7. test run on a sample payload (Li Lei, 3 weeks below range): the path is highlighted, nothing is sent
    await page.locator('[data-test="test-run"]').click();
    await page.locator('[data-test="test-run-panel"]').waitFor();
    expect(JSON.parse(await field('test-payload').inputValue())).toHaveProperty('employeeId');
    await field('test-payload').fill(JSON.stringify(kpiDeviation('E9003', 3), null, 2));
    await page.locator('[data-test="test-run-go"]').click();
    await expect.poll(() => page.locator('[data-test="test-run-status"]').getAttribute('data-status')).toBe('succeeded');
    await expect.poll(() => page.locator('.vue-flow__node .cf-node[data-status="succeeded"]').count()).toBe(4);
    expect(await page.locator('.vue-flow__edge.cf-edge--path').count()).toBe(3);
    // a node's simulated input/output on click
    await page.locator('.vue-flow__node[data-id="condition_1"] .cf-node__title').click();
    await expect.poll(() => page.locator('[data-test="test-run-panel"] .cf-inspector__step').count()).toBeGreaterThan(0);
    await shot('06-test-run');
    expect((await cluster.api('GET', '/api/v1/tasks?status=open')).body.items).toEqual([]);
    await page.locator('[data-test="test-run"]').click();
    await expect.poll(() => page.locator('.vue-flow__node .cf-node[data-status]').count()).toBe(0);

    // 8. save and publish
    await page.locator('[data-test="save"]').click();
    await page.locator('.el-message--success').first().waitFor();
    await expect.poll(() => page.locator('[data-test="publish"]').isEnabled()).toBe(true);
    await page.locator('[data-test="publish"]').click();
    await page.locator('[data-test="publish-note"] textarea, textarea[data-test="publish-note"]').first().fill('e2e: streak ≥ 3 and sales');
    await page.locator('[data-test="publish-confirm"]').click();
    await page.locator('.el-message--success', { hasText: 'Published version v1' }).waitFor();
    await shot('07-published');

    // the rotation follow-up (approval by the skip-level manager, then the HRBP) is published through the API
    const rotation = JSON.parse(readFileSync(join(REPO, 'tests/fixtures/workflows/rotation-approval.workflow.json'), 'utf8'));
    const created = await cluster.api('POST', '/api/v1/workflows', { name: '轮岗建议 → 审批 (e2e)', definition: rotation.definition ?? rotation });
    expect(created.status).toBe(201);
    expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, { note: 'e2e' })).status).toBe(201);

    // 9. KPI readings through the API start a run that waits on the manager's task
    const ingested = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `e2e-${Date.now()}`, payload: kpiDeviation('E9003', 3) });
    expect(ingested.status).toBe(202);
    expect(ingested.body.runIds).toHaveLength(1);
    const runId = String(ingested.body.runIds[0]);
    await waitFor('the coaching task', async () => ((await cluster.api('GET', '/api/v1/tasks?status=open')).body?.items ?? []).length > 0, 30_000, 200);

    // 10. the manager signs in: the bell counts the new task; the inbox shows it with its evidence
    await signOut();
    await signIn('e9001@coachflow.test', TEST_PASSWORD);
    await page.waitForURL(/\/inbox/);
    await expect.poll(() => page.locator('[data-test="bell-count"]').textContent(), { timeout: 15_000 }).toMatch(/[1-9]/);
    expect(await page.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')))).toEqual(['inbox', 'runs', 'me']);
    const row = page.locator('[data-test="task-table"] .el-table__row', { hasText: '李雷' }).first();
    await row.waitFor();
    await shot('08-manager-inbox');
    await row.click();
    await page.locator('[data-test="readings"]').waitFor();
    await expect.poll(() => page.locator('[data-test="readings"] .el-table__row').count()).toBe(3);
    await page.locator('[data-test="readings-chart"] canvas').first().waitFor();
    await shot('09-task-evidence');
    for (const [name, text] of [
      ['goal', 'Back to 100k per week within a month'],
      ['reality', 'Three weeks below range; objections from key accounts'],
      ['options', 'Objection-handling training; pair with a senior rep'],
      ['will', 'Enrol in training this week, review in two weeks'],
    ]) {
      await field(`answer-${name}`).fill(text as string);
    }
    await page.locator('[data-test="c-training"]').first().click();
    await field('c-competency').fill('customer objection handling');
    await page.locator('[data-test="c-rotation"]').first().click();
    await field('c-rotation-reason').fill('Strong product knowledge; key-account team fits better');
    await shot('10-grow-form');
    await expect.poll(() => page.locator('[data-test="submit-task"]').isEnabled()).toBe(true);
    await page.locator('[data-test="submit-task"]').click();
    await page.locator('.el-message--success').first().waitFor();
    await waitFor('the task to be completed', async () => ((await cluster.api('GET', '/api/v1/tasks?status=open')).body?.items ?? []).length === 0, 30_000, 200);
    await waitFor('the run to succeed', async () => (await cluster.api('GET', `/api/v1/runs/${runId}`)).body?.status === 'succeeded', 30_000, 200);
    const approval = await waitFor('the rotation approval', async () => ((await cluster.api('GET', '/api/v1/approvals?status=pending')).body?.items ?? []).find((a: { employeeId: string }) => a.employeeId === 'E9003'), 30_000, 200);

    // 11. the skip-level manager signs in and approves the rotation (an authenticated POST)
    await signOut();
    await signIn('e9000@coachflow.test', TEST_PASSWORD);
    await page.waitForURL(/\/inbox/);
    await page.locator('[data-test="tab-approvals"]').click();
    const approvalRow = page.locator('[data-test="approval-table"] .el-table__row').first();
    await approvalRow.waitFor();
    await approvalRow.click();
    await page.locator('[data-test="approval-panel"]').waitFor();
    await page.waitForTimeout(400); // the drawer slides in
    await field('approval-comment').fill('同意：先在大客户组试岗三个月');
    await shot('11-rotation-approval');
    await page.locator('[data-test="approve"]').click();
    await page.locator('.el-message--success').first().waitFor();
    await waitFor('the skip-level decision', async () => {
      const a = (await cluster.api('GET', `/api/v1/approvals/${approval.id}`)).body;
      return a?.decisions?.some((d: { by: string; decision: string; comment?: string }) => d.by === 'E9000' && d.decision === 'approved' && d.comment === '同意：先在大客户组试岗三个月');
    }, 15_000, 200);
    await expect.poll(() => page.locator('[data-test="approval-table"] .el-table__row').count()).toBe(0);
    // the executive's strategy view (aggregates only)
    await page.locator('[data-nav="strategy"]').click();
    await page.locator('[data-test="objective-OBJ-GROWTH"]').waitFor();
    await page.locator('[data-test="trend-chart"] canvas').first().waitFor();
    await page.locator('[data-test="heatmap-chart"] canvas').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shot('12-strategy');

    // 12. back as HR admin: the run replay shows every node green, with the "why"
    await signOut();
    await signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.waitForURL(/\/workflows$/);
    await page.locator('[data-nav="runs"]').click();
    await page.waitForURL(/\/runs$/);
    await page.locator('.el-table__row', { hasText: 'KPI deviation → coaching (e2e)' }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.goto(`${cluster.baseUrl}/runs/${runId}`, { waitUntil: 'networkidle' });
    await page.locator('.vue-flow__node').first().waitFor();
    await expect.poll(() => page.locator('.cf-node[data-status="succeeded"]').count()).toBe(4);
    for (const id of ['trigger_1', 'condition_1', 'task_1', 'end_1']) {
      expect(await page.locator(`.vue-flow__node[data-id="${id}"] .cf-node`).getAttribute('data-status')).toBe('succeeded');
    }
    await page.locator('.cf-replay__tabs .el-tabs__item', { hasText: /Why|为什么/ }).click();
    await expect.poll(async () => ((await page.locator('[data-test="run-why"] .cf-why__summary').textContent()) ?? '').length).toBeGreaterThan(10);
    await shot('13-run-replay');

    // 13. the audit log verifies its hash chain; the IT pages open
    await page.locator('[data-nav="audit"]').click();
    await page.locator('[data-test="audit-table"] .el-table__row').first().waitFor();
    await page.locator('[data-test="audit-verify"]').click();
    await page.locator('[data-test="audit-verification"].el-alert--success').waitFor();
    await shot('14-audit');
    await page.locator('[data-nav="connectors"]').click();
    await page.locator('[data-test="plugin-table"] .el-table__row').first().waitFor();
    await shot('15-connectors');
    await page.locator('[data-nav="health"]').click();
    await expect.poll(() => page.locator('[data-test="health-ready"]').textContent()).toMatch(/Ready|就绪/);
    await shot('16-health');

    // 14. backtest the draft on history. After the scenario (its own runs stay as they were), a sales
    // history through the API: two teams, a weekly sales KPI and ten weeks of readings up to last week
    // (the import starts the published workflow's real runs too; the backtest makes none).
    const imported = await cluster.api('POST', '/api/v1/directory/imports', {
      format: 'json',
      mode: 'delta',
      maxChangeShare: 1,
      data: {
        teams: [
          { id: 'T-SOUTH', name: '华南销售 South sales', managerId: 'E9001' },
          { id: 'T-NORTH', name: '华北销售 North sales', managerId: 'E9000' },
        ],
        employees: HISTORY_PEOPLE.map(([id, name, teamId, managerId, jobFamily]) => ({ id, name, teamId, managerId, jobFamily, hrbpId: 'E9002' })),
      },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect((await cluster.api('PUT', '/api/v1/kpis', { kpis: [{ id: 'sales_amount', name: '销售额', unit: 'CNY', period: 'week', direction: 'higher_is_better', range: { low: 100000, high: 160000 } }] })).status).toBe(200);
    const lastWeek = addPeriods(periodOfDate(new Date().toISOString(), 'week'), -1);
    const readings = HISTORY_PEOPLE.flatMap(([employeeId], i) =>
      Array.from({ length: 10 }, (_, w) => ({ employeeId, kpiId: 'sales_amount', period: addPeriods(lastWeek, w - 9), value: HISTORY_BELOW[i]?.includes(w) ? 80000 + w * 500 : 120000 + w * 500 })),
    );
    const posted = await cluster.api('POST', '/api/v1/kpi-readings', { readings });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    // the HR admin opens the workflow, lowers the streak threshold to 2 in the draft (unsaved) and backtests it over the last 13 weeks
    await page.goto(`${cluster.baseUrl}${workflowPath}`, { waitUntil: 'networkidle' });
    await page.locator('.vue-flow__node[data-id="condition_1"]').waitFor();
    await selectNode('condition_1');
    await page.locator('[data-field="rule"] .cf-value--number input').first().fill('2');
    await page.locator('[data-field="rule"] .cf-value--number input').first().blur();
    await page.locator('[data-test="dirty"]').waitFor();
    // and caps the coaching tasks at one per manager and week
    await selectNode('task_1');
    await page.locator('[data-field="loadCap.perWeek"] input').fill('1');
    await page.locator('[data-field="loadCap.perWeek"] input').press('Tab');
    await page.locator('[data-test="backtest"]').click();
    await page.locator('[data-test="backtest-panel"]').waitFor();
    await page.locator('[data-test="backtest-preset-13"]').click();
    await page.locator('[data-test="backtest-start"]').click();
    await expect.poll(() => page.locator('[data-test="backtest-job"]').getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    await page.locator('[data-test="backtest-weeks-chart"] canvas').first().waitFor();
    await page.locator('[data-test="backtest-load-chart"] canvas').first().waitFor();
    await page.locator('[data-test="backtest-manager-chart"] canvas').first().waitFor();
    // everyone with a reading below the range had runs (周三 had none); the draft adds 周二 (a streak of exactly 2)
    await expect.poll(() => page.locator('[data-test="backtest-employees"] .el-table__row').count()).toBe(5);
    expect(await page.locator('[data-test="backtest-total-employees"] .cf-bt-figure__value').textContent()).toBe('5');
    // 王总 would have received two coaching tasks in one week: the cap queues one
    expect(Number(await page.locator('[data-test="backtest-total-queuedTasks"] .cf-bt-figure__value').textContent())).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-test="backtest-added"]').textContent()).toContain('周二');
    expect(await page.locator('[data-test="backtest-teams"]').textContent()).toContain('华南销售');
    expect(await page.locator('[data-test="backtest-paths"]').textContent()).toContain('trigger_1 → condition_1 → task_1');
    await page.locator('[data-test="backtest-panel"]').evaluate((el) => el.closest('.el-drawer__body')?.scrollTo(0, 0));
    await shot('17-backtest');
    // the affected list opens an employee's simulated runs with the evidence (the KPI readings)
    await page.locator('[data-test="backtest-evidence-E9100"]').click();
    await page.locator('[data-test="backtest-employee"] [data-test="readings"]').first().waitFor();
    await page.locator('[data-test="backtest-employee"] [data-test="readings-chart"] canvas').first().waitFor();
    await shot('18-backtest-evidence');
    await page.keyboard.press('Escape');
    await page.locator('[data-test="backtest-employee"]').waitFor({ state: 'hidden' });
    // kept and linkable: the backtest's own page reopens it (leaving the unsaved draft is confirmed)
    const backtests = (await cluster.api('GET', `/api/v1/backtests?workflowId=${workflowPath.split('/').pop()}`)).body.items;
    expect(backtests).toHaveLength(1);
    await page.locator('[data-test="backtest-link"]').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await page.waitForURL(new RegExp(`${workflowPath}/backtests/${backtests[0].id}$`));
    await page.locator('[data-test="backtest-results"]').waitFor();
    await page.locator('[data-test="backtest-weeks-chart"] canvas').first().waitFor();
    await expect.poll(() => page.locator('[data-test="backtest-employees"] .el-table__row').count()).toBe(5);
    expect(await page.locator('[data-test="backtest-history"] .el-table__row').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    await shot('19-backtest-page');
    expect((await cluster.api('GET', `/api/v1/backtests/${backtests[0].id}`)).body.result.totals.runs).toBeGreaterThan(0);

    expect(problems.filter((p) => !expected(p))).toEqual([]);
  });
});
