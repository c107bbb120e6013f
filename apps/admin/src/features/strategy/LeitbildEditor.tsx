import { useState } from 'react';
import { de } from '../../i18n/de';
import { fieldId } from '../../ui/FormField';
import { Markdown } from './markdown';

const s = de.strategy;

interface LeitbildEditorProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/**
 * The Leitbild in Markdown, with a switch between writing and the preview as the PDF renders it. On
 * wide screens both show side by side and the switch is hidden (see strategy.css).
 */
export function LeitbildEditor({ value, onChange, error }: LeitbildEditorProps) {
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const id = fieldId('vision');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <fieldset className="form-section">
      <legend>
        <h2 className="section-heading">{s.leitbild}</h2>
      </legend>
      <div className="leitbild-switch">
        <button
          type="button"
          className="switch-button"
          aria-pressed={mode === 'write'}
          onClick={() => setMode('write')}
        >
          {s.write}
        </button>
        <button
          type="button"
          className="switch-button"
          aria-pressed={mode === 'preview'}
          onClick={() => setMode('preview')}
        >
          {s.preview}
        </button>
      </div>
      <div className={`leitbild-editor leitbild-mode-${mode}`}>
        <div className={`field leitbild-write${error ? ' field-invalid' : ''}`}>
          <label htmlFor={id} className="field-label">
            {s.leitbild}
          </label>
          <p id={hintId} className="field-hint">
            {s.leitbildHint}
          </p>
          {error ? (
            <p id={errorId} className="field-error">
              {error}
            </p>
          ) : null}
          <textarea
            id={id}
            name="vision"
            className="input leitbild-input"
            rows={14}
            value={value}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange(event.target.value)}
          />
        </div>
        <section className="leitbild-preview" aria-label={s.previewLabel}>
          <p className="field-label" aria-hidden="true">
            {s.preview}
          </p>
          <div className="leitbild-paper">
            {value.trim() ? (
              <Markdown text={value} headingBase={3} />
            ) : (
              <p className="muted">{s.previewEmpty}</p>
            )}
          </div>
        </section>
      </div>
    </fieldset>
  );
}
