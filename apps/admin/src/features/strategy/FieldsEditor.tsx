import type { Schema } from '@werkstatt/api-client';
import { type Dispatch, type SetStateAction, useState } from 'react';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { fieldId, SelectField, TextField } from '../../ui/FormField';
import {
  type FieldErrors,
  type FieldValues,
  MAX_FIELDS,
  type Maturity,
  moveItem,
  type Values,
} from './strategy-form';

const s = de.strategy;

interface FieldsEditorProps {
  values: Values;
  setValues: Dispatch<SetStateAction<Values>>;
  errors: FieldErrors;
  /** Rows moved: messages by index would point at the wrong row. */
  clearErrors: () => void;
  catalogue: readonly Schema<'ActionField'>[];
}

const maturityOptions = s.maturityLevels.map((label, level) => ({
  value: String(level) as Maturity,
  label: s.maturityOption(level, label),
}));

/** After a change of order the control may have been moved in the DOM: put focus back on it. */
const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

const moveId = (fieldKey: string, dir: 'up' | 'down') => `move-${dir}-${fieldKey}`;

/**
 * The chosen action fields in priority order: choose from the program's catalogue, remove, reorder
 * by dragging the handle or with the „Nach oben“ / „Nach unten“ buttons (the new place is announced),
 * and each field's goal, rationale and maturity.
 */
