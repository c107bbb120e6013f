/** Every text of the console, in German. Components read from here; nothing German is inlined. */
export const de = {
  app: {
    name: 'Digital-Werkstatt',
    loading: 'Wird geladen …',
    notFoundTitle: 'Seite nicht gefunden',
    notFoundText:
      'Diese Adresse gibt es nicht. Bitte öffnen Sie den Link aus Ihrer E-Mail oder Einladung erneut.',
  },
  workshop: {
    detailsHeading: 'Die Werkstatt',
    when: 'Termin',
    day: (n: number) => `Tag ${n}`,
    time: (from: string, to: string) => `${from}–${to} Uhr`,
    where: 'Ort',
    online: 'Online – den Zugangslink erhalten Sie per E-Mail.',
    municipality: 'Eingeladene Kommune',
    registrationUntil: (date: string, time: string) => `Anmeldung bis ${date}, ${time} Uhr`,
    seatsWaitlist: 'Alle Plätze sind vergeben. Neue Anmeldungen kommen auf die Warteliste.',
  },
  invitation: {
    title: 'Einladung',
    intro: 'Sie sind zu dieser Werkstatt eingeladen. Melden Sie sich mit dem Formular an.',
    formHeading: 'Anmeldung',
    notOpen:
      'Die Anmeldung für diese Werkstatt ist noch nicht geöffnet. Bitte versuchen Sie es später erneut.',
    closed: 'Die Anmeldung für diese Werkstatt ist geschlossen.',
    cancelled: 'Diese Werkstatt wurde abgesagt.',
    held: 'Diese Werkstatt hat bereits stattgefunden.',
    pendingTitle: 'Bitte bestätigen Sie Ihre E-Mail-Adresse',
    pendingText: (hours: number) =>
      `Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt. Ihre Anmeldung gilt erst, wenn Sie diesen Link innerhalb von ${hours} Stunden öffnen. Sehen Sie bitte auch im Spam-Ordner nach.`,
  },
  form: {
    firstName: 'Vorname',
    lastName: 'Nachname',
    email: 'E-Mail-Adresse',
    emailHint: 'An diese Adresse schicken wir den Bestätigungslink.',
    role: 'Ich nehme teil als',
    rolePlaceholder: 'Bitte wählen',
    roles: {
      politics: 'Politik / Gemeinderat',
      administration: 'Verwaltung',
      citizen: 'Bürgerin / Bürger',
      business: 'Lokale Wirtschaft',
      other: 'Sonstiges',
    },
    note: 'Anmerkung (freiwillig)',
    noteHint: 'Zum Beispiel Hinweise zur Barrierefreiheit oder Ernährung.',
    consent: 'Ich bin einverstanden, dass meine Angaben zur Organisation der Werkstatt verarbeitet werden.',
    required: '(Pflichtfeld)',
    submit: 'Verbindlich anmelden',
    submitting: 'Wird gesendet …',
    summaryTitle: (n: number) =>
      n === 1 ? 'Bitte korrigieren Sie 1 Angabe:' : `Bitte korrigieren Sie ${n} Angaben:`,
  },
  /** Checked before sending: a required field left empty. */
  missing: {
    firstName: 'Bitte geben Sie Ihren Vornamen ein.',
    lastName: 'Bitte geben Sie Ihren Nachnamen ein.',
    email: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  },
  /** What the API rejected, per field. */
  fieldErrors: {
    firstName: 'Der Vorname darf höchstens 100 Zeichen lang sein.',
    lastName: 'Der Nachname darf höchstens 100 Zeichen lang sein.',
    email: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@gemeinde.de.',
    role: 'Bitte wählen Sie aus, als was Sie teilnehmen.',
    note: 'Die Anmerkung darf höchstens 2000 Zeichen lang sein.',
    consent: 'Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu, damit wir Sie anmelden können.',
    other: 'Eine Angabe ist ungültig. Bitte prüfen Sie das Formular.',
  },
  problems: {
    linkInvalidTitle: 'Dieser Link ist ungültig oder abgelaufen',
    linkInvalidText:
      'Vielleicht ist der Link zu alt, wurde schon verwendet oder nicht vollständig kopiert. Bitte öffnen Sie ihn erneut aus Ihrer E-Mail oder wenden Sie sich an die Stelle, die Sie eingeladen hat.',
    invitationUsedUp: 'Dieser Einladungslink wurde bereits so oft verwendet, wie es vorgesehen ist.',
    registrationAttended:
      'Sie haben an dieser Werkstatt bereits teilgenommen. Eine Absage ist nicht mehr möglich.',
    workshopNotPublished: 'Diese Werkstatt nimmt noch keine Anmeldungen an.',
    tooManyRequests:
      'Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es erneut.',
    generic: 'Das hat leider nicht geklappt. Bitte versuchen Sie es später erneut.',
    network:
      'Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    retry: 'Erneut versuchen',
  },
  confirm: {
    title: 'Anmeldung bestätigen',
    working: 'Ihre E-Mail-Adresse wird bestätigt …',
    confirmedTitle: 'Ihre Anmeldung ist bestätigt',
    confirmedText: 'Vielen Dank! Sie haben einen Platz. Eine Bestätigung mit allen Angaben kommt per E-Mail.',
    waitlistedTitle: 'Sie stehen auf der Warteliste',
    waitlistedText: (position: number | null) =>
      position === null
        ? 'Alle Plätze sind vergeben. Wird ein Platz frei, rücken Sie nach und erhalten eine E-Mail.'
        : `Alle Plätze sind vergeben. Sie stehen auf Platz ${position} der Warteliste. Wird ein Platz frei, rücken Sie nach und erhalten eine E-Mail.`,
    attendedTitle: 'Sie haben teilgenommen',
    attendedText: 'Sie haben an dieser Werkstatt bereits teilgenommen.',
  },
  cancel: {
    title: 'Anmeldung absagen',
    question: 'Möchten Sie Ihre Anmeldung zu dieser Werkstatt wirklich absagen?',
    consequence:
      'Ihr Platz wird frei und geht an die nächste Person auf der Warteliste. Die Absage lässt sich nicht rückgängig machen.',
    submit: 'Ja, Anmeldung absagen',
    submitting: 'Wird abgesagt …',
    doneTitle: 'Ihre Anmeldung ist abgesagt',
    doneText: 'Schade, dass Sie nicht dabei sein können. Sie erhalten eine Bestätigung per E-Mail.',
  },
} as const;
