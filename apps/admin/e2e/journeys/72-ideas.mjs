/**
 * The ideas board on a tablet during a meeting: an editor of a new municipality, whose strategy has
 * two chosen fields (set through the API), adds three ideas in one field, gives dots and sees the dots
 * left go down, sorts by dots, promotes the leading idea and lands on the new measure's address. A
 * viewer of the same municipality votes too, but sees nothing to add, edit, withdraw or promote.
 */
import assert from 'node:assert/strict';
import {
  addIdea,
  chooseField,
  chooseStrategyFields,
  dotsLeft,
  expectOrder,
  ideaCard,
  openIdeas,
  promote,
  sortBy,
  unvote,
  vote,
} from '../steps/ideas.mjs';
import { accountLinkFromMail, call, newContext, signIn, TABLET } from '../support.mjs';

export const title = 'ideas board: add three ideas, dot voting within the budget, sort, promote to a measure';

const password = 'Ideen-Pinnwand-2026';

/** A user of the municipality who has set their password through the invitation link. */
async function person(stack, token, municipalityId, { name, email, role }) {
  await call(stack.apiUrl, 'POST', '/v1/users', { token, body: { name, email, role, municipalityId } });
  const link = await accountLinkFromMail(stack.mailDir, email, 'passwort-setzen', { timeoutMs: 30_000 });
  const res = await fetch(new URL('/v1/auth/set-password', stack.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.split('/').at(-1), password }),
  });
  assert.equal(res.status, 204, `set the password of ${email}`);
  return { email, password };
}

export async function run({ stack, browser, office, shot }) {
  const stamp = Date.now();
  const { accessToken: token } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: programs } = await call(stack.apiUrl, 'GET', '/v1/programs', { token });
  const program = programs[0];
  const { data: catalog } = await call(
    stack.apiUrl,
    'GET',
    `/v1/programs/${program.id}/action-fields?limit=200`,
    { token },
  );
  assert.ok(catalog.length >= 2, 'the demo program has at least two action fields');
  const municipality = await call(stack.apiUrl, 'POST', '/v1/municipalities', {
    token,
    body: {
      name: 'Verbandsgemeinde Ideenheim',
      slug: `ideenheim-${stamp}`,
      kind: 'verbandsgemeinde',
      stateCode: 'RP',
    },
  });
  const fields = await chooseStrategyFields(stack.apiUrl, token, municipality.id, {
    programId: program.id,
    actionFieldIds: [catalog[0].id, catalog[1].id],
  });
  assert.equal(fields.length, 2);
  const [first, second] = fields.map((f) => f.actionFieldTitle);
  const editor = await person(stack, token, municipality.id, {
    name: 'Rita Redaktion',
    email: `rita.${stamp}@ideenheim.example`,
    role: 'municipality_editor',
  });
  const viewer = await person(stack, token, municipality.id, {
    name: 'Lars Lesen',
    email: `lars.${stamp}@ideenheim.example`,
    role: 'municipality_viewer',
  });

  // ---- The editor on a tablet: three ideas in the second field ---------------------------------
  const context = await newContext(browser, TABLET);
  const page = await context.newPage();
  await signIn(page, stack.appUrl, editor);
  await openIdeas(page, stack.appUrl, municipality.id);
  await page.getByRole('heading', { level: 2, name: first, exact: true }).waitFor();
  await chooseField(page, second);
  await page.getByText('In diesem Handlungsfeld gibt es noch keine Ideen.').waitFor();
  assert.match(page.url(), new RegExp(`feld=${fields[1].actionFieldId}`), 'the field is in the address');

  const ideas = [
    {
      title: 'Smartphone-Sprechstunde in der Bücherei',
      description: 'Jeden ersten Dienstag im Monat.',
      duration: 'bis 3 Monate',
    },
    {
      title: 'Freies WLAN im Bürgerhaus',
      description: 'Für Vereine und Veranstaltungen.',
      duration: 'bis 1 Jahr',
    },
    { title: 'Online-Terminvergabe im Bürgerbüro', description: '', duration: 'bis 2 Jahre' },
  ];
  for (const idea of ideas) await addIdea(page, idea);
  const [sprechstunde, wlan, termine] = ideas.map((i) => i.title);

  // ---- Dots: the budget goes down with each one -------------------------------------------------
  const start = await dotsLeft(page);
  assert.ok(start.of >= 3 && start.left === start.of, `a fresh budget: ${JSON.stringify(start)}`);
  await vote(page, termine);
  await vote(page, termine);
  assert.deepEqual(await dotsLeft(page), { left: start.of - 2, of: start.of });
  await vote(page, wlan);
  assert.deepEqual(await dotsLeft(page), { left: start.of - 3, of: start.of });
  await ideaCard(page, termine).getByText('Davon 2 Punkte von Ihnen').waitFor();
  await unvote(page, wlan);
  assert.deepEqual(await dotsLeft(page), { left: start.of - 2, of: start.of });

  await sortBy(page, 'newest');
  await expectOrder(page, [termine, wlan, sprechstunde]);
  await sortBy(page, 'votes');
  await page.waitForURL((url) => !url.search.includes('sortierung'), { waitUntil: 'commit' });
  await expectOrder(page, [termine, wlan, sprechstunde]);
  await vote(page, sprechstunde);
  await expectOrder(page, [termine, sprechstunde, wlan]);
  // The confirmations of the three new ideas would cover the cards in the screenshot.
  const closers = page.locator('.toasts').getByRole('button', { name: 'Hinweis schließen' });
  while ((await closers.count()) > 0)
    await closers
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {});
  await shot(page, 'ideen');

  // ---- Promote the leading idea: the new measure's fact sheet -----------------------------------
  const measureId = await promote(page, termine);
  assert.equal(new URL(page.url()).pathname, `/arbeitsbereich/${municipality.id}/massnahmen/${measureId}`);
  const measure = await call(
    stack.apiUrl,
    'GET',
    `/v1/municipalities/${municipality.id}/measures/${measureId}`,
    {
      token,
    },
  );
  assert.equal(measure.title, termine);
  assert.equal(measure.actionFieldId, fields[1].actionFieldId);

  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Ideen' }).waitFor();
  await ideaCard(page, termine)
    .getByRole('link', { name: `Zur Maßnahme: ${termine}` })
    .waitFor();
  await context.close();

  // ---- A viewer: votes, but has no editing buttons ----------------------------------------------
  const viewerContext = await newContext(browser, TABLET);
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, stack.appUrl, viewer);
  await openIdeas(viewerPage, stack.appUrl, municipality.id, { fieldTitle: second });
  await ideaCard(viewerPage, wlan).waitFor();
  await vote(viewerPage, wlan);
  assert.equal((await dotsLeft(viewerPage)).left, start.of - 1);
  for (const name of ['Idee hinzufügen', 'Bearbeiten', 'Zurückziehen', 'Zur Maßnahme machen']) {
    assert.equal(
      await viewerPage.getByRole('button', { name: new RegExp(`^${name}`) }).count(),
      0,
      `a viewer sees no „${name}“`,
    );
  }
  await shot(viewerPage, 'ideen-lesen');
  await viewerContext.close();
}
