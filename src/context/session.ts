import type { KeyValueStorage } from '../lib/storage';
import type { ContextStep } from './context-step';

/** A session ends after 30 minutes without an event, as GA4 and Segment count them (`session.timeoutMs`). */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

interface SessionState {
  id: string;
  /** Sequence number of the last event. */
  seq: number;
  /** Time of the last event, ms. */
  last: number;
  /** Goal ids already counted this session (for `once: 'session'`). */
  once: string[];
}

/** The current session: id, per-session event sequence and session-scoped `once` goals. */
export interface Session {
  /** Starts the next event: the session, with its id and this event's sequence number (read them at once: the same object changes with the next event). */
  next(now: number): Readonly<{ id: string; seq: number }>;
  /** The id of the session the next event belongs to. */
  current(now: number): string;
  /** Whether a goal was already counted in this session. */
  hasCounted(goal: string, now: number): boolean;
  /** Records a goal as counted in this session. */
  count(goal: string): void;
  /** Ends the session: the next event starts a new one (a landing from a new campaign). */
  restart(): void;
  /** Forgets the session (`reset()`): the next event starts a new one. */
  clear(): void;
}

/**
 * Sessions kept in storage so that every tab and page load of a visit shares one. The state is
 * read again when another tab may have changed it (more than a second since our last event).
 */
export function createSession(storage: KeyValueStorage, key: string, newId: () => string, timeoutMs = SESSION_TIMEOUT_MS): Session {
  let state: SessionState | undefined;
  let readAt = 0;
  let ended = false;
  let dirty = false;
  const load = (now: number): SessionState => {
    if (!dirty && (!state || now - readAt > 1000)) {
      readAt = now;
      try {
        const stored = JSON.parse(storage.getItem(key) ?? 'null') as SessionState | null;
        // A session id rides on every event: one that is not an id (garbage, a huge string) starts a new session.
        if (stored && typeof stored.id === 'string' && /^[\w-]{8,64}$/.test(stored.id) && typeof stored.seq === 'number' && typeof stored.last === 'number') {
          state = { ...stored, once: Array.isArray(stored.once) ? stored.once : [] };
        }
      } catch {
        // A corrupt entry starts a new session.
      }
    }
    if (!state || ended || now - state.last > timeoutMs) {
      state = { id: newId(), seq: 0, last: now, once: [] };
      ended = false;
    }
    return state;
  };
  // Written after the call returns (a microtask), so track() stays cheap during a burst.
  const save = () => {
    if (dirty) return;
    dirty = true;
    queueMicrotask(() => {
      dirty = false;
      if (state) storage.setItem(key, JSON.stringify(state));
    });
  };
  return {
    next(now) {
      const current = load(now);
      current.seq += 1;
      current.last = now;
      save();
      return current;
    },
    current: (now) => load(now).id,
    hasCounted: (goal, now) => load(now).once.includes(goal),
    count(goal) {
      state?.once.push(goal);
      save();
    },
    restart() {
      ended = true;
    },
    clear() {
      state = undefined;
      ended = false;
      storage.removeItem(key);
    },
  };
}

/** Puts the session id on the event's context and its position in the session on `event.seq`. */
export function sessionStep(session: Session): ContextStep {
  return (event, hit) => {
    const current = session.next(hit.ts);
    event.seq = current.seq;
    event.context.sessionId = current.id;
  };
}
