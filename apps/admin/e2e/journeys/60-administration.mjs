/**
 * The program office administers access: invites a user (a taken address comes back at the field),
 * changes the new user's role and disables them; creates an API key with public:read, sees and copies
 * the secret once, uses it against the API, revokes it; then finds these changes in the Protokoll.
 */
import assert from 'node:assert/strict';
import { accountLinkFromMail, DESKTOP, newContext, signIn } from '../support.mjs';

export const title = 'administration: invite, role, disable; API key shown once, used, revoked; Protokoll';

const toast = (page, text) => page.locator('.toasts').getByText(text).waitFor();

export async function run({ stack, browser, office, shot }) {
  const stamp = Date.now();
  const context = await newContext(browser, DESKTOP);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.appUrl });
  const page = await context.newPage();
  await signIn(page, stack.appUrl, office);

  // ---- Benutzer: invite ------------------------------------------------------------------------
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Benutzer' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor();
  await page.getByRole('rowheader', { name: /Petra Programmbüro/ }).waitFor();
  await shot(page, 'benutzer-liste');

  // The address makes the user unique in the shared database; the name stays a plain one.
  const name = 'Lena Vogt';
  const email = `lena.vogt.${stamp}@wonnegau.example`;
  await page.getByRole('button', { name: 'Benutzer einladen' }).click();
  const invite = page.getByRole('dialog', { name: 'Benutzer einladen' });
  await invite.getByLabel(/^Name/).fill(name);
  await invite.getByLabel(/^E-Mail-Adresse/).fill('redaktion@wonnegau.example');
  await invite.getByLabel(/^Rolle/).selectOption({ label: 'Bearbeitung' });
  await invite.getByLabel(/^Kommune/).selectOption({ label: 'Verbandsgemeinde Wonnegau' });
  await invite.getByRole('button', { name: 'Einladung senden' }).click();
  // The API refuses the taken address; the console says so at the field, in German.
  await invite.getByRole('link', { name: 'Zu dieser E-Mail-Adresse gibt es schon einen Zugang.' }).waitFor();
  await shot(page, 'benutzer-einladen');

  await invite.getByLabel(/^E-Mail-Adresse/).fill(email);
  await invite.getByRole('button', { name: 'Einladung senden' }).click();
  await toast(page, `Einladung an ${email} verschickt.`);
  const link = await accountLinkFromMail(stack.mailDir, email, 'passwort-setzen', { timeoutMs: 30_000 });
  assert.ok(link.startsWith(`${stack.appUrl}/passwort-setzen/`), link);

  // ---- Benutzer: find, change the role, disable ------------------------------------------------
  await page.getByLabel('Name oder E-Mail-Adresse').fill(email);
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL(/\/benutzer\?.*suche=/, { waitUntil: 'commit' });
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(email) }) });
  await row.getByText('Bearbeitung').waitFor();
  // The row's actions fold behind one toggle.
  await row.getByText('Aktionen', { exact: true }).click();
  const actions = row.getByRole('group', { name: `Aktionen für ${name}` });

  await actions.getByRole('button', { name: 'Rolle ändern' }).click();
  const roleDialog = page.getByRole('dialog', { name: `Rolle von ${name} ändern` });
  await roleDialog.getByText('Die Person wird überall abgemeldet').waitFor();
  const roleSelect = roleDialog.getByLabel(/^Rolle/);
  await page.waitForFunction(() => document.querySelector('#field-newRole')?.value === 'municipality_editor');
  await roleSelect.selectOption({ label: 'Administration der Kommune' });
  await roleDialog.getByRole('button', { name: 'Rolle ändern' }).click();
  await toast(page, `Die Rolle von ${name} ist geändert.`);
  await row.getByText('Administration der Kommune').waitFor();

  await actions.getByRole('button', { name: 'Sperren' }).click();
  const disable = page.getByRole('alertdialog', { name: `${name} sperren?` });
  await disable.getByText('jede laufende Anmeldung endet sofort').waitFor();
  await disable.getByRole('button', { name: 'Zugang sperren' }).click();
  await toast(page, `${name} ist gesperrt.`);
  await row.getByText('Gesperrt').waitFor();
  await actions.getByRole('button', { name: 'Entsperren' }).waitFor();

  // ---- API-Schlüssel: create, the secret once, use it, revoke ----------------------------------
  const keyName = 'Landesportal Rheinland-Pfalz';
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'API-Schlüssel' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'API-Schlüssel' }).waitFor();
  await page.getByRole('button', { name: 'API-Schlüssel erstellen' }).click();
  const create = page.getByRole('dialog', { name: 'API-Schlüssel erstellen' });
  await create.getByLabel(/^Name/).fill(keyName);
  await create.getByRole('checkbox', { name: /Öffentliche Daten lesen/ }).check();
  await shot(page, 'api-schluessel-erstellen');
  await create.getByRole('button', { name: 'Schlüssel erstellen' }).click();

  const secretDialog = page.getByRole('dialog', { name: 'Ihr neuer API-Schlüssel' });
  await secretDialog.getByText('Er wird nur dieses eine Mal angezeigt').waitFor();
  const secret = await secretDialog.getByLabel(`API-Schlüssel „${keyName}“`).inputValue();
  assert.match(secret, /^wst_/);
  await secretDialog.getByRole('button', { name: 'Schlüssel kopieren' }).click();
  await toast(page, 'In die Zwischenablage kopiert.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  await shot(page, 'api-schluessel-geheimnis');

  const withKey = (key) =>
    fetch(new URL('/v1/municipalities?limit=5', stack.apiUrl), {
      headers: { authorization: `Bearer ${key}` },
    });
  const used = await withKey(secret);
  assert.equal(used.status, 200, 'the new key reads the public municipality directory');
  assert.ok((await used.json()).data.length > 0);

  await secretDialog.getByRole('button', { name: 'Ich habe den Schlüssel gespeichert' }).click();
  await secretDialog.waitFor({ state: 'hidden' });
  assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone from the page');
  const keyRow = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(keyName) }) });
  await keyRow.getByText('Öffentliche Daten lesen').waitFor();
  await keyRow.getByText('Aktiv').waitFor();
  await shot(page, 'api-schluessel');

  await page
    .getByRole('group', { name: `${keyName} widerrufen` })
    .getByRole('button', { name: 'Widerrufen' })
    .click();
  const revoke = page.getByRole('alertdialog', { name: `„${keyName}“ widerrufen?` });
  await revoke.getByRole('button', { name: 'Schlüssel widerrufen' }).click();
  await toast(page, `API-Schlüssel „${keyName}“ widerrufen.`);
  await keyRow.getByText(/Widerrufen am \d\d\.\d\d\.\d{4}/).waitFor();
  assert.equal((await withKey(secret)).status, 401, 'a revoked key no longer works');

  // ---- Protokoll: these changes, filtered ------------------------------------------------------
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Protokoll' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Protokoll' }).waitFor();
  await page.getByLabel('Bereich').selectOption({ label: 'API-Schlüssel' });
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL(/\/protokoll\?.*bereich=api_key/, { waitUntil: 'commit' });
  const keyEvents = page.getByRole('row').filter({ hasText: keyName });
  await keyEvents
    .filter({ has: page.getByRole('rowheader', { name: 'API-Schlüssel widerrufen' }) })
    .waitFor();
  await keyEvents.filter({ has: page.getByRole('rowheader', { name: 'API-Schlüssel erstellt' }) }).waitFor();

  await page.getByLabel('Bereich').selectOption({ label: 'Benutzer' });
  await page
    .getByLabel('Person')
    .selectOption({ label: 'Petra Programmbüro (programmbuero@werkstatt.example)' });
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL(/\/protokoll\?.*bereich=user/, { waitUntil: 'commit' });
  const userEvents = page.getByRole('row').filter({ hasText: name });
  await userEvents.filter({ has: page.getByRole('rowheader', { name: 'Benutzer eingeladen' }) }).waitFor();
  assert.ok(
    (await userEvents.filter({ has: page.getByRole('rowheader', { name: 'Benutzer geändert' }) }).count()) >=
      2,
    'the role change and the disabling are two events',
  );
  await shot(page, 'protokoll');

  // The older of the two changes (newest first) is the role change: its fields before and after.
  await userEvents
    .filter({ has: page.getByRole('rowheader', { name: 'Benutzer geändert' }) })
    .nth(1)
    .getByRole('button', { name: /^Details/ })
    .click();
  const details = page.getByRole('dialog', { name: 'Benutzer geändert' });
  const roleRow = details.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Rolle/ }) });
  await roleRow.getByRole('cell', { name: 'Bearbeitung', exact: true }).waitFor();
  await roleRow.getByRole('cell', { name: 'Administration der Kommune' }).waitFor();
  await shot(page, 'protokoll-details');
  await context.close();
}
