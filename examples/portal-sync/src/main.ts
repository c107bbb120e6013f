#!/usr/bin/env -S npx tsx
// Mirrors Werkstatt's public data into a JSON file and keeps it current from webhooks.
//
//   WERKSTATT_URL=http://localhost:3000 WERKSTATT_API_KEY=wst_… MIRROR_FILE=mirror.json \
//   WEBHOOK_SECRET=whsec_… PORT=4010 pnpm --filter @werkstatt/example-portal-sync start
//
// Without WEBHOOK_SECRET it syncs once and exits.
import { createPortal } from './portal.js';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`Set ${name}.`);
    process.exit(2);
  }
  return value;
};

const portal = await createPortal({
  baseUrl: env('WERKSTATT_URL', 'http://localhost:3000'),
  apiKey: env('WERKSTATT_API_KEY'),
  file: env('MIRROR_FILE', 'mirror.json'),
  webhookSecrets: (process.env.WEBHOOK_SECRET ?? '').split(',').filter(Boolean),
  log: (line) => console.log(line),
});
const first = await portal.sync();
console.log(`Mirrored in ${first.requests} requests.`);
if (process.env.WEBHOOK_SECRET) {
  const port = await portal.listen(Number(env('PORT', '4010')), env('HOST', '127.0.0.1'));
  console.log(`Listening for webhooks on port ${port}.`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void portal.close());
}
