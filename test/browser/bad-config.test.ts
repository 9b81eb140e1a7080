import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { startTestServer, waitFor } from './test-server';

describe('the script build with a config that has mistakes', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer({ root: 'test/browser/pages/bad-config' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('logs one clear console error naming each problem, keeps the valid goals and leaves the page unharmed', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (window as unknown as { cairn?: { loaded?: boolean } }).cairn?.loaded === true);

    await page.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...args: unknown[]) => void }).cairn;
      cairn('track', 'newsletter');
      cairn('track', 'signup', { plan: 'team' });
    });
    await page.click('#cta');
    await page.click('#signup');
    await waitFor(() => server.eventsOf('signup').length === 1);
    await new Promise((r) => setTimeout(r, 400));

    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('[cairn] Invalid config:');
    expect(errors[0]).toContain('goals.newsletter.kind: expected "micro" | "macro"');
    expect(errors[0]).toContain('goals.cta.triggers.0: invalid CSS selector "#cta["');
    expect(errors[0]).toContain('The other goals are tracked.');
    // The broken goals are left out: tracking one is a rejected event with a warning, nothing more.
    expect(warnings.some((w) => w.includes('unknown goal "newsletter"'))).toBe(true);
    expect(server.events().map((event) => event.goal)).toEqual(['signup']);
    expect(await page.evaluate(() => document.body.dataset.clicked)).toBe('yes');
    await page.close();
  });
});
