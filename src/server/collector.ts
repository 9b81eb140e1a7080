import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNdjsonStore, type EventStore, type StoredRecord } from './ndjson-store';
import { readBody } from './read-body';
import { originAllowed, setCorsHeaders } from './cors';
import { parseBatch, toRecords, type WireIssue } from './batch';

/** Options of {@link createCollector}. Every option has a default; see {@link COLLECTOR_DEFAULTS}. */
export interface CollectorOptions {
  /**
   * Where accepted events go.
   * @default an NDJSON log in `out` (`createNdjsonStore({ dir: out })`)
   */
  store?: EventStore;
  /**
   * Directory of the default NDJSON store; ignored when `store` is given.
   * @default './events'
   */
  out?: string;
  /**
   * Origins allowed to post: `'*'`, or a list whose members are echoed back (with `Vary: Origin`).
   * With a list, a POST whose `Origin` header is not listed gets 403 (requests without `Origin`,
   * such as curl or server-to-server calls, are accepted).
   * @default '*'
   */
  allowedOrigins?: '*' | readonly string[];
  /**
   * Largest accepted body in bytes; past it the collector answers 413 without reading further.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
  /**
   * Path that accepts batches; `POST /` is accepted too.
   * @default '/collect'
   */
  path?: string;
  /** Called for every event of an accepted batch, after it is stored (or found to be a duplicate). */
  onEvent?: (record: StoredRecord, info: { duplicate: boolean }) => void;
  /** Called when a request is refused (4xx, 503), with the status and the answer's body. */
  onRejected?: (info: RejectedInfo) => void;
}

/** What {@link CollectorOptions.onRejected} receives. */
export interface RejectedInfo {
  /** HTTP status of the answer. */
  status: number;
  /** The `error` text of the answer. */
  error: string;
  /** Schema problems, for an invalid batch. */
  issues?: WireIssue[];
}

/** Counters of a collector since it started. */
export interface CollectorStats {
  /** Events stored. */
  accepted: number;
  /** Events not stored again because their id was already seen. */
  duplicates: number;
  /** Requests refused with a 4xx (malformed, invalid, too large, wrong version or method). */
  rejected: number;
}

/** A reference collector: a Node `http` request handler plus its lifecycle. */
export interface Collector {
  /** Node http handler: `http.createServer(collector.handle)`. Never throws; answers 500 on a bug. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves once the store has loaded the ids it already holds; rejects if it cannot. */
  readonly ready: Promise<void>;
  /** Waits for pending writes, then closes the store. Later requests get 503. */
  close(): Promise<void>;
  /** Counts since start. */
  stats(): CollectorStats;
}

/** Defaults of {@link CollectorOptions}, in one place. */
export const COLLECTOR_DEFAULTS = {
  out: './events',
  allowedOrigins: '*',
  maxBodyBytes: 1024 * 1024,
  path: '/collect',
} as const;

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * Creates the reference collector for wire format v1: validates batches, dedupes events by id and
 * answers 200 only once the store has made them durable.
 * @example
 * const collector = createCollector({ out: './events' })
 * http.createServer(collector.handle).listen(8787)
 */
export function createCollector(options: CollectorOptions = {}): Collector {
  const settings = { ...COLLECTOR_DEFAULTS, ...definedOnly(options) };
  const store = options.store ?? createNdjsonStore({ dir: settings.out });
  const counts: CollectorStats = { accepted: 0, duplicates: 0, rejected: 0 };
  const ready = store.load();
  ready.catch(() => undefined); // answered as 503 per request; never an unhandled rejection
  // Dedupe and append run one batch at a time, so that two requests carrying the same id cannot
  // both store it, and a retry waits for the outcome of the write it repeats.
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  function serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  }

  async function accept(req: IncomingMessage): Promise<Answer> {
    if (closed) return { status: 503, body: { error: 'collector is closed' } };
    try {
      await ready;
    } catch (error) {
      return { status: 503, body: { error: `store failed to load: ${messageOf(error)}` } };
    }
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      return { status: 415, body: { error: `unsupported content encoding ${encoding}` } };
    }
    const read = await readBody(req, settings.maxBodyBytes);
    if (read.tooLarge) {
      return {
        status: 413,
        body: { error: `body larger than ${settings.maxBodyBytes} bytes` },
        headers: { Connection: 'close' },
      };
    }
    const parsed = parseBatch(read.body);
    if (!parsed.ok) return { status: 400, body: parsed.answer };
    const receivedAt = Date.now();
    return serialised(async () => {
      const { stored, duplicates } = toRecords(parsed.batch, receivedAt, store.hasSeen);
      try {
        await store.append(stored);
      } catch (error) {
        return {
          status: 503,
          body: { error: `store write failed: ${messageOf(error)}` },
          headers: { 'Retry-After': '1' },
        };
      }
      counts.accepted += stored.length;
      counts.duplicates += duplicates.length;
      for (const record of stored) notify(record, false);
      for (const record of duplicates) notify(record, true);
      return { status: 200, body: { accepted: stored.length, duplicates: duplicates.length } };
    });
  }

  function notify(record: StoredRecord, duplicate: boolean): void {
    try {
      options.onEvent?.(record, { duplicate });
    } catch {
      // A throwing listener must not turn a stored batch into an error the client would retry.
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCorsHeaders(req, res, settings.allowedOrigins);
    const path = pathOf(req.url);
    const onCollectPath = path === settings.path;
    if (!onCollectPath && path !== '/') return send(res, { status: 404, body: { error: 'not found' } });
    if (req.method === 'OPTIONS') return send(res, { status: 204 });
    if (!originAllowed(req.headers.origin, settings.allowedOrigins)) {
      // A simple cross-origin POST reaches the server even when CORS hides the answer: refuse it.
      return send(res, { status: 403, body: { error: `origin ${req.headers.origin ?? ''} not allowed` } });
    }
    if (req.method !== 'POST') {
      if (!onCollectPath) return send(res, { status: 404, body: { error: 'not found' } });
      return send(res, {
        status: 405,
        body: { error: `method ${req.method ?? ''} not allowed` },
        headers: { Allow: 'POST, OPTIONS' },
      });
    }
    const answer = await accept(req);
    send(res, answer);
    if (answer.status === 413) {
      // The rest of the body is being discarded; a client that keeps sending is cut off after 5 s.
      res.once('finish', () => setTimeout(() => req.destroy(), 5000).unref());
    }
  }

  function send(res: ServerResponse, answer: Answer): void {
    if (answer.status >= 400 && answer.status !== 404 && answer.status !== 500) {
      if (answer.status < 500) counts.rejected += 1;
      reportRejected(answer);
    }
    if (res.headersSent || res.destroyed) return;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    if (text) res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  }

  function reportRejected(answer: Answer): void {
    const body = answer.body as { error?: string; issues?: WireIssue[] } | undefined;
    try {
      options.onRejected?.({ status: answer.status, error: body?.error ?? '', issues: body?.issues });
    } catch {
      // Listener errors never change the answer.
    }
  }

  return {
    handle(req, res) {
      route(req, res).catch((error: unknown) => {
        // A bug or an aborted request: answer 500 if the socket is still there; keep serving.
        send(res, { status: 500, body: { error: `internal error: ${messageOf(error)}` } });
      });
    },
    ready,
    async close() {
      closed = true;
      await chain;
      await store.close();
    },
    stats: () => ({ ...counts }),
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
