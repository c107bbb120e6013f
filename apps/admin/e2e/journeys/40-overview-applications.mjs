/**
 * The program office's day: a municipality applies for workshops (through the API, as its admin);
 * the office sees the open applications on the Übersicht with the action-field chart and its table,
 * opens Bewerbungen, declines one with a reason, accepts another with a new draft workshop, and sees
 * both decisions in the list.
 */
import assert from 'node:assert/strict';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'office: Übersicht, then decline and accept workshop applications';

const municipalityAdmin = { email: 'admin@wonnegau.example', password: 'Werkstatt-Demo-2026' };

/** A calendar day `days` ahead, as YYYY-MM-DD. */
const dayAhead = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Three applications of Verbandsgemeinde Wonnegau, told apart by a unique note; one stays open. */
async function apply(apiUrl, office) {
  const { accessToken: officeToken } = await call(apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: municipalities } = await call(apiUrl, 'GET', '/v1/municipalities?q=Eich', {
    token: officeToken,
  });
  const { accessToken: token } = await call(apiUrl, 'POST', '/v1/auth/login', { body: municipalityAdmin });
  const { data: programs } = await call(apiUrl, 'GET', '/v1/programs', { token });
  const stamp = Date.now().toString(36);
  // Far ahead and spread, so the accepted one's draft workshop meets no other workshop of Wonnegau.
  const offset = 400 + Math.floor(Math.random() * 300);
  const application = (note, dates, partnerMunicipalityIds = []) =>
    call(apiUrl, 'POST', '/v1/workshop-applications', {
      token,
      body: {
        programId: programs[0].id,
        preferredDates: dates,
        partnerMunicipalityIds,
        expectedParticipants: 22,
        contact: { name: 'Anna Schäfer', email: 'anna.schaefer@wonnegau.example', phone: '06242 9100-12' },
        note,
      },
    });
  const toDecline = await application(`Gern an einem Samstag, Stichwort ${stamp}-a.`, [
    { date: dayAhead(offset), from: '10:00', to: '16:00' },
    { date: dayAhead(offset + 7) },
  ]);
  const toAccept = await application(`Bitte mit Schwerpunkt Bürgerservice, Stichwort ${stamp}-b.`, [
    { date: dayAhead(offset + 21), from: '09:00', to: '15:30' },
  ]);
  await application(
    'Wir möchten die Werkstatt gemeinsam mit der Verbandsgemeinde Eich ausrichten. Räume im Rathaus Osthofen sind reserviert.',
    [{ date: dayAhead(offset + 35), from: '09:30', to: '16:00' }, { date: dayAhead(offset + 42) }],
    municipalities.slice(0, 1).map((m) => m.id),
  );
  return { stamp, toDecline, toAccept };
}

