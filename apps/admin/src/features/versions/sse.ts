/**
 * A parser for `text/event-stream` (the WHATWG server-sent events format) fed with text as it arrives
 * from a `fetch` body. A browser EventSource cannot send the Authorization header the API needs, so
 * the console reads the stream itself.
 */

export interface ServerSentEvent {
  /** `message` when the event names no type. */
  event: string;
  data: string;
  /** The last id the stream set (it carries over to later events), or '' when none. */
  id: string;
}

export interface EventStreamParser {
  /** Feeds the next piece of text; lines may be split anywhere between pieces. */
  push(text: string): void;
  /** The last event id seen, for Last-Event-ID on reconnect. */
  readonly lastEventId: string;
  /** The reconnection delay the server asked for with `retry:`, if it did. */
  readonly retryMs: number | undefined;
}

export function createEventStreamParser(onEvent: (event: ServerSentEvent) => void): EventStreamParser {
  let buffer = '';
  let eventType = '';
  let data: string[] = [];
  let hasData = false;
  let lastEventId = '';
  let retryMs: number | undefined;
  let pendingCr = false;

  const dispatch = () => {
    if (hasData) onEvent({ event: eventType || 'message', data: data.join('\n'), id: lastEventId });
    eventType = '';
    data = [];
    hasData = false;
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // a comment, e.g. the heartbeat
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data.push(value);
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retryMs = Number(value);
        break;
    }
  };

  return {
    push(text: string) {
      // A CR ending the last piece and an LF starting this one are one line break.
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
    get retryMs() {
      return retryMs;
    },
  };
}
