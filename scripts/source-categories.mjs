#!/usr/bin/env node
// Encodes GA4's source-category list (test/fixtures/ga4-source-categories.csv, a verbatim copy) into
// the compact strings of src/context/source-categories.ts, and writes them there between the
// `// source-data:start` and `// source-data:end` lines: `node scripts/source-categories.mjs`.
// A unit test fails when the committed strings differ from what this script would write.
//
// The encoding, per category (docs/channels.md "The source list"):
// - names lower-cased; rows the module's two family patterns cover (`*.search.yahoo.com`,
//   Pinterest country domains) are left out, the patterns answer for them;
// - `x` and `x.com` in the same category become one token `x*`;
// - each token is written with its labels reversed (`l.facebook.com` → `com.facebook.l`), so
//   hosts of one domain sort together, then front-coded against the previous token of the sorted
//   list: one capital letter (`A` = 0 … `Z` = 25) says how many characters it shares with it.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CSV = resolve(ROOT, 'test/fixtures/ga4-source-categories.csv');
export const MODULE = resolve(ROOT, 'src/context/source-categories.ts');
const ORDER = ['search', 'social', 'video', 'shopping'];
// The same patterns as FAMILIES in the module; the exhaustive test proves they agree.
const FAMILIES = [
  [/^[a-z]+\.search\.yahoo\.com$/, 'search'],
  [/^([a-z]{2}\.)?pinterest\.(com?\.)?[a-z]{2,3}$/, 'social'],
];

/** The CSV as `[name, category]` rows, names and categories lower-cased (`search`, `social`…). */
export function readRows(csv = readFileSync(CSV, 'utf8')) {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const comma = line.lastIndexOf(',');
      return [line.slice(0, comma).toLowerCase(), line.slice(comma + 1).replace('SOURCE_CATEGORY_', '').toLowerCase()];
    });
}

const reversed = (name) => name.split('.').reverse().join('.');

/** The encoded strings, `[category, data]` in the module's order. */
export function encode(rows = readRows()) {
  return ORDER.map((category) => {
    const names = new Set(
      rows.filter(([name, cat]) => cat === category && !FAMILIES.some(([re, fam]) => fam === cat && re.test(name))).map(([name]) => name),
    );
    const tokens = [];
    for (const name of names) {
      if (name.endsWith('.com') && names.has(name.slice(0, -4))) continue;
      tokens.push(reversed(name) + (names.has(`${name}.com`) ? '*' : ''));
    }
    tokens.sort();
    let previous = '';
    const data = tokens
      .map((token) => {
        let shared = 0;
        while (shared < 25 && shared < previous.length && previous[shared] === token[shared]) shared++;
        previous = token;
        return String.fromCharCode(65 + shared) + token.slice(shared);
      })
      .join('');
    return [category, data];
  });
}

/** The block of the module between its markers, as this script writes it. */
export function dataBlock(encoded = encode()) {
  return encoded.map(([category, data]) => `  ['${category}', '${data}'],`).join('\n');
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const source = readFileSync(MODULE, 'utf8');
  const next = source.replace(/(\/\/ source-data:start\n)[\s\S]*?( *\/\/ source-data:end)/, `$1${dataBlock()}\n$2`);
  writeFileSync(MODULE, next);
  console.log(`wrote ${MODULE}`);
}
