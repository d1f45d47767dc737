import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [vue()],
  define: {
    // Compile-time flags: drop what we do not use. Options API stays on: ElTreeSelect uses `extends`/`methods`.
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The framework every route needs goes in one long-cached chunk; Element Plus components
          // stay split per route so /login only loads the few it uses.
          groups: [{ name: 'vendor-vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ }],
        },
      },
    },
  },
});
