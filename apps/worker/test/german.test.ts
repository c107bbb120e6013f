import { describe, expect, it } from 'vitest';
import { municipalityGenitive } from '../src/mail/german.js';

describe('municipalities in German sentences', () => {
  it.each([
    ['Verbandsgemeinde Eich', 'verbandsgemeinde', 'der Verbandsgemeinde Eich'],
    ['Eich', 'verbandsgemeinde', 'der Verbandsgemeinde Eich'],
    ['Gemeinde Haßloch', 'verbandsfreie_gemeinde', 'der Gemeinde Haßloch'],
    ['Haßloch', 'verbandsfreie_gemeinde', 'der Gemeinde Haßloch'],
    ['Verbandsfreie Gemeinde Haßloch', 'verbandsfreie_gemeinde', 'der Verbandsfreien Gemeinde Haßloch'],
    ['Stadt Worms', 'kreisfreie_stadt', 'der Stadt Worms'],
    ['Landeshauptstadt Mainz', 'kreisfreie_stadt', 'der Landeshauptstadt Mainz'],
    ['Große Kreisstadt Neuwied', 'grosse_kreisangehoerige_stadt', 'der Großen Kreisstadt Neuwied'],
    ['Andernach', 'grosse_kreisangehoerige_stadt', 'der Stadt Andernach'],
    ['Ortsgemeinde Maikammer', 'ortsgemeinde', 'der Ortsgemeinde Maikammer'],
    ['Landkreis Mainz-Bingen', 'landkreis', 'des Landkreises Mainz-Bingen'],
    ['Kreis Ahrweiler', 'landkreis', 'des Kreises Ahrweiler'],
    ['Südwestpfalz', 'landkreis', 'des Landkreises Südwestpfalz'],
  ] as const)('%s (%s) → %s', (name, kind, expected) => {
    expect(municipalityGenitive(name, kind)).toBe(expected);
  });
});
