import { useEffect, useId, useRef, useState } from 'react';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { type DocumentDto, type FollowMode, followDocument, isFinished } from './document-follow';
import { documentFacts, statusWord } from './format';

const t = de.versions;

export interface FollowDeps {
  fetch: (request: Request) => Promise<Response>;
  baseUrl: string;
}

/**
 * The document's live status: from the event stream, or every 2 s by polling when the stream is cut.
 * `onFinished` runs once the document is ready or failed.
 */
export function useFollowDocument(
  initial: DocumentDto,
  deps: FollowDeps,
  onFinished: (document: DocumentDto) => void,
) {
  const [document, setDocument] = useState(initial);
  const [mode, setMode] = useState<FollowMode>('stream');
  const [lost, setLost] = useState(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const depsRef = useRef(deps);
  depsRef.current = deps;
  // A new request (e.g. a retry) starts over from its answer.
  useEffect(() => {
    setDocument(initial);
    setLost(false);
    setMode('stream');
    if (isFinished(initial)) return;
    const controller = new AbortController();
    followDocument({
      documentId: initial.id,
      fetch: (request) => depsRef.current.fetch(request),
      baseUrl: depsRef.current.baseUrl,
      onUpdate: setDocument,
      onModeChange: setMode,
      signal: controller.signal,
    })
      .then((done) => {
        if (done) finished.current(done);
      })
      .catch(() => {
        if (!controller.signal.aborted) setLost(true);
      });
    return () => controller.abort();
  }, [initial]);
  return { document, mode, lost };
}

interface DocumentProgressProps {
  versionNumber: number;
  /** The document as the request for it answered. */
  document: DocumentDto;
  deps: FollowDeps;
  onFinished: (document: DocumentDto) => void;
  onDownload: (document: DocumentDto) => void;
  downloading: boolean;
  /** Requests it again after a failure; only for those who may. */
  onRetry?: (() => void) | undefined;
  retrying?: boolean;
  onClose: () => void;
}

/** Live progress of a PDF: a progress bar with percentage and status word, then its download. */
export function DocumentProgress({
  versionNumber,
  document: initial,
  deps,
  onFinished,
  onDownload,
  downloading,
  onRetry,
  retrying = false,
  onClose,
}: DocumentProgressProps) {
  const { document, mode, lost } = useFollowDocument(initial, deps, onFinished);
  const id = useId();
  const percent = t.progress.percent(document.progress);
  const ready = document.status === 'ready';
  const failed = document.status === 'failed';
  const announcement = ready
    ? t.progress.ready(versionNumber)
    : failed
      ? t.progress.failed(versionNumber)
      : '';
  return (
    <section className="card vpdf" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t.pdfFor(versionNumber)}</h2>
      <label htmlFor={`${id}-p`} className="visually-hidden">
        {t.progress.label(versionNumber)}
      </label>
      <progress id={`${id}-p`} className="vpdf-bar" max={100} value={document.progress}>
        {percent}
      </progress>
      <p className="vpdf-status">
        <span className={`vpdf-word vpdf-${document.status}`}>{statusWord(document.status)}</span>
        <span aria-hidden="true"> · </span>
        <span>{percent}</span>
      </p>
      {mode === 'polling' && !isFinished(document) ? <p className="small">{t.progress.polling}</p> : null}
      {lost ? (
        <p className="field-error" role="alert">
          {t.progress.lost}
        </p>
      ) : null}
      {ready ? (
        <div className="vpdf-done">
          <p>
            {t.progress.ready(versionNumber)} {documentFacts(document)}
          </p>
          <Button busy={downloading} busyLabel={t.downloading} onClick={() => onDownload(document)}>
            {t.download}
          </Button>
        </div>
      ) : null}
      {failed ? (
        <div className="vpdf-done">
          <p>
            <strong>{t.progress.failed(versionNumber)}</strong> {t.progress.failedHint}
          </p>
          {onRetry ? (
            <Button busy={retrying} busyLabel={t.generating} onClick={onRetry}>
              {t.retry}
            </Button>
          ) : null}
        </div>
      ) : null}
      {isFinished(document) ? (
        <Button variant="secondary" onClick={onClose}>
          {t.progress.close}
        </Button>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
