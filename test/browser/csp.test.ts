import { describe, expect, test } from 'vitest';
import { useSite, waitFor } from './harness';

// No 'unsafe-eval', no inline script: the strictest policy a site commonly runs.
const POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:";

describe('the script build under a strict Content-Security-Policy', () => {
  const site = useSite({ root: 'test/browser/pages/csp' });

  test('tracks and delivers without a single policy violation: nothing is evaluated, no inline code runs', async () => {
    const { server } = site;
    const { page, problems } = await site.open('/', {
      init: () => {
        const seen: string[] = ((window as unknown as { violations: string[] }).violations = []);
        document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
      },
      // The page is served with the policy header, as a site with a strict CSP would serve it.
      before: (page) =>
        page.route((url) => url.pathname === '/', async (route) => {
          const response = await route.fetch();
          await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': POLICY } });
        }),
    });
    await page.click('#cta');
    await page.click('#signup');
    await waitFor(() => server.eventsOf('signup').length === 1 && server.eventsOf('cta').length === 1);

    expect(server.eventsOf('signup')[0]).toMatchObject({ props: { plan: 'team' }, trigger: 'html' });
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(problems).toEqual([]);

    // The watch works: an inline script, which the policy forbids, is reported at once.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('script'), { textContent: 'window.ran = true' })));
    await page.waitForFunction(() => (window as unknown as { violations: string[] }).violations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual(['script-src-elem inline']);
    await page.close();
  });
});
