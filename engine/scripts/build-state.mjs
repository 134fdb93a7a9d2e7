/**
 * Whether the engine's precompiled build (engine/dist, made by build.mjs) is current: its
 * manifest lists every input with the mtime it had when built, and the build is current only while
 * every input still has exactly that mtime (an edited, touched, restored or deleted file makes it
 * stale). Used by engine/bin/engine.mjs at every start and by `build.mjs --if-stale`.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_URL = new URL('../../', import.meta.url);
export const DIST_URL = new URL('../dist/', import.meta.url);

/**
 * @returns {{ manifest: object | null, reason: string, changed?: string }} the manifest when the
 *   build is current, else null with the reason.
 */
export function buildState() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('manifest.json', DIST_URL), 'utf8'));
  } catch {
    return { manifest: null, reason: 'none (engine/dist/manifest.json missing)' };
  }
  if (manifest?.version !== 1 || typeof manifest.cli !== 'string' || typeof manifest.inputs !== 'object') {
    return { manifest: null, reason: 'unknown manifest format' };
  }
  try {
    statSync(fileURLToPath(new URL(manifest.cli, DIST_URL)));
  } catch {
    return { manifest: null, reason: `incomplete (engine/dist/${manifest.cli} missing)` };
  }
  for (const [file, mtime] of Object.entries(manifest.inputs)) {
    let now = null;
    try {
      now = statSync(fileURLToPath(new URL(file, REPO_URL))).mtimeMs;
    } catch {
      /* deleted or moved: stale */
    }
    if (now !== mtime) return { manifest: null, reason: 'stale', changed: file };
  }
  return { manifest, reason: 'current' };
}
