// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateConfigJsonSchema, loadConfigSchemas, type JsonSchema } from '../../scripts/json-schema-build.mjs';
import { parseConfig } from '../../src/schema/parse-config';
import { checkContext } from '../../src/context/check-context';
import { triggers } from '../../src/triggers/dom-triggers';
import { seeded } from '../support/seeded-random';

const ROOT = resolve(import.meta.dirname, '../..');

/** The config of the script-tag example, as a site owner wrote it. */
function scriptTagConfig(): unknown {
  const html = readFileSync(resolve(ROOT, 'examples/script-tag/index.html'), 'utf8');
  const block = /<script type="application\/json" data-cairn-config>([\s\S]*?)<\/script>/.exec(html)?.[1];
  return JSON.parse(block ?? 'null');
}

const allTriggers = {
  endpoint: 'https://collect.example.com/cairn',
  goals: {
    engaged: {
      kind: 'micro',
      role: 'secondary',
      triggers: [
        { on: 'click', selector: 'button.cta', props: { label: 'text', plan: 'attr:data-plan' } },
        { on: 'submit', selector: 'form#signup', props: { placement: 'field:placement' } },
        { on: 'pageview', path: '/blog/*' },
        { on: 'pageview', path: '^/docs/\\d+$', match: 'regex' },
        { on: 'media', percent: [25, 50, 100] },
        { on: 'media', selector: 'video.hero', percent: [100] },
        { on: 'scroll', percent: 75 },
        { on: 'visible', selector: '#pricing', threshold: 0.5, durationMs: 1000 },
        { on: 'time', seconds: 30 },
        { on: 'download', extensions: ['pdf', 'zip'] },
        { on: 'download' },
        { on: 'outbound' },
      ],
    },
  },
};

const goal = (definition: object) => ({ endpoint: '/collect', goals: { g: definition } });

/** Configs both checks must accept. */
const valid: [string, unknown][] = [
  ['the smallest config', { endpoint: '/collect', goals: {} }],
  ['the demo shop config (JSON prop types, enum lists, value and currency)', JSON.parse(readFileSync(resolve(ROOT, 'examples/shop/cairn.config.json'), 'utf8'))],
  ['the script-tag example config', scriptTagConfig()],
  ['every trigger kind', allTriggers],
  [
    'every option',
    {
      $schema: './node_modules/cairn/dist/cairn.config.schema.json',
      endpoint: 'HTTPS://collect.example.com/cairn',
      goals: {
        lead: { kind: 'micro', role: 'milestone', stage: 'interest', value: 5, once: 'session' },
        newsletter: { kind: 'micro', role: 'secondary', props: { email: 'string' }, unredacted: ['email'] },
        sale: { kind: 'macro', value: 49, currency: 'USD', once: 'user', purpose: 'marketing' },
      },
      funnels: { sales: ['lead', 'sale'] },
      batch: { maxEvents: 10, maxBytes: 20_000, intervalMs: 500 },
      delivery: { storage: 'memory', maxStoredEvents: 50, maxRetryDelayMs: 5_000 },
      session: { timeoutMs: 900_000 },
      attribution: { internalHosts: ['example.com', 'shop.example.net:8443'], ignoreReferrers: ['pay.example-bank.com'] },
      abandonment: { goal: 'lead', afterMs: 600_000 },
      consent: { required: true, default: { analytics: 'pending', marketing: 'denied' }, persist: true, gpc: 'deny-all' },
      privacy: { redact: true, queryParams: ['ref', 'page'], cookieless: false },
      debug: true,
    },
  ],
  ['consent as Google consent mode types, every query parameter kept', { endpoint: '/collect', goals: {}, consent: { default: { analytics_storage: 'denied', ad_storage: 'denied' } }, privacy: { queryParams: 'all' } }],
  ['abandonment switched off', { endpoint: '/collect', goals: {}, abandonment: false }],
  ['optional prop types', goal({ kind: 'macro', props: { coupon: 'string?', total: 'number', items: 'integer?', gift: 'boolean?' } })],
];

