import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { compileProps } from '../../src/schema/props';
import type { StandardSchemaV1 } from '../../src/schema/standard-schema';
import type { PropsSpec } from '../../src/schema/types';

/** A hand-written Standard Schema validator, as another library would provide. */
function standard(validate: (value: unknown) => StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>): StandardSchemaV1 {
  return { '~standard': { version: 1, vendor: 'test', validate } };
}

/** Accepts anything, so that the value itself reaches the sanitiser. */
const anything = standard((value) => ({ value }));

function issues(result: ReturnType<ReturnType<typeof compileProps>>): string[] {
  return 'issues' in result ? result.issues.map((issue) => `${issue.path}: ${issue.message}`) : [];
}

describe('compileProps', () => {
  describe('type names', () => {
    const validate = compileProps({ sku: 'string', price: 'number', qty: 'integer?', gift: 'boolean?', note: 'string?' });

    it('accepts props of the declared types and returns them', () => {
      expect(validate({ sku: 'A-1', price: 19.99, qty: 2, gift: false }, false)).toEqual({ props: { sku: 'A-1', price: 19.99, qty: 2, gift: false } });
    });

    it('lets optional props (a trailing ?) be left out, and omits them from the result', () => {
      const result = validate({ sku: 'A-1', price: 1 }, false);
      expect(result).toEqual({ props: { sku: 'A-1', price: 1 } });
      expect(Object.keys('props' in result ? result.props : {})).toEqual(['sku', 'price']);
    });

    it('treats a prop set to undefined as left out', () => {
      expect(validate({ sku: 'A-1', price: 1, note: undefined }, false)).toEqual({ props: { sku: 'A-1', price: 1 } });
    });

    it('lists every missing required prop at once', () => {
      expect(issues(validate({}, false))).toEqual(['props.sku: required', 'props.price: required']);
    });

    it('accepts a whole number for integer and rejects a fraction', () => {
      expect(validate({ sku: 'a', price: 1, qty: 3 }, false)).toEqual({ props: { sku: 'a', price: 1, qty: 3 } });
      expect(issues(validate({ sku: 'a', price: 1, qty: 1.5 }, false))).toEqual(['props.qty: expected integer, received 1.5']);
    });

    it('accepts a fraction for number', () => {
      expect(validate({ sku: 'a', price: 0.1 }, false)).toEqual({ props: { sku: 'a', price: 0.1 } });
    });

    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
    ])('rejects %s for number and integer', (name, value) => {
      expect(issues(validate({ sku: 'a', price: value, qty: value }, false))).toEqual([
        `props.price: expected number, received ${name}`,
        `props.qty: expected integer, received ${name}`,
      ]);
    });

    it('says what it received, shortening long strings', () => {
      expect(issues(validate({ sku: 42, price: 'x'.repeat(50) }, false))).toEqual([
        'props.sku: expected string, received 42',
        `props.price: expected number, received "${'x'.repeat(40)}…"`,
      ]);
      expect(issues(validate({ sku: null, price: [1] }, false))).toEqual([
        'props.sku: expected string, received null',
        'props.price: expected number, received an array',
      ]);
    });

    it('rejects a prop the goal does not declare', () => {
      expect(issues(validate({ sku: 'a', price: 1, colour: 'red' }, false))).toEqual(['props.colour: unknown prop']);
    });

    it('accepts no props at all for a goal that declares none, and rejects any prop', () => {
      const none = compileProps(undefined);
      expect(none(undefined, false)).toEqual({ props: {} });
      expect(none(null, false)).toEqual({ props: {} });
      expect(issues(none({ extra: 1 }, false))).toEqual(['props.extra: unknown prop']);
    });

    it.each([
      ['a string', 'sku', 'expected an object, received "sku"'],
      ['an array', ['sku'], 'expected an object, received an array'],
      ['a number', 7, 'expected an object, received 7'],
    ])('rejects props that are %s', (_name, input, message) => {
      expect(issues(validate(input, false))).toEqual([`props: ${message}`]);
    });

    it('reads a prop named like an Object.prototype member from the props object only', () => {
      // As a config read from JSON declares them.
      const named = compileProps(JSON.parse('{"constructor": "string?", "toString": "string?"}') as PropsSpec);
      expect(named({}, false)).toEqual({ props: {} });
      expect(named({ constructor: 'c' }, false)).toEqual({ props: { constructor: 'c' } });
    });
  });

  describe('lists of allowed strings', () => {
    const validate = compileProps({ size: ['S', 'M', 'L'] });

    it('accepts a listed value', () => {
      expect(validate({ size: 'M' }, false)).toEqual({ props: { size: 'M' } });
    });

    it('rejects a value not listed, naming the allowed ones', () => {
      expect(issues(validate({ size: 'XL' }, false))).toEqual(['props.size: expected "S" | "M" | "L", received "XL"']);
      expect(issues(validate({ size: 1 }, true))).toEqual(['props.size: expected "S" | "M" | "L", received 1']);
    });

    it('makes the prop required', () => {
      expect(issues(validate({}, false))).toEqual(['props.size: required']);
    });
  });

  describe('coercion of values read from the DOM', () => {
    const validate = compileProps({ price: 'number', qty: 'integer?', gift: 'boolean?', sku: 'string?' });

    it('turns numeric and boolean strings into numbers and booleans when coercing', () => {
      expect(validate({ price: '19.99', qty: '3', gift: 'true', sku: '42' }, true)).toEqual({ props: { price: 19.99, qty: 3, gift: true, sku: '42' } });
      expect(validate({ price: ' -0.5 ', gift: 'false' }, true)).toEqual({ props: { price: -0.5, gift: false } });
      expect(validate({ price: '1e3' }, true)).toEqual({ props: { price: 1000 } });
    });

    it('never coerces a value passed to track()', () => {
      expect(issues(validate({ price: '19.99', gift: 'true' }, false))).toEqual([
        'props.price: expected number, received "19.99"',
        'props.gift: expected boolean, received "true"',
      ]);
    });

    it.each([
      ['an empty string', ''],
      ['blank text', '   '],
      ['words', 'abc'],
      ['a number with a unit', '19.99 EUR'],
      ['hex', '0x10'],
      ['a number too large for a double', '1e999'],
    ])('does not turn %s into a number', (_name, text) => {
      expect(issues(validate({ price: text }, true))).toHaveLength(1);
    });

    it('rejects a fraction read for an integer prop', () => {
      expect(issues(validate({ price: '1', qty: '2.5' }, true))).toEqual(['props.qty: expected integer, received 2.5']);
    });

    it('accepts only "true" and "false" for a boolean', () => {
      expect(issues(validate({ price: 1, gift: 'yes' }, true))).toEqual(['props.gift: expected boolean, received "yes"']);
      expect(issues(validate({ price: 1, gift: 'TRUE' }, true))).toEqual(['props.gift: expected boolean, received "TRUE"']);
    });

    it('retries a schema prop with the string as a number, then as a boolean', () => {
      const schemas = compileProps({ price: z.number(), gift: zm.boolean(), label: z.string() });
      expect(schemas({ price: '19.99', gift: 'true', label: '42' }, true)).toEqual({ props: { price: 19.99, gift: true, label: '42' } });
      expect(issues(schemas({ price: '19.99', gift: true, label: 'a' }, false))).toEqual(['props.price: Invalid input: expected number, received string']);
    });

    it('keeps the problem of a coerced value the schema accepts but JSON cannot carry', () => {
      const anyNumber = compileProps({ n: standard((value) => (typeof value === 'number' ? { value } : { issues: [{ message: 'expected a number' }] })) });
      expect(issues(anyNumber({ n: '1e999' }, true))).toEqual(['props.n: expected a finite number, received Infinity']);
      expect(anyNumber({ n: '12' }, true)).toEqual({ props: { n: 12 } });
    });
  });

  describe('Standard Schema validators per prop', () => {
    it('accepts zod/mini schemas and reports their first issue at the prop path', () => {
      const validate = compileProps({ email: zm.email(), plan: zm.enum(['free', 'pro']), seats: zm.optional(zm.number()) });
      expect(validate({ email: 'a@b.co', plan: 'pro' }, false)).toEqual({ props: { email: 'a@b.co', plan: 'pro' } });
      expect(issues(validate({ email: 'nope', plan: 'gold' }, false))).toEqual([
        'props.email: Invalid email address',
        'props.plan: Invalid option: expected one of "free"|"pro"',
      ]);
    });

    it('accepts classic zod schemas, optional when the schema accepts undefined', () => {
      const validate = compileProps({ seats: z.number().int().positive(), coupon: z.string().optional() });
      expect(validate({ seats: 3 }, false)).toEqual({ props: { seats: 3 } });
      expect(issues(validate({}, false))).toEqual(['props.seats: required']);
      expect(issues(validate({ seats: 0 }, false))).toEqual(['props.seats: Too small: expected number to be >0']);
    });

    it('sends the output of the schema (after transforms)', () => {
      const validate = compileProps({ sku: z.string().trim().toUpperCase() });
      expect(validate({ sku: '  ab-1 ' }, false)).toEqual({ props: { sku: 'AB-1' } });
    });

    it('reports the path inside a nested schema', () => {
      const validate = compileProps({ item: z.object({ sku: z.string() }) });
      expect(issues(validate({ item: { sku: 1 } }, false))).toEqual(['props.item.sku: Invalid input: expected string, received number']);
    });
  });

  describe('one Standard Schema for the whole props object', () => {
    it('validates with zod/mini and returns the parsed object', () => {
      const validate = compileProps(zm.object({ sku: zm.string(), price: zm.number() }));
      expect(validate({ sku: 'a', price: 2 }, false)).toEqual({ props: { sku: 'a', price: 2 } });
      expect(issues(validate({ sku: 1, price: 2 }, false))).toEqual(['props.sku: Invalid input: expected string, received number']);
    });

    it('rejects props the schema strips, as unknown props, the way a prop map rejects them', () => {
      const validate = compileProps(z.object({ sku: z.string(), price: z.number().optional() }));
      expect(issues(validate({ sku: 'a', colour: 'red', size: 'M' }, false))).toEqual(['props.colour: unknown prop', 'props.size: unknown prop']);
      expect(issues(compileProps(zm.object({ sku: zm.string() }))({ sku: 'a', extra: 1 }, false))).toEqual(['props.extra: unknown prop']);
      expect(issues(compileProps({ sku: 'string' })({ sku: 'a', extra: 1 }, false))).toEqual(['props.extra: unknown prop']);
    });

    it('keeps a declared optional prop set to undefined, which the schema returns', () => {
      expect(compileProps(z.object({ sku: z.string(), coupon: z.string().optional() }))({ sku: 'a', coupon: undefined }, false)).toEqual({ props: { sku: 'a' } });
    });

    it("leaves the schema's own rejection of extra keys as it is (strictObject)", () => {
      expect(issues(compileProps(z.strictObject({ sku: z.string() }))({ sku: 'a', extra: 1 }, false))).toEqual(['props: Unrecognized key: "extra"']);
    });

    it('sends extra props that a loose schema returns (looseObject, passthrough, catchall)', () => {
      for (const schema of [z.looseObject({ sku: z.string() }), z.object({ sku: z.string() }).passthrough(), z.object({ sku: z.string() }).catchall(z.number()), zm.looseObject({ sku: zm.string() })]) {
        expect(compileProps(schema)({ sku: 'a', extra: 1 }, false)).toEqual({ props: { sku: 'a', extra: 1 } });
      }
    });

    it('passes an empty object when no props are given', () => {
      expect(compileProps(z.object({ sku: z.string().optional() }))(undefined, false)).toEqual({ props: {} });
      expect(issues(compileProps(z.object({ sku: z.string() }))(undefined, false))).toEqual(['props.sku: Invalid input: expected string, received undefined']);
    });

    it('rejects a schema whose output is not an object', () => {
      expect(issues(compileProps(z.string())('abc', false))).toEqual(['props: expected an object']);
    });
  });

  describe('async validators', () => {
    it('rejects an async zod refinement, since track() is synchronous', () => {
      const validate = compileProps({ code: z.string().refine(async () => true) });
      expect(issues(validate({ code: 'x' }, false))).toEqual(['props.code: async validators are not supported: track() is synchronous']);
    });

    it('rejects an async whole-object schema', () => {
      const validate = compileProps(z.object({ code: z.string() }).refine(async () => true));
      expect(issues(validate({ code: 'x' }, false))).toEqual(['props: async validators are not supported: track() is synchronous']);
    });

    it('rejects a validator returning a rejected promise without an unhandled rejection', async () => {
      const validate = compileProps({ code: standard(() => Promise.reject(new Error('remote check failed'))) });
      expect(issues(validate({ code: 'x' }, false))).toEqual(['props.code: async validators are not supported: track() is synchronous']);
      // Give the rejection a turn to surface: vitest fails the run on an unhandled one.
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  });

  describe('hostile values', () => {
    const validate = compileProps({ meta: anything, label: 'string?' });

    it('rejects a circular object', () => {
      const meta: Record<string, unknown> = { a: 1 };
      meta.self = meta;
      expect(issues(validate({ meta }, false))).toEqual(['props.meta.self: circular reference']);
    });

    it('accepts the same object twice when it is not circular', () => {
      const shared = { a: 1 };
      expect(validate({ meta: { x: shared, y: shared } }, false)).toEqual({ props: { meta: { x: { a: 1 }, y: { a: 1 } } } });
    });

    it('rejects a __proto__ key at the top level as an unknown prop, without touching prototypes', () => {
      const input: unknown = JSON.parse('{"__proto__": {"polluted": 1}, "label": "x"}');
      expect(issues(validate(input, false))).toEqual(['props.__proto__: unknown prop']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('rejects __proto__, constructor and prototype keys inside a prop value', () => {
      const meta: unknown = JSON.parse('{"ok": 1, "__proto__": {"polluted": 1}, "inner": {"constructor": {"prototype": 1}}}');
      expect(issues(validate({ meta }, false))).toEqual(['props.meta.__proto__: forbidden key', 'props.meta.inner.constructor: forbidden key']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it.each([
      ['a function', () => 1, 'cannot send a function'],
      ['a symbol', Symbol('s'), 'cannot send a symbol'],
      ['a bigint', 10n, 'cannot send a bigint'],
      ['NaN', Number.NaN, 'expected a finite number, received NaN'],
    ])('rejects %s in a value', (_name, value, message) => {
      expect(issues(validate({ meta: value }, false))).toEqual([`props.meta: ${message}`]);
      expect(issues(validate({ meta: { deep: [value] } }, false))).toEqual([`props.meta.deep.0: ${message}`]);
    });

    it('reports only its own problems on each call, after a rejected one', () => {
      expect(issues(validate({ label: 1 }, false))).toEqual(['props.label: expected string, received 1']);
      expect(validate({ label: 'x' }, false)).toEqual({ props: { label: 'x' } });
      const first = validate({ label: 2 }, false);
      validate({ label: 3, extra: 1 }, false);
      expect(issues(first)).toEqual(['props.label: expected string, received 2']);
    });

    it('keeps both results right when a getter validates the same goal again while its props are read', () => {
      let inner: ReturnType<typeof validate> | undefined;
      const input = {
        get label() {
          inner = validate({ label: 5 }, false);
          return 'outer';
        },
        extra: 1,
      };
      expect(issues(validate(input, false))).toEqual(['props.extra: unknown prop']);
      expect(issues(inner!)).toEqual(['props.label: expected string, received 5']);
    });

    it('rejects a function for a typed prop', () => {
      expect(issues(validate({ label: () => 'x' }, false))).toEqual(['props.label: expected string, received function']);
    });

    it('rejects a 10 KB string, typed or not', () => {
      const long = 'x'.repeat(10 * 1024);
      expect(issues(validate({ label: long }, false))).toEqual(['props.label: string longer than 2048 characters']);
      expect(issues(validate({ meta: { text: long } }, false))).toEqual(['props.meta.text: string longer than 2048 characters']);
      expect(validate({ label: 'x'.repeat(2048) }, false)).toHaveProperty('props');
    });

    it('rejects nesting deeper than 6 levels and arrays over 200 items', () => {
      const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
      expect(issues(validate({ meta: deep }, false))).toEqual(['props.meta.a.b.c.d.e.f: nested deeper than 6 levels']);
      expect(issues(validate({ meta: Array.from({ length: 201 }, () => 0) }, false))).toEqual(['props.meta: more than 200 items']);
    });

    it('sends a Date as an ISO string and an invalid Date as null', () => {
      expect(validate({ meta: { at: new Date(Date.UTC(2025, 0, 2)), bad: new Date(Number.NaN) } }, false)).toEqual({
        props: { meta: { at: '2025-01-02T00:00:00.000Z', bad: null } },
      });
    });

    it('returns a copy, so changing the input later does not change the validated props', () => {
      const meta = { list: [1, 2] };
      const result = validate({ meta }, false);
      meta.list.push(3);
      expect(result).toEqual({ props: { meta: { list: [1, 2] } } });
    });

    it('reports a throwing getter instead of throwing', () => {
      const input = {
        get label(): string {
          throw new Error('getter exploded');
        },
      };
      expect(() => validate(input, false)).not.toThrow();
      expect(issues(validate(input, false))).toEqual(['props: could not be read: a getter, proxy or validator threw']);
    });

    it('reports a proxy whose traps throw instead of throwing', () => {
      const hostile = new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('trap');
          },
        },
      );
      expect(issues(validate(hostile, false))).toEqual(['props: could not be read: a getter, proxy or validator threw']);
      expect(issues(validate({ meta: hostile }, false))).toEqual(['props: could not be read: a getter, proxy or validator threw']);
    });

    it('reports a validator that throws instead of throwing', () => {
      const throwing = compileProps({ code: standard((value) => (value === undefined ? { issues: [{ message: 'required' }] } : (null as never))) });
      expect(issues(throwing({ code: 'x' }, false))).toEqual(['props: could not be read: a getter, proxy or validator threw']);
    });

    it('compiles a validator that throws on undefined, treating its prop as required', () => {
      const strict = standard((value) => {
        if (typeof value !== 'string') throw new TypeError('not a string');
        return { value };
      });
      let validate: ReturnType<typeof compileProps> | undefined;
      expect(() => (validate = compileProps({ code: strict }))).not.toThrow();
      expect(issues(validate!({}, false))).toEqual(['props.code: required']);
      expect(validate!({ code: 'x' }, false)).toEqual({ props: { code: 'x' } });
    });
  });
});
