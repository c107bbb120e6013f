/**
 * The strategy editor: an editor of a new municipality chooses two action fields with goals, reorders
 * them with the keyboard alone (the order holds after a reload), writes the Leitbild and sees it in the
 * preview, saves; someone else saves in between and the conflict shows what they changed, the editor
 * keeps their own text; then the council's resolution is entered.
 */
import assert from 'node:assert/strict';
import {
  adopt,
  changeThroughApi,
  chooseFieldsWithGoals,
  createMunicipalityWithEditor,
  fieldOrder,
  moveFieldDownByKeyboard,
  save,
  strategyShown,
  writeLeitbild,
} from '../steps/strategy.mjs';
import { DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'strategy: fields with goals, keyboard reordering, Leitbild preview, conflict, adoption';

export async function run({ stack, browser, office, shot }) {
  const { municipality, editor, officeToken } = await createMunicipalityWithEditor(stack, office);
  const context = await newContext(browser, DESKTOP);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.appUrl });
  const page = await context.newPage();
  try {
    await signIn(page, stack.appUrl, editor);

    const [first, second] = await chooseFieldsWithGoals(page, stack.appUrl, municipality.id, [
      { goal: 'Alle Anträge der Verwaltung sind bis 2028 online möglich.' },
      { goal: 'Jede Ortsgemeinde hat ein freies WLAN am Dorfplatz.' },
    ]);
    assert.deepEqual(await fieldOrder(page), [first, second]);

    await moveFieldDownByKeyboard(page, first);
    assert.deepEqual(await fieldOrder(page), [second, first]);
    await save(page);
    await page.reload();
    await strategyShown(page);
    assert.deepEqual(await fieldOrder(page), [second, first], 'the new order is saved');

    await writeLeitbild(
      page,
      [
        '# Unsere Verbandsgemeinde 2030',
        '',
        'Wir machen die Verwaltung **einfach, offen und nah** für alle Bürgerinnen und Bürger.',
        '',
        '- Anträge *rund um die Uhr*',
        '- Schnelles Netz in jedem Ort',
        '',
        '> Digital ist kein Selbstzweck.',
      ].join('\n'),
      { heading: 'Unsere Verbandsgemeinde 2030', strong: 'einfach, offen und nah' },
    );
    await page.getByLabel(/^Nächste Überprüfung/).fill('31.03.2028');
    await page
      .getByLabel(/^Gremium/)
      .fill(`Verbandsgemeinderat ${municipality.name.replace('Verbandsgemeinde ', '')}`);
    await save(page);
    await shot(page, 'strategie');

    // Someone else changes the title meanwhile; the editor's save meets the conflict.
    await changeThroughApi(stack.apiUrl, officeToken, municipality.id, {
      title: 'Digitalstrategie – Fassung des Programmbüros',
    });
    await page.getByLabel(/^Zusammenfassung/).fill('Unsere Strategie in drei Sätzen für den Rat.');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const conflict = page.getByRole('alertdialog', { name: 'Inzwischen von jemand anderem gespeichert' });
    await conflict.getByRole('cell', { name: 'Digitalstrategie – Fassung des Programmbüros' }).waitFor();
    await shot(page, 'strategie-konflikt');
    await conflict.getByRole('button', { name: 'Neue Fassung laden, meine Änderungen behalten' }).click();
    assert.equal(
      await page.getByLabel(/^Titel/).inputValue(),
      'Digitalstrategie – Fassung des Programmbüros',
    );
    assert.equal(
      await page.getByLabel(/^Zusammenfassung/).inputValue(),
      'Unsere Strategie in drei Sätzen für den Rat.',
    );
    await save(page);

    await adopt(page, { date: '12.03.2027', resolution: 'VG-Rat 2027/045' });
    await page.reload();
    await page.getByText('Beschlossen am 12.03.2027 mit Beschluss VG-Rat 2027/045').waitFor();
  } catch (err) {
    if (process.env.STRATEGY_DEBUG)
      await page.screenshot({ path: process.env.STRATEGY_DEBUG, fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
}
