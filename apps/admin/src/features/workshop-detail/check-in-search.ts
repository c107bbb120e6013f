import type { Registration } from './queries';

/** Lower case without accents: "Müller" → "muller", "Weiß" → "weiss". */
const plain = (text: string): string =>
  text.toLocaleLowerCase('de-DE').replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '');

/** The German way of writing umlauts without them: "Müller" → "mueller". */
const spelledOut = (text: string): string =>
  plain(text.toLocaleLowerCase('de-DE').replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue'));

/**
 * Whether a person matches what was typed at the door: every word of the query is part of the name,
 * ignoring case and accents, so "muller", "müller" and "mueller" all find "Müller".
 */
export function matchesName(query: string, person: Pick<Registration, 'firstName' | 'lastName'>): boolean {
  const words = plain(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const name = `${person.firstName} ${person.lastName}`;
  const forms = [plain(name), spelledOut(name)];
  return words.every((word) => forms.some((form) => form.includes(word)));
}

const collator = new Intl.Collator('de-DE', { sensitivity: 'base' });

/** By last name, then first name, as a German list is sorted ("Ärzte" next to "Arzt"). */
export const byName = (
  a: Pick<Registration, 'firstName' | 'lastName'>,
  b: Pick<Registration, 'firstName' | 'lastName'>,
): number => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);

/** Who can be checked in: those holding a seat, present or not yet. */
export const checkInList = (registrations: readonly Registration[], query: string): Registration[] =>
  registrations
    .filter((r) => (r.status === 'confirmed' || r.status === 'attended') && !r.anonymizedAt)
    .filter((r) => matchesName(query, r))
    .sort(byName);
