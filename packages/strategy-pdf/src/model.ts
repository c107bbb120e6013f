import { z } from 'zod';

/**
 * The input of the strategy PDF: one frozen strategy version (Fassung) with everything the council
 * document shows. The renderer is a pure function of this value, so the worker maps database rows into
 * it and tests build it from fixtures. Texts are German, money is integer cents (EUR), calendar dates are
 * `YYYY-MM-DD`, instants are RFC 3339, and workshop times are Europe/Berlin wall times (`HH:MM`).
 */

// Mirrors the municipality_kind enum in @werkstatt/db; duplicated so the renderer stays free of the database.
export const municipalityKinds = [
  'verbandsgemeinde',
  'verbandsfreie_gemeinde',
  'stadt',
  'grosse_kreisangehoerige_stadt',
  'kreisfreie_stadt',
  'landkreis',
  'ortsgemeinde',
] as const;
export type MunicipalityKind = (typeof municipalityKinds)[number];

export const strategyStatuses = ['draft', 'adopted'] as const;
export const workshopFormats = ['onsite', 'online'] as const;
export const startWindows = ['immediately', 'within_2_years', 'within_4_years'] as const;
export const measureStatuses = ['planned', 'in_progress', 'done', 'on_hold', 'dropped'] as const;
export const ideaStatuses = ['new', 'planned', 'parked', 'rejected'] as const;

export type StrategyStatus = (typeof strategyStatuses)[number];
export type WorkshopFormat = (typeof workshopFormats)[number];
export type StartWindow = (typeof startWindows)[number];
export type MeasureStatus = (typeof measureStatuses)[number];
export type IdeaStatus = (typeof ideaStatuses)[number];

/** Size limits: generous for real strategies, but bounded so one document cannot exhaust a worker. */
export const limits = {
  fields: 20,
  measures: 2000,
  ideas: 5000,
  workshops: 10,
  indicatorsPerMeasure: 20,
  stepsPerMeasure: 100,
  visionChars: 20_000,
  longText: 5000,
  shortText: 300,
} as const;

const name = z.string().trim().min(1).max(limits.shortText);
const optionalName = z.string().trim().max(limits.shortText).nullable().default(null);
const longText = z.string().trim().max(limits.longText).nullable().default(null);
const isoDate = z.iso.date();
const optionalDate = isoDate.nullable().default(null);
const instant = z.iso.datetime({ offset: true });
const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const fieldKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+([-_][a-z0-9]+)*$/, 'lowercase letters, digits, single hyphens or underscores');
const headcount = z.number().int().min(0).max(1000);

export const Municipality = z
  .object({
    name: name.meta({ example: 'Verbandsgemeinde Wonnegau' }),
    kind: z.enum(municipalityKinds),
  })
  .strict();

export const Program = z.object({ name: name.meta({ example: 'Digital-Werkstatt' }) }).strict();

export const Strategy = z
  .object({
    /** Shown on the cover under "Digitalstrategie", e.g. "Digitale Verbandsgemeinde Wonnegau 2030". */
    title: name,
    /** The Leitbild as Markdown: paragraphs, lists, bold and italic. */
    vision: z.string().trim().max(limits.visionChars).default(''),
    summary: longText,
    status: z.enum(strategyStatuses),
    adoptedOn: optionalDate,
    councilResolution: optionalName,
    nextReviewOn: optionalDate,
  })
  .strict();

export const StrategyVersion = z
  .object({
    label: name.meta({ example: 'Ergebnis der Werkstatt' }),
    createdAt: instant,
  })
  .strict();

export const Participants = z
  .object({
    politics: headcount,
    administration: headcount,
    citizen: headcount,
    business: headcount,
    other: headcount,
  })
  .strict();

export const Workshop = z
  .object({
    date: isoDate,
    /** Europe/Berlin wall time. */
    start: wallTime,
    end: wallTime,
    format: z.enum(workshopFormats),
    venue: optionalName,
    city: optionalName,
    /** Other municipalities that shared the day (up to three municipalities per workshop). */
    partnerMunicipalities: z.array(name).max(10).default([]),
    participants: Participants,
    moderators: z.array(name).max(20).default([]),
  })
  .strict()
  .refine((w) => w.end > w.start, { path: ['end'], message: 'must be after start' });

export const ActionField = z
  .object({
    key: fieldKey,
    title: name,
    /** 1 is the most important field. */
    priority: z.number().int().min(1).max(100),
    rationale: longText,
    goal: longText,
    /** Digital maturity 0–4; null when the workshop did not assess it. */
    maturityNow: z.number().int().min(0).max(4).nullable().default(null),
    maturityTarget: z.number().int().min(0).max(4).nullable().default(null),
  })
  .strict();

