/**
 * Screenshots of the invitees' pages and of signing in at phone (390 px) and desktop width, into
 * docs/screenshots/.
 * Needs a running API with in-process jobs writing mails to files (`pnpm dev`) and the console in
 * front of it: APP_URL (default http://localhost:5173), API_URL (default http://localhost:3000),
 * MAIL_DIR (default .data/mail at the repository root). Run: pnpm --filter @werkstatt/admin screenshots
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  accountLinkFromMail,
  axeViolations,
  createInvitations,
  createUser,
  DESKTOP,
  launchBrowser,
  linkFromMail,
  newContext,
  PHONE,
} from './support.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const appUrl = process.env.APP_URL ?? 'http://localhost:5173';
const apiUrl = process.env.API_URL ?? 'http://localhost:3000';
const mailDir = process.env.MAIL_DIR ?? path.join(repoRoot, '.data/mail');
const outDir = path.join(repoRoot, 'docs/screenshots');
const office = { email: 'programmbuero@werkstatt.example', password: 'Werkstatt-Demo-2026' };

await mkdir(outDir, { recursive: true });
const browser = await launchBrowser();
const problems = [];
const { invitations } = await createInvitations(apiUrl, office, { links: 2 });
try {
  for (const [size, viewport, invitation] of [
    ['phone', PHONE, invitations[0]],
    ['desktop', DESKTOP, invitations[1]],
  ]) {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    const shot = async (name) => {
      for (const v of await axeViolations(page)) problems.push(`${name} ${size}: ${v.id} ${v.help}`);
      await page.screenshot({ path: path.join(outDir, `${name}-${size}.png`), fullPage: true });
    };

    await page.goto(`${appUrl}/einladung/${invitation.token}`);
    await page.getByRole('button', { name: 'Verbindlich anmelden' }).waitFor();
    await shot('einladung');

    await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
    await page.getByRole('alert').waitFor();
    await shot('einladung-fehler');

    const email = `anna.schmidt.${size}.${Date.now()}@example.de`;
    await page.getByLabel('Vorname').fill('Anna');
    await page.getByLabel('Nachname').fill('Schmidt');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Ich nehme teil als').selectOption('administration');
    await page.getByLabel(/Ich bin einverstanden/).check();
    await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
    await page.getByText('Bitte bestätigen Sie Ihre E-Mail-Adresse').waitFor();
    await shot('einladung-gesendet');

    const confirmLink = new URL(await linkFromMail(mailDir, email, 'bestaetigen'));
    await page.goto(`${appUrl}${confirmLink.pathname}${confirmLink.search}`);
    await page.getByText('Ihre Anmeldung ist bestätigt').waitFor();
    await shot('bestaetigung');

    const cancelLink = new URL(await linkFromMail(mailDir, email, 'absagen'));
    await page.goto(`${appUrl}${cancelLink.pathname}${cancelLink.search}`);
    await page.getByRole('button', { name: 'Ja, Anmeldung absagen' }).waitFor();
    await shot('absage-frage');
    await page.getByRole('button', { name: 'Ja, Anmeldung absagen' }).click();
    await page.getByText('Ihre Anmeldung ist abgesagt').waitFor();
    await shot('absage-erledigt');

    await page.goto(`${appUrl}/anmeldung/bestaetigen?token=abgelaufen`);
    await page.getByText('Dieser Link ist ungültig oder abgelaufen').waitFor();
    await shot('link-ungueltig');

    // Signing in: a new account chooses its password, then the program office signs in.
    const staffEmail = `jana.berger.${size}.${Date.now()}@werkstatt.example`;
    await createUser(apiUrl, office, { email: staffEmail, name: 'Jana Berger', role: 'moderator' });
    const setLink = new URL(await accountLinkFromMail(mailDir, staffEmail, 'passwort-setzen'));
    await page.goto(`${appUrl}${setLink.pathname}`);
    await page.getByRole('button', { name: 'Passwort speichern' }).waitFor();
    await page.getByLabel(/^Neues Passwort \(/).fill('zu-kurz');
    await page.getByLabel('Neues Passwort wiederholen').fill('zu-kurz');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByRole('alert').waitFor();
    await shot('passwort-setzen-fehler');
    await page.getByLabel(/^Neues Passwort \(/).fill('Rheinhessen-Wonnegau-2027');
    await page.getByLabel('Neues Passwort wiederholen').fill('Rheinhessen-Wonnegau-2027');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Ihr Passwort ist gespeichert').waitFor();
    await shot('anmelden-passwort-gesetzt');

    await page.getByLabel('E-Mail-Adresse').fill(office.email);
    await page.getByLabel(/^Passwort/).fill('falsches-Passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();
    await shot('anmelden-fehler');
    await page.getByLabel(/^Passwort/).fill(office.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText(/^Angemeldet als/).waitFor();
    await page.getByText('Digital-Werkstatt Rheinhessen').first().waitFor();
    await shot('startseite');
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.getByText('Sie sind abgemeldet').waitFor();

    await page.goto(`${appUrl}/passwort-vergessen`);
    await page.getByRole('button', { name: 'Link anfordern' }).waitFor();
    await shot('passwort-vergessen');
    await page.getByLabel('E-Mail-Adresse').fill(staffEmail);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    await page.getByText('Bitte sehen Sie in Ihr E-Mail-Postfach').waitFor();
    await shot('passwort-vergessen-gesendet');

    await page.goto(`${appUrl}${setLink.pathname}`);
    await page.getByLabel(/^Neues Passwort \(/).fill('Rheinhessen-Wonnegau-2027');
    await page.getByLabel('Neues Passwort wiederholen').fill('Rheinhessen-Wonnegau-2027');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Dieser Link ist ungültig oder abgelaufen').waitFor();
    await shot('passwort-link-ungueltig');
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${path.relative(process.cwd(), outDir)}`);
if (problems.length > 0) {
  console.error(`axe: ${problems.length} serious or critical violations\n${problems.join('\n')}`);
  process.exitCode = 1;
}
