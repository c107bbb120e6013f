import { de } from '../../i18n/de';
import { fieldId } from '../../ui/FormField';
import { type Scope, scopeOrder } from './scopes';

interface ScopeChoiceProps {
  value: readonly Scope[];
  onChange: (next: Scope[]) => void;
  error?: string | undefined;
}

/** The scopes as checkboxes, each with what it lets a portal read or change, in German. */
export function ScopeChoice({ value, onChange, error }: ScopeChoiceProps) {
  const errorId = `${fieldId('scopes')}-error`;
  const toggle = (scope: Scope, on: boolean) =>
    onChange(scopeOrder.filter((s) => (s === scope ? on : value.includes(s))));
  return (
    <fieldset className={`field scope-choice${error ? ' field-invalid' : ''}`}>
      <legend className="field-label">
        {de.apiKeys.scopesLegend}
        <span className="field-required"> {de.form.required}</span>
      </legend>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {scopeOrder.map((scope, i) => {
        // The first box carries the group's id, so the error summary's link lands in the group.
        const id = i === 0 ? fieldId('scopes') : `${fieldId('scopes')}-${i}`;
        const textId = `${id}-text`;
        return (
          <div key={scope} className={`scope-option${scope === 'personal:read' ? ' scope-personal' : ''}`}>
            <div className="checkbox-row">
              <input
                id={id}
                type="checkbox"
                className="checkbox"
                name="scopes"
                value={scope}
                checked={value.includes(scope)}
                aria-describedby={[textId, error ? errorId : null].filter(Boolean).join(' ')}
                aria-invalid={error ? true : undefined}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <label htmlFor={id}>
                <span className="scope-label">{de.apiKeys.scopes[scope].label}</span>{' '}
                <code className="scope-code">{scope}</code>
              </label>
            </div>
            <p id={textId} className="scope-text">
              {de.apiKeys.scopes[scope].text}
              {scope === 'personal:read' ? <strong> {de.apiKeys.personalWarning}</strong> : null}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
