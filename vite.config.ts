import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'
import { fieldPwaOptions } from './client/src/features/field/pwaOptions.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '8080'}`

export default defineConfig({
  root: here('./client'),
  publicDir: here('./public'),
  // The field terminal's service worker (issue 16); its scope is /m only, so the wall, desk and briefing are never controlled by it.
  plugins: [vue(), VitePWA(fieldPwaOptions)],
  // Feature flags Vue and vue-i18n document for bundlers: the client uses the Composition API only,
  // so the Options API and vue-i18n's legacy API stay out of the bundle (they paid for vue-router).
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  resolve: {
    alias: [
      { find: '@shared', replacement: here('./shared') },
      // hls.js's own light build: no subtitles, alternate audio, DRM or CMCD, none of which a camera
      // stream has. Types still come from 'hls.js'; the worker is the full build's separate file.
      { find: /^hls\.js$/, replacement: here('./node_modules/hls.js/dist/hls.light.mjs') },
    ],
  },
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/relay': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  test: {
    root: here('.'),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: here('.'),
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: here('.'),
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
