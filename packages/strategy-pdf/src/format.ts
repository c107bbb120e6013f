import type {
  IdeaStatus,
  MeasureStatus,
  MunicipalityKind,
  StartWindow,
  StrategyStatus,
  WorkshopFormat,
} from './model.js';

/** German wording for the enums of the model, as a council member reads them. */
export const measureStatusLabel: Record<MeasureStatus, string> = {
  planned: 'Geplant',
  in_progress: 'In Umsetzung',
  done: 'Abgeschlossen',
  on_hold: 'Zurückgestellt',
  dropped: 'Verworfen',
};

export const ideaStatusLabel: Record<IdeaStatus, string> = {
  new: 'Neu',
  planned: 'Eingeplant',
  parked: 'Geparkt',
  rejected: 'Abgelehnt',
};

export const startWindowLabel: Record<StartWindow, string> = {
  immediately: 'sofort',
  within_2_years: 'innerhalb von 2 Jahren',
  within_4_years: 'innerhalb von 4 Jahren',
};

export const workshopFormatLabel: Record<WorkshopFormat, string> = {
  onsite: 'Präsenz',
  online: 'Online',
};

export const strategyStatusLabel: Record<StrategyStatus, string> = {
  draft: 'Entwurf',
  adopted: 'Beschlossen',
};

export const municipalityKindLabel: Record<MunicipalityKind, string> = {
  verbandsgemeinde: 'Verbandsgemeinde',
  verbandsfreie_gemeinde: 'Verbandsfreie Gemeinde',
  stadt: 'Stadt',
  grosse_kreisangehoerige_stadt: 'Große kreisangehörige Stadt',
  kreisfreie_stadt: 'Kreisfreie Stadt',
  landkreis: 'Landkreis',
  ortsgemeinde: 'Ortsgemeinde',
};

export const participantRoleLabel = {
  politics: 'Politik',
  administration: 'Verwaltung',
  citizen: 'Bürgerschaft',
  business: 'Wirtschaft',
  other: 'Sonstige',
} as const;

/** Maturity levels 0–4 of an action field. */
export const maturityLabel = ['nicht begonnen', 'erste Ansätze', 'im Aufbau', 'fortgeschritten', 'etabliert'];

const monthNames = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];

// Formatters are costly to build, so they are made once.
const euros = new Intl.NumberFormat('de-DE', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const eurosAndCents = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const decimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
const berlinDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `123456` cents → "1.234,56 €", whole euros without decimals ("1.000 €"); the space is a no-break space. */
export function formatMoney(cents: number): string {
  return cents % 100 === 0 ? euros.format(cents / 100) : eurosAndCents.format(cents / 100);
}

export function formatNumber(value: number): string {
  return decimal.format(value);
}

/** "2025-03-14" → "14.03.2025". */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** "2025-03-14" → "14. März 2025". */
export function formatLongDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${d}. ${monthNames[m - 1]} ${y}`;
}

/** The calendar day of an instant in Europe/Berlin, as "YYYY-MM-DD". */
export function berlinDay(instant: string | Date): string {
  return berlinDate.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** "03/2025 – 12/2026"; open ends are spelled out. */
export function formatPeriod(start: string | null, end: string | null): string {
  const month = (d: string) => `${d.slice(5, 7)}/${d.slice(0, 4)}`;
  if (start && end) return `${month(start)} – ${month(end)}`;
  if (start) return `ab ${month(start)}`;
  if (end) return `bis ${month(end)}`;
  return '';
}

/** Index of a quarter counted from year 0, so quarters can be subtracted. */
export function quarterIndex(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return year * 4 + Math.floor((month - 1) / 3);
}

/** Days since 1970-01-01 of a calendar date, for positions on the time axis. */
export function dayNumber(isoDate: string): number {
  return (
    Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) /
    86_400_000
  );
}

/** First day of a quarter index as days since 1970-01-01. */
export function quarterStartDay(index: number): number {
  return Date.UTC(Math.floor(index / 4), (index % 4) * 3, 1) / 86_400_000;
}

export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** "keine Maßnahmen", "1 Maßnahme", "3 Maßnahmen": a count as a sentence says it, zero in words. */
export function count(value: number, one: string, many: string, none = `keine ${many}`): string {
  return value === 0 ? none : plural(value, one, many);
}

// Units as people type them, mapped to how a German document prints them after a number.
const unitSymbols: Record<string, string> = {
  anzahl: 'Stück',
  stück: 'Stück',
  stk: 'Stück',
  'stk.': 'Stück',
  prozent: '%',
  '%': '%',
  euro: '€',
  eur: '€',
  '€': '€',
};

/** The unit as printed: "Anzahl" → "Stück", "Prozent" → "%"; anything else as entered. */
export function unitLabel(unit: string): string {
  return unitSymbols[unit.trim().toLowerCase()] ?? unit.trim();
}

/** A value with its unit, joined by a no-break space: "2 Stück", "48 %", "1.500 €". */
export function formatQuantity(value: number, unit: string | null): string {
  return unit?.trim() ? `${formatNumber(value)}\u00a0${unitLabel(unit)}` : formatNumber(value);
}
