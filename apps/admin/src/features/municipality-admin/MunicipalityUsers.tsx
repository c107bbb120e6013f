import { useCurrentUser } from '../../app/useCurrentUser';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { UserDialogs } from '../users/UserDialogs';
import { UserTable } from '../users/UserTable';
import { useUserActions } from '../users/useUserActions';
import { useUserList } from '../users/useUserList';
import { useWorkspace } from '../workspace/useWorkspace';
import '../users/users.css';

const t = de.municipalityAdmin.users;

/**
 * The municipality's users, with the program office's dialogs fixed to this municipality: only its
 * roles are offered and nobody is moved to another municipality (the API's rule for its admins).
 */
export function MunicipalityUsers() {
  const { municipalityId } = useWorkspace();
  const me = useCurrentUser();
  const actions = useUserActions();
  const { list, users } = useUserList({ municipalityId });

  return (
    <section className="card admin-section" aria-labelledby="admin-users">
      <div className="section-head">
        <h2 id="admin-users">{t.heading}</h2>
        <Button onClick={() => actions.show({ kind: 'invite' })}>{t.invite}</Button>
      </div>
      <p>{t.intro}</p>
      <ul className="role-help small">
        {(Object.keys(t.roleHelp) as (keyof typeof t.roleHelp)[]).map((role) => (
          <li key={role}>{t.roleHelp[role]}</li>
        ))}
      </ul>
      <UserTable
        list={list}
        rows={users}
        loadingLabel={t.loading}
        caption={t.caption}
        empty={t.empty}
        notes={users.some((u) => u.id === me?.id) ? <p className="small">{t.selfHint}</p> : null}
        onOpen={actions.show}
      />
      <UserDialogs actions={actions} municipalityId={municipalityId} />
    </section>
  );
}
