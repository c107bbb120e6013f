import argon2 from 'argon2';
import { eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { actionFields, municipalities, programs, type UserRole, users } from '../schema/index.js';
import { demoActionFields, demoMunicipalities } from './catalog.js';
import { seedDemoStrategies } from './strategies.js';

export interface DemoLogin {
  email: string;
  password: string;
  role: UserRole;
  municipality: string | null;
}

export const DEMO_PASSWORD = 'Werkstatt-Demo-2026';
export const DEMO_PROGRAM_SLUG = 'digital-werkstatt';

const demoUsers: { email: string; name: string; role: UserRole; municipalitySlug: string | null }[] = [
  {
    email: 'programmbuero@werkstatt.example',
    name: 'Petra Programmbüro',
    role: 'program_admin',
    municipalitySlug: null,
  },
  {
    email: 'moderation@werkstatt.example',
    name: 'Moritz Moderation',
    role: 'moderator',
    municipalitySlug: null,
  },
  {
    email: 'admin@wonnegau.example',
    name: 'Anna Schäfer',
    role: 'municipality_admin',
    municipalitySlug: 'vg-wonnegau',
  },
  {
    email: 'redaktion@wonnegau.example',
    name: 'Jürgen Weiß',
    role: 'municipality_editor',
    municipalitySlug: 'vg-wonnegau',
  },
  {
    email: 'lesen@wonnegau.example',
    name: 'Sören Köhler',
    role: 'municipality_viewer',
    municipalitySlug: 'vg-wonnegau',
  },
  {
    email: 'admin@eich.example',
    name: 'Lena Müller',
    role: 'municipality_admin',
    municipalitySlug: 'vg-eich',
  },
];

/**
 * Seeds the demo program, its nine action fields, municipalities, one user per role and each demo
 * municipality's strategy. Idempotent: each part is only added where it is missing.
 */
export async function seedDemoData(db: Database): Promise<DemoLogin[]> {
  const logins = demoUsers.map((u) => ({
    email: u.email,
    password: DEMO_PASSWORD,
    role: u.role,
    municipality: u.municipalitySlug,
  }));
  const existing = await db
    .select({ id: programs.id })
    .from(programs)
    .where(eq(programs.slug, DEMO_PROGRAM_SLUG));
  if (existing.length > 0) {
    await db.transaction((tx) => seedDemoStrategies(tx, DEMO_PROGRAM_SLUG));
    return logins;
  }

  const passwordHash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  await db.transaction(async (tx) => {
    const [program] = await tx
      .insert(programs)
      .values({
        name: 'Digital-Werkstatt',
        slug: DEMO_PROGRAM_SLUG,
        description:
          'Ganztägige Workshops, in denen bis zu drei Kommunen gemeinsam eine erste Digitalstrategie erarbeiten.',
        startsOn: '2018-01-01',
        // Still running: the office schedules workshops in the demo, and they must lie in the period.
        endsOn: null,
        eligibleKinds: [
          'verbandsgemeinde',
          'verbandsfreie_gemeinde',
          'stadt',
          'grosse_kreisangehoerige_stadt',
        ],
        maxMunicipalitiesPerWorkshop: 3,
        maxParticipants: 30,
        contactName: 'Petra Programmbüro',
        contactEmail: 'programmbuero@werkstatt.localhost',
        contactPhone: '06131 123456',
        contactOrganisation: 'Programmbüro Digital-Werkstatt',
      })
      .returning();
    await tx.insert(actionFields).values(
      demoActionFields.map((f, i) => ({
        programId: program!.id,
        key: f.key,
        title: f.title,
        description: f.description,
        exampleMeasures: [...f.exampleMeasures],
        sortOrder: (i + 1) * 10,
      })),
    );
    const rows = await tx
      .insert(municipalities)
      .values(demoMunicipalities.map((m) => ({ ...m, kind: 'verbandsgemeinde' as const, stateCode: 'RP' })))
      .returning({ id: municipalities.id, slug: municipalities.slug });
    const idBySlug = new Map(rows.map((r) => [r.slug, r.id]));
    await tx.insert(users).values(
      demoUsers.map((u) => ({
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash,
        municipalityId: u.municipalitySlug ? idBySlug.get(u.municipalitySlug)! : null,
      })),
    );
    await seedDemoStrategies(tx, DEMO_PROGRAM_SLUG);
  });
  return logins;
}
