import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { sleep, useSite, waitFor } from './harness';

const PAGES = resolve(import.meta.dirname, 'pages/embeds');

interface VideoEvent {
  props: { percent: number; video_provider?: string; video_id?: string; video_title?: string };
  trigger: string;
}

/**
 * No real player can load here (no internet): the players' hosts are served by local stand-ins
 * (pages/embeds/youtube-player.html, vimeo-player.html) that speak the messages of YouTube's and
 * Vimeo's own code, cited in each file. The iframes keep their real origins
 * (https://www.youtube.com, https://player.vimeo.com), so cairn's origin checks run as in production.
 */
async function routePlayers(page: Page): Promise<void> {
  const serve = (file: string) => readFileSync(resolve(PAGES, file), 'utf8');
  await page.route('https://www.youtube.com/embed/**', (route) => route.fulfill({ contentType: 'text/html', body: serve('youtube-player.html') }));
  await page.route('https://player.vimeo.com/video/**', (route) => route.fulfill({ contentType: 'text/html', body: serve('vimeo-player.html') }));
}

/** The player frame whose URL contains `part`, once cairn's greeting reached it. */
async function playerFrame(page: Page, part: string): Promise<Frame> {
  let frame: Frame | undefined;
  await waitFor(() => !!(frame = page.frames().find((f) => f.url().includes(part))));
  await frame!.waitForFunction(() => (window as unknown as { heard?: boolean }).heard === true);
  return frame!;
}

describe('YouTube and Vimeo players in Chromium', () => {
  const site = useSite({ root: 'test/browser/pages/embeds' });
  const milestones = (video: string) =>
    (site.server.eventsOf('video_progress') as unknown as VideoEvent[]).filter((event) => event.props.video_id === video).map((event) => event.props.percent);

  test('milestones of a YouTube and a Vimeo player, a seek forward crossing none, a player added later, and impostors unheard', async () => {
    const requests: string[] = [];
    const { context, page, errors, warnings } = await site.open('/players.html', {
      before: async (page) => {
        page.on('request', (request) => requests.push(`${request.resourceType()} ${request.url()}`));
        await routePlayers(page);
      },
    });
    const youtube = await playerFrame(page, 'youtube.com/embed/dQw4w9WgXcQ');
    const vimeo = await playerFrame(page, 'player.vimeo.com/video/76979871');
    await vimeo.waitForFunction(() => (window as unknown as { ready(): boolean }).ready());

    // YouTube (20 s): played to 11 s, sought to 16 s, played to the end.
    await youtube.evaluate(() => (window as unknown as { play(to: number): void }).play(11));
    await youtube.evaluate(() => (window as unknown as { seek(to: number): void }).seek(16));
    await youtube.evaluate(() => (window as unknown as { play(to: number): void }).play(20));
    // Vimeo (8 s): played through.
    await vimeo.evaluate(() => (window as unknown as { play(to: number): void }).play(8));
    await waitFor(() => milestones('dQw4w9WgXcQ').length === 3 && milestones('76979871').length === 4);

    // A second YouTube player added by the page later follows on its own.
    await page.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.src = 'https://www.youtube.com/embed/secondVid01?enablejsapi=1';
      document.body.append(frame);
    });
    const second = await playerFrame(page, 'embed/secondVid01');
    await second.evaluate(() => (window as unknown as { play(to: number): void }).play(20));
    await waitFor(() => milestones('secondVid01').length === 4);

    // Messages in the players' shapes from a frame of the site's own origin, and from the page.
    await page.frame({ url: /impostor\.html/ })!.evaluate(() => (window as unknown as { impersonate(): void }).impersonate());
    await page.evaluate(() => window.postMessage(JSON.stringify({ event: 'infoDelivery', id: 1, channel: 'widget', info: { currentTime: 20, duration: 20 } }), '*'));
    await sleep(600);

    expect(milestones('dQw4w9WgXcQ')).toEqual([25, 50, 100]);
    expect(milestones('76979871')).toEqual([25, 50, 75, 100]);
    expect(milestones('secondVid01')).toEqual([25, 50, 75, 100]);
    const events = site.server.eventsOf('video_progress') as unknown as VideoEvent[];
    expect(events).toHaveLength(11);
    expect(events.find((event) => event.props.video_id === 'dQw4w9WgXcQ')!.props).toEqual({
      percent: 25, video_provider: 'youtube', video_id: 'dQw4w9WgXcQ', video_title: 'Trail test dQw4w9WgXcQ',
    });
    expect(events.find((event) => event.props.video_id === '76979871')!.props).toMatchObject({ video_provider: 'vimeo', video_title: 'Summit Tee on the trail' });
    expect(events.every((event) => event.trigger === 'media')).toBe(true);

    // The only requests to another host are the page's own iframes; cairn loads no player script.
    const foreign = requests.filter((line) => !line.includes(site.server.origin));
    expect(foreign.every((line) => line.startsWith('document '))).toBe(true);
    expect(foreign).toHaveLength(3);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });
});
