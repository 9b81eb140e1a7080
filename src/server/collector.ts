import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNdjsonStore, type EventStore, type StoredRecord } from './ndjson-store';
import { setCorsHeaders } from './cors';
import type { WireIssue } from './batch';
import { createBatchIntake } from './batch-intake';
import { statusPage } from './status-page';
import { messageOf, sendAnswer, type Answer } from './send-answer';

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

/** Defaults of {@link CollectorOptions}, in one place. */
export const COLLECTOR_DEFAULTS = {
  out: './events',
  allowedOrigins: '*',
  maxBodyBytes: 1024 * 1024,
  path: '/collect',
} as const;

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
  const ready = store.load();
  ready.catch(() => undefined); // answered as 503 per request; never an unhandled rejection
  const intake = createBatchIntake({ store, ready, maxBodyBytes: settings.maxBodyBytes, onEvent: options.onEvent });
  let rejected = 0;

  function send(res: ServerResponse, answer: Answer): void {
    if (answer.status >= 400 && answer.status !== 404 && answer.status !== 500) {
      if (answer.status < 500) rejected += 1;
      reportRejected(options, answer);
    }
    sendAnswer(res, answer);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCorsHeaders(req, res, settings.allowedOrigins);
    const page = statusPage(req, settings);
    if (page) return send(res, page);
    const answer = await intake.accept(req);
    send(res, answer);
    if (answer.status === 413) {
      // The rest of the body is being discarded; a client that keeps sending is cut off after 5 s.
      res.once('finish', () => setTimeout(() => req.destroy(), 5000).unref());
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
      await intake.close();
      await store.close();
    },
    stats: () => ({ ...intake.counts, rejected }),
  };
}

function reportRejected(options: CollectorOptions, answer: Answer): void {
  const body = answer.body as { error?: string; issues?: WireIssue[] } | undefined;
  try {
    options.onRejected?.({ status: answer.status, error: body?.error ?? '', issues: body?.issues });
  } catch {
    // Listener errors never change the answer.
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
