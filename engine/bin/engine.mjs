#!/usr/bin/env node
// The `engine` command. Runs the precompiled build (engine/dist, made by engine/scripts/build.mjs)
// when it is current — every file it was built from still has the mtime recorded in
// engine/dist/manifest.json — and otherwise the TypeScript sources through tsx (no build step
// needed). COACHFLOW_ENGINE_BUILD=off always uses the sources; LOG_LEVEL=debug says on stderr which
// one runs and why.
import { buildState, DIST_URL, REPO_URL } from '../scripts/build-state.mjs';

const say = (msg, extra) => {
  if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${JSON.stringify({ level: 'debug', msg, ...extra })}\n`);
};

let tsx = null;
/** Registers tsx once, the first time a module outside the build has to be imported. */
function registerTsx() {
  tsx ??= import('tsx/esm/api').then((m) => m.register());
  return tsx;
}

const state = process.env.COACHFLOW_ENGINE_BUILD === 'off' ? { manifest: null, reason: 'off (COACHFLOW_ENGINE_BUILD=off)' } : buildState();
// COACHFLOW_ENGINE_BUILD=<build folder> runs an older build kept in engine/dist (A/B benchmarks of
// two builds, engine/bench/ab-flags.ts); its plugins are taken from the same folder.
const pinned = /^b[0-9a-z]+$/.test(process.env.COACHFLOW_ENGINE_BUILD ?? '') ? process.env.COACHFLOW_ENGINE_BUILD : null;
if (pinned && state.manifest && pinned !== state.manifest.dir) {
  const from = `${state.manifest.dir}/`;
  state.manifest = {
    ...state.manifest,
    dir: pinned,
    builtAt: `${pinned} (pinned by COACHFLOW_ENGINE_BUILD)`,
    cli: `${pinned}/cli.mjs`,
    plugins: Object.fromEntries(Object.entries(state.manifest.plugins ?? {}).map(([src, out]) => [src, out.startsWith(from) ? `${pinned}/${out.slice(from.length)}` : out])),
  };
}
const build = state.manifest;
if (build) {
  // Connector modules and plugins are imported by URL (connector-registry.ts, routed here by the
  // build): a built-in plugin's entry runs from the build; anything else (COACHFLOW_CONNECTORS
  // modules, installed plugins: TypeScript, or JavaScript importing the SDK's TypeScript sources)
  // through tsx, registered on first use.
  const builtPlugins = new Map(Object.entries(build.plugins ?? {}).map(([src, out]) => [new URL(src, REPO_URL).href, new URL(out, DIST_URL).href]));
  globalThis.__coachflowImport = async (url) => {
    const built = builtPlugins.get(url);
    if (built) return import(built);
    if (!tsx) say('engine build: registering tsx for a module outside the build', { url });
    await registerTsx();
    return import(url);
  };
  say('engine build: current, running it', { build: build.dir, builtAt: build.builtAt });
  await import(new URL(build.cli, DIST_URL).href);
} else {
  say(`engine build: ${state.reason}, running the sources through tsx (node engine/scripts/build.mjs builds it)`, state.changed ? { changed: state.changed } : {});
  await registerTsx();
  await import('../src/cli.ts');
}
