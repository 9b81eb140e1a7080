import { listen, safeMatches } from './dom';
import { clip } from './read-props';
import type { MediaProgress, Position } from './media-progress';
import type { StopTrigger, TriggerHost } from './trigger-host';

/** How often, and how many times, a player is greeted until it answers (YouTube's page side: 250 ms). */
const HELLO_MS = 250;
const HELLOS = 120;
/** Seconds a report may move on beyond the time since the last one (at the player's rate) and still be playback. */
const PLAY_SLACK_S = 1.5;

const YOUTUBE = /^https?:\/\/(?:www\.)?youtube(?:-nocookie)?\.com\/embed\/([\w-]+)/;
const VIMEO = /^https?:\/\/player\.vimeo\.com\/video\/(\d+)/;

/** The players a media trigger follows: its selector, and whether it may add `enablejsapi=1`. */
export interface EmbedTrigger {
  selector: string;
  enableJsApi?: boolean;
}

/** One player iframe and what it said last. */
interface Player extends Position {
  frame: HTMLIFrameElement;
  provider: 'youtube' | 'vimeo';
  origin: string;
  /** The widget id cairn gave a YouTube player (its messages must carry it). */
  id: number;
  video: string;
  title?: string;
  /** The player's clock (YouTube) or the page's, in seconds, at the last position. */
  clock: number;
  rate: number;
  playing?: boolean;
  heard?: boolean;
  timer?: number;
}

