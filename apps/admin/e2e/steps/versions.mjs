/**
 * The versions page's steps, for any journey that is on /arbeitsbereich/<id>/versionen with a user
 * who may edit: create a version, compare two, generate a version's PDF and download it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Opens the versions page of a municipality's workspace. */
export async function openVersions(page, appUrl, municipalityId) {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/versionen`);
  await page.getByRole('heading', { level: 1, name: 'Versionen und PDF' }).waitFor();
  // The list, or its empty state before the first version.
  const list = page.getByRole('region', { name: 'Versionen', exact: true });
  await list.getByRole('table').or(list.getByText('Es gibt noch keine Version')).first().waitFor();
}

/** „Version anlegen“ with a label; returns the new version's number from the confirmation. */
export async function createVersion(page, label) {
  await page.getByRole('button', { name: 'Version anlegen' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Version anlegen' });
  await dialog.getByLabel(/^Bezeichnung/).fill(label);
  await dialog.getByRole('button', { name: 'Version anlegen' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The label names the row (labels are the caller's, unique), and the row its number.
  const row = page
    .getByRole('region', { name: 'Versionen', exact: true })
    .getByRole('row')
    .filter({ has: page.getByText(label, { exact: true }) });
  const number = Number(/Version (\d+)/.exec(await row.getByRole('rowheader').textContent())[1]);
  await page.getByText(`Version ${number} wurde angelegt.`).waitFor();
  return number;
}

/**
 * The comparison section; with `from`/`to` (version numbers) it chooses them, else it shows the
 * default: the newest version against the one before. Waits for the diff and returns its section.
 */
export async function openDiff(page, { from, to } = {}) {
  const compare = page.getByRole('region', { name: 'Versionen vergleichen' });
  await compare.scrollIntoViewIfNeeded();
  if (to) await compare.getByLabel(/Neuere Version/).selectOption({ label: new RegExp(`^Version ${to} –`) });
  if (from)
    await compare.getByLabel(/Ältere Version/).selectOption({ label: new RegExp(`^Version ${from} –`) });
  await compare.locator('.vdiff, .vdiff-none-text').first().waitFor();
  return compare;
}

/**
 * „PDF erzeugen“ for a version: follows the progress bar to „fertig“ (calling `onProgress(page)` once
 * while it runs, e.g. for a screenshot), downloads the PDF and returns its path and its text
 * (pdftotext).
 */
export async function generatePdfAndDownload(page, versionNumber, { onProgress } = {}) {
  await page.getByRole('button', { name: `PDF erzeugen für Version ${versionNumber}` }).click();
  const progress = page.getByRole('region', { name: `PDF von Version ${versionNumber}` });
  await progress.getByRole('progressbar').waitFor();
  if (onProgress) await onProgress(page);
  await progress.locator('.vpdf-word', { hasText: 'fertig' }).waitFor({ timeout: 60_000 });
  await progress.getByText(`Das PDF von Version ${versionNumber} ist fertig.`).first().waitFor();
  const value = await progress.getByRole('progressbar').getAttribute('value');
  assert.equal(value, '100', 'the progress bar reaches 100');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    progress.getByRole('button', { name: 'PDF herunterladen' }).click(),
  ]);
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'werkstatt-pdf-')), download.suggestedFilename());
  await download.saveAs(file);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 1 << 26 });
  return { file, filename: download.suggestedFilename(), text: stdout.replace(/\s+/g, ' '), progress };
}
