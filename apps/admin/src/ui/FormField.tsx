import type { ReactNode, Ref } from 'react';
import { de } from '../i18n/de';

/** The id of a field's control; one form per page, so the name is unique. */
export const fieldId = (name: string): string => `field-${name}`;

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}

interface FieldIds {
  inputId: string;
  describedBy: string | undefined;
  invalid: true | undefined;
}

/** Label, hint and error around one control; the control is tied to both through aria-describedby. */
function Field({
  label,
  hint,
  error,
  required,
  inputId,
  children,
}: FieldProps & { inputId: string; children: (ids: FieldIds) => ReactNode }) {
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId} className="field-label">
        {label}
        {required ? <span className="field-required"> {de.form.required}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {children({ inputId, describedBy, invalid: error ? true : undefined })}
    </div>
  );
}

interface TextFieldProps extends FieldProps {
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'time' | 'datetime-local';
  autoComplete?: string;
  multiline?: boolean;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
}

export function TextField({
  name,
  value,
  onChange,
  type = 'text',
  autoComplete,
  multiline,
  inputRef,
  ...field
}: TextFieldProps) {
  const inputId = fieldId(name);
  return (
    <Field {...field} inputId={inputId}>
      {({ describedBy, invalid }) => {
        const common = {
          id: inputId,
          name,
          value,
          ref: inputRef,
          required: field.required,
          'aria-describedby': describedBy,
          'aria-invalid': invalid,
        };
        return multiline ? (
          <textarea {...common} rows={3} className="input" onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input
            {...common}
            type={type}
            autoComplete={autoComplete}
            className="input"
            onChange={(e) => onChange(e.target.value)}
          />
        );
      }}
    </Field>
  );
}

interface SelectFieldProps<V extends string> extends FieldProps {
  name: string;
  value: V | '';
  options: readonly { value: V; label: string }[];
  placeholder: string;
  onChange: (value: V) => void;
  inputRef?: Ref<HTMLSelectElement>;
}

export function SelectField<V extends string>({
  name,
  value,
  options,
  placeholder,
  onChange,
  inputRef,
  ...field
}: SelectFieldProps<V>) {
  const inputId = fieldId(name);
  return (
    <Field {...field} inputId={inputId}>
      {({ describedBy, invalid }) => (
        <select
          id={inputId}
          name={name}
          ref={inputRef}
          value={value}
          required={field.required}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          className="input"
          onChange={(e) => onChange(e.target.value as V)}
        >
          <option value="" disabled>
            {placeholder}
          </option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface CheckboxFieldProps {
  name: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  required?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

export function CheckboxField({
  name,
  label,
  checked,
  onChange,
  error,
  required,
  inputRef,
}: CheckboxFieldProps) {
  const inputId = fieldId(name);
  const errorId = `${inputId}-error`;
  return (
    <div className={`field field-checkbox${error ? ' field-invalid' : ''}`}>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <div className="checkbox-row">
        <input
          id={inputId}
          name={name}
          ref={inputRef}
          type="checkbox"
          className="checkbox"
          checked={checked}
          required={required}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={inputId}>
          {label}
          {required ? <span className="field-required"> {de.form.required}</span> : null}
        </label>
      </div>
    </div>
  );
}
