// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"navigation":{"disableChildFrameNavigation":true}}}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, start, type GoalSpec } from './triggers-helpers';

// Message shapes from docs/triggers.md ("Embedded players"), read from the players' own code:
// YouTube's embed player and widget API (`listening`, `initialDelivery`, `infoDelivery`), Vimeo's
// player.js (`ping`, `ready`, `addEventListener`, `timeupdate` with `seconds`/`duration`/`percent`).
const YT = 'https://www.youtube.com';
const VIMEO = 'https://player.vimeo.com';

const GOAL: GoalSpec = {
  id: 'video_progress',
  propNames: ['percent', 'video_provider', 'video_id', 'video_title'],
  triggers: [{ on: 'media', percent: [25, 50, 75, 100] }],
};

/** An iframe whose window the test plays: it records what is posted to it. */
function frame(src: string): { iframe: HTMLIFrameElement; posted: [unknown, string][] } {
  const iframe = document.createElement('iframe');
  const posted: [unknown, string][] = [];
  const win = { postMessage: (message: unknown, origin: string) => posted.push([message, origin]) };
  Object.defineProperty(iframe, 'contentWindow', { configurable: true, get: () => win });
  iframe.setAttribute('src', src);
  document.body.append(iframe);
  return { iframe, posted };
}

/** A message from a player: from its origin and iframe unless told otherwise. */
function say(iframe: HTMLIFrameElement, data: unknown, origin = YT, source: unknown = iframe.contentWindow): void {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
}

/** YouTube's player says where it is; `clock` is its `currentTimeLastUpdated_`, in seconds. */
function youtube(iframe: HTMLIFrameElement, info: Record<string, unknown>, id = 1): void {
  say(iframe, JSON.stringify({ event: 'infoDelivery', info, id, channel: 'widget' }));
}

const loaded = (iframe: HTMLIFrameElement) => iframe.dispatchEvent(new Event('load'));

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

