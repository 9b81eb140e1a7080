import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Collector } from '../../src/server/collector';
import type { WireBatch, WireEvent } from '../../src/server/wire-schema';
import { testEvent } from '../support/events';

/**
 * A valid wire event: the shared test event (test/support/events.ts) as a batch carries it, its
 * context left to the batch; every call gets a fresh id.
 */
export function makeEvent(overrides: Partial<WireEvent> = {}): WireEvent {
  const { context: _shared, ...event } = testEvent({ props: { sku: 'A-1' } });
  return { ...event, ...overrides } as WireEvent;
}

/** A valid wire batch around the given events. */
export function makeBatch(events: WireEvent[], overrides: Partial<WireBatch> = {}): WireBatch {
  return {
    v: 1,
    sentAt: 1764000001000,
    context: { anonymousId: 'anon-1', sessionId: 'sess-1', page: { url: 'https://shop.test/p', path: '/p' } },
    events,
    ...overrides,
  };
}

/** A real http server around a collector, on a free port. */
export async function serve(collector: Collector): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(collector.handle);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await collector.close();
    },
  };
}

/** Posts a body as the browser does (`text/plain;charset=UTF-8`) unless headers say otherwise. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
