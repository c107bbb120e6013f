/**
 * The 300-way registration burst against a running API (figures from a script, not a
 * timed test). Seeds a municipality, a municipality editor and a published 30-seat workshop straight
 * into the database, signs in over HTTP, then sends all registrations at once and prints
 * registrations/s, latency percentiles, errors and whether the seat accounting came out exact.
 *
 *   BENCH_API_URL=http://127.0.0.1:3000 DATABASE_URL=postgres://… pnpm --filter @werkstatt/bench registrations
 *
 * Local only: the API URL must be on 127.0.0.1 or localhost, and the burst is bounded (BENCH_BURST ≤ 1000).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  createDatabase,
  createPool,
  municipalities,
  programs,
  registrations,
  users,
  workshopMunicipalities,
  workshops,
} from '@werkstatt/db';
import argon2 from 'argon2';
import { eq } from 'drizzle-orm';

const apiUrl = new URL(process.env.BENCH_API_URL ?? 'http://127.0.0.1:3000');
if (!['127.0.0.1', 'localhost', '[::1]'].includes(apiUrl.hostname)) {
  throw new Error(`BENCH_API_URL must point at this machine, not ${apiUrl.hostname}.`);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL (the database the API uses, migrated) is required.');
const burst = Number(process.env.BENCH_BURST ?? '300');
const seats = Number(process.env.BENCH_SEATS ?? '30');
if (!(burst >= 1 && burst <= 1000) || !(seats >= 1 && seats <= 500)) {
  throw new Error('BENCH_BURST must be 1–1000 and BENCH_SEATS 1–500.');
}

const pool = createPool({ connectionString: databaseUrl, max: 2 });
const db = createDatabase(pool);
const run = `${Date.now().toString(36)}`;
const password = `bench-${run}-passwort`;

const [municipality] = await db
  .insert(municipalities)
  .values({
    name: `Verbandsgemeinde Bench ${run}`,
    slug: `vg-bench-${run}`,
    kind: 'verbandsgemeinde',
    stateCode: 'RP',
  })
  .returning();
const [program] = await db
  .insert(programs)
  .values({
    name: `Bench ${run}`,
    slug: `bench-${run}`,
    startsOn: '2026-01-01',
    eligibleKinds: ['verbandsgemeinde'],
  })
  .returning();
const email = `bench-${run}@bench.example`;
await db.insert(users).values({
  email,
  name: 'Bench Editor',
  passwordHash: await argon2.hash(password),
  role: 'municipality_editor',
  municipalityId: municipality!.id,
});
const startsAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
const [workshop] = await db
  .insert(workshops)
  .values({
    programId: program!.id,
    municipalityId: municipality!.id,
    municipalityIds: [municipality!.id],
    title: 'Bench-Werkstatt',
    format: 'online',
    onlineUrl: 'https://meet.example.org/bench',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 8 * 3600 * 1000),
    capacity: seats,
    status: 'published',
  })
  .returning();
await db
  .insert(workshopMunicipalities)
  .values({ workshopId: workshop!.id, municipalityId: municipality!.id });

const login = await fetch(new URL('/v1/auth/login', apiUrl), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
const { accessToken } = (await login.json()) as { accessToken: string };

const url = new URL(`/v1/workshops/${workshop!.id}/registrations`, apiUrl);
interface Outcome {
  ms: number;
  status: number;
  body: { status?: string; waitlistPosition?: number | null; error?: string };
}

// node:http rather than fetch: the client shares the two cores with the API and Postgres, and fetch
// spent about twice the CPU (0.85–1.0 s for the 300 against 0.4–0.55 s), time the burst then measured.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const post = (body: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${accessToken}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const one = async (i: number): Promise<Outcome> => {
  const started = performance.now();
  try {
    const res = await post(
      JSON.stringify({
        firstName: `Person ${i}`,
        lastName: 'Bänchmark',
        email: `person-${i}@bench.example`,
        role: 'citizen',
      }),
    );
    const body = JSON.parse(res.text) as Outcome['body'];
    return { ms: performance.now() - started, status: res.status, body };
  } catch (err) {
    return { ms: performance.now() - started, status: 0, body: { error: String(err) } };
  }
};

const cpuBefore = process.cpuUsage();
const t0 = performance.now();
const results = await Promise.all(Array.from({ length: burst }, (_, i) => one(i)));
const totalMs = performance.now() - t0;
const clientCpu = process.cpuUsage(cpuBefore);
agent.destroy();

const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const errors = results.filter((r) => r.status !== 201);
const confirmed = results.filter((r) => r.body.status === 'confirmed').length;
const positions = results
  .filter((r) => r.body.status === 'waitlisted')
  .map((r) => r.body.waitlistPosition!)
  .sort((a, b) => a - b);
const positionsExact = positions.every((p, i) => p === i + 1);
const [row] = await db.select().from(workshops).where(eq(workshops.id, workshop!.id));
const stored = await db
  .select({ id: registrations.id })
  .from(registrations)
  .where(eq(registrations.workshopId, workshop!.id));

console.log(`burst            ${burst} registrations for ${seats} seats against ${apiUrl.origin}`);
console.log(`whole burst      ${totalMs.toFixed(0)} ms (target: ≤ 2000 ms)`);
console.log(`throughput       ${((burst / totalMs) * 1000).toFixed(0)} registrations/s`);
console.log(
  `client CPU       ${Math.round((clientCpu.user + clientCpu.system) / 1000)} ms (the sending process, on the same cores)`,
);
console.log(
  `latency          p50 ${pct(50).toFixed(0)} ms · p90 ${pct(90).toFixed(0)} ms · p99 ${pct(99).toFixed(0)} ms · max ${sorted.at(-1)!.toFixed(0)} ms`,
);
console.log(
  `errors           ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => e.status))].join(', ')})` : ''}`,
);
console.log(`confirmed        ${confirmed} (workshop row: ${row!.confirmedCount})`);
console.log(
  `waitlisted       ${positions.length} (workshop row: ${row!.waitlistCount}), positions 1..n exact: ${positionsExact}`,
);
console.log(`rows written     ${stored.length}`);
await pool.end();
process.exitCode = errors.length === 0 && positionsExact && confirmed === Math.min(seats, burst) ? 0 : 1;