/** Configs both checks must reject. */
const invalid: [string, unknown][] = [
  ['not an object', 'endpoint=/collect'],
  ['no endpoint', { goals: {} }],
  ['an endpoint that is not http(s)', { endpoint: 'ftp://example.com/cairn', goals: {} }],
  ['an unknown option (a typo)', { endpoint: '/collect', goals: {}, debgu: true }],
  ['a hook written as a string (JSON cannot hold a function)', { endpoint: '/collect', goals: {}, onError: 'console.log' }],
  ['a batch size that is not an integer', { endpoint: '/collect', goals: {}, batch: { maxEvents: 1.5 } }],
  ['an unknown storage', { endpoint: '/collect', goals: {}, delivery: { storage: 'session' } }],
  ['an unknown consent value', { endpoint: '/collect', goals: {}, consent: { default: 'yes' } }],
  ['an unknown GPC rule', { endpoint: '/collect', goals: {}, consent: { gpc: 'deny' } }],
  ['an unknown purpose', goal({ kind: 'macro', purpose: 'ads' })],
  ['query parameters that are not a list of names', { endpoint: '/collect', goals: {}, privacy: { queryParams: 'utm' } }],
  ['a goal id starting with a digit', { endpoint: '/collect', goals: { '1st': { kind: 'macro' } } }],
  ['a bad goal kind', goal({ kind: 'mega' })],
  ['a micro goal without its role', goal({ kind: 'micro' })],
  ['a macro goal with a role', goal({ kind: 'macro', role: 'milestone' })],
  ['an unknown goal key', goal({ kind: 'macro', trigger: [{ on: 'outbound' }] })],
  ['an unknown prop type', goal({ kind: 'macro', props: { total: 'float' } })],
  ['an empty enum list', goal({ kind: 'macro', props: { size: [] } })],
  ['a prop name with a dash', goal({ kind: 'macro', props: { 'order-id': 'string' } })],
  ['a lower-case currency', goal({ kind: 'macro', currency: 'eur' })],
  ['an unknown once scope', goal({ kind: 'macro', once: 'day' })],
  ['an unknown trigger kind', goal({ kind: 'macro', triggers: [{ on: 'hover', selector: 'a' }] })],
  ['a click trigger without selector', goal({ kind: 'macro', triggers: [{ on: 'click' }] })],
  ['a trigger with a key of another kind', goal({ kind: 'macro', triggers: [{ on: 'outbound', selector: 'a' }] })],
  ['a bad prop source', goal({ kind: 'macro', triggers: [{ on: 'click', selector: 'a', props: { plan: 'attribute:data-plan' } }] })],
  ['a scroll percent past 100', goal({ kind: 'macro', triggers: [{ on: 'scroll', percent: 150 }] })],
  ['a scroll percent of 0', goal({ kind: 'macro', triggers: [{ on: 'scroll', percent: 0 }] })],
  ['an empty media percent list', goal({ kind: 'macro', triggers: [{ on: 'media', percent: [] }] })],
  ['a visible threshold past 1', goal({ kind: 'macro', triggers: [{ on: 'visible', selector: '#x', threshold: 50 }] })],
  ['a download extension with a dot', goal({ kind: 'macro', triggers: [{ on: 'download', extensions: ['.pdf'] }] })],
  ['an empty funnel', { endpoint: '/collect', goals: {}, funnels: { empty: [] } }],
  ['a session timeout of 0', { endpoint: '/collect', goals: {}, session: { timeoutMs: 0 } }],
  ['an unknown session option', { endpoint: '/collect', goals: {}, session: { maxMinutes: 30 } }],
  ['internal hosts as one string', { endpoint: '/collect', goals: {}, attribution: { internalHosts: 'example.com' } }],
  ['a referrer written as a URL', { endpoint: '/collect', goals: {}, attribution: { ignoreReferrers: ['https://pay.example.com/'] } }],
  ['an unknown attribution option', { endpoint: '/collect', goals: {}, attribution: { channels: {} } }],
  ['abandonment switched on with true', { endpoint: '/collect', goals: {}, abandonment: true }],
  ['an abandonment wait that is not a whole number', { endpoint: '/collect', goals: {}, abandonment: { afterMs: 1.5 } }],
];

