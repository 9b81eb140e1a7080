import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loaded, useChromium, waitFor } from './harness';

describe('npm run demo', () => {
  const chromium = useChromium();
  let demo: ChildProcess;
  let output = '';
  let url = '';
  const out = mkdtempSync(join(tmpdir(), 'cairn-demo-'));

  beforeAll(async () => {
    demo = spawn('node', ['scripts/demo.mjs', '--no-build', '--port', '0', '--out', out], { cwd: resolve(import.meta.dirname, '../..') });
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /Demo shop: (http:\/\/\S+)/.test(output), 20_000);
    url = /Demo shop: (http:\/\/\S+)/.exec(output)![1]!;
  });
  afterAll(() => {
    demo?.kill('SIGTERM');
    rmSync(out, { recursive: true, force: true });
  });

  test('serves the shop and prints each event a click in Chromium sends, with its channel, storing it on disk', async () => {
    const page = await chromium.browser.newPage();
    // A visitor from the newsletter: every event's line names the Email channel.
    await page.goto(`${url}?utm_source=newsletter&utm_medium=email&utm_campaign=june`);
    await loaded(page);
    await page.click('[data-add-to-cart]');
    await page.fill('#newsletter input[name=email]', 'ada@example.com');
    await page.click('#newsletter button');
    await page.evaluate(() => (window as unknown as { cairn: (...args: unknown[]) => Promise<void> }).cairn('flush'));
    await waitFor(() => output.includes('add_to_cart') && output.includes('newsletter_signup'));
    expect(output).toMatch(/micro\s+add_to_cart\s+19.99 EUR\s+\{"sku":"TEE-SUMMIT","price":19.99,"size":"M"\} \[Email\] checkout 2\/4/);
    expect(output).toMatch(/newsletter_signup \{\} \[Email\]/);
    const stored = readFileSync(join(out, 'events.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { goal: string });
    expect(stored.map((event) => event.goal)).toEqual(expect.arrayContaining(['view_product', 'add_to_cart', 'newsletter_signup']));
    expect(stored.filter((event) => event.goal === 'add_to_cart')).toHaveLength(1);
    await page.close();
  });
});
