import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };
export const TABLET = { width: 768, height: 1024 };
export const DESKTOP = { width: 1280, height: 900 };

/** Debian's chromium, no browser download; the flags keep it quiet and headless in a container. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every Content-Security-Policy violation any page of any context reported, for the runner to check. */
export const cspViolations = [];

export async function newContext(browser, viewport) {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport });
  context.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return context;
}

/** One JSON call to the API; a problem answer throws with the problem attached. */
export async function call(apiUrl, method, url, { token, body } = {}) {
  const res = await fetch(new URL(url, apiUrl), {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) {
    throw Object.assign(new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`), {
      problem: json,
    });
  }
  return json;
}

/**
 * What the program office does before invitees get links: a published two-day workshop for two
 * municipalities, about two months ahead (later when earlier runs against the same database took
 * those days), and `links` invitation links for the first municipality. The two are the first of
 * the list unless `municipalityNames` names them.
 */
export async function createInvitations(apiUrl, office, { links = 1, municipalityNames } = {}) {
  const { accessToken: token } = await call(apiUrl, 'POST', '/v1/auth/login', { body: office });
  const { data: programs } = await call(apiUrl, 'GET', '/v1/programs', { token });
  const { data: municipalities } = await call(apiUrl, 'GET', '/v1/municipalities', { token });
  const [first, second] = municipalityNames
    ? municipalityNames.map((name) => municipalities.find((m) => m.name === name))
    : municipalities;
  const today = new Date();
  // Hours are Berlin wall time in winter (UTC+1); the exact hour does not matter to the journey.
  const day = (offset, from, to) => {
    const d = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset);
    const at = (h) => new Date(d + (h - 1) * 3_600_000).toISOString();
    return { startsAt: at(from), endsAt: at(to) };
  };
  const plan = (daysAhead) => {
    const days = [day(daysAhead, 9, 16.5), day(daysAhead + 1, 9, 15)];
    return {
      programId: programs[0].id,
      title: 'Digital-Werkstatt Rheinhessen',
      format: 'onsite',
      startsAt: days[0].startsAt,
      endsAt: days[1].endsAt,
      days,
      venue: {
        name: 'Bürgerhaus Osthofen',
        street: 'Friedrich-Ebert-Straße 16',
        postalCode: '67574',
        city: 'Osthofen',
      },
      municipalities: [
        { municipalityId: first.id, seats: 12 },
        { municipalityId: second.id, seats: 12 },
      ],
      capacity: 24,
      status: 'published',
    };
  };
  let workshop;
  for (let daysAhead = 60; !workshop; daysAhead += 2) {
    try {
      workshop = await call(apiUrl, 'POST', '/v1/workshops', { token, body: plan(daysAhead) });
    } catch (err) {
      if (err.problem?.code !== 'municipality_double_booked' || daysAhead > 400) throw err;
    }
  }
  const invitations = [];
  for (let i = 0; i < links; i++) {
    invitations.push(
      await call(apiUrl, 'POST', `/v1/workshops/${workshop.id}/invitations`, {
        token,
        body: { municipalityId: first.id },
      }),
    );
  }
  return { workshop, invitations };
}

/** The personal link of a kind from the newest mail to `to` that has one (quoted-printable decoded). */
export async function linkFromMail(mailDir, to, kind, { timeoutMs = 15_000 } = {}) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/anmeldung/${kind}\\?token=[A-Za-z0-9_-]+`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
    for (const file of files) {
      const raw = await readFile(path.join(mailDir, file), 'utf8');
      const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!text.includes(to)) continue;
      const found = text.match(pattern);
      if (found) return found[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} with a ${kind} link within ${timeoutMs} ms`);
}

/** The account link (`passwort-setzen` or `passwort-zuruecksetzen`) from the newest mail to `to` that has one. */
export async function accountLinkFromMail(mailDir, to, kind, { timeoutMs = 15_000 } = {}) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/${kind}/[A-Za-z0-9_-]+`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
    for (const file of files) {
      const raw = await readFile(path.join(mailDir, file), 'utf8');
      const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!text.includes(to)) continue;
      const found = text.match(pattern);
      if (found) return found[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} with a ${kind} link within ${timeoutMs} ms`);
}

/**
 * Signs in through the form as `who` ({ email, password }) and waits for the first page after it:
 * the program office's Übersicht or, for a municipality's staff, their workspace's.
 */
export async function signIn(page, appUrl, who) {
  await page.goto(`${appUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByLabel(/^Passwort/).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
}

/** A new account made by the program office; the API mails its invitation with the set-password link. */
export async function createUser(apiUrl, office, user) {
  const { accessToken: token } = await call(apiUrl, 'POST', '/v1/auth/login', { body: office });
  return call(apiUrl, 'POST', '/v1/users', { token, body: user });
}

/** Runs axe-core's WCAG 2.1 A/AA rules on the page and returns the serious and critical violations. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not restrict
  // (a <script> tag of its text would be inline script).
  await page.evaluate(
    await readFile(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8'),
  );
  const result = await page.evaluate(() =>
    window.axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }),
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
