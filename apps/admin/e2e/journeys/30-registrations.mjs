/**
 * The program office on the day: a small workshop today, an invitation link with its QR code,
 * participants registered past the capacity onto the waitlist, a cancellation that moves the next
 * person up, check-in at the door on a tablet, and the participant list as CSV.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { call, DESKTOP, newContext, signIn, TABLET } from '../support.mjs';

export const title = 'office: waitlist, cancel and promotion, check-in on a tablet, CSV';

/**
 * A published workshop running right now (check-in works on the workshop's Berlin days only) with
 * registration open until it ends: three seats, two of them for the first municipality.
 */
async function workshopToday(apiUrl, office) {
  const { accessToken: token } = await call(apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: programs } = await call(apiUrl, 'GET', '/v1/programs', { token });
  const { data: municipalities } = await call(apiUrl, 'GET', '/v1/municipalities?limit=200', { token });
  const now = Date.now();
  const startsAt = new Date(now - 10 * 60_000).toISOString();
  const endsAt = new Date(now + 3 * 3_600_000).toISOString();
  // Other journeys plan workshops weeks ahead; should one run now too, another pair of municipalities is free.
  for (let i = municipalities.length - 1; i > 0; i--) {
    const [first, second] = [municipalities[i], municipalities[i - 1]];
    const place = first.name.replace(/^(Verbandsgemeinde|Stadt|Gemeinde) /, '');
    const title = `Digital-Werkstatt ${place}`;
    try {
      const workshop = await call(apiUrl, 'POST', '/v1/workshops', {
        token,
        body: {
          programId: programs[0].id,
          title,
          format: 'onsite',
          startsAt,
          endsAt,
          venue: { name: 'Bürgerhaus', street: 'Hauptstraße 1', postalCode: '67575', city: place },
          municipalities: [
            { municipalityId: first.id, seats: 2 },
            { municipalityId: second.id, seats: 1 },
          ],
          capacity: 3,
          registrationClosesAt: endsAt,
          status: 'published',
        },
      });
      return { workshop, title, first, second };
    } catch (err) {
      if (!['municipality_double_booked', 'municipality_not_eligible'].includes(err.problem?.code)) throw err;
    }
  }
  throw new Error('no pair of municipalities is free today');
}

