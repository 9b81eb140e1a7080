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

/** Deepest nesting of arrays and objects a batch may have (props themselves stop at 6 in the browser). */
export const MAX_DEPTH = 64;

/** How deep arrays and objects nest in a parsed JSON value, counted up to `limit + 1`, without recursion. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return deepest;
}

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
  // The schema walks values recursively: a body nested thousands of levels deep would overflow the
  // stack (a 500, which the browser retries forever). No batch cairn builds nests past a dozen.
  if (depthOf(data, MAX_DEPTH) > MAX_DEPTH) return { ok: false, answer: { error: `invalid batch: nested deeper than ${MAX_DEPTH} levels` } };
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
  gpc = false,
): { stored: StoredRecord[]; duplicates: StoredRecord[]; refused: number } {
  const stored: StoredRecord[] = [];
  const duplicates: StoredRecord[] = [];
  const inBatch = new Set<string>();
  let refused = 0;
  for (const event of batch.events) {
    // Global Privacy Control (`Sec-GPC: 1`) opts out of sale and sharing: marketing events are not kept.
    if (gpc && event.purpose === 'marketing') {
      refused++;
      continue;
    }
    const record: StoredRecord = { ...event, context: { ...batch.context, ...event.context, ...(gpc ? { gpc: true } : {}) }, receivedAt };
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
  return { stored, duplicates, refused };
}
