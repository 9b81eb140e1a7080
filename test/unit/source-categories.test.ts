import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { dataBlock, MODULE, readRows } from '../../scripts/source-categories.mjs';
import { sourceCategory, sourceTable, SOURCE_LIST_VERSION } from '../../src/context/source-categories';

// test/fixtures/ga4-source-categories.csv: Velir/dbt-ga4 seeds/ga4_source_categories.csv at 145a280, verbatim.
// No row of this copy appears in two categories (checked below), so nothing had to be chosen; were
// one to, the category later in the module's order (search, social, video, shopping) would win.
const rows = (readRows as () => [string, string][])();

describe('sourceCategory', () => {
  it('has all 819 rows of the list, with no row in two categories', () => {
    expect(rows).toHaveLength(819);
    expect(new Set(rows.map(([name]) => name)).size).toBe(819);
    const counts = rows.reduce<Record<string, number>>((all, [, category]) => ({ ...all, [category]: (all[category] ?? 0) + 1 }), {});
    expect(counts).toEqual({ search: 131, social: 590, video: 46, shopping: 52 });
  });

  it('classifies every row of the list to its category (exhaustive)', () => {
    const wrong = rows.filter(([name, category]) => sourceCategory(name) !== category).map(([name, category]) => `${name}: ${category}, got ${sourceCategory(name)}`);
    expect(wrong).toEqual([]);
  });

  it('classifies the rows as written in the CSV, capitals included', () => {
    const csv = readFileSync(new URL('../fixtures/ga4-source-categories.csv', import.meta.url), 'utf8');
    const written = csv.trim().split('\n').slice(1).map((line) => line.slice(0, line.lastIndexOf(',')));
    expect(written.filter((name) => sourceCategory(name) === undefined)).toEqual([]);
    expect(sourceCategory('Google Shopping')).toBe('shopping');
    expect(sourceCategory('IGShopping')).toBe('shopping');
    expect(sourceCategory('ImageShack')).toBe('social');
  });

  it('spells out no name the list lacks (only the two pattern families reach beyond it)', () => {
    const listed = new Set(rows.map(([name]) => name));
    expect([...sourceTable().keys()].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('ignores case and a leading www.', () => {
    expect(sourceCategory('www.facebook.com')).toBe('social');
    expect(sourceCategory('WWW.YouTube.COM')).toBe('video');
    expect(sourceCategory('Amazon.co.uk')).toBe('shopping');
    expect(sourceCategory('www.google.com')).toBe('search');
  });

  it('covers the Yahoo search and Pinterest country families beyond the hosts the list spells out', () => {
    expect(sourceCategory('be.search.yahoo.com')).toBe('search');
    expect(sourceCategory('pinterest.be')).toBe('social');
    expect(sourceCategory('www.pinterest.co.uk')).toBe('social');
    expect(sourceCategory('gr.pinterest.com')).toBe('social');
  });

  it.each([
    'example.com',
    'x.com',
    'threads.net',
    'bsky.app',
    'chatgpt.com',
    'perplexity.ai',
    'discord.com',
    'workshop',
    'mail.example.org',
    'pinterest-fan.com',
    'pinterest.com.evil.io',
    'notgoogle.com',
    'google.com.evil.io',
    'search.yahoo.com',
    'yahoo.com.evil.io',
    'evil.search.yahoo.com.io',
    'facebook.co',
    'www.',
    'com',
    'l.facebook',
    'youtube.org',
    'amazon.de',
    'shop',
    'email',
    '',
  ])('returns undefined for %j, which the list does not have', (source) => {
    expect(sourceCategory(source)).toBeUndefined();
  });

  it('keeps rakuten a search engine and news.ycombinator.com social, as the list has them', () => {
    expect(sourceCategory('rakuten')).toBe('search');
    expect(sourceCategory('news.ycombinator.com')).toBe('social');
    expect(sourceCategory('checkout.stripe.com')).toBe('shopping');
  });

  it('names the list copy it ships', () => {
    expect(SOURCE_LIST_VERSION).toBe('ga4-velir-145a280');
  });

  it('ships the data scripts/source-categories.mjs encodes from the CSV (run it after changing the list)', () => {
    const module = readFileSync(MODULE as string, 'utf8');
    expect(module).toContain(`// source-data:start\n${(dataBlock as () => string)()}\n  // source-data:end`);
  });
});
