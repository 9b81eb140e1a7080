import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { ConfigError, createTracker, isCairnError, triggers } from '../../src/index';
import type { Issue } from '../../src/lib/errors';
import { DEFAULTS, parseConfig } from '../../src/schema/parse-config';
import { bootTracker } from '../../src/tracker/create-tracker';
import { expectConsole } from './setup';

/** `path: message` lines, as a person reads them in the error. */
function lines(issues: Issue[]): string[] {
  return issues.map((issue) => `${issue.path}: ${issue.message}`);
}

/** Issues of a config, checked as the script build checks it (with the trigger module). */
function issuesOf(raw: unknown): string[] {
  return lines(parseConfig(raw, triggers.validate).issues);
}

const endpoint = 'https://collect.example.com/cairn';

describe('parseConfig', () => {
  describe('goal problems, each with its path', () => {
    it('names the allowed kinds when a goal has an unknown kind', () => {
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'mega' } } })).toEqual([
        'goals.purchase.kind: expected "micro" | "macro"',
      ]);
    });

    it('requires a role on a micro goal', () => {
      expect(issuesOf({ endpoint, goals: { signup: { kind: 'micro' } } })).toEqual([
        'goals.signup.role: required for a micro goal: "milestone" | "secondary"',
      ]);
    });

    it('rejects a role on a macro goal as an unknown key', () => {
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'macro', role: 'milestone' } } })).toEqual([
        'goals.purchase.role: only micro goals have a role',
      ]);
    });

    it('rejects a prop type name it does not know, at the path of the prop', () => {
      expect(issuesOf({ endpoint, goals: { view: { kind: 'micro', role: 'milestone', props: { price: 'numbr' } } } })).toEqual([
        'goals.view.props.price: expected "string" | "number" | "integer" | "boolean" (? for optional), a list of strings or a Standard Schema validator',
      ]);
    });

    it('rejects an empty list of allowed prop values', () => {
      expect(issuesOf({ endpoint, goals: { view: { kind: 'micro', role: 'milestone', props: { size: [] } } } })).toEqual([
        'goals.view.props.size: expected "string" | "number" | "integer" | "boolean" (? for optional), a list of strings or a Standard Schema validator',
      ]);
    });

    it('rejects a prop name that is not an identifier, quoting it', () => {
      expect(issuesOf({ endpoint, goals: { view: { kind: 'macro', props: { 'bad-name': 'string' } } } })).toEqual([
        'goals.view.props.bad-name: invalid prop name',
      ]);
    });

    it('rejects a value that names a string prop', () => {
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'macro', value: 'order_id', props: { order_id: 'string' } } } })).toEqual([
        'goals.purchase.value: "order_id" is not a numeric prop of this goal',
      ]);
    });

    it('rejects a value that names a prop the goal does not declare, with or without props', () => {
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'macro', value: 'total', props: { amount: 'number' } } } })).toEqual([
        'goals.purchase.value: "total" is not a numeric prop of this goal',
      ]);
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'macro', value: 'total' } } })).toEqual([
        'goals.purchase.value: "total" is not a numeric prop of this goal',
      ]);
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'macro', value: 'constructor', props: { total: 'number' } } } })).toEqual([
        'goals.purchase.value: "constructor" is not a numeric prop of this goal',
      ]);
    });

    it('accepts a value that names a number, integer or schema prop, and a fixed number', () => {
      const { issues, config } = parseConfig({
        endpoint,
        goals: {
          a: { kind: 'macro', value: 'total', props: { total: 'number' } },
          b: { kind: 'macro', value: 'cents', props: { cents: 'integer?' } },
          c: { kind: 'macro', value: 'total', props: { total: z.number() } },
          d: { kind: 'macro', value: 49 },
        },
      });
      expect(issues).toEqual([]);
      expect([...config!.goals.keys()]).toEqual(['a', 'b', 'c', 'd']);
    });

    it('rejects a currency that is not an ISO 4217 code, once with an unknown value and a bad trigger', () => {
      expect(
        issuesOf({ endpoint, goals: { purchase: { kind: 'macro', currency: 'eur', once: 'forever', triggers: [{ on: 'hover' }] } } }),
      ).toEqual([
        'goals.purchase.once: expected "page" | "session" | "user"',
        'goals.purchase.currency: expected a 3-letter ISO 4217 code such as "EUR", received "eur"',
        'goals.purchase.triggers.0.on: expected "click" | "submit" | "pageview" | "media" | "scroll" | "visible" | "time" | "download" | "outbound" | "search" | "form_start" | "form_abandon"',
      ]);
    });

    it('reports a trigger missing its selector', () => {
      expect(issuesOf({ endpoint, goals: { cta: { kind: 'micro', role: 'secondary', triggers: [{ on: 'click' }] } } })).toEqual([
        'goals.cta.triggers.0.selector: required (string)',
      ]);
    });

    it('checks the holes of sparse lists as missing values instead of skipping them', () => {
      const triggers = [, { on: 'outbound' }];
      const size = ['S', , 'L'];
      expect(issuesOf({ endpoint, goals: { cta: { kind: 'micro', role: 'secondary', triggers, props: { size } } } })).toEqual([
        'goals.cta.props.size: expected "string" | "number" | "integer" | "boolean" (? for optional), a list of strings or a Standard Schema validator',
        'goals.cta.triggers.0: required (object)',
      ]);
    });

    it('accepts a Standard Schema validator that is a function (as arktype types are) for the props', () => {
      const validator = Object.assign((value: unknown) => value, { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) } });
      const { issues, config } = parseConfig({ endpoint, goals: { sale: { kind: 'macro', props: validator } } });
      expect(issues).toEqual([]);
      expect(config!.goals.get('sale')!.validate({ sku: 'A' }, false)).toEqual({ props: { sku: 'A' } });
    });

    it('reports what a trigger module finds wrong beyond the shape, at the index of the trigger', () => {
      const raw = {
        endpoint,
        goals: { cta: { kind: 'micro', role: 'secondary', triggers: [{ on: 'click', selector: 'a' }, { on: 'click', selector: '[[' }] } },
      };
      const { issues, config } = parseConfig(raw, (trigger) => ('selector' in trigger && trigger.selector === '[[' ? [{ path: '', message: 'invalid selector "[["' }] : []));
      expect(lines(issues)).toEqual(['goals.cta.triggers.1: invalid selector "[["']);
      expect(config!.goals.has('cta')).toBe(false);
    });

    it('rejects goal ids that do not start with a letter', () => {
      expect(issuesOf({ endpoint, goals: { '1st': { kind: 'macro' } } })).toEqual([
        'goals.1st: goal ids start with a letter and use letters, digits, _ . : - (64 at most)',
      ]);
    });

    it('says what it received when a goal is not an object', () => {
      expect(issuesOf({ endpoint, goals: { purchase: 'macro' } })).toEqual(['goals.purchase: expected object, received string']);
    });
  });

  describe('funnels', () => {
    const goals = {
      view: { kind: 'micro', role: 'milestone' },
      newsletter: { kind: 'micro', role: 'secondary' },
      purchase: { kind: 'macro' },
    } as const;

    it('keeps a funnel that ends in a macro goal', () => {
      const { issues, config } = parseConfig({ endpoint, goals, funnels: { checkout: ['view', 'purchase'] } });
      expect(issues).toEqual([]);
      expect([...config!.goals.keys()]).toEqual(['view', 'newsletter', 'purchase']);
    });

    it('reports a funnel step naming an unknown goal, with its index', () => {
      const { issues, config } = parseConfig({ endpoint, goals, funnels: { checkout: ['view', 'cart', 'purchase'] } });
      expect(lines(issues)).toEqual(['funnels.checkout.1: unknown goal "cart"']);
      // The goals still run from a script tag; only the funnel is wrong.
      expect([...config!.goals.keys()]).toEqual(['view', 'newsletter', 'purchase']);
    });

    it('does not take a name inherited from Object.prototype for a goal', () => {
      expect(issuesOf({ endpoint, goals, funnels: { checkout: ['toString', 'purchase'] } })).toEqual([
        'funnels.checkout.0: unknown goal "toString"',
      ]);
    });

    it('reports a funnel that does not end in a macro goal', () => {
      expect(issuesOf({ endpoint, goals, funnels: { interest: ['view', 'newsletter'] } })).toEqual([
        'funnels.interest: must end with a macro goal',
      ]);
    });

    it('reports an empty funnel', () => {
      expect(issuesOf({ endpoint, goals, funnels: { nothing: [] } })).toEqual(['funnels.nothing: expected a non-empty list of goal ids']);
    });
  });

  describe('top-level problems', () => {
    it('lists unknown top-level keys and still reports the goal problems', () => {
      expect(issuesOf({ endpoint, goals: { purchase: { kind: 'mega' } }, extra: 1, batchh: {} })).toEqual([
        ': unknown keys "extra", "batchh"',
        'goals.purchase.kind: expected "micro" | "macro"',
      ]);
    });

    it.each([
      ['not a URL', 'not a url', 'expected an http(s) URL or a path'],
      ['an ftp URL', 'ftp://example.com/collect', 'expected an http(s) URL or a path'],
      ['a javascript: URL', 'javascript:alert(1)', 'expected an http(s) URL or a path'],
      ['a number', 42, 'expected string, received number'],
      ['missing', undefined, 'required (string)'],
    ])('rejects an endpoint that is %s, and still reports the goal problems', (_name, value, message) => {
      const { issues, config } = parseConfig({ endpoint: value, goals: { purchase: { kind: 'mega' } } });
      expect(lines(issues)).toEqual([`endpoint: ${message}`, 'goals.purchase.kind: expected "micro" | "macro"']);
      expect(config).toBeUndefined();
    });

    it.each([
      ['an absolute https URL', 'https://collect.example.com/cairn'],
      ['an http URL with a port', 'http://localhost:8787/collect'],
      ['a path on this site', '/collect'],
    ])('accepts an endpoint that is %s', (_name, value) => {
      expect(parseConfig({ endpoint: value, goals: {} }).issues).toEqual([]);
    });

    it('reports missing goals', () => {
      expect(issuesOf({ endpoint })).toEqual(['goals: required']);
    });

    it.each([
      ['null', null, 'expected object, received null'],
      ['a string', 'config.json', 'expected object, received string'],
      ['undefined', undefined, 'required (object)'],
    ])('reports a config that is %s at the root', (_name, raw, message) => {
      const { issues, config } = parseConfig(raw);
      expect(lines(issues)).toEqual([`: ${message}`]);
      expect(config).toBeUndefined();
    });

    it('reports bad options with their paths and what was received', () => {
      expect(
        issuesOf({
          endpoint,
          goals: {},
          batch: { maxEvents: 0, intervalMs: 1.5, maxBytes: 'big' },
          delivery: { storage: 'disk' },
          debug: 1,
          onError: 'report',
        }),
      ).toEqual([
        'batch.maxBytes: expected a number, received string',
        'delivery.storage: expected "local" | "memory"',
        'debug: expected a boolean, received number',
        'onError: expected a function, received string',
        'batch.maxEvents: expected a whole number > 0, received 0',
        'batch.intervalMs: expected a whole number > 0, received 1.5',
      ]);
    });
  });

  describe('defaults', () => {
    it('applies every default when options are left out', () => {
      const { issues, config } = parseConfig({ endpoint, goals: {} });
      expect(issues).toEqual([]);
      expect(config).toMatchObject({
        endpoint,
        batch: { maxEvents: 100, maxBytes: 60_000, intervalMs: 2_000 },
        delivery: { storage: 'local', maxStoredEvents: 2_000, maxRetryDelayMs: 60_000 },
        debug: false,
        onError: undefined,
        beforeSend: undefined,
      });
      expect(config!.batch).toEqual(DEFAULTS.batch);
      expect(config!.delivery).toEqual(DEFAULTS.delivery);
    });

    it('keeps the defaults of options not given when some are', () => {
      const { config } = parseConfig({ endpoint, goals: {}, batch: { maxEvents: 10 }, delivery: { storage: 'memory' }, debug: true });
      expect(config!.batch).toEqual({ maxEvents: 10, maxBytes: 60_000, intervalMs: 2_000 });
      expect(config!.delivery).toEqual({ storage: 'memory', maxStoredEvents: 2_000, maxRetryDelayMs: 60_000 });
      expect(config!.debug).toBe(true);
    });

    it('leaves the shared DEFAULTS unchanged', () => {
      parseConfig({ endpoint, goals: {}, batch: { maxEvents: 1 } });
      expect(DEFAULTS.batch.maxEvents).toBe(100);
    });
  });

  describe('prop specs', () => {
    it('accepts a config read from JSON, prop types written as strings', () => {
      const json = JSON.stringify({
        $schema: 'https://unpkg.com/cairn/config.schema.json',
        endpoint: '/collect',
        goals: {
          add_to_cart: { kind: 'micro', role: 'milestone', stage: 'consideration', props: { sku: 'string', price: 'number', qty: 'integer?', gift: 'boolean?', size: ['S', 'M', 'L'] } },
          purchase: { kind: 'macro', value: 'total', currency: 'EUR', once: 'session', props: { order_id: 'string', total: 'number' } },
        },
        funnels: { checkout: ['add_to_cart', 'purchase'] },
      });
      const { issues, config } = parseConfig(JSON.parse(json));
      expect(issues).toEqual([]);
      expect(config!.goals.get('add_to_cart')!.propNames).toEqual(['sku', 'price', 'qty', 'gift', 'size']);
      expect(config!.goals.get('purchase')!.validate({ order_id: 'A-1', total: 59.9 }, false)).toEqual({ props: { order_id: 'A-1', total: 59.9 } });
    });

    it('accepts zod/mini and classic zod schemas per prop and as a whole object', () => {
      const { issues, config } = parseConfig({
        endpoint,
        goals: {
          mini: { kind: 'macro', props: { email: zm.email(), plan: zm.enum(['free', 'pro']) } },
          classic: { kind: 'macro', props: { email: z.email(), seats: z.number().int().positive() } },
          wholeMini: { kind: 'macro', props: zm.object({ sku: zm.string() }) },
          wholeClassic: { kind: 'macro', props: z.object({ sku: z.string() }) },
        },
      });
      expect(issues).toEqual([]);
      expect(config!.goals.get('classic')!.validate({ email: 'a@b.co', seats: 3 }, false)).toEqual({ props: { email: 'a@b.co', seats: 3 } });
      expect(config!.goals.get('wholeClassic')!.propNames).toEqual([]);
      expect('issues' in config!.goals.get('wholeMini')!.validate({ sku: 1 }, false)).toBe(true);
    });
  });

  describe('lenient parse (the script tag)', () => {
    it('keeps the valid goals and leaves out those with a problem', () => {
      const { issues, config } = parseConfig({
        endpoint,
        goals: {
          purchase: { kind: 'macro' },
          broken: { kind: 'mega' },
          signup: { kind: 'micro', role: 'milestone' },
          nameless: { kind: 'micro' },
        },
      });
      expect(lines(issues)).toEqual(['goals.broken.kind: expected "micro" | "macro"', 'goals.nameless.role: required for a micro goal: "milestone" | "secondary"']);
      expect([...config!.goals.keys()]).toEqual(['purchase', 'signup']);
    });

    it('falls back to the default of an option with a problem, and ignores unknown keys, so valid goals still run', () => {
      const { issues, config } = parseConfig({ endpoint, goals: { purchase: { kind: 'macro' } }, batch: { maxEvents: -1 }, typo: true });
      expect(lines(issues)).toEqual([': unknown key "typo"', 'batch.maxEvents: expected a whole number > 0, received -1']);
      expect(config!.batch).toEqual(DEFAULTS.batch);
      expect([...config!.goals.keys()]).toEqual(['purchase']);
    });

    it('returns no config when there is no usable endpoint', () => {
      const { config } = parseConfig({ endpoint: 'mailto:me@example.com', goals: { purchase: { kind: 'macro' } } });
      expect(config).toBeUndefined();
    });
  });
});

