import type { KeyValueStorage } from '../lib/storage';
import type { ContextStep } from './context-step';

/** Who the events are about: an anonymous id for this browser and, once known, a user id. */
export interface Identity {
  anonymousId: string;
  userId?: string;
}

/** The identity of the visitor: read or create the anonymous id, keep the user id of `identify()`. */
export interface IdentityStore {
  /** The identity for the next event (the same object until it changes). */
  get(): Identity;
  /** Sets (or with `null`, forgets) the user id. */
  identify(userId: string | null): void;
  /** A new visitor: a new anonymous id, the user id forgotten. */
  reset(): void;
}

/** An anonymous id as cairn makes them (nanoid's alphabet), with room for other generators' ids. */
const ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Longest user id kept (`identify()` cuts longer ones). */
export const MAX_USER_ID = 256;

/** Creates the {@link IdentityStore}, with the ids under the given storage keys. */
export function createIdentity(storage: KeyValueStorage, keys: { anonymousId: string; userId: string }, newId: () => string): IdentityStore {
  const create = () => {
    const id = newId();
    storage.setItem(keys.anonymousId, id);
    return id;
  };
  // Storage is shared with the page's other scripts: a stored value that is no id of ours (garbage,
  // a 1 MB string) would ride on every event, so it is replaced, and a user id over 256 characters
  // is forgotten (identify() never stores one).
  const stored = storage.getItem(keys.anonymousId);
  const anonymousId = stored && ID.test(stored) ? stored : create();
  const storedUser = storage.getItem(keys.userId);
  const userId = storedUser && storedUser.length <= MAX_USER_ID ? storedUser : undefined;
  let current: Identity = userId ? { anonymousId, userId } : { anonymousId };
  const store: IdentityStore = {
    get: () => current,
    identify(next) {
      if (next) storage.setItem(keys.userId, next);
      else storage.removeItem(keys.userId);
      current = next ? { anonymousId: current.anonymousId, userId: next } : { anonymousId: current.anonymousId };
    },
    reset() {
      store.identify(null);
      current = { anonymousId: create() };
    },
  };
  return store;
}

/** Puts `anonymousId` and, once identified, `userId` on the event's context. */
export function identityStep(identity: IdentityStore): ContextStep {
  return (event) => {
    const { anonymousId, userId } = identity.get();
    event.context.anonymousId = anonymousId;
    if (userId) event.context.userId = userId;
  };
}