/**
 * Values a mutation writes into a config: each JSON type, and values that sit on the edge of a rule
 * (enum members, prop types, patterns, ranges).
 */
const VALUES: unknown[] = [
  null, true, false, 0, -1, 1, 1.5, 0.5, 100, 150, 60_000, '', 'x', 'micro', 'macro', 'milestone', 'secondary',
  'page', 'session', 'user', 'local', 'memory', 'number', 'integer?', 'string', 'float', 'EUR', 'eur', '/collect',
  'https://collect.example.com/c', 'ftp://example.com', 'text', 'attr:data-sku', 'field:plan', 'pdf', '.pdf',
  'click', 'submit', 'pageview', 'media', 'scroll', 'visible', 'time', 'download', 'outbound', 'hover', '/blog/*',
  [], ['S', 'M'], [25, 50], [150], [1, 'a'], {}, { kind: 'macro' }, { kind: 'micro', role: 'secondary' },
  { on: 'outbound' }, { on: 'click', selector: 'a' }, { a: 'string' },
];
const KEYS = ['kind', 'role', 'value', 'props', 'once', 'triggers', 'on', 'selector', 'percent', 'path', 'match', 'debug', 'batch', 'extra', '1st', 'ok_id', '__proto__'];

/** Every object and array in a value, with itself first. */
function containers(value: unknown): (Record<string, unknown> | unknown[])[] {
  if (typeof value !== 'object' || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(containers)];
}

