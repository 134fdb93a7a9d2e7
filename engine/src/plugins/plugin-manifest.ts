/**
 * Reads and checks a plugin package's manifest: `package.json` with a
 * `"coachflow": { "connectorApi": 1, "entry": "dist/index.js" }` block. The API version must be the
 * one this engine's SDK implements, and the entry must be a file inside the package.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONNECTOR_API_VERSION } from '@coachflow/connector-sdk';

export interface PluginManifest {
  name: string;
  version: string;
  connectorApi: number;
  /** As declared (relative to the package). */
  entry: string;
  /** Absolute path of the entry module. */
  entryPath: string;
  dir: string;
}

export class ManifestError extends Error {}

/** npm package names: lower case, optional scope, no leading dot or underscore. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export function isPackageName(name: string): boolean {
  return name.length <= 214 && PACKAGE_NAME.test(name);
}

export function readPackageJson(dir: string): Record<string, unknown> {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) throw new ManifestError(`no package.json in ${dir}`);
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ManifestError(`package.json is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new ManifestError('package.json is not an object');
  return pkg as Record<string, unknown>;
}

/** Checks the manifest in `pkg` (a parsed package.json found in `dir`). */
export function checkManifest(pkg: Record<string, unknown>, dir: string, apiVersion = CONNECTOR_API_VERSION): PluginManifest {
  const { name, version, coachflow } = pkg;
  if (typeof name !== 'string' || !isPackageName(name)) throw new ManifestError(`package.json has no valid "name" (got ${JSON.stringify(name)})`);
  if (typeof version !== 'string' || version === '') throw new ManifestError(`${name}: package.json has no "version"`);
  if (typeof coachflow !== 'object' || coachflow === null || Array.isArray(coachflow)) {
    throw new ManifestError(`${name} is not a Coachflow plugin: package.json has no "coachflow": { "connectorApi", "entry" } block`);
  }
  const m = coachflow as Record<string, unknown>;
  if (typeof m.connectorApi !== 'number' || !Number.isInteger(m.connectorApi)) throw new ManifestError(`${name}: coachflow.connectorApi must be an integer`);
  if (m.connectorApi !== apiVersion) {
    throw new ManifestError(`${name} needs connector API ${m.connectorApi}; this engine provides connector API ${apiVersion}`);
  }
  if (typeof m.entry !== 'string' || m.entry === '' || isAbsolute(m.entry)) throw new ManifestError(`${name}: coachflow.entry must be a path relative to the package`);
  const root = realpathSync(dir);
  const entryPath = resolve(root, m.entry);
  const rel = relative(root, entryPath);
  if (rel.startsWith('..') || rel.split(sep).includes('..')) throw new ManifestError(`${name}: coachflow.entry points outside the package`);
  if (!existsSync(entryPath) || !statSync(entryPath).isFile()) throw new ManifestError(`${name}: entry file ${m.entry} does not exist`);
  return { name, version, connectorApi: m.connectorApi, entry: m.entry, entryPath, dir: root };
}

export function readManifest(dir: string, apiVersion = CONNECTOR_API_VERSION): PluginManifest {
  return checkManifest(readPackageJson(dir), dir, apiVersion);
}
