import { crc32, deflateSync } from 'node:zlib';
import { StrategyDocument, type StrategyDocumentInput } from './model.js';

type MeasureInput = StrategyDocumentInput['measures'] extends (infer M)[] | undefined ? M : never;
type IdeaInput = StrategyDocumentInput['ideas'] extends (infer I)[] | undefined ? I : never;

const vision = `Die Verbandsgemeinde Wonnegau will **bis 2030 die digitalste Weinbau-Region Rheinhessens** werden – nicht
als Selbstzweck, sondern damit Bürgerinnen und Bürger, Vereine und Betriebe ihre Anliegen einfacher, schneller und
von überall erledigen können.

Digitalisierung verstehen wir als *Gemeinschaftsaufgabe*: Verwaltung, Ortsgemeinden, Schulen, Wirtschaft und
Ehrenamt gestalten sie gemeinsam. Dafür gelten drei Grundsätze:

- **Nutzen vor Technik:** Jede Maßnahme beginnt mit der Frage, wem sie im Alltag hilft.
- **Niemand bleibt zurück:** Wer digitale Angebote nicht nutzen kann oder will, findet weiter einen persönlichen Weg
  ins Rathaus – und Unterstützung beim Einstieg, etwa durch *Digital-Lotsen* in den Ortsgemeinden.
- **Offen und sicher:** Daten der Verbandsgemeinde werden, wo es möglich ist, als Open Data veröffentlicht; personenbezogene
  Daten werden nach dem Stand der Technik geschützt.

Bis zur nächsten Fortschreibung wollen wir

1. die zehn meistgenutzten Verwaltungsleistungen vollständig online anbieten,
2. alle Grundschulen mit Glasfaser, WLAN und betreuten Endgeräten ausstatten und
3. in jeder Ortsgemeinde einen Treffpunkt für „Digital im Alter“ einrichten.

Die Strategie ist ein *lebendes Dokument*: Der Verbandsgemeinderat überprüft jährlich, was erreicht wurde, und
entscheidet über neue Maßnahmen aus dem Ideenspeicher.`;

