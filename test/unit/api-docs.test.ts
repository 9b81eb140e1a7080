import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { buildApiDocs, MISSING, unexportedReferences } from '../../scripts/api-docs.mjs';

describe('the API reference', () => {
  const generated = (buildApiDocs as () => string)();

  test('is up to date with the JSDoc of every public export (run `npm run docs` after changing it)', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../../docs/api.md'), 'utf8')).toBe(generated);
  });

  test('gives every export a description', () => {
    const sections = generated.split('\n### ').slice(1);
    const bare = sections.filter((section) => {
      const first = section.split('\n').slice(1).find((line) => line.trim());
      return !first || /^(```|\||Example)/.test(first);
    });
    expect(bare.map((section) => section.split('\n')[0])).toEqual([]);
    for (const name of ['createTracker', 'defineConfig', 'triggers', 'createTestTracker', 'createCollector', 'isCairnError']) {
      expect(generated).toContain(`### \`${name}\``);
    }
  });

  test('documents every member of every exported interface and class', () => {
    const undocumented = generated
      .split('\n### ')
      .slice(1)
      .flatMap((section) => section.split('\n').filter((line) => line.endsWith(`| ${MISSING as string} |`)).map((line) => `${section.split('\n')[0]} ${line.split('|')[1]!.trim()}`));
    expect(undocumented).toEqual([]);
  });

  test('gives every public method an example', () => {
    for (const method of ['track', 'identify', 'reset', 'experiment', 'funnel', 'flush', 'shutdown', 'on']) expect(generated).toContain(`Example of \`${method}\`:`);
  });

  test('exports every type that a public signature refers to, so users can name it', () => {
    expect((unexportedReferences as () => string[])()).toEqual([]);
  });
});
