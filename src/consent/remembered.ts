import { KEY_PREFIX, visitorKeys } from '../lib/storage-keys';
import type { ConsentPurposes } from '../schema/privacy-types';
import { readRemembered } from './consent-state';

/** The remembered choice as stored (`cairn:consent`), or null. */
export const readRecord = (win: Window): string | null => {
  try {
    return win.localStorage.getItem(visitorKeys.consent);
  } catch {
    return null;
  }
};

/** Remembers the choice (`consent.persist`): strictly necessary, so it is kept even on a denial. */
export function remember(win: Window, purposes: ConsentPurposes): void {
  try {
    win.localStorage.setItem(visitorKeys.consent, JSON.stringify({ v: purposes, at: Date.now() }));
  } catch {
    // Without storage the choice holds for this page only.
  }
}

/** Deletes every key cairn wrote, in both storage areas, but the remembered choice. */
export function forget(win: Window): void {
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    try {
      const storage = win[area];
      for (let i = storage.length; i--; ) {
        const key = storage.key(i);
        if (key?.startsWith(KEY_PREFIX) && key !== visitorKeys.consent) storage.removeItem(key);
      }
    } catch {
      // Storage that cannot be read holds nothing of ours to delete.
    }
  }
}


/**
 * A choice made in another tab reaches this one (a withdrawal there stops sending here) through the
 * `storage` event. All three engines fire it in background tabs too, WebKit only in a page that has
 * read localStorage (this page did, for the record; measured in `test/browser/engines-delivery.test.ts`).
 * A page in the back/forward cache is not fully active and gets none (HTML standard): the record is
 * read again when the page comes back from it (\`pageshow\`). `onChoice` gets each new remembered choice.
 * Returns a function that stops following.
 */
export function followRemembered(win: Window, onChoice: (choice: ConsentPurposes) => void): () => void {
  let seen = readRecord(win);
  const look = () => {
    const record = readRecord(win);
    if (record === seen) return;
    seen = record;
    const choice = readRemembered(record, Date.now());
    try {
      if (choice) onChoice(choice);
    } catch {
      // An event listener of the page's: nothing may throw into it (the change reports its own problems).
    }
  };
  const onStorage = (event: StorageEvent) => event.key === visitorKeys.consent && look();
  win.addEventListener('storage', onStorage);
  win.addEventListener('pageshow', look);
  return () => {
    win.removeEventListener('storage', onStorage);
    win.removeEventListener('pageshow', look);
  };
}
