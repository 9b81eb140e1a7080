import type { KeyValueStorage } from '../lib/storage';

/** Who the events are about: an anonymous id for this browser and, once known, a user id. */
export interface Identity {
  anonymousId: string;
  userId?: string;
}

/** Reads or creates the anonymous id, and keeps the user id set by `identify()`. */
export function createIdentity(storage: KeyValueStorage, prefix: string, newId: () => string) {
  const read = (name: string) => storage.getItem(`${prefix}${name}`) ?? undefined;
  let anonymousId = read('aid');
  if (!anonymousId) {
    anonymousId = newId();
    storage.setItem(`${prefix}aid`, anonymousId);
  }
  let current: Identity = { anonymousId, userId: read('uid') };
  if (!current.userId) current = { anonymousId };
  return {
    /** The identity for the next event (the same object until it changes). */
    get: () => current,
    /** Sets (or with `null`, forgets) the user id. */
    identify(userId: string | null) {
      if (userId) storage.setItem(`${prefix}uid`, userId);
      else storage.removeItem(`${prefix}uid`);
      current = userId ? { anonymousId: current.anonymousId, userId } : { anonymousId: current.anonymousId };
    },
  };
}
