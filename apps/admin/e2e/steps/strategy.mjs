/**
 * Steps on the strategy editor (/arbeitsbereich/$municipalityId/strategie), for journeys to compose:
 * each takes the page of a signed-in user who may edit the municipality's strategy.
 */
import assert from 'node:assert/strict';
import { accountLinkFromMail, call, createUser } from '../support.mjs';

const password = 'Werkstatt-Demo-2026';

/** A fresh municipality with an editor whose password is set, so a journey owns its strategy. */
export async function createMunicipalityWithEditor(stack, office, stamp = Date.now()) {
  const { accessToken: token } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: office });
  const municipality = await call(stack.apiUrl, 'POST', '/v1/municipalities', {
    token,
    body: {
      name: `Verbandsgemeinde Rheinblick ${stamp}`,
      slug: `vg-rheinblick-${stamp}`,
      kind: 'verbandsgemeinde',
      stateCode: 'RP',
    },
  });
  const email = `strategie.${stamp}@rheinblick.example`;
  await createUser(stack.apiUrl, office, {
    name: 'Sabine Kraus',
    email,
    role: 'municipality_editor',
    municipalityId: municipality.id,
  });
  const link = await accountLinkFromMail(stack.mailDir, email, 'passwort-setzen', { timeoutMs: 30_000 });
  const secret = link.split('/').pop();
  const set = await fetch(new URL('/v1/auth/set-password', stack.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: secret, password }),
  });
  assert.ok(set.ok, `set-password: ${set.status}`);
  return { municipality, editor: { email, password }, officeToken: token };
}

export async function openStrategy(page, appUrl, municipalityId) {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/strategie`);
  await strategyShown(page);
}

/** The editor has loaded (after a navigation or a reload). */
export async function strategyShown(page) {
  await page.getByRole('heading', { level: 1, name: 'Strategie' }).waitFor();
  await page.getByRole('form', { name: 'Strategie bearbeiten' }).waitFor();
}

/** The titles of the chosen action fields, in their order on the page. */
export async function fieldOrder(page) {
  const titles = await page.locator('.strategy-field-list .strategy-field-title').allInnerTexts();
  return titles.map((t) =>
    t
      .replace(/^\d+\.\s*/, '')
      .replace(/,\s*Priorität.*$/s, '')
      .trim(),
  );
}

/**
 * Chooses action fields from the program's catalogue, each with its goal (`fields`: [{ title, goal }]),
 * and saves. The first of the catalogue is taken where no title is given.
 */
export async function chooseFieldsWithGoals(page, appUrl, municipalityId, fields) {
  await openStrategy(page, appUrl, municipalityId);
  const add = page.getByLabel('Handlungsfeld hinzufügen');
  const chosen = [];
  for (const field of fields) {
    await add.locator('option:not([disabled])').first().waitFor({ state: 'attached' });
    const label = field.title ?? (await add.locator('option:not([disabled])').first().textContent());
    await add.selectOption({ label });
    await page.getByRole('button', { name: 'Hinzufügen', exact: true }).click();
    const index = chosen.length;
    await page.locator(`#field-fields\\.${index}\\.goal`).fill(field.goal);
    chosen.push(label);
  }
  await save(page);
  return chosen;
}

/** Saves the form and waits for the confirmation. */
export async function save(page, confirmation = /Strategie (gespeichert|angelegt)\./) {
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await page.locator('.toasts').getByText(confirmation).last().waitFor();
}

/**
 * Moves a field one place down with the keyboard only: Tab from the Leitbild's text to the field's
 * „Nach unten“ button, then Enter. Asserts the new place was announced.
 */
export async function moveFieldDownByKeyboard(page, title) {
  await page.locator('#field-vision').focus();
  const target = `Nach unten verschieben: ${title}`;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (name === target) break;
  }
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  assert.equal(focused, target, 'Tab reaches the field’s „Nach unten“ button');
  await page.keyboard.press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: `„${title}“ steht jetzt an Position` })
    .waitFor();
}

/** Writes the Leitbild and checks that the preview renders its Markdown as the PDF does. */
export async function writeLeitbild(page, markdown, { heading, strong }) {
  const write = page.getByRole('button', { name: 'Schreiben' });
  if (await write.isVisible()) await write.click();
  await page.locator('#field-vision').fill(markdown);
  const preview = page.getByRole('button', { name: 'Vorschau' });
  if (await preview.isVisible()) await preview.click();
  const region = page.getByRole('region', { name: 'Vorschau des Leitbilds' });
  await region.getByRole('heading', { level: 3, name: heading }).waitFor();
  await region.locator('strong', { hasText: strong }).waitFor();
}

/** Enters the council's resolution and waits for the status to say so. */
export async function adopt(page, { date, resolution }) {
  await page.getByRole('button', { name: /Beschluss eintragen|Beschluss ändern/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Beschluss des Rats eintragen' });
  await dialog.getByLabel(/^Beschlossen am/).fill(date);
  await dialog.getByLabel(/^Beschluss-Nr\./).fill(resolution);
  await dialog.getByRole('button', { name: 'Als beschlossen speichern' }).click();
  await page.getByText(`Beschlossen am ${date} mit Beschluss ${resolution}`).waitFor();
}

/** A change by someone else in between, straight through the API (with the ETag they read). */
export async function changeThroughApi(apiUrl, token, municipalityId, change) {
  const url = new URL(`/v1/municipalities/${municipalityId}/strategy`, apiUrl);
  const read = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const current = await read.json();
  const body = {
    programId: current.programId,
    title: current.title,
    vision: current.vision,
    summary: current.summary,
    status: current.status,
    adoptedOn: current.adoptedOn,
    councilResolution: current.councilResolution,
    visibility: current.visibility,
    nextReviewOn: current.nextReviewOn,
    councilMeeting: current.councilMeeting,
    fields: current.fields.map((f) => ({
      actionFieldId: f.actionFieldId,
      rationale: f.rationale,
      goal: f.goal,
      maturityNow: f.maturityNow,
      maturityTarget: f.maturityTarget,
    })),
    ...change,
  };
  const res = await fetch(url, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': read.headers.get('etag'),
    },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}
