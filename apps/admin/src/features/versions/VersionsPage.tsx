import { useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@werkstatt/api-client';
import { useCallback, useMemo, useState } from 'react';
import { $api } from '../../api/client';
import { problemMessage } from '../../api/problems';
import { formatDateTime } from '../../i18n/berlin';
import { de } from '../../i18n/de';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { type Column, DataTable } from '../../ui/DataTable';
import { SelectField } from '../../ui/FormField';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useWorkspace } from '../workspace/useWorkspace';
import { CreateVersionDialog } from './CreateVersionDialog';
import { DocumentProgress, type FollowDeps } from './DocumentProgress';
import { movesMeasures } from './diff';
import { apiBaseUrl, apiFetch, downloadDocument } from './document-api';
import type { DocumentDto } from './document-follow';
import { documentFacts, statusWord } from './format';
import { comparedPair, type VersionsSearch } from './search';
import { VersionDiffView } from './VersionDiffView';
import './versions.css';
import { LoadMore } from '../../ui/LoadMore';

const t = de.versions;
const PAGE_SIZE = 200;

type Version = Schema<'StrategyVersionSummary'>;

const statusTone: Record<DocumentDto['status'], BadgeTone> = {
  queued: 'neutral',
  rendering: 'info',
  ready: 'success',
  failed: 'danger',
};

export const StatusBadge = ({ status }: { status: DocumentDto['status'] }) => (
  <Badge tone={statusTone[status]}>{statusWord(status)}</Badge>
);

interface VersionsPageProps {
  search: VersionsSearch;
  onSearch: (next: VersionsSearch) => void;
  /** How the progress reaches the API; the page's own by default, a fake one in tests. */
  followDeps?: FollowDeps;
}

