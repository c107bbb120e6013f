// The Digital-Werkstatt field catalog (nine Handlungsfelder) with example measures.
export const demoActionFields = [
  {
    key: 'digitale-infrastruktur',
    title: 'Digitale Infrastruktur',
    description:
      'Breitband, Mobilfunk und öffentliches WLAN sind die Grundlage aller weiteren Vorhaben. Die Kommune klärt Versorgungslücken und koordiniert den Ausbau.',
    exampleMeasures: [
      'Breitband-Bedarfsanalyse für alle Ortsgemeinden',
      'Freies WLAN an zentralen Plätzen und im Bürgerhaus',
      'Mobilfunk-Funklochkarte gemeinsam mit Bürgerinnen und Bürgern',
    ],
  },
  {
    key: 'bildung-und-jugend',
    title: 'Bildung und Jugend',
    description:
      'Schulen, Kitas und Jugendarbeit nutzen digitale Medien; Kinder und Jugendliche gestalten ihre Gemeinde mit.',
    exampleMeasures: [
      'Medienkompetenz-Kurse für Eltern und Großeltern',
      'Digitale Jugendbeteiligung über eine Umfrage-App',
      'Gemeinsame Lernplattform der Grundschulen',
    ],
  },
  {
    key: 'kommunale-wirtschaft',
    title: 'Kommunale Wirtschaft',
    description:
      'Örtlicher Handel, Handwerk und Landwirtschaft werden online sichtbar; Gründerinnen und Gründer finden Unterstützung.',
    exampleMeasures: [
      'Online-Marktplatz für Händler und Direktvermarkter',
      'Coworking-Space im leerstehenden Ladenlokal',
    ],
  },
  {
    key: 'tourismus',
    title: 'Tourismus',
    description: 'Gäste finden Angebote, Wege und Unterkünfte digital; Gastgeber vermarkten sich gemeinsam.',
    exampleMeasures: [
      'Digitale Wander- und Radwegekarte mit Erlebnisstationen',
      'Gemeinsames Buchungsportal der Gastgeber',
      'Mehrsprachige Audioguides an Sehenswürdigkeiten',
    ],
  },
  {
    key: 'silberne-gesellschaft',
    title: 'Silberne Gesellschaft',
    description:
      'Ältere Menschen (60+) werden beim Umgang mit digitalen Angeboten begleitet und bleiben länger selbstständig.',
    exampleMeasures: [
      'Digital-Botschafterinnen und -Botschafter für Seniorinnen und Senioren',
      'Smartphone-Sprechstunde in der Bücherei',
      'Telemedizin-Angebot gemeinsam mit Hausarztpraxen',
    ],
  },
  {
    key: 'arbeit-und-soziales',
    title: 'Arbeit und Soziales',
    description:
      'Ehrenamt, Vereine und soziale Dienste vernetzen sich; Arbeitsplätze werden ortsunabhängiger.',
    exampleMeasures: ['Ehrenamtsbörse für Vereine und Initiativen', 'Digitale Nachbarschaftshilfe'],
  },
  {
    key: 'kommunale-verwaltung',
    title: 'Kommunale Verwaltung',
    description:
      'Verwaltungsleistungen werden online angeboten (OZG), Abläufe digitalisiert und Mitarbeitende geschult.',
    exampleMeasures: [
      'Online-Terminvergabe im Bürgerbüro',
      'Einführung der E-Akte',
      'Ratsinformationssystem mit digitaler Sitzungsvorbereitung',
      'Schulungsprogramm Digitalkompetenz für Mitarbeitende',
    ],
  },
  {
    key: 'dorf-und-stadtentwicklung',
    title: 'Dorf- und Stadtentwicklung',
    description: 'Ortskerne, Mobilität und Beteiligung werden mit digitalen Werkzeugen geplant und belebt.',
    exampleMeasures: [
      'Leerstandskataster mit Online-Karte',
      'Online-Bürgerbeteiligung zur Ortskernentwicklung',
      'Mitfahrbank-App und Rufbus',
    ],
  },
  {
    key: 'alltagsleben',
    title: 'Alltagsleben',
    description:
      'Informationen, Veranstaltungen und Dienste des Alltags sind an einem Ort erreichbar — etwa in einer Dorf-App.',
    exampleMeasures: [
      'Dorf-App mit Veranstaltungskalender und Mängelmelder',
      'Digitale Dorfzeitung',
      'Online-Reservierung von Gemeinderäumen',
    ],
  },
] as const;

// Official keys (ARS) are left empty on purpose: none is invented.
export const demoMunicipalities = [
  { slug: 'vg-wonnegau', name: 'Verbandsgemeinde Wonnegau' },
  { slug: 'vg-eich', name: 'Verbandsgemeinde Eich' },
  { slug: 'vg-schweich', name: 'Verbandsgemeinde Schweich an der Römischen Weinstraße' },
  { slug: 'vg-bad-breisig', name: 'Verbandsgemeinde Bad Breisig' },
  { slug: 'vg-eisenberg-pfalz', name: 'Verbandsgemeinde Eisenberg (Pfalz)' },
  { slug: 'vg-goellheim', name: 'Verbandsgemeinde Göllheim' },
  { slug: 'vg-betzdorf-gebhardshain', name: 'Verbandsgemeinde Betzdorf-Gebhardshain' },
] as const;
