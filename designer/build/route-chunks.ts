/**
 * Chunk groups of the designer build (vite.config.ts, `build.rolldownOptions.output.codeSplitting`).
 *
 * Rolldown's automatic splitting makes one chunk per set of routes sharing a module. With every
 * element-plus component imported on demand (its code and its own CSS file), the editor route
 * needed ≈ 40 JavaScript and ≈ 20 CSS files, most of them a few kB: on a first load, dozens of
 * requests over HTTP/1.1's six connections, each also a `<link>` that Vite's preload helper inserts.
 * The groups here merge them by route instead:
 * - `vendor`: everything the entry needs (Vue, vue-router, pinia, vue-i18n, element-plus' core, the
 *   shell); Rolldown keeps it in the entry chunk, so the page starts with one script instead of three;
 * - `ui-common`: element-plus components (with their CSS) used by both the first page (the workflow
 *   list) and the editor, or by the message services of the entry, with element-plus' helpers and the
 *   small libraries under them; and the app modules both pages share (the model and rules packages,
 *   formatters, the catalogue);
 * - `ui-editor`: element-plus components the editor uses and the first page does not (other pages
 *   using one of them load this chunk too: the date picker's pages, the drawers' and so on);
 * - `editor-shared`: the app modules the editor shares with other routes (the canvas, vue-flow, the
 *   run inspector), one chunk instead of several small ones.
 * Anything else (other routes' own code, echarts, the `en` messages) is split automatically as
 * before. Measured (designer-load): first page 6 files (was 30), 228 KB gzip (229); editor route 5
 * files (41), 334 KB gzip (348).
 *
 * Which route uses a component is read from the component's style module
 * (`element-plus/es/components/<name>/style/css.mjs`), which unplugin-vue-components imports next to
 * the component in each file that uses it; the component's code is reached through element-plus'
 * barrel files from everywhere, so its importers say nothing. An app module's routes are found by
 * walking up its static importers to the lazily imported views (or to the entry).
 */
import type { Rolldown } from 'vite';

interface Info {
  isEntry: boolean;
  importers: readonly string[];
  dynamicImporters: readonly string[];
}
interface Ctx {
  getModuleInfo(id: string): Info | null;
}

const ENTRY = '<entry>';
const FIRST_PAGE = '/src/views/WorkflowsView.vue';
const EDITOR = '/src/views/WorkflowEditorView.vue';
const LIB = /[\\/]node_modules[\\/]/;
/** Libraries loaded with their own features (the canvas, auto-layout, charts). */
const LAZY_LIBS = /[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(?:@vue-flow|d3-[\w-]+|@dagrejs|echarts|zrender|vue-echarts|tslib)[\\/]/;
const COMPONENT = /[\\/]element-plus[\\/]es[\\/]components[\\/]([\w-]+)[\\/]/;
const STYLE = /[\\/]element-plus[\\/]es[\\/]components[\\/]([\w-]+)[\\/]style[\\/]css\.mjs$/;

/** The routes (lazily imported modules, or ENTRY) each module is used from, memoised per build. */
function routeIndex() {
  const app = new Map<string, Set<string>>();
  const styles = new Map<string, Set<string>>();
  const styleIds = new Map<string, string>();

  function appRoutes(ctx: Ctx, id: string, path = new Set<string>()): Set<string> {
    const known = app.get(id);
    if (known) return known;
    const out = new Set<string>();
    const info = ctx.getModuleInfo(id);
    if (!info) return out;
    if (info.isEntry) out.add(ENTRY);
    if (info.dynamicImporters.length) out.add(id);
    path.add(id);
    for (const p of info.importers) {
      if (LIB.test(p) || path.has(p)) continue;
      for (const r of appRoutes(ctx, p, path)) out.add(r);
    }
    path.delete(id);
    // Only complete answers are remembered (a cycle cut short above gives a partial one).
    if (path.size === 0) app.set(id, out);
    return out;
  }

  function componentRoutes(ctx: Ctx, name: string, path = new Set<string>()): Set<string> {
    const known = styles.get(name);
    if (known) return known;
    const out = new Set<string>();
    const id = styleIds.get(name);
    const info = id ? ctx.getModuleInfo(id) : null;
    if (!info) return out;
    path.add(name);
    for (const p of info.importers) {
      const dep = STYLE.exec(p)?.[1];
      if (dep !== undefined) {
        if (!path.has(dep)) for (const r of componentRoutes(ctx, dep, path)) out.add(r);
      } else if (!LIB.test(p)) {
        for (const r of appRoutes(ctx, p)) out.add(r);
      }
    }
    path.delete(name);
    if (path.size === 0) styles.set(name, out);
    return out;
  }

  return {
    see(id: string): void {
      const style = STYLE.exec(id)?.[1];
      if (style !== undefined) styleIds.set(style, id);
    },
    routes(ctx: Ctx, id: string): Set<string> | null {
      if (!LIB.test(id)) return appRoutes(ctx, id);
      const component = COMPONENT.exec(id)?.[1];
      return component !== undefined && styleIds.has(component) ? componentRoutes(ctx, component) : null;
    },
  };
}

const has = (routes: Set<string>, suffix: string): boolean => [...routes].some((r) => r.endsWith(suffix));

export function routeChunkGroups(): Rolldown.CodeSplittingGroup[] {
  const index = routeIndex();
  const classify = (id: string, ctx: Ctx): string | null => {
    // element-plus' helpers and the small libraries under them (lodash-es, @vueuse, popper, dayjs…):
    // shared by components of every route, so with the shared components; a helper taken in by the
    // editor's group only as a dependency would make other routes load that whole group.
    if (LIB.test(id) && !COMPONENT.test(id) && !LAZY_LIBS.test(id) && !id.includes('/theme-chalk/')) return 'ui-common';
    const routes = index.routes(ctx, id);
    if (!routes) return null;
    const first = has(routes, FIRST_PAGE);
    const editor = has(routes, EDITOR);
    // A component whose style the entry imports (the message services, and what they show) but whose
    // code any page may load: shared (what the entry itself runs is taken by `vendor` first).
    if (routes.has(ENTRY)) return LIB.test(id) ? 'ui-common' : null;
    if (first && editor) return 'ui-common';
    if (!editor || first) return null;
    if (LIB.test(id)) return 'ui-editor';
    // App modules only the editor uses stay in its own chunk.
    return routes.size > 1 ? 'editor-shared' : null;
  };
  const group = (name: string, priority: number): Rolldown.CodeSplittingGroup => ({
    name: (id, ctx) => (classify(id, ctx as unknown as Ctx) === name ? name : null),
    test: (id) => {
      index.see(id);
      return true;
    },
    priority,
  });
  return [
    // What the entry needs first (except main.ts itself), so that no later group takes it in as a dependency.
    { name: 'vendor', tags: ['$initial'], test: (id) => !id.endsWith('/src/main.ts'), priority: 40 },
    group('ui-common', 30),
    group('ui-editor', 20),
    group('editor-shared', 10),
  ];
}
