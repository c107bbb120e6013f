import { fieldId } from './FormField';

interface FilterSelectProps<V extends string> {
  name: string;
  label: string;
  value: V | '';
  options: readonly { value: V; label: string }[];
  /** The first choice, which filters nothing: "Alle", "Alle Kommunen" … */
  allLabel: string;
  onChange: (value: V | '') => void;
}

/** A labelled select of a filter bar; unlike a form's SelectField, "all" is a normal choice. */
export function FilterSelect<V extends string>({
  name,
  label,
  value,
  options,
  allLabel,
  onChange,
}: FilterSelectProps<V>) {
  const id = fieldId(name);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="input"
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
