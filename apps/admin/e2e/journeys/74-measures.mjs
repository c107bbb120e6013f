/**
 * The measures list: an editor filters by field and by text, sorts, changes the status of two
 * measures at once, asks „Wer macht das auch?“ and creates a measure; a viewer sees the same list
 * without any edit control.
 */
import assert from 'node:assert/strict';
import {
  bulkChangeStatus,
  createMeasure,
  expectReadOnlyList,
  filterMeasures,
  measureRow,
  measureTitles,
  openMeasures,
  openPeerFinder,
  resetMeasureFilters,
  selectMeasures,
  sortMeasuresBy,
} from '../steps/measures.mjs';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'measures: filter, sort, bulk status, peer finder; a viewer reads only';

export async function run({ stack, browser, office, shot, expectAccessible }) {
  const editor = { email: 'redaktion@wonnegau.example', password: office.password };
  const { accessToken: token, user } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: editor });
  const municipalityId = user.municipalityId;
  const strategy = await call(stack.apiUrl, 'GET', `/v1/municipalities/${municipalityId}/strategy`, {
    token,
  });
  const field =
    strategy.fields.find((f) => f.actionFieldKey === 'digitale-infrastruktur') ?? strategy.fields[0];
  // A made-up word, so the full-text search finds exactly this run's measures.
  const tag = `Wonnelot${Date.now().toString(36)}`;
  const titles = [`Glasfaser zum Sportplatz ${tag}`, `Funkloch am Friedhof schließen ${tag}`];
  const created = [];
  for (const t of titles) {
    created.push(
      await call(stack.apiUrl, 'POST', `/v1/municipalities/${municipalityId}/measures`, {
        token,
        body: {
          title: t,
          actionFieldId: field.actionFieldId,
          startDate: '2026-02-01',
          endDate: '2027-06-30',
        },
      }),
    );
  }

  const page = await (await newContext(browser, DESKTOP)).newPage();
  try {
    await signIn(page, stack.appUrl, editor);
    await openMeasures(page, stack.appUrl, municipalityId);
    assert.ok((await measureTitles(page)).length >= 12, 'the seeded measures and this run’s');

    // By field: every row is in it, and the filter stands in the address.
    await filterMeasures(page, { field: field.actionFieldTitle });
    assert.equal(new URL(page.url()).searchParams.get('feld'), field.actionFieldId);
    const inField = await page.locator('table.data-table tbody tr').allInnerTexts();
    assert.ok(inField.length >= 2);
    for (const row of inField) assert.ok(row.includes(field.actionFieldTitle), row);

    // By text, within the field.
    await filterMeasures(page, { search: tag });
    assert.equal(new URL(page.url()).searchParams.get('suche'), tag);
    assert.deepEqual((await measureTitles(page)).sort(), [...titles].sort());

    // Sorted by title, both ways; the order stands in the address too.
    assert.equal(await sortMeasuresBy(page, 'Maßnahme'), 'ascending');
    assert.deepEqual(await measureTitles(page), [titles[1], titles[0]]);
    assert.equal(await sortMeasuresBy(page, 'Maßnahme'), 'descending');
    assert.deepEqual(await measureTitles(page), [titles[0], titles[1]]);
    assert.equal(new URL(page.url()).searchParams.get('richtung'), 'ab');

    // Both to „In Umsetzung“ at once.
    await selectMeasures(page, titles);
    await page.getByText('2 Maßnahmen ausgewählt').waitFor();
    const message = await bulkChangeStatus(page, 'In Umsetzung');
    assert.equal(message, '2 Maßnahmen stehen jetzt auf „In Umsetzung“.');
    for (const t of titles) await measureRow(page, t).getByText('In Umsetzung').waitFor();
    for (const m of created) {
      const now = await call(stack.apiUrl, 'GET', `/v1/municipalities/${municipalityId}/measures/${m.id}`, {
        token,
      });
      assert.equal(now.status, 'in_progress');
    }

    // The whole list, sorted, with two rows selected for the screenshot.
    await resetMeasureFilters(page);
    await sortMeasuresBy(page, 'Zeitraum');
    await selectMeasures(page, titles);
    await shot(page, 'massnahmen');

    // „Wer macht das auch?“: Eich's public strategy works on digital infrastructure too.
    const dialog = await openPeerFinder(page, titles[0]);
    await dialog.getByText('Verbandsgemeinde Eich').first().waitFor();
    assert.equal(
      await dialog.getByText('Verbandsgemeinde Wonnegau').count(),
      0,
      'never the own municipality',
    );
    await shot(page, 'massnahmen-partner');
    await dialog.getByRole('button', { name: 'Schließen', exact: true }).last().click();
    await dialog.waitFor({ state: 'hidden' });

    // „Neue Maßnahme“ lands in the new fact sheet.
    const newTitle = `Digitale Sprechstunde ${tag}`;
    const id = await createMeasure(page, { title: newTitle, field: field.actionFieldTitle });
    const stored = await call(stack.apiUrl, 'GET', `/v1/municipalities/${municipalityId}/measures/${id}`, {
      token,
    });
    assert.equal(stored.title, newTitle);
  } finally {
    await page.context().close();
  }

  // A viewer: the same list, no edit controls, the peer finder still there.
  const viewer = await (await newContext(browser, DESKTOP)).newPage();
  try {
    await signIn(viewer, stack.appUrl, { email: 'lesen@wonnegau.example', password: office.password });
    await openMeasures(viewer, stack.appUrl, municipalityId, `?suche=${tag}`);
    assert.equal((await measureTitles(viewer)).length, 3);
    await expectReadOnlyList(viewer);
    await openPeerFinder(viewer, titles[1]);
    await expectAccessible(viewer, 'massnahmen (lesen)');
  } finally {
    await viewer.context().close();
  }
}
