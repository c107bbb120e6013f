import type { Schema } from '@werkstatt/api-client';
import { useState } from 'react';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Badge } from '../../ui/Badge';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField } from '../../ui/FormField';
import { actionLabel, entityLabel, fieldChanges, type ValueContext } from './describe';

interface AuditEventDialogProps {
  event: Schema<'AuditEvent'> | null;
  actor: string;
  entity: string;
  municipality: string | null;
  values: ValueContext;
  onClose: () => void;
}

/** One event in full: who, when, which row, and its fields before and after, as a table. */
export function AuditEventDialog({
  event,
  actor,
  entity,
  municipality,
  values,
  onClose,
}: AuditEventDialogProps) {
  const [onlyChanged, setOnlyChanged] = useState(false);
  const changes = event ? fieldChanges(event, values) : [];
  const shown = onlyChanged ? changes.filter((c) => c.changed) : changes;
  return (
    <Dialog open={event !== null} title={event ? actionLabel(event.action) : ''} onClose={onClose}>
      {event ? (
        <>
          <dl className="details audit-details">
            <dt>{de.audit.detailWhen}</dt>
            <dd>{formatDateTime(event.occurredAt)}</dd>
            <dt>{de.audit.detailWho}</dt>
            <dd>{actor}</dd>
            <dt>{de.audit.detailWhat}</dt>
            <dd>
              {entityLabel(event.entityType)}: {entity}
            </dd>
            <dt>{de.audit.detailMunicipality}</dt>
            <dd>{municipality ?? de.audit.noMunicipality}</dd>
            {event.requestId ? (
              <>
                <dt>{de.audit.detailRequest}</dt>
                <dd className="audit-request">{event.requestId}</dd>
              </>
            ) : null}
          </dl>
          <h3 className="audit-changes-heading">{de.audit.changesHeading}</h3>
          {changes.length === 0 ? (
            <p>{de.audit.noChanges}</p>
          ) : (
            <>
              <CheckboxField
                name="onlyChanged"
                label={de.audit.onlyChanged}
                checked={onlyChanged}
                onChange={setOnlyChanged}
              />
              <div className="table-scroll">
                <table className="data-table audit-changes">
                  <caption className="visually-hidden">{de.audit.changesCaption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{de.audit.field}</th>
                      <th scope="col">{de.audit.before}</th>
                      <th scope="col">{de.audit.after}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((c) => (
                      <tr key={c.key} className={c.changed ? 'audit-changed' : undefined}>
                        <th scope="row">
                          {c.label}
                          {c.changed ? (
                            <>
                              {' '}
                              <Badge tone="info">{de.audit.changed}</Badge>
                            </>
                          ) : null}
                        </th>
                        <td data-label={de.audit.before}>{c.before}</td>
                        <td data-label={de.audit.after}>{c.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      ) : null}
    </Dialog>
  );
}
