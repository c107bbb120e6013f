import { type FormEvent, useState } from 'react';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { fieldId } from '../../ui/FormField';
import { germanDate, parseGermanDate } from './berlin-time';
import { sortByName, useMunicipalities, usePrograms } from './lookups';
import { type WorkshopsSearch, workshopStatuses } from './search';

type Filters = Pick<WorkshopsSearch, 'programm' | 'kommune' | 'status' | 'von' | 'bis' | 'reihenfolge'>;

interface WorkshopFiltersProps {
  search: WorkshopsSearch;
  /** The calendar shows a month, so the date range and order are the list's alone. */
  showRange: boolean;
  onApply: (filters: Filters) => void;
}

/**
 * The filters live in the address bar but are applied only on submit: a half-typed date never becomes a
 * query, and nothing on the page changes while someone is still choosing (WCAG 3.2.2).
 */
export function WorkshopFilters({ search, showRange, onApply }: WorkshopFiltersProps) {
  const programs = usePrograms();
  const municipalities = useMunicipalities();
  // The dates as typed ("01.02.2027"); the URL keeps ISO dates.
  const [values, setValues] = useState<Filters>(() => ({
    programm: search.programm,
    kommune: search.kommune,
    status: search.status,
    von: search.von ? germanDate(search.von) : undefined,
    bis: search.bis ? germanDate(search.bis) : undefined,
    reihenfolge: search.reihenfolge,
  }));
  const [error, setError] = useState<{ field: 'von' | 'bis'; message: string } | null>(null);
  // On a phone the filters fold away behind a button, so the list comes first.
  const active =
    Object.values(search).filter(Boolean).length - (search.ansicht ? 1 : 0) - (search.monat ? 1 : 0);
  const [open, setOpen] = useState(false);
  const set = (key: keyof Filters) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value === '' ? undefined : value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const von = values.von ? parseGermanDate(values.von) : undefined;
    const bis = values.bis ? parseGermanDate(values.bis) : undefined;
    const invalid = (['von', 'bis'] as const).find((name) => values[name] && !{ von, bis }[name]);
    if (invalid) {
      setError({ field: invalid, message: de.workshops.invalidDate });
      document.getElementById(fieldId(`filter-${invalid}`))?.focus();
      return;
    }
    if (von && bis && bis < von) {
      setError({ field: 'bis', message: de.workshops.toBeforeFrom });
      document.getElementById(fieldId('filter-bis'))?.focus();
      return;
    }
    setError(null);
    onApply({ ...values, von, bis });
  };

  const select = (
    name: keyof Filters,
    label: string,
    options: readonly { value: string; label: string }[],
    all: string = de.workshops.all,
  ) => (
    <div className="field">
      <label className="field-label" htmlFor={fieldId(`filter-${name}`)}>
        {label}
      </label>
      <select
        id={fieldId(`filter-${name}`)}
        name={name}
        className="input"
        value={values[name] ?? ''}
        onChange={(e) => set(name)(e.target.value)}
      >
        {all ? <option value="">{all}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  const dateInput = (name: 'von' | 'bis', label: string, hint: string) => {
    const id = fieldId(`filter-${name}`);
    const failed = error?.field === name;
    return (
      <div className={`field${failed ? ' field-invalid' : ''}`}>
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
        {failed ? (
          <p className="field-error" id={`${id}-error`}>
            {error.message}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          className="input"
          value={values[name] ?? ''}
          aria-describedby={failed ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={failed || undefined}
          onChange={(e) => set(name)(e.target.value)}
        />
      </div>
    );
  };

  return (
    <form
      className={`workshop-filters${open ? ' filters-open' : ''}`}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="filter-heading"
    >
      <h2 id="filter-heading" className="visually-hidden">
        {de.workshops.filtersHeading}
      </h2>
      <button
        type="button"
        className="button button-secondary filter-toggle"
        aria-expanded={open}
        aria-controls="filter-body"
        onClick={() => setOpen((o) => !o)}
      >
        {de.workshops.filterToggle(active)}
      </button>
      <div id="filter-body" className="filter-body">
        {error ? (
          <p className="visually-hidden" role="alert">
            {error.message}
          </p>
        ) : null}
        <div className="filter-grid">
          {select(
            'programm',
            de.workshops.program,
            sortByName(programs.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          )}
          {select(
            'kommune',
            de.workshops.municipality,
            sortByName(municipalities.data?.list ?? []).map((m) => ({ value: m.id, label: m.name })),
          )}
          {select(
            'status',
            de.workshops.status,
            workshopStatuses.map((s) => ({ value: s, label: de.workshops.statuses[s] })),
          )}
          {showRange ? (
            <>
              {dateInput('von', de.workshops.from, de.workshops.fromHint)}
              {dateInput('bis', de.workshops.to, de.workshops.toHint)}
              {select(
                'reihenfolge',
                de.workshops.order,
                [
                  { value: '', label: de.workshops.orderEarliest },
                  { value: 'spaeteste', label: de.workshops.orderLatest },
                ],
                '',
              )}
            </>
          ) : null}
        </div>
        <div className="filter-actions">
          <Button type="submit">{de.workshops.apply}</Button>
          <Button
            variant="secondary"
            onClick={() => {
              const cleared: Filters = {};
              setValues(cleared);
              setError(null);
              onApply(cleared);
            }}
          >
            {de.workshops.reset}
          </Button>
        </div>
      </div>
    </form>
  );
}
