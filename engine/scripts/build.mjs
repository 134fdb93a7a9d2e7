#!/usr/bin/env node
/**
 * Precompiled build of the engine (start-up time, issue 7): one esbuild run that bundles
 * engine/src/cli.ts and the built-in plugins (plugins/*, their `coachflow.entry`) with the
 * workspace packages (@coachflow/*, which export TypeScript sources) and the JavaScript
 * dependencies into engine/dist/<build>/; code shared between entries (the connector SDK) and
 * modules the engine imports lazily (bull/ioredis, @mikro-orm/migrations + umzug, the migration
 * classes) go to chunks beside them, loaded only when used.
 *
 *   node engine/scripts/build.mjs [--if-stale] [--quiet] [--external minimal|lazy|workspace]
 *
 * The sources stay the truth: engine/dist/manifest.json lists every input with its mtime
 * (build-state.mjs), and engine/bin/engine.mjs runs the build only while every input still has
 * that mtime, else the sources through tsx. Each build goes to a new folder and the manifest is
 * replaced atomically, so a process starting during a build loads a complete one. `--if-stale`
 * builds only when the current build is missing or stale (npm start, the test script).
 *
 * `--external` picks what stays in node_modules (compared in engine/docs/performance.md,
 * "Start-up"): `minimal` (default) only the native addon and packages required by name only when
 * configured (not installed); `lazy` also MikroORM, knex, mysql2, bull/ioredis, nodemailer;
 * `workspace` every node_modules package (only @coachflow/* bundled).
 *
 * Paths computed from `import.meta.url` (designer dist, migrations folder, demo data, built-in
 * plugins folder) keep pointing at the source tree: in each bundled module of the repository,
 * `import.meta.url` is replaced with its source file's URL, computed from the bundle's own URL.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { buildState } from './build-state.mjs';

const ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(ENGINE, '..');
const DIST = join(ENGINE, 'dist');
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const externalMode = args.includes('--external') ? args[args.indexOf('--external') + 1] : 'minimal';
if (!['minimal', 'lazy', 'workspace'].includes(externalMode)) throw new Error(`--external minimal|lazy|workspace, not ${externalMode}`);

/**
 * `--external minimal` (the default, fastest start): MikroORM, knex, Koa, Ajv, … are bundled; what
 * the engine loads lazily (bull/ioredis, @mikro-orm/migrations + umzug, the migration classes)
 * lands in chunks of its own that load only when used. External: the native addon and packages
 * knex/MikroORM require by name only when configured (not installed here).
 */
const EXTERNAL_MIN = [
  'better-sqlite3', 'tsx', 'tsx/*',
  // optional drivers and tools that knex/MikroORM require by name only when configured (not installed)
  'pg', 'pg-query-stream', 'sqlite3', 'tedious', 'oracledb', 'mysql', 'mariadb', 'mariadb/*', 'pg/*', 'libsql', '@libsql/*', 'ts-node', 'ts-morph', '@mikro-orm/reflection', '@mikro-orm/seeder', '@mikro-orm/entity-generator', '@mikro-orm/sqlite', '@mikro-orm/postgresql', '@mikro-orm/mariadb', '@mikro-orm/mssql', '@mikro-orm/libsql', '@mikro-orm/mongodb', 'mongodb', 'pg-native', 'sql.js', 'typescript', '@swc/*', 'esbuild', 'bufferutil', 'utf-8-validate',
];

/**
 * `--external lazy` (for comparison): also keeps external the packages that load parts by name
 * or lazily, resolved from engine/node_modules at run time.
 */
const EXTERNAL = [
  '@mikro-orm/*', // drivers, knex dialects and the entity discovery load modules by name; migrations load lazily
  'knex', 'mysql2', 'mysql2/*', // the dialect loaders require them by name
  'better-sqlite3', // native addon
  'bull', 'ioredis', // loaded only in production mode (REDIS_URL)
  'nodemailer', // loaded only when SMTP is configured
  'tsx', 'tsx/*', // registered on demand for TypeScript plugins / connector modules
];

/** Built-in plugins: folder name → entry file (package.json `coachflow.entry`). */
function builtinPlugins() {
  const out = {};
  const dir = join(REPO, 'plugins');
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = join(dir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    const entry = pkg.coachflow?.entry;
    if (typeof entry === 'string') out[name] = join(dir, name, entry);
  }
  return out;
}

