import { nameOf } from '../lib/name-of';
import type { ContextPlugin } from '../context/context-module';
import { MAX_USER_ID, type IdentityStore } from '../context/identity';
import type { Session } from '../context/session';
import type { Logger } from '../lib/log';
import type { KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import type { Tracker } from './tracker-types';

/** `identify()` and `reset()`: who the events are about. */
export function visitorMethods(identity: IdentityStore, session: Session, storage: KeyValueStorage, plugin: ContextPlugin | undefined, log: Logger): Pick<Tracker, 'identify' | 'reset'> {
  return {
    identify(userId, traits) {
      try {
        identity.identify(typeof userId === 'string' && userId ? userId.slice(0, MAX_USER_ID) : null);
      } catch (error) {
        log.warn(`identify failed: ${nameOf(error)}`);
      }
      if (traits !== undefined) plugin?.traits(traits);
    },
    reset() {
      identity.reset();
      session.clear();
      storage.removeItem(visitorKeys.onceUser);
      plugin?.reset();
    },
  };
}

