import type { KeyValueStorage } from './storage';

/** One JSON value kept in storage and shared by the site's tabs. */
export interface StoredValue<T> {
  /** The value, read again from storage when another tab may have changed it (over a second since). */
  get(now: number): T;
  /** The value as storage holds it now (before a decision another tab may also take). */
  fresh(now: number): T;
  /** Replaces the value; written to storage after the current task's microtasks (one write per burst). */
  set(value: T): void;
  /** Removes it from storage. */
  clear(): void;
}

/**
 * A value in storage under `key`, parsed by `read` (which turns anything stored, even junk or
 * `undefined`, into a valid value). Reads are cached for a second, so a step run on every event
 * costs a property read; writes are batched into one microtask.
 */
export function storedValue<T>(storage: KeyValueStorage, key: string, read: (stored: unknown) => T): StoredValue<T> {
  let value = undefined as T;
  let readAt = -Infinity;
  let dirty = false;
  const load = (now: number): T => {
    readAt = now;
    let stored: unknown;
    try {
      stored = JSON.parse(storage.getItem(key) ?? 'null');
    } catch {
      // Junk starts over.
    }
    return (value = read(stored ?? undefined));
  };
  return {
    get: (now) => (!dirty && !(now - readAt <= 1000) ? load(now) : value),
    fresh: (now) => (dirty ? value : load(now)),
    set(next) {
      value = next;
      if (dirty) return;
      dirty = true;
      queueMicrotask(() => {
        // A clear() since then has the last word.
        if (!dirty) return;
        dirty = false;
        storage.setItem(key, JSON.stringify(value));
      });
    },
    clear() {
      value = read(undefined);
      dirty = false;
      readAt = -Infinity;
      storage.removeItem(key);
    },
  };
}

/** A plain object read from storage, or undefined. */
export const asObject = (stored: unknown): Record<string, unknown> | undefined =>
  typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : undefined;
