/**
 * A module loaded on its first use instead of at start: for the libraries of rare requests (a PDF,
 * a QR code), whose code and data every API instance would otherwise hold from start to stop. A
 * failed load is not kept, so the next use tries again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
}
