import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useState } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { formatDate } from '../../i18n/format';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { type Column, DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/FormField';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { InvitationQr } from './InvitationQr';
import { withName, workshopProblemMessage } from './problems';
import type { Workshop } from './queries';

type Invitation = Schema<'Invitation'>;
type CreatedInvitation = Schema<'CreatedInvitation'>;

const t = de.workshopDetail.invitations;

/** The state of a link as people read it. */
export function invitationState(i: Invitation, now = new Date()): string {
  if (i.revokedAt) return t.revoked;
  if (i.expiresAt && new Date(i.expiresAt) <= now) return t.expired;
  return i.expiresAt ? `${t.active}, ${t.expires(formatDate(i.expiresAt))}` : t.active;
}

const isLive = (i: Invitation, now = new Date()) =>
  !i.revokedAt && !(i.expiresAt && new Date(i.expiresAt) <= now);

interface InvitationsProps {
  workshop: Workshop;
  municipalityNames: Map<string, string>;
  /** New links and revoking are over once the workshop is cancelled or held. */
  editable: boolean;
}

export function Invitations({ workshop, municipalityNames, editable }: InvitationsProps) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const init = { params: { path: { id: workshop.id }, query: { limit: 200 } } };
  const list = $api.useQuery('get', '/v1/workshops/{id}/invitations', init);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [qrOf, setQrOf] = useState<Invitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const revoke = $api.useMutation('post', '/v1/workshops/{id}/invitations/{invitationId}/revoke');
  const nameOf = (id: string) => municipalityNames.get(id) ?? '';

  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['get', '/v1/workshops/{id}/invitations'] });

  const confirmRevoke = async () => {
    if (!revoking || revoke.isPending) return;
    try {
      await revoke.mutateAsync({ params: { path: { id: workshop.id, invitationId: revoking.id } } });
      if (created?.id === revoking.id) setCreated(null);
      setRevoking(null);
      toast('success', t.revokedDone);
      await refresh();
    } catch (error) {
      setRevokeError(workshopProblemMessage(error));
    }
  };

  const columns: Column<Invitation>[] = [
    { key: 'municipality', header: t.municipality, rowHeader: true, cell: (i) => nameOf(i.municipalityId) },
    {
      key: 'created',
      header: t.created,
      cell: (i) => formatDate(i.createdAt),
      sortValue: (i) => i.createdAt,
    },
    { key: 'uses', header: t.uses, numeric: true, cell: (i) => t.usesOf(i.useCount, i.maxUses) },
    { key: 'state', header: t.state, cell: (i) => invitationState(i) },
    {
      key: 'actions',
      header: t.actions,
      cell: (i) =>
        isLive(i) ? (
          <div className="wd-row-actions">
            <Button
              variant="secondary"
              aria-label={withName(t.showQr, nameOf(i.municipalityId))}
              onClick={() => setQrOf(i)}
            >
              {t.showQr}
            </Button>
            {editable ? (
              <Button
                variant="secondary"
                aria-label={withName(t.revoke, nameOf(i.municipalityId))}
                onClick={() => {
                  setRevokeError(null);
                  setRevoking(i);
                }}
              >
                {t.revoke}
              </Button>
            ) : null}
          </div>
        ) : null,
    },
  ];

  return (
    <section className="card wd-section" aria-labelledby="wd-invitations">
      <h2 id="wd-invitations">{t.heading}</h2>
      <p className="muted wd-intro">{t.intro}</p>
      <Dialog open={qrOf !== null} title={t.qrTitle} onClose={() => setQrOf(null)}>
        {qrOf ? (
          <>
            <p>{nameOf(qrOf.municipalityId)}</p>
            <InvitationQr
              workshopId={workshop.id}
              invitationId={qrOf.id}
              municipality={nameOf(qrOf.municipalityId)}
            />
          </>
        ) : null}
      </Dialog>
      <Dialog
        open={revoking !== null}
        title={t.revokeTitle}
        role="alertdialog"
        onClose={() => setRevoking(null)}
        footer={
          <>
            <Button variant="danger" busy={revoke.isPending} busyLabel={de.ui.saving} onClick={confirmRevoke}>
              {t.revokeSubmit}
            </Button>
            <Button variant="secondary" onClick={() => setRevoking(null)}>
              {de.ui.cancel}
            </Button>
          </>
        }
      >
        {revokeError ? <Alert tone="error" title={revokeError} focusOnMount /> : null}
        <p>{t.revokeQuestion}</p>
      </Dialog>
      {created ? (
        <CreatedLink
          created={created}
          workshopId={workshop.id}
          municipality={nameOf(created.municipalityId)}
          key={created.id}
        />
      ) : null}
      {editable ? (
        <CreateInvitationForm
          workshop={workshop}
          municipalityNames={municipalityNames}
          onCreated={async (next) => {
            setCreated(next);
            await refresh();
          }}
        />
      ) : null}
      <QueryState query={list}>
        {(page) => (
          <div className="wd-table">
            <DataTable
              caption={t.caption}
              captionHidden
              columns={columns}
              rows={page.data}
              rowKey={(i) => i.id}
              initialSort={{ key: 'created', direction: 'descending' }}
              empty={<p>{t.empty}</p>}
            />
          </div>
        )}
      </QueryState>
    </section>
  );
}

