/**
 * Files the API serves behind the bearer token (CSV, PDF, calendar, QR code) cannot be plain links:
 * they are fetched with the client as a blob and handed to the browser's save dialog under the name
 * the server gives in Content-Disposition.
 */

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` preferred), else `fallback`. */
export function filenameFrom(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed encoding falls through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** Offers a blob for download under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; the URL may go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
