import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { securityHeaders } from '../../docker/console/serve.mjs';

// The API the dev server forwards /v1 to: the one `pnpm dev` starts next to it (PORT, default 3000).
const apiOrigin = process.env.API_ORIGIN ?? `http://localhost:${process.env.PORT || 3000}`;

export default defineConfig({
  plugins: [react()],
  // Workspace packages are read from source, so the console needs no build of the API client.
  resolve: { conditions: ['@werkstatt/source', ...defaultClientConditions] },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/v1': { target: apiOrigin, changeOrigin: false } },
  },
  // The build as production serves it: the web server's security headers (docker/console), strict
  // Content-Security-Policy included. The dev server goes without: its hot reload runs inline code.
  preview: {
    port: 4173,
    strictPort: true,
    proxy: { '/v1': { target: apiOrigin } },
    headers: securityHeaders(),
  },
});