/** A copy of a config with 1 to 3 random changes: a key removed, a value replaced, a key added. */
function mutate(config: unknown, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(config)) as unknown;
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const target = pick(containers(copy)) as Record<string, unknown>;
    const keys = Object.keys(target);
    const op = random();
    if (op < 0.25 && keys.length) delete target[pick(keys)];
    else if (op < 0.75 && keys.length) target[pick(keys)] = structuredClone(pick(VALUES));
    // defineProperty: `__proto__` becomes an own key, as JSON.parse makes it.
    else Object.defineProperty(target, Array.isArray(target) ? String(keys.length) : pick(KEYS), { value: structuredClone(pick(VALUES)), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Issues only running code can find: what the schemas accept and the library still rejects. */
const RUNTIME_ONLY = /unknown goal|is not a prop of this goal|must be a micro goal|must declare the props|expected the id of a goal|must end with a macro goal|is not a numeric prop|invalid regular expression|invalid CSS selector/;

describe('the config JSON Schema', () => {
  let schema: JsonSchema;
  let jsonSchemaAccepts: (config: unknown) => boolean;
  let zodAccepts: (config: unknown) => boolean;

  beforeAll(async () => {
    schema = await generateConfigJsonSchema(ROOT);
    // strict: an unknown keyword or a malformed schema throws here instead of being ignored.
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(schema);
    jsonSchemaAccepts = (config) => validate(config) === true;
    const { options } = (await loadConfigSchemas(ROOT)).getDocumentedSchemas();
    zodAccepts = (config) => options.safeParse(config).success;
  });

  // The script build checks triggers with the trigger module, as this does.
  const libraryAccepts = (config: unknown) => parseConfig(config, triggers.validate, checkContext).issues.length === 0;

  test.each(valid)('accepts %s, as the zod schema and the library do', (_name, config) => {
    expect(zodAccepts(config)).toBe(true);
    expect(jsonSchemaAccepts(config)).toBe(true);
    expect(libraryAccepts(config)).toBe(true);
  });

  test.each(invalid)('rejects %s, as the zod schema and the library do', (_name, config) => {
    expect(zodAccepts(config)).toBe(false);
    expect(jsonSchemaAccepts(config)).toBe(false);
    expect(libraryAccepts(config)).toBe(false);
  });

  test('gives the verdict of the zod schema and of the library on 3,000 configs made by random changes to valid ones', () => {
    const random = seeded(20261201);
    const disagreements: string[] = [];
    let rejected = 0;
    for (let i = 0; i < 3_000; i++) {
      const config = mutate(valid[i % valid.length]![1], random);
      const zod = zodAccepts(config);
      const json = jsonSchemaAccepts(config);
      const { issues } = parseConfig(config, triggers.validate, checkContext);
      // zod strips a `__proto__` key from a record instead of rejecting it: there the JSON Schema's verdict stands.
      const expected = JSON.stringify(config).includes('"__proto__"') ? json : zod;
      if (!expected) rejected++;
      // The library may reject more than the schemas, but only for what a schema cannot say.
      const library = issues.length === 0 || (expected && issues.every((issue) => RUNTIME_ONLY.test(issue.message)));
      if (json !== expected || library !== expected) disagreements.push(`zod ${zod}, JSON Schema ${json}, library ${issues.length ? JSON.stringify(issues) : 'accepts'}: ${JSON.stringify(config)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The corpus tests both verdicts, not one.
    expect(rejected).toBeGreaterThan(1_000);
    expect(rejected).toBeLessThan(2_900);
  }, 30_000); // 3 s alone here; the unit suite runs files side by side on 2 cores

  test('is a draft 2020-12 schema with an $id, a title and a description', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: expect.stringMatching(/^https:\/\/.+\/cairn\.config\.schema\.json$/),
      title: 'cairn config',
      description: expect.stringContaining('config'),
    });
  });

  test('leaves out the hooks, which JSON cannot hold', () => {
    const properties = Object.keys(schema.properties as object);
    expect(properties).toEqual(['$schema', 'endpoint', 'goals', 'funnels', 'batch', 'delivery', 'session', 'attribution', 'abandonment', 'health', 'consent', 'privacy', 'debug']);
    // Anywhere but in the prose: no hook, and no leftover of a `z.custom` part.
    const keywords = JSON.stringify(schema, (key, value: unknown) => (key === 'description' ? undefined : value));
    expect(keywords).not.toMatch(/onError|beforeSend|x-cairn-never/);
  });

  test('describes each goal with the goal schema and each trigger kind once', () => {
    const goals = (schema.properties as Record<string, JsonSchema>).goals;
    expect(goals?.additionalProperties).toEqual({ $ref: '#/$defs/goal' });
    const defs = schema.$defs as Record<string, { oneOf: { properties: Record<string, { const?: string; items?: unknown }> }[] }>;
    expect(defs.goal!.oneOf.map((variant) => variant.properties.kind!.const)).toEqual(['micro', 'macro']);
    for (const variant of defs.goal!.oneOf) expect(variant.properties.triggers!.items).toEqual({ $ref: '#/$defs/trigger' });
    expect(defs.trigger!.oneOf.map((variant) => variant.properties.on!.const)).toEqual([
      'click', 'submit', 'pageview', 'media', 'scroll', 'visible', 'time', 'download', 'outbound', 'search', 'form_start', 'form_abandon',
    ]);
  });

  test('documents every property for editors, with the defaults of the types', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schemaNode = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((schemaNode.properties ?? {}) as Record<string, { description?: string }>)) {
        if (!child.description) undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      for (const [key, child] of Object.entries(schemaNode)) {
        if (key === 'properties') continue;
        if (Array.isArray(child)) child.forEach((item, i) => walk(item, `${path}.${key}[${i}]`));
        else if (typeof child === 'object') walk(child, `${path}.${key}`);
      }
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
    const batch = (schema.properties as Record<string, { properties: Record<string, JsonSchema> }>).batch!;
    expect(batch.properties.maxEvents).toMatchObject({ default: 100, description: expect.stringContaining('Default: 100') });
  });

  test('leaves to the run-time check what JSON Schema cannot express: funnel steps and value props', () => {
    const samples = [
      { endpoint: '/collect', goals: { sale: { kind: 'macro' } }, funnels: { f: ['nope', 'sale'] } },
      { endpoint: '/collect', goals: { lead: { kind: 'micro', role: 'milestone' } }, funnels: { f: ['lead'] } },
      goal({ kind: 'macro', value: 'total', props: { total: 'string' } }),
    ];
    for (const config of samples) {
      expect(jsonSchemaAccepts(config)).toBe(true);
      expect(libraryAccepts(config)).toBe(false);
    }
  });
});