/** A realistic strategy of Verbandsgemeinde Wonnegau a year after its workshop: 3 fields, 12 measures. */
export function demoStrategy(): StrategyDocument {
  const measures: MeasureInput[] = [
    {
      title: 'Online-Terminvergabe für Bürgerbüro und Standesamt',
      description:
        'Termine im Bürgerbüro in Osthofen und im Standesamt werden online gebucht, mit Erinnerung per E-Mail oder SMS. ' +
        'Wartezeiten sinken, und die Mitarbeitenden können Termine besser vorbereiten.',
      actionFieldKey: 'verwaltung',
      rank: 1,
      lead: 'Fachbereich 1 – Bürgerdienste',
      participants: 'IT-Stelle, Personalrat, Datenschutzbeauftragte',
      targetGroup: 'Bürgerinnen und Bürger, Gewerbetreibende',
      expectedResult: '80 % der Termine im Bürgerbüro werden online vereinbart; Wartezeit unter 10 Minuten.',
      resources: 'Lizenz für ein Terminmodul, 15 Personentage Einführung, Schulung der Teams',
      startWindow: 'immediately',
      startDate: '2025-04-01',
      endDate: '2025-12-31',
      status: 'done',
      progress: 100,
      budgetCents: 1_250_000,
      fundingSource: 'Haushalt 2025, Produkt 1.2.2',
      indicators: [
        {
          name: 'Anteil online gebuchter Termine',
          unit: 'Prozent',
          baseline: 0,
          target: 80,
          current: 86,
          currentOn: '2026-02-28',
        },
        {
          name: 'Mittlere Wartezeit',
          unit: 'min',
          baseline: 27,
          target: 10,
          current: 8,
          currentOn: '2026-02-28',
        },
      ],
      steps: [
        {
          title: 'Anforderungen mit Bürgerbüro und Standesamt klären',
          dueOn: '2025-04-30',
          doneAt: '2025-04-24T10:00:00+02:00',
        },
        {
          title: 'Terminmodul beschaffen (Vergabe unter 25.000 €)',
          dueOn: '2025-06-30',
          doneAt: '2025-06-12T09:00:00+02:00',
        },
        { title: 'Einführung und Schulung', dueOn: '2025-09-30', doneAt: '2025-09-19T14:00:00+02:00' },
      ],
    },
    {
      title: 'Die zehn meistgenutzten Leistungen nach OZG vollständig online',
      description:
        'Gemeinsam mit dem Land werden die zehn am häufigsten nachgefragten Verwaltungsleistungen (u. a. Meldebescheinigung, ' +
        'Gewerbeanmeldung, Hundesteuer, Sondernutzung) Ende-zu-Ende digital angeboten – vom Antrag bis zum Bescheid ohne Medienbruch.',
      actionFieldKey: 'verwaltung',
      rank: 2,
      lead: 'Digitalisierungsbeauftragter der Verbandsgemeinde',
      participants: 'Alle Fachbereiche, Kommunaler Rechenzentrumsverbund, Land Rheinland-Pfalz',
      targetGroup: 'Bürgerschaft und Unternehmen',
      expectedResult: 'Zehn Leistungen sind über das Serviceportal vollständig digital beantragbar.',
      resources: '0,5 Stelle Prozessmanagement für 2 Jahre; Anbindung an das Serviceportal',
      startWindow: 'immediately',
      startDate: '2025-06-01',
      endDate: '2027-06-30',
      status: 'in_progress',
      progress: 40,
      budgetCents: 8_500_000,
      fundingSource: 'Haushalt 2025–2027',
      grantProgram: '„Digitale Kommune RLP“',
      indicators: [
        {
          name: 'Leistungen vollständig online',
          unit: 'Anzahl',
          baseline: 1,
          target: 10,
          current: 4,
          currentOn: '2026-03-01',
        },
      ],
      steps: [
        {
          title: 'Leistungen nach Fallzahlen priorisieren',
          dueOn: '2025-07-31',
          doneAt: '2025-07-28T12:00:00+02:00',
        },
        {
          title: 'Prozesse der ersten fünf Leistungen modellieren',
          dueOn: '2025-12-31',
          doneAt: '2026-01-20T12:00:00+01:00',
        },
        { title: 'Leistungen 5–7 im Serviceportal freischalten', dueOn: '2026-03-31' },
        { title: 'Leistungen 8–10 freischalten und bewerben', dueOn: '2026-12-31' },
      ],
    },
    {
      title: 'E-Akte in allen Fachbereichen',
      description:
        'Die elektronische Akte ersetzt schrittweise die Papierakte. Begonnen wird im Fachbereich Bauen, weil dort die meisten ' +
        'Vorgänge mit mehreren Beteiligten laufen.',
      actionFieldKey: 'verwaltung',
      rank: 3,
      lead: 'Hauptamt, Sachgebiet Organisation',
      participants: 'Fachbereiche 1–4, Personalrat',
      targetGroup: 'Mitarbeitende der Verwaltung',
      expectedResult: 'Neue Vorgänge werden in allen Fachbereichen nur noch elektronisch geführt.',
      resources: 'DMS-Lizenzen, Scanstraße, Schulungen (3 Tage je Fachbereich)',
      startWindow: 'within_2_years',
      startDate: '2026-01-01',
      endDate: '2028-06-30',
      status: 'in_progress',
      progress: 15,
      budgetCents: 14_000_000,
      fundingSource: 'Haushalt 2026–2028',
      steps: [
        { title: 'Pilot im Fachbereich Bauen starten', dueOn: '2026-04-30' },
        { title: 'Aktenplan und Löschfristen abstimmen', dueOn: '2026-06-30' },
      ],
    },
    {
      title: 'Digitale Sitzungsarbeit für Räte und Ausschüsse',
      description:
        'Ratsinformationssystem mit App; Sitzungsunterlagen nur noch digital, Tablets für alle Mitglieder.',
      actionFieldKey: 'verwaltung',
      rank: 4,
      lead: 'Büro des Bürgermeisters',
      participants: 'Fraktionen, Ortsbürgermeisterinnen und Ortsbürgermeister',
      targetGroup: 'Ratsmitglieder der Verbandsgemeinde und der Ortsgemeinden',
      expectedResult: 'Papierversand von Sitzungsunterlagen entfällt ab der Kommunalwahl 2029.',
      resources: '45 Tablets, App-Lizenzen, Einweisung',
      startWindow: 'within_2_years',
      startDate: '2026-09-01',
      endDate: '2027-03-31',
      status: 'planned',
      budgetCents: 3_600_000,
      fundingSource: 'Haushalt 2026',
      steps: [{ title: 'Bedarf der Ortsgemeinden abfragen', dueOn: '2026-05-15' }],
    },
    {
      title: 'Offene Daten der Verbandsgemeinde',
      description:
        'Haushaltsdaten, Ratsbeschlüsse und Geodaten werden maschinenlesbar im Open-Data-Portal des Landes veröffentlicht.',
      actionFieldKey: 'verwaltung',
      rank: 5,
      lead: 'IT-Stelle',
      startWindow: 'within_4_years',
      status: 'planned',
      budgetCents: 500_000,
    },
    {
      title: 'Glasfaser und WLAN für alle Grundschulen',
      description:
        'Alle sieben Grundschulen werden an das Glasfasernetz angeschlossen und erhalten flächendeckendes WLAN in Klassen- ' +
        'und Fachräumen.',
      actionFieldKey: 'bildung',
      rank: 1,
      lead: 'Fachbereich 3 – Schulen und Kitas',
      participants: 'Schulleitungen, Medienkompetenzzentrum, Netzbetreiber',
      targetGroup: 'Schülerinnen und Schüler, Lehrkräfte',
      expectedResult: 'Jede Grundschule hat mindestens 1 Gbit/s und WLAN in allen Unterrichtsräumen.',
      resources: 'Tiefbau, Netzwerktechnik, externer Planer',
      startWindow: 'immediately',
      startDate: '2025-05-01',
      endDate: '2026-10-31',
      status: 'in_progress',
      progress: 65,
      budgetCents: 42_000_000,
      fundingSource: 'Eigenanteil 10 %',
      grantProgram: 'DigitalPakt Schule 2.0',
      indicators: [
        {
          name: 'Grundschulen mit Glasfaser',
          unit: 'von 7',
          baseline: 2,
          target: 7,
          current: 5,
          currentOn: '2026-03-01',
        },
        {
          name: 'Unterrichtsräume mit WLAN',
          unit: '%',
          baseline: 20,
          target: 100,
          current: 70,
          currentOn: '2026-03-01',
        },
      ],
      steps: [
        { title: 'Förderantrag stellen', dueOn: '2025-06-30', doneAt: '2025-06-02T08:00:00+02:00' },
        { title: 'Ausschreibung Tiefbau', dueOn: '2025-09-30', doneAt: '2025-10-06T08:00:00+02:00' },
        { title: 'Anschluss der Grundschulen Gundersheim und Hangen-Weisheim', dueOn: '2026-04-30' },
        { title: 'Abnahme und Verwendungsnachweis', dueOn: '2026-12-15' },
      ],
    },
    {
      title: 'Medienkompetenz-Werkstatt für Jugendliche',
      description:
        'Offene Workshops im Jugendtreff zu Videoschnitt, Programmieren und Umgang mit sozialen Medien.',
      actionFieldKey: 'bildung',
      rank: 2,
      lead: 'Jugendpflege der Verbandsgemeinde',
      participants: 'Jugendtreffs, Medienanstalt RLP, Vereine',
      targetGroup: 'Jugendliche von 12 bis 18 Jahren',
      expectedResult: 'Zwölf Workshops im Jahr mit je mindestens acht Teilnehmenden.',
      resources: 'Honorare für Referentinnen und Referenten, 6 Laptops',
      startWindow: 'immediately',
      startDate: '2025-09-01',
      endDate: '2027-08-31',
      status: 'in_progress',
      progress: 50,
      budgetCents: 1_800_000,
      fundingSource: 'Haushalt und Sponsoring der Sparkasse Worms-Alzey-Ried',
      indicators: [
        {
          name: 'Workshops je Jahr',
          unit: null,
          baseline: 0,
          target: 12,
          current: 7,
          currentOn: '2026-02-28',
        },
      ],
      steps: [
        {
          title: 'Programm für das erste Halbjahr 2026 veröffentlichen',
          dueOn: '2026-01-15',
          doneAt: '2026-01-12T11:00:00+01:00',
        },
      ],
    },
    {
      title: 'Leihgeräte-Pool für Schulen',
      description: 'Ein zentral betreuter Pool von Tablets, die Schulen klassenweise ausleihen können.',
      actionFieldKey: 'bildung',
      rank: 3,
      lead: 'IT-Stelle mit Fachbereich 3',
      startWindow: 'within_2_years',
      startDate: '2026-08-01',
      endDate: '2027-07-31',
      status: 'planned',
      budgetCents: 6_000_000,
      grantProgram: 'DigitalPakt Schule 2.0',
    },
    {
      title: 'Digitale Anmeldung für Kita-Plätze',
      description:
        'Eltern melden ihren Bedarf für alle Kitas der Verbandsgemeinde über ein gemeinsames Portal an.',
      actionFieldKey: 'bildung',
      rank: 4,
      lead: 'Fachbereich 3 – Schulen und Kitas',
      startWindow: 'within_4_years',
      status: 'on_hold',
      budgetCents: 2_000_000,
    },
    {
      title: 'Digital-Lotsen in allen Ortsgemeinden',
      description:
        'Ehrenamtliche Digital-Lotsinnen und -Lotsen helfen älteren Menschen bei Smartphone, Online-Banking und ' +
        'Videotelefonie – in festen Sprechstunden im Dorfgemeinschaftshaus und bei Bedarf zu Hause.',
      actionFieldKey: 'silberne-gesellschaft',
      rank: 1,
      lead: 'Seniorenbeauftragte der Verbandsgemeinde',
      participants: 'Seniorenbeirat, Ortsgemeinden, Landfrauen, Volkshochschule',
      targetGroup: 'Menschen ab 60 Jahren',
      expectedResult: 'In jeder der elf Ortsgemeinden gibt es mindestens eine monatliche Sprechstunde.',
      resources: 'Schulung der Lotsen, Aufwandsentschädigung, Leihgeräte',
      startWindow: 'immediately',
      startDate: '2025-05-01',
      endDate: '2026-12-31',
      status: 'in_progress',
      progress: 70,
      budgetCents: 950_000,
      fundingSource: 'Haushalt',
      grantProgram: '„Digital-Botschafterinnen und -Botschafter“ des Landes',
      indicators: [
        {
          name: 'Ortsgemeinden mit Sprechstunde',
          unit: 'von 11',
          baseline: 0,
          target: 11,
          current: 8,
          currentOn: '2026-03-01',
        },
      ],
      steps: [
        { title: 'Lotsen gewinnen und schulen', dueOn: '2025-09-30', doneAt: '2025-09-27T16:00:00+02:00' },
        { title: 'Sprechstunden in Bechtheim, Monzernheim und Hochborn starten', dueOn: '2026-02-28' },
      ],
    },
    {
      title: 'Treffpunkt „Digital im Alter“',
      description:
        'Monatlicher Treff mit Vorträgen, z. B. zu Betrugsmaschen im Netz, Gesundheits-Apps und dem E-Rezept.',
      actionFieldKey: 'silberne-gesellschaft',
      rank: 2,
      lead: 'Volkshochschule Wonnegau',
      startWindow: 'within_2_years',
      startDate: '2026-04-01',
      endDate: '2027-12-31',
      status: 'planned',
      budgetCents: 480_000,
    },
    {
      title: 'Mitfahrbank-App',
      description:
        'Die Mitfahrbänke der Ortsgemeinden werden um eine App ergänzt, in der Fahrten angeboten werden.',
      actionFieldKey: 'silberne-gesellschaft',
      rank: 3,
      lead: 'Ortsgemeinde Westhofen',
      startWindow: 'within_4_years',
      status: 'dropped',
      budgetCents: 0,
    },
  ];

  const ideas: IdeaInput[] = [
    {
      title: 'Mängelmelder-App',
      description: 'Schlaglöcher, defekte Laternen und wilden Müll per Foto melden.',
      actionFieldKey: 'verwaltung',
      votes: 14,
      status: 'new',
    },
    {
      title: 'Chatbot auf der Website',
      description: 'Beantwortet häufige Fragen zu Öffnungszeiten und Gebühren.',
      actionFieldKey: 'verwaltung',
      votes: 6,
      status: 'parked',
    },
    { title: 'Digitale Wahlhelfer-Schulung', actionFieldKey: 'verwaltung', votes: 3, status: 'new' },
    { title: 'Online-Bezahlung aller Gebühren', actionFieldKey: 'verwaltung', votes: 11, status: 'planned' },
    {
      title: 'Coding-AG an jeder Grundschule',
      description: 'In Zusammenarbeit mit dem Gymnasium Osthofen und Ehrenamtlichen.',
      actionFieldKey: 'bildung',
      votes: 12,
      status: 'new',
    },
    {
      title: 'Makerspace in der Bücherei',
      description: '3D-Drucker, Lötstation und Nähmaschinen zum Ausleihen – für Jung und Alt.',
      actionFieldKey: 'bildung',
      votes: 9,
      status: 'new',
    },
    { title: 'Hausaufgabenhilfe per Video', actionFieldKey: 'bildung', votes: 2, status: 'rejected' },
    {
      title: 'Telemedizin-Sprechstunde im Dorfgemeinschaftshaus',
      description: 'Video-Sprechstunde mit Hausärzten, begleitet von einer Gesundheitslotsin.',
      actionFieldKey: 'silberne-gesellschaft',
      votes: 10,
      status: 'new',
    },
    {
      title: 'Notfall-Knopf für Alleinlebende',
      actionFieldKey: 'silberne-gesellschaft',
      votes: 5,
      status: 'parked',
    },
    {
      title: 'Nachbarschaftsplattform für Einkaufshilfen',
      description: 'Gegenseitige Hilfe im Ort, z. B. Einkäufe und Fahrten zum Arzt.',
      actionFieldKey: 'silberne-gesellschaft',
      votes: 8,
      status: 'new',
    },
  ];

  return StrategyDocument.parse({
    municipality: { name: 'Verbandsgemeinde Wonnegau', kind: 'verbandsgemeinde' },
    program: { name: 'Digital-Werkstatt Rheinland-Pfalz' },
    strategy: {
      title: 'Wonnegau digital 2030 – gemeinsam, nah, offen',
      vision,
      summary:
        'Die Strategie bündelt die Ergebnisse der Werkstatt und der anschließenden Beratungen in den Ausschüssen. ' +
        'Sie setzt Schwerpunkte in der Verwaltung, in Schule und Jugendarbeit sowie bei der Teilhabe älterer Menschen – ' +
        'den drei Handlungsfeldern, die in der Werkstatt die meisten Stimmen erhielten.',
      status: 'adopted',
      adoptedOn: '2025-06-26',
      councilResolution: 'Beschluss des Verbandsgemeinderats Nr. 2025/047',
      nextReviewOn: '2027-03-31',
    },
    version: { label: 'Fortschreibung Frühjahr 2026', createdAt: '2026-03-16T09:30:00+01:00' },
    workshops: [
      {
        date: '2025-03-14',
        start: '09:00',
        end: '17:00',
        format: 'onsite',
        venue: 'Bürgerhaus Westhofen',
        city: 'Westhofen',
        partnerMunicipalities: ['Verbandsgemeinde Eich', 'Verbandsgemeinde Alzey-Land'],
        participants: { politics: 7, administration: 9, citizen: 6, business: 4, other: 2 },
        moderators: ['Dr. Katrin Weißmüller', 'Jörg Hübner'],
      },
    ],
    actionFields: [
      {
        key: 'verwaltung',
        title: 'Kommunale Verwaltung',
        priority: 1,
        goal: 'Bis 2027 können die wichtigsten Anliegen vollständig online erledigt werden; die Verwaltung arbeitet papierarm.',
        rationale:
          'In der Werkstatt wurden lange Wartezeiten im Bürgerbüro und der Medienbruch zwischen Online-Formular und ' +
          'Papierakte am häufigsten genannt. Der Fachkräftemangel macht effizientere Abläufe dringend.',
        maturityNow: 1,
        maturityTarget: 3,
      },
      {
        key: 'bildung',
        title: 'Bildung und Jugend',
        priority: 2,
        goal: 'Alle Grundschulen sind digital gut ausgestattet, und Jugendliche finden offene Angebote zur Medienbildung.',
        rationale:
          'Die Ausstattung der Schulen ist sehr unterschiedlich; außerschulische Angebote fehlen fast ganz.',
        maturityNow: 2,
        maturityTarget: 4,
      },
      {
        key: 'silberne-gesellschaft',
        title: 'Silberne Gesellschaft',
        priority: 3,
        goal: 'Ältere Menschen werden beim Einstieg in digitale Angebote begleitet und bleiben so selbstständig.',
        rationale:
          'Ein Drittel der Einwohnerinnen und Einwohner ist über 60 Jahre alt. Viele wünschen sich persönliche Hilfe vor Ort.',
        maturityNow: 0,
        maturityTarget: 2,
      },
    ],
    measures,
    ideas,
    resolution: {
      body: 'Verbandsgemeinderat Wonnegau',
      meetingOn: '2026-04-23',
      agendaItem: 'TOP 6 (öffentlich): Fortschreibung der Digitalstrategie',
    },
    logo: { png: shieldPng() },
  });
}

