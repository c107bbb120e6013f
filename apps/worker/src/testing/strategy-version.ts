import { randomBytes, randomUUID } from 'node:crypto';
import {
  actionFields,
  type Database,
  documents,
  municipalities,
  programs,
  strategies,
  strategyVersions,
} from '@werkstatt/db';

/**
 * Test and benchmark fixtures: a strategy version as the API stores it (snapshot schemaVersion 1),
 * written with an owner connection. Kept next to the code that reads it, so both change together.
 */
export interface SeedVersionOptions {
  /** Name of the new municipality (each version gets its own: one strategy per municipality). */
  municipalityName?: string;
  /** Program to use (with its fields); a new one with `fields` fields is created when left out. */
  program?: SeededProgram;
  fields?: number;
  measures?: number;
  ideas?: number;
  label?: string;
}

export interface SeededProgram {
  id: string;
  name: string;
  fields: { id: string; key: string; title: string }[];
}

export interface SeededVersion {
  municipalityId: string;
  municipalityName: string;
  municipalitySlug: string;
  program: SeededProgram;
  versionId: string;
  label: string;
}

const fieldTitles = [
  'Digitale Infrastruktur',
  'Bildung und Jugend',
  'Kommunale Wirtschaft',
  'Tourismus',
  'Silberne Gesellschaft',
  'Arbeit und Soziales',
  'Kommunale Verwaltung',
  'Dorf- und Stadtentwicklung',
  'Alltagsleben',
];
const measureTitles = [
  'Freies WLAN im Bürgerhaus',
  'Online-Terminvergabe im Bürgerbüro',
  'Digitale Sprechstunde für Ältere',
  'Glasfaser-Ausbau in den Ortsteilen',
  'Dorf-App für Vereine und Veranstaltungen',
  'Tablets für die Grundschule',
  'Digitaler Bauantrag',
  'Smarte Straßenbeleuchtung',
];
const leads = ['Bürgermeisterin', 'Bauamt', 'Hauptamt', 'Schulträger', 'Wirtschaftsförderung'];
const statuses = ['planned', 'in_progress', 'done', 'on_hold'] as const;