describe('YouTube players', () => {
  it('greets the player with listening every 250 ms, to its origin only, until it answers', () => {
    const { iframe, posted } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1');
    start([GOAL]);
    vi.advanceTimersByTime(600);
    expect(posted).toHaveLength(3);
    expect(posted[0]).toEqual([JSON.stringify({ event: 'listening', id: 1, channel: 'widget' }), YT]);
    youtube(iframe, { currentTime: 0, duration: 100, playerState: -1 });
    vi.advanceTimersByTime(2_000);
    expect(posted).toHaveLength(3);
  });

  it('posts nothing while the iframe still shows its blank first document, and greets the player once it is there', () => {
    const { iframe, posted } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1');
    let blank: Document | null = document.implementation.createHTMLDocument('');
    Object.defineProperty(iframe, 'contentDocument', { configurable: true, get: () => blank });
    start([GOAL]);
    vi.advanceTimersByTime(600);
    expect(posted).toEqual([]);
    blank = null; // the player's document, of another origin: not readable
    vi.advanceTimersByTime(250);
    expect(posted).toEqual([[JSON.stringify({ event: 'listening', id: 1, channel: 'widget' }), YT]]);
  });

  it('fires 25, 50, 75 and 100 once each as the video plays, with the provider, id and title', () => {
    const { iframe } = frame('https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1');
    const host = start([GOAL]);
    const origin = 'https://www.youtube-nocookie.com';
    const info = (currentTime: number, extra: Record<string, unknown> = {}) =>
      say(iframe, JSON.stringify({ event: 'infoDelivery', id: 1, channel: 'widget', info: { currentTime, currentTimeLastUpdated_: 1000 + currentTime, ...extra } }), origin);
    say(iframe, JSON.stringify({ event: 'initialDelivery', id: 1, info: { currentTime: 0, duration: 20, playerState: 5, videoData: { video_id: 'abc123', title: 'Trail test' } } }), origin);
    info(0, { playerState: 1 });
    for (let t = 1; t <= 20; t++) info(t);
    info(20, { playerState: 0 });
    info(20);
    expect(host.fired.map((f) => f.props)).toEqual(
      [25, 50, 75, 100].map((percent) => ({ percent, video_provider: 'youtube', video_id: 'abc123', video_title: 'Trail test' })),
    );
    expect(host.fired.every((f) => f.trigger === 'media')).toBe(true);
  });

  it('crosses no milestone on a seek forward, while playing or after a pause, and fires those played after it', () => {
    const { iframe } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1');
    const host = start([GOAL]);
    youtube(iframe, { currentTime: 0, duration: 100, playerState: 1, currentTimeLastUpdated_: 1000 });
    youtube(iframe, { currentTime: 10, currentTimeLastUpdated_: 1010 });
    youtube(iframe, { currentTime: 45, currentTimeLastUpdated_: 1010.5 }); // a jump of 35 s in half a second
    youtube(iframe, { currentTime: 46, currentTimeLastUpdated_: 1011.5 });
    youtube(iframe, { currentTime: 46, playerState: 2, currentTimeLastUpdated_: 1011.5 }); // paused
    youtube(iframe, { currentTime: 70, playerState: 2, currentTimeLastUpdated_: 1100 }); // sought while paused
    youtube(iframe, { currentTime: 70, playerState: 1, currentTimeLastUpdated_: 1101 });
    youtube(iframe, { currentTime: 76, currentTimeLastUpdated_: 1107 });
    expect(host.fired.map((f) => f.props.percent)).toEqual([75]);
  });

  it('ignores messages from another origin, another window or with another widget id, and junk', () => {
    const { iframe } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1');
    const host = start([GOAL]);
    const message = (currentTime: number, id = 1) =>
      JSON.stringify({ event: 'infoDelivery', id, info: { currentTime, duration: 100, playerState: 1, currentTimeLastUpdated_: 1000 + currentTime } });
    say(iframe, message(0));
    // Each of these, if heard, would move the player to 30 s: a seek, and then 26 s would be one too.
    say(iframe, message(30), 'https://evil.example');
    say(iframe, message(30), YT, window);
    say(iframe, message(30, 7));
    say(iframe, '{not json');
    say(iframe, 42);
    say(iframe, null);
    expect(host.fired).toEqual([]);
    for (let t = 1; t <= 26; t++) say(iframe, message(t));
    expect(host.fired.map((f) => f.props.percent)).toEqual([25]);
  });

  it('skips a player without enablejsapi=1 with a debug line, or adds it once when the trigger says so', () => {
    const plain = frame('https://www.youtube.com/embed/abc123?rel=0');
    const host = start([GOAL]);
    vi.advanceTimersByTime(1_000);
    expect(plain.posted).toEqual([]);
    expect(host.debug).toHaveBeenCalledWith('YouTube player abc123 skipped: its src lacks enablejsapi=1');
    host.stop();

    const enabled = start([{ ...GOAL, triggers: [{ on: 'media', percent: [50], enableJsApi: true }] }]);
    const src = `https://www.youtube.com/embed/abc123?rel=0&enablejsapi=1&origin=${encodeURIComponent(location.origin)}`;
    expect(plain.iframe.src).toBe(src);
    loaded(plain.iframe);
    expect(plain.iframe.src).toBe(src);
    expect(plain.posted[0]?.[1]).toBe(YT);
    expect(enabled.debug).not.toHaveBeenCalled();
  });

  it('takes a YouTube player whose query names Vimeo for YouTube, and stops greeting an iframe sent to a page that is no player', () => {
    const { iframe, posted } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1&origin=https://vimeo-fans.example');
    start([GOAL]);
    expect(posted).toEqual([[JSON.stringify({ event: 'listening', id: 1, channel: 'widget' }), YT]]);
    iframe.setAttribute('src', 'https://maps.example/embed?x=1');
    loaded(iframe);
    vi.advanceTimersByTime(1_000);
    expect(posted).toHaveLength(1);
  });

  it('never posts to an iframe that is no player, nor to a player the selector does not match', () => {
    const other = frame('https://maps.example/embed?x=1');
    const unmatched = frame('https://www.youtube.com/embed/zzz?enablejsapi=1');
    unmatched.iframe.className = 'hero';
    start([{ ...GOAL, triggers: [{ on: 'media', percent: [50], selector: 'video, iframe:not(.hero)' }] }]);
    vi.advanceTimersByTime(1_000);
    expect(other.posted).toEqual([]);
    expect(unmatched.posted).toEqual([]);
  });

  it('follows a player added later once it loads, and counts each video once per page, even after a reload', () => {
    const host = start([GOAL]);
    const { iframe, posted } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1');
    expect(posted).toEqual([]);
    loaded(iframe);
    expect(posted).toHaveLength(1);
    const play = (from: number, to: number, id: number) => {
      for (let t = from; t <= to; t++) youtube(iframe, { currentTime: t, duration: 40, playerState: 1, currentTimeLastUpdated_: 1000 + t }, id);
    };
    play(0, 12, 1);
    loaded(iframe); // the same video loads again, greeted again with the same widget id
    expect(posted).toHaveLength(2);
    expect(posted[1]![0]).toBe(JSON.stringify({ event: 'listening', id: 1, channel: 'widget' }));
    play(0, 22, 1);
    expect(host.fired.map((f) => f.props.percent)).toEqual([25, 50]);
  });

  it('stops greeting and hearing players once stopped', () => {
    const { iframe, posted } = frame('https://www.youtube.com/embed/abc123?enablejsapi=1');
    const host = start([GOAL]);
    host.stop();
    vi.advanceTimersByTime(1_000);
    youtube(iframe, { currentTime: 0, duration: 4, currentTimeLastUpdated_: 0 });
    youtube(iframe, { currentTime: 2, duration: 4, currentTimeLastUpdated_: 2 });
    expect(posted).toHaveLength(1);
    expect(host.fired).toEqual([]);
  });
});

