/**
 * The measure fact sheet: an editor completes a new measure's sheet (every field the PDF prints, an
 * indicator, two steps, one ticked, the progress shown) and reorders a step by keyboard; two browser
 * contexts edit the same measure and the second one's save opens the conflict dialog; a viewer reads
 * the sheet without any edit control, and the API refuses the viewer's write.
 */
import assert from 'node:assert/strict';
import {
  completeFactSheet,
  expectReadOnlySheet,
  moveStepByKeyboard,
  openFactSheet,
  stepTitles,
} from '../steps/measure-sheet.mjs';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'measure fact sheet: complete, steps and indicator, keyboard reorder, conflict, viewer';

const password = 'Werkstatt-Demo-2026';

export async function run({ stack, browser, shot, expectAccessible }) {
  // ---- A new measure of Wonnegau, made through the API -----------------------------------------
  const editor = await call(stack.apiUrl, 'POST', '/v1/auth/login', {
    body: { email: 'redaktion@wonnegau.example', password },
  });
  const municipalityId = editor.user.municipalityId;
  const strategy = await call(stack.apiUrl, 'GET', `/v1/municipalities/${municipalityId}/strategy`, {
    token: editor.accessToken,
  });
  const measureTitle = `Freies WLAN im Bürgerhaus ${Date.now().toString(36)}`;
  const measure = await call(stack.apiUrl, 'POST', `/v1/municipalities/${municipalityId}/measures`, {
    token: editor.accessToken,
    body: { actionFieldId: strategy.fields[0].actionFieldId, title: measureTitle },
  });

  // ---- The editor completes the fact sheet --------------------------------------------------------
  const first = await newContext(browser, DESKTOP);
  const page = await first.newPage();
  await signIn(page, stack.appUrl, { email: 'redaktion@wonnegau.example', password });
  await openFactSheet(page, stack.appUrl, municipalityId, measure.id, measureTitle);
  const steps = [
    { title: 'Angebote für Access Points einholen', dueOn: '31.03.2027' },
    { title: 'Access Points installieren', dueOn: '30.06.2027' },
  ];
  await completeFactSheet(page, {
    description: 'Im Saal und im Foyer des Bürgerhauses gibt es kostenloses WLAN für alle Gäste.',
    expectedResult: 'Vereine und Gäste nutzen das Bürgerhaus mit stabilem Internet.',
    targetGroup: 'Vereine, Gäste von Veranstaltungen',
    lead: 'Bauamt',
    participants: 'IT-Dienstleister, Ortsgemeinde',
    resources: 'Zwei Access Points, Verkabelung, 10 Stunden Bauamt',
    startWindow: 'sofort',
    startDate: '01.02.2027',
    endDate: '30.09.2027',
    status: 'In Umsetzung',
    budget: '12.500',
    fundingSource: 'Haushalt 2027',
    grantProgram: 'WLAN für Rheinland-Pfalz',
    indicator: {
      name: 'Veranstaltungen mit WLAN',
      unit: 'Anzahl',
      baseline: '0',
      target: '40',
      currentValue: '6',
      currentAsOf: '15.03.2027',
    },
    steps,
  });
  const stored = await call(
    stack.apiUrl,
    'GET',
    `/v1/municipalities/${municipalityId}/measures/${measure.id}`,
    {
      token: editor.accessToken,
    },
  );
  assert.equal(stored.budgetCents, 1_250_000);
  assert.equal(stored.startDate, '2027-02-01');
  assert.equal(stored.lead, 'Bauamt');
  assert.deepEqual(stored.indicators, [
    {
      name: 'Veranstaltungen mit WLAN',
      unit: 'Anzahl',
      baseline: 0,
      target: 40,
      currentValue: 6,
      currentAsOf: '2027-03-15',
    },
  ]);
  assert.equal(stored.progressSource, 'steps');
  assert.equal(stored.progress, 50);

  // Reordering by keyboard alone: the first step moves down, the focus stays on its button.
  await moveStepByKeyboard(page, steps[0].title, 'down');
  assert.deepEqual(await stepTitles(page), [steps[1].title, steps[0].title]);
  await shot(page, 'massnahme-steckbrief');

  // ---- Two people edit the same measure: the second save meets the first one's change --------------
  const second = await newContext(browser, DESKTOP);
  const other = await second.newPage();
  await signIn(other, stack.appUrl, { email: 'admin@wonnegau.example', password });
  await openFactSheet(other, stack.appUrl, municipalityId, measure.id, measureTitle);

  const renamed = `${measureTitle} (Saal und Foyer)`;
  await page.getByLabel(/^Titel/).fill(renamed);
  await page.getByRole('button', { name: 'Steckbrief speichern' }).click();
  await page.locator('.toasts').getByText('Der Steckbrief ist gespeichert.').first().waitFor();
  await page.getByRole('heading', { level: 1, name: renamed }).waitFor();

  await other.getByLabel(/^Zielgruppe/).fill('Vereine, Gäste und Tagungen');
  await other.getByRole('button', { name: 'Steckbrief speichern' }).click();
  const conflict = other.getByRole('alertdialog', { name: 'Inzwischen von jemand anderem geändert' });
  await conflict.getByText('Titel', { exact: true }).waitFor();
  await shot(other, 'massnahme-konflikt');
  await conflict.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
  await other.waitForFunction((value) => document.querySelector('#field-title')?.value === value, renamed);
  assert.equal(await other.getByLabel(/^Zielgruppe/).inputValue(), 'Vereine, Gäste von Veranstaltungen');
  await second.close();

  // ---- A viewer reads the sheet; the API refuses their write ---------------------------------------
  const third = await newContext(browser, DESKTOP);
  const viewer = await third.newPage();
  await signIn(viewer, stack.appUrl, { email: 'lesen@wonnegau.example', password });
  await openFactSheet(viewer, stack.appUrl, municipalityId, measure.id, renamed);
  await expectReadOnlySheet(viewer);
  await viewer.getByText('12.500,00 €').waitFor();
  await viewer.getByRole('rowheader', { name: 'Veranstaltungen mit WLAN' }).waitFor();
  await viewer.getByText('1 von 2 Schritten erledigt – 50 %').waitFor();
  await expectAccessible(viewer, 'massnahme-steckbrief (lesen)');
  const reader = await call(stack.apiUrl, 'POST', '/v1/auth/login', {
    body: { email: 'lesen@wonnegau.example', password },
  });
  await assert.rejects(
    call(
      stack.apiUrl,
      'DELETE',
      `/v1/municipalities/${municipalityId}/measures/${measure.id}/steps/${stored.id}`,
      {
        token: reader.accessToken,
      },
    ),
    (err) => err.problem?.status === 403,
  );
  await third.close();

  // ---- The editor deletes the measure and lands on the list ----------------------------------------
  await page.getByRole('button', { name: 'Maßnahme löschen' }).click();
  await page
    .getByRole('alertdialog', { name: `„${renamed}“ löschen?` })
    .getByRole('button', { name: 'Endgültig löschen' })
    .click();
  await page.waitForURL(`${stack.appUrl}/arbeitsbereich/${municipalityId}/massnahmen`, {
    waitUntil: 'commit',
  });
  await page.locator('.toasts').getByText(`„${renamed}“ ist gelöscht.`).first().waitFor();
  await first.close();
}
