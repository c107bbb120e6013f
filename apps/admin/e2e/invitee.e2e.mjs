/**
 * Journey: an invitee opens an invitation link on a phone, registers, and opens the confirmation
 * link from the e-mail the worker wrote. Runs against a real API, worker, PostgreSQL and Redis
 * (DATABASE_URL, REDIS_URL), started here, in Debian's chromium. Run: pnpm --filter @werkstatt/admin e2e
 */
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import {
  axeViolations,
  createInvitations,
  launchBrowser,
  linkFromMail,
  newContext,
  PHONE,
} from './support.mjs';

const office = { email: 'programmbuero@werkstatt.example', password: 'Werkstatt-Demo-2026' };
const started = Date.now();
// The invitees' pages as production serves them: the build, under the production CSP.
const stack = await startStack({ built: true });
let browser;
try {
  const { invitations } = await createInvitations(stack.apiUrl, office);
  browser = await launchBrowser();
  const page = await (await newContext(browser, PHONE)).newPage();
  const cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  const accessible = async (name) => {
    const violations = await axeViolations(page);
    assert.deepEqual(
      violations.map((v) => `${v.id}: ${v.help}`),
      [],
      `${name}: serious or critical WCAG 2.1 AA violations`,
    );
  };

  const response = await page.goto(`${stack.appUrl}/einladung/${invitations[0].token}`);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self';/);
  await page.getByRole('heading', { level: 1, name: 'Digital-Werkstatt Rheinhessen' }).waitFor();
  await accessible('invitation');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `the invitation page scrolls sideways at ${PHONE.width} px (${width} px)`);

  const email = `anna.schmidt.${Date.now()}@example.de`;
  await page.getByLabel('Vorname').fill('Anna');
  await page.getByLabel('Nachname').fill('Schmidt');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Ich nehme teil als').selectOption('administration');
  await page.getByLabel(/Ich bin einverstanden/).check();
  await page.getByRole('button', { name: 'Verbindlich anmelden' }).click();
  await page.getByRole('heading', { name: 'Bitte bestätigen Sie Ihre E-Mail-Adresse' }).waitFor();

  const confirmLink = await linkFromMail(stack.mailDir, email, 'bestaetigen', { timeoutMs: 30_000 });
  assert.ok(confirmLink.startsWith(`${stack.appUrl}/anmeldung/bestaetigen?token=`), confirmLink);
  await page.goto(confirmLink);
  await page.getByRole('heading', { name: 'Ihre Anmeldung ist bestätigt' }).waitFor();
  await accessible('confirmation');
  assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');

  console.log(`e2e invitee journey passed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  await browser?.close();
  await stack.stop();
}
