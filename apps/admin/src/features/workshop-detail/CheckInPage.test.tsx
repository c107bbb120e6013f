import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { de } from '../../i18n/de';
import { problem, renderWithQuery } from '../../test/render';
import { names, registration, workshop } from '../../test/workshop-fixtures';
import { ToastProvider } from '../../ui/Toast';
import { CheckInList } from './CheckInPage';
import { checkInList, matchesName } from './check-in-search';
import { useRegistrations } from './queries';

afterEach(() => vi.unstubAllGlobals());

const t = de.checkIn;
const person = (firstName: string, lastName: string) => ({ firstName, lastName });

describe('check-in search', () => {
  it('ignores case and accents, and knows the spelled-out umlauts', () => {
    const mueller = person('Jürgen', 'Müller');
    for (const query of ['muller', 'Müller', 'MUELLER', 'jur mul', 'jürgen']) {
      expect(matchesName(query, mueller), query).toBe(true);
    }
    expect(matchesName('weiss', person('Hanna', 'Weiß'))).toBe(true);
    expect(matchesName('ozdemir', person('Ayşe', 'Özdemir'))).toBe(true);
    expect(matchesName('meier', mueller)).toBe(false);
  });

  it('lists those holding a seat in German order', () => {
    const list = checkInList(
      [
        registration({ ...person('Zoe', 'Zander') }),
        registration({ ...person('Ömer', 'Öztürk'), status: 'attended', attendedAt: '2026-12-05T08:30:00Z' }),
        registration({ ...person('Otto', 'Ohm') }),
        registration({ ...person('Wanda', 'Warte'), status: 'waitlisted', waitlistPosition: 1 }),
        registration({ ...person('Claus', 'Cancel'), status: 'cancelled' }),
      ],
      '',
    );
    expect(list.map((r) => r.lastName)).toEqual(['Ohm', 'Öztürk', 'Zander']);
  });
});

/** The page's list over the real registrations query, so the optimistic change goes through the cache. */
function Harness() {
  const w = workshop();
  const registrations = useRegistrations(w.id);
  if (!registrations.data) return <p>{de.app.loading}</p>;
  return (
    <CheckInList workshop={w} registrations={registrations.data.data} municipalityNames={names} canCheckIn />
  );
}

/** A network whose answers the test releases one by one. */
function controlledFetch() {
  const waiting: { request: Request; answer: (status: number, body: unknown) => void }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(
      (request: Request) =>
        new Promise<Response>((resolve) => {
          waiting.push({
            request,
            answer: (status, body) =>
              resolve(
                new Response(JSON.stringify(body), {
                  status,
                  headers: {
                    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
                  },
                }),
              ),
          });
        }),
    ),
  );
  return waiting;
}

describe('CheckInList', () => {
  const mueller = registration({ ...person('Jürgen', 'Müller') });
  const schmidt = registration({ ...person('Anna', 'Schmidt') });
  const list = { data: [mueller, schmidt], nextCursor: null };

  async function start() {
    const network = controlledFetch();
    const user = userEvent.setup();
    renderWithQuery(
      <ToastProvider>
        <Harness />
      </ToastProvider>,
    );
    await vi.waitFor(() => expect(network).toHaveLength(1));
    network.shift()!.answer(200, list);
    await screen.findByText(t.count(0, 2));
    return { network, user };
  }

  it('finds "Müller" by typing "muller"', async () => {
    const { user } = await start();
    await user.type(screen.getByRole('searchbox', { name: t.search }), 'muller');
    const items = within(screen.getByRole('list', { name: t.listLabel })).getAllByRole('listitem');
    expect(items.map((i) => i.querySelector('.ci-name')?.textContent)).toEqual(['Jürgen Müller']);
    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'xyz');
    expect(screen.getByText(t.noMatch('xyz'))).toBeInTheDocument();
  });

  it('checks in at once, and the count follows; undo works the same way', async () => {
    const { network, user } = await start();
    await user.click(screen.getByRole('button', { name: 'Einchecken: Jürgen Müller' }));
    // Before the server has answered.
    expect(screen.getByText(t.count(1, 2))).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('button', { name: 'Rückgängig: Jürgen Müller' })).toBeInTheDocument();
    await vi.waitFor(() => expect(network).toHaveLength(1));
    const call = network.shift()!;
    expect(call.request.method).toBe('POST');
    expect(new URL(call.request.url).pathname).toBe(
      `/v1/workshops/${mueller.workshopId}/registrations/${mueller.id}/check-in`,
    );
    call.answer(200, { ...mueller, status: 'attended', attendedAt: '2026-12-05T08:05:00.000Z' });
    // The last answer refreshes the list.
    await vi.waitFor(() => expect(network).toHaveLength(1));
    network.shift()!.answer(200, {
      data: [{ ...mueller, status: 'attended', attendedAt: '2026-12-05T08:05:00.000Z' }, schmidt],
      nextCursor: null,
    });
    await screen.findByText(t.checkedInAt('09:05'));

    await user.click(screen.getByRole('button', { name: 'Rückgängig: Jürgen Müller' }));
    expect(screen.getByText(t.count(0, 2))).toHaveAttribute('aria-live', 'polite');
    await vi.waitFor(() => expect(network).toHaveLength(1));
    expect(network[0]!.request.method).toBe('DELETE');
  });

  it('puts the row back and says why when the server refuses', async () => {
    const { network, user } = await start();
    await user.click(screen.getByRole('button', { name: 'Einchecken: Anna Schmidt' }));
    expect(screen.getByText(t.count(1, 2))).toHaveAttribute('aria-live', 'polite');
    await vi.waitFor(() => expect(network).toHaveLength(1));
    network.shift()!.answer(409, problem(409, 'check_in_not_today'));

    const alert = await screen.findByText(
      t.failed('Anna Schmidt', de.workshopDetail.problems.checkInNotToday),
    );
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByRole('button', { name: 'Einchecken: Anna Schmidt' })).toBeInTheDocument();
    expect(screen.getByText(t.count(0, 2))).toBeInTheDocument();
  });
});
