/** Helpers of the connector-plugin tests: the engine CLI with a cluster's environment, npm-packed tarballs, fixture plugins. */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO, type EngineCluster } from './engine-cluster.js';

const run = promisify(execFile);

export const FIXTURE_PLUGINS = join(REPO, 'tests/fixtures/plugins');

/** A fresh data dir (key file, installed plugins) for one cluster. */
export function tempDataDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `coachflow-${prefix}-`));
}

/** Runs `engine <args>` with the cluster's database, data dir and queue settings. */
export async function engineCli(cluster: EngineCluster, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; json: any }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(REPO, 'engine/bin/engine.mjs'), ...args], { cwd: REPO, env: { ...process.env, ...cluster.env, ...extraEnv, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += String(d)));
    child.stderr?.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => {
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        /* not JSON */
      }
      ok({ code, stdout, stderr, json });
    });
  });
}

/** `npm pack` of a folder into `outDir`; returns the tarball path. */
export async function npmPack(dir: string, outDir: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--pack-destination', outDir, '--silent', '--ignore-scripts'], { cwd: dir, timeout: 60_000 });
  const name = stdout.trim().split('\n').pop() as string;
  return join(outDir, name);
}

/** A copy of the stamp plugin at another version (its output says which version ran). */
export function stampVersion(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), `coachflow-stamp-${version}-`));
  cpSync(join(FIXTURE_PLUGINS, 'stamp'), dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  pkg.version = version;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const src = join(dir, 'lib/index.js');
  writeFileSync(src, readFileSync(src, 'utf8').replace(/const VERSION = '[^']*'/, `const VERSION = '${version}'`));
  return dir;
}
