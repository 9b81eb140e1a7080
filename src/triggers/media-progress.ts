import { safeMatches } from './dom';
import { pick } from './read-props';
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

/** Where playback is, in seconds: a media element, or what a player said last. */
export interface Position {
  currentTime: number;
  duration: number;
}

/** Automatic props of a player's milestones (`video_provider`, `video_id`, `video_title`). */
export type MediaProps = Record<string, string | undefined>;

/**
 * Takes one playback event (`play`, `seeking`, `seeked`, `timeupdate`, `ended`) of `media`, the
 * element the selectors match. `at` is where playback is (the element itself by default), `key`
 * what milestones are counted for (the element; a player's video), `props` the automatic props.
 */
export type MediaProgress = (type: string, media: Element, at?: Position, key?: object, props?: MediaProps) => void;

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
 * per element (or video) per goal; positions reached by seeking never count (the rules are in
 * media.ts). Returns the function to call with each `play`, `seeking`, `seeked`, `timeupdate` and
 * `ended` event of a watched element, or what a player said (embeds.ts).
 *
 * @example
 * const progress = trackMediaProgress(host, [{ goal, selector: 'video', percents: [50, 100] }]);
 * progress('timeupdate', video);
 */
export function trackMediaProgress(host: TriggerHost, triggers: readonly MediaMilestones[]): MediaProgress {
  const states = new WeakMap<object, Playback>();

  const cross = (media: Element, at: Position, state: Playback, from: number, to: number, props: MediaProps): void => {
    const { duration } = at;
    if (!Number.isFinite(duration) || duration <= 0) return;
    for (const { goal, selector, percents } of triggers) {
      if (!safeMatches(media, selector)) continue;
      for (const percent of percents) {
        const mark = (duration * percent) / 100;
        const key = `${goal.id}:${percent}`;
        const crossed = percent <= 0 ? to > from : from < mark && mark <= to;
        if (!crossed || state.fired.has(key)) continue;
        state.fired.add(key);
        host.fire(goal.id, pick(goal, { ...props, percent }), 'media');
      }
    }
  };

  return (type, media, at = media as HTMLMediaElement, key = media, props = {}) => {
    let state = states.get(key);
    const isNew = !state;
    if (!state) {
      // The first event seen for an element only records where it is: playing started there.
      state = { last: at.currentTime, seeking: false, played: false, fired: new Set() };
      states.set(key, state);
    }
    if (type === 'seeking') {
      state.seeking = true;
    } else if (type === 'seeked') {
      state.seeking = false;
      state.last = at.currentTime;
      state.played = false;
    } else if (type === 'timeupdate') {
      // Per spec the seek's own `timeupdate` comes between `seeking` and `seeked`: a jump, not play.
      if (isNew || state.seeking) return;
      const now = at.currentTime;
      if (now > state.last) {
        cross(media, at, state, state.last, now, props);
        state.played = true;
      }
      state.last = now;
    } else if (type === 'ended') {
      const { duration } = at;
      if (state.seeking || !state.played || duration - state.last > END_TOLERANCE_S) return;
      cross(media, at, state, state.last, duration, props);
      state.last = duration;
    }
  };
}
