import { de } from '../i18n/de';
import { fieldId } from './FormField';

interface CheckboxGroupProps<V extends string> {
  /** The field's name: the first box gets `fieldId(name)`, so an error summary can link to it. */
  name: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange: (value: V[]) => void;
}

/** Several choices of one question, in a fieldset with its legend, hint and error. */
export function CheckboxGroup<V extends string>({
  name,
  legend,
  hint,
  error,
  required,
  options,
  value,
  onChange,
}: CheckboxGroupProps<V>) {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset
      className={`fieldset checkbox-group${error ? ' field-invalid' : ''}`}
      aria-describedby={describedBy || undefined}
    >
      <legend>
        {legend}
        {required ? <span className="field-required"> {de.form.required}</span> : null}
      </legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div className="checkbox-group-options">
        {options.map((option, index) => {
          const boxId = index === 0 ? id : `${id}-${option.value}`;
          const checked = value.includes(option.value);
          return (
            <div className="checkbox-row" key={option.value}>
              <input
                id={boxId}
                type="checkbox"
                className="checkbox"
                name={name}
                value={option.value}
                checked={checked}
                aria-invalid={error ? true : undefined}
                onChange={() =>
                  onChange(
                    checked
                      ? value.filter((v) => v !== option.value)
                      : options.map((o) => o.value).filter((v) => v === option.value || value.includes(v)),
                  )
                }
              />
              <label htmlFor={boxId}>{option.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
