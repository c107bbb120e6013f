import { describe, expect, it } from 'vitest';
import { createEventStreamParser, type ServerSentEvent } from './sse';

const parse = (...pieces: string[]) => {
  const events: ServerSentEvent[] = [];
  const parser = createEventStreamParser((e) => events.push(e));
  for (const piece of pieces) parser.push(piece);
  return { events, parser };
};

describe('createEventStreamParser', () => {
  it('reads the API’s status events with id and type', () => {
    const { events, parser } = parse(
      'id: 1795255200123\nevent: status\ndata: {"status":"rendering","progress":10}\n\n',
    );
    expect(events).toEqual([
      { event: 'status', id: '1795255200123', data: '{"status":"rendering","progress":10}' },
    ]);
    expect(parser.lastEventId).toBe('1795255200123');
  });

  it('joins lines split anywhere between chunks, including a CRLF split in two', () => {
    const { events } = parse('id: 1\r', '\nevent: sta', 'tus\r\ndata: {"a"', ':1}\r\n\r', '\n');
    expect(events).toEqual([{ event: 'status', id: '1', data: '{"a":1}' }]);
  });

  it('skips heartbeat comments and dispatches nothing for them', () => {
    const { events } = parse(': heartbeat\n\n', 'data: x\n\n', ': heartbeat\n\n');
    expect(events).toEqual([{ event: 'message', id: '', data: 'x' }]);
  });

  it('joins several data lines with a line break and keeps the id for later events', () => {
    const { events } = parse('id: 7\ndata: a\ndata: b\n\ndata: c\n\n');
    expect(events).toEqual([
      { event: 'message', id: '7', data: 'a\nb' },
      { event: 'message', id: '7', data: 'c' },
    ]);
  });

  it('waits for the blank line before dispatching, and remembers retry', () => {
    const { events, parser } = parse('retry: 3000\nevent: status\ndata: {}\n');
    expect(events).toEqual([]);
    expect(parser.retryMs).toBe(3000);
    parser.push('\n');
    expect(events).toHaveLength(1);
  });
});
