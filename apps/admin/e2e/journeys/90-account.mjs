/**
 * A new account: the program office creates it; the new moderator opens the set-password link from
 * the invitation mail, chooses a password, signs in, keeps the session over a reload (refresh cookie),
 * signs out, is signed out everywhere by "Überall abmelden" on another device, and changes the
 * password, which ends the session on the other device but not on this one.
 */
import assert from 'node:assert/strict';
import { accountLinkFromMail, createUser, DESKTOP, newContext } from '../support.mjs';

export const title = 'account: invitation mail, set password, sign in, sign out everywhere';

export async function run({ stack, browser, office, shot }) {
  const email = `jana.berger.${Date.now()}@werkstatt.example`;
  await createUser(stack.apiUrl, office, { email, name: 'Jana Berger', role: 'moderator' });
  const page = await (await newContext(browser, DESKTOP)).newPage();

  const link = await accountLinkFromMail(stack.mailDir, email, 'passwort-setzen', { timeoutMs: 30_000 });
  assert.ok(link.startsWith(`${stack.appUrl}/passwort-setzen/`), link);
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Passwort festlegen' }).waitFor();
  await shot(page, 'passwort-setzen');

  // The API's rule (at least 12 characters) comes back at the field, in German.
  await page.getByLabel(/^Neues Passwort \(/).fill('zu-kurz');
  await page.getByLabel('Neues Passwort wiederholen').fill('zu-kurz');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.getByRole('link', { name: 'Das Passwort muss mindestens 12 Zeichen lang sein.' }).waitFor();
  await shot(page, 'passwort-setzen-fehler');

  const password = 'Rheinhessen-Wonnegau-2027';
  await page.getByLabel(/^Neues Passwort \(/).fill(password);
  await page.getByLabel('Neues Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.waitForURL(`${stack.appUrl}/anmelden?hinweis=passwort-gesetzt`, { waitUntil: 'commit' });
  await page.getByRole('heading', { name: 'Ihr Passwort ist gespeichert' }).waitFor();
  await shot(page, 'anmelden-passwort-gesetzt');

  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel(/^Passwort/).fill('falsches-Passwort-123');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();
  await shot(page, 'anmelden-fehler');

  await page.getByLabel(/^Passwort/).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  await page.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();

  // The access token lives in memory only: after a reload the refresh cookie signs in again.
  await page.reload();
  await page.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();

  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await page.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor();
  await page.goto(`${stack.appUrl}/`);
  await page.waitForURL(`${stack.appUrl}/anmelden`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

  // Signed in on two devices; "Überall abmelden" on one ends the other's session too.
  const other = await (await newContext(browser, DESKTOP)).newPage();
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

  // A password change ends every other session; the device that changed it stays signed in.
  for (const device of [page, other]) {
    await device.goto(`${stack.appUrl}/anmelden`);
    await device.getByLabel('E-Mail-Adresse').fill(email);
    await device.getByLabel(/^Passwort/).fill(password);
    await device.getByRole('button', { name: 'Anmelden' }).click();
    await device.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();
  }
  await page.getByRole('link', { name: 'Mein Zugang' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mein Zugang' }).waitFor();
  await page.getByLabel(/^Aktuelles Passwort/).fill('nicht-das-richtige');
  const changed = 'Wonnegau-Osthofen-Eich-2028';
  await page.getByLabel(/^Neues Passwort \(/).fill(changed);
  await page.getByLabel('Neues Passwort wiederholen').fill(changed);
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  await page
    .getByRole('link', { name: 'Das aktuelle Passwort ist falsch. Es wurde nichts geändert.' })
    .waitFor();
  await shot(page, 'konto-passwort-fehler');
  await page.getByLabel(/^Aktuelles Passwort/).fill(password);
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  await page.getByRole('heading', { name: 'Ihr Passwort ist geändert' }).waitFor();
  await shot(page, 'konto-passwort-geaendert');
  await other.reload();
  await other.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  await page.reload();
  await page.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await page.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel(/^Passwort/).fill(changed);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByText('Angemeldet als Jana Berger (Moderation)').waitFor();
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await page.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor();

  // A link works once.
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Passwort festlegen' }).waitFor();
  await page.getByLabel(/^Neues Passwort \(/).fill(password);
  await page.getByLabel('Neues Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await page.getByRole('heading', { name: 'Dieser Link ist ungültig oder abgelaufen' }).waitFor();
  await shot(page, 'passwort-link-ungueltig');

  await page.goto(`${stack.appUrl}/passwort-vergessen`);
  await page.getByRole('button', { name: 'Link anfordern' }).waitFor();
  await shot(page, 'passwort-vergessen');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Link anfordern' }).click();
  await page.getByText('Bitte sehen Sie in Ihr E-Mail-Postfach').waitFor();
  await shot(page, 'passwort-vergessen-gesendet');
  await page.context().close();
  await other.context().close();
}
