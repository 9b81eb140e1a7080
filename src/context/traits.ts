import type { Logger } from '../lib/log';
import type { KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import { asObject, storedValue } from '../lib/stored-value';
import type { TrackedEvent } from '../schema/event-types';
import type { Traits } from './context-module';

/** Bounds of `identify()` traits: keys, key length, string length. */
export const TRAIT_LIMITS = { keys: 50, key: 64, text: 256 } as const;

/**
 * Traits of `identify(userId, traits)`: checked and bounded now (flat values only; strings cut to
 * 256 characters; nested objects, functions and non-finite numbers left out with a warning), kept
 * in storage until the next event, which carries them once as `context.traits`.
 */
export function createTraits(storage: KeyValueStorage, log: Logger) {
  const store = storedValue(storage, visitorKeys.traits, (s): Traits | undefined => {
    const t = asObject(s);
    return t && Object.values(t).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)) ? (t as Traits) : undefined;
  });
  return {
    set(input: unknown, now: number): void {
      const given = asObject(input);
      if (!given) return log.warn('identify: traits must be an object');
      const traits: Traits = { ...store.get(now) };
      const dropped: string[] = [];
      for (const [key, value] of Object.entries(given)) {
        const ok = key.length <= TRAIT_LIMITS.key && key !== '__proto__' && (Object.keys(traits).length < TRAIT_LIMITS.keys || key in traits);
        if (ok && typeof value === 'string') traits[key] = value.slice(0, TRAIT_LIMITS.text);
        else if (ok && (typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value)))) traits[key] = value;
        else dropped.push(key);
      }
      if (dropped.length) log.warn(`identify: traits left out (flat strings, numbers, booleans or null, ${TRAIT_LIMITS.keys} at most): ${dropped.slice(0, 10).join(', ')}`);
      store.set(traits);
    },
    step(event: TrackedEvent): void {
      const traits = store.get(event.ts);
      if (!traits) return;
      event.context.traits = traits;
      store.clear();
    },
    clear: () => store.clear(),
  };
}