describe('createTracker with a bad config', () => {
  const bad = {
    endpoint: 'ftp://nowhere',
    goals: {
      purchase: { kind: 'mega' },
      signup: { kind: 'micro' },
      view: { kind: 'micro', role: 'milestone', props: { price: 'numbr' } },
    },
  };

  it('throws one ConfigError listing every problem with its path', () => {
    let thrown: unknown;
    try {
      createTracker(bad as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(isCairnError(error)).toBe(true);
    expect(error.code).toBe('config');
    expect(lines(error.issues)).toEqual([
      'endpoint: expected an http(s) URL or a path',
      'goals.purchase.kind: expected "micro" | "macro"',
      'goals.signup.role: required for a micro goal: "milestone" | "secondary"',
      'goals.view.props.price: expected "string" | "number" | "integer" | "boolean" (? for optional), a list of strings or a Standard Schema validator',
    ]);
    expect(error.message).toBe(
      [
        'Invalid config:',
        '  endpoint: expected an http(s) URL or a path',
        '  goals.purchase.kind: expected "micro" | "macro"',
        '  goals.signup.role: required for a micro goal: "milestone" | "secondary"',
        '  goals.view.props.price: expected "string" | "number" | "integer" | "boolean" (? for optional), a list of strings or a Standard Schema validator',
      ].join('\n'),
    );
  });

  it('throws a ConfigError, not the error of a getter, when the config cannot be read', () => {
    const config = { endpoint, get goals(): never { throw new RangeError('nope'); } };
    expect(() => createTracker(config as never)).toThrow(ConfigError);
    expect(() => createTracker(config as never)).toThrow(/could not be read: RangeError: nope/);
  });

  it('throws on a single bad goal even when the rest is valid', () => {
    expect(() => createTracker({ endpoint, goals: { ok: { kind: 'macro' }, bad: { kind: 'mega' } } } as never)).toThrow(ConfigError);
  });

  it('prints the problems once with console.error instead of throwing when lenient', (context) => {
    expectConsole(context);
    const tracker = bootTracker({ ...bad, endpoint }, {}, { lenient: true });
    expect(console.error).toHaveBeenCalledOnce();
    const [message] = vi.mocked(console.error).mock.calls[0]!;
    expect(message).toMatch(/^\[cairn\] Invalid config:/);
    expect(message).toContain('goals.purchase.kind: expected "micro" | "macro"');
    expect(message).toContain('The other goals are tracked.');
    expect(console.warn).not.toHaveBeenCalled();
    expect(() => tracker.track('view', { price: 1 })).not.toThrow();
  });

  it('prints the problems and returns a tracker that does nothing when lenient and the endpoint is unusable', async (context) => {
    expectConsole(context);
    const tracker = bootTracker(bad, {}, { lenient: true });
    expect(console.error).toHaveBeenCalledOnce();
    expect(String(vi.mocked(console.error).mock.calls[0]![0])).not.toContain('The other goals are tracked.');
    expect(() => tracker.track('purchase')).not.toThrow();
    await expect(tracker.flush()).resolves.toBeUndefined();
  });
});
