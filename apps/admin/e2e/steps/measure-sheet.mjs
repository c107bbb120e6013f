/**
 * Reusable steps on a measure's fact sheet (Maßnahmensteckbrief), for this feature's journey and the
 * full municipality journey. Each takes the page first; none relies on data it did not get passed.
 */
import assert from 'node:assert/strict';

const toast = (page, text) => page.locator('.toasts').getByText(text).first().waitFor();

/** Opens a measure's fact sheet by its address and waits for its title. */
export async function openFactSheet(page, appUrl, municipalityId, measureId, title) {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/massnahmen/${measureId}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/**
 * On an open fact sheet (e.g. right after promoting an idea): fills every field the PDF prints, adds
 * an indicator, saves; then adds the steps, ticks the first one and waits for the progress roll-up.
 * `sheet`: { description, lead, participants, targetGroup, expectedResult, resources, startWindow
 * (label), startDate, endDate (TT.MM.JJJJ), status (label), budget ("12.500"), fundingSource,
 * grantProgram, indicator: { name, unit, baseline, target, currentValue, currentAsOf }, steps:
 * [{ title, dueOn }] }.
 */
export async function completeFactSheet(page, sheet) {
  const form = page.getByRole('form', { name: 'Steckbrief bearbeiten' });
  const fill = async (label, value) => {
    if (value !== undefined) await form.getByLabel(label).fill(value);
  };
  await fill(/^Beschreibung/, sheet.description);
  await fill(/^Erwartetes Ergebnis/, sheet.expectedResult);
  await fill(/^Zielgruppe/, sheet.targetGroup);
  await fill(/^Federführung/, sheet.lead);
  await fill(/^Beteiligte/, sheet.participants);
  await fill(/^Ressourcen/, sheet.resources);
  if (sheet.startWindow) await form.getByLabel(/^Beginn/).selectOption({ label: sheet.startWindow });
  await fill(/^Startdatum/, sheet.startDate);
  await fill(/^Enddatum/, sheet.endDate);
  if (sheet.status) await form.getByLabel(/^Status/).selectOption({ label: sheet.status });
  await fill(/^Budget in Euro/, sheet.budget);
  await fill(/^Finanzierung/, sheet.fundingSource);
  await fill(/^Förderprogramm/, sheet.grantProgram);
  if (sheet.indicator) {
    await form.getByRole('button', { name: 'Indikator hinzufügen' }).click();
    const row = form.locator('fieldset.indicator').last();
    const i = sheet.indicator;
    await row.getByLabel(/^Name/).fill(i.name);
    if (i.unit) await row.getByLabel(/^Einheit/).fill(i.unit);
    if (i.baseline) await row.getByLabel(/^Ausgangswert/).fill(i.baseline);
    if (i.target) await row.getByLabel(/^Zielwert/).fill(i.target);
    if (i.currentValue) await row.getByLabel(/^Aktueller Wert/).fill(i.currentValue);
    if (i.currentAsOf) await row.getByLabel(/^Stand vom/).fill(i.currentAsOf);
  }
  await form.getByRole('button', { name: 'Steckbrief speichern' }).click();
  await toast(page, 'Der Steckbrief ist gespeichert.');

  for (const step of sheet.steps ?? []) await addStep(page, step);
  if (sheet.steps?.length) {
    await tickStep(page, sheet.steps[0].title);
    const total = sheet.steps.length;
    await page
      .locator('.progress-text')
      .filter({ hasText: `1 von ${total} Schritten erledigt – ${Math.round(100 / total)} %` })
      .first()
      .waitFor();
  }
}

/** Adds a step at the end of the checklist. */
export async function addStep(page, { title, dueOn }) {
  const form = page.getByRole('form', { name: 'Neuer Schritt' });
  await form.getByLabel(/^Schritt/).fill(title);
  if (dueOn) await form.getByLabel(/^Fällig bis/).fill(dueOn);
  await form.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  await toast(page, `Schritt „${title}“ hinzugefügt.`);
}

/** Ticks a step off (or on again) by its title. */
export async function tickStep(page, title) {
  await page.getByRole('checkbox', { name: new RegExp(`\\d+\\. ${escapeRegExp(title)}$`) }).click();
  await toast(page, `„${title}“ ist erledigt.`);
}

/** Moves a step with the keyboard alone: Tab to its "nach unten" button, Alt + arrow key. */
export async function moveStepByKeyboard(page, title, direction = 'down') {
  const button = page.getByRole('button', {
    name: `nach ${direction === 'down' ? 'unten' : 'oben'}: ${title}`,
  });
  await button.focus();
  await page.keyboard.press(direction === 'down' ? 'Alt+ArrowDown' : 'Alt+ArrowUp');
  await page
    .locator('.toasts')
    .getByText(new RegExp(`„${escapeRegExp(title)}“ steht jetzt an Stelle`))
    .first()
    .waitFor();
  await page.waitForFunction(
    (name) => document.activeElement?.getAttribute('aria-label') === name,
    await button.getAttribute('aria-label'),
  );
}

/** The titles of the steps in their order on screen. */
export async function stepTitles(page) {
  return page
    .getByRole('list', { name: 'Umsetzungsschritte in ihrer Reihenfolge' })
    .locator('.step-title')
    .evaluateAll((labels) => labels.map((l) => l.textContent.replace(/^\d+\.\s*/, '').trim()));
}

/** A viewer's fact sheet: the facts are there, but no input and no button but the peer finder. */
export async function expectReadOnlySheet(page) {
  const main = page.locator('main');
  await main.getByText('Sie können diesen Steckbrief lesen, aber nicht ändern.').waitFor();
  await main.getByRole('heading', { level: 2, name: 'Steckbrief' }).waitFor();
  assert.equal(await main.getByRole('textbox').count(), 0, 'a viewer gets no text inputs');
  assert.equal(await main.getByRole('checkbox').count(), 0, 'a viewer gets no checkboxes');
  assert.equal(await main.getByRole('combobox').count(), 0, 'a viewer gets no selects');
  assert.deepEqual(await main.getByRole('button').allInnerTexts(), ['Wer macht das auch?']);
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
