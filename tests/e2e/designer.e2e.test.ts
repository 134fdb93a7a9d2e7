/**
 * Browser end-to-end smoke test of the designer against the real engine (embedded mode):
 * workflows list in zh-CN → English; build "KPI deviation → coaching" on a blank canvas by
 * dragging trigger → condition → task → end and connecting handles; compose
 * `streak >= 3 AND job family = sales` in the visual rule builder; assign the task to the direct
 * manager with the GROW form; save and publish; post a kpi.deviation event through the API; complete
 * the task in the inbox (GROW, ticking training); open the run replay and see the path succeeded.
 * A screenshot per stage goes to tests/test-artifacts/screenshots/; any console error or page
 * error fails the test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { kpiDeviation, ORG } from '../support/factories.js';
import { waitFor } from '../support/wait.js';

const DIST = join(REPO, 'designer/dist');
const SHOTS = join(REPO, 'tests/test-artifacts/screenshots');

/** Newest modification time under a folder (to rebuild a stale dist). */
function newest(dir: string): number {
  let max = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    max = Math.max(max, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return max;
}

function ensureDesignerBuilt(): void {
  const index = join(DIST, 'index.html');
  const stale = !existsSync(index) || newest(join(REPO, 'designer/src')) > statSync(index).mtimeMs;
  if (!stale) return;
  // Without VITEST in the environment: the designer's vite config drops element-plus CSS under vitest.
  const { VITEST: _v, VITEST_MODE: _m, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, NODE_ENV: _n, ...env } = process.env;
  execFileSync('pnpm', ['--filter', '@coachflow/designer', 'build'], { cwd: REPO, stdio: 'inherit', env });
}

let cluster: EngineCluster;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const problems: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

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

async function selectNode(id: string): Promise<void> {
  await page.locator(`.vue-flow__node[data-id="${id}"] .cf-node__title`).click();
  await page.locator('.cf-config__form').waitFor();
}

describe('designer end to end (real engine, headless Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ensureDesignerBuilt();
    cluster = await EngineCluster.start({ name: 'e2e', mode: 'embedded', env: { STATIC_DIR: DIST } });
    const seeded = await cluster.api('PUT', '/api/v1/employees', { employees: ORG });
    expect(seeded.status).toBeLessThan(300);
    profileDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1600, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`http ${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await cluster?.stop();
  });

  it('builds, publishes and runs the KPI deviation → coaching workflow through the UI', async () => {
    onTestFailed(async () => {
      await shot('failure').catch(() => undefined);
      if (problems.length) console.error(`browser problems:\n${problems.join('\n')}`);
    });
    // 1. workflows list, zh-CN by default
    await page.goto(`${cluster.baseUrl}/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('工作流');
    await expect.poll(() => page.locator('[data-nav="inbox"]').textContent()).toContain('待办');
    await shot('01-workflows-zh-CN');

    // 2. English switch changes the labels
    await page.locator('[data-test="locale-switch"]').getByText('English').click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Workflows');
    await expect.poll(() => page.locator('[data-nav="inbox"]').textContent()).toContain('Inbox');
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

    // 7. save and publish
    await page.locator('[data-test="save"]').click();
    await page.locator('.el-message--success').first().waitFor();
    await expect.poll(() => page.locator('[data-test="publish"]').isEnabled()).toBe(true);
    await page.locator('[data-test="publish"]').click();
    await page.locator('[data-test="publish-note"] textarea, textarea[data-test="publish-note"]').first().fill('e2e: streak ≥ 3 and sales');
    await page.locator('[data-test="publish-confirm"]').click();
    await page.locator('.el-message--success', { hasText: 'Published version v1' }).waitFor();
    await shot('06-published');

    // 8. a KPI deviation event through the API starts a run that waits on the task
    const ingested = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `e2e-${Date.now()}`, payload: kpiDeviation('E9003', 3) });
    expect(ingested.status).toBe(202);
    expect(ingested.body.runIds).toHaveLength(1);
    const runId = String(ingested.body.runIds[0]);
    await waitFor('the coaching task', async () => ((await cluster.api('GET', '/api/v1/tasks?status=open')).body?.items ?? []).length > 0, 30_000, 200);

    // 9. the inbox shows the task with its evidence; complete GROW ticking training
    await page.locator('[data-nav="inbox"]').click();
    const row = page.locator('.el-table__row', { hasText: '李雷' }).first();
    await row.waitFor();
    await row.click();
    await page.locator('[data-test="readings"]').waitFor();
    await expect.poll(() => page.locator('[data-test="readings"] .el-table__row').count()).toBe(3);
    await shot('07-inbox-task');
    for (const [field, text] of [
      ['goal', 'Back to 100k per week within a month'],
      ['reality', 'Three weeks below range; objections from key accounts'],
      ['options', 'Objection-handling training; pair with a senior rep'],
      ['will', 'Enrol in training this week, review in two weeks'],
    ]) {
      await page.locator(`[data-test="answer-${field}"] textarea, textarea[data-test="answer-${field}"]`).first().fill(text as string);
    }
    await page.locator('[data-test="c-training"]').first().click();
    await page.locator('[data-test="c-competency"]').first().fill('customer objection handling');
    await shot('08-grow-form');
    await expect.poll(() => page.locator('[data-test="submit-task"]').isEnabled()).toBe(true);
    await page.locator('[data-test="submit-task"]').click();
    await waitFor('the task to be completed', async () => ((await cluster.api('GET', '/api/v1/tasks?status=open')).body?.items ?? []).length === 0, 30_000, 200);
    await waitFor('the run to succeed', async () => (await cluster.api('GET', `/api/v1/runs/${runId}`)).body?.status === 'succeeded', 30_000, 200);

    // 10. the run replay: every node on the path is green (succeeded)
    await page.locator('[data-nav="runs"]').click();
    await page.locator('.el-table__row').first().waitFor();
    await page.goto(`${cluster.baseUrl}/runs/${runId}`, { waitUntil: 'networkidle' });
    await page.locator('.vue-flow__node').first().waitFor();
    await expect.poll(() => page.locator('.cf-node[data-status="succeeded"]').count()).toBe(4);
    for (const id of ['trigger_1', 'condition_1', 'task_1', 'end_1']) {
      expect(await page.locator(`.vue-flow__node[data-id="${id}"] .cf-node`).getAttribute('data-status')).toBe('succeeded');
    }
    await shot('09-run-replay');

    expect(problems).toEqual([]);
  });
});
