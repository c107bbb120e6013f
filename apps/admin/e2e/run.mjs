/**
 * Runs the console's end-to-end journeys against one real stack: a fresh database, the API, the
 * worker and the console's production build under the production CSP, in Debian's chromium.
 * Journeys are the modules in e2e/journeys/, run in the
 * order of their file names; each exports `title` and `run(ctx)` and must not rely on data made by
 * another one. Pass file-name fragments to run some: `pnpm --filter @werkstatt/admin e2e invitee`.
 * With SCREENSHOT_DIR set, every `ctx.shot()` also saves the page there (docs/screenshots/ for the
 * committed set: `pnpm --filter @werkstatt/admin screenshots`).
 */
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStack } from './stack.mjs';
import { axeViolations, cspViolations, DESKTOP, launchBrowser, PHONE, TABLET } from './support.mjs';

const SIZES = { phone: PHONE, tablet: TABLET, desktop: DESKTOP };

const journeysDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'journeys');
const filters = process.argv.slice(2);
const files = (await readdir(journeysDir))
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => filters.length === 0 || filters.some((part) => f.includes(part)))
  .sort();
if (files.length === 0) throw new Error(`no journey matches ${filters.join(', ')}`);

const screenshotDir = process.env.SCREENSHOT_DIR ? path.resolve(process.env.SCREENSHOT_DIR) : null;
if (screenshotDir) await mkdir(screenshotDir, { recursive: true });

const office = { email: 'programmbuero@werkstatt.example', password: 'Werkstatt-Demo-2026' };
const started = Date.now();
// The console as production serves it: the build, under the production Content-Security-Policy.
const stack = await startStack({ built: true });
let browser;
let failed = 0;
try {
  browser = await launchBrowser();
  /** axe-core's WCAG 2.1 A/AA rules: no serious or critical violation on the page as it is. */
  const expectAccessible = async (page, name) => {
    const violations = await axeViolations(page);
    assert.deepEqual(
      violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      [],
      `${name}: serious or critical WCAG 2.1 AA violations`,
    );
  };
  /**
   * Checks the page with axe; for the committed set it also checks and saves it at phone, tablet and
   * desktop width as `<name>-phone.png` and so on, then restores the journey's own size.
   */
  const shot = async (page, name) => {
    await expectAccessible(page, name);
    if (!screenshotDir) return;
    const own = page.viewportSize();
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(150);
      await expectAccessible(page, `${name} (${size})`);
      await page.screenshot({ path: path.join(screenshotDir, `${name}-${size}.png`), fullPage: true });
    }
    await page.setViewportSize(own);
  };
  for (const file of files) {
    const journey = await import(pathToFileURL(path.join(journeysDir, file)).href);
    const t0 = Date.now();
    try {
      cspViolations.length = 0;
      await journey.run({ stack, browser, office, expectAccessible, shot });
      assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
      console.log(`ok   ${journey.title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed++;
      console.error(`FAIL ${journey.title}\n${err.stack ?? err}`);
    }
  }
} finally {
  await browser?.close();
  await stack.stop();
}
console.log(
  `${files.length - failed} of ${files.length} journeys passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (failed > 0) process.exitCode = 1;
