/**
 * The numbers the browser and the collector must agree on (docs/wire-format.md), defined once for
 * both sides: the server imports them from here.
 */

/** Version of the wire format; batches carry it as `v`. */
export const WIRE_VERSION = 1;

/** Largest number of events one batch may carry; `batch.maxEvents` may not exceed it. */
export const MAX_EVENTS_PER_BATCH = 1000;
