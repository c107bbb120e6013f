import { useMunicipalities } from '../../app/municipalities';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { PageHeader } from '../../ui/PageHeader';
import { ApiKeyDialogs } from './ApiKeyDialogs';
import { ApiKeyTable } from './ApiKeyTable';
import { useApiKeyActions } from './useApiKeyActions';
import './api-keys.css';

/** Every API key: program-wide ones and those bound to a municipality. */
export function ApiKeysPage() {
  const municipalities = useMunicipalities();
  const actions = useApiKeyActions();

  return (
    <>
      <PageHeader
        title={de.apiKeys.title}
        subtitle={de.apiKeys.subtitle}
        actions={<Button onClick={actions.startCreate}>{de.apiKeys.create}</Button>}
      />
      <ApiKeyTable
        caption={de.apiKeys.tableCaption}
        empty={de.apiKeys.empty}
        onRevoke={actions.startRevoke}
        municipalityName={municipalities.nameOf}
        showExpiry
      />
      <ApiKeyDialogs actions={actions} />
    </>
  );
}
