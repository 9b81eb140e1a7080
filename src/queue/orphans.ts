import type { KeyValueStorage } from '../lib/storage';
import type { EventQueue } from './event-queue';
import { readRecord } from './queue-record';

/** How often a page rewrites its record while it holds events, so other pages know it lives. */
export const HEARTBEAT_MS = 20_000;

/**
 * Browsers may run the timers of a hidden tab as rarely as once a minute (Chromium's intensive
 * throttling, https://developer.chrome.com/blog/timer-throttling-in-chrome-88), so a live page's
 * heartbeat can be a minute late.
 */
export const THROTTLED_TIMER_MS = 60_000;

/**
 * A record whose heartbeat is older than this belongs to a tab that died: two throttled heartbeats
 * missed, and a margin. Derived, so that the two numbers cannot drift apart.
 */
export const STALE_RECORD_MS = HEARTBEAT_MS + 2 * THROTTLED_TIMER_MS + 10_000;

/** Where the records of an endpoint's pages live, and which one is this page's. */
export interface OrphanOptions {
  storage: KeyValueStorage;
  /** Prefix of the endpoint's records. */
  prefix: string;
  /** This page's record key (never taken over). */
  key: string;
  now: () => number;
}

/**
 * Takes over the records of pages that closed or died: their events join this page's queue (ids
 * unchanged, so a collector dedupes any that had in fact arrived) and their records are removed.
 * Returns how many events were taken over.
 */
export function adoptOrphans(queue: EventQueue, { storage, prefix, key, now }: OrphanOptions): number {
  let adopted = 0;
  for (const other of storage.keys(prefix)) {
    if (other === key) continue;
    const record = readRecord(storage.getItem(other));
    if (record && !record.c && now() - record.t < STALE_RECORD_MS) continue;
    storage.removeItem(other);
    if (record) adopted += queue.adopt(record.e, record.d ?? 0);
  }
  return adopted;
}

/** Options of {@link watchOrphans}. */
export interface WatchOrphansOptions extends OrphanOptions {
  win: Window & typeof globalThis;
  queue: EventQueue;
  /** Name of the Web Lock that keeps two starting pages from taking the same record. */
  lockName: string;
  /** After a takeover pass: how many events were taken over. */
  onAdopted(count: number): void;
}

/**
 * Takes over orphaned records now and at every heartbeat, and refreshes this page's own record
 * while it holds events. Returns a function that stops the heartbeat.
 */
export function watchOrphans(options: WatchOrphansOptions): () => void {
  const { win, queue } = options;
  const take = () => options.onAdopted(adoptOrphans(queue, options));
  const pass = () => {
    // Two pages starting at once must not take the same record: serialise with a Web Lock where
    // there is one. `ifAvailable`: a page that finds the lock held leaves the pass to the holder.
    const locks = (win.navigator as Navigator & { locks?: LockManager }).locks;
    if (locks?.request) locks.request(options.lockName, { ifAvailable: true }, (lock) => lock && take()).catch(() => {});
    else take();
  };
  pass();
  const heartbeat = win.setInterval(() => {
    if (queue.size()) queue.persist({ heartbeat: true });
    pass();
  }, HEARTBEAT_MS);
  return () => win.clearInterval(heartbeat);
}
