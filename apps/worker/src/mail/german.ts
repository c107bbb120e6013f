import type { MunicipalityKind } from '@werkstatt/db';

// What each kind is called; the names usually begin with it ("Verbandsgemeinde Eich").
const kindNoun: Record<MunicipalityKind, string> = {
  verbandsgemeinde: 'Verbandsgemeinde',
  verbandsfreie_gemeinde: 'Gemeinde',
  stadt: 'Stadt',
  grosse_kreisangehoerige_stadt: 'Stadt',
  kreisfreie_stadt: 'Stadt',
  landkreis: 'Landkreis',
  ortsgemeinde: 'Ortsgemeinde',
};

/**
 * A municipality in the genitive, as in "die Anmeldung der Verbandsgemeinde Eich" or "die Plätze des
 * Landkreises Mainz-Bingen". A name without its kind in front gets it ("Eich" → "der Verbandsgemeinde
 * Eich"); Gemeinde and Stadt are feminine, (Land-)Kreis is masculine and takes -es.
 */
export function municipalityGenitive(name: string, kind: MunicipalityKind): string {
  const first = name.split(/\s/, 1)[0] ?? '';
  const county = /^(Land)?[Kk]reis$/.test(first);
  if (county) return `des ${first}es ${name.slice(first.length).trim()}`;
  // "Große Kreisstadt Neuwied", "Verbandsfreie Gemeinde Haßloch": the adjective takes -n.
  const adjective = /^(\S+e) (\S*(gemeinde|stadt))\b/i.exec(name);
  if (adjective) return `der ${adjective[1]}n ${name.slice(adjective[1]!.length + 1)}`;
  if (/(gemeinde|stadt)$/i.test(first)) return `der ${name}`;
  if (kind === 'landkreis') return `des Landkreises ${name}`;
  return `der ${kindNoun[kind]} ${name}`;
}
