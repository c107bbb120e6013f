/**
 * Navigation by role: a municipality admin signs in and lands on their municipality's workspace
 * home — strategy status, overdue measures, the next workshop with its own seats, recent changes by
 * colleagues; the program office's pages are not offered and an old link to one leads home. The
 * program office opens the same workspace from the municipality's page, with a banner.
 */
import assert from 'node:assert/strict';
import { call, createInvitations, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'municipality user: lands on their workspace home; the office looks in with a banner';

const WORKSPACE_LINKS = [
  'Übersicht',
  'Strategie',
  'Ideen',
  'Maßnahmen',
  'Roadmap',
  'Versionen und PDF',
  'Werkstätten',
  'Verwaltung',
];

export async function run({ stack, browser, office, shot }) {
  await createInvitations(stack.apiUrl, office, {
    municipalityNames: ['Verbandsgemeinde Wonnegau', 'Verbandsgemeinde Eich'],
  });
  const admin = { email: 'admin@wonnegau.example', password: office.password };
  const { accessToken: token, user } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: admin });
  const base = `/v1/municipalities/${user.municipalityId}`;
  // A colleague's change, for "Zuletzt geändert".
  const colleague = await call(stack.apiUrl, 'POST', '/v1/auth/login', {
    body: { email: 'redaktion@wonnegau.example', password: office.password },
  });
  const { data: fields } = await call(stack.apiUrl, 'GET', `${base}/roadmap`, { token }).then((r) => ({
    data: r.fields,
  }));
  const measureTitle = `Sitzungsdienst digital ${Date.now()}`;
  await call(stack.apiUrl, 'POST', `${base}/measures`, {
    token: colleague.accessToken,
    body: { title: measureTitle, actionFieldId: fields[0].actionFieldId },
  });
  const { data: upcoming } = await call(
    stack.apiUrl,
    'GET',
    `/v1/workshops?from=${encodeURIComponent(new Date().toISOString())}&sort=startsAt&status=published`,
    { token },
  );

  const page = await (await newContext(browser, DESKTOP)).newPage();
  await page.goto(`${stack.appUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(admin.email);
  await page.getByLabel(/^Passwort/).fill(admin.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${stack.appUrl}/arbeitsbereich/${user.municipalityId}`);
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  await page.getByText('Verbandsgemeinde Wonnegau', { exact: true }).first().waitFor();

  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  const links = await nav.getByRole('link').allInnerTexts();
  assert.deepEqual(
    links,
    [...WORKSPACE_LINKS, 'Mein Zugang'],
    "a municipality user sees their workspace's pages",
  );

  const strategy = page.locator('section', { has: page.getByRole('heading', { name: 'Strategie' }) });
  await strategy.getByRole('link', { name: 'Strategie bearbeiten' }).waitFor();
  const next = page.locator('section', { has: page.getByRole('heading', { name: 'Nächste Werkstatt' }) });
  await next.getByText(upcoming[0].title).waitFor();
  assert.equal(
    await next.getByText('Verbandsgemeinde Eich').count(),
    0,
    "Eich's seats are not Wonnegau's business",
  );
  const recent = page.locator('section', { has: page.getByRole('heading', { name: 'Zuletzt geändert' }) });
  await recent.getByText(`die Maßnahme „${measureTitle}“ angelegt`).waitFor();
  await shot(page, 'kommune-startseite');

  await page.goto(`${stack.appUrl}/werkstaetten`);
  await page.waitForURL(`${stack.appUrl}/arbeitsbereich/${user.municipalityId}`);
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  await page.context().close();

  // The program office opens the workspace from the municipality's page: a banner, the pages as tabs.
  const officePage = await (await newContext(browser, DESKTOP)).newPage();
  await signIn(officePage, stack.appUrl, {
    email: 'moderation@werkstatt.example',
    password: office.password,
  });
  await officePage.goto(`${stack.appUrl}/kommunen/${user.municipalityId}`);
  await officePage.getByRole('link', { name: 'Arbeitsbereich öffnen' }).click();
  const banner = officePage.getByRole('complementary', { name: 'Hinweis zum Arbeitsbereich' });
  await banner
    .getByText('Arbeitsbereich von Verbandsgemeinde Wonnegau, geöffnet vom Programmbüro.')
    .waitFor();
  await banner.getByText('Sie können hier alles lesen, aber nichts ändern.').waitFor();
  const tabs = officePage.getByRole('navigation', { name: 'Bereiche des Arbeitsbereichs' });
  assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), WORKSPACE_LINKS);
  await officePage
    .locator('section', { has: officePage.getByRole('heading', { name: 'Strategie' }) })
    .getByRole('link', { name: 'Strategie ansehen' })
    .waitFor();
  await shot(officePage, 'arbeitsbereich-programmbuero');
  await officePage.context().close();
}
