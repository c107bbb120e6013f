/**
 * Versions and the council PDF: an editor freezes the strategy as a version, a measure is added
 * through the API, a second version shows it as „neu“ in the comparison; the PDF of the new version
 * is generated with live progress up to „fertig“, downloaded, and its text contains the measure.
 */
import assert from 'node:assert/strict';
import { createVersion, generatePdfAndDownload, openDiff, openVersions } from '../steps/versions.mjs';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'versions: create, compare, generate and download the PDF';

const editor = { email: 'redaktion@wonnegau.example', password: 'Werkstatt-Demo-2026' };
const viewer = { email: 'lesen@wonnegau.example', password: 'Werkstatt-Demo-2026' };

/** A PATCH with the resource's current ETag as If-Match (support.call sends no extra headers). */
async function patchCurrent(apiUrl, token, url, body) {
  const headers = { authorization: `Bearer ${token}` };
  const current = await fetch(new URL(url, apiUrl), { headers });
  const etag = current.headers.get('etag');
  const res = await fetch(new URL(url, apiUrl), {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `PATCH ${url}: ${await res.text()}`);
}

/** Closes the notifications, so the screenshots show the page itself. */
async function closeToasts(page) {
  const close = page
    .getByRole('region', { name: 'Benachrichtigungen' })
    .getByRole('button', { name: 'Hinweis schließen' });
  while ((await close.count()) > 0) await close.first().click();
}

export async function run({ stack, browser, shot }) {
  const stamp = Date.now().toString(36);
  const { accessToken: token, user } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: editor });
  const municipalityId = user.municipalityId;
  const strategy = await call(stack.apiUrl, 'GET', `/v1/municipalities/${municipalityId}/strategy`, {
    token,
  });
  const actionFieldId = strategy.fields[0].actionFieldId;

  const contexts = [await newContext(browser, DESKTOP)];
  const page = await contexts[0].newPage();
  try {
    await signIn(page, stack.appUrl, editor);

    await openVersions(page, stack.appUrl, municipalityId);
    const first = await createVersion(page, `Vor der Ergänzung ${stamp}`);

    // Something changes meanwhile, through the API: a new measure.
    const measureTitle = `Digitale Sprechstunde im Rathaus ${stamp}`;
    await call(stack.apiUrl, 'POST', `/v1/municipalities/${municipalityId}/measures`, {
      token,
      body: { title: measureTitle, actionFieldId, lead: 'Hauptamt' },
    });

    // … and an existing measure gets another lead and a new step.
    const measures = `/v1/municipalities/${municipalityId}/measures`;
    const [changed] = (await call(stack.apiUrl, 'GET', `${measures}?limit=1`, { token })).data;
    await patchCurrent(stack.apiUrl, token, `${measures}/${changed.id}`, { lead: `Digitallotsin ${stamp}` });
    await call(stack.apiUrl, 'POST', `${measures}/${changed.id}/steps`, {
      token,
      body: { title: `Schulung der Mitarbeitenden ${stamp}`, dueOn: '2027-03-31' },
    });

    const second = await createVersion(page, `Nach der Ergänzung ${stamp}`);
    assert.equal(second, first + 1);
    await closeToasts(page);
    await shot(page, 'versionen');

    const compare = await openDiff(page);
    assert.equal(
      await compare.getByLabel(/Ältere Version/).inputValue(),
      await compare
        .getByLabel(/Ältere Version/)
        .locator('option', { hasText: `Version ${first} –` })
        .getAttribute('value'),
      'the default compares the newest version with the one before',
    );
    const added = compare.getByRole('heading', { level: 4, name: `neu ${measureTitle}` });
    await added.waitFor();
    const edited = compare.locator('.vdiff-item').filter({
      has: page.getByRole('heading', { level: 4, name: `geändert ${changed.title}` }),
    });
    await edited.getByText(`Digitallotsin ${stamp}`).waitFor();
    await edited.getByText(`Schritt „Schulung der Mitarbeitenden ${stamp}“`).waitFor();
    await added.scrollIntoViewIfNeeded();
    await shot(page, 'versionen-vergleich');

    await page.evaluate(() => window.scrollTo(0, 0));
    // The progress comes from the document's event stream; polling is only the fallback.
    const documentCalls = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/^\/v1\/documents\/[^/]+(\/events)?$/.test(pathname)) documentCalls.push(pathname);
    });
    // The first connection of the stream is held back while the queued state is photographed.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    let firstConnection = true;
    await page.route('**/v1/documents/*/events', async (route) => {
      if (firstConnection) {
        firstConnection = false;
        await held;
      }
      await route.continue();
    });
    const pdf = await generatePdfAndDownload(page, second, {
      onProgress: async (p) => {
        const progress = p.getByRole('region', { name: `PDF von Version ${second}` });
        await progress.getByText('in der Warteschlange').waitFor();
        await shot(p, 'pdf-fortschritt');
        release();
      },
    });
    await page.unroute('**/v1/documents/*/events');
    await shot(page, 'pdf-fertig');
    assert.ok(
      documentCalls.some((p) => p.endsWith('/events')),
      'the progress follows GET /v1/documents/{id}/events',
    );
    if (process.env.VERSIONS_DEBUG) console.log('document calls', documentCalls);
    assert.match(pdf.filename, /^Digitalstrategie-.*\.pdf$/);
    assert.ok(pdf.text.includes(measureTitle), `the PDF names the new measure „${measureTitle}“`);

    // The list of generated documents has it, with pages and size.
    const documents = page.getByRole('region', { name: 'Erzeugte PDF-Dokumente' });
    await documents
      .getByText(/\d+ Seiten?, [\d,]+ (kB|MB)/)
      .first()
      .waitFor();
    // A viewer sees the versions, the comparison and the PDF, and may download it, but creates nothing.
    contexts.push(await newContext(browser, DESKTOP));
    const viewerPage = await contexts[1].newPage();
    await signIn(viewerPage, stack.appUrl, viewer);
    await openVersions(viewerPage, stack.appUrl, municipalityId);
    await viewerPage
      .getByRole('button', { name: `PDF herunterladen für Version ${second}` })
      .first()
      .waitFor();
    assert.equal(await viewerPage.getByRole('button', { name: 'Version anlegen' }).count(), 0);
    assert.equal(await viewerPage.getByRole('button', { name: /PDF erzeugen/ }).count(), 0);
    await (await openDiff(viewerPage))
      .getByRole('heading', { level: 4, name: `neu ${measureTitle}` })
      .waitFor();
  } catch (err) {
    if (process.env.VERSIONS_DEBUG) {
      const last = contexts.at(-1).pages()[0];
      await last.screenshot({ path: '/tmp/versions-fail.png', fullPage: true });
      console.log(await last.content());
    }
    throw err;
  } finally {
    for (const context of contexts) await context.close();
  }
}
