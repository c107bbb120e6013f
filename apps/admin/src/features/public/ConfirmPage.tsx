import { useEffect, useRef } from 'react';
import { $api } from '../../api/client';
import { de } from '../../i18n/de';
import { PublicPage } from '../../ui/PublicPage';
import { LinkProblem } from './LinkProblem';
import { PersonalLinkResult } from './PersonalLinkResult';

/**
 * `APP_URL/anmeldung/bestaetigen?token=…`, the link in the opt-in mail: confirms on opening. Confirming
 * twice answers the current status, so a reload is harmless.
 */
export function ConfirmPage({ token }: { token: string | undefined }) {
  const confirm = $api.useMutation('post', '/v1/public/registrations/confirm');
  const started = useRef(false);
  const { mutate } = confirm;

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    mutate({ body: { token } });
  }, [token, mutate]);

  return (
    <PublicPage title={de.confirm.title}>
      {!token ? (
        <LinkProblem error={undefined} />
      ) : confirm.isError ? (
        <LinkProblem error={confirm.error} onRetry={() => mutate({ body: { token } })} />
      ) : confirm.isSuccess ? (
        <PersonalLinkResult result={confirm.data} />
      ) : (
        <p role="status">{de.confirm.working}</p>
      )}
    </PublicPage>
  );
}
