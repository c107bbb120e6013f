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
  signIn: {
    title: 'Anmelden',
    intro: 'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    submit: 'Anmelden',
    submitting: 'Wird angemeldet …',
    forgot: 'Passwort vergessen?',
    missingEmail: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
    missingPassword: 'Bitte geben Sie Ihr Passwort ein.',
    invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@gemeinde.de.',
    wrongCredentials: 'E-Mail-Adresse oder Passwort ist falsch.',
    wrongCredentialsText:
      'Bitte prüfen Sie Ihre Eingaben. Wenn Sie Ihr Passwort nicht mehr wissen, wählen Sie „Passwort vergessen?“.',
    wait: (seconds: number) =>
      seconds <= 90
        ? `Zu viele Anmeldeversuche. Bitte warten Sie ${seconds} Sekunden und versuchen Sie es dann erneut.`
        : `Zu viele Anmeldeversuche. Bitte warten Sie ${Math.ceil(seconds / 60)} Minuten und versuchen Sie es dann erneut.`,
    passwordSet: 'Ihr Passwort ist gespeichert',
    passwordSetText: 'Melden Sie sich jetzt mit Ihrem neuen Passwort an.',
    signedOut: 'Sie sind abgemeldet',
    signedOutEverywhere: 'Sie sind auf allen Geräten abgemeldet',
    demoHeading: 'Demo-Zugänge (nur in der Entwicklung)',
    demoPassword: (password: string) => `Passwort für alle: ${password}`,
  },
  forgot: {
    title: 'Passwort vergessen',
    intro:
      'Geben Sie die E-Mail-Adresse Ihres Zugangs ein. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.',
    submit: 'Link anfordern',
    submitting: 'Wird gesendet …',
    sentTitle: 'Bitte sehen Sie in Ihr E-Mail-Postfach',
    sentText:
      'Wenn zu dieser Adresse ein Zugang gehört, haben wir Ihnen eine E-Mail mit einem Link geschickt. Er gilt 60 Minuten und nur einmal. Sehen Sie bitte auch im Spam-Ordner nach.',
    back: 'Zurück zur Anmeldung',
  },
  setPassword: {
    titleInvitation: 'Passwort festlegen',
    titleReset: 'Neues Passwort festlegen',
    intro: 'Wählen Sie ein Passwort, das nur Sie kennen.',
    password: 'Neues Passwort',
    passwordHint: 'Mindestens 12 Zeichen. Ein langer Satz ist leicht zu merken und schwer zu erraten.',
    repeat: 'Neues Passwort wiederholen',
    submit: 'Passwort speichern',
    submitting: 'Wird gespeichert …',
    missing: 'Bitte geben Sie ein neues Passwort ein.',
    mismatch: 'Die beiden Passwörter stimmen nicht überein.',
    tooShort: (n: number) => `Das Passwort muss mindestens ${n} Zeichen lang sein.`,
    tooLong: (n: number) => `Das Passwort darf höchstens ${n} Zeichen lang sein.`,
    invalid: 'Dieses Passwort ist nicht zulässig. Bitte wählen Sie ein anderes.',
    linkInvalidTitle: 'Dieser Link ist ungültig oder abgelaufen',
    linkInvalidText:
      'Der Link wurde schon verwendet, ist abgelaufen oder wurde durch einen neueren ersetzt. Fordern Sie bitte einen neuen Link an.',
    requestNew: 'Neuen Link anfordern',
  },
  home: {
    title: 'Übersicht',
    signedInAs: (name: string, role: string) => `Angemeldet als ${name} (${role})`,
    upcoming: 'Ihre nächsten Werkstätten',
    none: 'Zurzeit sind keine Werkstätten geplant.',
    online: 'Online',
    date: 'Datum',
    place: 'Ort',
    logout: 'Abmelden',
    logoutAll: 'Überall abmelden',
    logoutAllHint:
      'Beendet Ihre Anmeldung auf allen Geräten, zum Beispiel wenn Sie ein Gerät verloren haben.',
  },
  roles: {
    program_admin: 'Programmadministration',
    moderator: 'Moderation',
    municipality_admin: 'Administration der Kommune',
    municipality_editor: 'Bearbeitung',
    municipality_viewer: 'Lesezugriff',
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
