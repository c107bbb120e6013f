/**
 * Journey: the program office creates an account; the new moderator opens the set-password link from
 * the invitation mail the worker wrote, chooses a password, signs in, sees the home page, keeps the
 * session over a reload (refresh cookie) and signs out. Runs like the invitee journey against a real
 * API, worker, PostgreSQL and Redis in Debian's chromium. Run: pnpm --filter @werkstatt/admin e2e
 */
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import {
  accountLinkFromMail,
  axeViolations,
  createUser,
  launchBrowser,
  newContext,
  PHONE,
} from './support.mjs';

const office = { email: 'programmbuero@werkstatt.example', password: 'Werkstatt-Demo-2026' };
const started = Date.now();
const stack = await startStack();
let browser;
try {
  const email = `jana.berger.${Date.now()}@werkstatt.example`;
  await createUser(stack.apiUrl, office, { email, name: 'Jana Berger', role: 'moderator' });
  browser = await launchBrowser();
  const page = await (await newContext(browser, PHONE)).newPage();
  const accessible = async (name) => {
    const violations = await axeViolations(page);
    assert.deepEqual(
      violations.map((v) => `${v.id}: ${v.help}`),
      [],
      `${name}: serious or critical WCAG 2.1 AA violations`,
    );
  };

  const link = await accountLinkFromMail(stack.mailDir, email, 'passwort-setzen', { timeoutMs: 30_000 });
  assert.ok(link.startsWith(`${stack.appUrl}/passwort-setzen/`), link);
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Passwort festlegen' }).waitFor();
  await accessible('set password');

  // The API's rule (at least 12 characters) comes back at the field, in German.
  await page.getByLabel(/^Neues Passwort \(/).fill('zu-kurz');
  await page.getByLabel('Neues Passwort wiederholen').fill('zu-kurz');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.getByRole('link', { name: 'Das Passwort muss mindestens 12 Zeichen lang sein.' }).waitFor();

  const password = 'Rheinhessen-Wonnegau-2027';
  await page.getByLabel(/^Neues Passwort \(/).fill(password);
  await page.getByLabel('Neues Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.waitForURL(`${stack.appUrl}/anmelden?hinweis=passwort-gesetzt`, { waitUntil: 'commit' });
  await page.getByRole('heading', { name: 'Ihr Passwort ist gespeichert' }).waitFor();
  await accessible('sign-in');

  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel(/^Passwort/).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  await page.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();
  await page.getByText('Zurzeit sind keine Werkstätten geplant.').waitFor();
  await accessible('home');

  // The access token lives in memory only: after a reload the refresh cookie signs in again.
  await page.reload();
  await page.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();

  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await page.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor();
  await page.goto(`${stack.appUrl}/`);
  await page.waitForURL(`${stack.appUrl}/anmelden`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

  // Signed in on two devices; "Überall abmelden" on one ends the other's session too.
  const other = await (await newContext(browser, PHONE)).newPage();
  for (const device of [page, other]) {
    await device.goto(`${stack.appUrl}/anmelden`);
    await device.getByLabel('E-Mail-Adresse').fill(email);
    await device.getByLabel(/^Passwort/).fill(password);
    await device.getByRole('button', { name: 'Anmelden' }).click();
    await device.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();
  }
  await page.getByRole('button', { name: 'Überall abmelden' }).click();
  await page.getByRole('heading', { name: 'Sie sind auf allen Geräten abgemeldet' }).waitFor();
  await other.reload();
  await other.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

  // A link works once.
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Passwort festlegen' }).waitFor();
  await page.getByLabel(/^Neues Passwort \(/).fill(password);
  await page.getByLabel('Neues Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.getByRole('heading', { name: 'Dieser Link ist ungültig oder abgelaufen' }).waitFor();
  await accessible('used link');

  console.log(`e2e staff journey passed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  await browser?.close();
  await stack.stop();
}
