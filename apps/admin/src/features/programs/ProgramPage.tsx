import { Link } from '@tanstack/react-router';
import { $api } from '../../api/client';
import { useIsProgramAdmin } from '../../app/useCurrentUser';
import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { ActionFieldsSection } from './ActionFieldsSection';
import { periodOf } from './ProgramsPage';
import type { Program } from './program-values';
import '../../ui/layout.css';
import './programs.css';

const t = de.programs;
const kinds = de.municipalities.kinds;

/** `/programme/{id}`: the program's rules and its catalog of Handlungsfelder. */
export function ProgramPage({ programId }: { programId: string }) {
  const program = $api.useQuery('get', '/v1/programs/{id}', { params: { path: { id: programId } } });
  return (
    <QueryState query={program} loadingLabel={t.loading}>
      {(p) => <ProgramDetail program={p} />}
    </QueryState>
  );
}

function ProgramDetail({ program: p }: { program: Program }) {
  const canManage = useIsProgramAdmin();
  const d = t.details;
  return (
    <>
      <PageHeader
        title={p.name}
        subtitle={periodOf(p)}
        back={
          <Link to="/programme" className="link">
            {t.backToList}
          </Link>
        }
        actions={
          canManage ? (
            <Link
              to="/programme/$programId/bearbeiten"
              params={{ programId: p.id }}
              className="button button-secondary"
            >
              {t.edit}
            </Link>
          ) : null
        }
      />
      <section className="panel program-rules" aria-labelledby="program-rules">
        <h2 id="program-rules">{d.heading}</h2>
        {p.description ? <p>{p.description}</p> : null}
        <dl className="details">
          <dt>{d.kinds}</dt>
          <dd>
            <ul className="plain-list">
              {p.eligibleKinds.map((kind) => (
                <li key={kind}>{kinds[kind]}</li>
              ))}
            </ul>
          </dd>
          <dt>{d.municipalitiesPerWorkshop}</dt>
          <dd>{p.maxMunicipalitiesPerWorkshop}</dd>
          <dt>{d.participants}</dt>
          <dd>{p.maxParticipants}</dd>
          <dt>{d.dotVotes}</dt>
          <dd>{p.dotVotesPerField}</dd>
          <dt>{d.contact}</dt>
          <dd>
            {p.contact ? (
              <>
                <span className="cell-line">{p.contact.name}</span>
                {p.contact.organisation ? <span className="cell-line">{p.contact.organisation}</span> : null}
                <a className="cell-line link-quiet" href={`mailto:${p.contact.email}`}>
                  {p.contact.email}
                </a>
                {p.contact.phone ? <span className="cell-line">{p.contact.phone}</span> : null}
              </>
            ) : (
              d.noContact
            )}
          </dd>
        </dl>
      </section>
      <ActionFieldsSection programId={p.id} canManage={canManage} />
    </>
  );
}
