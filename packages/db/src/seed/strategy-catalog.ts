// Demo content for the strategies of the demo municipalities: what a municipality typically takes
// home from a Digital-Werkstatt. Fictional but realistic; grant programs are named generically.

export interface MeasureTemplate {
  title: string;
  description: string;
  lead: string;
  participants: string;
  targetGroup: string;
  expectedResult: string;
  resources: string;
  /** Euro, not cents: easier to read here. */
  budgetEuro: number | null;
  fundingSource: string;
  grantProgram: string | null;
  indicator: { name: string; unit: string; baseline: number; target: number };
  steps: string[];
}

export interface FieldTemplate {
  rationale: string;
  goal: string;
  measures: MeasureTemplate[];
  /** Ideas that stayed ideas: title, description, dot votes. */
  ideas: { title: string; description: string; votes: number }[];
}

export const fieldTemplates: Record<string, FieldTemplate> = {
  'digitale-infrastruktur': {
    rationale:
      'In mehreren Ortsgemeinden gibt es weiße Flecken beim Breitband und Funklöcher entlang der Kreisstraßen. Ohne schnelles Netz laufen alle anderen Vorhaben ins Leere.',
    goal: 'Bis 2028 haben alle Ortsgemeinden Zugang zu gigabitfähigem Internet und freiem WLAN an zentralen Orten.',
    measures: [
      {
        title: 'Breitband-Bedarfsanalyse für alle Ortsgemeinden',
        description:
          'Versorgung je Straßenzug erheben, Ausbaupläne der Netzbetreiber abfragen und unterversorgte Gebiete für ein Förderverfahren abgrenzen.',
        lead: 'Bauamt, Sachgebiet Tiefbau',
        participants:
          'Ortsbürgermeisterinnen und Ortsbürgermeister, Kreisverwaltung (Breitbandkoordination), Netzbetreiber',
        targetGroup: 'Haushalte und Betriebe in unterversorgten Gebieten',
        expectedResult: 'Eine Karte der Versorgung und ein förderfähiges Ausbaugebiet',
        resources: 'Externes Planungsbüro, ca. 20 Personentage in der Verwaltung',
        budgetEuro: 35000,
        fundingSource: 'Haushalt und Fördermittel (Beratungsleistungen zu 100 % förderfähig)',
        grantProgram: 'Bundesförderprogramm Breitbandausbau (Beratungsleistungen)',
        indicator: { name: 'Adressen mit mindestens 1 Gbit/s', unit: 'Prozent', baseline: 48, target: 95 },
        steps: [
          'Planungsbüro beauftragen',
          'Markterkundungsverfahren durchführen',
          'Ergebnis im Rat vorstellen',
        ],
      },
      {
        title: 'Freies WLAN an zentralen Plätzen und im Bürgerhaus',
        description:
          'Öffentliche Hotspots an Dorfplätzen, im Bürgerhaus und am Sportplatz, betrieben über einen regionalen Anbieter mit Freifunk-Option.',
        lead: 'Hauptamt, IT-Stelle',
        participants: 'Ortsgemeinden, Vereine als Nutzer der Bürgerhäuser',
        targetGroup: 'Bürgerinnen und Bürger, Gäste, Vereine',
        expectedResult: 'Zwölf Hotspots in Betrieb, Nutzungszahlen monatlich ausgewertet',
        resources: 'Access Points, Montage durch den Bauhof, Wartungsvertrag',
        budgetEuro: 24000,
        fundingSource: 'Haushalt der Verbandsgemeinde, Eigenanteil der Ortsgemeinden',
        grantProgram: 'Landesprogramm für WLAN an öffentlichen Orten',
        indicator: { name: 'Öffentliche WLAN-Hotspots', unit: 'Anzahl', baseline: 2, target: 12 },
        steps: [
          'Standorte mit den Ortsgemeinden festlegen',
          'Angebote für Access Points einholen',
          'Förderantrag stellen',
          'Montage durch den Bauhof',
        ],
      },
      {
        title: 'Mobilfunk-Funklochkarte gemeinsam mit Bürgerinnen und Bürgern',
        description:
          'Bürgerinnen und Bürger melden Funklöcher per App; die Ergebnisse gehen gebündelt an die Netzbetreiber und die Bundesnetzagentur.',
        lead: 'Stabsstelle Digitalisierung',
        participants: 'Feuerwehr, Landwirtschaft, Seniorenbeirat',
        targetGroup: 'Alle, die unterwegs auf Mobilfunk angewiesen sind',
        expectedResult: 'Eine öffentliche Karte der Funklöcher und ein Gespräch mit den Netzbetreibern',
        resources: 'Kostenlose Mess-App, Öffentlichkeitsarbeit im Amtsblatt',
        budgetEuro: 2500,
        fundingSource: 'Haushalt (Öffentlichkeitsarbeit)',
        grantProgram: null,
        indicator: { name: 'Gemeldete Messpunkte', unit: 'Anzahl', baseline: 0, target: 2000 },
        steps: [
          'Aufruf im Amtsblatt',
          'Messwoche mit der Feuerwehr',
          'Ergebnisse an die Netzbetreiber senden',
        ],
      },
      {
        title: 'Glasfaseranschluss für Schulen und Gewerbegebiet',
        description:
          'Die Grundschulen und das Gewerbegebiet werden im ersten Bauabschnitt an das Glasfasernetz angeschlossen.',
        lead: 'Bauamt',
        participants: 'Schulträger, Wirtschaftsförderung des Kreises, Netzbetreiber',
        targetGroup: 'Schulen und Betriebe',
        expectedResult: 'Alle Schulen und das Gewerbegebiet mit Glasfaser versorgt',
        resources: 'Tiefbau im Zuge der Straßensanierung, Leerrohre',
        budgetEuro: 180000,
        fundingSource: 'Fördermittel von Bund und Land, Eigenanteil 10 %',
        grantProgram: 'Bundesförderprogramm Breitbandausbau (Gigabitförderung)',
        indicator: { name: 'Schulen mit Glasfaseranschluss', unit: 'Anzahl', baseline: 1, target: 6 },
        steps: ['Leerrohrbestand erfassen', 'Förderbescheid abwarten', 'Ausschreibung Tiefbau', 'Abnahme'],
      },
    ],
    ideas: [
      { title: 'LoRaWAN-Netz für Sensoren', description: 'Pegelstände und Parkplätze messen.', votes: 4 },
      { title: 'Ladesäulen mit WLAN kombinieren', description: 'Standorte gemeinsam planen.', votes: 2 },
    ],
  },
  'bildung-und-jugend': {
    rationale:
      'Schulen und Jugendtreffs arbeiten noch weitgehend analog; Jugendliche fühlen sich bei Entscheidungen der Gemeinde kaum gehört.',
    goal: 'Jede Schule nutzt eine gemeinsame Lernplattform, und Jugendliche beteiligen sich digital an mindestens zwei Entscheidungen im Jahr.',
    measures: [
      {
        title: 'Medienkompetenz-Kurse für Eltern und Großeltern',
        description:
          'Abendkurse zu Jugendmedienschutz, sozialen Netzwerken und sicheren Passwörtern an den Schulen.',
        lead: 'Jugendpflege',
        participants: 'Schulen, Volkshochschule, Polizei (Prävention)',
        targetGroup: 'Eltern und Großeltern von Schulkindern',
        expectedResult: 'Sechs Kursabende im Jahr mit je 15 Teilnehmenden',
        resources: 'Referentinnen und Referenten der Volkshochschule, Räume der Schulen',
        budgetEuro: 4800,
        fundingSource: 'Haushalt der Jugendpflege',
        grantProgram: 'Landesförderung Medienkompetenz',
        indicator: { name: 'Teilnehmende pro Jahr', unit: 'Personen', baseline: 0, target: 90 },
        steps: [
          'Termine mit den Schulen abstimmen',
          'Referentinnen und Referenten buchen',
          'Einladung über die Schul-App',
        ],
      },
      {
        title: 'Digitale Jugendbeteiligung über eine Umfrage-App',
        description:
          'Jugendliche stimmen per App über Projekte des Jugendbudgets ab und schlagen eigene vor.',
        lead: 'Jugendpflege',
        participants: 'Jugendvertretung, Schulsozialarbeit',
        targetGroup: 'Jugendliche von 12 bis 21 Jahren',
        expectedResult: 'Zwei Beteiligungsrunden im Jahr, 300 Teilnehmende',
        resources: 'Lizenz für eine Beteiligungs-App, Betreuung durch die Jugendpflege',
        budgetEuro: 3600,
        fundingSource: 'Jugendbudget der Verbandsgemeinde',
        grantProgram: 'Bundesprogramm zur Stärkung der Jugendbeteiligung',
        indicator: { name: 'Teilnehmende Jugendliche je Runde', unit: 'Personen', baseline: 0, target: 300 },
        steps: ['App auswählen', 'Jugendvertretung schulen', 'Erste Abstimmung zum Jugendbudget'],
      },
      {
        title: 'Gemeinsame Lernplattform der Grundschulen',
        description:
          'Alle Grundschulen nutzen dieselbe Lernplattform; Lehrkräfte teilen Material und werden gemeinsam geschult.',
        lead: 'Schulverwaltung',
        participants: 'Schulleitungen, Medienzentrum des Kreises',
        targetGroup: 'Schülerinnen und Schüler, Lehrkräfte',
        expectedResult: 'Alle Klassen arbeiten auf einer Plattform, Support aus einer Hand',
        resources: 'Lizenzen, zwei Schulungstage je Schule',
        budgetEuro: 15000,
        fundingSource: 'Mittel des Schulträgers',
        grantProgram: 'DigitalPakt Schule (Landesrichtlinie)',
        indicator: { name: 'Schulen auf der gemeinsamen Plattform', unit: 'Anzahl', baseline: 1, target: 6 },
        steps: ['Bedarf der Schulen erheben', 'Plattform beschaffen', 'Lehrkräfte schulen'],
      },
    ],
    ideas: [
      { title: 'Makerspace im Jugendtreff', description: '3D-Drucker und Programmierkurse.', votes: 5 },
      { title: 'Leihgeräte für Familien', description: 'Tablets für Kinder ohne eigenes Gerät.', votes: 3 },
    ],
  },
  'kommunale-wirtschaft': {
    rationale:
      'Der Einzelhandel in den Ortskernen verliert Kundschaft an den Onlinehandel; junge Fachkräfte pendeln weit.',
    goal: 'Örtliche Betriebe sind online sichtbar, und es gibt einen Ort für mobiles Arbeiten vor Ort.',
    measures: [
      {
        title: 'Online-Marktplatz für Händler und Direktvermarkter',
        description:
          'Ein gemeinsamer Marktplatz mit Abholstation und Lieferdienst für Produkte aus der Region.',
        lead: 'Wirtschaftsförderung',
        participants: 'Gewerbeverein, Direktvermarkter, Logistikpartner',
        targetGroup: 'Einzelhandel, Landwirtschaft, Kundinnen und Kunden der Region',
        expectedResult: '30 Betriebe auf dem Marktplatz, 200 Bestellungen im Monat',
        resources: 'Plattformbetreiber, Projektstelle für ein Jahr',
        budgetEuro: 42000,
        fundingSource: 'Fördermittel und Beiträge der Betriebe',
        grantProgram: 'LEADER-Förderung (ELER)',
        indicator: { name: 'Betriebe auf dem Marktplatz', unit: 'Anzahl', baseline: 0, target: 30 },
        steps: [
          'Interessenbekundung der Betriebe',
          'Plattform ausschreiben',
          'Abholstation einrichten',
          'Start mit Aktionswoche',
        ],
      },
      {
        title: 'Coworking-Space im leerstehenden Ladenlokal',
        description:
          'Zehn Arbeitsplätze mit schnellem Internet und Besprechungsraum im Ortskern, buchbar per App.',
        lead: 'Wirtschaftsförderung',
        participants: 'Eigentümer des Ladenlokals, Gewerbeverein, Bürgerbüro',
        targetGroup: 'Pendlerinnen und Pendler, Selbstständige, Gründerinnen und Gründer',
        expectedResult: 'Auslastung von 60 % nach einem Jahr',
        resources: 'Miete, Möblierung, Buchungssystem',
        budgetEuro: 38000,
        fundingSource: 'Haushalt, Nutzungsentgelte',
        grantProgram: 'Landesprogramm zur Belebung der Innenstädte und Ortskerne',
        indicator: { name: 'Auslastung der Arbeitsplätze', unit: 'Prozent', baseline: 0, target: 60 },
        steps: ['Mietvertrag abschließen', 'Räume herrichten', 'Buchungssystem einrichten'],
      },
      {
        title: 'Digitale Sprechstunde der Wirtschaftsförderung',
        description: 'Betriebe buchen online Beratung zu Förderprogrammen, Fachkräften und Digitalisierung.',
        lead: 'Wirtschaftsförderung',
        participants: 'Industrie- und Handelskammer, Handwerkskammer',
        targetGroup: 'Kleine und mittlere Betriebe',
        expectedResult: 'Zwei Sprechstunden pro Woche, 80 Beratungen im Jahr',
        resources: 'Online-Terminbuchung, Videokonferenzsystem',
        budgetEuro: 1200,
        fundingSource: 'Haushalt',
        grantProgram: null,
        indicator: { name: 'Beratungen pro Jahr', unit: 'Anzahl', baseline: 25, target: 80 },
        steps: ['Terminbuchung einrichten', 'Angebot bei den Kammern bekannt machen'],
      },
    ],
    ideas: [
      { title: 'Regionaler Gutschein als App', description: 'Kaufkraft im Ort halten.', votes: 6 },
      { title: 'Digitale Ausbildungsmesse', description: 'Betriebe stellen sich online vor.', votes: 3 },
    ],
  },
  tourismus: {
    rationale: 'Gäste informieren sich fast nur online; unsere Angebote sind dort schwer zu finden.',
    goal: 'Gäste finden Wege, Angebote und Unterkünfte digital an einem Ort, auch mehrsprachig.',
    measures: [
      {
        title: 'Digitale Wander- und Radwegekarte mit Erlebnisstationen',
        description:
          'Alle Touren als Karte und GPS-Track, mit QR-Codes an den Stationen für Geschichten und Hörstücke.',
        lead: 'Tourist-Information',
        participants: 'Wandervereine, Winzerinnen und Winzer, Naturpark',
        targetGroup: 'Tagesgäste und Übernachtungsgäste',
        expectedResult: '25 Touren online, 40 Erlebnisstationen',
        resources: 'Tourenportal des Landes, Beschilderung durch den Bauhof',
        budgetEuro: 18000,
        fundingSource: 'Haushalt des Tourismusbudgets, Fördermittel',
        grantProgram: 'Landesförderung Tourismusinfrastruktur',
        indicator: { name: 'Aufrufe der Touren pro Jahr', unit: 'Anzahl', baseline: 3000, target: 20000 },
        steps: ['Touren erfassen', 'Texte und Hörstücke erstellen', 'QR-Schilder montieren'],
      },
      {
        title: 'Gemeinsames Buchungsportal der Gastgeber',
        description: 'Ferienwohnungen, Hotels und Weingüter sind über ein gemeinsames Portal online buchbar.',
        lead: 'Tourist-Information',
        participants: 'Gastgeberinnen und Gastgeber, regionale Tourismusorganisation',
        targetGroup: 'Übernachtungsgäste',
        expectedResult: '70 % der Betten online buchbar',
        resources: 'Anbindung an das Landessystem, Schulungen für Gastgeber',
        budgetEuro: 9500,
        fundingSource: 'Haushalt, Beiträge der Gastgeber',
        grantProgram: null,
        indicator: { name: 'Online buchbare Betten', unit: 'Prozent', baseline: 25, target: 70 },
        steps: ['Gastgeber informieren', 'Schulungen anbieten', 'Portal freischalten'],
      },
      {
        title: 'Mehrsprachige Audioguides an Sehenswürdigkeiten',
        description:
          'Audioguides auf Deutsch, Englisch, Französisch und Niederländisch, abrufbar per QR-Code.',
        lead: 'Kulturamt',
        participants: 'Heimatverein, Partnergemeinde',
        targetGroup: 'Gäste aus dem In- und Ausland',
        expectedResult: 'Zwölf Sehenswürdigkeiten mit Audioguide in vier Sprachen',
        resources: 'Sprecherinnen und Sprecher, Übersetzungen',
        budgetEuro: 7000,
        fundingSource: 'Haushalt, Spende des Heimatvereins',
        grantProgram: 'LEADER-Förderung (ELER)',
        indicator: { name: 'Sehenswürdigkeiten mit Audioguide', unit: 'Anzahl', baseline: 0, target: 12 },
        steps: [
          'Texte mit dem Heimatverein schreiben',
          'Übersetzen lassen',
          'Aufnahmen',
          'QR-Codes anbringen',
        ],
      },
    ],
    ideas: [
      { title: 'Virtueller Rundgang durch die Altstadt', description: '360-Grad-Aufnahmen.', votes: 4 },
      { title: 'Gäste-WLAN am Rheinufer', description: 'Gemeinsam mit der Infrastruktur planen.', votes: 2 },
    ],
  },
  'silberne-gesellschaft': {
    rationale:
      'Ein Drittel der Einwohnerinnen und Einwohner ist über 60; viele möchten digitale Angebote nutzen, trauen sich aber nicht.',
    goal: 'Ältere Menschen haben in jeder Ortsgemeinde eine Anlaufstelle für digitale Fragen und nutzen Online-Dienste sicher.',
    measures: [
      {
        title: 'Digital-Botschafterinnen und -Botschafter für Seniorinnen und Senioren',
        description:
          'Ehrenamtliche werden geschult und helfen Älteren zu Hause oder in offenen Sprechstunden.',
        lead: 'Seniorenbüro',
        participants: 'Seniorenbeirat, Kirchengemeinden, Landesinitiative für Digital-Botschafter',
        targetGroup: 'Menschen ab 60 Jahren',
        expectedResult: '20 geschulte Ehrenamtliche in allen Ortsgemeinden',
        resources: 'Schulungen durch die Landesinitiative, Aufwandsentschädigung',
        budgetEuro: 6000,
        fundingSource: 'Haushalt des Seniorenbüros',
        grantProgram: 'Landesinitiative Digital-Botschafter',
        indicator: {
          name: 'Aktive Digital-Botschafterinnen und -Botschafter',
          unit: 'Personen',
          baseline: 3,
          target: 20,
        },
        steps: ['Ehrenamtliche gewinnen', 'Schulung durchführen', 'Sprechstunden bekannt machen'],
      },
      {
        title: 'Smartphone-Sprechstunde in der Bücherei',
        description:
          'Jeden Dienstag beantworten Schülerinnen und Schüler Fragen rund um Smartphone und Tablet.',
        lead: 'Gemeindebücherei',
        participants: 'Realschule plus (Schülerfirma), Seniorenbeirat',
        targetGroup: 'Ältere Menschen',
        expectedResult: 'Wöchentliche Sprechstunde mit je acht Besucherinnen und Besuchern',
        resources: 'Raum der Bücherei, Leihgeräte',
        budgetEuro: 1500,
        fundingSource: 'Haushalt der Bücherei',
        grantProgram: null,
        indicator: { name: 'Besuche pro Monat', unit: 'Anzahl', baseline: 0, target: 32 },
        steps: ['Schülerfirma ansprechen', 'Leihgeräte beschaffen'],
      },
      {
        title: 'Telemedizin-Angebot gemeinsam mit Hausarztpraxen',
        description:
          'Videosprechstunden in einem Raum des Bürgerhauses mit Unterstützung durch eine Gemeindeschwester.',
        lead: 'Sozialamt',
        participants: 'Hausarztpraxen, Pflegestützpunkt, Kassenärztliche Vereinigung',
        targetGroup: 'Ältere und mobilitätseingeschränkte Menschen',
        expectedResult: 'Eine Telemedizin-Station mit zwei Sprechstunden pro Woche',
        resources: 'Ausstattung der Station, Gemeindeschwester (halbe Stelle)',
        budgetEuro: 28000,
        fundingSource: 'Fördermittel und Haushalt',
        grantProgram: 'Landesprogramm Gemeindeschwester plus',
        indicator: { name: 'Videosprechstunden pro Monat', unit: 'Anzahl', baseline: 0, target: 40 },
        steps: ['Praxen gewinnen', 'Raum ausstatten', 'Datenschutzkonzept abstimmen', 'Start'],
      },
    ],
    ideas: [
      {
        title: 'Tablet-Verleih für Seniorinnen und Senioren',
        description: 'Mit vorinstallierten Apps.',
        votes: 5,
      },
      { title: 'Notruf-Knopf per App', description: 'Gemeinsam mit dem Roten Kreuz.', votes: 1 },
    ],
  },
  'arbeit-und-soziales': {
    rationale: 'Vereine finden schwer Ehrenamtliche, und Hilfsangebote sind verstreut und kaum bekannt.',
    goal: 'Ehrenamt und Nachbarschaftshilfe sind digital vernetzt und für alle leicht zu finden.',
    measures: [
      {
        title: 'Ehrenamtsbörse für Vereine und Initiativen',
        description: 'Vereine stellen Aufgaben ein, Interessierte melden sich online für einzelne Einsätze.',
        lead: 'Ehrenamtskoordination',
        participants: 'Vereinsring, Ehrenamtsagentur des Kreises',
        targetGroup: 'Vereine und an Ehrenamt Interessierte',
        expectedResult: '50 Vereine auf der Börse, 150 vermittelte Einsätze im Jahr',
        resources: 'Plattform der Ehrenamtsagentur, Projektbetreuung',
        budgetEuro: 5000,
        fundingSource: 'Haushalt',
        grantProgram: 'Landesförderung Ehrenamt',
        indicator: { name: 'Vermittelte Einsätze pro Jahr', unit: 'Anzahl', baseline: 0, target: 150 },
        steps: ['Vereine informieren', 'Plattform einrichten', 'Start beim Ehrenamtstag'],
      },
      {
        title: 'Digitale Nachbarschaftshilfe',
        description:
          'Eine App verbindet Menschen, die Hilfe brauchen, mit Nachbarinnen und Nachbarn, die helfen möchten.',
        lead: 'Sozialamt',
        participants: 'Kirchengemeinden, Seniorenbeirat',
        targetGroup: 'Alle Einwohnerinnen und Einwohner',
        expectedResult: '300 registrierte Helferinnen und Helfer',
        resources: 'App-Lizenz, Öffentlichkeitsarbeit',
        budgetEuro: 4000,
        fundingSource: 'Haushalt',
        grantProgram: null,
        indicator: {
          name: 'Registrierte Helferinnen und Helfer',
          unit: 'Personen',
          baseline: 0,
          target: 300,
        },
        steps: ['App auswählen', 'Startveranstaltung'],
      },
      {
        title: 'Online-Beratung zu Sozialleistungen',
        description: 'Terminbuchung und Videoberatung für Wohngeld, Bildung und Teilhabe und Grundsicherung.',
        lead: 'Sozialamt',
        participants: 'Jobcenter, Caritas und Diakonie',
        targetGroup: 'Menschen mit Anspruch auf Sozialleistungen',
        expectedResult: 'Die Hälfte der Erstberatungen online oder telefonisch',
        resources: 'Terminbuchung, Videokonferenzsystem, Schulung',
        budgetEuro: 3000,
        fundingSource: 'Haushalt',
        grantProgram: 'Europäischer Sozialfonds (ESF Plus)',
        indicator: { name: 'Anteil Online-Erstberatungen', unit: 'Prozent', baseline: 0, target: 50 },
        steps: ['Terminbuchung einrichten', 'Mitarbeitende schulen'],
      },
    ],
    ideas: [
      {
        title: 'Vereinsverwaltung in der Cloud',
        description: 'Gemeinsame Lizenz für alle Vereine.',
        votes: 4,
      },
    ],
  },
  'kommunale-verwaltung': {
    rationale:
      'Viele Anträge gibt es nur auf Papier; Bürgerinnen und Bürger warten im Bürgerbüro, und Akten wandern zwischen Gebäuden.',
    goal: 'Die wichtigsten 50 Verwaltungsleistungen sind online erreichbar, und die Verwaltung arbeitet mit der E-Akte.',
    measures: [
      {
        title: 'Online-Terminvergabe im Bürgerbüro',
        description:
          'Termine für Ausweise, Meldeangelegenheiten und Führerscheine online buchen, mit Erinnerung per E-Mail.',
        lead: 'Bürgerbüro',
        participants: 'IT-Stelle, Personalrat',
        targetGroup: 'Bürgerinnen und Bürger',
        expectedResult: 'Keine Wartezeit über zehn Minuten, 70 % der Termine online gebucht',
        resources: 'Terminsoftware, Aufrufanlage',
        budgetEuro: 8000,
        fundingSource: 'Haushalt',
        grantProgram: null,
        indicator: { name: 'Online gebuchte Termine', unit: 'Prozent', baseline: 0, target: 70 },
        steps: ['Software auswählen', 'Personalrat beteiligen', 'Start mit Pressemitteilung'],
      },
      {
        title: 'Einführung der E-Akte',
        description: 'Schrittweise Einführung der elektronischen Akte, beginnend mit Bauamt und Hauptamt.',
        lead: 'Hauptamt, Organisation',
        participants: 'Alle Fachbereiche, Personalrat, Datenschutzbeauftragte',
        targetGroup: 'Mitarbeitende der Verwaltung',
        expectedResult: 'Zwei Fachbereiche arbeiten vollständig mit der E-Akte',
        resources: 'DMS-Lizenzen, Scanner, Projektleitung (halbe Stelle)',
        budgetEuro: 95000,
        fundingSource: 'Haushalt 2026 und 2027',
        grantProgram: 'Landesförderung Verwaltungsdigitalisierung',
        indicator: { name: 'Fachbereiche mit E-Akte', unit: 'Anzahl', baseline: 0, target: 2 },
        steps: ['Aktenplan überarbeiten', 'Dienstvereinbarung abschließen', 'Pilot im Bauamt', 'Schulungen'],
      },
      {
        title: 'Ratsinformationssystem mit digitaler Sitzungsvorbereitung',
        description: 'Rats- und Ausschussmitglieder erhalten Vorlagen auf Tablets statt auf Papier.',
        lead: 'Hauptamt, Gremienbetreuung',
        participants: 'Fraktionen, IT-Stelle',
        targetGroup: 'Rats- und Ausschussmitglieder',
        expectedResult: 'Papierlose Sitzungen in allen Gremien',
        resources: 'Tablets, Lizenz des Ratsinformationssystems',
        budgetEuro: 22000,
        fundingSource: 'Haushalt, Einsparung bei Druck und Porto',
        grantProgram: null,
        indicator: { name: 'Papierlose Gremien', unit: 'Anzahl', baseline: 0, target: 8 },
        steps: ['Tablets beschaffen', 'Schulung der Ratsmitglieder', 'Geschäftsordnung anpassen'],
      },
      {
        title: 'Schulungsprogramm Digitalkompetenz für Mitarbeitende',
        description: 'Jährliche Schulungen zu Onlinediensten, Datenschutz und Zusammenarbeit im Team.',
        lead: 'Personalamt',
        participants: 'Kommunale Studieninstitute, IT-Stelle',
        targetGroup: 'Alle Mitarbeitenden',
        expectedResult: 'Jede und jeder Mitarbeitende besucht eine Schulung pro Jahr',
        resources: 'Schulungsbudget, Freistellung',
        budgetEuro: 12000,
        fundingSource: 'Fortbildungsbudget',
        grantProgram: null,
        indicator: { name: 'Geschulte Mitarbeitende', unit: 'Prozent', baseline: 20, target: 100 },
        steps: ['Bedarf abfragen', 'Schulungsplan erstellen'],
      },
    ],
    ideas: [
      { title: 'Chatbot für häufige Fragen', description: 'Entlastet das Bürgerbüro am Telefon.', votes: 3 },
      {
        title: 'Digitale Bauakte für Bauherren',
        description: 'Status des Bauantrags online sehen.',
        votes: 6,
      },
    ],
  },
  'dorf-und-stadtentwicklung': {
    rationale: 'Leerstand in den Ortskernen nimmt zu; Planungen erreichen junge Menschen kaum.',
    goal: 'Leerstände sind erfasst und vermittelt, und Bürgerinnen und Bürger beteiligen sich online an der Ortskernentwicklung.',
    measures: [
      {
        title: 'Leerstandskataster mit Online-Karte',
        description:
          'Leerstehende Gebäude und Baulücken werden erfasst und Interessierten auf einer Karte angeboten.',
        lead: 'Bauamt, Bauleitplanung',
        participants: 'Ortsgemeinden, Eigentümerinnen und Eigentümer, Kreisverwaltung',
        targetGroup: 'Kaufinteressierte, Gründerinnen und Gründer, junge Familien',
        expectedResult: 'Alle Leerstände erfasst, zehn Vermittlungen im Jahr',
        resources: 'Geoinformationssystem des Kreises, Erhebung durch die Ortsgemeinden',
        budgetEuro: 9000,
        fundingSource: 'Haushalt',
        grantProgram: 'Dorferneuerungsprogramm des Landes',
        indicator: { name: 'Vermittelte Leerstände pro Jahr', unit: 'Anzahl', baseline: 2, target: 10 },
        steps: ['Erhebungsbogen abstimmen', 'Erhebung in den Ortsgemeinden', 'Karte veröffentlichen'],
      },
      {
        title: 'Online-Bürgerbeteiligung zur Ortskernentwicklung',
        description:
          'Ideen und Hinweise zum Ortskern werden online und in Werkstätten gesammelt und beantwortet.',
        lead: 'Bauamt',
        participants: 'Planungsbüro, Ortsbeiräte, Jugendvertretung',
        targetGroup: 'Alle Einwohnerinnen und Einwohner',
        expectedResult: '500 Beiträge, die in das Ortsentwicklungskonzept einfließen',
        resources: 'Beteiligungsplattform, Moderation',
        budgetEuro: 14000,
        fundingSource: 'Fördermittel der Städtebauförderung, Eigenanteil',
        grantProgram: 'Städtebauförderung (Lebendige Zentren)',
        indicator: { name: 'Beiträge der Bürgerinnen und Bürger', unit: 'Anzahl', baseline: 0, target: 500 },
        steps: [
          'Plattform einrichten',
          'Auftaktveranstaltung',
          'Ergebnisse auswerten',
          'Rückmeldung veröffentlichen',
        ],
      },
      {
        title: 'Mitfahrbank-App und Rufbus',
        description:
          'Mitfahrbänke werden per App angekündigt; ein Rufbus ergänzt den Linienverkehr am Abend.',
        lead: 'Ordnungsamt, Verkehr',
        participants: 'Verkehrsverbund, Ortsgemeinden',
        targetGroup: 'Menschen ohne Auto, Jugendliche, Ältere',
        expectedResult: 'Rufbus an fünf Abenden, 15 Mitfahrbänke mit App-Anbindung',
        resources: 'Rufbus-Software des Verkehrsverbunds, Bänke',
        budgetEuro: 60000,
        fundingSource: 'Fördermittel des Landes für den ÖPNV, Kreisumlage',
        grantProgram: 'Förderaufruf Modellprojekte Smart Cities (Mobilität)',
        indicator: { name: 'Fahrten pro Monat', unit: 'Anzahl', baseline: 0, target: 400 },
        steps: ['Bedarf erheben', 'Vertrag mit dem Verkehrsverbund', 'Bänke aufstellen'],
      },
    ],
    ideas: [
      { title: 'Digitaler Zwilling des Ortskerns', description: '3D-Modell für Planungen.', votes: 2 },
      { title: 'Dorfladen mit Selbstbedienung', description: 'Rund um die Uhr einkaufen.', votes: 7 },
    ],
  },
  alltagsleben: {
    rationale: 'Informationen zu Veranstaltungen, Müll und Öffnungszeiten sind auf viele Stellen verteilt.',
    goal: 'Alles Wichtige für den Alltag ist in einer Dorf-App an einem Ort erreichbar.',
    measures: [
      {
        title: 'Dorf-App mit Veranstaltungskalender und Mängelmelder',
        description:
          'Eine App für Neuigkeiten, Veranstaltungen der Vereine, Abfuhrtermine und Meldungen an den Bauhof.',
        lead: 'Stabsstelle Digitalisierung',
        participants: 'Vereine, Ortsgemeinden, Bauhof',
        targetGroup: 'Alle Einwohnerinnen und Einwohner',
        expectedResult: '3000 aktive Nutzerinnen und Nutzer nach einem Jahr',
        resources: 'App-Lizenz, Redaktion in den Ortsgemeinden',
        budgetEuro: 12000,
        fundingSource: 'Haushalt',
        grantProgram: 'Landesprogramm Digitale Dörfer',
        indicator: { name: 'Aktive Nutzerinnen und Nutzer', unit: 'Personen', baseline: 0, target: 3000 },
        steps: ['Redaktionsteam bilden', 'Vereine einladen', 'Start mit Dorffest'],
      },
      {
        title: 'Digitale Dorfzeitung',
        description: 'Das Amtsblatt erscheint zusätzlich online und kann als Newsletter abonniert werden.',
        lead: 'Hauptamt, Öffentlichkeitsarbeit',
        participants: 'Verlag des Amtsblatts',
        targetGroup: 'Alle Einwohnerinnen und Einwohner',
        expectedResult: '1500 Abonnentinnen und Abonnenten',
        resources: 'Newsletter-System',
        budgetEuro: 2000,
        fundingSource: 'Haushalt',
        grantProgram: null,
        indicator: { name: 'Newsletter-Abonnements', unit: 'Anzahl', baseline: 0, target: 1500 },
        steps: ['Vertrag mit dem Verlag anpassen', 'Anmeldeseite veröffentlichen'],
      },
      {
        title: 'Online-Reservierung von Gemeinderäumen',
        description: 'Bürgerhäuser, Grillhütten und Sporthallen online reservieren und bezahlen.',
        lead: 'Liegenschaftsverwaltung',
        participants: 'Hausmeisterinnen und Hausmeister, Kasse',
        targetGroup: 'Vereine und Privatpersonen',
        expectedResult: 'Alle Räume online buchbar, Zahlung ohne Bargeld',
        resources: 'Buchungssoftware, Schließsystem mit Code',
        budgetEuro: 16000,
        fundingSource: 'Haushalt, Nutzungsentgelte',
        grantProgram: null,
        indicator: { name: 'Online-Buchungen pro Jahr', unit: 'Anzahl', baseline: 0, target: 600 },
        steps: ['Räume erfassen', 'Schließsystem ausschreiben', 'Buchung freischalten'],
      },
    ],
    ideas: [
      { title: 'Digitale Schwarze Bretter', description: 'Bildschirme in Bürgerhäusern.', votes: 2 },
      { title: 'Fundbüro online', description: 'Fundsachen mit Foto.', votes: 3 },
    ],
  },
};

