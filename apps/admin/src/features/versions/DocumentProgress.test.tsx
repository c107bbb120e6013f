import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DocumentProgress } from './DocumentProgress';
import type { DocumentDto } from './document-follow';
import { documentFixture } from './fixtures';

/** A stream the test feeds event by event. */
function liveStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send: (d: DocumentDto) =>
      controller.enqueue(encoder.encode(`id: ${d.progress}\nevent: status\ndata: ${JSON.stringify(d)}\n\n`)),
    cut: () => controller.close(),
  };
}

function setup(initial = documentFixture('queued', 0), fetch = vi.fn()) {
  const onFinished = vi.fn();
  const onDownload = vi.fn();
  const onRetry = vi.fn();
  render(
    <DocumentProgress
      versionNumber={2}
      document={initial}
      deps={{ fetch, baseUrl: 'http://localhost' }}
      onFinished={onFinished}
      onDownload={onDownload}
      downloading={false}
      onRetry={onRetry}
      onClose={vi.fn()}
    />,
  );
  return { onFinished, onDownload, onRetry };
}

describe('DocumentProgress', () => {
  it('shows the progress with percentage and German status words until the download', async () => {
    const stream = liveStream();
    const fetch = vi.fn(async () => stream.response);
    const { onFinished, onDownload } = setup(documentFixture('queued', 0), fetch);

    const bar = screen.getByRole('progressbar', { name: 'Fortschritt des PDFs von Version 2' });
    expect(bar).toHaveAttribute('value', '0');
    expect(screen.getByText('in der Warteschlange')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'PDF herunterladen' })).not.toBeInTheDocument();

    await act(async () => stream.send(documentFixture('rendering', 40)));
    expect(await screen.findByText('wird erstellt')).toBeInTheDocument();
    expect(screen.getByText('40 %', { selector: 'span' })).toBeInTheDocument();
    expect(bar).toHaveAttribute('value', '40');

    await act(async () => stream.send(documentFixture('ready', 100)));
    expect(await screen.findByText('fertig')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Das PDF von Version 2 ist fertig.');
    expect(screen.getByText(/12 Seiten, 1,4 MB/)).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledWith(expect.objectContaining({ status: 'ready' }));
    await userEvent.click(screen.getByRole('button', { name: 'PDF herunterladen' }));
    expect(onDownload).toHaveBeenCalled();
  });

  it('says when it polls because the stream was cut', async () => {
    const first = liveStream();
    const polls = [documentFixture('rendering', 70), documentFixture('rendering', 80)];
    const fetch = vi.fn(async (request: Request) => {
      if (request.url.endsWith('/events')) {
        if (fetch.mock.calls.length === 1) return first.response;
        throw new TypeError('cut');
      }
      return new Response(JSON.stringify(polls.shift() ?? documentFixture('rendering', 80)), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    setup(documentFixture('rendering', 10), fetch);
    await act(async () => first.cut());
    expect(
      await screen.findByText(/Live-Verbindung ist unterbrochen/, {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('70 %', { selector: 'span' })).toBeInTheDocument();
  });

  it('announces a failure and offers to try again', async () => {
    const { onRetry } = setup(documentFixture('failed', 30, { error: 'boom' }));
    expect(screen.getByText('fehlgeschlagen')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Das PDF von Version 2 konnte nicht erstellt werden.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Erneut erzeugen' }));
    expect(onRetry).toHaveBeenCalled();
  });
});
