/**
 * The municipality's administration and workshops in the console, as reusable steps: each takes the
 * page (and what it needs) and leaves the page on the screen it worked on.
 */
import assert from 'node:assert/strict';

const toast = (page, text) => page.locator('.toasts').getByText(text).first().waitFor();

export async function openAdministration(page, appUrl, municipalityId) {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/verwaltung`);
  await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
}

/** Invites a colleague into the municipality; `roleLabel` e.g. "Bearbeitung". */
export async function inviteColleague(page, { name, email, roleLabel }) {
  await page.getByRole('button', { name: 'Person einladen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Benutzer einladen' });
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByLabel(/^E-Mail-Adresse/).fill(email);
  await dialog.getByLabel(/^Rolle/).selectOption({ label: roleLabel });
  assert.equal(await dialog.getByLabel(/^Kommune/).count(), 0, 'the municipality is fixed');
  await dialog.getByRole('button', { name: 'Einladung senden' }).click();
  await toast(page, `Einladung an ${email} verschickt.`);
  await page.getByRole('rowheader', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) }).waitFor();
}

/** Changes the role of the user with this e-mail address; `roleLabel` e.g. "Lesezugriff". */
export async function changeRole(page, { name, email, roleLabel }) {
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) }) });
  await row.getByText('Aktionen', { exact: true }).click();
  await row
    .getByRole('group', { name: `Aktionen für ${name}` })
    .getByRole('button', { name: 'Rolle ändern' })
    .click();
  const dialog = page.getByRole('dialog', { name: `Rolle von ${name} ändern` });
  await page.waitForFunction(() => Boolean(document.querySelector('#field-newRole')?.value));
  await dialog.getByLabel(/^Rolle/).selectOption({ label: roleLabel });
  await dialog.getByRole('button', { name: 'Rolle ändern' }).click();
  await toast(page, `Die Rolle von ${name} ist geändert.`);
  await row.getByText(roleLabel, { exact: true }).waitFor();
  // Fold the row's actions again.
  await row.getByText('Aktionen', { exact: true }).click();
}

/** Tables scrolled sideways by an earlier click start at their left edge again (for a screenshot). */
export async function resetTableScroll(page) {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.table-scroll')) el.scrollLeft = 0;
  });
}

/** Closes the notifications, e.g. before a screenshot. */
export async function dismissToasts(page) {
  const buttons = page.locator('.toasts button');
  while ((await buttons.count()) > 0) await buttons.first().click();
}

/** Creates a key with "Daten einer Kommune lesen", copies its secret and returns it (shown once). */
export async function createApiKey(page, name) {
  await page.getByRole('button', { name: 'API-Schlüssel erstellen' }).click();
  const dialog = page.getByRole('dialog', { name: 'API-Schlüssel erstellen' });
  await dialog.getByText(/Der Schlüssel gilt nur für/).waitFor();
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByRole('checkbox', { name: /Daten einer Kommune lesen/ }).check();
  await dialog.getByRole('button', { name: 'Schlüssel erstellen' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Ihr neuer API-Schlüssel' });
  await secretDialog.getByText('Nur jetzt sichtbar').waitFor();
  const secret = await secretDialog.getByLabel(`API-Schlüssel „${name}“`).inputValue();
  assert.match(secret, /^wst_/);
  await secretDialog.getByRole('button', { name: 'Schlüssel kopieren' }).click();
  await toast(page, 'In die Zwischenablage kopiert.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  await secretDialog.getByRole('button', { name: 'Ich habe den Schlüssel gespeichert' }).click();
  await toast(page, `API-Schlüssel „${name}“ erstellt.`);
  assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone once the dialog closed');
  return secret;
}

export async function revokeApiKey(page, name) {
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
  await row.getByRole('button', { name: 'Widerrufen' }).click();
  const confirm = page.getByRole('alertdialog', { name: `„${name}“ widerrufen?` });
  await confirm.getByRole('button', { name: 'Schlüssel widerrufen' }).click();
  await toast(page, `API-Schlüssel „${name}“ widerrufen.`);
  await row.getByText(/Widerrufen am/).waitFor();
}

export async function openCalendarFeed(page) {
  await page
    .getByRole('navigation', { name: 'Bereiche der Verwaltung' })
    .getByRole('link', { name: 'Kalenderlink' })
    .click();
  await page.getByRole('heading', { level: 2, name: 'Werkstatt-Kalender abonnieren' }).waitFor();
}

/** Creates the feed link, or renews it after confirming; copies it and returns the URL. */
export async function createCalendarLink(page) {
  const create = page.getByRole('button', { name: 'Kalenderlink erstellen' });
  const renew = page.getByRole('button', { name: 'Link erneuern' });
  await create.or(renew).first().waitFor();
  if (await create.count()) {
    await create.click();
  } else {
    await renew.click();
    const confirm = page.getByRole('alertdialog', { name: 'Kalenderlink erneuern?' });
    await confirm.getByText('Der bisherige funktioniert sofort nicht mehr').waitFor();
    await confirm.getByRole('button', { name: 'Link erneuern' }).click();
  }
  const field = page.getByLabel('Kalenderlink (Adresse zum Abonnieren)');
  await field.waitFor();
  const url = await field.inputValue();
  await page.getByRole('button', { name: 'Link kopieren' }).click();
  await toast(page, 'In die Zwischenablage kopiert.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  return url;
}

export async function openMunicipalityWorkshops(page, appUrl, municipalityId) {
  await page.goto(`${appUrl}/arbeitsbereich/${municipalityId}/werkstaetten`);
  await page.getByRole('heading', { level: 1, name: 'Werkstätten' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Anstehende Werkstätten' }).waitFor();
}

/** Applies for a workshop on one day (`YYYY-MM-DD`), for `participants` people. */
export async function applyForWorkshop(page, { date, participants, note = '' }) {
  await page.getByRole('button', { name: 'Werkstatt beantragen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Werkstatt beantragen' });
  const program = dialog.getByLabel(/^Programm/);
  await page.waitForFunction(() => (document.querySelector('#field-programId')?.options.length ?? 0) > 1);
  if (!(await program.inputValue())) await program.selectOption({ index: 1 });
  await dialog.getByLabel(/^Datum/).fill(date);
  await dialog.getByLabel(/^Erwartete Teilnehmende/).fill(String(participants));
  if (note) await dialog.getByLabel(/^Nachricht an das Programmbüro/).fill(note);
  await dialog.getByRole('button', { name: 'Bewerbung absenden' }).click();
  await toast(page, 'Bewerbung abgeschickt.');
  await page
    .getByRole('region', { name: 'Bewerbungen um eine Werkstatt' })
    .getByText('In Prüfung')
    .first()
    .waitFor();
}

/**
 * Registers colleagues (`{ firstName, lastName, email }`) for the workshop with this title and returns
 * what each got, as the dialog says it ("Platz erhalten", "Warteliste, Platz 1"), in order. The
 * dialog stays open for a screenshot; `closeRegistration` closes it.
 */
export async function registerColleagues(page, workshopTitle, colleagues) {
  await page.getByRole('button', { name: `Kolleginnen und Kollegen anmelden: ${workshopTitle}` }).click();
  const dialog = page.getByRole('dialog', { name: `Anmelden zu „${workshopTitle}“` });
  for (const [i, c] of colleagues.entries()) {
    if (i > 0) await dialog.getByRole('button', { name: 'Weitere Person hinzufügen' }).click();
    const group = dialog.getByRole('group', { name: `Person ${i + 1}` });
    await group.getByLabel(/^Vorname/).fill(c.firstName);
    await group.getByLabel(/^Nachname/).fill(c.lastName);
    await group.getByLabel(/^E-Mail-Adresse/).fill(c.email);
  }
  await dialog.locator('button[type=submit]').click();
  const results = dialog.getByRole('region', { name: 'Ergebnis der Anmeldung' });
  await results
    .getByRole('listitem')
    .nth(colleagues.length - 1)
    .waitFor();
  return (await results.getByRole('listitem').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
}

export async function closeRegistration(page) {
  await page.getByRole('dialog').getByRole('button', { name: 'Fertig' }).click();
  await page
    .getByRole('dialog')
    .waitFor({ state: 'detached' })
    .catch(() => {});
}

/** Opens the municipality's registrations of one workshop and returns its rows' texts. */
export async function showRegistrations(page, workshopTitle) {
  const card = page.locator('.mw-card').filter({ has: page.getByRole('heading', { name: workshopTitle }) });
  await card.getByText('Anmeldungen Ihrer Kommune anzeigen').click();
  const list = card.getByRole('list', { name: `Anmeldungen Ihrer Kommune zu „${workshopTitle}“` });
  await list.getByRole('listitem').first().waitFor();
  return (await list.getByRole('listitem').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
}

/** A viewer: the pages open, but no button to invite, create, apply or register. */
export async function expectReadOnly(page, appUrl, municipalityId) {
  await openAdministration(page, appUrl, municipalityId);
  await page.getByText('Nur für die Administration der Kommune').waitFor();
  const main = page.getByRole('main');
  for (const name of [
    'Person einladen',
    'API-Schlüssel erstellen',
    'Kalenderlink erstellen',
    'Link erneuern',
  ]) {
    assert.equal(await main.getByRole('button', { name }).count(), 0, `no "${name}" for a viewer`);
  }
  await openMunicipalityWorkshops(page, appUrl, municipalityId);
  await page.getByText('Kolleginnen und Kollegen anmelden können die Administration').waitFor();
  assert.equal(await main.getByRole('button', { name: 'Werkstatt beantragen' }).count(), 0);
  assert.equal(await main.getByRole('button', { name: /^Kolleginnen und Kollegen anmelden/ }).count(), 0);
  assert.equal(await main.getByRole('button', { name: /^Zurückziehen/ }).count(), 0);
}