const engineRequire = createRequire(join(ENGINE, 'package.json'));
function engineResolves(spec) {
  try {
    engineRequire.resolve(spec);
    return true;
  } catch {
    return false;
  }
}
let currentOutDir = DIST;

/** esbuild plugin: bundle @coachflow/*, keep external what `--external` says. */
const externals = {
  name: 'coachflow-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (a) => {
      if (a.path.startsWith('node:') || a.path.startsWith('@coachflow/') || a.pluginData === 'external-lookup') return undefined;
      const list = externalMode === 'minimal' ? EXTERNAL_MIN : EXTERNAL;
      const hit = externalMode === 'workspace' || list.some((p) => (p.endsWith('/*') ? a.path.startsWith(p.slice(0, -1)) : a.path === p));
      if (!hit) return undefined;
      // A package the engine does not depend on directly (pnpm: e.g. better-sqlite3 of
      // @mikro-orm/better-sqlite) does not resolve from engine/dist: point at the file the
      // importer resolves to, relative to the build folder. Packages that are not installed stay bare.
      if (!engineResolves(a.path)) {
        const r = await b.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: 'external-lookup' });
        if (!r.errors.length && r.path && !r.external) return { path: `./${relative(currentOutDir, r.path).split(sep).join('/')}`, external: true };
      }
      return { path: a.path, external: true };
    });
  },
};

/** Every output file sits directly in the build folder: `import.meta.url` of a source is relative to it. */
function importMetaUrlPlugin(outDir) {
  let rewritten = 0;
  return {
    name: 'coachflow-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (a) => {
        if (a.path.includes(`${sep}node_modules${sep}`)) return undefined;
        let text = readFileSync(a.path, 'utf8');
        if (text.includes('import.meta.url')) {
          const rel = relative(outDir, a.path).split(sep).join('/');
          text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
          rewritten++;
        }
        // Connector modules and plugins are imported by URL at run time: through the launcher,
        // which maps built-in plugins to their build and registers tsx for anything else.
        if (a.path === join(ENGINE, 'src', 'connectors', 'connector-registry.ts')) {
          const call = 'await import(url)';
          if (text.split(call).length !== 2) throw new Error(`connector-registry.ts: expected exactly one "${call}" to route through the launcher`);
          text = text.replace(call, 'await (globalThis.__coachflowImport ?? ((u) => import(u)))(url)');
        }
        return { contents: text, loader: 'ts' };
      });
      b.onEnd(() => {
        if (!quiet) console.error(`  import.meta.url rewritten in ${rewritten} source files`);
      });
    },
  };
}

if (args.includes('--if-stale')) {
  const state = buildState();
  if (state.manifest && (state.manifest.external ?? 'minimal') === externalMode) {
    if (!quiet) console.error(`engine build: current (engine/dist/${state.manifest.dir})`);
    process.exit(0);
  }
}

const t0 = performance.now();
mkdirSync(DIST, { recursive: true });
const plugins = builtinPlugins();
const entryPoints = [{ in: join(ENGINE, 'src', 'cli.ts'), out: 'cli' }, ...Object.entries(plugins).map(([name, file]) => ({ in: file, out: `plugin-${name}` }))];

/**
 * `keepNames` makes esbuild wrap every named function in `__name(fn, "name")`, which calls
 * `Object.defineProperty` — also on each closure a function creates per call (Koa's and
 * on-finished's listeners, our own callbacks): 20-30 % of the CPU of a bare `GET /healthz`
 * (engine/docs/performance.md). The names that matter are those of classes and functions esbuild
 * renamed (MikroORM, knex and umzug read constructor names). The helper is rewritten to skip the
 * call when the function already has that name (a nested declaration, never renamed) or is an
 * arrow or async function (no `prototype`: not a constructor, so no library reads its name as an
 * entity or class name). Fails the build when esbuild's helper is not found exactly once.
 */
const NAME_HELPER = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
const CHEAPER_NAME_HELPER =
  'var __name = (target, value) => (target.name === value || (typeof target === "function" && target.prototype === undefined) ? target : __defProp(target, "name", { value, configurable: true }));';
function cheaperNameHelper(outDir, result) {
  let found = 0;
  for (const file of Object.keys(result.metafile.outputs)) {
    if (!file.endsWith('.mjs')) continue;
    const path = join(REPO, file);
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf(NAME_HELPER);
    if (at < 0) continue;
    found += text.indexOf(NAME_HELPER, at + 1) < 0 ? 1 : 2;
    writeFileSync(path, text.slice(0, at) + CHEAPER_NAME_HELPER + text.slice(at + NAME_HELPER.length));
  }
  if (found !== 1) throw new Error(`engine build: esbuild's __name helper found ${found} times in ${outDir} (expected once); update cheaperNameHelper`);
}

