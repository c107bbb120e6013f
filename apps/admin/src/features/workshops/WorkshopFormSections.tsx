import type { Schema } from '@werkstatt/api-client';
import type { Dispatch, SetStateAction } from 'react';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { fieldId, SelectField, TextField } from '../../ui/FormField';
import { sortByName } from './lookups';
import { type FieldErrors, MAX_DAYS, newKey, nextDay, type Values } from './workshop-form';

const f = de.workshopForm;

interface SectionProps {
  values: Values;
  errors: FieldErrors;
  setValues: Dispatch<SetStateAction<Values>>;
  /** Rows moved: messages by index would point at the wrong row. */
  clearErrors: () => void;
  disabled: boolean;
}

/** After adding or removing a row, focus goes to a control that still exists. */
const focusField = (name: string) =>
  requestAnimationFrame(() => document.getElementById(fieldId(name))?.focus());

/** The days of the workshop, each with its date and hours; add and remove days (1 to 7). */
export function DaysSection({ values, errors, setValues, clearErrors, disabled }: SectionProps) {
  const setDay = (i: number, key: 'date' | 'startsAt' | 'endsAt', value: string) =>
    setValues((v) => ({ ...v, days: v.days.map((d, j) => (j === i ? { ...d, [key]: value } : d)) }));
  return (
    <fieldset className="form-section" disabled={disabled}>
      <legend>{f.schedule}</legend>
      <p className="field-hint">{f.scheduleHint}</p>
      <ol className="plain-list day-list">
        {values.days.map((day, i) => (
          <li key={day.key} className="day-row">
            <fieldset className="row-group">
              <legend className="row-legend">{f.day(i + 1)}</legend>
              <div className="row-fields">
                <TextField
                  name={`days.${i}.date`}
                  label={f.date}
                  hint={f.dateHint}
                  required
                  value={day.date}
                  onChange={(v) => setDay(i, 'date', v)}
                  error={errors[`days.${i}.date`]}
                />
                <TextField
                  name={`days.${i}.startsAt`}
                  label={f.startsAt}
                  hint={f.timeHint}
                  required
                  value={day.startsAt}
                  onChange={(v) => setDay(i, 'startsAt', v)}
                  error={errors[`days.${i}.startsAt`]}
                />
                <TextField
                  name={`days.${i}.endsAt`}
                  label={f.endsAt}
                  hint={f.timeHint}
                  required
                  value={day.endsAt}
                  onChange={(v) => setDay(i, 'endsAt', v)}
                  error={errors[`days.${i}.endsAt`]}
                />
              </div>
              {values.days.length > 1 ? (
                <Button
                  variant="secondary"
                  onClick={() => {
                    setValues((v) => ({ ...v, days: v.days.filter((_, j) => j !== i) }));
                    clearErrors();
                    focusField(`days.${Math.max(0, i - 1)}.date`);
                  }}
                >
                  {f.removeDay(i + 1)}
                </Button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      {values.days.length < MAX_DAYS ? (
        <Button
          variant="secondary"
          onClick={() => {
            setValues((v) => ({ ...v, days: [...v.days, nextDay(v.days)] }));
            focusField(`days.${values.days.length}.date`);
          }}
        >
          {f.addDay}
        </Button>
      ) : null}
    </fieldset>
  );
}

interface MunicipalitiesProps extends SectionProps {
  program: Schema<'Program'> | undefined;
  /** The municipalities eligible for the program, sorted. */
  options: readonly { value: string; label: string }[];
}

/** The capacity and the participating municipalities (host first), each with its quota. */
export function MunicipalitiesSection({
  values,
  errors,
  setValues,
  clearErrors,
  disabled,
  program,
  options,
}: MunicipalitiesProps) {
  const maxMunicipalities = program?.maxMunicipalitiesPerWorkshop ?? 3;
  const quotaSum = values.municipalities.reduce((sum, m) => sum + (Number(m.seats) || 0), 0);
  const setRow = (i: number, key: 'municipalityId' | 'seats', value: string) =>
    setValues((v) => ({
      ...v,
      municipalities: v.municipalities.map((m, j) => (j === i ? { ...m, [key]: value } : m)),
    }));
  return (
    <fieldset className="form-section" disabled={disabled}>
      <legend>{f.municipalities}</legend>
      <TextField
        name="capacity"
        type="number"
        label={f.capacity}
        hint={program ? f.capacityHint(program.maxParticipants) : undefined}
        required
        value={values.capacity}
        onChange={(v) => setValues((x) => ({ ...x, capacity: v }))}
        error={errors.capacity}
      />
      <p className="field-hint">{f.municipalitiesHint(maxMunicipalities)}</p>
      <ol className="plain-list municipality-list">
        {values.municipalities.map((row, i) => (
          <li key={row.key} className="municipality-row">
            <fieldset className="row-group">
              <legend className="row-legend">{f.municipality(i + 1)}</legend>
              <div className="row-fields row-fields-municipality">
                <SelectField
                  name={`municipalities.${i}.municipalityId`}
                  label={f.municipality(i + 1)}
                  placeholder={f.municipalityPlaceholder}
                  required
                  options={options}
                  value={row.municipalityId}
                  onChange={(v) => setRow(i, 'municipalityId', v)}
                  error={errors[`municipalities.${i}.municipalityId`]}
                />
                <TextField
                  name={`municipalities.${i}.seats`}
                  type="number"
                  label={f.seats(i + 1)}
                  hint={f.seatsHint}
                  value={row.seats}
                  onChange={(v) => setRow(i, 'seats', v)}
                  error={errors[`municipalities.${i}.seats`]}
                />
              </div>
              {values.municipalities.length > 1 ? (
                <Button
                  variant="secondary"
                  onClick={() => {
                    setValues((v) => ({
                      ...v,
                      municipalities: v.municipalities.filter((_, j) => j !== i),
                    }));
                    clearErrors();
                    focusField(`municipalities.${Math.max(0, i - 1)}.municipalityId`);
                  }}
                >
                  {f.removeMunicipality(i + 1)}
                </Button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      {values.municipalities.length < maxMunicipalities ? (
        <Button
          variant="secondary"
          onClick={() => {
            setValues((v) => ({
              ...v,
              municipalities: [...v.municipalities, { key: newKey(), municipalityId: '', seats: '' }],
            }));
            focusField(`municipalities.${values.municipalities.length}.municipalityId`);
          }}
        >
          {f.addMunicipality}
        </Button>
      ) : null}
      {quotaSum > 0 && Number(values.capacity) > 0 ? (
        <p className="muted small" aria-live="polite">
          {f.quotaSum(quotaSum, Number(values.capacity))}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The moderators to assign (users with the role moderator), as checkboxes. */
export function ModeratorsSection({
  values,
  errors,
  setValues,
  disabled,
  moderators,
}: SectionProps & { moderators: readonly Schema<'User'>[] }) {
  return (
    <fieldset
      className={`form-section${errors.moderatorIds ? ' field-invalid' : ''}`}
      disabled={disabled}
      aria-describedby={`moderators-hint${errors.moderatorIds ? ' moderators-error' : ''}`}
    >
      <legend>{f.moderators}</legend>
      <p className="field-hint" id="moderators-hint">
        {f.moderatorsHint}
      </p>
      {errors.moderatorIds ? (
        <p className="field-error" id="moderators-error">
          {errors.moderatorIds}
        </p>
      ) : null}
      {moderators.length === 0 ? <p className="muted">{f.noModerators}</p> : null}
      {sortByName(moderators).map((user, i) => (
        <div className="checkbox-row" key={user.id}>
          <input
            type="checkbox"
            className="checkbox"
            id={i === 0 ? fieldId('moderatorIds') : `${fieldId('moderatorIds')}-${user.id}`}
            checked={values.moderatorIds.includes(user.id)}
            aria-invalid={errors.moderatorIds ? true : undefined}
            onChange={(e) =>
              setValues((v) => ({
                ...v,
                moderatorIds: e.target.checked
                  ? [...v.moderatorIds, user.id]
                  : v.moderatorIds.filter((id) => id !== user.id),
              }))
            }
          />
          <label htmlFor={i === 0 ? fieldId('moderatorIds') : `${fieldId('moderatorIds')}-${user.id}`}>
            {user.name}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** When registration opens and closes: dates with optional times, Berlin time. */
export function RegistrationSection({ values, errors, setValues, disabled }: SectionProps) {
  return (
    <fieldset className="form-section" disabled={disabled}>
      <legend>{f.registration}</legend>
      <p className="field-hint">{f.registrationHint}</p>
      <div className="row-fields row-fields-two">
        <TextField
          name="registrationOpensAt"
          label={f.registrationOpensAt}
          hint={f.dateHint}
          value={values.registrationOpensAt}
          onChange={(v) => setValues((x) => ({ ...x, registrationOpensAt: v }))}
          error={errors.registrationOpensAt}
        />
        <TextField
          name="registrationOpensTime"
          label={f.registrationOpensTime}
          hint={f.registrationOpensTimeHint}
          value={values.registrationOpensTime}
          onChange={(v) => setValues((x) => ({ ...x, registrationOpensTime: v }))}
          error={errors.registrationOpensTime}
        />
        <TextField
          name="registrationClosesAt"
          label={f.registrationClosesAt}
          hint={f.dateHint}
          value={values.registrationClosesAt}
          onChange={(v) => setValues((x) => ({ ...x, registrationClosesAt: v }))}
          error={errors.registrationClosesAt}
        />
        <TextField
          name="registrationClosesTime"
          label={f.registrationClosesTime}
          hint={f.registrationClosesTimeHint}
          value={values.registrationClosesTime}
          onChange={(v) => setValues((x) => ({ ...x, registrationClosesTime: v }))}
          error={errors.registrationClosesTime}
        />
      </div>
    </fieldset>
  );
}
