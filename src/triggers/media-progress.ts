import { safeMatches } from './dom';
import { autoProp } from './read-props';
import type { TriggerGoal, TriggerHost } from './trigger-host';

/**
 * How far before the end the last `timeupdate` may be and still count as played through to `ended`.
 * Browsers fire `timeupdate` every 15 to 250 ms of wall time
 * (https://html.spec.whatwg.org/multipage/media.html#event-media-timeupdate), so one second of media
 * covers playback rates up to 4x.
 */
const END_TOLERANCE_S = 1;

/** One media trigger as progress tracking reads it. */
export interface MediaMilestones {
  goal: TriggerGoal;
  /** Elements the trigger watches. */
  selector: string;
  /** Milestones in percent of the duration, ascending. */
  percents: number[];
}

interface Playback {
  /** Position up to which the media has been played (or sought to). */
  last: number;
  /** Between `seeking` and `seeked`: positions are jumps, not playback. */
  seeking: boolean;
  /** Whether `last` was reached by playing (not by a seek), so that `ended` may count the rest. */
  played: boolean;
  /** `goal:percent` milestones already fired for this element. */
  fired: Set<string>;
}

/**
 * Tracks the playback of each media element and fires the milestones that playing crosses, once
 * per element per goal; positions reached by seeking never count (the rules are in media.ts).
 * Returns the function to call with the type of each `play`, `seeking`, `seeked`, `timeupdate`
 * and `ended` event of a watched element.
 *
 * @example
 * const progress = trackMediaProgress(host, [{ goal, selector: 'video', percents: [50, 100] }]);
 * progress('timeupdate', video);
 */
export function trackMediaProgress(
  host: TriggerHost,
  triggers: readonly MediaMilestones[],
): (type: string, media: HTMLMediaElement) => void {
  const states = new WeakMap<Element, Playback>();

  const cross = (media: HTMLMediaElement, state: Playback, from: number, to: number): void => {
    const duration = media.duration;
    if (!Number.isFinite(duration) || duration <= 0) return;
    for (const { goal, selector, percents } of triggers) {
      if (!safeMatches(media, selector)) continue;
      for (const percent of percents) {
        const at = (duration * percent) / 100;
        const key = `${goal.id}:${percent}`;
        const crossed = percent <= 0 ? to > from : from < at && at <= to;
        if (!crossed || state.fired.has(key)) continue;
        state.fired.add(key);
        host.fire(goal.id, autoProp(goal, 'percent', percent), 'media');
      }
    }
  };

  return (type, media) => {
    let state = states.get(media);
    const isNew = !state;
    if (!state) {
      // The first event seen for an element only records where it is: playing started there.
      state = { last: media.currentTime, seeking: false, played: false, fired: new Set() };
      states.set(media, state);
    }
    if (type === 'seeking') {
      state.seeking = true;
    } else if (type === 'seeked') {
      state.seeking = false;
      state.last = media.currentTime;
      state.played = false;
    } else if (type === 'timeupdate') {
      // Per spec the seek's own `timeupdate` comes between `seeking` and `seeked`: a jump, not play.
      if (isNew || state.seeking) return;
      const now = media.currentTime;
      if (now > state.last) {
        cross(media, state, state.last, now);
        state.played = true;
      }
      state.last = now;
    } else if (type === 'ended') {
      const duration = media.duration;
      if (state.seeking || !state.played || duration - state.last > END_TOLERANCE_S) return;
      cross(media, state, state.last, duration);
      state.last = duration;
    }
  };
}