export const Indicator = z
  .object({
    name,
    unit: z.string().trim().max(50).nullable().default(null),
    baseline: z.number().finite().nullable().default(null),
    target: z.number().finite().nullable().default(null),
    current: z.number().finite().nullable().default(null),
    currentOn: optionalDate,
  })
  .strict();

export const Step = z
  .object({
    title: name,
    dueOn: optionalDate,
    doneAt: instant.nullable().default(null),
  })
  .strict();

export const Measure = z
  .object({
    title: name,
    description: longText,
    actionFieldKey: fieldKey,
    /** Order within its field, 1 first (the workshop's ranking). */
    rank: z.number().int().min(1).max(10_000),
    lead: optionalName,
    participants: optionalName,
    targetGroup: optionalName,
    expectedResult: longText,
    resources: longText,
    startWindow: z.enum(startWindows).nullable().default(null),
    startDate: optionalDate,
    endDate: optionalDate,
    status: z.enum(measureStatuses),
    progress: z.number().int().min(0).max(100).default(0),
    budgetCents: z.number().int().min(0).max(100_000_000_000).nullable().default(null),
    fundingSource: optionalName,
    grantProgram: optionalName,
    indicators: z.array(Indicator).max(limits.indicatorsPerMeasure).default([]),
    steps: z.array(Step).max(limits.stepsPerMeasure).default([]),
  })
  .strict()
  .refine((m) => !m.startDate || !m.endDate || m.endDate >= m.startDate, {
    path: ['endDate'],
    message: 'must not be before startDate',
  });

export const Idea = z
  .object({
    title: name,
    description: longText,
    actionFieldKey: fieldKey,
    votes: z.number().int().min(0).max(100_000),
    status: z.enum(ideaStatuses),
  })
  .strict();

/** The council meeting the strategy is put to: the Beschlussvorschlag page is printed only with it. */
export const Resolution = z
  .object({
    /** The deciding body, e.g. "Verbandsgemeinderat Wonnegau". */
    body: name,
    meetingOn: optionalDate,
    /** The agenda item, e.g. "TOP 5 (öffentlich)". */
    agendaItem: optionalName,
  })
  .strict();

/** PNG files start with this signature; the renderer draws nothing else as a logo. */
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const maxLogoBytes = 512 * 1024;

export const Logo = z
  .object({
    /** The coat of arms or logo as PNG (an uploaded SVG is rasterised before it gets here). */
    png: z
      .instanceof(Uint8Array)
      .refine((b) => b.length <= maxLogoBytes, 'at most 512 KiB')
      .refine((b) => pngSignature.every((byte, i) => b[i] === byte), 'not a PNG file'),
  })
  .strict();

export const StrategyDocument = z
  .object({
    municipality: Municipality,
    program: Program,
    strategy: Strategy,
    version: StrategyVersion,
    workshops: z.array(Workshop).max(limits.workshops).default([]),
    /** The chosen fields; the renderer orders them by priority. */
    actionFields: z.array(ActionField).min(1).max(limits.fields),
    measures: z.array(Measure).max(limits.measures).default([]),
    ideas: z.array(Idea).max(limits.ideas).default([]),
    resolution: Resolution.nullable().default(null),
    logo: Logo.nullable().default(null),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const keys = new Set<string>();
    doc.actionFields.forEach((field, i) => {
      if (keys.has(field.key)) {
        ctx.addIssue({ code: 'custom', path: ['actionFields', i, 'key'], message: 'duplicate field key' });
      }
      keys.add(field.key);
    });
    const check = (list: 'measures' | 'ideas', items: { actionFieldKey: string }[]) => {
      items.forEach((item, i) => {
        if (!keys.has(item.actionFieldKey)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'actionFieldKey'],
            message: 'not one of the chosen action fields',
          });
        }
      });
    };
    check('measures', doc.measures);
    check('ideas', doc.ideas);
  });

/** A validated strategy version, as the renderer reads it (optional values are explicit nulls). */
export type StrategyDocument = z.infer<typeof StrategyDocument>;
/** What callers may pass before validation: optional values may be left out. */
export type StrategyDocumentInput = z.input<typeof StrategyDocument>;
export type ActionField = z.infer<typeof ActionField>;
export type Measure = z.infer<typeof Measure>;
export type Idea = z.infer<typeof Idea>;
export type Workshop = z.infer<typeof Workshop>;
export type Indicator = z.infer<typeof Indicator>;
export type Step = z.infer<typeof Step>;
export type Resolution = z.infer<typeof Resolution>;
