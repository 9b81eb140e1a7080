import type { StoredRecord } from './ndjson-store';
import { WIRE_VERSION } from '../transport/wire';
import { getBatchSchema, type WireBatch } from './wire-schema';

/** One schema problem of a refused batch, as the collector reports it. */
export interface WireIssue {
  /** Dotted path of the problem, e.g. `events.3.kind`; empty for the root. */
  path: string;
  /** What is wrong. */
  message: string;
}

/** The outcome of {@link parseBatch}: the batch, or the 400 answer body that explains why not. */
export type ParsedBatch =
  | { ok: true; batch: WireBatch }
  | { ok: false; answer: { error: string; issues?: WireIssue[] } };

/**
 * Parses a request body as a wire batch, whatever the request's content type: JSON text, then the
 * version, then the schema. Never throws.
 */
export function parseBatch(body: Buffer): ParsedBatch {
  let data: unknown;
  try {
    // A leading byte-order mark is legal in UTF-8 text but not in JSON.parse.
    data = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, answer: { error: `malformed JSON: ${(error as Error).message}` } };
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && 'v' in data) {
    const version = data.v;
    if (version !== WIRE_VERSION) {
      return {
        ok: false,
        answer: { error: `unsupported wire version ${JSON.stringify(version)}; this collector speaks ${WIRE_VERSION}` },
      };
    }
  }
  const result = getBatchSchema().safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    return { ok: false, answer: { error: 'invalid batch', issues } };
  }
  return { ok: true, batch: result.data };
}

/**
 * Turns a batch into stored records (effective context, `receivedAt`, `clientDropped` on the first
 * stored one) and splits off the duplicates: ids already seen, or repeated within the batch.
 */
export function toRecords(
  batch: WireBatch,
  receivedAt: number,
  hasSeen: (id: string) => boolean,
): { stored: StoredRecord[]; duplicates: StoredRecord[] } {
  const stored: StoredRecord[] = [];
  const duplicates: StoredRecord[] = [];
  const inBatch = new Set<string>();
  for (const event of batch.events) {
    const record: StoredRecord = { ...event, context: { ...batch.context, ...event.context }, receivedAt };
    if (hasSeen(event.id) || inBatch.has(event.id)) {
      duplicates.push(record);
      continue;
    }
    inBatch.add(event.id);
    if (stored.length === 0 && batch.dropped !== undefined && batch.dropped > 0) {
      record.clientDropped = batch.dropped;
    }
    stored.push(record);
  }
  return { stored, duplicates };
}
