import { defineConfig } from 'vite';

/**
 * The portal's build (`npm run web:build` → web/dist, served by the API at /) and dev server
 * (`npm run web:dev`: Vite on :5173, the API's paths proxied to API_URL, default :3000).
 * JSX is compiled by Vite's own transformer (Oxc), with React's automatic runtime.
 */
const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: __dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    rollupOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/api', '/health', '/docs', '/metrics'].map((p) => [p, api])),
  },
});