/** Reads a message's data: an object, or a JSON string of one (Vimeo sends either). */
function dataOf(data: unknown): Record<string, any> | undefined {
  try {
    const value: unknown = typeof data === 'string' ? JSON.parse(data) : data;
    return value && typeof value === 'object' ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Hands a reported position (seconds, the clock in seconds, whether it plays now, whether it ended) to the milestones. */
type Report = (player: Player, time: unknown, clock: number, playing?: boolean, ended?: boolean) => void;


/** What a YouTube player said: `initialDelivery` and `infoDelivery` carry its position and video. */
function readYoutube(player: Player, data: Record<string, any>, report: Report): void {
  if (data.id !== player.id) return;
  const info = dataOf(data.info);
  if (!info) return;
  const { videoData, playerState } = info;
  if (typeof videoData?.video_id === 'string' && videoData.video_id) player.video = videoData.video_id;
  if (typeof videoData?.title === 'string') player.title = clip(videoData.title, 256);
  if (finite(info.duration)) player.duration = info.duration;
  if (finite(info.playbackRate) && info.playbackRate > 0) player.rate = info.playbackRate;
  const clock = finite(info.currentTimeLastUpdated_) ? info.currentTimeLastUpdated_ : Date.now() / 1000;
  // States: -1 unstarted, 0 ended, 1 playing, 2 paused, 3 buffering, 5 cued.
  report(player, info.currentTime, clock, finite(playerState) ? playerState === 1 : undefined, playerState === 0);
}

/** What a Vimeo player said: ready (or the ping's answer), its title, and playback events. */
function readVimeo(player: Player, data: Record<string, any>, report: Report, post: (player: Player, message: unknown) => void): void {
  const { event, method } = data;
  if (event === 'ready' || method === 'ping') {
    for (const value of ['play', 'pause', 'timeupdate', 'ended']) post(player, { method: 'addEventListener', value });
    post(player, { method: 'getVideoTitle' });
  }
  if (method === 'getVideoTitle' && typeof data.value === 'string') player.title = clip(data.value, 256);
  const info = dataOf(data.data);
  if (!info || !/^(play|pause|timeupdate|ended)$/.test(event)) return;
  if (finite(info.duration)) player.duration = info.duration;
  report(player, info.seconds, Date.now() / 1000, event === 'timeupdate' ? undefined : event === 'play', event === 'ended');
}

/**
 * Posts to a player, at its origin. Not to an iframe still on its blank first document (readable
 * by the page, of the page's origin): Chromium would log an origin mismatch in the console.
 */
function post(player: Player, message: unknown): void {
  if (!player.frame.contentDocument) player.frame.contentWindow?.postMessage(message, player.origin);
}

/**
 * The player an iframe is, when a trigger matches it and its src is a YouTube or Vimeo embed. A
 * YouTube src without `enablejsapi=1` gets it when a trigger allows (the player reloads, and is
 * followed once loaded again), else it is skipped with a debug line.
 */
function playerOf(host: TriggerHost, frame: HTMLIFrameElement, triggers: readonly EmbedTrigger[], id: number): Player | undefined {
  const matching = triggers.filter(({ selector }) => safeMatches(frame, selector));
  const src = frame.src;
  const youtube = YOUTUBE.exec(src);
  const [, video] = (matching.length && (youtube ?? VIMEO.exec(src))) || [];
  if (!video || !frame.contentWindow) return undefined;
  const provider = youtube ? 'youtube' : 'vimeo';
  if (provider === 'youtube' && !/[?&]enablejsapi=1/.test(src)) {
    if (!matching.some((trigger) => trigger.enableJsApi)) host.debug(`YouTube player ${video} skipped: its src lacks enablejsapi=1`);
    else frame.src = `${src}${src.includes('?') ? '&' : '?'}enablejsapi=1&origin=${encodeURIComponent(host.window.location.origin)}`;
    return undefined;
  }
  const origin = provider === 'vimeo' ? 'https://player.vimeo.com' : new URL(src).origin.replace('http:', 'https:');
  return { frame, provider, origin, id, video, currentTime: 0, duration: NaN, clock: 0, rate: 1 };
}

/**
 * Follows YouTube and Vimeo player iframes through their own postMessage protocols (no script of
 * theirs is loaded; the messages are in docs/triggers.md) and hands their playback to `progress`,
 * with the same milestone rules as native media, counted once per video per page.
 *
 * - A player is an `<iframe>` matching `selector` whose src is a YouTube (`/embed/<id>`, also on
 *   youtube-nocookie.com) or Vimeo (`player.vimeo.com/video/<id>`) embed; no other iframe is ever
 *   posted to. A YouTube src needs `enablejsapi=1`: when a matching trigger says `enableJsApi`,
 *   cairn adds it with `origin=` (the player reloads once), else the player is skipped (debug line).
 * - Messages count only from the player's origin **and** its iframe's window, and a YouTube
 *   message only with the widget id cairn gave it.
 * - YouTube is greeted with `listening` and Vimeo with `ping` every 250 ms until it answers (at most
 *   30 s), again after each load of the iframe; players a SPA adds later are found when they load.
 * - A position further on than the time since the last report allows (at the player's rate, plus
 *   1.5 s), or behind it, is a seek: it crosses no milestone.
 *
 * @example
 * const stop = startEmbeds(host, [{ selector: 'video, audio, iframe' }], progress);
 */
export function startEmbeds(host: TriggerHost, triggers: readonly EmbedTrigger[], progress: MediaProgress): StopTrigger {
  const win = host.window;
  const players = new Map<unknown, Player>();
  const keys = new Map<string, object>();
  let ids = 0;
  const hello = (player: Player, count = 0): void => {
    win.clearTimeout(player.timer);
    if (player.heard || count >= HELLOS) return;
    post(player, player.provider === 'youtube' ? JSON.stringify({ event: 'listening', id: player.id, channel: 'widget' }) : { method: 'ping' });
    player.timer = win.setTimeout(() => hello(player, count + 1), HELLO_MS);
  };

  // A player that loads again (its first load after the scan at start, a new src) keeps its widget id.
  const watch = (frame: HTMLIFrameElement): void => {
    const old = players.get(frame.contentWindow);
    win.clearTimeout(old?.timer);
    players.delete(frame.contentWindow); // an iframe that is no player any more is greeted no more
    const player = playerOf(host, frame, triggers, old?.id ?? ++ids);
    if (!player) return;
    players.set(frame.contentWindow, player);
    hello(player);
  };

  // Time runs for playback only while the player played: a jump after a pause is a seek.
  const report: Report = (player, time, clock, playing, ended) => {
    const key = `${player.provider}:${player.video}`;
    const video = keys.get(key) ?? keys.set(key, {}).get(key)!;
    const props = { video_provider: player.provider, video_id: player.video, video_title: player.title };
    if (finite(time)) {
      const jump = time - player.currentTime;
      const elapsed = player.playing ? clock - player.clock : 0;
      const played = player.clock > 0 && jump >= 0 && jump <= elapsed * player.rate + PLAY_SLACK_S;
      player.currentTime = time;
      progress(played ? 'timeupdate' : 'seeked', player.frame, player, video, props);
    }
    player.clock = clock;
    if (playing !== undefined) player.playing = playing;
    if (ended) progress('ended', player.frame, player, video, props);
  };

  const onMessage = (message: Event): void => {
    const { source, origin, data } = message as MessageEvent;
    const player = players.get(source);
    const read = player && origin === player.origin && dataOf(data);
    if (!player || !read) return;
    player.heard = true;
    if (player.provider === 'youtube') readYoutube(player, read, report);
    else readVimeo(player, read, report, post);
  };

  // `load` does not bubble, but the capture phase reaches it: players added later, or reloaded.
  const onLoad = (event: Event) => event.target instanceof win.HTMLIFrameElement && watch(event.target);
  const stops = [listen(host, win, 'message', onMessage), listen(host, win.document, 'load', onLoad, true)];
  win.document.querySelectorAll('iframe').forEach(watch);
  return () => {
    stops.forEach((stop) => stop());
    players.forEach((player) => win.clearTimeout(player.timer));
  };
}
