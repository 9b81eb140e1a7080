import type { MediaTrigger } from '../schema/trigger-types';
import { listen, safeMatches, type GoalTrigger } from './dom';
import { startEmbeds } from './embeds';
import { trackMediaProgress } from './media-progress';
import type { StopTrigger, TriggerHost } from './trigger-host';

/**
 * Watches `<video>`/`<audio>` progress with capture-phase listeners on the document (media events
 * do not bubble, but capture reaches every element, including ones a SPA adds later), and YouTube
 * and Vimeo players through their message protocols (embeds.ts), with the same rules.
 *
 * A milestone counts only when playback crosses it: a `timeupdate` moving forward from the last
 * played position past `percent` of the duration, or `ended` right after playing (within one
 * second of media time, `END_TOLERANCE_S` in media-progress.ts) for the milestones left before the
 * end. Positions reached by seeking never count: seeking from 10% to 80% fires neither 25, 50 nor
 * 75; playing on from 80% fires 100.
 * Each milestone fires once per element (a player: per video) per goal, with `percent` when the
 * goal declares it, and a player's `video_provider`, `video_id` and `video_title`.
 * Media inside shadow roots is not seen (media events are not composed). Live streams
 * (infinite duration) are ignored.
 *
 * @example
 * const stop = startMedia(host, [{ goal, trigger: { on: 'media', percent: [25, 50, 75, 100] } }]);
 */
export function startMedia(host: TriggerHost, entries: readonly GoalTrigger<MediaTrigger>[]): StopTrigger {
  const triggers = entries.map(({ goal, trigger }) => ({
    goal,
    selector: trigger.selector ?? 'video, audio, iframe',
    enableJsApi: trigger.enableJsApi,
    percents: [...trigger.percent].sort((a, b) => a - b),
  }));
  const progress = trackMediaProgress(host, triggers);
  const stops = ['play', 'seeking', 'seeked', 'timeupdate', 'ended'].map((type) =>
    listen(host, host.window.document, type, (event) => {
      const target = event.target as Element | null;
      if (!target || (target.localName !== 'video' && target.localName !== 'audio')) return;
      if (triggers.some((t) => safeMatches(target, t.selector))) progress(type, target as HTMLMediaElement);
    }, true),
  );
  stops.push(startEmbeds(host, triggers, progress));
  return () => stops.forEach((stop) => stop());
}