describe('Vimeo players', () => {
  it('pings the player, registers its events once ready, asks its title, and fires milestones from timeupdate', () => {
    const { iframe, posted } = frame('https://player.vimeo.com/video/76979871?h=abc');
    const host = start([GOAL]);
    expect(posted).toEqual([[{ method: 'ping' }, VIMEO]]);
    say(iframe, { event: 'ready' }, VIMEO);
    expect(posted.slice(1).map(([message]) => message)).toEqual([
      { method: 'addEventListener', value: 'play' },
      { method: 'addEventListener', value: 'pause' },
      { method: 'addEventListener', value: 'timeupdate' },
      { method: 'addEventListener', value: 'ended' },
      { method: 'getVideoTitle' },
    ]);
    say(iframe, JSON.stringify({ method: 'getVideoTitle', value: 'Summit Tee' }), VIMEO);
    say(iframe, { event: 'play', data: { seconds: 0, duration: 8, percent: 0 } }, VIMEO);
    for (let t = 0.25; t <= 8; t += 0.25) {
      vi.advanceTimersByTime(250);
      say(iframe, { event: 'timeupdate', data: { seconds: t, duration: 8, percent: t / 8 } }, VIMEO);
    }
    say(iframe, { event: 'ended', data: { seconds: 8, duration: 8, percent: 1 } }, VIMEO);
    expect(host.fired.map((f) => f.props)).toEqual(
      [25, 50, 75, 100].map((percent) => ({ percent, video_provider: 'vimeo', video_id: '76979871', video_title: 'Summit Tee' })),
    );
  });

  it('crosses no milestone when the viewer seeks forward, and ignores other origins', () => {
    const { iframe } = frame('https://player.vimeo.com/video/42');
    const host = start([GOAL]);
    const at = (seconds: number, origin = VIMEO) => say(iframe, { event: 'timeupdate', data: { seconds, duration: 100, percent: seconds / 100 } }, origin);
    say(iframe, { event: 'play', data: { seconds: 0, duration: 100, percent: 0 } }, VIMEO);
    vi.advanceTimersByTime(250);
    at(0.25);
    vi.advanceTimersByTime(250);
    at(80); // a seek
    vi.advanceTimersByTime(250);
    at(80.25);
    at(30, 'https://vimeo.evil.example');
    expect(host.fired).toEqual([]);
  });
});
