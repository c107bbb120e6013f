export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads server-sent events from a fetch response body, as the console does. */
export function sse(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** The comment lines (heartbeats) read so far. */
  const comments: string[] = [];
  return {
    comments,
    /** The next event; null when the stream ended. */
    async next(timeoutMs = 10_000): Promise<SseEvent | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else {
              const [field, ...rest] = line.split(': ');
              event[field as keyof SseEvent] = rest.join(': ');
            }
          }
          if (Object.keys(event).length > 0) return event;
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no event in time')), timeoutMs);
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}
