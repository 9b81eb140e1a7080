import type { MediaTrigger } from '../schema/types';
import { listen, safeMatches, type GoalTrigger } from './dom';
import { autoProp } from './read-props';
import type { StopTrigger, TriggerHost } from './trigger-host';

/**
 * How far before the end the last `timeupdate` may be and still count as played through to `ended`.
 * Browsers fire `timeupdate` every 15 to 250 ms of wall time
 * (https://html.spec.whatwg.org/multipage/media.html#event-media-timeupdate), so one second of media
 * covers playback rates up to 4x.
 */
const END_TOLERANCE_S = 1;

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
 * Watches `<video>`/`<audio>` progress with capture-phase listeners on the document (media events
 * do not bubble, but capture reaches every element, including ones a SPA adds later).
 *
 * A milestone counts only when playback crosses it: a `timeupdate` moving forward from the last
 * played position past `percent` of the duration, or `ended` right after playing (within
 * {@link END_TOLERANCE_S}) for the milestones left before the end. Positions reached by seeking never
 * count: seeking from 10% to 80% fires neither 25, 50 nor 75; playing on from 80% fires 100.
 * Each milestone fires once per element per goal, with `percent` when the goal declares it.
 * Media inside shadow roots is not seen (media events are not composed). Live streams
 * (infinite duration) are ignored.
 *
 * @example
 * const stop = startMedia(host, [{ goal, trigger: { on: 'media', percent: [25, 50, 75, 100] } }]);
 */
export function startMedia(host: TriggerHost, entries: readonly GoalTrigger<MediaTrigger>[]): StopTrigger {
  const states = new WeakMap<Element, Playback>();
  const triggers = entries.map(({ goal, trigger }) => ({
    goal,
    selector: trigger.selector ?? 'video, audio',
    percents: [...trigger.percent].sort((a, b) => a - b),
  }));

  const mediaOf = (event: Event): HTMLMediaElement | undefined => {
    const target = event.target as Element | null;
    if (!target || (target.localName !== 'video' && target.localName !== 'audio')) return undefined;
    return triggers.some((t) => safeMatches(target, t.selector)) ? (target as HTMLMediaElement) : undefined;
  };

  const stateOf = (media: HTMLMediaElement): { state: Playback; isNew: boolean } => {
    const known = states.get(media);
    if (known) return { state: known, isNew: false };
    const state: Playback = { last: media.currentTime, seeking: false, played: false, fired: new Set() };
    states.set(media, state);
    return { state, isNew: true };
  };

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

  const on = (type: string, handle: (media: HTMLMediaElement, state: Playback, isNew: boolean) => void): StopTrigger =>
    listen(host, host.window.document, type, (event) => {
      const media = mediaOf(event);
      if (!media) return;
      const { state, isNew } = stateOf(media);
      handle(media, state, isNew);
    }, true);

  const stops = [
    // The first event seen for an element only records where it is: playing started there.
    on('play', () => {}),
    on('seeking', (_media, state) => {
      state.seeking = true;
    }),
    on('seeked', (media, state) => {
      state.seeking = false;
      state.last = media.currentTime;
      state.played = false;
    }),
    on('timeupdate', (media, state, isNew) => {
      // Per spec the seek's own `timeupdate` comes between `seeking` and `seeked`: a jump, not play.
      if (isNew || state.seeking) return;
      const now = media.currentTime;
      if (now > state.last) {
        cross(media, state, state.last, now);
        state.played = true;
      }
      state.last = now;
    }),
    on('ended', (media, state) => {
      const duration = media.duration;
      if (state.seeking || !state.played || duration - state.last > END_TOLERANCE_S) return;
      cross(media, state, state.last, duration);
      state.last = duration;
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
