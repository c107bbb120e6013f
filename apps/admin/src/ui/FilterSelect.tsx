import { fieldId } from './FormField';

interface FilterSelectProps<V extends string> {
  name: string;
  label: string;
  value: V | '';
  options: readonly { value: V; label: string }[];
  /** The first choice, which filters nothing: "Alle", "Alle Kommunen" … */
  allLabel: string;
  hint?: string;
  onChange: (value: V | '') => void;
}

/** A labelled select where "all" (or "none") is a normal choice, unlike a form's SelectField. */
export function FilterSelect<V extends string>({
  name,
  label,
  value,
  options,
  allLabel,
  hint,
  onChange,
}: FilterSelectProps<V>) {
  const id = fieldId(name);
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        className="input"
        aria-describedby={hint ? hintId : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value as V | '')}
      >
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
