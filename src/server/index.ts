/**
 * `cairn/server`: the reference collector for cairn's wire format, its stores and the wire schema.
 * Node only; never part of a browser bundle.
 * @packageDocumentation
 */

/**
 * Creates the reference collector, a Node `http` request handler.
 * @example
 * const collector = createCollector({ out: './events' })
 * http.createServer(collector.handle).listen(8787)
 */
export { createCollector, COLLECTOR_DEFAULTS } from './collector';

/**
 * Creates the durable NDJSON store (`<dir>/events.ndjson`, each write flushed before it resolves).
 * @example
 * const collector = createCollector({ store: createNdjsonStore({ dir: './events' }) })
 */
export { createNdjsonStore } from './ndjson-store';

/**
 * Creates an in-memory store with the same interface, for tests.
 * @example
 * const store = createMemoryStore(); createCollector({ store }); store.records
 */
export { createMemoryStore } from './ndjson-store';

/**
 * The wire batch schema (classic zod), built on first call, and the wire version it checks.
 * @example
 * getBatchSchema().safeParse(JSON.parse(body)).success
 */
export { getBatchSchema } from './wire-schema';
export { WIRE_VERSION, MAX_EVENTS_PER_BATCH } from '../transport/wire';

export type { Collector, CollectorOptions, CollectorStats, RejectedInfo } from './collector';
export type { EventStore, MemoryStore, NdjsonStore, NdjsonStoreOptions, StoredRecord } from './ndjson-store';
export type { WireIssue } from './batch';
export type { BatchSchema, WireBatch, WireContext, WireEvent } from './wire-schema';
