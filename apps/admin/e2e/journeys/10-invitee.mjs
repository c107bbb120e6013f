/**
 * An invitee opens an invitation link on a phone, registers, opens the confirmation link from the
 * e-mail the worker wrote, and later cancels with the link from the confirmation mail.
 */
import assert from 'node:assert/strict';
import { createInvitations, linkFromMail, newContext, PHONE } from '../support.mjs';

export const title = 'invitee: register on a phone, confirm from the mail, cancel';

export async function run({ stack, browser, office, shot }) {
  const { invitations } = await createInvitations(stack.apiUrl, office);
  const page = await (await newContext(browser, PHONE)).newPage();

  const response = await page.goto(`${stack.appUrl}/einladung/${invitations[0].token}`);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self';/);
  await page.getByRole('heading', { level: 1, name: 'Digital-Werkstatt Rheinhessen' }).waitFor();
  await shot(page, 'einladung');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `the invitation page scrolls sideways at ${PHONE.width} px (${width} px)`);

  await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
  await page.getByText('Bitte korrigieren Sie 5 Angaben:').waitFor();
  await shot(page, 'einladung-fehler');

  const email = `anna.schmidt.${Date.now()}@example.de`;
  await page.getByLabel('Vorname').fill('Anna');
  await page.getByLabel('Nachname').fill('Schmidt');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Ich nehme teil als').selectOption('administration');
  await page.getByLabel(/Ich bin einverstanden/).check();
  await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
  await page.getByRole('heading', { name: 'Bitte bestätigen Sie Ihre E-Mail-Adresse' }).waitFor();
  await shot(page, 'einladung-gesendet');

  const confirmLink = await linkFromMail(stack.mailDir, email, 'bestaetigen', { timeoutMs: 30_000 });
  assert.ok(confirmLink.startsWith(`${stack.appUrl}/anmeldung/bestaetigen?token=`), confirmLink);
  await page.goto(confirmLink);
  await page.getByRole('heading', { name: 'Ihre Anmeldung ist bestätigt' }).waitFor();
  await shot(page, 'bestaetigung');

  const cancelLink = await linkFromMail(stack.mailDir, email, 'absagen', { timeoutMs: 30_000 });
  await page.goto(cancelLink);
  await page.getByRole('button', { name: 'Ja, Anmeldung absagen' }).waitFor();
  await shot(page, 'absage-frage');
  await page.getByRole('button', { name: 'Ja, Anmeldung absagen' }).click();
  await page.getByRole('heading', { name: 'Ihre Anmeldung ist abgesagt' }).waitFor();
  await shot(page, 'absage-erledigt');

  // A used or made-up link says so plainly.
  await page.goto(`${stack.appUrl}/anmeldung/bestaetigen?token=abgelaufen`);
  await page.getByRole('heading', { name: 'Dieser Link ist ungültig oder abgelaufen' }).waitFor();
  await shot(page, 'link-ungueltig');
  await page.context().close();
}
