#!/usr/bin/env node
// Generates docs/api.md from the JSDoc of every public export (cairn, cairn/context, cairn/testing, cairn/server),
// so the reference cannot drift from the code: `npm run docs` writes it, and a unit test fails
// when the committed file differs from what this script would write.
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = [
  ['cairn', 'src/index.ts', 'The browser entry: create a tracker, type a config, handle errors.'],
  ['cairn/context', 'src/context-entry.ts', 'The opt-in context module: campaign, channel, touches, funnels, journeys, abandonment, experiments.'],
  ['cairn/health', 'src/health-entry.ts', 'The opt-in health module: web vitals, errors and broken media of the page view on its conversions, and page_health (docs/health.md).'],
  ['cairn/health/attribution', 'src/health-attribution-entry.ts', 'The health module with web-vitals\' attribution build: the element selectors of LCP, INP and CLS.'],
  ['cairn/testing', 'src/testing/index.ts', 'Test your own tagging without a network.'],
  ['cairn/server', 'src/server/index.ts', 'Node only: the reference collector, its stores and the wire schema.'],
];

const text = (parts) => ts.displayPartsToString(parts ?? []).trim();

/** What the reference says of a member without JSDoc; the drift test fails on it. */
export const MISSING = '(undocumented)';

function docOf(symbol, checker) {
  const summary = text(symbol.getDocumentationComment(checker));
  const tags = symbol.getJsDocTags(checker);
  const tag = (name) => tags.filter((t) => t.name === name).map((t) => text(t.text));
  return { summary, defaults: tag('default'), examples: tag('example') };
}

function kindOf(symbol) {
  const decl = symbol.declarations?.[0];
  if (!decl) return 'value';
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  return 'const';
}

function signatureOf(symbol, checker, kind) {
  const decl = symbol.declarations?.[0];
  if (kind === 'function') {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    return type.getCallSignatures().map((sig) => `${symbol.name}${checker.signatureToString(sig, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrowStyleSignature).replace(/ => /, ': ')}`).join('\n');
  }
  if (kind === 'type') return `type ${symbol.name} = ${decl.type.getText().replace(/\s+/g, ' ')}`;
  if (kind === 'const') return `const ${symbol.name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), undefined, ts.TypeFormatFlags.NoTruncation)}`;
  return undefined;
}

function membersOf(symbol, checker, kind) {
  if (kind !== 'interface' && kind !== 'class') return [];
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  // Members inherited from the platform (an Error's `message`, `stack`) are documented there.
  const ownMember = (m) => !m.name.startsWith('_') && !m.name.startsWith('__@') && !(m.declarations ?? []).every((d) => d.getSourceFile().fileName.includes('/node_modules/'));
  return checker.getPropertiesOfType(type).filter(ownMember).map((member) => {
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    const memberType = decl ? checker.typeToString(checker.getTypeOfSymbolAtLocation(member, decl), undefined, ts.TypeFormatFlags.NoTruncation) : '';
    const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
    return { name: `${member.name}${optional}`, type: memberType, ...docOf(member, checker) };
  });
}

function createProgram() {
  return ts.createProgram(ENTRIES.map(([, file]) => resolve(ROOT, file)), { strict: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, skipLibCheck: true, types: ['node'] });
}

/**
 * Types that public exports refer to (in a signature, a member or an alias) but that no entry
 * exports: a user could not name them. Each as `Export -> Type (file)`.
 */
export function unexportedReferences() {
  const program = createProgram();
  const checker = program.getTypeChecker();
  const exported = new Set();
  const roots = [];
  for (const [, file] of ENTRIES) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(resolve(ROOT, file)));
    for (const each of checker.getExportsOfModule(module)) {
      const symbol = each.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(each) : each;
      exported.add(symbol);
      roots.push([each.name, symbol]);
    }
  }
  const found = new Set();
  for (const [name, symbol] of roots) {
    for (const declaration of symbol.declarations ?? []) {
      const visit = (node) => {
        if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
          let target = checker.getSymbolAtLocation(ts.isTypeReferenceNode(node) ? node.typeName : node.expression);
          if (target && target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
          const home = target?.declarations?.[0]?.getSourceFile().fileName ?? '';
          const isTypeParameter = target && target.flags & ts.SymbolFlags.TypeParameter;
          if (target && !isTypeParameter && home.startsWith(resolve(ROOT, 'src')) && !exported.has(target) && !isLocal(target)) {
            found.add(`${name} -> ${target.name} (${home.slice(ROOT.length + 1)})`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(declaration);
    }
  }
  return [...found].sort();
}

/**
 * A helper type private to its module (the steps of an inferred type), or one reached through an
 * export (a member of the `StandardSchemaV1` namespace).
 */
function isLocal(symbol) {
  const declaration = symbol.declarations?.[0];
  if (symbol.parent && symbol.parent.flags & ts.SymbolFlags.Namespace) return true;
  return !!declaration && !(ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Export);
}

/** Builds the whole reference as Markdown. */
export function buildApiDocs() {
  const program = createProgram();
  const checker = program.getTypeChecker();
  const out = ['# API reference', '', '<!-- Generated by scripts/api-docs.mjs from the JSDoc in src/. Do not edit by hand: run `npm run docs`. -->', ''];
  out.push('Usage guides: [script tag](script-tag.md) · [single-page app](spa.md) · [config file](config-file.md) · [wire format](wire-format.md)', '');
  for (const [name, file, blurb] of ENTRIES) {
    const source = program.getSourceFile(resolve(ROOT, file));
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)).sort((a, b) => a.name.localeCompare(b.name));
    out.push(`## \`${name}\``, '', blurb, '');
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const kind = kindOf(symbol);
      const doc = docOf(symbol, checker);
      out.push(`### \`${exported.name}\` (${kind})`, '');
      if (doc.summary) out.push(doc.summary, '');
      const signature = signatureOf(symbol, checker, kind);
      if (signature) out.push('```ts', signature, '```', '');
      for (const example of doc.examples) out.push('Example:', '', '```ts', example, '```', '');
      const members = membersOf(symbol, checker, kind);
      if (members.length) {
        out.push('| member | type | description |', '|---|---|---|');
        for (const m of members) {
          const description = [m.summary.replace(/\n+/g, ' '), m.defaults.length ? `Default: \`${m.defaults[0]}\`.` : ''].filter(Boolean).join(' ');
          out.push(`| \`${m.name}\` | \`${m.type.replace(/\|/g, '\\|')}\` | ${description.replace(/\|/g, '\\|') || MISSING} |`);
        }
        out.push('');
        for (const m of members.filter((member) => member.examples.length)) {
          for (const example of m.examples) out.push(`Example of \`${m.name.replace(/\?$/, '')}\`:`, '', '```ts', example, '```', '');
        }
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = resolve(ROOT, 'docs/api.md');
  writeFileSync(path, buildApiDocs());
  console.log(`wrote ${path}`);
}
