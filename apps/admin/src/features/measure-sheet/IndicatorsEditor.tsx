import { useEffect, useRef } from 'react';
import { de } from '../../i18n/de';
import { TextField } from '../../ui/FormField';
import type { FieldErrors } from '../../ui/form';
import {
  emptyIndicator,
  type IndicatorField,
  type IndicatorPart,
  type IndicatorValues,
  type MeasureField,
} from './measure-values';

const t = de.measureSheet.indicators;
const MAX_INDICATORS = 20;

interface IndicatorsEditorProps {
  value: IndicatorValues[];
  onChange: (next: IndicatorValues[]) => void;
  errors: FieldErrors<MeasureField>;
}

/** The indicator rows of the fact sheet: name, unit, baseline, target, current value and its day. */
export function IndicatorsEditor({ value, onChange, errors }: IndicatorsEditorProps) {
  const focusKey = useRef<string | null>(null);
  // A new row gets the focus on its name; after a removal, the add button keeps it.
  useEffect(() => {
    if (!focusKey.current) return;
    const index = value.findIndex((row) => row.key === focusKey.current);
    focusKey.current = null;
    document.getElementById(index >= 0 ? `field-indicators.${index}.name` : 'indicator-add')?.focus();
  }, [value]);

  const change = (index: number, part: IndicatorPart) => (text: string) =>
    onChange(value.map((row, n) => (n === index ? { ...row, [part]: text } : row)));

  return (
    <div className="indicators">
      <p className="fieldset-hint">{t.intro}</p>
      {errors.indicators ? <p className="field-error">{errors.indicators}</p> : null}
      {value.length === 0 ? <p className="muted">{t.none}</p> : null}
      {value.map((row, index) => {
        const name = (part: IndicatorPart): IndicatorField => `indicators.${index}.${part}`;
        const field = (part: IndicatorPart, label: string, hint?: string) => (
          <TextField
            name={name(part)}
            label={label}
            hint={hint}
            required={part === 'name'}
            value={row[part]}
            onChange={change(index, part)}
            error={errors[name(part)]}
          />
        );
        return (
          <fieldset key={row.key} className="fieldset indicator">
            <legend>
              {t.row(index + 1)}
              {row.name.trim() ? `: ${row.name.trim()}` : ''}
            </legend>
            {field('name', t.name)}
            <div className="indicator-values">
              {field('unit', t.unit, t.unitHint)}
              {field('baseline', t.baseline)}
              {field('target', t.target)}
              {field('currentValue', t.currentValue)}
              {field('currentAsOf', t.currentAsOf, de.measureSheet.form.dateHint)}
            </div>
            <button
              type="button"
              className="button button-secondary indicator-remove"
              aria-label={t.remove(row.name.trim() || t.row(index + 1))}
              onClick={() => {
                focusKey.current = 'removed';
                onChange(value.filter((_, n) => n !== index));
              }}
            >
              {t.removeLabel}
            </button>
          </fieldset>
        );
      })}
      {value.length < MAX_INDICATORS ? (
        <button
          id="indicator-add"
          type="button"
          className="button button-secondary indicator-add"
          onClick={() => {
            const row = emptyIndicator();
            focusKey.current = row.key;
            onChange([...value, row]);
          }}
        >
          {t.add}
        </button>
      ) : null}
    </div>
  );
}
