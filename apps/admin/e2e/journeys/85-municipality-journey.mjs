/**
 * The municipality's whole way from the workshop's results to the council PDF, by one editor of a new
 * municipality, composed of the areas' own steps: two action fields with goals, three ideas with dots,
 * the leading one promoted to a measure, its fact sheet completed with two steps and an indicator, the
 * measure on the roadmap, a version and its difference to the one before, and the PDF generated,
 * followed to „fertig“ and downloaded; its text names the new measure.
 */
import assert from 'node:assert/strict';
import {
  addIdea,
  chooseField,
  dotsLeft,
  expectOrder,
  openIdeas,
  promote,
  sortBy,
  vote,
} from '../steps/ideas.mjs';
import { completeFactSheet } from '../steps/measure-sheet.mjs';
import { expectMeasureOnRoadmap, openRoadmap } from '../steps/roadmap.mjs';
import { chooseFieldsWithGoals, createMunicipalityWithEditor } from '../steps/strategy.mjs';
import { createVersion, generatePdfAndDownload, openDiff, openVersions } from '../steps/versions.mjs';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title =
  'municipality journey: fields with goals, ideas and dots, fact sheet, roadmap, version diff, council PDF';

export async function run({ stack, browser, office }) {
  const { municipality, editor, officeToken } = await createMunicipalityWithEditor(stack, office);
  const id = municipality.id;
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  try {
    // 1. The editor signs in, lands in the workspace and chooses two fields, each with its goal.
    await signIn(page, stack.appUrl, editor);
    assert.equal(new URL(page.url()).pathname, `/arbeitsbereich/${id}`);
    const [first, second] = await chooseFieldsWithGoals(page, stack.appUrl, id, [
      { goal: 'Alle Anträge der Verwaltung sind bis 2028 online möglich.' },
      { goal: 'Jede Ortsgemeinde hat ein freies WLAN am Dorfplatz.' },
    ]);
    assert.notEqual(first, second);
    const strategy = await call(stack.apiUrl, 'GET', `/v1/municipalities/${id}/strategy`, {
      token: officeToken,
    });
    assert.deepEqual(
      strategy.fields.map((f) => f.goal),
      [
        'Alle Anträge der Verwaltung sind bis 2028 online möglich.',
        'Jede Ortsgemeinde hat ein freies WLAN am Dorfplatz.',
      ],
    );

    // The state after the workshop, for the comparison at the end.
    await openVersions(page, stack.appUrl, id);
    const before = await createVersion(page, 'Ergebnis der Digital-Werkstatt');

    // 2. Three ideas in the second field, dots for two of them, the leading one becomes a measure.
    await openIdeas(page, stack.appUrl, id);
    await chooseField(page, second);
    const ideas = [
      { title: 'Online-Terminvergabe im Bürgerbüro', duration: 'bis 1 Jahr' },
      { title: 'Freies WLAN am Dorfplatz', description: 'Zuerst in den drei größten Orten.' },
      { title: 'Digitale Sprechstunde für Seniorinnen und Senioren', duration: 'bis 3 Monate' },
    ];
    for (const idea of ideas) await addIdea(page, idea);
    const [termine, wlan, sprechstunde] = ideas.map((i) => i.title);
    const budget = await dotsLeft(page);
    await vote(page, wlan);
    await vote(page, wlan);
    await vote(page, termine);
    assert.deepEqual(await dotsLeft(page), { left: budget.of - 3, of: budget.of });
    await sortBy(page, 'votes');
    await expectOrder(page, [wlan, termine, sprechstunde]);
    const measureId = await promote(page, wlan);
    await page.getByRole('heading', { level: 1, name: wlan }).waitFor();

    // 3. The fact sheet: every field the PDF prints, two steps (one ticked) and an indicator.
    await completeFactSheet(page, {
      description: 'Kostenloses WLAN auf den Dorfplätzen, zuerst in den drei größten Ortsgemeinden.',
      expectedResult: 'Bürgerinnen, Bürger und Gäste sind auf jedem Dorfplatz online.',
      targetGroup: 'Bürgerinnen und Bürger, Gäste, Vereine',
      lead: 'Bauamt',
      participants: 'Ortsgemeinden, IT-Dienstleister',
      resources: 'Sechs Access Points, Glasfaseranschluss, 20 Stunden Bauamt',
      startWindow: 'sofort',
      startDate: '01.03.2027',
      endDate: '31.10.2027',
      status: 'In Umsetzung',
      budget: '18.000',
      fundingSource: 'Haushalt 2027',
      grantProgram: 'WLAN für Rheinland-Pfalz',
      indicator: {
        name: 'Dorfplätze mit freiem WLAN',
        unit: 'Anzahl',
        baseline: '0',
        target: '12',
        currentValue: '0',
        currentAsOf: '01.03.2027',
      },
      steps: [
        { title: 'Standorte mit den Ortsbürgermeistern festlegen', dueOn: '30.04.2027' },
        { title: 'Access Points ausschreiben und installieren', dueOn: '30.09.2027' },
      ],
    });
    const measure = await call(stack.apiUrl, 'GET', `/v1/municipalities/${id}/measures/${measureId}`, {
      token: officeToken,
    });
    assert.equal(measure.title, wlan);
    assert.equal(measure.progress, 50);
    assert.equal(measure.indicators.length, 1);

    // 4. On the roadmap, in its field and period; then a version and its difference to the first.
    await openRoadmap(page, stack.appUrl, id);
    await expectMeasureOnRoadmap(page, wlan, { overdue: false, status: 'In Umsetzung' });

    await openVersions(page, stack.appUrl, id);
    const after = await createVersion(page, 'Entwurf für den Verbandsgemeinderat');
    assert.equal(after, before + 1);
    const compare = await openDiff(page);
    await compare.getByRole('heading', { level: 4, name: `neu ${wlan}` }).waitFor();

    // 5. The council PDF: progress to „fertig“, the download, and the measure in its text.
    const pdf = await generatePdfAndDownload(page, after);
    assert.match(pdf.filename, /^Digitalstrategie-.*\.pdf$/);
    assert.ok(pdf.text.includes(wlan), `the PDF names the new measure „${wlan}“`);
    assert.ok(pdf.text.includes('Dorfplätze mit freiem WLAN'), 'the PDF prints the indicator');
  } finally {
    await context.close();
  }
}
