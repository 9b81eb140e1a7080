import { shortHash } from './hash';

/**
 * Every key cairn writes to storage, derived in one place. All start with `cairn:` (the storage
 * fallback copies those keys to memory, and a consent withdrawal must find them all).
 */
export const KEY_PREFIX = 'cairn:';

/** Keys shared by every tracker of the site: who the visitor is, the session, `once` goals. */
export const visitorKeys = {
  /** The anonymous id. */
  anonymousId: `${KEY_PREFIX}aid`,
  /** The user id set by `identify()`. */
  userId: `${KEY_PREFIX}uid`,
  /** The session: id, sequence, last event, session-scoped `once` goals. */
  session: `${KEY_PREFIX}session`,
  /** Goals counted with `once: 'user'`. */
  onceUser: `${KEY_PREFIX}once`,
  /** The session's attribution: its landing, campaign, click ids and channel (context module). */
  attribution: `${KEY_PREFIX}attr`,
  /** The visitor's first and last non-direct touches (context module). */
  touches: `${KEY_PREFIX}touch`,
  /** Funnel progress (context module). */
  funnels: `${KEY_PREFIX}funnel`,
  /** The micro conversions since the last macro one (context module). */
  journey: `${KEY_PREFIX}journey`,
  /** The session's experiment variants (context module). */
  experiments: `${KEY_PREFIX}exp`,
  /** Traits waiting for the next event (context module). */
  traits: `${KEY_PREFIX}traits`,
  /** The visitor's consent choice, when the config remembers it (`consent.persist`). */
  consent: `${KEY_PREFIX}consent`,
} as const;

/** Keys of one endpoint's queue (per endpoint, so two trackers sending elsewhere never mix). */
export interface QueueKeys {
  /** Prefix of the records of the pages sending to this endpoint; a page's record is prefix + its tab id. */
  records: string;
  /** The end of a wait the collector asked for (`Retry-After`), outside the records' prefix. */
  pause: string;
  /** Name of the Web Lock that serialises taking over other pages' records. */
  adoptLock: string;
}

/** The keys of the queue for an endpoint, from a short hash of its absolute URL. */
export function queueKeys(endpoint: string): QueueKeys {
  const id = shortHash(endpoint);
  return { records: `${KEY_PREFIX}q:${id}:`, pause: `${KEY_PREFIX}wait:${id}:`, adoptLock: `${KEY_PREFIX}q:${id}:adopt` };
}
