import { customRandom, urlAlphabet } from 'nanoid';

/** Ids drawn per refill of the random pool. */
const POOL_IDS = 64;

/**
 * Creates a generator of nanoid ids (21 URL-safe characters, 126 random bits) that draws its bytes
 * from a pool refilled by `crypto.getRandomValues` every 64 ids. nanoid's browser build asks the
 * crypto API for each id, which was half of `track()`'s cost in the benchmark; the ids are as
 * random, only fetched in bulk. Each tracker has its own pool (no module state).
 */
export function createEventIds(): () => string {
  let pool = new Uint8Array(0);
  let offset = 0;
  const getRandom = (size: number): Uint8Array => {
    if (offset + size > pool.length) {
      pool = crypto.getRandomValues(new Uint8Array(size * POOL_IDS));
      offset = 0;
    }
    const bytes = pool.subarray(offset, offset + size);
    offset += size;
    return bytes;
  };
  const next = customRandom(urlAlphabet, 21, getRandom);
  return () => next();
}
