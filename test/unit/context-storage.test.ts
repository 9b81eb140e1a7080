// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBatch } from '../../src/server/batch';
import { land, MINUTE, open, sent, sentBodies, setUpPage, settle, tearDownPage } from './context-helpers';

beforeEach(setUpPage);
afterEach(tearDownPage);

/** Values another script, an old version or a browser extension might leave under cairn's keys. */
const JUNK: unknown[] = ['"text"', '42', 'null', '[]', '{"sid":5}', '{"first":"x","last":{"channel":1},"n":-3}', '{"items":[1,{"goal":2}],"omitted":"x"}', '{"checkout":{"r":"2","at":null,"sid":1}}', '{"sid":"s","map":{"hero":{}}}', '{"plan":{"nested":true}}', 'not json{'];
const KEYS = ['cairn:attr', 'cairn:touch', 'cairn:funnel', 'cairn:journey', 'cairn:exp', 'cairn:traits'];

describe('stored context', () => {
  it('survives junk under every key it reads: the collector accepts every batch, and the visitor goes on', async () => {
    for (const junk of JUNK) {
      for (const key of KEYS) localStorage.setItem(key, String(junk));
      land('/?utm_source=newsletter&utm_medium=email', '');
      const tracker = open();
      tracker.track('view_product', { sku: 'A-1' });
      tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
      tracker.track('purchase', { total: 20 });
      await settle(tracker);
      vi.advanceTimersByTime(31 * MINUTE);
    }
    for (const body of sentBodies()) expect(parseBatch(Buffer.from(body))).toMatchObject({ ok: true });
    const purchases = sent().filter((event) => event.goal === 'purchase');
    expect(purchases).toHaveLength(JUNK.length);
    for (const purchase of purchases) expect(purchase.context).toMatchObject({ channel: 'Email', funnels: [{ funnel: 'checkout', step: 4, steps: 4, reached: 4 }] });
  });
});
