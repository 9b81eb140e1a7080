import { describe, expect, test } from 'vitest';
import { sleep, useSite, waitFor } from './harness';

describe('the script build with a config that has mistakes', () => {
  const site = useSite({ root: 'test/browser/pages/bad-config' });

  test('logs one clear console error naming each problem, keeps the valid goals and leaves the page unharmed', async () => {
    const { server } = site;
    const { page, errors, warnings } = await site.open('/');

    await page.evaluate(() => {
      const cairn = (window as unknown as { cairn: (...args: unknown[]) => void }).cairn;
      cairn('track', 'newsletter');
      cairn('track', 'signup', { plan: 'team' });
    });
    await page.click('#cta');
    await page.click('#signup');
    await waitFor(() => server.eventsOf('signup').length === 1);
    await sleep(400);

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
