/**
 * A municipality's own administration: its admin invites a colleague and changes the role, creates an
 * API key (secret once, copied) and revokes it, copies the calendar-feed link and the feed answers as
 * iCalendar; applies for a workshop and registers two colleagues for one with a single seat left (one
 * seat, one waitlist place). A viewer then sees the pages without any of those buttons.
 */
import assert from 'node:assert/strict';
import {
  applyForWorkshop,
  changeRole,
  closeRegistration,
  createApiKey,
  createCalendarLink,
  dismissToasts,
  expectReadOnly,
  inviteColleague,
  openAdministration,
  openCalendarFeed,
  openMunicipalityWorkshops,
  registerColleagues,
  resetTableScroll,
  revokeApiKey,
  showRegistrations,
} from '../steps/municipality-admin.mjs';
import { call, DESKTOP, newContext, signIn } from '../support.mjs';

export const title =
  'municipality admin: users, API key, calendar feed, applying, colleagues on seat and waitlist';

const PASSWORD = 'Werkstatt-Demo-2026';

/** The program office plans a published workshop where Wonnegau has a quota of one seat. */
async function workshopWithOneSeat(apiUrl, office, municipalityId, title) {
  const { accessToken: token } = await call(apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: programs } = await call(apiUrl, 'GET', '/v1/programs', { token });
  const today = new Date();
  for (let daysAhead = 75; daysAhead < 500; daysAhead += 3) {
    const d = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + daysAhead);
    try {
      return await call(apiUrl, 'POST', '/v1/workshops', {
        token,
        body: {
          programId: programs[0].id,
          title,
          format: 'onsite',
          startsAt: new Date(d + 8 * 3_600_000).toISOString(),
          endsAt: new Date(d + 15 * 3_600_000).toISOString(),
          venue: { name: 'Rathaus Osthofen', street: 'Marktplatz 1', postalCode: '67574', city: 'Osthofen' },
          municipalities: [{ municipalityId, seats: 1 }],
          capacity: 20,
          status: 'published',
        },
      });
    } catch (err) {
      if (err.problem?.code !== 'municipality_double_booked') throw err;
    }
  }
  throw new Error('no free day for the workshop');
}

export async function run({ stack, browser, office, shot }) {
  const stamp = Date.now();
  const { accessToken: token } = await call(stack.apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: municipalities } = await call(stack.apiUrl, 'GET', '/v1/municipalities?limit=200', { token });
  const wonnegau = municipalities.find((m) => m.name === 'Verbandsgemeinde Wonnegau');
  const workshopTitle = `Werkstatt Kollegium ${stamp}`;
  await workshopWithOneSeat(stack.apiUrl, office, wonnegau.id, workshopTitle);

  const context = await newContext(browser, DESKTOP);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.appUrl });
  const page = await context.newPage();
  try {
    await signIn(page, stack.appUrl, { email: 'admin@wonnegau.example', password: PASSWORD });

    // ---- Verwaltung: users and keys -----------------------------------------------------------
    await openAdministration(page, stack.appUrl, wonnegau.id);
    const colleague = { name: 'Jonas Becker', email: `jonas.becker.${stamp}@wonnegau.example` };
    await inviteColleague(page, { ...colleague, roleLabel: 'Bearbeitung' });
    await changeRole(page, { ...colleague, roleLabel: 'Lesezugriff' });
    const keyName = `Dorf-App ${stamp}`;
    const secret = await createApiKey(page, keyName);
    // The key reads the municipality's data and nothing else's.
    const own = await fetch(new URL(`/v1/municipalities/${wonnegau.id}`, stack.apiUrl), {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(own.status, 200);
    await dismissToasts(page);
    await resetTableScroll(page);
    await shot(page, 'verwaltung');
    await revokeApiKey(page, keyName);
    const afterRevoke = await fetch(new URL(`/v1/municipalities/${wonnegau.id}`, stack.apiUrl), {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(afterRevoke.status, 401);

    // ---- Verwaltung: calendar feed ------------------------------------------------------------
    await openCalendarFeed(page);
    const feedUrl = await createCalendarLink(page);
    const feed = await fetch(feedUrl);
    assert.equal(feed.status, 200);
    const ics = await feed.text();
    assert.ok(ics.startsWith('BEGIN:VCALENDAR'), ics.slice(0, 80));
    assert.ok(ics.includes(workshopTitle), 'the feed lists the municipality’s workshop');
    await dismissToasts(page);
    await shot(page, 'verwaltung-kalender');

    // ---- Werkstätten: apply, register two colleagues for one seat ------------------------------
    await openMunicipalityWorkshops(page, stack.appUrl, wonnegau.id);
    // A Tuesday some months ahead, as the note asks.
    const ahead = new Date(Date.now() + (200 + (stamp % 100)) * 86_400_000);
    ahead.setUTCDate(ahead.getUTCDate() + ((9 - ahead.getUTCDay()) % 7));
    const wish = ahead.toISOString().slice(0, 10);
    await applyForWorkshop(page, { date: wish, participants: 18, note: 'Gern an einem Dienstag.' });
    const results = await registerColleagues(page, workshopTitle, [
      { firstName: 'Anna', lastName: 'Schmidt', email: `anna.schmidt.${stamp}@wonnegau.example` },
      { firstName: 'Lena', lastName: 'Vogt', email: `lena.vogt.${stamp}@wonnegau.example` },
    ]);
    assert.deepEqual(results, ['Anna Schmidt Platz erhalten', 'Lena Vogt Warteliste, Platz 1']);
    await closeRegistration(page);
    const rows = await showRegistrations(page, workshopTitle);
    assert.ok(
      rows.some((r) => r.includes('Anna Schmidt') && r.includes('Platz erhalten')),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((r) => r.includes('Lena Vogt') && r.includes('Warteliste, Platz 1')),
      rows.join('\n'),
    );
    await dismissToasts(page);
    await shot(page, 'kommune-werkstaetten');
  } finally {
    await context.close();
  }

  // ---- A viewer: the same pages, read only ----------------------------------------------------
  const viewerContext = await newContext(browser, DESKTOP);
  try {
    const viewer = await viewerContext.newPage();
    await signIn(viewer, stack.appUrl, { email: 'lesen@wonnegau.example', password: PASSWORD });
    await expectReadOnly(viewer, stack.appUrl, wonnegau.id);
    await viewer.getByRole('heading', { name: workshopTitle }).waitFor();
  } finally {
    await viewerContext.close();
  }
}
