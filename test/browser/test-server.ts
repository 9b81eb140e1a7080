import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createCollector } from '../../src/server/collector';
import { createMemoryStore } from '../../src/server/ndjson-store';
import { serveStatic } from '../../src/server/static-files';

/** A fault the test collector can inject: 500, a dropped connection, 429, or an answer 1.5 s late. */
export type FaultKind = '500' | 'drop' | '429' | 'slow';

/** Faults the test collector injects into a share of POSTs. */
export interface Faults {
  /** Share of POSTs that fail, from 0 to 1. */
  rate: number;
  /** Kinds drawn at random for a failing request. */
  kinds: FaultKind[];
  /** Seconds sent in `Retry-After` with a 429. */
  retryAfter?: number;
}

/** One POST the collector saw: when, how big, how many events, and what was answered. */
export interface WireRequest {
  at: number;
  bytes: number;
  ids: string[];
  outcome: 'stored' | FaultKind;
}

/** Faults for the first POSTs, in order, before any random ones: `kinds[i]` for POST number i (`null`: none). */
export interface FirstFaults {
  kinds: (FaultKind | null)[];
  /** Seconds sent in `Retry-After` with a 429. */
  retryAfter?: number;
}

const ROOT = resolve(import.meta.dirname, '../..');
/** The script-tag build: the page loads the first, which loads the other two from its folder. */
const SCRIPT_FILES = ['/cairn.global.js', '/cairn.triggers.js', '/cairn.context.js', '/cairn.health.js', '/cairn.health-attribution.js'];

/**
 * A localhost server for browser tests: static pages from `root`, the built scripts at
 * `/cairn.global.js`, `/cairn.triggers.js` and `/cairn.context.js`, and the reference collector at `/collect`, with optional fault injection.
 */
export async function startTestServer(options: { root: string; faults?: Faults; random?: () => number; firstFaults?: FirstFaults }) {
  const store = createMemoryStore();
  const collector = createCollector({ store });
  await collector.ready;
  const requests: WireRequest[] = [];
  let faults = options.faults;
  const random = options.random ?? Math.random;
  const root = realpathSync(resolve(ROOT, options.root));

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/collect' && req.method === 'POST') return collect(req, res);
    if (url.pathname === '/collect') return collector.handle(req, res);
    if (SCRIPT_FILES.includes(url.pathname)) {
      void readFile(resolve(ROOT, `dist${url.pathname}`)).then(
        (body) => res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(body),
        () => res.writeHead(500).end('run the build first'),
      );
      return;
    }
    void serveStatic(root, req, res);
  });

  const collect = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let ids: string[] = [];
      try {
        ids = (JSON.parse(body.toString('utf8')) as { events: { id: string }[] }).events.map((e) => e.id);
      } catch {
        // Left to the collector to refuse.
      }
      const entry: WireRequest = { at: Date.now(), bytes: body.length, ids, outcome: 'stored' };
      requests.push(entry);
      const first = options.firstFaults;
      const scripted = first && requests.length <= first.kinds.length;
      const fault = scripted
        ? (first.kinds[requests.length - 1] ?? undefined)
        : faults && random() < faults.rate
          ? faults.kinds[Math.floor(random() * faults.kinds.length)]
          : undefined;
      if (fault) entry.outcome = fault;
      const retryAfter = (scripted ? first.retryAfter : faults?.retryAfter) ?? 1;
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };
      if (fault === '500') return void res.writeHead(500, cors).end('injected failure');
      if (fault === '429') return void res.writeHead(429, { ...cors, 'Retry-After': String(retryAfter) }).end('slow down');
      if (fault === 'drop') return void req.socket.destroy();
      const forward = () => collector.handle(replay(req, body), res);
      if (fault === 'slow') setTimeout(forward, 1500);
      else forward();
    });
  };

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    store,
    requests,
    /** Stored events (after dedupe by id). */
    events: () => store.records,
    /** Stored events of one goal. */
    eventsOf: (goal: string) => store.records.filter((r) => r.goal === goal),
    /**
     * Events that reached the collector more than once on the wire (counted by id, over requests the
     * collector handled: stored or slow; a 500, 429 or dropped request never reached it).
     */
    duplicateDeliveries(): number {
      const seen = new Map<string, number>();
      for (const request of requests) {
        if (request.outcome !== 'stored' && request.outcome !== 'slow') continue;
        for (const id of request.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      return [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    },
    setFaults(next: Faults | undefined) {
      faults = next;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Hands an already-read body to the collector as if it were the request stream. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = Readable.from([body]) as unknown as IncomingMessage;
  Object.assign(stream, { method: req.method, url: req.url, headers: req.headers, socket: req.socket });
  return stream;
}

/** Waits until `check` returns true, polling every 50 ms, up to `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
