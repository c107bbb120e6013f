import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The API the dev server forwards /v1 to; `pnpm dev` starts it on this port.
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // Workspace packages are read from source, so the console needs no build of the API client.
  resolve: { conditions: ['@werkstatt/source', ...defaultClientConditions] },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/v1': { target: apiOrigin, changeOrigin: false } },
  },
  preview: { port: 4173, strictPort: true, proxy: { '/v1': { target: apiOrigin } } },
});
