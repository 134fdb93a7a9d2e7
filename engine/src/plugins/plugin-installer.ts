/**
 * Puts a plugin package on disk: `npm install --prefix <staging> --no-save --ignore-scripts <spec>`
 * (no lifecycle scripts run; peer dependencies such as the SDK are not fetched: the engine provides
 * its own), then moves the staging folder to `<root>/<slug>/<stamp>`. Each install gets a fresh
 * folder, so a new version is a new module URL and loads beside the old one without a restart.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { UserError } from '@coachflow/model';
import { checkManifest, isPackageName, ManifestError, readPackageJson, type PluginManifest } from './plugin-manifest.js';
import type { PluginSourceKind } from './plugin.types.js';

const run = promisify(execFile);

export type InstallSpec = { kind: Exclude<PluginSourceKind, 'builtin'>; target: string };

/** Folder, tarball (.tgz / .tar.gz / .tar) or an npm registry spec (`name`, `name@1.2.3`, `@scope/name@^1`). */
export function classifySpec(spec: string, cwd = process.cwd()): InstallSpec {
  const s = spec.trim();
  if (s === '' || s.length > 1000) throw UserError.badRequest('INVALID_PLUGIN_SPEC', 'give a folder, a .tgz tarball or an npm package spec');
  if (s.startsWith('-')) throw UserError.badRequest('INVALID_PLUGIN_SPEC', 'a plugin spec cannot start with "-"');
  const path = isAbsolute(s) ? s : resolve(cwd, s);
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isDirectory()) return { kind: 'folder', target: path };
    if (/\.(tgz|tar\.gz|tar)$/i.test(path)) return { kind: 'tarball', target: path };
    throw UserError.badRequest('INVALID_PLUGIN_SPEC', `${s} is a file but not a .tgz tarball`);
  }
  if (s.startsWith('.') || s.startsWith('/') || s.startsWith('~') || /\.(tgz|tar\.gz|tar)$/i.test(s)) {
    throw UserError.badRequest('PLUGIN_SOURCE_NOT_FOUND', `no such folder or tarball: ${s}`);
  }
  if (!/^[A-Za-z0-9@/._~:^<>=|*+#-]+$/.test(s)) throw UserError.badRequest('INVALID_PLUGIN_SPEC', `not an npm package spec: ${s}`);
  return { kind: 'npm', target: s };
}

/** The package name an npm spec names, when it is a registry spec (`name@range`). */
export function packageNameOfSpec(spec: string): string | null {
  const m = /^((?:@[^/@]+\/)?[^/@:]+)(?:@.*)?$/.exec(spec);
  return m?.[1] && isPackageName(m[1]) ? m[1] : null;
}

/** Folder-safe form of a package name (`@coachflow/plugin-x` → `coachflow__plugin-x`). */
export function slugOf(name: string): string {
  return name.replace(/^@/, '').replace(/\//g, '__');
}

async function tarballPackageName(path: string): Promise<string | null> {
  try {
    const { stdout } = await run('tar', ['-xzOf', path, 'package/package.json'], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 });
    const name = (JSON.parse(stdout) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

function installedPackages(staging: string): string[] {
  const nm = join(staging, 'node_modules');
  if (!existsSync(nm)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(nm)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of readdirSync(join(nm, entry))) out.push(`${entry}/${sub}`);
    else out.push(entry);
  }
  return out;
}

export interface StagedPlugin {
  manifest: PluginManifest;
  /** The folder that now holds `node_modules/<name>`, relative to the plugins root. */
  installDir: string;
  packageDir: string;
}

export interface InstallerOptions {
  root: string;
  npm: string;
  timeoutMs: number;
}

/** Installs `spec` into a fresh folder under `root` and checks its manifest; cleans up on any failure. */
export async function stagePlugin(spec: InstallSpec, opts: InstallerOptions): Promise<StagedPlugin> {
  let expected: string | null = null;
  if (spec.kind === 'folder') {
    const name = readPackageJson(spec.target).name;
    expected = typeof name === 'string' ? name : null;
  } else if (spec.kind === 'tarball') expected = await tarballPackageName(spec.target);
  else expected = packageNameOfSpec(spec.target);

  const staging = join(opts.root, '.staging', `${Date.now()}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  try {
    const args = ['install', '--prefix', staging, '--no-save', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'];
    if (spec.kind === 'folder') args.push('--install-links');
    args.push(spec.target);
    try {
      await run(opts.npm, args, { timeout: opts.timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      const detail = (err.stderr || err.message).split('\n').filter((l) => l.trim()).slice(-5).join(' | ');
      throw UserError.unprocessable('PLUGIN_INSTALL_FAILED', `npm could not install ${spec.target}: ${detail.slice(0, 1000)}`);
    }
    const found = installedPackages(staging);
    let name = expected && found.includes(expected) ? expected : null;
    if (!name) {
      const plugins = found.filter((n) => {
        try {
          return typeof JSON.parse(readFileSync(join(staging, 'node_modules', n, 'package.json'), 'utf8')).coachflow === 'object';
        } catch {
          return false;
        }
      });
      if (plugins.length !== 1) throw new ManifestError(plugins.length === 0 ? `${spec.target} is not a Coachflow plugin: no installed package has a "coachflow" manifest` : `${spec.target} installed several plugin packages (${plugins.join(', ')})`);
      name = plugins[0] as string;
    }
    const packageDir = join(staging, 'node_modules', name);
    const manifest = checkManifest(readPackageJson(packageDir), packageDir);
    const installDir = join(slugOf(manifest.name), `${Date.now()}-${randomBytes(3).toString('hex')}`);
    const final = join(opts.root, installDir);
    mkdirSync(join(final, '..'), { recursive: true });
    renameSync(staging, final);
    const finalPackageDir = join(final, 'node_modules', name);
    return { manifest: checkManifest(readPackageJson(finalPackageDir), finalPackageDir), installDir, packageDir: finalPackageDir };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (e instanceof ManifestError) throw UserError.unprocessable('INVALID_PLUGIN', e.message);
    throw e;
  }
}
