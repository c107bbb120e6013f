/**
 * Reusable steps on the ideas board (features/ideas), for this area's journey and the municipality's
 * full journey. Each takes the page as its first argument and waits until the board shows the result.
 */
import assert from 'node:assert/strict';

const toast = (page, text) => page.locator('.toasts').getByText(text).first().waitFor();

/**
 * Chooses action fields for a municipality's strategy through the API (not another screen's UI):
 * creates the strategy when there is none, else replaces it with If-Match, keeping what it had.
 * Returns the strategy's chosen fields as the API answers them.
 */
export async function chooseStrategyFields(apiUrl, token, municipalityId, { programId, actionFieldIds }) {
  const url = new URL(`/v1/municipalities/${municipalityId}/strategy`, apiUrl);
  const auth = { authorization: `Bearer ${token}` };
  const current = await fetch(url, { headers: auth });
  const existing = current.status === 200 ? await current.json() : null;
  if (!existing && current.status !== 404) throw new Error(`GET strategy: ${current.status}`);
  const keep = existing
    ? {
        programId: existing.programId,
        title: existing.title,
        vision: existing.vision,
        summary: existing.summary,
        status: existing.status,
        adoptedOn: existing.adoptedOn,
        councilResolution: existing.councilResolution,
        visibility: existing.visibility,
        nextReviewOn: existing.nextReviewOn,
        councilMeeting: existing.councilMeeting,
      }
    : { programId, title: 'Digitalstrategie' };
  const chosen = new Map((existing?.fields ?? []).map((f) => [f.actionFieldId, f]));
  const fields = actionFieldIds.map((actionFieldId) => {
    const f = chosen.get(actionFieldId);
    return f
      ? {
          actionFieldId,
          rationale: f.rationale,
          goal: f.goal,
          maturityNow: f.maturityNow,
          maturityTarget: f.maturityTarget,
        }
      : { actionFieldId };
  });
  const res = await fetch(url, {
    method: 'PUT',
    headers: {
      ...auth,
      'content-type': 'application/json',
      ...(existing ? { 'if-match': current.headers.get('etag') } : {}),
    },
    body: JSON.stringify({ ...keep, fields }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`PUT strategy: ${res.status} ${JSON.stringify(body)}`);
  return body.fields;
}

/** Opens the board of a municipality's workspace (optionally on one action field). */
export async function openIdeas(page, appUrl, municipalityId, { fieldTitle } = {}) {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/ideen`);
  await page.getByRole('heading', { level: 1, name: 'Ideen' }).waitFor();
  if (fieldTitle) await chooseField(page, fieldTitle);
}

/** Shows one action field's ideas. */
export async function chooseField(page, fieldTitle) {
  const button = page
    .getByRole('region', { name: 'Handlungsfelder' })
    .getByRole('button', { name: new RegExp(`^${escapeRegExp(fieldTitle)}`) });
  await button.click();
  await page.getByRole('heading', { level: 2, name: fieldTitle, exact: true }).waitFor();
}

/** Adds an idea to the field on screen; `duration` is the German label, e.g. „bis 1 Jahr“. */
export async function addIdea(page, { title, description = '', duration } = {}) {
  await page.getByRole('button', { name: 'Idee hinzufügen', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Idee hinzufügen' });
  await dialog.getByLabel(/^Titel/).fill(title);
  if (description) await dialog.getByLabel(/^Beschreibung/).fill(description);
  if (duration) await dialog.getByLabel(/^Geschätzte Dauer/).selectOption({ label: duration });
  await dialog.getByRole('button', { name: 'Idee speichern' }).click();
  await toast(page, `Idee „${title}“ hinzugefügt.`);
  await ideaCard(page, title).waitFor();
}

/** The card of an idea on the board. */
export const ideaCard = (page, title) => page.getByRole('article', { name: title, exact: true });

/** The caller's dots left in the field on screen, as the board shows them: `{ left, of }`. */
export async function dotsLeft(page) {
  const text = await page.locator('#ideas-dots').textContent();
  const some = text.match(/Noch (\d+) von (\d+) Punkten/);
  if (some) return { left: Number(some[1]), of: Number(some[2]) };
  const none = text.match(/Alle (\d+) Punkte vergeben/);
  assert.ok(none, `dots meter says „${text}“`);
  return { left: 0, of: Number(none[1]) };
}

/** Waits until the dots meter shows what the API answered. */
async function waitForDots(page, { dotsLeft: left, dotsPerField: of }) {
  const text = left > 0 ? `Noch ${left} von ${of} Punkten` : `Alle ${of} Punkte vergeben`;
  await page.locator('#ideas-dots').getByText(text, { exact: true }).waitFor();
}

/** Clicks a vote button and waits for the API's answer and the board showing it; returns the answer. */
async function castVote(page, title, label, method) {
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname.endsWith('/votes') && r.request().method() === method,
  );
  await ideaCard(page, title)
    .getByRole('button', { name: `${label}: ${title}` })
    .click();
  const response = await answered;
  const body = await response.json();
  assert.ok(response.ok(), `${label}: ${response.status()} ${JSON.stringify(body)}`);
  await waitForDots(page, body);
  return body;
}

/** Gives one dot to an idea („Punkt geben“); returns the API's answer (votes, myVotes, dotsLeft …). */
export const vote = (page, title) => castVote(page, title, 'Punkt geben', 'POST');

/** Takes one of the caller's dots back from an idea („Punkt zurücknehmen“). */
export const unvote = (page, title) => castVote(page, title, 'Punkt zurücknehmen', 'DELETE');

/** Orders the field's ideas: `votes` (most dots first) or `newest`. */
export async function sortBy(page, order) {
  await page
    .getByRole('radio', { name: order === 'newest' ? 'Neueste zuerst' : 'Meiste Punkte zuerst' })
    .check();
}

/** The titles of the ideas on screen, in their order. */
export async function ideaTitles(page) {
  return page.locator('.ideas-list').getByRole('heading', { level: 3 }).allInnerTexts();
}

/** Waits until the field's ideas stand in this order (a sort or a vote re-orders them). */
export async function expectOrder(page, titles, { timeoutMs = 5_000 } = {}) {
  const until = Date.now() + timeoutMs;
  let seen = await ideaTitles(page);
  while (JSON.stringify(seen) !== JSON.stringify(titles) && Date.now() < until) {
    await page.waitForTimeout(100);
    seen = await ideaTitles(page);
  }
  assert.deepEqual(seen, titles, 'the order of the ideas');
}

/**
 * „Zur Maßnahme machen“: promotes the idea and lands on the new measure's fact sheet; returns its id.
 */
export async function promote(page, title) {
  await ideaCard(page, title)
    .getByRole('button', { name: `Zur Maßnahme machen: ${title}` })
    .click();
  await page.waitForURL(/\/arbeitsbereich\/[0-9a-f-]{36}\/massnahmen\/[0-9a-f-]{36}$/, {
    waitUntil: 'commit',
  });
  return new URL(page.url()).pathname.split('/').at(-1);
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
