import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { fetchClient } from '../../api/client';
import { filenameFrom, saveBlob } from '../../api/download';
import { isProblem } from '../../api/problems';
import { de } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { useToast } from '../../ui/Toast';

const t = de.workshopDetail.invitations;

interface InvitationRef {
  workshopId: string;
  invitationId: string;
}

const params = ({ workshopId, invitationId }: InvitationRef) => ({
  params: { path: { id: workshopId, invitationId } },
});

/** An object URL for a blob, revoked when the blob changes or the component goes. */
function useObjectUrl(blob: Blob | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => {
      URL.revokeObjectURL(next);
      setUrl(null);
    };
  }, [blob]);
  return url;
}

/**
 * The QR code of an invitation link. The API serves it behind the bearer token, so it is fetched as a
 * blob and shown from an object URL; the PNG for print is fetched the same way when asked for.
 */
export function InvitationQr({ municipality, ...ref }: InvitationRef & { municipality: string }) {
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const svg = useQuery({
    queryKey: ['get', '/v1/workshops/{id}/invitations/{invitationId}/qr.svg', params(ref)],
    queryFn: async ({ signal }) => {
      const { data, error } = await fetchClient.GET('/v1/workshops/{id}/invitations/{invitationId}/qr.svg', {
        ...params(ref),
        parseAs: 'blob',
        signal,
      });
      if (error) throw error;
      return data as Blob;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  const url = useObjectUrl(svg.data);

  const downloadPng = async () => {
    setSaving(true);
    try {
      const { data, error, response } = await fetchClient.GET(
        '/v1/workshops/{id}/invitations/{invitationId}/qr.png',
        { ...params(ref), parseAs: 'blob' },
      );
      if (error || !data) throw error;
      saveBlob(data as Blob, filenameFrom(response.headers.get('content-disposition'), 'einladung.png'));
    } catch {
      toast('error', de.workshopDetail.downloads.failed);
    } finally {
      setSaving(false);
    }
  };

  if (svg.isError) {
    const gone = isProblem(svg.error) && svg.error.status === 409;
    return <Alert tone="error" title={gone ? t.qrUnavailable : de.ui.loadFailed} />;
  }
  return (
    <div className="wd-qr">
      {url ? (
        <img src={url} alt={t.qrAlt(municipality)} width={200} height={200} className="wd-qr-image" />
      ) : (
        <p role="status" className="loading wd-qr-placeholder">
          {t.qrLoading}
        </p>
      )}
      <div className="wd-inline-actions">
        <Button
          variant="secondary"
          busy={saving}
          busyLabel={de.workshopDetail.downloads.working}
          onClick={downloadPng}
        >
          {t.downloadPng}
        </Button>
      </div>
    </div>
  );
}
