import type { Schema } from '@werkstatt/api-client';
import { type FormEvent, useEffect, useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { useMunicipalities } from '../../app/municipalities';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ConflictDialog } from '../../ui/ConflictDialog';
import { Dialog } from '../../ui/Dialog';
import { SelectField } from '../../ui/FormField';
import { QueryState } from '../../ui/QueryState';
import { useUnsavedChanges } from '../../ui/useUnsavedChanges';
import { isConflict, userProblem } from './problems';
import { municipalityRoleOptions, needsMunicipality, type Role, roleOptions } from './roles';

type User = Schema<'User'>;

interface ChangeRoleDialogProps {
  user: User;
  onClose: () => void;
  onChanged: (user: User) => void;
  /**
   * Within this one municipality (its workspace's administration): only the municipality roles are
   * offered, and the municipality is neither asked for nor sent (the API lets only program
   * administrators move users between municipalities).
   */
  municipalityId?: string;
}

/**
 * Changes a user's role (and, for a municipality role, the municipality). The current version is read
 * when the dialog opens; its ETag goes with the change, so an edit by someone else in between is a
 * conflict, not a silent overwrite.
 */
export function ChangeRoleDialog({ user, onClose, onChanged, municipalityId: fixed }: ChangeRoleDialogProps) {
  const path = `/v1/users/${user.id}`;
  const current = $api.useQuery('get', '/v1/users/{id}', { params: { path: { id: user.id } } });
  const municipalities = useMunicipalities();
  const update = $api.useMutation('patch', '/v1/users/{id}');
  const [base, setBase] = useState<{ user: User; etag: string | undefined } | null>(null);
  const [role, setRole] = useState<Role | ''>('');
  const [municipalityId, setMunicipalityId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  // The form takes its values and the ETag once, from the version it shows.
  useEffect(() => {
    if (current.data && base === null) {
      setBase({ user: current.data, etag: etagFor(path) });
      setRole(current.data.role);
      setMunicipalityId(current.data.municipalityId ?? '');
    }
  }, [current.data, base, path]);

  const target = fixed ?? (needsMunicipality(role) ? municipalityId || null : null);
  const dirty = base !== null && (role !== base.user.role || target !== base.user.municipalityId);
  useUnsavedChanges(dirty && !update.isSuccess);

  const close = () => {
    if (dirty && !window.confirm(de.users.discardConfirm)) return;
    onClose();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!base || !role || update.isPending) return;
    if (!dirty) return setError(de.users.roleUnchanged);
    if (needsMunicipality(role) && !municipalityId) return setError(de.users.missingMunicipality);
    setError(null);
    try {
      const changed = await update.mutateAsync({
        params: { path: { id: user.id }, header: base.etag ? { 'if-match': base.etag } : {} },
        body: fixed ? { role } : { role, municipalityId: target },
      });
      onChanged(changed);
    } catch (err) {
      if (isConflict(err)) setConflict(true);
      else setError(userProblem(err));
    }
  };

  const reload = async () => {
    setConflict(false);
    setBase(null);
    await current.refetch();
  };

  return (
    <>
      <Dialog
        open={!conflict}
        title={de.users.roleTitle(user.name)}
        onClose={close}
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              {de.ui.cancel}
            </Button>
            <Button
              type="submit"
              form="change-role-form"
              busy={update.isPending || base === null}
              busyLabel={base === null ? de.app.loading : de.ui.saving}
            >
              {de.users.roleSave}
            </Button>
          </>
        }
      >
        <QueryState query={current} loadingLabel={de.users.loadingUser}>
          {() => (
            <form id="change-role-form" noValidate onSubmit={onSubmit}>
              <Alert tone="info" title={de.users.roleSessionsTitle}>
                <p>{de.users.roleSessionsNote}</p>
              </Alert>
              {error ? <Alert tone="error" title={error} focusOnMount key={error} /> : null}
              <SelectField
                name="newRole"
                label={de.users.role}
                placeholder={de.users.rolePlaceholder}
                options={fixed ? municipalityRoleOptions : roleOptions}
                required
                value={role}
                onChange={setRole}
                {...(role ? { hint: de.users.roleHints[role] } : {})}
              />
              {needsMunicipality(role) && !fixed ? (
                <SelectField
                  name="newMunicipalityId"
                  label={de.users.municipality}
                  hint={de.users.municipalityHint}
                  placeholder={de.users.municipalityPlaceholder}
                  options={municipalities.options}
                  required
                  value={municipalityId}
                  onChange={setMunicipalityId}
                />
              ) : null}
            </form>
          )}
        </QueryState>
      </Dialog>
      <ConflictDialog open={conflict} onReload={reload} onClose={() => setConflict(false)} />
    </>
  );
}
