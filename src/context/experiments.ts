import type { Logger } from '../lib/log';
import type { KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import { asObject, storedValue } from '../lib/stored-value';
import { isText, textMap } from './stored-shapes';
import type { TrackedEvent } from '../schema/event-types';

/** Most experiments a session carries, and the longest name or variant kept. */
export const MAX_EXPERIMENTS = 20;
const MAX_NAME = 64;

/** The session's variants (stored as `cairn:exp`). */
interface Variants {
  sid: string;
  map: { [name: string]: string };
}

/**
 * Experiment variants: `experiment(name, variant)` puts `{ [name]: variant }` on every later event
 * of the session (other page loads and tabs included), so that funnels split by variant without a
 * join. A new session starts without variants: assign them again when the visitor meets the test.
 */
export function createExperiments(storage: KeyValueStorage, currentSession: (now: number) => string, log: Logger) {
  const store = storedValue(storage, visitorKeys.experiments, (s): Variants | undefined => {
    const v = asObject(s);
    const map = textMap(v?.map);
    return v && isText(v.sid) && map ? { sid: v.sid, map } : undefined;
  });
  return {
    assign(name: unknown, variant: unknown, now: number): void {
      const ok = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_NAME && v !== '__proto__';
      if (!ok(name) || !ok(variant)) return log.warn(`experiment: name and variant must be strings of 1 to ${MAX_NAME} characters`);
      const sid = currentSession(now);
      const stored = store.fresh(now);
      const map = stored?.sid === sid ? { ...stored.map } : {};
      if (!(name in map) && Object.keys(map).length >= MAX_EXPERIMENTS) return log.warn(`experiment: at most ${MAX_EXPERIMENTS} per session, "${name}" left out`);
      map[name] = variant;
      store.set({ sid, map });
    },
    step(event: TrackedEvent): void {
      const stored = store.get(event.ts);
      if (stored?.sid === event.context.sessionId) event.context.experiments = stored.map;
    },
    clear: () => store.clear(),
  };
}