export function FieldsEditor({ values, setValues, errors, clearErrors, catalogue }: FieldsEditorProps) {
  const [choice, setChoice] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const fields = values.fields;
  const chosen = new Set(fields.map((f) => f.actionFieldId));
  const available = catalogue.filter((a) => !chosen.has(a.id));

  const setField = (i: number, patch: Partial<FieldValues>) =>
    setValues((v) => ({ ...v, fields: v.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));

  const move = (from: number, to: number, focus?: 'up' | 'down') => {
    const field = fields[from];
    if (!field || to < 0 || to >= fields.length || from === to) return;
    setValues((v) => ({ ...v, fields: moveItem(v.fields, from, to) }));
    clearErrors();
    setAnnouncement(s.moved(field.title, to + 1, fields.length));
    if (focus) {
      // At either end the button in that direction is disabled: focus its counterpart.
      const atEnd = focus === 'up' ? to === 0 : to === fields.length - 1;
      focusLater(moveId(field.actionFieldId, atEnd ? (focus === 'up' ? 'down' : 'up') : focus));
    }
  };

  const add = () => {
    const field = catalogue.find((a) => a.id === choice);
    if (!field) return;
    const index = fields.length;
    setValues((v) => ({
      ...v,
      fields: [
        ...v.fields,
        {
          actionFieldId: field.id,
          title: field.title,
          goal: '',
          rationale: '',
          maturityNow: '',
          maturityTarget: '',
        },
      ],
    }));
    setChoice('');
    setAnnouncement(s.added(field.title));
    focusLater(fieldId(`fields.${index}.goal`));
  };

  const remove = (i: number) => {
    const field = fields[i];
    if (!field) return;
    setValues((v) => ({ ...v, fields: v.fields.filter((_, j) => j !== i) }));
    clearErrors();
    setAnnouncement(s.removed(field.title));
    focusLater(fieldId('fields'));
  };

  return (
    <fieldset className="form-section strategy-fields">
      <legend>
        <h2 className="section-heading">{s.fields}</h2>
      </legend>
      <p className="field-hint">{s.fieldsHint}</p>
      {errors.fields ? (
        <p className="field-error" id="strategy-fields-error">
          {errors.fields}
        </p>
      ) : null}
      {fields.length === 0 ? <p className="muted">{s.fieldsEmpty}</p> : null}
      <ol className="plain-list strategy-field-list" aria-label={s.fieldsListLabel}>
        {fields.map((field, i) => (
          <li
            key={field.actionFieldId}
            className={`strategy-field${dragging === i ? ' is-dragging' : ''}${dropAt === i && dragging !== i ? ' is-drop-target' : ''}`}
            onDragOver={(event) => {
              if (dragging === null) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setDropAt(i);
            }}
            onDrop={(event) => {
              event.preventDefault();
              if (dragging !== null) move(dragging, i);
              setDragging(null);
              setDropAt(null);
            }}
          >
            <div className="strategy-field-head">
              <span
                className="drag-handle"
                draggable
                title={s.dragHandle}
                aria-hidden="true"
                data-testid={`drag-${field.actionFieldId}`}
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = 'move';
                  event.dataTransfer.setData('text/plain', field.actionFieldId);
                  const row = event.currentTarget.closest('li');
                  if (row) event.dataTransfer.setDragImage(row, 20, 20);
                  setDragging(i);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setDropAt(null);
                }}
              >
                ⋮⋮
              </span>
              <h3 className="strategy-field-title">
                <span className="strategy-field-priority">{i + 1}.</span> {field.title}
                <span className="visually-hidden">, {s.position(i + 1, fields.length)}</span>
              </h3>
              <div className="strategy-field-actions">
                <Button
                  variant="secondary"
                  id={moveId(field.actionFieldId, 'up')}
                  disabled={i === 0}
                  onClick={() => move(i, i - 1, 'up')}
                  aria-label={`${s.moveUp}${s.moveSuffix(field.title)}`}
                >
                  <span aria-hidden="true">↑ </span>
                  {s.moveUp}
                </Button>
                <Button
                  variant="secondary"
                  id={moveId(field.actionFieldId, 'down')}
                  disabled={i === fields.length - 1}
                  onClick={() => move(i, i + 1, 'down')}
                  aria-label={`${s.moveDown}${s.moveSuffix(field.title)}`}
                >
                  <span aria-hidden="true">↓ </span>
                  {s.moveDown}
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => remove(i)}
                  aria-label={`${s.remove}${s.removeSuffix(field.title)}`}
                >
                  {s.remove}
                </Button>
              </div>
            </div>
            <div className="strategy-field-body">
              <TextField
                name={`fields.${i}.goal`}
                label={s.goal}
                hint={s.goalHint}
                multiline
                value={field.goal}
                onChange={(goal) => setField(i, { goal })}
                error={errors[`fields.${i}.goal`]}
              />
              <TextField
                name={`fields.${i}.rationale`}
                label={s.rationale}
                hint={s.rationaleHint}
                multiline
                value={field.rationale}
                onChange={(rationale) => setField(i, { rationale })}
                error={errors[`fields.${i}.rationale`]}
              />
              <div className="strategy-maturity">
                <MaturitySelect
                  name={`fields.${i}.maturityNow`}
                  label={s.maturityNow}
                  value={field.maturityNow}
                  onChange={(maturityNow) => setField(i, { maturityNow })}
                  error={errors[`fields.${i}.maturityNow`]}
                />
                <MaturitySelect
                  name={`fields.${i}.maturityTarget`}
                  label={s.maturityTarget}
                  value={field.maturityTarget}
                  onChange={(maturityTarget) => setField(i, { maturityTarget })}
                  error={errors[`fields.${i}.maturityTarget`]}
                />
              </div>
            </div>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {fields.length >= MAX_FIELDS ? (
        <p className="muted">{s.maxFields}</p>
      ) : available.length === 0 ? (
        <p className="muted">{s.allChosen}</p>
      ) : (
        <div className="strategy-add-field">
          <SelectField
            name="fields"
            label={s.addField}
            placeholder={s.addFieldPlaceholder}
            options={available.map((a) => ({ value: a.id, label: a.title }))}
            value={choice}
            onChange={setChoice}
          />
          <Button variant="secondary" onClick={add} disabled={!choice}>
            {s.addFieldButton}
          </Button>
        </div>
      )}
    </fieldset>
  );
}

function MaturitySelect({
  name,
  label,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  value: Maturity;
  onChange: (value: Maturity) => void;
  error: string | undefined;
}) {
  const id = fieldId(name);
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        className="input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value as Maturity)}
      >
        <option value="">{s.maturityNone}</option>
        {maturityOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
