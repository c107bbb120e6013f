/**
 * Reusable steps on a municipality's roadmap (features/roadmap), each taking the page first, so the
 * municipality journey can compose them.
 */
import assert from 'node:assert/strict';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The chart's table (the screen one; the printed parts stay hidden on screen). */
export const roadmapTable = (page) =>
  page.getByRole('region', { name: 'Zeitplan, waagerecht verschiebbar' }).getByRole('table');

/**
 * Opens the roadmap of a municipality: through the workspace's own link when the page shows one,
 * else by its address; waits for the heading and the end of loading.
 */
export async function openRoadmap(page, appUrl, municipalityId) {
  const tab = page.getByRole('link', { name: 'Roadmap', exact: true });
  const path = `/arbeitsbereich/${municipalityId}/roadmap`;
  if (page.url().includes(`/arbeitsbereich/${municipalityId}`) && (await tab.count()) > 0) {
    await tab.first().click();
    await page.waitForURL(new RegExp(`${escapeRegExp(path)}(\\?|$)`), { waitUntil: 'commit' });
  } else {
    await page.goto(`${appUrl}${path}`);
  }
  await page.getByRole('heading', { level: 1, name: 'Roadmap' }).waitFor();
  await page.getByText('Roadmap wird geladen …').waitFor({ state: 'detached' });
}

/**
 * A measure is on the chart: a row whose header links to its fact sheet, a bar whose words name its
 * status (and "Überfällig." when `overdue`), and the visible marker exactly when it is overdue.
 * Returns the row.
 */
export async function expectMeasureOnRoadmap(page, title, { overdue, status } = {}) {
  const table = roadmapTable(page);
  const name = new RegExp(`^\\d+\\.\\d+ ${escapeRegExp(title)}$`);
  const link = table.getByRole('link', { name });
  await link.waitFor();
  assert.match(
    (await link.getAttribute('href')) ?? '',
    /\/arbeitsbereich\/[^/]+\/massnahmen\/[0-9a-f-]{36}$/,
  );
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  const words = await row.locator('td .visually-hidden').textContent();
  assert.match(
    words,
    /^Zeitraum \d\d\.\d\d\.\d{4} bis \d\d\.\d\d\.\d{4} \(Q\d \d{4} bis Q\d \d{4}\)\. Status: /,
  );
  if (status) assert.ok(words.includes(`Status: ${status}.`), `${title}: ${words}`);
  if (overdue !== undefined) {
    assert.equal(words.endsWith('Überfällig.'), overdue, `${title}: ${words}`);
    assert.equal(await row.locator('.roadmap-overdue').isVisible(), overdue, `${title}: overdue marker`);
    if (overdue) assert.match(await row.locator('.roadmap-overdue').textContent(), /⚠ überfällig/);
  }
  return row;
}

/** A measure is in the list of those without a fixed period, below the chart. */
export async function expectUndatedOnRoadmap(page, title) {
  const list = page.getByRole('region', { name: 'Maßnahmen ohne festen Zeitraum' });
  await list.getByRole('link', { name: new RegExp(`${escapeRegExp(title)}$`) }).waitFor();
}

/**
 * Keyboard only: from the chart's scroll area, Tab goes through every measure's link in order; returns
 * the link texts reached, until focus leaves the chart.
 */
export async function tabThroughRoadmap(page) {
  await page.locator('section.roadmap-screen').focus();
  const reached = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.classList.contains('roadmap-link') ? el.textContent : null;
    });
    if (text === null) break;
    reached.push(text);
  }
  return reached;
}

/** With print media: the console around the page is gone and the chart comes in parts of these sizes. */
export async function expectPrintedParts(page, sizes) {
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await page.locator('.shell-nav').isVisible(), false, 'navigation hidden in print');
    assert.equal(await page.locator('.shell-header').isVisible(), false, 'header hidden in print');
    assert.equal(await page.getByRole('button', { name: 'Drucken' }).isVisible(), false);
    assert.equal(await page.locator('section.roadmap-screen').isVisible(), false);
    const parts = page.locator('.roadmap-print-chunk');
    assert.equal(await parts.count(), sizes.length);
    for (const [i, size] of sizes.entries()) {
      const part = parts.nth(i);
      assert.ok(await part.isVisible());
      assert.equal(await part.locator('tbody th[scope="row"]').count(), size);
      assert.match(
        await part.locator('caption').textContent(),
        new RegExp(`Teil ${i + 1} von ${sizes.length}`),
      );
      // Every part has its own quarter headers.
      assert.ok((await part.locator('thead th[scope="col"]').count()) > 4);
    }
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}
