/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

/**
 * Coachflow designer build.
 * - element-plus components are imported on demand (with their CSS) by unplugin-vue-components;
 *   `components.d.ts` is generated for vue-tsc and committed.
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
    rollupOptions: {
      output: {
        // The canvas stack is only needed by the editor and run-replay routes; keep it out of the entry.
        manualChunks(id: string) {
          if (id.includes('node_modules/@vue-flow') || id.includes('node_modules/@dagrejs')) return 'vendor-flow';
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'vendor-element';
          if (id.includes('node_modules/vue') || id.includes('node_modules/@vue/') || id.includes('node_modules/pinia') || id.includes('node_modules/vue-router') || id.includes('node_modules/vue-i18n') || id.includes('node_modules/@intlify')) return 'vendor-vue';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    css: false,
    setupFiles: ['test/setup.ts'],
  },
});
