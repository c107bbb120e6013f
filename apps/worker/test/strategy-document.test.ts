import { renderStrategyPdf } from '@werkstatt/strategy-pdf';
import { shieldPng } from '@werkstatt/strategy-pdf/fixtures';
import { describe, expect, it } from 'vitest';
import { toStrategyDocument, UnrenderableVersionError } from '../src/documents/strategy-document.js';

const fieldA = '0190f1c2-7a1b-7cde-8f00-00000000000a';
const fieldB = '0190f1c2-7a1b-7cde-8f00-00000000000b';
const fieldC = '0190f1c2-7a1b-7cde-8f00-00000000000c';
const uuid = (n: number) => `0190f1c2-7a1b-7cde-8f00-${String(n).padStart(12, '0')}`;

function measure(n: number, actionFieldId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: uuid(100 + n),
    actionFieldId,
    actionFieldTitle: actionFieldId === fieldC ? 'Tourismus' : 'Digitale Infrastruktur',
    originIdeaId: null,
    rank: n,
    title: `Maßnahme ${n}`,
    description: '',
    lead: null,
    participants: null,
    targetGroup: null,
    expectedResult: null,
    resources: null,
    startWindow: null,
    startDate: null,
    endDate: null,
    status: 'planned',
    progress: 0,
    budgetCents: null,
    fundingSource: null,
    grantProgram: null,
    indicators: [],
    steps: [],
    ...overrides,
  };
}

function snapshot(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    takenAt: '2025-03-14T16:00:00.000Z',
    municipality: {
      id: uuid(1),
      name: 'Verbandsgemeinde Südliche Weinstraße',
      kind: 'verbandsgemeinde',
      ars: null,
      stateCode: 'RP',
    },
    program: { id: uuid(2), name: 'Digital-Werkstatt' },
    strategy: {
      id: uuid(3),
      title: 'Digitale Weinstraße 2030',
      vision: 'Wir **verbinden** Dörfer.',
      summary: '',
      status: 'draft',
      adoptedOn: null,
      councilResolution: null,
      visibility: 'private',
      nextReviewOn: null,
    },
    fields: [
      {
        actionFieldId: fieldB,
        key: 'bildung',
        title: 'Bildung und Jugend',
        priority: 2,
        rationale: '',
        goal: 'Jede Schule digital.',
        maturityNow: null,
        maturityTarget: null,
      },
      {
        actionFieldId: fieldA,
        key: 'infrastruktur',
        title: 'Digitale Infrastruktur',
        priority: 1,
        rationale: 'Ohne Netz geht nichts.',
        goal: '',
        maturityNow: 1,
        maturityTarget: 3,
      },
    ],
    measures: [
      measure(1, fieldA, {
        description: 'x'.repeat(9000),
        indicators: [
          {
            name: 'Zugangspunkte',
            unit: 'Anzahl',
            baseline: 0,
            target: 4,
            currentValue: 2,
            currentAsOf: '2025-06-30',
          },
        ],
        steps: [
          { id: uuid(201), title: 'Zweiter Schritt', dueOn: '2025-09-30', doneAt: null, order: 2 },
          {
            id: uuid(200),
            title: 'Erster Schritt',
            dueOn: '2025-06-30',
            doneAt: '2025-06-01T08:00:00.000Z',
            order: 1,
          },
        ],
      }),
      measure(1, fieldC),
    ],
    ideas: [
      {
        id: uuid(300),
        actionFieldId: fieldB,
        actionFieldTitle: 'Bildung und Jugend',
        title: 'Tablet-Führerschein',
        description: '',
        estimatedDuration: null,
        status: 'new',
        votes: 5,
        sourceWorkshopId: null,
        measureId: null,
      },
    ],
    ...overrides,
  };
}

const version = (snap: unknown) => ({
  label: 'Ergebnis der Werkstatt',
  createdAt: new Date('2025-03-14T16:00:00.000Z'),
  snapshot: snap,
});

