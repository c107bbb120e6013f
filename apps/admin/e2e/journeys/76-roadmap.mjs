/**
 * The roadmap: a new municipality's strategy with measures made through the API (dated ones, two of
 * them overdue, one without dates). The chart is a table with a caption, quarter columns and a row
 * header per measure; the today line sits in today's quarter, overdue bars carry a written marker, the
 * undated measure is listed below. Keyboard only: Tab reaches every measure, the arrows move between
 * them, Enter opens the fact sheet. Printed, 30 measures come as 25 and 5 on two A4 landscape pages.
 */
import assert from 'node:assert/strict';
import {
  expectMeasureOnRoadmap,
  expectPrintedParts,
  expectUndatedOnRoadmap,
  openRoadmap,
  roadmapTable,
  tabThroughRoadmap,
} from '../steps/roadmap.mjs';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'roadmap: Gantt table, today line, overdue and undated measures, keyboard, print';

/** A Berlin calendar day `offset` days from today, `YYYY-MM-DD`. */
function day(offset) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

async function createMunicipalityWithMeasures(apiUrl, office, stamp) {
  const { accessToken: token } = await call(apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: programs } = await call(apiUrl, 'GET', '/v1/programs', { token });
  const programId = programs[0].id;
  const { data: fields } = await call(apiUrl, 'GET', `/v1/programs/${programId}/action-fields`, { token });
  const [a, b] = fields;
  const municipality = await call(apiUrl, 'POST', '/v1/municipalities', {
    token,
    body: {
      name: `Verbandsgemeinde Rheinaue ${stamp}`,
      slug: `vg-rheinaue-${stamp}`,
      kind: 'verbandsgemeinde',
      stateCode: 'RP',
    },
  });
  await call(apiUrl, 'PUT', `/v1/municipalities/${municipality.id}/strategy`, {
    token,
    body: {
      programId,
      title: 'Digitalstrategie der VG Rheinaue',
      fields: [
        { actionFieldId: a.id, goal: 'Die Verwaltung arbeitet papierlos.' },
        { actionFieldId: b.id, goal: 'Alle Schulen sind gut vernetzt.' },
      ],
    },
  });
  const measure = (actionFieldId, body) =>
    call(apiUrl, 'POST', `/v1/municipalities/${municipality.id}/measures`, {
      token,
      body: { actionFieldId, ...body },
    });
  const measures = [
    await measure(a.id, {
      title: 'E-Akte einführen',
      status: 'in_progress',
      progress: 40,
      startDate: day(-300),
      endDate: day(-30),
    }),
    await measure(a.id, { title: 'Breitbandausbau begleiten', startDate: day(-180), endDate: day(-5) }),
    await measure(a.id, {
      title: 'Ratsinformationssystem',
      status: 'done',
      progress: 100,
      startDate: day(-320),
      endDate: day(-150),
    }),
    await measure(a.id, {
      title: 'WLAN in allen Bürgerhäusern',
      status: 'in_progress',
      progress: 25,
      startDate: day(-90),
      endDate: day(200),
    }),
    await measure(b.id, { title: 'Tablets für die Grundschulen', startDate: day(30), endDate: day(390) }),
    await measure(b.id, {
      title: 'Lernplattform für Volkshochschule',
      startDate: day(120),
      endDate: day(480),
    }),
    await measure(b.id, { title: 'Sensoren für Schulgebäude', startWindow: 'within_2_years' }),
  ];
  return { token, municipality, fields: [a, b], measures, measure };
}

