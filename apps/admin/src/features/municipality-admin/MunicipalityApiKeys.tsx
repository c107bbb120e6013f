import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { ApiKeyDialogs } from '../api-keys/ApiKeyDialogs';
import { ApiKeyTable } from '../api-keys/ApiKeyTable';
import { useApiKeyActions } from '../api-keys/useApiKeyActions';
import { useWorkspace } from '../workspace/useWorkspace';
import '../api-keys/api-keys.css';

const t = de.municipalityAdmin.keys;

/**
 * The municipality's API keys. The API binds every key its administration creates to the
 * municipality, with any of the four scopes; the form explains each in German.
 */
export function MunicipalityApiKeys() {
  const { municipalityId, municipality } = useWorkspace();
  const actions = useApiKeyActions();

  return (
    <section className="card admin-section" aria-labelledby="admin-keys">
      <div className="section-head">
        <h2 id="admin-keys">{t.heading}</h2>
        <Button onClick={actions.startCreate}>{t.create}</Button>
      </div>
      <p>{t.intro}</p>
      <ApiKeyTable
        municipalityId={municipalityId}
        caption={t.caption}
        empty={t.empty}
        onRevoke={actions.startRevoke}
      />
      <ApiKeyDialogs
        actions={actions}
        municipality={{ id: municipalityId, note: t.boundNote(municipality.name) }}
      />
    </section>
  );
}
