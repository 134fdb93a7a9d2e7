/**
 * 8. Designer load: the gzip size of the JavaScript a browser must fetch before it can show
 * - the first page (`/` redirects to `/workflows`): the entry script of index.html and its static
 *   imports (what the modulepreload links list), plus the WorkflowsView route chunk and its static
 *   imports (the router loads it before the first render of that route);
 * - the editor route (`/workflows/:id`): the entry closure plus the WorkflowEditorView chunk and
 *   its static imports.
 * The build is parsed as it is (index.html and the `import … from "./x.js"` statements of each
 * chunk; no Vite manifest). The designer is rebuilt first when designer/dist is older than its
 * sources (quick mode only builds when dist is missing and says when it measured a stale build).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO } from './lib/proc.js';
import type { Benchmark, BenchOutput } from './lib/types.js';

const DESIGNER = join(REPO, 'designer');
const DIST = join(DESIGNER, 'dist');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, e.name)));
  }
  return newest;
}

/** Sources the designer build depends on (its own and the workspace packages it bundles). */
function sourcesMtime(): number {
  return Math.max(
    ...['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((p) => newestMtime(join(DESIGNER, p))),
    newestMtime(join(REPO, 'packages/model/src')),
    newestMtime(join(REPO, 'packages/rules/src')),
  );
}

/** Static imports of an ES module chunk: `import … from "./x.js"` and `import "./x.js"` (not `import(`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1] as string);
  const re2 = /\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+\.js)["']/g;
  for (let m = re2.exec(code); m; m = re2.exec(code)) out.push(m[1] as string);
  return out;
}

/** The chunk and everything it imports statically, as dist-relative paths. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const spec of staticImports(code)) {
      const next = spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec));
      if (existsSync(join(DIST, next))) stack.push(next);
    }
  }
  return seen;
}

function sizes(files: Iterable<string>): { files: number; raw: number; gzip: number; list: Array<{ file: string; raw: number; gzip: number }> } {
  const list = [...files].sort().map((file) => {
    const buf = readFileSync(join(DIST, file));
    return { file, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  return { files: list.length, raw: list.reduce((a, b) => a + b.raw, 0), gzip: list.reduce((a, b) => a + b.gzip, 0), list };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const designerLoad: Benchmark = {
  id: 'designer-load',
  title: 'designer load (initial JavaScript)',
  async run(ctx): Promise<BenchOutput> {
    const builtAt = existsSync(join(DIST, 'index.html')) ? statSync(join(DIST, 'index.html')).mtimeMs : 0;
    let stale = builtAt < sourcesMtime();
    let built = false;
    let buildError: string | null = null;
    if (builtAt === 0 || (stale && !ctx.quick)) {
      ctx.log('  building the designer (dist is missing or older than its sources)');
      const t0 = performance.now();
      try {
        execFileSync('pnpm', ['--filter', '@coachflow/designer', 'build'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
        built = true;
        stale = false;
        ctx.log(`  designer built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      } catch (e) {
        buildError = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).slice(-1500);
        ctx.log(`  designer build failed; measuring the existing dist: ${buildError.split('\n').slice(-3).join(' ')}`);
      }
    }
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const entry = /<script[^>]*type="module"[^>]*src="\/?([^"]+)"/.exec(html)?.[1];
    if (!entry) throw new Error('no module script in designer/dist/index.html');
    const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+)"/g)].map((m) => m[1] as string);
    const assets = readdirSync(join(DIST, 'assets'));
    const chunkOf = (name: string): string => {
      const f = assets.find((a) => a.startsWith(`${name}-`) && a.endsWith('.js'));
      if (!f) throw new Error(`no ${name} chunk in designer/dist/assets`);
      return `assets/${f}`;
    };
    const entryClosure = closure(entry);
    const missingPreloads = preloads.filter((p) => !entryClosure.has(p));
    const firstPage = new Set([...entryClosure, ...closure(chunkOf('WorkflowsView'))]);
    const editor = new Set([...entryClosure, ...closure(chunkOf('WorkflowEditorView'))]);
    const e = sizes(entryClosure);
    const f = sizes(firstPage);
    const ed = sizes(editor);
    const label = stale ? ' [dist older than its sources: not rebuilt]' : built ? ' [rebuilt]' : '';
    return {
      rows: [
        {
          benchmark: `designer load: first page JS, gzip (entry + ${e.files - 1} static imports + WorkflowsView route)${label}`,
          measured: `${kb(f.gzip)} (${f.files} files, ${kb(f.raw)} raw; entry closure alone ${kb(e.gzip)})`,
          budget: '≤ 300 KB',
          pass: f.gzip <= 300 * 1024,
          value: f.gzip / 1024,
          unit: 'KB',
        },
        {
          benchmark: `designer load: editor route JS, gzip (entry closure + WorkflowEditorView and its static imports)${label}`,
          measured: `${kb(ed.gzip)} (${ed.files} files, ${kb(ed.raw)} raw)`,
          budget: '≤ 600 KB',
          pass: ed.gzip <= 600 * 1024,
          value: ed.gzip / 1024,
          unit: 'KB',
        },
      ],
      details: { entry, preloads, missingPreloads, stale, built, buildError, entryClosure: e, firstPage: f, editor: ed, note: 'gzip level 9 per file; the engine serves dist/ uncompressed (no Content-Encoding in static.middleware.ts), so browsers download the raw sizes' },
    };
  },
};
