// Builds the JSON Schema of the cairn config (dist/cairn.config.schema.json) from the zod/mini
// schema of src/schema/documented-schema.ts, and the field docs from the JSDoc of
// src/schema/types.ts, so that neither can drift from the code. Shared by scripts/json-schema.mjs
// and its unit test, which also holds the schema to what the library accepts.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `isHttpUrl` (src/schema/config-schema.ts) as far as a pattern can tell: a path, or an http(s) URL.
 * URL parsing itself is left to the run-time check.
 */
const ENDPOINT = '^(/|[Hh][Tt][Tt][Pp][Ss]?://)';

/** Marks a `z.custom` part: JSON cannot hold a function or a validator object, so it never matches. */
const NEVER = { not: {}, 'x-cairn-never': true };

/**
 * Bundles src/schema/documented-schema.ts with its own copy of zod and imports it from memory: one
 * zod instance for the schemas and `toJSONSchema`, and no TypeScript loader needed at build time.
 * @returns {Promise<{ getDocumentedSchemas: () => { options: unknown, goal: unknown }, toJSONSchema: Function }>}
 */
export async function loadConfigSchemas(root = ROOT) {
  const out = await build({
    stdin: {
      contents: `export { getDocumentedSchemas } from './src/schema/documented-schema.ts'; export { toJSONSchema } from 'zod/mini';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** The files that declare the config's types. */
const TYPE_FILES = ['src/schema/types.ts', 'src/schema/trigger-types.ts', 'src/schema/context-types.ts', 'src/schema/privacy-types.ts', 'src/schema/health-types.ts'];

/**
 * The JSDoc of the interfaces and type aliases of the config's types (src/schema/types.ts and
 * trigger-types.ts): summary, `@default`, and the same for each member.
 */
export function readTypeDocs(root = ROOT) {
  const types = new Map();
  for (const file of TYPE_FILES) readFileTypeDocs(resolve(root, file), types);
  return types;
}

function readFileTypeDocs(file, types) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const docOf = (node) => {
    const jsDoc = node.jsDoc?.at(-1);
    if (!jsDoc) return undefined;
    const summary = ts.getTextOfJSDocComment(jsDoc.comment)?.replace(/\s*\n\s*/g, ' ').trim();
    const tag = jsDoc.tags?.find((t) => t.tagName.text === 'default');
    const fallback = tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() : undefined;
    return { summary, default: fallback };
  };
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const members = new Map();
      let on;
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const name = member.name.getText(source);
        members.set(name, docOf(member));
        // Trigger interfaces are found by their `on` literal.
        if (name === 'on' && member.type && ts.isLiteralTypeNode(member.type)) on = member.type.literal.text;
      }
      const heritage = statement.heritageClauses?.flatMap((clause) => clause.types.map((t) => t.expression.getText(source))) ?? [];
      types.set(statement.name.text, { doc: docOf(statement), members, on, extends: heritage });
    } else if (ts.isTypeAliasDeclaration(statement)) {
      types.set(statement.name.text, { doc: docOf(statement), members: new Map(), extends: [] });
    }
  }
}

/** Drops the branches that can never match in JSON (the `z.custom` parts) and the hooks. */
function dropNever(node) {
  if (Array.isArray(node)) return node.map(dropNever);
  if (typeof node !== 'object' || node === null) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const kept = value.filter((branch) => !branch?.['x-cairn-never']).map(dropNever);
      if (kept.length === 1) Object.assign(out, kept[0]);
      else out[key] = kept;
    } else if (key === 'properties') {
      // A property that can never hold a JSON value (the onError and beforeSend hooks) is left out.
      out[key] = Object.fromEntries(Object.entries(value).filter(([, v]) => !v?.['x-cairn-never']).map(([k, v]) => [k, dropNever(v)]));
    } else out[key] = dropNever(value);
  }
  return out;
}

function describe(schema, doc) {
  if (!doc?.summary) return;
  schema.description = doc.summary;
  if (!doc.default) return;
  schema.description += ` Default: ${doc.default}.`;
  try {
    schema.default = JSON.parse(doc.default.replace(/'/g, '"'));
  } catch {
    // A default written as prose ("'glob' when path contains *, else 'exact'") stays in the description.
  }
}

/** Describes each property of an object schema from the members of the named interfaces. */
function describeProperties(schema, types, names) {
  const members = names.flatMap((name) => {
    const type = types.get(name);
    return type ? [...type.members, ...type.extends.flatMap((parent) => [...(types.get(parent)?.members ?? [])])] : [];
  });
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    describe(property, members.find(([name]) => name === key)?.[1]);
  }
}

/** Describes one branch of a discriminated union; its discriminator gets the branch's summary. */
function describeVariant(variant, types, name, discriminator) {
  describe(variant, types.get(name)?.doc);
  describeProperties(variant, types, [name]);
  variant.properties[discriminator].description ??= variant.description;
}

/**
 * Builds the JSON Schema (draft 2020-12) of a cairn config.
 * @param {{ getDocumentedSchemas: Function, toJSONSchema: Function }} zod from {@link loadConfigSchemas}
 * @param {{ version: string, types?: Map<string, any> }} options
 */
export function buildConfigJsonSchema({ getDocumentedSchemas, toJSONSchema }, { version, types = readTypeDocs() }) {
  const { options, goal } = getDocumentedSchemas();
  const params = { target: 'draft-2020-12', unrepresentable: () => ({ ...NEVER }) };
  const { $schema, ...root } = dropNever(toJSONSchema(options, params));
  const { $schema: _, ...goalSchema } = dropNever(toJSONSchema(goal, params));

  // The triggers are the same schema in both goal kinds: one definition, referenced twice.
  let trigger;
  for (const variant of goalSchema.oneOf) {
    trigger ??= variant.properties.triggers.items;
    variant.properties.triggers.items = { $ref: '#/$defs/trigger' };
    const kind = variant.properties.kind.const;
    const name = kind === 'micro' ? 'MicroGoal' : 'MacroGoal';
    describeVariant(variant, types, name, 'kind');
    const props = variant.properties.props;
    describe(props.additionalProperties, types.get('PropSpec')?.doc);
  }
  for (const variant of trigger.oneOf) {
    const name = [...types].find(([, type]) => type.on === variant.properties.on.const)?.[0];
    describeVariant(variant, types, name, 'on');
    if (variant.properties.props) describe(variant.properties.props.additionalProperties, types.get('PropSource')?.doc);
  }

  // The goal schema appears once, in $defs, referenced by each goal.
  root.properties.goals = { ...root.properties.goals, additionalProperties: { $ref: '#/$defs/goal' } };
  root.properties.endpoint = { ...root.properties.endpoint, pattern: ENDPOINT };
  describeProperties(root, types, ['CairnConfig']);
  describeProperties(root.properties.batch, types, ['BatchOptions']);
  describeProperties(root.properties.delivery, types, ['DeliveryOptions']);
  describeProperties(root.properties.session, types, ['SessionOptions']);
  describeProperties(root.properties.attribution, types, ['AttributionOptions']);
  describeProperties(root.properties.consent, types, ['ConsentOptions']);
  describeProperties(root.properties.privacy, types, ['PrivacyOptions']);
  describeProperties(root.properties.health, types, ['HealthOptions']);
  const [, byPurpose, consentMode] = root.properties.consent.properties.default.anyOf;
  describeProperties(byPurpose, types, ['ConsentByPurpose']);
  describeProperties(consentMode, types, ['ConsentModeState']);
  // `abandonment` is `false` or the options object.
  const abandonment = root.properties.abandonment.anyOf ?? root.properties.abandonment.oneOf;
  for (const variant of abandonment ?? []) if (variant.properties) describeProperties(variant, types, ['AbandonmentOptions']);
  root.properties.$schema.description = 'The JSON Schema of this file, for editor completion and checks.';

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://unpkg.com/cairn@${version}/dist/cairn.config.schema.json`,
    title: 'cairn config',
    description: `${types.get('CairnConfig')?.doc?.summary ?? ''} The same config works from a script tag (JSON) and from npm; hooks (onError, beforeSend) and Standard Schema props need JavaScript and are not part of this schema.`.trim(),
    ...root,
    $defs: { goal: { description: types.get('GoalDefinition')?.doc?.summary, ...goalSchema }, trigger: { description: types.get('TriggerConfig')?.doc?.summary, ...trigger } },
  };
}

/** Loads the schemas and builds the JSON Schema, as the build does. */
export async function generateConfigJsonSchema(root = ROOT) {
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  return buildConfigJsonSchema(await loadConfigSchemas(root), { version, types: readTypeDocs(root) });
}
