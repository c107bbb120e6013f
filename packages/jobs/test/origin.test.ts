import { describe, expect, it } from 'vitest';
import { currentJobOrigin, fromQueueData, originContext, toQueueData, withRequestId } from '../src/index.js';

describe('a job origin', () => {
  it('is the request id of the scope it was enqueued in, across awaits, and null outside one', async () => {
    expect(currentJobOrigin()).toBeNull();
    const inside = await withRequestId('req-1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentJobOrigin();
    });
    // Without a registered tracer there is no trace context to carry.
    expect(inside).toEqual({ requestId: 'req-1' });
    expect(currentJobOrigin()).toBeNull();
  });

  it('rides in the BullMQ data next to the payload and comes off it unchanged', () => {
    const payload = { tokenId: 'b3c1', municipalityId: null };
    const origin = {
      requestId: 'req-2',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    expect(fromQueueData(toQueueData(payload, origin))).toEqual({ payload, origin });
    // A job without an origin, and one queued by a release before origins, is its payload alone.
    expect(toQueueData(payload, null)).toBe(payload);
    expect(fromQueueData(payload)).toEqual({ payload, origin: null });
  });

  it("gives a job span the request's trace context as its parent, and the root without one", () => {
    expect(originContext(null)).toBe(originContext(undefined));
    expect(originContext({ requestId: 'req-3' })).toBe(originContext(null));
  });
});
