/** Plugin settings from the environment (beside config.ts, which the foundation owns). */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PluginSettings {
  /** Folder of built-in plugins (each subfolder a package), or null when disabled. */
  builtinDir: string | null;
  /** `<dataDir>/plugins`: installed plugins and the SDK link they resolve. */
  root: string;
  /** The npm binary used for installs. */
  npm: string;
  npmTimeoutMs: number;
  /** At most this often a process re-reads the `plugin` table before a call (other processes' changes). */
  syncEveryMs: number;
  /** A plugin module that takes longer to import is reported as broken. */
  loadTimeoutMs: number;
  /** Whether npm registry specs may be installed (folders and tarballs always can). */
  registryInstalls: boolean;
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) ? n : fallback;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * COACHFLOW_BUILTIN_PLUGINS_DIR (default: the repository's plugins/, `none` = no built-ins),
 * COACHFLOW_NPM, COACHFLOW_NPM_TIMEOUT_MS, COACHFLOW_PLUGIN_SYNC_MS, COACHFLOW_PLUGIN_LOAD_TIMEOUT_MS,
 * COACHFLOW_PLUGIN_REGISTRY (`off` refuses npm registry specs: offline hosts, test suites).
 */
export function pluginSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): PluginSettings {
  const builtin = env.COACHFLOW_BUILTIN_PLUGINS_DIR;
  return {
    builtinDir: builtin === 'none' ? null : resolve(builtin || resolve(here, '../../../plugins')),
    root: join(dataDir, 'plugins'),
    npm: env.COACHFLOW_NPM || 'npm',
    npmTimeoutMs: int(env.COACHFLOW_NPM_TIMEOUT_MS, 300_000),
    syncEveryMs: int(env.COACHFLOW_PLUGIN_SYNC_MS, 2000),
    loadTimeoutMs: int(env.COACHFLOW_PLUGIN_LOAD_TIMEOUT_MS, 15_000),
    registryInstalls: env.COACHFLOW_PLUGIN_REGISTRY !== 'off',
  };
}
