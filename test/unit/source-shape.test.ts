import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { importCycles, longFunctions, longModules, MAX_FUNCTION_LINES, MAX_MODULE_LINES } from '../../scripts/source-shape.mjs';

type Finding = Record<string, unknown>;

// The shape that keeps src/ readable (../shared/STYLE.md): `node scripts/source-shape.mjs` lists the same.
describe('the source tree', () => {
  it(`has no module over ${MAX_MODULE_LINES as number} lines`, () => {
    expect((longModules as () => Finding[])()).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES as number} lines`, () => {
    expect((longFunctions as () => Finding[])()).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect((importCycles as () => string[][])()).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cairn-shape-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
    writeFileSync(join(dir, 'b.ts'), "import { c } from './c';\nexport type B = string;\nexport const d = c;\n");
    writeFileSync(join(dir, 'c.ts'), "import type { A } from './a';\nexport const c: A | undefined = undefined;\n");
    const cycles = (importCycles as (dir: string) => string[][])(dir);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.map((file) => file.split('/').pop())).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });
});

describe('docs/architecture.md', () => {
  it('names every folder and module of src/, so the map matches the tree', async () => {
    const { readFileSync, readdirSync, statSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const root = resolve(import.meta.dirname, '../../src');
    const map = readFileSync(resolve(import.meta.dirname, '../../docs/architecture.md'), 'utf8');
    const missing: string[] = [];
    for (const name of readdirSync(root)) {
      if (statSync(join(root, name)).isDirectory()) {
        if (!map.includes(`\`${name}/\``)) missing.push(`${name}/`);
        for (const file of readdirSync(join(root, name))) if (file !== 'index.ts' && !map.includes(`\`${file}\``)) missing.push(`${name}/${file}`);
      } else if (!map.includes(`\`${name}\``)) missing.push(name);
    }
    expect(missing).toEqual([]);
  });
});