export function VersionsPage({ search, onSearch, followDeps }: VersionsPageProps) {
  const { municipalityId, canEdit } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [following, setFollowing] = useState<{ versionNumber: number; document: DocumentDto } | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const deps = useMemo(() => followDeps ?? { fetch: apiFetch, baseUrl: apiBaseUrl() }, [followDeps]);

  const versionList = $api.useInfiniteQuery(
    'get',
    '/v1/municipalities/{id}/strategy/versions',
    { params: { path: { id: municipalityId }, query: { limit: PAGE_SIZE } } },
    {
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  const documentList = $api.useInfiniteQuery(
    'get',
    '/v1/municipalities/{id}/documents',
    { params: { path: { id: municipalityId }, query: { limit: PAGE_SIZE } } },
    {
      initialPageParam: null as unknown as string,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  // The API lists versions oldest first; the page shows the newest first.
  const versions = useMemo(
    () => (versionList.data?.pages.flatMap((p) => p.data) ?? []).slice().sort((x, y) => y.number - x.number),
    [versionList.data],
  );
  const documents = useMemo(() => documentList.data?.pages.flatMap((p) => p.data) ?? [], [documentList.data]);
  const documentOf = useMemo(() => new Map(documents.map((d) => [d.strategyVersionId, d])), [documents]);

  const refreshDocuments = useCallback(
    () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/municipalities/{id}/documents'] }),
    [queryClient],
  );

  const request = $api.useMutation('post', '/v1/municipalities/{id}/strategy/versions/{versionId}/documents');
  const generate = async (version: Pick<Version, 'id' | 'number'>) => {
    if (request.isPending) return;
    try {
      const document = await request.mutateAsync({
        params: {
          path: { id: municipalityId, versionId: version.id },
          header: { 'idempotency-key': crypto.randomUUID() },
        },
      });
      setFollowing({ versionNumber: version.number, document });
      void refreshDocuments();
    } catch (error) {
      toast('error', `${t.generateFailed} ${problemMessage(error)}`);
    }
  };

  const download = async (document: Pick<DocumentDto, 'id' | 'filename'>) => {
    if (downloading) return;
    setDownloading(document.id);
    try {
      await downloadDocument(document.id, document.filename);
    } catch {
      toast('error', t.downloadFailed);
    } finally {
      setDownloading(null);
    }
  };

  const onFinished = useCallback(() => void refreshDocuments(), [refreshDocuments]);

  const pdfCell = (v: Version) => {
    const document = documentOf.get(v.id);
    if (document?.status === 'ready') {
      return (
        <Button
          variant="secondary"
          busy={downloading === document.id}
          busyLabel={t.downloading}
          aria-label={t.downloadFor(v.number)}
          onClick={() => download(document)}
        >
          {t.download}
        </Button>
      );
    }
    if (canEdit && document?.status !== 'queued' && document?.status !== 'rendering') {
      return (
        <Button
          variant="secondary"
          busy={request.isPending && request.variables?.params.path.versionId === v.id}
          busyLabel={t.generating}
          aria-label={t.generateFor(v.number)}
          onClick={() => generate(v)}
        >
          {t.generate}
        </Button>
      );
    }
    if (document) {
      return (
        <span className="versions-pdf-state">
          <StatusBadge status={document.status} />
          <Button
            variant="secondary"
            aria-label={t.showProgressFor(v.number)}
            onClick={() => setFollowing({ versionNumber: v.number, document })}
          >
            {t.showProgress}
          </Button>
        </span>
      );
    }
    return <span className="muted-inline">{t.noPdf}</span>;
  };

  const versionColumns: Column<Version>[] = [
    { key: 'number', header: t.columns.number, rowHeader: true, cell: (v) => t.number(v.number) },
    {
      key: 'label',
      header: t.columns.label,
      cell: (v) => (
        <>
          <span className="versions-line">{v.label}</span>
          <span className="versions-line small muted-inline">{t.contents(v.fieldCount, v.measureCount)}</span>
        </>
      ),
    },
    {
      key: 'createdAt',
      header: t.columns.createdAt,
      cell: (v) => (
        <>
          <span className="versions-line">{formatDateTime(v.createdAt)}</span>
          <span className="versions-line small muted-inline">{t.by(v.createdBy ?? t.unknownAuthor)}</span>
        </>
      ),
    },
    { key: 'pdf', header: t.columns.pdf, cell: pdfCell },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        actions={canEdit ? <Button onClick={() => setCreating(true)}>{t.create}</Button> : null}
      />
      {following ? (
        <DocumentProgress
          key={following.document.id}
          versionNumber={following.versionNumber}
          document={following.document}
          deps={deps}
          onFinished={onFinished}
          onDownload={download}
          downloading={downloading === following.document.id}
          onRetry={
            canEdit
              ? () => generate({ id: following.document.strategyVersionId, number: following.versionNumber })
              : undefined
          }
          retrying={request.isPending}
          onClose={() => setFollowing(null)}
        />
      ) : null}
      <section className="card versions-section" aria-labelledby="versions-list">
        <h2 id="versions-list">{t.listHeading}</h2>
        <QueryState
          query={versionList}
          loadingLabel={t.loading}
          isEmpty={() => versions.length === 0}
          empty={<p>{canEdit ? t.empty : t.emptyViewer}</p>}
        >
          {() => (
            <>
              <DataTable
                caption={t.listCaption}
                captionHidden
                columns={versionColumns}
                rows={versions}
                rowKey={(v) => v.id}
              />
              <LoadMore pages={versionList} />
            </>
          )}
        </QueryState>
      </section>
      {versions.length > 0 ? (
        <Compare municipalityId={municipalityId} versions={versions} search={search} onSearch={onSearch} />
      ) : null}
      <section className="card versions-section" aria-labelledby="versions-documents">
        <h2 id="versions-documents">{t.documents.heading}</h2>
        <QueryState
          query={documentList}
          loadingLabel={t.documents.loading}
          isEmpty={() => documents.length === 0}
          empty={<p>{t.documents.empty}</p>}
        >
          {() => (
            <>
              <ul className="plain-list versions-docs" aria-label={t.documents.caption}>
                {documents.map((d) => (
                  <li key={d.id} className="versions-doc">
                    <div>
                      <p className="versions-doc-title">
                        <strong>{t.number(d.version.number)}</strong> – {d.version.label}
                      </p>
                      <p className="small">
                        {t.documents.createdOn(formatDateTime(d.createdAt))}
                        {documentFacts(d) ? ` · ${documentFacts(d)}` : ''}
                      </p>
                    </div>
                    {d.status === 'ready' ? (
                      <Button
                        variant="secondary"
                        busy={downloading === d.id}
                        busyLabel={t.downloading}
                        aria-label={t.downloadFor(d.version.number)}
                        onClick={() => download(d)}
                      >
                        {t.download}
                      </Button>
                    ) : (
                      <StatusBadge status={d.status} />
                    )}
                  </li>
                ))}
              </ul>
              <LoadMore pages={documentList} />
            </>
          )}
        </QueryState>
      </section>
      <CreateVersionDialog
        open={creating}
        municipalityId={municipalityId}
        onClose={() => setCreating(false)}
        onCreated={(version) => {
          setCreating(false);
          toast('success', t.created(version.number));
          // The new version is compared with the one before it.
          onSearch({});
          void queryClient.invalidateQueries({
            queryKey: ['get', '/v1/municipalities/{id}/strategy/versions'],
          });
        }}
      />
    </>
  );
}

interface CompareProps {
  municipalityId: string;
  versions: readonly Version[];
  search: VersionsSearch;
  onSearch: (next: VersionsSearch) => void;
}

/** Choose two versions (the newest and the one before by default) and see what changed between them. */
function Compare({ municipalityId, versions, search, onSearch }: CompareProps) {
  const pair = comparedPair(versions, search);
  const options = versions.map((v) => ({ value: v.id, label: t.compare.option(v.number, v.label) }));
  const same = pair !== null && pair.a.id === pair.b.id;
  const diff = $api.useQuery(
    'get',
    '/v1/municipalities/{id}/strategy/versions/{a}/diff/{b}',
    { params: { path: { id: municipalityId, a: pair?.a.id ?? '', b: pair?.b.id ?? '' } } },
    { enabled: pair !== null && !same },
  );
  return (
    <section className="card versions-section" aria-labelledby="versions-compare">
      <h2 id="versions-compare">{t.compare.heading}</h2>
      {pair === null ? (
        <p>{t.compare.needTwo}</p>
      ) : (
        <>
          <p className="small">{t.compare.intro}</p>
          <div className="vcompare-pickers">
            <SelectField
              name="compare-a"
              label={t.compare.from}
              placeholder={t.compare.choose}
              options={options}
              value={pair.a.id}
              onChange={(a) => onSearch({ a, b: pair.b.id })}
            />
            <SelectField
              name="compare-b"
              label={t.compare.to}
              placeholder={t.compare.choose}
              options={options}
              value={pair.b.id}
              onChange={(b) => onSearch({ a: pair.a.id, b })}
            />
          </div>
          {same ? (
            <p role="status">{t.compare.same}</p>
          ) : (
            <QueryState query={diff} loadingLabel={t.compare.loading}>
              {(data) => <ComparedDiff municipalityId={municipalityId} diff={data} />}
            </QueryState>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The diff; when a measure moved to another field, the two versions are loaded as well, so the move
 * names both fields (their snapshots carry every measure's field title).
 */
function ComparedDiff({
  municipalityId,
  diff,
}: {
  municipalityId: string;
  diff: Schema<'StrategyVersionDiff'>;
}) {
  const moved = movesMeasures(diff);
  const load = (versionId: string) =>
    ({
      params: { path: { id: municipalityId, versionId } },
    }) as const;
  const from = $api.useQuery(
    'get',
    '/v1/municipalities/{id}/strategy/versions/{versionId}',
    load(diff.from.id),
    {
      enabled: moved,
    },
  );
  const to = $api.useQuery('get', '/v1/municipalities/{id}/strategy/versions/{versionId}', load(diff.to.id), {
    enabled: moved,
  });
  const titles = useMemo(() => {
    const map = new Map<string, string>();
    for (const version of [from.data, to.data]) {
      for (const m of version?.snapshot.measures ?? []) map.set(m.actionFieldId, m.actionFieldTitle);
      for (const f of version?.snapshot.fields ?? []) map.set(f.actionFieldId, f.title);
    }
    return map;
  }, [from.data, to.data]);
  return <VersionDiffView diff={diff} fieldTitles={titles} />;
}