export interface DemoStrategyPlan {
  slug: string;
  visibility: 'public' | 'private';
  status: 'draft' | 'adopted';
  /** Chosen field keys in priority order, each with how many of its template measures are planned. */
  fields: { key: string; measures: number }[];
  /** Days from the seeding day to the next review (Fortschreibung); negative: overdue. */
  reviewInDays: number;
  /** Days between the workshop and the seeding day. */
  workshopDaysAgo: number;
  vision: string;
  summary: string;
}

export const demoStrategyPlans: DemoStrategyPlan[] = [
  {
    slug: 'vg-wonnegau',
    visibility: 'public',
    status: 'adopted',
    fields: [
      { key: 'kommunale-verwaltung', measures: 4 },
      { key: 'digitale-infrastruktur', measures: 3 },
      { key: 'silberne-gesellschaft', measures: 3 },
    ],
    reviewInDays: 10,
    workshopDaysAgo: 240,
    vision:
      '# Leitbild: Wonnegau digital und nah\n\nWir wollen eine Verwaltung, die **rund um die Uhr erreichbar** ist, und Dörfer, in denen niemand wegen fehlender Technik abgehängt wird.\n\n- Schnelles Netz in jeder Ortsgemeinde\n- Verwaltungsleistungen online, Beratung weiterhin persönlich\n- Ältere Menschen begleiten statt zurücklassen',
    summary:
      'Ergebnis der Digital-Werkstatt mit den Nachbargemeinden: drei Handlungsfelder, zehn Maßnahmen, Fortschreibung jährlich im Frühjahr.',
  },
  {
    slug: 'vg-eich',
    visibility: 'public',
    status: 'draft',
    fields: [
      { key: 'digitale-infrastruktur', measures: 4 },
      { key: 'tourismus', measures: 3 },
    ],
    reviewInDays: 120,
    workshopDaysAgo: 90,
    vision:
      '# Leitbild: Am Rhein vernetzt\n\nDie Verbandsgemeinde Eich verbindet **Rheinlandschaft und schnelles Internet**. Gäste finden uns online, Betriebe und Familien bleiben, weil die Infrastruktur stimmt.',
    summary: 'Entwurf nach der Werkstatt; Beratung im Haupt- und Finanzausschuss steht noch aus.',
  },
  {
    slug: 'vg-schweich',
    visibility: 'private',
    status: 'adopted',
    fields: [
      { key: 'tourismus', measures: 3 },
      { key: 'kommunale-wirtschaft', measures: 3 },
      { key: 'alltagsleben', measures: 3 },
    ],
    reviewInDays: -5,
    workshopDaysAgo: 400,
    vision:
      '# Leitbild: Römische Weinstraße 2030\n\nWir machen **Wein, Geschichte und Landschaft digital erlebbar** und stärken die Betriebe im Ort. Digitale Angebote sollen den Alltag einfacher machen, nicht komplizierter.',
    summary: 'Vom Verbandsgemeinderat beschlossen; die Fortschreibung ist überfällig.',
  },
  {
    slug: 'vg-bad-breisig',
    visibility: 'public',
    status: 'draft',
    fields: [
      { key: 'silberne-gesellschaft', measures: 3 },
      { key: 'alltagsleben', measures: 3 },
    ],
    reviewInDays: 200,
    workshopDaysAgo: 60,
    vision:
      '# Leitbild: Gut leben am Rhein – in jedem Alter\n\nDigitale Angebote sollen **Begegnung fördern** und älteren Menschen ein selbstständiges Leben erleichtern.',
    summary: 'Erster Entwurf aus der Werkstatt, Schwerpunkt auf älteren Menschen und dem Alltagsleben.',
  },
  {
    slug: 'vg-eisenberg-pfalz',
    visibility: 'private',
    status: 'draft',
    fields: [
      { key: 'bildung-und-jugend', measures: 3 },
      { key: 'kommunale-verwaltung', measures: 3 },
      { key: 'dorf-und-stadtentwicklung', measures: 2 },
    ],
    reviewInDays: 150,
    workshopDaysAgo: 120,
    vision:
      '# Leitbild: Jung, digital, beteiligt\n\nWir wollen, dass **Kinder und Jugendliche** mit guten digitalen Werkzeugen lernen und ihre Gemeinde mitgestalten.',
    summary: 'Entwurf mit Schwerpunkt Bildung; noch nicht veröffentlicht.',
  },
  {
    slug: 'vg-goellheim',
    visibility: 'public',
    status: 'adopted',
    fields: [
      { key: 'dorf-und-stadtentwicklung', measures: 3 },
      { key: 'digitale-infrastruktur', measures: 4 },
    ],
    reviewInDays: 300,
    workshopDaysAgo: 330,
    vision:
      '# Leitbild: Lebendige Dörfer im Zellertal\n\nLeerstand wird zu **neuem Leben im Ortskern**; schnelles Internet macht Arbeiten und Wohnen auf dem Land attraktiv.',
    summary: 'Beschlossene Strategie mit Schwerpunkt Ortskernentwicklung und Breitband.',
  },
  {
    slug: 'vg-betzdorf-gebhardshain',
    visibility: 'public',
    status: 'draft',
    fields: [
      { key: 'kommunale-wirtschaft', measures: 3 },
      { key: 'arbeit-und-soziales', measures: 3 },
      { key: 'kommunale-verwaltung', measures: 4 },
    ],
    reviewInDays: 12,
    workshopDaysAgo: 150,
    vision:
      '# Leitbild: Zusammen stark im Westerwald\n\nNach der Fusion wachsen zwei Verwaltungen zusammen. **Digitale Abläufe** und ein starkes Ehrenamt halten die Gemeinden zusammen.',
    summary: 'Entwurf aus der Werkstatt; Ratsbeschluss im nächsten Quartal geplant.',
  },
];
