import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ready, useSite, waitFor } from './harness';

// No 'unsafe-eval', no inline script: the strictest policy a site commonly runs.
const POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:";
// Scripts run only with the page's nonce: not even a file of the same origin without it.
const NONCE_POLICY = "default-src 'self'; script-src 'nonce-cairn-test-nonce'; connect-src 'self'; style-src 'self'; img-src 'self' data:";

type ViolationsWindow = Window & { violations: string[] };

/** Records every policy violation of the page in `window.violations` (an init script). */
function recordViolations(): void {
  const seen: string[] = ((window as unknown as ViolationsWindow).violations = []);
  document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
}

/** Serves the page at `path` with the policy header, as a site with that CSP would serve it. */
const withPolicy = (path: string, policy: string) => (page: Page) =>
  page.route((url) => url.pathname === path, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });

const violations = (page: Page) => page.evaluate(() => (window as unknown as ViolationsWindow).violations);

describe('the script build under a strict Content-Security-Policy', () => {
  const site = useSite({ root: 'test/browser/pages/csp' });

  test('tracks and delivers without a single policy violation: nothing is evaluated, no inline code runs', async () => {
    const { server } = site;
    const { page, problems } = await site.open('/', { init: recordViolations, before: withPolicy('/', POLICY) });
    await page.click('#cta');
    await page.click('#signup');
    await waitFor(() => server.eventsOf('signup').length === 1 && server.eventsOf('cta').length === 1);

    expect(server.eventsOf('signup')[0]).toMatchObject({ props: { plan: 'team' }, trigger: 'html' });
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);

    // The watch works: an inline script, which the policy forbids, is reported at once.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('script'), { textContent: 'window.ran = true' })));
    await page.waitForFunction(() => (window as unknown as ViolationsWindow).violations.length > 0);
    expect(await violations(page)).toEqual(['script-src-elem inline']);
    await page.close();
  });

  test('loads cairn.triggers.js and cairn.context.js under a nonce policy with the nonce of its own script tag', async () => {
    // The test before sent the same goals to this collector: count this page's own.
    const eventsOf = (goal: string) => site.server.eventsOf(goal).filter((event) => (event.context as { page: { path: string } }).page.path === '/nonce.html');
    const { page, problems } = await site.open('/nonce.html', { init: recordViolations, before: withPolicy('/nonce.html', NONCE_POLICY) });
    await ready(page);
    await page.click('#cta');
    await page.click('#signup');
    await waitFor(() => eventsOf('signup').length === 1 && eventsOf('cta').length === 1);

    // The click trigger and the data-cairn tag came with cairn.triggers.js, the channel with cairn.context.js.
    expect(eventsOf('cta')[0]).toMatchObject({ trigger: 'click', context: { channel: 'Direct' } });
    expect(eventsOf('signup')[0]).toMatchObject({ props: { plan: 'team' }, trigger: 'html', context: { channel: 'Direct' } });
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);

    // The watch works: a file of the same origin without the nonce is refused.
    await page.evaluate(() => document.head.append(Object.assign(document.createElement('script'), { src: '/cairn.triggers.js' })));
    await page.waitForFunction(() => (window as unknown as ViolationsWindow).violations.length > 0);
    expect((await violations(page))[0]).toMatch(/^script-src-elem .*\/cairn\.triggers\.js$/);
    await page.close();
  });
});
