/**
 * Navigation by role: a municipality admin signs in and lands on their municipality's home with its
 * upcoming workshops and its seats; the program office's pages are not offered and an old link to
 * one leads home.
 */
import assert from 'node:assert/strict';
import { createInvitations, DESKTOP, newContext } from '../support.mjs';

export const title = 'municipality user: lands on their own home, no office pages';

export async function run({ stack, browser, office, shot }) {
  const { workshop } = await createInvitations(stack.apiUrl, office, {
    municipalityNames: ['Verbandsgemeinde Wonnegau', 'Verbandsgemeinde Eich'],
  });
  const page = await (await newContext(browser, DESKTOP)).newPage();
  await page.goto(`${stack.appUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill('admin@wonnegau.example');
  await page.getByLabel(/^Passwort/).fill(office.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  await page.getByText('Verbandsgemeinde Wonnegau', { exact: true }).waitFor();
  await page.getByText('Angemeldet als').waitFor();

  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  const links = await nav.getByRole('link').allInnerTexts();
  assert.deepEqual(links, ['Übersicht', 'Mein Zugang'], 'a municipality user sees only their own pages');

  // Its own seats: 12 of Wonnegau's quota; Eich's are not its business.
  const item = page.locator('.workshop-item').filter({ hasText: workshop.title }).first();
  await item.getByText('0 von 12 vergeben').waitFor();
  assert.equal(await item.getByText('Verbandsgemeinde Eich').count(), 0);
  await shot(page, 'kommune-startseite');

  await page.goto(`${stack.appUrl}/werkstaetten`);
  await page.waitForURL(`${stack.appUrl}/`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
  await page.context().close();
}