/** The link just made: the only time its address is shown, with copy, QR code and PNG. */
function CreatedLink({
  created,
  workshopId,
  municipality,
}: {
  created: CreatedInvitation;
  workshopId: string;
  municipality: string;
}) {
  return (
    <Alert tone="success" title={t.createdTitle} focusOnMount>
      <p>{t.createdText}</p>
      <div className="wd-link-row">
        <label className="field-label" htmlFor="wd-created-link">
          {t.link} ({municipality})
        </label>
        <input id="wd-created-link" className="input wd-link" readOnly value={created.url} />
        <CopyButton text={created.url} />
      </div>
      <InvitationQr workshopId={workshopId} invitationId={created.id} municipality={municipality} />
    </Alert>
  );
}

function CreateInvitationForm({
  workshop,
  municipalityNames,
  onCreated,
}: {
  workshop: Workshop;
  municipalityNames: Map<string, string>;
  onCreated: (created: CreatedInvitation) => void;
}) {
  const ids = workshop.municipalityIds;
  const [municipalityId, setMunicipalityId] = useState(ids.length === 1 ? (ids[0] ?? '') : '');
  const [maxUses, setMaxUses] = useState('');
  const [errors, setErrors] = useState<{ municipality?: string; maxUses?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = $api.useMutation('post', '/v1/workshops/{id}/invitations');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const uses = maxUses.trim() === '' ? undefined : Number(maxUses);
    const next: typeof errors = {};
    if (!municipalityId) next.municipality = de.workshopDetail.register.missingMunicipality;
    if (uses !== undefined && !(Number.isInteger(uses) && uses >= 1 && uses <= 500))
      next.maxUses = t.maxUsesInvalid;
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0) return;
    try {
      const created = await create.mutateAsync({
        params: { path: { id: workshop.id } },
        body: { municipalityId, ...(uses !== undefined ? { maxUses: uses } : {}) },
      });
      setMaxUses('');
      onCreated(created);
    } catch (error) {
      setFormError(workshopProblemMessage(error));
    }
  };

  return (
    <form
      className="wd-create-invitation"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="wd-create-invitation"
    >
      <h3 id="wd-create-invitation">{t.createHeading}</h3>
      {formError ? <Alert tone="error" title={formError} focusOnMount /> : null}
      <div className="wd-create-fields">
        {ids.length > 1 ? (
          <SelectField
            name="invitationMunicipality"
            label={t.forMunicipality}
            placeholder={de.workshopDetail.register.municipalityPlaceholder}
            options={ids.map((id) => ({ value: id, label: municipalityNames.get(id) ?? '' }))}
            required
            value={municipalityId}
            onChange={setMunicipalityId}
            error={errors.municipality}
          />
        ) : null}
        <TextField
          name="invitationMaxUses"
          label={t.maxUses}
          hint={t.maxUsesHint}
          value={maxUses}
          onChange={setMaxUses}
          error={errors.maxUses}
        />
      </div>
      <div className="wd-inline-actions">
        <Button type="submit" busy={create.isPending} busyLabel={t.creating}>
          {t.create}
        </Button>
      </div>
    </form>
  );
}
