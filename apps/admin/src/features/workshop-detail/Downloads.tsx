import { useState } from 'react';
import { fetchClient } from '../../api/client';
import { filenameFrom, saveBlob } from '../../api/download';
import { de } from '../../i18n/de';
import { Button } from '../../ui/Button';
import { useToast } from '../../ui/Toast';

const t = de.workshopDetail.downloads;

/** Each file, and the name to save it under when the server gives none. */
const files = {
  csv: ['/v1/workshops/{id}/registrations.csv', 'teilnehmende.csv'],
  signInSheet: ['/v1/workshops/{id}/sign-in-sheet.pdf', 'unterschriftenliste.pdf'],
  calendar: ['/v1/workshops/{id}/calendar.ics', 'werkstatt.ics'],
} as const;
type Kind = keyof typeof files;

/** The files are behind the bearer token: fetched as blobs and saved under the server's file name. */
async function fetchFile(kind: Kind, id: string): Promise<{ blob: Blob; name: string }> {
  const [path, fallback] = files[kind];
  const { data, error, response } = await fetchClient.GET(path, {
    params: { path: { id } },
    parseAs: 'blob',
  });
  if (error || !data) throw error ?? new Error('empty download');
  return { blob: data as Blob, name: filenameFrom(response.headers.get('content-disposition'), fallback) };
}

export function Downloads({ workshopId }: { workshopId: string }) {
  const toast = useToast();
  const [busy, setBusy] = useState<Kind | null>(null);
  const download = async (kind: Kind) => {
    if (busy) return;
    setBusy(kind);
    try {
      const { blob, name } = await fetchFile(kind, workshopId);
      saveBlob(blob, name);
    } catch {
      toast('error', t.failed);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card wd-section" aria-labelledby="wd-downloads">
      <h2 id="wd-downloads">{t.heading}</h2>
      <p className="muted wd-intro">{t.intro}</p>
      <ul className="plain-list wd-downloads">
        {(['csv', 'signInSheet', 'calendar'] as const).map((kind) => (
          <li key={kind}>
            <Button
              variant="secondary"
              busy={busy === kind}
              busyLabel={t.working}
              onClick={() => download(kind)}
            >
              {t[kind]}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
