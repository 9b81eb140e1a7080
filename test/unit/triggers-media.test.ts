// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { $, cleanup, mount, start } from './triggers-helpers';

afterEach(cleanup);

/** A media element of `duration` seconds whose playback the test drives by hand. */
function player(media: HTMLMediaElement, duration = 100) {
  Object.defineProperty(media, 'duration', { value: duration, configurable: true });
  const emit = (type: string) => media.dispatchEvent(new Event(type));
  return {
    /** Plays from the current position, with one `timeupdate` per listed second. */
    play(...times: number[]) {
      emit('play');
      for (const time of times) {
        media.currentTime = time;
        emit('timeupdate');
      }
    },
    /** Seeks as a browser does: `seeking`, the jump's own `timeupdate`, `seeked`. */
    seek(time: number) {
      emit('seeking');
      media.currentTime = time;
      emit('timeupdate');
      emit('seeked');
    },
    end() {
      emit('ended');
    },
  };
}

const GOAL = { id: 'video_progress', triggers: [{ on: 'media' as const, percent: [25, 50, 75, 100] }], propNames: ['percent'] };
const percents = (host: { fired: { props: Record<string, unknown> }[] }) => host.fired.map((f) => f.props.percent);

describe('media trigger', () => {
  it('fires each milestone as playback crosses it, with percent as a number', () => {
    mount('<video></video>');
    const host = start([GOAL]);
    const video = player($('video') as HTMLMediaElement);

    video.play(10, 20, 26, 40, 51);

    expect(host.fired).toEqual([
      { goal: 'video_progress', props: { percent: 25 }, trigger: 'media', coerce: false },
      { goal: 'video_progress', props: { percent: 50 }, trigger: 'media', coerce: false },
    ]);
  });

  it('does not fire milestones skipped by seeking forward, only those played through after', () => {
    mount('<video></video>');
    const host = start([GOAL]);
    const video = player($('video') as HTMLMediaElement);

    video.play(5, 10);
    video.seek(80);
    video.play(85, 90);
    expect(percents(host)).toEqual([]);

    video.seek(20);
    video.play(22, 30);
    expect(percents(host)).toEqual([25]);
  });

  it('fires 100 on ended when the last timeupdate was just before the end', () => {
    mount('<video></video>');
    const host = start([GOAL]);
    const video = player($('video') as HTMLMediaElement);

    video.seek(98);
    video.play(99.3);
    video.end();

    expect(percents(host)).toEqual([100]);
  });

  it('does not fire 100 when the viewer seeks straight to the end', () => {
    mount('<video></video>');
    const host = start([GOAL]);
    const video = player($('video') as HTMLMediaElement);

    video.play(1, 2);
    video.seek(100);
    video.end();

    expect(percents(host)).toEqual([]);
  });

  it('fires each milestone once per element, even when replayed', () => {
    mount('<video id="a"></video><video id="b"></video>');
    const host = start([GOAL]);
    const a = player($('#a') as HTMLMediaElement);
    const b = player($('#b') as HTMLMediaElement);

    a.play(10, 30);
    a.seek(0);
    a.play(10, 30);
    b.play(10, 30);

    expect(percents(host)).toEqual([25, 25]);
  });

  it('tracks media added to the page after start', () => {
    const host = start([GOAL]);
    const late = document.createElement('audio');
    document.body.append(late);

    player(late, 60).play(10, 16);

    expect(percents(host)).toEqual([25]);
  });

  it('only watches elements matching the selector, and sends percent only when declared', () => {
    mount('<video class="promo"></video><video class="other"></video>');
    const host = start([{ id: 'promo_watched', triggers: [{ on: 'media', selector: 'video.promo', percent: [50] }] }]);

    player($('.other') as HTMLMediaElement).play(10, 60);
    player($('.promo') as HTMLMediaElement).play(10, 60);

    expect(host.fired).toEqual([{ goal: 'promo_watched', props: {}, trigger: 'media', coerce: false }]);
  });

  it('ignores live streams without a finite duration', () => {
    mount('<video></video>');
    const host = start([GOAL]);

    player($('video') as HTMLMediaElement, Infinity).play(10, 1000);

    expect(host.fired).toEqual([]);
  });
});
