/**
 * Browser end-to-end support (tests/e2e): the built designer (rebuilt when designer/src is newer),
 * headless Debian Chromium driven by playwright-core with every console error, page error, failed
 * request and HTTP error collected, screenshots, and the sign-in form.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO } from './engine-cluster.js';

export const DIST = join(REPO, 'designer/dist');
export const SHOTS = join(REPO, 'tests/test-artifacts/screenshots');

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

/** Builds designer/dist unless it is newer than every file of designer/src. */
export function ensureDesignerBuilt(): void {
  const index = join(DIST, 'index.html');
  const stale = !existsSync(index) || newest(join(REPO, 'designer/src')) > statSync(index).mtimeMs;
  if (!stale) return;
  // Without VITEST in the environment: the designer's vite config drops element-plus CSS under vitest.
  const { VITEST: _v, VITEST_MODE: _m, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, NODE_ENV: _n, ...env } = process.env;
  execFileSync('pnpm', ['--filter', '@coachflow/designer', 'build'], { cwd: REPO, stdio: 'inherit', env });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, failed requests and HTTP answers ≥ 400, in order. */
  problems: string[];
  close(): Promise<void>;
}

/** Headless Chromium (a fresh profile) with one page that records every problem it meets. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  const profileDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1600, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot to tests/test-artifacts/screenshots/<name>.png (after transitions settle). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(350); // let element-plus transitions (tags, drawers) finish
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** An element-plus input or textarea found by its data-test (on the control or its wrapper). */
export function field(page: Page, test: string): Locator {
  return page.locator(`input[data-test="${test}"], textarea[data-test="${test}"], [data-test="${test}"] input, [data-test="${test}"] textarea`).first();
}

/** Fills and submits the sign-in form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('[data-test="sign-in-email"]').first().waitFor();
  await field(page, 'sign-in-email').fill(email);
  await field(page, 'sign-in-password').fill(password);
  await page.locator('[data-test="sign-in-submit"]').click();
}
