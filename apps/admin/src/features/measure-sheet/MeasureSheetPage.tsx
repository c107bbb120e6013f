import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { etagFor } from '../../api/etag';
import { isProblem, problemMessage } from '../../api/problems';
import { de } from '../../i18n/de';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { PeerFinderDialog } from '../measures/PeerFinderDialog';
import { useWorkspace } from '../workspace/useWorkspace';
import { IndicatorsTable, MeasureFacts, StepsList } from './MeasureFacts';
import { type FieldOption, MeasureForm } from './MeasureForm';
import { type Measure, measurePath } from './measure-values';
import { ProgressLine } from './Progress';
import { StepsChecklist } from './StepsChecklist';
import './measure-sheet.css';

const t = de.measureSheet;

/** The action fields a measure can belong to: the strategy's chosen ones first, then the program's others. */
function useActionFields(municipalityId: string): FieldOption[] {
  const strategy = $api.useQuery('get', '/v1/municipalities/{id}/strategy', {
    params: { path: { id: municipalityId } },
  });
  const programId = strategy.data?.programId ?? '';
  const catalog = $api.useQuery(
    'get',
    '/v1/programs/{programId}/action-fields',
    { params: { path: { programId }, query: { limit: 200 } } },
    { enabled: programId !== '' },
  );
  return useMemo(() => {
    const chosen = (strategy.data?.fields ?? []).map((f) => ({
      value: f.actionFieldId,
      label: f.actionFieldTitle,
    }));
    const known = new Set(chosen.map((o) => o.value));
    const others = (catalog.data?.data ?? [])
      .filter((f) => !known.has(f.id))
      .map((f) => ({ value: f.id, label: f.title }));
    return [...chosen, ...others];
  }, [strategy.data, catalog.data]);
}

/** `/arbeitsbereich/{municipalityId}/massnahmen/{measureId}`: a measure's fact sheet. */
export function MeasureSheetPage({ measureId }: { measureId: string }) {
  const { municipalityId } = useWorkspace();
  const measure = $api.useQuery('get', '/v1/municipalities/{id}/measures/{measureId}', {
    params: { path: { id: municipalityId, measureId } },
  });
  return (
    <QueryState query={measure} loadingLabel={t.loading}>
      {(data) => <MeasureSheet measure={data} />}
    </QueryState>
  );
}

function MeasureSheet({ measure }: { measure: Measure }) {
  const { municipalityId, canEdit } = useWorkspace();
  const actionFields = useActionFields(municipalityId);
  const steps = $api.useQuery('get', '/v1/municipalities/{id}/measures/{measureId}/steps', {
    params: { path: { id: municipalityId, measureId: measure.id } },
  });
  const [peersOpen, setPeersOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  // The form starts from the version first read; the page follows newer reads (progress after a tick).
  const [start] = useState(measure);
  const fieldTitle = actionFields.find((o) => o.value === measure.actionFieldId)?.label ?? '';

  const back = (
    <Link to="/arbeitsbereich/$municipalityId/massnahmen" params={{ municipalityId }} className="link">
      {t.backToList}
    </Link>
  );
  const subtitle = (
    <p className="measure-subtitle">
      {fieldTitle ? <span>{t.subtitle(fieldTitle)}</span> : null}
      <Badge
        tone={measure.status === 'done' ? 'success' : measure.status === 'in_progress' ? 'info' : 'neutral'}
      >
        {t.statuses[measure.status]}
      </Badge>
      {measure.overdue ? <Badge tone="danger">{t.overdue}</Badge> : null}
    </p>
  );
  const actions = (
    <>
      <Button variant="secondary" onClick={() => setPeersOpen(true)}>
        {t.peers}
      </Button>
      {canEdit ? (
        <Button variant="danger" onClick={() => setDeleteOpen(true)}>
          {t.delete}
        </Button>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader title={measure.title} subtitle={subtitle} back={back} actions={actions} />
      {canEdit ? null : <p className="muted">{t.readOnlyNote}</p>}
      <div className="measure-sheet">
        {/* Progress and steps first: on a phone or tablet they are what a meeting works through. */}
        <div className="measure-side">
          <section className="panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading">{t.sections.progress}</h2>
            <ProgressLine measure={measure} announce />
            <p className="muted small">
              {measure.progressSource === 'steps' ? t.progress.fromStepsHint : t.progress.manualHint}
            </p>
          </section>
          <section className="panel" aria-labelledby="steps-heading">
            <h2 id="steps-heading">{t.sections.steps}</h2>
            {canEdit ? <p className="muted">{t.steps.intro}</p> : null}
            <QueryState query={steps}>
              {(list) =>
                canEdit ? (
                  <StepsChecklist municipalityId={municipalityId} measureId={measure.id} steps={list.data} />
                ) : (
                  <StepsList steps={list.data} />
                )
              }
            </QueryState>
          </section>
        </div>
        <div className="measure-main">
          {canEdit ? (
            <MeasureForm measure={start} live={measure} actionFields={actionFields} leaving={leaving} />
          ) : (
            <>
              <MeasureFacts measure={measure} fieldTitle={fieldTitle} />
              <section className="panel" aria-labelledby="indicators-heading">
                <h2 id="indicators-heading">{t.sections.indicators}</h2>
                <IndicatorsTable measure={measure} />
              </section>
            </>
          )}
        </div>
      </div>
      <PeerFinderDialog
        municipalityId={municipalityId}
        measure={peersOpen ? measure : null}
        onClose={() => setPeersOpen(false)}
      />
      {canEdit ? (
        <DeleteMeasure
          measure={measure}
          open={deleteOpen}
          onClose={() => setDeleteOpen(false)}
          onDeleted={() => setLeaving(true)}
          leaving={leaving}
        />
      ) : null}
    </>
  );
}

function DeleteMeasure({
  measure,
  open,
  onClose,
  onDeleted,
  leaving,
}: {
  measure: Measure;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
  leaving: boolean;
}) {
  const remove = $api.useMutation('delete', '/v1/municipalities/{id}/measures/{measureId}');
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const municipalityId = measure.municipalityId;

  // Leaves only once the form's unsaved-changes guard knows the page is leaving on purpose.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, after deleting
  useEffect(() => {
    if (!leaving) return;
    toast('success', t.deleted(measure.title));
    // The list's key ([method, path, init]) starts so; the fact sheet's own path is another string.
    void queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/measures'] });
    void navigate({ to: '/arbeitsbereich/$municipalityId/massnahmen', params: { municipalityId } });
  }, [leaving]);

  const confirm = async () => {
    const etag = etagFor(measurePath(municipalityId, measure.id));
    try {
      await remove.mutateAsync({
        params: {
          path: { id: municipalityId, measureId: measure.id },
          header: { 'if-match': etag ?? '' },
        },
      });
      onDeleted();
    } catch (problem) {
      setError(
        isProblem(problem) && problem.status === 412
          ? t.deleteConflict
          : isProblem(problem) && problem.status === 403
            ? t.forbidden
            : problemMessage(problem),
      );
    }
  };

  return (
    <ConfirmDialog
      open={open}
      title={t.deleteTitle(measure.title)}
      confirmLabel={t.deleteConfirm}
      busy={remove.isPending}
      busyLabel={t.deleting}
      error={error}
      onConfirm={() => void confirm()}
      onClose={() => {
        setError(null);
        onClose();
      }}
    >
      <p>{t.deleteText}</p>
    </ConfirmDialog>
  );
}