describe('toStrategyDocument', () => {
  it('maps a snapshot to the renderer input: fields by priority, other fields after them', () => {
    const doc = toStrategyDocument(version(snapshot()));
    expect(doc.municipality).toEqual({
      name: 'Verbandsgemeinde Südliche Weinstraße',
      kind: 'verbandsgemeinde',
    });
    expect(doc.version).toEqual({ label: 'Ergebnis der Werkstatt', createdAt: '2025-03-14T16:00:00.000Z' });
    // A snapshot made before workshops, council meeting and logo were recorded still maps.
    expect(doc.workshops).toEqual([]);
    expect(doc.resolution).toBeNull();
    expect(doc.logo).toBeNull();
    expect(doc.actionFields.map((f) => [f.key, f.title, f.priority])).toEqual([
      [fieldA, 'Digitale Infrastruktur', 1],
      [fieldB, 'Bildung und Jugend', 2],
      // A measure of a field the strategy did not choose keeps its field, after the chosen ones.
      [fieldC, 'Tourismus', 3],
    ]);
    expect(doc.actionFields[0]).toMatchObject({
      rationale: 'Ohne Netz geht nichts.',
      goal: null,
      maturityNow: 1,
    });
    expect(doc.actionFields[1]).toMatchObject({ rationale: null, maturityNow: null, maturityTarget: null });
    expect(doc.strategy.summary).toBeNull();
    expect(doc.measures.map((m) => m.actionFieldKey)).toEqual([fieldA, fieldC]);
    expect(doc.ideas).toEqual([
      { title: 'Tablet-Führerschein', description: null, actionFieldKey: fieldB, votes: 5, status: 'new' },
    ]);
  });

  it('orders steps, renames indicator values and clips texts longer than the document prints', () => {
    const [m] = toStrategyDocument(version(snapshot())).measures;
    expect(m!.steps.map((s) => s.title)).toEqual(['Erster Schritt', 'Zweiter Schritt']);
    expect(m!.steps[0]!.doneAt).toBe('2025-06-01T08:00:00.000Z');
    expect(m!.indicators[0]).toMatchObject({ current: 2, currentOn: '2025-06-30' });
    expect(m!.description).toHaveLength(5000);
    expect(m!.description!.endsWith('…')).toBe(true);
  });

  it('tells the workshop in Berlin wall time, and carries the council meeting and the logo', async () => {
    const base = snapshot();
    const logo = Buffer.from(shieldPng()).toString('base64');
    const doc = toStrategyDocument(
      version({
        ...base,
        strategy: {
          ...base.strategy,
          councilMeeting: { body: 'Verbandsgemeinderat', meetingOn: '2025-04-10', agendaItem: 'TOP 4' },
        },
        workshops: [
          {
            id: uuid(50),
            title: 'Digital-Werkstatt Südliche Weinstraße',
            format: 'onsite',
            // 09:00–16:30 in Berlin (CET).
            startsAt: '2025-03-14T08:00:00.000Z',
            endsAt: '2025-03-14T15:30:00.000Z',
            venueName: 'Haus der Vereine',
            venueCity: 'Edenkoben',
            partnerMunicipalities: ['Verbandsgemeinde Maikammer'],
            participants: { politics: 3, administration: 5, citizen: 2, business: 0, other: 1 },
            moderators: ['Dr. Katrin Weißmüller'],
          },
        ],
        logo: { mediaType: 'image/png', base64: logo },
      }),
    );
    expect(doc.workshops).toEqual([
      {
        date: '2025-03-14',
        start: '09:00',
        end: '16:30',
        format: 'onsite',
        venue: 'Haus der Vereine',
        city: 'Edenkoben',
        partnerMunicipalities: ['Verbandsgemeinde Maikammer'],
        participants: { politics: 3, administration: 5, citizen: 2, business: 0, other: 1 },
        moderators: ['Dr. Katrin Weißmüller'],
      },
    ]);
    expect(doc.resolution).toEqual({
      body: 'Verbandsgemeinderat',
      meetingOn: '2025-04-10',
      agendaItem: 'TOP 4',
    });
    expect(Buffer.from(doc.logo!.png).toString('base64')).toBe(logo);
    // And the renderer takes it as it is.
    const pdf = await renderStrategyPdf(doc);
    expect(pdf.pageCount).toBeGreaterThan(3);
  });

  it('refuses a snapshot it cannot read, and a version without any field', () => {
    expect(() => toStrategyDocument(version({ schemaVersion: 2 }))).toThrow(UnrenderableVersionError);
    expect(() => toStrategyDocument(version(snapshot({ fields: [], measures: [], ideas: [] })))).toThrow(
      /cannot be rendered: actionFields/,
    );
  });
});