/** One esbuild run into a new folder; returns its id, the result and the inputs with their mtimes. */
async function buildOnce() {
  const id = `b${Date.now().toString(36)}${process.pid.toString(36)}`;
  const outDir = join(DIST, id);
  currentOutDir = outDir;
  const startedAt = Date.now();
  let result;
  try {
    result = await build({
      entryPoints,
      absWorkingDir: REPO,
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: false,
      metafile: true,
      logLevel: quiet ? 'error' : 'warning',
      legalComments: 'none',
      // MikroORM, knex and umzug read constructor names; esbuild renames clashing classes.
      keepNames: true,
      // Bundled CommonJS code calls require() for Node built-ins and external packages.
      banner: { js: "import { createRequire as __cfCreateRequire } from 'node:module'; const require = __cfCreateRequire(import.meta.url);" },
      plugins: [externals, importMetaUrlPlugin(outDir)],
    });
    cheaperNameHelper(outDir, result);
  } catch (e) {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
  // Inputs: every bundled file of the repository plus this script (its options shape the output),
  // each with its mtime. Bundled files from node_modules are represented by their package's
  // package.json: pnpm installs each version in a folder of its own (.pnpm/<name>@<version>), so
  // a changed dependency is a missing or changed package.json, and checking one file per package
  // instead of every file keeps the launcher's check cheap (≈ 1,300 files fewer to stat).
  const inputs = {};
  let editedDuringBuild = null;
  for (const rel of [...Object.keys(result.metafile.inputs), relative(REPO, fileURLToPath(import.meta.url))]) {
    let file = rel.split(sep).join('/');
    const nm = file.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const parts = file.slice(nm + 'node_modules/'.length).split('/');
      file = `${file.slice(0, nm)}node_modules/${parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/')}/package.json`;
    }
    inputs[file] ??= statSync(join(REPO, file)).mtimeMs;
    if (inputs[file] >= startedAt) editedDuringBuild ??= file;
  }
  if (editedDuringBuild) rmSync(outDir, { recursive: true, force: true });
  return { id, result, inputs, editedDuringBuild };
}

// A file saved while esbuild ran may be in the bundle in its old version: build again.
let attempt = await buildOnce();
for (let i = 0; attempt.editedDuringBuild && i < 3; i++) {
  if (!quiet) console.error(`  ${attempt.editedDuringBuild} changed during the build, building again`);
  await new Promise((ok) => setTimeout(ok, 200));
  attempt = await buildOnce();
}
if (attempt.editedDuringBuild) {
  console.error(`engine build: ${attempt.editedDuringBuild} keeps changing; no build written (the engine runs the sources through tsx)`);
  process.exit(1);
}
const { id, result, inputs } = attempt;
const manifest = {
  version: 1,
  dir: id,
  builtAt: new Date().toISOString(),
  node: process.version,
  external: externalMode,
  cli: `${id}/cli.mjs`,
  // Entry files of the built-in plugins (repository-relative) → their build (relative to dist/).
  plugins: Object.fromEntries(Object.entries(plugins).map(([name, file]) => [relative(REPO, file).split(sep).join('/'), `${id}/plugin-${name}.mjs`])),
  inputs,
};
const tmp = join(DIST, `manifest.json.${process.pid}`);
writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`);
renameSync(tmp, join(DIST, 'manifest.json'));

// Older builds: an engine started from one loads chunks from it later (migrations, bull, a plugin
// enabled at run time), so keep those of the last day (at most 10, about 9 MB each).
const DAY = 24 * 3600 * 1000;
const builds = readdirSync(DIST)
  .filter((f) => /^b[0-9a-z]+$/.test(f) && f !== id)
  .map((f) => ({ f, mtime: statSync(join(DIST, f)).mtimeMs }))
  .sort((a, b) => b.mtime - a.mtime);
builds.forEach(({ f, mtime }, i) => {
  if (i >= 9 || Date.now() - mtime > DAY) rmSync(join(DIST, f), { recursive: true, force: true });
});

if (!quiet) {
  const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  console.error(`engine build: ${Object.keys(inputs).length} inputs → engine/dist/${id} (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KB) in ${(performance.now() - t0).toFixed(0)} ms`);
}