/** A young strategy right after the workshop: one field and nothing else, titled like many real ones. */
export function singleFieldStrategy(): StrategyDocument {
  return StrategyDocument.parse({
    municipality: { name: 'Verbandsgemeinde Eich', kind: 'verbandsgemeinde' },
    program: { name: 'Digital-Werkstatt Rheinland-Pfalz' },
    strategy: { title: 'Digitalstrategie Verbandsgemeinde Eich', status: 'draft' },
    version: { label: 'Ergebnis der Werkstatt', createdAt: '2025-03-14T17:00:00+01:00' },
    actionFields: [{ key: 'alltag', title: 'Alltagsleben', priority: 1 }],
  });
}

/**
 * A small coat of arms drawn in code (a blue shield with a golden bar), encoded as an RGBA PNG, so
 * fixtures and previews have a logo without shipping an image file.
 */
export function shieldPng(width = 90, height = 110): Uint8Array {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x++) {
      // Straight sides for the upper 55 %, then a curve to the point at the bottom.
      const t = y / height;
      const half =
        t < 0.55 ? width / 2 - 2 : (width / 2 - 2) * Math.sqrt(Math.max(0, 1 - ((t - 0.55) / 0.45) ** 2));
      const inside = Math.abs(x + 0.5 - width / 2) <= half;
      const bar = t > 0.38 && t < 0.52;
      const [r, g, b] = bar ? [0xe0, 0xa8, 0x00] : [0x1f, 0x4e, 0x8c];
      row.set(inside ? [r, g, b, 255] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.concat(rows))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

// The program catalog of the Rhineland-Palatinate Digital-Werkstatt.
const catalog = [
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

const subjects = [
  'Bürgerportal',
  'Glasfaseranschluss',
  'WLAN-Hotspot',
  'Leerstandsbörse',
  'Gästeführer-App',
  'Vereinsplattform',
  'Sprechstunde für Ältere',
  'Ratsinformationssystem',
  'Dorf-App',
  'Medienwerkstatt',
  'Coworking-Raum',
  'Mängelmelder',
  'Energiemonitoring',
  'Ehrenamtsbörse',
  'Fahrdienst-Vermittlung',
];
const verbs = [
  'einführen',
  'ausbauen',
  'erproben',
  'vernetzen',
  'bekannt machen',
  'verstetigen',
  'modernisieren',
];
const places = [
  'in Osthofen',
  'in Westhofen',
  'in allen Ortsgemeinden',
  'im Rathaus',
  'an den Grundschulen',
  'im Wonnegau',
];
const leads = [
  'Fachbereich 1 – Bürgerdienste',
  'Fachbereich 2 – Finanzen',
  'Fachbereich 3 – Schulen und Kitas',
  'Fachbereich 4 – Bauen und Umwelt',
  'IT-Stelle',
  'Wirtschaftsförderung',
  'Seniorenbeauftragte',
  'Jugendpflege',
  'Tourist-Information',
];
const sentences = [
  'Die Maßnahme wurde in der Werkstatt mit großer Mehrheit priorisiert.',
  'Bürgerinnen und Bürger sollen ihr Anliegen ohne Wartezeit und ohne Medienbruch erledigen können.',
  'Ortsgemeinden, Vereine und örtliche Betriebe werden von Beginn an beteiligt.',
  'Für die Umsetzung werden Fördermittel des Landes und des Bundes geprüft.',
  'Datenschutz und Barrierefreiheit werden bei der Auswahl der Lösung besonders gewichtet.',
  'Nach einer Pilotphase in zwei Ortsgemeinden wird über die Ausweitung entschieden.',
  'Die Ergebnisse werden im Amtsblatt und auf der Website veröffentlicht.',
  'Ältere Menschen erhalten bei der Nutzung persönliche Unterstützung vor Ort.',
  'Die Kosten für Betrieb und Wartung sind im Haushalt der Folgejahre zu berücksichtigen.',
  'Schülerinnen, Schüler und Lehrkräfte testen die Lösung, bevor sie eingeführt wird.',
];

/** A small seeded generator, so the large version is the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface LargeStrategyOptions {
  fields?: number;
  /** Measures in total, spread evenly over the fields. */
  measures?: number;
  /** Ideas in total, spread evenly over the fields. */
  ideas?: number;
  seed?: number;
}

/**
 * A deliberately large version for tests and the benchmark: by default 9 fields, 100 measures and 100 ideas
 * (a real strategy has 10–30 measures), every measure with a fact sheet, indicators and steps, and some
 * texts long enough that one table row is taller than a page.
 */
export function largeStrategy(options: LargeStrategyOptions = {}): StrategyDocument {
  const fieldCount = options.fields ?? 9;
  const measureCount = options.measures ?? 100;
  const ideaCount = options.ideas ?? 100;
  const rnd = random(options.seed ?? 20_250_314);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const text = (count: number) => Array.from({ length: count }, () => pick(sentences)).join(' ');
  const date = (year: number, month: number, day = 1) =>
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

  const actionFields = Array.from({ length: fieldCount }, (_, i) => ({
    key: `feld-${i + 1}`,
    title: i < catalog.length ? catalog[i]! : `Handlungsfeld ${i + 1}`,
    priority: i + 1,
    goal: text(2),
    rationale: text(3),
    maturityNow: i % 3,
    maturityTarget: Math.min(4, (i % 3) + 2),
  }));

  const statuses = ['planned', 'in_progress', 'in_progress', 'done', 'on_hold', 'dropped'] as const;
  const windows = ['immediately', 'within_2_years', 'within_4_years'] as const;
  const measures: MeasureInput[] = [];
  for (let i = 0; i < measureCount; i++) {
    const field = actionFields[i % fieldCount]!;
    const rank = Math.floor(i / fieldCount) + 1;
    {
      const startYear = 2025 + Math.floor(rnd() * 4);
      const startMonth = 1 + Math.floor(rnd() * 12);
      const months = 3 + Math.floor(rnd() * 30);
      const endIndex = startYear * 12 + startMonth - 1 + months;
      const dated = rnd() < 0.9;
      const status = pick(statuses);
      // Every 40th measure has a description long enough to overflow a page inside its fact sheet.
      const description =
        i % 40 === 7
          ? `Langfassung der Maßnahme ${i + 1}: ${text(60)}`.slice(0, 4990)
          : text(1 + Math.floor(rnd() * 4));
      measures.push({
        title: `${pick(subjects)} ${pick(places)} ${pick(verbs)}`,
        description,
        actionFieldKey: field.key,
        rank,
        lead: pick(leads),
        participants: `${pick(leads)}, Ortsgemeinden, Seniorenbeirat`,
        targetGroup: pick([
          'Bürgerinnen und Bürger',
          'Vereine und Ehrenamt',
          'Unternehmen',
          'Gäste',
          'Menschen ab 60',
        ]),
        expectedResult: text(1),
        resources: `${1 + Math.floor(rnd() * 20)} Personentage, externe Beratung`,
        startWindow: pick(windows),
        startDate: dated ? date(startYear, startMonth) : null,
        endDate: dated ? date(Math.floor(endIndex / 12), (endIndex % 12) + 1, 28) : null,
        status,
        progress: status === 'done' ? 100 : status === 'in_progress' ? Math.floor(rnd() * 100) : 0,
        budgetCents: Math.floor(rnd() * 50_000) * 100,
        fundingSource: 'Haushalt',
        grantProgram: rnd() < 0.3 ? '„Digitale Dörfer“ des Landes' : null,
        indicators: [
          {
            name: 'Nutzerinnen und Nutzer je Monat',
            unit: null,
            baseline: 0,
            target: 500,
            current: Math.floor(rnd() * 500),
            currentOn: '2026-03-01',
          },
        ],
        steps: [
          {
            title: 'Konzept abstimmen',
            dueOn: date(startYear, startMonth, 15),
            doneAt: rnd() < 0.5 ? '2025-06-01T12:00:00+02:00' : null,
          },
          { title: 'Umsetzung beauftragen', dueOn: date(startYear + 1, startMonth, 15) },
          { title: 'Ergebnis im Rat vorstellen', dueOn: null },
        ],
      });
    }
  }
  const ideaStatuses = ['new', 'new', 'parked', 'planned', 'rejected'] as const;
  const ideas: IdeaInput[] = Array.from({ length: ideaCount }, (_, i) => ({
    title: `${pick(subjects)} ${pick(places)}`,
    description: rnd() < 0.6 ? text(1 + Math.floor(rnd() * 2)) : null,
    actionFieldKey: actionFields[i % fieldCount]!.key,
    votes: Math.floor(rnd() * 30),
    status: pick(ideaStatuses),
  }));

  return StrategyDocument.parse({
    municipality: { name: 'Verbandsgemeinde Wonnegau', kind: 'verbandsgemeinde' },
    program: { name: 'Digital-Werkstatt Rheinland-Pfalz' },
    strategy: {
      title: 'Wonnegau digital 2030 – große Fassung',
      vision,
      summary: text(4),
      status: 'draft',
      nextReviewOn: '2027-03-31',
    },
    version: { label: 'Ergebnis der Werkstatt', createdAt: '2026-03-16T09:30:00+01:00' },
    workshops: [
      {
        date: '2025-03-14',
        start: '09:00',
        end: '17:00',
        format: 'onsite',
        venue: 'Bürgerhaus Westhofen',
        city: 'Westhofen',
        participants: { politics: 7, administration: 9, citizen: 6, business: 4, other: 2 },
        moderators: ['Dr. Katrin Weißmüller', 'Jörg Hübner'],
      },
      {
        date: '2025-11-07',
        start: '14:00',
        end: '18:30',
        format: 'online',
        participants: { politics: 4, administration: 12, citizen: 3, business: 0, other: 1 },
        moderators: ['Jörg Hübner'],
      },
    ],
    actionFields,
    measures,
    ideas,
  });
}
