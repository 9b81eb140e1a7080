import type { IncomingMessage } from 'node:http';
import type { EventStore, StoredRecord } from './ndjson-store';
import { readBody } from './read-body';
import { parseBatch, toRecords } from './batch';
import { MAX_EVENTS_PER_BATCH } from '../transport/wire';
import { oneAtATime } from './one-at-a-time';
import { messageOf, type Answer } from './send-answer';
import type { WireBatch } from './wire-schema';

/** Options of {@link createBatchIntake}. */
export interface BatchIntakeOptions {
  /** Where accepted events go. */
  store: EventStore;
  /** The store's `load()`: nothing is accepted before it resolves, and everything 503s if it rejects. */
  ready: Promise<void>;
  /** Largest accepted body in bytes. */
  maxBodyBytes: number;
  /** Called for every event of an accepted batch, after it is stored (or found to be a duplicate). */
  onEvent?: (record: StoredRecord, info: { duplicate: boolean }) => void;
}

/** The POST side of a collector: turns request bodies into stored events. */
export interface BatchIntake {
  /** Reads, checks and stores the batch of a POST; resolves with the answer, never rejects on bad input. */
  accept(req: IncomingMessage): Promise<Answer>;
  /** Refuses later batches (503) and waits for the writes under way. */
  close(): Promise<void>;
  /** Events stored and duplicates seen so far. */
  readonly counts: { accepted: number; duplicates: number };
}

/**
 * Creates the POST handling of a collector: encoding and size limits, wire checks, dedupe and a
 * durable append before the 200.
 * @example
 * const intake = createBatchIntake({ store, ready: store.load(), maxBodyBytes: 1 << 20, onEvent })
 */
export function createBatchIntake(options: BatchIntakeOptions): BatchIntake {
  const { store } = options;
  const counts = { accepted: 0, duplicates: 0 };
  // Dedupe and append run one batch at a time, so that two requests carrying the same id cannot
  // both store it, and a retry waits for the outcome of the write it repeats.
  const writes = oneAtATime();
  let closed = false;

  const notify = (record: StoredRecord, duplicate: boolean): void => {
    try {
      options.onEvent?.(record, { duplicate });
    } catch {
      // A throwing listener must not turn a stored batch into an error the client would retry.
    }
  };

  const append = async (stored: StoredRecord[], duplicates: StoredRecord[], refused: number): Promise<Answer> => {
    try {
      await store.append(stored);
    } catch (error) {
      return { status: 503, body: { error: `store write failed: ${messageOf(error)}` }, headers: { 'Retry-After': '1' } };
    }
    counts.accepted += stored.length;
    counts.duplicates += duplicates.length;
    for (const record of stored) notify(record, false);
    for (const record of duplicates) notify(record, true);
    return { status: 200, body: refused ? { accepted: stored.length, duplicates: duplicates.length, gpcRefused: refused } : { accepted: stored.length, duplicates: duplicates.length } };
  };

  async function accept(req: IncomingMessage): Promise<Answer> {
    if (closed) return { status: 503, body: { error: 'collector is closed' } };
    try {
      await options.ready;
    } catch (error) {
      return { status: 503, body: { error: `store failed to load: ${messageOf(error)}` } };
    }
    const read = await readBatch(req, options.maxBodyBytes);
    if ('status' in read) return read;
    // After earlier writes: an id whose write is under way is held once it is durable.
    if ('ack' in read) return writes.run(async () => ({ status: 200, body: { held: read.ack.filter(store.hasSeen) } }));
    const receivedAt = Date.now();
    // Sec-GPC counts only when its value is exactly "1" (GPC spec).
    const gpc = req.headers['sec-gpc'] === '1';
    return writes.run(() => {
      const { stored, duplicates, refused } = toRecords(read.batch, receivedAt, store.hasSeen, gpc);
      return append(stored, duplicates, refused);
    });
  }

  return {
    accept,
    counts,
    async close() {
      closed = true;
      await writes.settled();
    },
  };
}

/**
 * The batch of a POST body, or the answer that refuses it: 415 when it is encoded, 413 when too
 * large, 400 when it is not a valid batch.
 */
async function readBatch(req: IncomingMessage, maxBodyBytes: number): Promise<{ batch: WireBatch } | { ack: string[] } | Answer> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    return { status: 415, body: { error: `unsupported content encoding ${encoding}` } };
  }
  const read = await readBody(req, maxBodyBytes);
  if (read.tooLarge) {
    return { status: 413, body: { error: `body larger than ${maxBodyBytes} bytes` }, headers: { Connection: 'close' } };
  }
  const ack = readAck(read.body);
  if (ack) return ack;
  const parsed = parseBatch(read.body);
  return parsed.ok ? { batch: parsed.batch } : { status: 400, body: parsed.answer };
}

/** The start of an acknowledgement query, as the browser writes it (a batch never starts so). */
const EVENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const ACK_PREFIX = Buffer.from('{"v":1,"ack":[');

/**
 * An acknowledgement query (`{"v":1,"ack":[ids]}`, docs/wire-format.md): which of these event ids
 * does the collector hold? At most 1,000 ids of the wire format's id syntax; anything else is no
 * query (and then no batch either: a 400 follows).
 */
function readAck(body: Buffer): { ack: string[] } | undefined {
  if (!body.subarray(0, ACK_PREFIX.length).equals(ACK_PREFIX)) return undefined;
  try {
    const data = JSON.parse(body.toString('utf8')) as { ack?: unknown };
    const ids = data.ack;
    if (Array.isArray(ids) && ids.length <= MAX_EVENTS_PER_BATCH && ids.every((id) => typeof id === 'string' && EVENT_ID.test(id))) return { ack: ids as string[] };
  } catch {
    // Malformed: the batch parser says why.
  }
  return undefined;
}
