import { KEY_PREFIX } from './storage-keys';

/** The part of the Web Storage API cairn uses, so memory can stand in for localStorage. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Keys that start with `prefix`. */
  keys(prefix: string): string[];
}

/** Storage held in memory, lost with the page. */
export function createMemoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    keys: (prefix) => [...map.keys()].filter((key) => key.startsWith(prefix)),
  };
}

/**
 * A storage that stops at `close()`: reads find nothing and writes go nowhere after it, so that a
 * write queued for a microtask cannot bring back what a consent withdrawal deleted.
 */
export function closable(storage: KeyValueStorage): KeyValueStorage & { close(): void } {
  let open = true;
  return {
    getItem: (key) => (open ? storage.getItem(key) : null),
    setItem: (key, value) => void (open && storage.setItem(key, value)),
    removeItem: (key) => void (open && storage.removeItem(key)),
    keys: (prefix) => (open ? storage.keys(prefix) : []),
    close: () => void (open = false),
  };
}

/**
 * localStorage (or, for ids kept for the tab only, sessionStorage) when it works, memory when it
 * does not. Access can throw (private mode, storage disabled, quota exceeded); at the first
 * failure the data moves to memory and `onFallback` is called once, so tracking goes on for the
 * rest of the page.
 */
export function createBrowserStorage(onFallback: (error: unknown) => void, area: 'localStorage' | 'sessionStorage' = 'localStorage'): KeyValueStorage {
  const memory = createMemoryStorage();
  let local: Storage | undefined;
  try {
    local = globalThis[area] ?? undefined;
    const probe = '__cairn_probe__';
    local?.setItem(probe, probe);
    local?.removeItem(probe);
  } catch (error) {
    local = undefined;
    onFallback(error);
  }
  const fallBack = (error: unknown) => {
    if (!local) return;
    copyToMemory(local, memory);
    local = undefined;
    onFallback(error);
  };
  return {
    getItem(key) {
      if (!local) return memory.getItem(key);
      try {
        return local.getItem(key);
      } catch (error) {
        fallBack(error);
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      if (local) {
        try {
          return local.setItem(key, value);
        } catch (error) {
          fallBack(error);
        }
      }
      memory.setItem(key, value);
    },
    removeItem(key) {
      try {
        local?.removeItem(key);
      } catch (error) {
        fallBack(error);
      }
      memory.removeItem(key);
    },
    keys(prefix) {
      if (!local) return memory.keys(prefix);
      try {
        return keysOf(local, prefix);
      } catch (error) {
        fallBack(error);
        return memory.keys(prefix);
      }
    },
  };
}

/** Copies cairn's keys to memory, so that what localStorage still holds stays readable. */
function copyToMemory(local: Storage, memory: KeyValueStorage): void {
  try {
    for (let i = 0; i < local.length; i++) {
      const key = local.key(i);
      if (key?.startsWith(KEY_PREFIX)) memory.setItem(key, local.getItem(key) ?? '');
    }
  } catch {
    // Nothing more can be saved from a storage that fails to read.
  }
}

/** The keys of `local` that start with `prefix`, in storage order. */
function keysOf(local: Storage, prefix: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < local.length; i++) {
    const key = local.key(i);
    if (key?.startsWith(prefix)) found.push(key);
  }
  return found;
}
