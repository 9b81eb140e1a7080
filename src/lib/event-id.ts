import { urlAlphabet } from 'nanoid';

/** Characters of an id: nanoid's default size, 126 random bits. */
const SIZE = 21;
/** Ids drawn per refill of the random pool. */
const POOL_IDS = 64;

/**
 * Creates a generator of nanoid ids (21 characters of nanoid's URL-safe alphabet, 126 random bits)
 * that draws its bytes from a pool refilled by `crypto.getRandomValues` every 64 ids, as nanoid's
 * Node build does. nanoid's browser build asks the crypto API for each id, and its `customRandom`
 * makes a view of the pool per id: together half of `track()`'s cost in the benchmark. The
 * alphabet has 64 characters, so `byte & 63` picks one without bias. Each tracker has its own
 * pool (no module state).
 */
export function createEventIds(): () => string {
  const pool = new Uint8Array(SIZE * POOL_IDS);
  let offset = pool.length;
  return () => {
    if (offset + SIZE > pool.length) {
      crypto.getRandomValues(pool);
      offset = 0;
    }
    let id = '';
    for (let i = 0; i < SIZE; i++) id += urlAlphabet[pool[offset++]! & 63];
    return id;
  };
}
