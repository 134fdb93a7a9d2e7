import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * A connector plugin IT installed (folder, tarball or npm), or an enable/disable override of a
 * built-in one (`sourceKind = builtin`). Every engine process loads the enabled rows; the files live
 * under `<dataDir>/plugins/<installDir>`.
 */
export const PluginEntity = defineEntity({
  name: 'Plugin',
  tableName: 'plugin',
  properties: {
    /** The npm package name (`@coachflow/plugin-http`, `coachflow-plugin-x`). */
    id: p.string().length(214).primary(),
    /** The connector id the package declares, once it loaded. */
    connectorId: p.string().length(64).nullable(),
    /** The package version (semver). */
    version: p.string().length(64),
    /** What was installed: an absolute folder or tarball path, or an npm spec. */
    source: p.string().length(1000),
    /** folder | tarball | npm | builtin */
    sourceKind: p.string().length(16),
    enabled: p.boolean(),
    /** Relative to `<dataDir>/plugins`; null for built-ins. */
    installDir: p.string().length(500).nullable(),
    installedAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
    /** Load or manifest problems (strings), null when none. */
    problems: jsonText().nullable(),
  },
});
