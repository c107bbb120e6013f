import { $api } from '../../api/client';
import { isTransient } from '../../api/problems';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { PublicPage } from '../../ui/PublicPage';
import { LinkProblem } from './LinkProblem';
import { PersonalLinkResult } from './PersonalLinkResult';

/** `APP_URL/anmeldung/absagen?token=…`, the personal cancel link: asks first, cancels on the click. */
export function CancelPage({ token }: { token: string | undefined }) {
  const cancel = $api.useMutation('post', '/v1/public/registrations/cancel');

  if (!token) {
    return (
      <PublicPage title={de.cancel.title}>
        <LinkProblem error={undefined} />
      </PublicPage>
    );
  }
  return (
    <PublicPage title={de.cancel.title}>
      {cancel.isSuccess ? (
        <PersonalLinkResult result={cancel.data} />
      ) : cancel.isError && !isTransient(cancel.error) ? (
        <LinkProblem error={cancel.error} />
      ) : (
        <>
          {cancel.isError ? <LinkProblem error={cancel.error} /> : null}
          <section className="card" aria-labelledby="cancel-question">
            <h2 id="cancel-question">{de.cancel.question}</h2>
            <p>{de.cancel.consequence}</p>
            <Button
              variant="danger"
              busy={cancel.isPending}
              busyLabel={de.cancel.submitting}
              onClick={() => cancel.mutate({ body: { token } })}
            >
              {de.cancel.submit}
            </Button>
          </section>
        </>
      )}
    </PublicPage>
  );
}