export async function run({ stack, browser, office, shot }) {
  const { stamp } = await apply(stack.apiUrl, office);
  const page = await (await newContext(browser, DESKTOP)).newPage();

  await signIn(page, stack.appUrl, office);

  // The Übersicht: the open applications count, the chart and the table with the same numbers.
  const pending = page.locator('.stat-tile', { hasText: 'Offene Bewerbungen' }).locator('dd');
  await pending.filter({ hasText: /^\d+$/ }).waitFor();
  assert.ok(Number(await pending.textContent()) >= 3, 'at least the three new applications are open');
  await page.getByRole('img', { name: /^Balkendiagramm der meistgewählten Handlungsfelder/ }).waitFor();
  const table = page.getByRole('table', { name: 'Handlungsfelder nach Zahl der Strategien' });
  await table.waitFor();
  assert.ok((await table.getByRole('row').count()) >= 2, 'the table lists at least one field');
  await page.getByRole('heading', { name: 'Nächste Werkstätten' }).waitFor();
  await page.getByRole('heading', { name: 'Strategien nach Status' }).waitFor();

  await page.getByRole('link', { name: 'Alle Bewerbungen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bewerbungen' }).waitFor();
  const declined = page.locator('article', { hasText: `${stamp}-a` });
  const accepted = page.locator('article', { hasText: `${stamp}-b` });
  await declined.waitFor();
  await accepted.waitFor();
  await shot(page, 'bewerbungen');

  // Decline: the reason is required; the status changes after sending.
  await declined.getByRole('button', { name: /ablehnen$/ }).click();
  const declineDialog = page.getByRole('dialog', { name: 'Bewerbung ablehnen' });
  await declineDialog.getByRole('button', { name: 'Ablehnen' }).click();
  await declineDialog.getByRole('link', { name: 'Bitte geben Sie eine Begründung ein.' }).waitFor();
  await shot(page, 'bewerbung-ablehnen');
  await declineDialog
    .getByLabel(/^Begründung/)
    .fill('Im gewünschten Zeitraum sind alle Termine vergeben. Gern ab dem Herbst.');
  await declineDialog.getByRole('button', { name: 'Ablehnen' }).click();
  await page.getByText(/Die Bewerbung von .* ist abgelehnt\./).waitFor();
  await declined.waitFor({ state: 'detached' });
  // The card that opened the dialog is gone; focus is on the list, not lost to the page.
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    'Liste der Bewerbungen',
  );

  // Accept with a new draft workshop on the first preferred date.
  await accepted.getByRole('button', { name: /annehmen$/ }).click();
  const acceptDialog = page.getByRole('dialog', { name: 'Bewerbung annehmen' });
  await acceptDialog.getByLabel(/^Titel der Werkstatt/).waitFor();
  await acceptDialog.getByLabel(/^Postleitzahl/).fill('6758');
  await acceptDialog.getByRole('button', { name: 'Annehmen' }).click();
  await acceptDialog.getByRole('link', { name: 'Die Postleitzahl hat fünf Ziffern, z. B. 67574.' }).waitFor();
  await shot(page, 'bewerbung-annehmen');
  await acceptDialog.getByLabel(/^Veranstaltungsort/).fill('Rathaus Osthofen');
  await acceptDialog.getByLabel(/^Straße und Hausnummer/).fill('Friedrich-Ebert-Straße 16');
  await acceptDialog.getByLabel(/^Postleitzahl/).fill('67574');
  await acceptDialog.getByLabel(/^Ort/).fill('Osthofen');
  await acceptDialog.getByRole('button', { name: 'Annehmen' }).click();
  await page.getByText(/Die Bewerbung von .* ist angenommen\./).waitFor();
  await accepted.waitFor({ state: 'detached' });

  // All applications: both decisions show, the accepted one links its workshop.
  await page.getByRole('link', { name: 'Alle', exact: true }).click();
  await declined.getByText('Abgelehnt').waitFor();
  await declined.getByText('Im gewünschten Zeitraum sind alle Termine vergeben.', { exact: false }).waitFor();
  await accepted.getByText('Angenommen').waitFor();
  await accepted.getByRole('link', { name: 'Werkstatt öffnen' }).waitFor();
  await accepted.getByRole('button', { name: /^Details/ }).click();
  const details = page.getByRole('dialog', { name: /^Bewerbung von / });
  await details.getByText('Bürgerservice', { exact: false }).waitFor();
  await details.getByRole('button', { name: 'Schließen' }).first().click();

  // Back on the Übersicht, the new draft workshop is listed with its seats per municipality.
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Übersicht' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  const workshop = page.locator('.overview-workshop', {
    hasText: 'Digital-Werkstatt Verbandsgemeinde Wonnegau',
  });
  await workshop.first().waitFor();
  await workshop
    .first()
    .getByText(/Wonnegau/)
    .last()
    .waitFor();
  await page.getByText(/^\d+ Bewerbung(en warten| wartet) auf eine Entscheidung\.$/).waitFor();
  await shot(page, 'uebersicht');
  await workshop.first().getByRole('link').click();
  await page.waitForURL(/\/werkstaetten\/[0-9a-f-]{36}$/, { waitUntil: 'commit' });
  await page.context().close();
}
