/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';
import { routeChunkGroups } from './build/route-chunks';

/**
 * Coachflow designer build.
 * - element-plus components are imported on demand (with their CSS) by unplugin-vue-components;
 *   `components.d.ts` is generated for vue-tsc and committed.
 * - Routes are lazy-loaded (src/router.ts), so vue-flow and dagre load with the editor/replay only;
 *   echarts loads with the first chart (src/charts/EChart.vue); the `en` messages on first use.
 * - `/api` is proxied to the engine in `vite dev`; in production the engine serves `dist/`.
 */
export default defineConfig({
  plugins: [
    vue(),
    Components({
      // Tests don't load CSS (and Node cannot import element-plus' .css files), so styles only in builds.
      resolvers: [ElementPlusResolver({ importStyle: process.env.VITEST ? false : 'css' })],
      dts: 'components.d.ts',
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Routes are lazy-loaded and element-plus is imported per component; the default splitting then
    // gave the editor route ≈ 40 JavaScript and ≈ 20 CSS files. `routeChunkGroups` (build/route-chunks.ts)
    // merges them by route: one entry file, and the editor loads 4 more (shared UI, editor UI, canvas,
    // the view) with the same bytes; the entry stays as small (a plain vendor chunk pulled all of
    // element-plus, or vue-flow's shared deps, into it).
    // The one chunk over 500 kB is echarts (echarts/core + line, bar, heatmap and their components,
    // ~200 kB gzip), loaded only when a chart is first shown (charts/EChart.vue imports it lazily).
    chunkSizeWarningLimit: 650,
    rolldownOptions: {
      output: { codeSplitting: { groups: routeChunkGroups() } },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    css: false,
    // Component mounts with element-plus can take seconds on a loaded 2-core machine; this is a
    // hang guard, not a speed check.
    testTimeout: 30_000,
  },
});