const unique = () => randomBytes(4).toString('hex');
const day = (year: number, month: number, d = 1) =>
  `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export async function seedProgram(db: Database, fieldCount = 3): Promise<SeededProgram> {
  const suffix = unique();
  const [program] = await db
    .insert(programs)
    .values({
      name: 'Digital-Werkstatt',
      slug: `digital-werkstatt-${suffix}`,
      startsOn: '2025-01-01',
      eligibleKinds: ['verbandsgemeinde'],
    })
    .returning();
  const fields = await db
    .insert(actionFields)
    .values(
      Array.from({ length: fieldCount }, (_, i) => ({
        programId: program!.id,
        key: `feld-${i + 1}`,
        title: fieldTitles[i % fieldTitles.length]!,
        sortOrder: i + 1,
      })),
    )
    .returning();
  return {
    id: program!.id,
    name: program!.name,
    fields: fields.map((f) => ({ id: f.id, key: f.key, title: f.title })),
  };
}

/** A new municipality with a strategy and one version of it, like POST …/strategy/versions makes. */
export async function seedStrategyVersion(
  db: Database,
  options: SeedVersionOptions = {},
): Promise<SeededVersion> {
  const program = options.program ?? (await seedProgram(db, options.fields ?? 3));
  const [municipality] = await db
    .insert(municipalities)
    .values({
      name: options.municipalityName ?? 'Verbandsgemeinde Südliche Weinstraße',
      slug: `vg-${unique()}`,
      kind: 'verbandsgemeinde',
      stateCode: 'RP',
    })
    .returning();
  if (!municipality) throw new Error('municipality not created');
  const title = `Digitalstrategie ${municipality.name}`;
  const [strategy] = await db
    .insert(strategies)
    .values({ municipalityId: municipality.id, programId: program.id, title })
    .returning();

  const fields = program.fields;
  const measureCount = options.measures ?? 20;
  const ideaCount = options.ideas ?? 10;
  const snapshot = {
    schemaVersion: 1,
    takenAt: new Date().toISOString(),
    municipality: {
      id: municipality.id,
      name: municipality.name,
      kind: 'verbandsgemeinde',
      ars: null,
      stateCode: 'RP',
    },
    program: { id: program.id, name: program.name },
    strategy: {
      id: strategy!.id,
      title,
      vision:
        'Die Verbandsgemeinde nutzt die Digitalisierung, damit **alle Generationen** gut hier leben, ' +
        'arbeiten und sich beteiligen können.\n\n- Verwaltung rund um die Uhr erreichbar\n- Schnelles Netz in jedem Ortsteil',
      summary: 'Ergebnis der ganztägigen Werkstatt mit Rat, Verwaltung, Bürgerinnen und Bürgern.',
      status: 'draft',
      adoptedOn: null,
      councilResolution: null,
      visibility: 'private',
      nextReviewOn: '2027-03-31',
    },
    fields: fields.map((f, i) => ({
      actionFieldId: f.id,
      key: f.key,
      title: f.title,
      priority: i + 1,
      rationale: `${f.title} ist für die Menschen vor Ort besonders wichtig.`,
      goal: `Bis 2028 spürbare Fortschritte im Handlungsfeld ${f.title}.`,
      maturityNow: i % 3,
      maturityTarget: 3,
    })),
    measures: Array.from({ length: measureCount }, (_, i) => {
      const field = fields[i % fields.length]!;
      const startYear = 2025 + (i % 3);
      return {
        id: randomUUID(),
        actionFieldId: field.id,
        actionFieldTitle: field.title,
        originIdeaId: null,
        rank: Math.floor(i / fields.length) + 1,
        title: `${measureTitles[i % measureTitles.length]} (${i + 1})`,
        description:
          'Die Maßnahme verbessert den Zugang zu digitalen Angeboten. Sie wird mit den Ortsgemeinden ' +
          'abgestimmt und in Schritten umgesetzt; Erfahrungen fließen in die Fortschreibung ein.',
        lead: leads[i % leads.length]!,
        participants: 'Ortsgemeinden, Vereine',
        targetGroup: 'Bürgerinnen und Bürger',
        expectedResult: 'Ein Angebot, das im Alltag genutzt wird.',
        resources: 'Personal der Verwaltung, Fördermittel',
        startWindow: i % 2 === 0 ? 'immediately' : 'within_2_years',
        startDate: day(startYear, (i % 12) + 1),
        endDate: day(startYear + 1, (i % 12) + 1, 28),
        status: statuses[i % statuses.length]!,
        progress: (i * 13) % 100,
        budgetCents: 250_000 + i * 125_000,
        fundingSource: 'Haushalt',
        grantProgram: i % 3 === 0 ? 'Förderprogramm Digitale Dörfer' : null,
        indicators: [
          {
            name: 'Nutzerinnen und Nutzer pro Monat',
            unit: 'Anzahl',
            baseline: 0,
            target: 200,
            currentValue: i * 5,
            currentAsOf: '2025-06-30',
          },
        ],
        steps: [
          {
            id: randomUUID(),
            title: 'Angebote einholen',
            dueOn: day(startYear, 3, 31),
            doneAt: null,
            order: 1,
          },
          {
            id: randomUUID(),
            title: 'Förderantrag stellen',
            dueOn: day(startYear, 6, 30),
            doneAt: null,
            order: 2,
          },
        ],
      };
    }),
    ideas: Array.from({ length: ideaCount }, (_, i) => {
      const field = fields[i % fields.length]!;
      return {
        id: randomUUID(),
        actionFieldId: field.id,
        actionFieldTitle: field.title,
        title: `Projektidee ${i + 1}: Treffpunkt für digitale Fragen`,
        description: 'Aus der Werkstatt: Ehrenamtliche helfen bei Smartphone und Online-Formularen.',
        estimatedDuration: 'up_to_1_year',
        status: 'new',
        votes: (i * 7) % 12,
        sourceWorkshopId: null,
        measureId: null,
      };
    }),
  };
  const label = options.label ?? 'Ergebnis der Werkstatt';
  const [version] = await db
    .insert(strategyVersions)
    .values({
      municipalityId: municipality.id,
      strategyId: strategy!.id,
      number: 1,
      label,
      snapshot,
      createdBy: 'Fixture',
    })
    .returning();
  return {
    municipalityId: municipality.id,
    municipalityName: municipality.name,
    municipalitySlug: municipality.slug,
    program,
    versionId: version!.id,
    label,
  };
}

/** A queued document for a version, as POST …/documents writes it (without the outbox row). */
export async function seedDocument(db: Database, version: SeededVersion): Promise<string> {
  const [row] = await db
    .insert(documents)
    .values({
      municipalityId: version.municipalityId,
      strategyVersionId: version.versionId,
      filename: `Digitalstrategie-${version.municipalitySlug}.pdf`,
    })
    .returning({ id: documents.id });
  return row!.id;
}
