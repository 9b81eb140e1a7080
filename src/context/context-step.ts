import type { ResolvedGoal } from '../schema/parse-config';
import type { PageContext, TrackedEvent } from '../schema/types';

/** One goal hit on its way into the queue, after its goal was resolved and its props validated. */
export interface Hit {
  goal: ResolvedGoal;
  /** The validated props. */
  props: Record<string, unknown>;
  /** When it was tracked, ms since the epoch (a replayed script-tag call keeps its own time). */
  ts: number;
  /** Which trigger fired it; absent for `track()` calls. */
  trigger?: string;
  /** The page it happened on, as it was then (a hit held until consent keeps its page). */
  page: PageContext;
}

/**
 * A context provider as a pipeline step: fills its keys of `event.context` (and, for the session,
 * `event.seq`) for one hit. The tracker runs its steps in order, after the event is built and
 * before `beforeSend`; a new provider is one more step in the list (tracker/start-tracker.ts).
 * Steps run inside `track()`: keep them to a few property reads and writes.
 */
export type ContextStep = (event: TrackedEvent, hit: Hit) => void;
