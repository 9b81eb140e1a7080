#!/usr/bin/env node
// The shape of src/ that keeps it readable (../shared/STYLE.md "Modules: small, composed"): modules
// of at most 200 lines, functions of at most 60, and no import cycle (type-only imports count too:
// two modules that need each other's types are one module, or want a third). `npm test` runs it
// through test/unit/source-shape.test.ts; run it alone to see every finding.
import ts from 'typescript';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_MODULE_LINES = 200;
export const MAX_FUNCTION_LINES = 60;

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
  });

const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

/** Modules longer than the limit: `{ file, lines }`. */
export function longModules(dir = join(ROOT, 'src')) {
  return walk(dir)
    .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').trimEnd().split('\n').length }))
    .filter((m) => m.lines > MAX_MODULE_LINES);
}

/** Functions (declarations, methods, arrows) longer than the limit: `{ file, line, lines, name }`. */
export function longFunctions(dir = join(ROOT, 'src')) {
  const found = [];
  for (const file of walk(dir)) {
    const source = parse(file);
    const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
    const visit = (node) => {
      if (ts.isFunctionLike(node) && node.body) {
        const start = lineOf(node.getStart(source));
        const lines = lineOf(node.end) - start + 1;
        const name = node.name?.getText(source) ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : '(anonymous)');
        if (lines > MAX_FUNCTION_LINES) found.push({ file: relative(ROOT, file), line: start, lines, name });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Relative imports and re-exports of a module, resolved to files. */
function importsOf(file) {
  const source = parse(file);
  const targets = [];
  for (const statement of source.statements) {
    const spec = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const base = resolve(dirname(file), spec.text);
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find((path) => existsSync(path) && statSync(path).isFile());
    if (target?.endsWith('.ts')) targets.push(target);
  }
  return targets;
}

/** Every import cycle, each as the list of files on it (the first repeated at the end). */
export function importCycles(dir = join(ROOT, 'src')) {
  const graph = new Map(walk(dir).map((file) => [file, importsOf(file)]));
  const cycles = [];
  const state = new Map(); // 1: on the current path, 2: done
  const path = [];
  const visit = (file) => {
    state.set(file, 1);
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 1) cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 2);
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const modules = longModules();
  const functions = longFunctions();
  const cycles = importCycles();
  for (const m of modules) console.log(`module over ${MAX_MODULE_LINES} lines: ${m.file} (${m.lines})`);
  for (const f of functions) console.log(`function over ${MAX_FUNCTION_LINES} lines: ${f.file}:${f.line} ${f.name} (${f.lines})`);
  for (const c of cycles) console.log(`import cycle: ${c.join(' -> ')}`);
  const total = modules.length + functions.length + cycles.length;
  console.log(total ? `${total} finding(s)` : 'src/ is in shape: no long module, no long function, no import cycle');
  process.exit(total ? 1 : 0);
}
