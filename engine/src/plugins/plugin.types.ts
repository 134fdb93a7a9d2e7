/** Where a plugin came from. */
export type PluginSourceKind = 'builtin' | 'folder' | 'tarball' | 'npm';

/** A plugin as `plugins list` and `GET /api/v1/plugins` show it. */
export interface PluginInfo {
  /** The npm package name. */
  id: string;
  /** The connector it provides, once loaded. */
  connectorId: string | null;
  /** Package version. */
  version: string;
  sourceKind: PluginSourceKind;
  /** Folder or tarball path, npm spec, or the built-in folder. */
  source: string;
  /** Whether IT wants it on (a built-in is on unless disabled). */
  enabled: boolean;
  /** Enabled and loaded without problems: its connector can be called. */
  active: boolean;
  /** Manifest and load problems (a broken plugin is reported and stays off). */
  problems: string[];
  installedAt: string | null;
  /** A built-in whose connector id an installed plugin now provides. */
  supersededBy?: string;
}

/** What an install answers. */
export interface InstallResult {
  plugin: PluginInfo;
  /** The version it replaced, when this was an upgrade. */
  replaced: string | null;
  /**
   * Whether processes must be restarted to run the new code. Every install goes to a fresh folder,
   * so new versions load beside the old module without a restart; stays false unless the package
   * folder could not be replaced (see `note`).
   */
  restartRequired: boolean;
  note?: string;
}

/** A row of the `plugin` table. */
export interface PluginRow {
  id: string;
  connectorId: string | null;
  version: string;
  source: string;
  sourceKind: PluginSourceKind;
  enabled: boolean;
  installDir: string | null;
  installedAt: number;
  updatedAt: number;
  problems: string[];
}
