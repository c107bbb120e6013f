/**
 * Reusable steps on the measures list (/arbeitsbereich/:id/massnahmen), each taking the page first,
 * so the full municipality journey can be composed from them.
 */
import assert from 'node:assert/strict';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens the list (optionally with search params such as `?status=done`) and waits for its rows. */
export async function openMeasures(page, appUrl, municipalityId, query = '') {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/massnahmen${query}`);
  await page.getByRole('heading', { level: 1, name: 'Maßnahmen' }).waitFor();
  await waitForList(page);
}

/** Waits until the list (or its empty message) has loaded. */
export async function waitForList(page) {
  await page
    .locator('.list-status', { hasText: /Maßnahme/ })
    .first()
    .waitFor();
}

/** The titles of the listed measures, in the order shown. */
export async function measureTitles(page) {
  return page.locator('table.data-table tbody th[scope="row"] a').allInnerTexts();
}

/** The table row of a measure, found by its title. */
export const measureRow = (page, title) =>
  page
    .locator('table.data-table tbody tr')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) });

/**
 * Sets the filters and applies them: `field` and `status` by their German labels, `overdue` as
 * „Nur überfällige“ / „Nur nicht überfällige“, `search` as text. Unnamed filters are left as they are.
 */
export async function filterMeasures(page, { field, status, overdue, search } = {}) {
  const filters = page.getByRole('form', { name: 'Maßnahmen filtern' });
  if (search !== undefined) await filters.getByLabel('Suche').fill(search);
  if (field !== undefined) await filters.getByLabel('Handlungsfeld').selectOption({ label: field });
  if (status !== undefined) await filters.getByLabel('Status').selectOption({ label: status });
  if (overdue !== undefined) await filters.getByLabel('Fälligkeit').selectOption({ label: overdue });
  const before = page.url();
  await filters.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL((url) => url.href !== before, { waitUntil: 'commit' });
  await waitForList(page);
}

/** Clears the filters (the order stays). */
export async function resetMeasureFilters(page) {
  await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
  await page.waitForURL((url) => !url.searchParams.has('status') && !url.searchParams.has('suche'), {
    waitUntil: 'commit',
  });
  await waitForList(page);
}

/** Sorts by a column header („Maßnahme“, „Zeitraum“, „Fortschritt“ …) and returns the direction now shown. */
export async function sortMeasuresBy(page, column) {
  const header = page.getByRole('columnheader', { name: new RegExp(`^${escapeRegExp(column)}`) });
  await header.getByRole('button').click();
  await page.waitForURL((url) => url.searchParams.has('sortierung'), { waitUntil: 'commit' });
  return header.getAttribute('aria-sort');
}

/** Ticks the row checkboxes of these measures. */
export async function selectMeasures(page, titles) {
  for (const title of titles) await page.getByRole('checkbox', { name: `„${title}“ auswählen` }).check();
}

/** Sets the chosen status for the selected rows and returns the message the console shows. */
export async function bulkChangeStatus(page, statusLabel) {
  const bar = page.getByRole('region', { name: 'Ausgewählte Maßnahmen' });
  await bar.getByLabel('Neuer Status').selectOption({ label: statusLabel });
  await bar.getByRole('button', { name: 'Status ändern' }).click();
  const done = page.locator('.toast-success p', { hasText: /jetzt auf/ }).last();
  const failed = bar.getByRole('alert');
  await done.or(failed).first().waitFor();
  return (await done.count()) > 0 ? done.textContent() : failed.textContent();
}

/** Opens „Wer macht das auch?“ from a row and waits for its results (or its empty message). */
export async function openPeerFinder(page, title) {
  await measureRow(page, title)
    .getByRole('button', { name: /Wer macht das auch\?/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Wer macht das auch?' });
  await dialog.waitFor();
  await dialog.locator('.peer-list, .empty').first().waitFor();
  return dialog;
}

/** „Neue Maßnahme“: title and field, then the new fact sheet opens; returns its id. */
export async function createMeasure(page, { title, field }) {
  await page.getByRole('button', { name: 'Neue Maßnahme' }).click();
  const dialog = page.getByRole('dialog', { name: 'Neue Maßnahme anlegen' });
  await dialog.getByLabel(/^Titel/).fill(title);
  await dialog.getByLabel(/^Handlungsfeld/).selectOption({ label: field });
  await dialog.getByRole('button', { name: 'Anlegen und Steckbrief öffnen' }).click();
  await page.waitForURL(/\/massnahmen\/[0-9a-f-]{36}$/, { waitUntil: 'commit' });
  const id = new URL(page.url()).pathname.split('/').at(-1);
  assert.ok(id);
  return id;
}

/** A viewer's list: rows, but no selection, bulk bar or create button. */
export async function expectReadOnlyList(page) {
  assert.equal(await page.getByRole('checkbox').count(), 0, 'no row checkboxes for a viewer');
  assert.equal(await page.getByRole('region', { name: 'Ausgewählte Maßnahmen' }).count(), 0, 'no bulk bar');
  assert.equal(await page.getByRole('button', { name: 'Neue Maßnahme' }).count(), 0, 'no create button');
  assert.equal(await page.getByRole('button', { name: 'Status ändern' }).count(), 0);
}