export async function run({ stack, browser, office, shot }) {
  const stamp = Date.now();
  const made = await createMunicipalityWithMeasures(stack.apiUrl, office, stamp);
  const { municipality, measures } = made;
  const page = await (await newContext(browser, DESKTOP)).newPage();
  await signIn(page, stack.appUrl, office);

  await openRoadmap(page, stack.appUrl, municipality.id);

  // ---- The table's semantics ---------------------------------------------------------------------
  const table = roadmapTable(page);
  const caption = await table.locator('caption').textContent();
  assert.match(caption, /^Zeitplan: 6 Maßnahmen von Q\d \d{4} bis Q\d \d{4}\. Die rote Linie markiert heute/);
  const quarters = await table.locator('thead th[scope="col"]').allInnerTexts();
  assert.equal(quarters[0], 'Maßnahme');
  assert.ok(quarters.length >= 5, 'at least the four quarters of this year');
  const rowLinks = await table.locator('tbody th[scope="row"] a').allInnerTexts();
  assert.deepEqual(rowLinks, [
    '1.1 E-Akte einführen',
    '1.2 Breitbandausbau begleiten',
    '1.3 Ratsinformationssystem',
    '1.4 WLAN in allen Bürgerhäusern',
    '2.1 Tablets für die Grundschulen',
    '2.2 Lernplattform für Volkshochschule',
  ]);
  assert.equal(await table.locator('tbody th[scope="rowgroup"]').count(), 2, 'one header row per field');

  // ---- Today line, overdue, progress, undated ----------------------------------------------------
  const today = day(0);
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const flag = table.locator('.roadmap-today-flag');
  assert.equal(await flag.textContent(), 'Heute');
  assert.match(await flag.locator('xpath=..').textContent(), new RegExp(`^Q${q}\\s+${today.slice(0, 4)}`));
  assert.equal(await table.locator('.roadmap-today').count(), 6, 'the line crosses every row');
  // The line lies within today's quarter column.
  const [line, column] = await Promise.all([
    table.locator('.roadmap-today').first().boundingBox(),
    flag.locator('xpath=..').boundingBox(),
  ]);
  assert.ok(line.x >= column.x - 1 && line.x <= column.x + column.width + 1, 'today line in its quarter');

  await expectMeasureOnRoadmap(page, 'E-Akte einführen', { overdue: true, status: 'In Umsetzung' });
  await expectMeasureOnRoadmap(page, 'Breitbandausbau begleiten', { overdue: true, status: 'Geplant' });
  await expectMeasureOnRoadmap(page, 'Ratsinformationssystem', { overdue: false, status: 'Abgeschlossen' });
  const wlan = await expectMeasureOnRoadmap(page, 'WLAN in allen Bürgerhäusern', { overdue: false });
  assert.match(await wlan.locator('.roadmap-percent').textContent(), /^25\s%$/);
  await expectUndatedOnRoadmap(page, 'Sensoren für Schulgebäude');
  assert.equal(await table.getByText('Sensoren für Schulgebäude').count(), 0, 'no bar without dates');
  await shot(page, 'roadmap');

  // ---- Filters in the address --------------------------------------------------------------------
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In Umsetzung' });
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL(/status=in_progress/, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.querySelectorAll('.roadmap-screen a.roadmap-link').length === 2);
  await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.roadmap-screen a.roadmap-link').length === 6);

  // ---- Keyboard only -----------------------------------------------------------------------------
  const reached = await tabThroughRoadmap(page);
  assert.deepEqual(reached, rowLinks, 'Tab reaches every measure in order');
  await page.locator('section.roadmap-screen').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), rowLinks[2]);
  // The focus is visible: the link draws its focus ring.
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
  assert.notEqual(ring, 'none');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/arbeitsbereich/${municipality.id}/massnahmen/${measures[2].id}`, {
    waitUntil: 'commit',
  });
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Roadmap' }).waitFor();
  await roadmapTable(page).waitFor();

  // ---- Print: 30 measures on two A4 landscape pages ----------------------------------------------
  await expectPrintedParts(page, [6]);
  const [, b] = made.fields;
  for (let i = 1; i <= 24; i++) {
    await made.measure(b.id, {
      title: `Schule ${String(i).padStart(2, '0')} ans Glasfasernetz anschließen`,
      startDate: day(10 * i),
      endDate: day(10 * i + 200),
    });
  }
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Roadmap' }).waitFor();
  await roadmapTable(page).waitFor();
  await expectPrintedParts(page, [25, 5]);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
  assert.equal(pages.length, 2, '30 measures print on two pages');
  await page.context().close();
}
