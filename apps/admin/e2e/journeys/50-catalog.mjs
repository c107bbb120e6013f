/**
 * The program office keeps its catalog: creates a municipality (the API's problems come back at the
 * fields, in German), edits it and finds it in the list; then opens a program and adds, edits, moves
 * and deletes a Handlungsfeld. A moderator sees the same pages without the buttons to change them.
 */
import assert from 'node:assert/strict';
import { DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'catalog: municipality create/edit/list, a program’s Handlungsfelder';

export async function run({ stack, browser, office, shot }) {
  const stamp = Date.now();
  const name = `Ortsgemeinde Prüfstadt ${stamp}`;
  const page = await (await newContext(browser, DESKTOP)).newPage();
  await signIn(page, stack.appUrl, office);

  await page.getByRole('link', { name: 'Kommunen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Kommunen' }).waitFor();
  await page.getByRole('link', { name: 'Verbandsgemeinde Wonnegau' }).waitFor();
  await shot(page, 'kommunen-liste');

  // Create: a Regionalschlüssel of 5 digits and a broken address come back from the API at their fields.
  await page.getByRole('link', { name: 'Kommune anlegen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Neue Kommune' }).waitFor();
  await page.getByLabel(/^Name/).first().fill(name);
  await page.getByLabel(/^Art der Kommune/).selectOption('ortsgemeinde');
  await page.getByLabel(/^Land/).selectOption('RP');
  await page.getByLabel(/^Amtlicher Regionalschlüssel/).fill('07331');
  await page.getByLabel('E-Mail-Adresse').fill('buergermeisterei-at-pruefstadt');
  await page.getByRole('button', { name: 'Kommune anlegen' }).click();
  await page.getByText('Bitte korrigieren Sie 2 Angaben:').waitFor();
  await page.getByRole('link', { name: 'Der Regionalschlüssel besteht aus genau 12 Ziffern.' }).waitFor();
  await shot(page, 'kommune-formular-fehler');

  const ars = `07${String(stamp).slice(-10)}`;
  await page.getByLabel(/^Amtlicher Regionalschlüssel/).fill(ars);
  await page.getByLabel('E-Mail-Adresse').fill('buergermeisterei@pruefstadt.example');
  await page.getByLabel(/^Gehört zu/).selectOption({ label: 'Verbandsgemeinde Wonnegau' });
  await page.getByRole('button', { name: 'Kommune anlegen' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByText(`„${name}“ ist angelegt.`).waitFor();
  await page.getByText(ars).waitFor();

  // Edit: the population; the page shows it in German notation.
  await page.getByRole('link', { name: 'Bearbeiten' }).click();
  await page.getByRole('heading', { level: 1, name: `${name} bearbeiten` }).waitFor();
  await page.getByLabel(/^Einwohnerzahl/).fill('1234');
  await page.getByLabel(/^Name/).first().fill(`${name} am Rhein`);
  await page.getByRole('button', { name: 'Änderungen speichern' }).click();
  await page.getByRole('heading', { level: 1, name: `${name} am Rhein` }).waitFor();
  await page.getByText('1.234').waitFor();
  await page.getByRole('link', { name: 'Verbandsgemeinde Wonnegau' }).waitFor();
  await shot(page, 'kommune-detail');

  // The list finds it by part of its name.
  await page.getByRole('link', { name: 'Zurück zu allen Kommunen' }).click();
  await page.getByLabel('Name enthält').fill(`Prüfstadt ${stamp}`);
  await page.getByRole('button', { name: 'Suchen' }).click();
  await page.waitForURL(/\/kommunen\?q=/, { waitUntil: 'commit' });
  await page.getByRole('link', { name: `${name} am Rhein` }).waitFor();
  await page.getByText('1 Kommune', { exact: false }).waitFor();

  // Deleting asks first and says what it means; the municipality then leaves the list.
  await page.getByRole('link', { name: `${name} am Rhein` }).click();
  await page.getByRole('button', { name: 'Kommune löschen' }).click();
  const confirm = page.getByRole('alertdialog', { name: `„${name} am Rhein“ löschen?` });
  await confirm.getByText('können sich nicht mehr anmelden', { exact: false }).waitFor();
  await shot(page, 'kommune-loeschen');
  await confirm.getByRole('button', { name: 'Ja, Kommune löschen' }).click();
  await page.getByText(`„${name} am Rhein“ ist gelöscht.`).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Kommunen' }).waitFor();
  await page.getByRole('link', { name: 'Verbandsgemeinde Wonnegau' }).waitFor();
  assert.equal(await page.getByRole('link', { name: `${name} am Rhein` }).count(), 0);

  // A program's catalog: add, edit, move up, delete a Handlungsfeld.
  await page.getByRole('link', { name: 'Programme', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
  await page.getByRole('table').getByRole('link', { name: 'Digital-Werkstatt' }).click();
  await page.getByRole('heading', { level: 2, name: 'Handlungsfelder' }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Digitale Infrastruktur' }).waitFor();
  await page.getByRole('link', { name: 'Programm bearbeiten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Digital-Werkstatt bearbeiten' }).waitFor();
  await page.getByLabel(/^Beginn/).waitFor();
  await shot(page, 'programm-formular');
  await page.getByRole('link', { name: 'Zurück zu Digital-Werkstatt' }).click();
  await page.getByRole('heading', { level: 2, name: 'Handlungsfelder' }).waitFor();

  const field = `Klimaschutz digital ${stamp}`;
  await page.getByRole('button', { name: 'Handlungsfeld hinzufügen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Neues Handlungsfeld' });
  await dialog.getByLabel(/^Titel/).fill(field);
  await dialog.getByLabel(/^Beschreibung/).fill('Energie sparen und messen mit digitalen Werkzeugen.');
  await dialog
    .getByLabel(/^Beispielmaßnahmen/)
    .fill('Smarte Straßenbeleuchtung\nEnergiemonitoring der Schulen');
  await dialog.getByRole('button', { name: 'Handlungsfeld hinzufügen' }).click();
  await page.getByRole('heading', { level: 3, name: field }).waitFor();
  await page.getByText(`„${field}“ ist hinzugefügt.`).waitFor();

  await page.getByRole('button', { name: `Bearbeiten: ${field}` }).click();
  const edit = page.getByRole('dialog', { name: `„${field}“ bearbeiten` });
  await edit.getByLabel(/^Titel/).fill(`${field} und Energie`);
  await edit.getByRole('button', { name: 'Änderungen speichern' }).click();
  const renamed = `${field} und Energie`;
  await page.getByRole('heading', { level: 3, name: renamed }).waitFor();

  const titles = () => page.locator('.field-list h3').allTextContents();
  const before = await titles();
  await page.getByRole('button', { name: `Nach oben: ${renamed}` }).click();
  await page.getByText(`„${renamed}“ steht jetzt an Position ${before.length - 1}.`).waitFor();
  const after = await titles();
  assert.equal(after.indexOf(renamed), before.indexOf(renamed) - 1);
  // Focus stays on the moved field, so a keyboard user can go on moving it.
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  assert.equal(focused, `Nach oben: ${renamed}`);
  await shot(page, 'programm-handlungsfelder');

  await page.getByRole('button', { name: `Löschen: ${renamed}` }).click();
  await page.getByRole('alertdialog', { name: `Handlungsfeld „${renamed}“ löschen?` }).waitFor();
  await page.getByRole('button', { name: 'Ja, Handlungsfeld löschen' }).click();
  await page.getByText(`„${renamed}“ ist gelöscht.`).waitFor();
  await page.getByRole('heading', { level: 3, name: renamed }).waitFor({ state: 'detached' });
  assert.ok(!(await titles()).includes(renamed));
  await page.context().close();

  // A moderator reads the same pages without the buttons they could not use.
  const moderator = await (await newContext(browser, DESKTOP)).newPage();
  await signIn(moderator, stack.appUrl, { email: 'moderation@werkstatt.example', password: office.password });
  await moderator.goto(`${stack.appUrl}/kommunen`);
  await moderator.getByRole('link', { name: 'Verbandsgemeinde Wonnegau' }).waitFor();
  assert.equal(await moderator.getByRole('link', { name: 'Kommune anlegen' }).count(), 0);
  await moderator.getByRole('link', { name: 'Programme', exact: true }).click();
  await moderator.getByRole('table').getByRole('link', { name: 'Digital-Werkstatt' }).click();
  await moderator.getByRole('heading', { level: 3, name: 'Digitale Infrastruktur' }).waitFor();
  assert.equal(await moderator.getByRole('button', { name: /Nach oben|Löschen|hinzufügen/ }).count(), 0);
  await moderator.context().close();
}
