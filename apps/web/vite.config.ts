import { defineConfig } from 'vite';

// Preact's automatic JSX runtime (tsconfig.json sets jsxImportSource); the gateway serves
// dist/ at / and proxies /api, so the dev server forwards /api to a running gateway.
export default defineConfig({
  build: { outDir: 'dist', target: 'es2022', sourcemap: true, reportCompressedSize: true },
  server: { proxy: { '/api': process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080' } },
});