export async function run({ stack, browser, office, shot }) {
  const { workshop, title: workshopTitle, first } = await workshopToday(stack.apiUrl, office);
  // The workshop is new, so the addresses need not differ from other journeys' (unique per workshop).
  const people = [
    { firstName: 'Anna', lastName: 'Schmidt', email: 'anna.schmidt@example.de', role: 'administration' },
    { firstName: 'Bernd', lastName: 'Krämer', email: 'bernd.kraemer@example.de', role: 'politics' },
    { firstName: 'Jürgen', lastName: 'Müller', email: 'juergen.mueller@example.de', role: 'citizen' },
  ];

  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await signIn(page, stack.appUrl, office);

  await page.goto(`${stack.appUrl}/werkstaetten/${workshop.id}`);
  await page.getByRole('heading', { level: 1, name: workshopTitle }).waitFor();
  await page.getByText('0 von 3 Plätzen vergeben, 3 frei.').waitFor();

  // An invitation link for the first municipality: the address to copy and its QR code.
  await page.getByLabel(/^Für die Kommune/).selectOption(first.id);
  await page.getByRole('button', { name: 'Link erstellen' }).click();
  await page.getByRole('heading', { name: 'Der Einladungslink ist erstellt' }).waitFor();
  const link = await page.getByLabel(/^Link/).inputValue();
  assert.match(link, /\/einladung\/[A-Za-z0-9_-]+$/);
  const qr = page.getByRole('img', { name: `QR-Code: Einladungslink zur Werkstatt für ${first.name}` });
  await qr.waitFor();
  await page.waitForFunction(
    (alt) => [...document.images].some((img) => img.alt === alt && img.complete && img.naturalWidth > 0),
    `QR-Code: Einladungslink zur Werkstatt für ${first.name}`,
  );
  await page
    .getByRole('table', { name: 'Einladungslinks' })
    .getByRole('row', { name: new RegExp(first.name) })
    .waitFor();
  // The list shows the QR code again later, in a dialog.
  await page.getByRole('button', { name: `QR-Code: ${first.name}` }).click();
  const qrDialog = page.getByRole('dialog', { name: 'QR-Code des Einladungslinks' });
  await qrDialog
    .getByRole('img', { name: `QR-Code: Einladungslink zur Werkstatt für ${first.name}` })
    .waitFor();
  await qrDialog.getByRole('button', { name: 'Schließen' }).click();
  await qrDialog.waitFor({ state: 'hidden' });

  // Three people for a municipality with two seats: the third waits.
  for (const [i, person] of people.entries()) {
    await page.getByRole('button', { name: 'Person anmelden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Person anmelden' });
    await dialog.getByLabel(/^Kommune/).selectOption(first.id);
    await dialog.getByLabel(/^Vorname/).fill(person.firstName);
    await dialog.getByLabel(/^Nachname/).fill(person.lastName);
    await dialog.getByLabel(/^E-Mail-Adresse/).fill(person.email);
    await dialog.getByLabel(/^Nimmt teil als/).selectOption(person.role);
    if (i === 2) await shot(page, 'werkstatt-person-anmelden');
    await dialog.getByRole('button', { name: 'Anmelden', exact: true }).click();
    const name = `${person.firstName} ${person.lastName}`;
    const outcome = i < 2 ? `${name} hat einen Platz` : `${name} steht auf Platz 1 der Warteliste`;
    await page.getByRole('heading', { name: outcome }).waitFor();
  }
  const table = page.getByRole('table', { name: 'Angemeldete Personen' });
  await table
    .getByRole('row', { name: /Jürgen Müller/ })
    .getByText('Platz 1')
    .waitFor();
  await page.getByText('2 von 3 Plätzen vergeben, 1 frei. 1 Person auf der Warteliste.').waitFor();

  // Cancelling Anna frees her seat; Jürgen moves up.
  await page.getByRole('button', { name: 'Stornieren: Anna Schmidt' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Anmeldung stornieren' });
  await confirm.getByText('Möchten Sie die Anmeldung von Anna Schmidt wirklich stornieren?').waitFor();
  await shot(page, 'werkstatt-anmeldung-stornieren');
  await confirm.getByRole('button', { name: 'Ja, stornieren' }).click();
  await page.getByRole('heading', { name: 'Die Anmeldung von Anna Schmidt ist storniert' }).waitFor();
  await page.getByText('Von der Warteliste nachgerückt: Jürgen Müller.').waitFor();
  await table
    .getByRole('row', { name: /Jürgen Müller/ })
    .getByText('Bestätigt')
    .waitFor();
  await page.getByText('Niemand auf der Warteliste.').waitFor();
  await shot(page, 'werkstatt-detail');

  // The participant list as CSV, fetched with the session and saved under the server's name.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Teilnehmendenliste (CSV für Excel)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'teilnehmende.csv');
  const csv = await readFile(await download.path(), 'utf8');
  for (const person of people)
    assert.ok(csv.includes(person.lastName), `${person.lastName} missing in the CSV`);
  assert.ok(csv.includes('Storniert'), 'the CSV shows the cancellation');

  // At the door, on a tablet: search without umlauts, check in, undo, check in again.
  await page.setViewportSize(TABLET);
  await page.getByRole('link', { name: 'Check-in öffnen' }).click();
  await page.waitForURL(`${stack.appUrl}/werkstaetten/${workshop.id}/check-in`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'Check-in' }).waitFor();
  const count = page.locator('.ci-count');
  await count.getByText('0 von 2 anwesend').waitFor();
  await page.getByRole('searchbox', { name: 'Name suchen' }).fill('muller');
  const list = page.getByRole('list', { name: 'Bestätigte Personen' });
  await list.getByRole('listitem').filter({ hasText: 'Bernd Krämer' }).waitFor({ state: 'detached' });
  assert.equal(await list.getByRole('listitem').count(), 1);
  const button = page.getByRole('button', { name: 'Einchecken: Jürgen Müller' });
  const box = await button.boundingBox();
  assert.ok(box && box.height >= 48 && box.width >= 48, `touch target too small: ${JSON.stringify(box)}`);
  await button.click();
  await count.getByText('1 von 2 anwesend').waitFor();
  await page.getByRole('button', { name: 'Rückgängig: Jürgen Müller' }).click();
  await count.getByText('0 von 2 anwesend').waitFor();
  await page.getByRole('button', { name: 'Einchecken: Jürgen Müller' }).click();
  await count.getByText('1 von 2 anwesend').waitFor();
  await list.getByText(/Anwesend seit \d\d:\d\d Uhr/).waitFor();
  // Wait for the server's answer before judging the page: the list refreshes after the last tap.
  await page.waitForLoadState('networkidle');
  await page.getByRole('searchbox', { name: 'Name suchen' }).fill('');
  await count.getByText('1 von 2 anwesend').waitFor();
  await shot(page, 'check-in');

  // The API agrees: Jürgen attended.
  const { accessToken: token } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data } = await call(stack.apiUrl, 'GET', `/v1/workshops/${workshop.id}/registrations?limit=200`, {
    token,
  });
  assert.equal(data.find((r) => r.lastName === 'Müller')?.status, 'attended');

  // Cancelling the workshop needs a reason; afterwards the page says so and offers no more changes.
  await page.setViewportSize(DESKTOP);
  await page.getByRole('link', { name: 'Zur Werkstatt' }).click();
  await page.getByRole('heading', { level: 1, name: workshopTitle }).waitFor();
  await page.getByRole('button', { name: 'Werkstatt absagen' }).click();
  const cancelDialog = page.getByRole('alertdialog', { name: 'Werkstatt absagen' });
  await cancelDialog.getByRole('button', { name: 'Werkstatt verbindlich absagen' }).click();
  await cancelDialog.getByText('Bitte geben Sie einen Grund für die Absage an.').waitFor();
  await cancelDialog.getByLabel(/^Grund der Absage/).fill('Die Moderation ist erkrankt.');
  await shot(page, 'werkstatt-absagen');
  await cancelDialog.getByRole('button', { name: 'Werkstatt verbindlich absagen' }).click();
  await page.getByRole('heading', { name: 'Diese Werkstatt wurde abgesagt' }).waitFor();
  await page.getByText('Grund: Die Moderation ist erkrankt.').waitFor();
  for (const gone of ['Person anmelden', 'Werkstatt absagen', 'Stornieren: Bernd Krämer']) {
    assert.equal(await page.getByRole('button', { name: gone }).count(), 0, `${gone} is still offered`);
  }
  assert.equal(await page.getByRole('link', { name: 'Check-in öffnen' }).count(), 0);
  await shot(page, 'werkstatt-abgesagt');
  await context.close();
}
