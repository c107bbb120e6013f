/**
 * The program office plans a workshop: signs in, opens Werkstätten, fills the form for two
 * municipalities on a day one of them is already booked (the API's overlap comes back at that
 * municipality, in German), moves the dates, saves, and finds the workshop in the list and in the
 * month calendar on both of its days.
 */
import assert from 'node:assert/strict';
import { DESKTOP, newContext, PHONE, signIn } from '../support.mjs';

export const title = 'office: plan a workshop for two municipalities in the form, invite, list and calendar';

async function api(apiUrl, method, url, { token, body } = {}) {
  const res = await fetch(new URL(url, apiUrl), {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
/** "2027-04-11" → "11.04.2027", as dates are typed in the form. */
const german = (iso) => iso.split('-').reverse().join('.');
const DAY = 86_400_000;

/** The page fits a phone's width: nothing scrolls sideways but the tables themselves. */
async function fitsPhone(page, what) {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${what} scrolls sideways at ${PHONE.width} px (${width} px)`);
  await page.setViewportSize(DESKTOP);
}

/** Books Bad Breisig on a free day about four months ahead (noon UTC is daytime in Berlin all year). */
async function bookBlockingWorkshop(apiUrl, office, breisig) {
  const { body: login } = await api(apiUrl, 'POST', '/v1/auth/login', { body: office });
  const token = login.accessToken;
  const { body: programs } = await api(apiUrl, 'GET', '/v1/programs', { token });
  for (let ahead = 120; ahead < 400; ahead++) {
    const date = isoDate(Date.now() + ahead * DAY);
    const { status, body } = await api(apiUrl, 'POST', '/v1/workshops', {
      token,
      body: {
        programId: programs.data[0].id,
        title: 'Werkstatt Bad Breisig (bereits geplant)',
        format: 'online',
        onlineUrl: 'https://konferenz.example/breisig',
        startsAt: `${date}T10:00:00Z`,
        endsAt: `${date}T14:00:00Z`,
        municipalities: [{ municipalityId: breisig, seats: null }],
        capacity: 20,
        status: 'published',
      },
    });
    if (status === 201) return date;
    assert.equal(body.code, 'municipality_double_booked', JSON.stringify(body));
  }
  throw new Error('no free day for Bad Breisig');
}

export async function run({ stack, browser, office, shot }) {
  const { body: login } = await api(stack.apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { body: municipalities } = await api(stack.apiUrl, 'GET', '/v1/municipalities?limit=200', {
    token: login.accessToken,
  });
  const breisig = municipalities.data.find((m) => m.name === 'Verbandsgemeinde Bad Breisig');
  assert.ok(breisig, 'demo municipality Bad Breisig');
  const booked = await bookBlockingWorkshop(stack.apiUrl, office, breisig.id);

  const page = await (await newContext(browser, DESKTOP)).newPage();
  await signIn(page, stack.appUrl, office);

  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Werkstätten' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Werkstätten' }).waitFor();
  await page.getByRole('link', { name: 'Neue Werkstatt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Neue Werkstatt' }).waitFor();

  // Nothing filled in: the browser-side checks, summed up on top and linked to their fields.
  await page.getByLabel(/^Titel/).waitFor();
  await page.getByRole('button', { name: 'Werkstatt anlegen' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie' });
  await summary.waitFor();
  await page.getByRole('link', { name: 'Bitte geben Sie einen Titel ein.' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-title');
  await shot(page, 'werkstatt-neu-fehler');

  const name = `Digital-Werkstatt Mittelrhein ${Date.now().toString(36)}`;
  await page.getByLabel(/^Titel/).fill(name);
  const day1 = page.getByRole('group', { name: 'Tag 1' });
  await day1.getByLabel(/^Datum/).fill(german(booked));
  await day1.getByLabel(/^Beginn/).fill('09:00');
  await day1.getByLabel(/^Ende/).fill('16:30');
  await page.getByRole('button', { name: 'Weiteren Tag hinzufügen' }).click();
  const day2 = page.getByRole('group', { name: 'Tag 2' });
  assert.equal(await day2.getByLabel(/^Datum/).inputValue(), german(isoDate(Date.parse(booked) + DAY)));
  await day2.getByLabel(/^Ende/).fill('15:00');
  await page.getByLabel(/^Name des Ortes/).fill('Kurfürstliches Schloss');
  await page.getByLabel(/^Straße und Hausnummer/).fill('Schlossstraße 1');
  await page.getByLabel(/^Postleitzahl/).fill('56154');
  await page.getByLabel(/^Ort/).fill('Boppard');
  await page.getByLabel(/^Plätze insgesamt/).fill('24');
  await page.getByLabel(/^Kommune 1/).selectOption({ label: 'Verbandsgemeinde Bad Breisig' });
  await page.getByLabel(/^Kontingent Kommune 1/).fill('12');
  await page.getByRole('button', { name: 'Weitere Kommune hinzufügen' }).click();
  await page.getByLabel(/^Kommune 2/).selectOption({ label: 'Verbandsgemeinde Göllheim' });
  await page.getByLabel(/^Kontingent Kommune 2/).fill('12');
  await page.getByLabel('Moritz Moderation').check();
  await page.getByLabel(/^Status/).selectOption({ label: 'Veröffentlicht' });

  // Bad Breisig already has a workshop that day: the API's overlap, at the municipality, in German.
  await page.getByRole('button', { name: 'Werkstatt anlegen' }).click();
  const overlap =
    'Verbandsgemeinde Bad Breisig nimmt zu dieser Zeit schon an einer anderen Werkstatt teil. Bitte wählen Sie einen anderen Termin.';
  await page.getByRole('link', { name: overlap }).waitFor();
  const breisigSelect = page.getByLabel(/^Kommune 1/);
  assert.equal(await breisigSelect.getAttribute('aria-invalid'), 'true');
  assert.match((await breisigSelect.evaluate((el) => el.getAttribute('aria-describedby'))) ?? '', /error/);
  await shot(page, 'werkstatt-neu-ueberschneidung');

  // A week later it is free.
  const start = isoDate(Date.parse(booked) + 7 * DAY);
  await day1.getByLabel(/^Datum/).fill(german(start));
  await day2.getByLabel(/^Datum/).fill(german(isoDate(Date.parse(start) + DAY)));
  await shot(page, 'werkstatt-neu-ausgefuellt');
  await fitsPhone(page, 'the form');
  await page.getByRole('button', { name: 'Werkstatt anlegen' }).click();
  await page.waitForURL(new RegExp(`${stack.appUrl}/werkstaetten/[0-9a-f-]{36}$`), { waitUntil: 'commit' });
  await page.getByText('Die Werkstatt ist angelegt.').waitFor();
  const workshopUrl = page.url();

  // Editing from the workshop's page: the stored values come back in German notation; only the
  // change is sent.
  await page.getByRole('link', { name: 'Bearbeiten' }).click();
  await page.waitForURL(`${workshopUrl}/bearbeiten`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'Werkstatt bearbeiten' }).waitFor();
  assert.equal(
    await page
      .getByRole('group', { name: 'Tag 1' })
      .getByLabel(/^Datum/)
      .inputValue(),
    german(start),
  );
  assert.equal(await page.getByRole('group', { name: 'Tag 2' }).getByLabel(/^Ende/).inputValue(), '15:00');
  await page.getByLabel(/^Plätze insgesamt/).fill('26');
  await shot(page, 'werkstatt-bearbeiten');
  await page.getByRole('button', { name: 'Änderungen speichern' }).click();
  await page.getByText('Die Änderungen sind gespeichert.').waitFor();
  await page.waitForURL(workshopUrl, { waitUntil: 'commit' });

  // An invitation link for the second municipality; an invitee opening it sees this workshop.
  await page.getByLabel(/^Für die Kommune/).selectOption({ label: 'Verbandsgemeinde Göllheim' });
  await page.getByRole('button', { name: 'Link erstellen' }).click();
  await page.getByRole('heading', { name: 'Der Einladungslink ist erstellt' }).waitFor();
  const invitationLink = await page.getByLabel(/^Link/).inputValue();
  const invitee = await page.context().newPage();
  await invitee.goto(invitationLink);
  await invitee.getByRole('heading', { level: 1, name }).waitFor();
  await invitee.getByText('Verbandsgemeinde Göllheim').waitFor();
  await invitee.close();

  // In the list, from its first day on.
  const [y, m, d] = start.split('-');
  await page.goto(`${stack.appUrl}/werkstaetten`);
  await page.getByLabel(/^Von/).fill(german(start));
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL(new RegExp(`von=${start}`), { waitUntil: 'commit' });
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await row.waitFor();
  const text = await row.textContent();
  for (const expected of [
    `${d}.${m}.${y}`,
    '2 Tage',
    'Verbandsgemeinde Bad Breisig',
    'Verbandsgemeinde Göllheim',
    'Kurfürstliches Schloss, Boppard',
    '0 / 26',
    'Veröffentlicht',
  ]) {
    assert.ok(text.includes(expected), `list row lacks ${expected}: ${text}`);
  }
  await shot(page, 'werkstaetten-liste');
  await fitsPhone(page, 'the list');

  // In the month calendar, on both days (a workshop over a month's end shows in the first month).
  await page.getByRole('link', { name: 'Kalender' }).click();
  await page.waitForURL(/ansicht=kalender/, { waitUntil: 'commit' });
  await page.goto(`${stack.appUrl}/werkstaetten?ansicht=kalender&monat=${y}-${m}`);
  const monthName = new Intl.DateTimeFormat('de-DE', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${y}-${m}-15T12:00:00Z`));
  await page.getByRole('heading', { level: 2, name: monthName }).waitFor();
  const entries = page.getByRole('table').getByRole('link', { name: new RegExp(name) });
  await entries.first().waitFor();
  const expectedEntries = isoDate(Date.parse(start) + DAY).startsWith(`${y}-${m}`) ? 2 : 1;
  assert.equal(await entries.count(), expectedEntries);
  await entries.first().focus();
  await shot(page, 'werkstaetten-kalender');
  await fitsPhone(page, 'the calendar');

  await page.getByRole('link', { name: 'Nächster Monat' }).click();
  await page.waitForURL(/monat=/, { waitUntil: 'commit' });
  await page.getByRole('link', { name: 'Vorheriger Monat' }).click();
  await page.getByRole('heading', { level: 2, name: monthName }).waitFor();
  await page.context().close();
}
