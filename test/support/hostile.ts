import fc from 'fast-check';

/** The seed of every property test: fixed, so CI runs the same cases (FC_SEED overrides it). */
export const SEED = Number(process.env.FC_SEED ?? 20261202);

/**
 * A Proxy whose traps throw, as a hostile page can hand over: on every property read by name
 * (`toString`, `valueOf`, a prop), key listing and `in`. Reads by symbol answer `undefined`, so
 * that fast-check itself can hold the value (it looks for its clone symbol).
 */
export function throwingProxy(): object {
  const fail = (): never => {
    throw new Error('hostile trap');
  };
  return new Proxy({}, {
    get: (_target, key) => (typeof key === 'symbol' ? undefined : fail()),
    has: (_target, key) => (typeof key === 'symbol' ? false : fail()),
    ownKeys: fail,
    getOwnPropertyDescriptor: fail,
    getPrototypeOf: fail,
  });
}

/** An object that holds itself. */
function circular(): object {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  value.list = [value];
  return value;
}

/** Nested `depth` levels deep. */
function deep(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { v: value };
  return value;
}

/**
 * Values a page can pass where cairn expects a goal id, props, a command name or a config: every
 * JSON-ish value fast-check makes, plus the hostile ones (circular, huge, deep, `__proto__` /
 * `constructor` / `prototype` keys, NaN, ±Infinity, -0, functions, symbols, BigInt, Dates valid and
 * not, DOM nodes, throwing Proxies, prototype-less objects, lone surrogates).
 */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, maxDepth: 3 }),
  fc.constantFrom<unknown>(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    () => 'fn',
    Symbol('s'),
    10n,
    new Date(Number.NaN),
    new Date(0),
    '\uD800',
    'a\uDFFFb',
    'x'.repeat(100_000),
    '__proto__',
    'constructor',
    'toString',
    Object.create(null),
  ),
  fc.constant(null).map(() => circular()),
  fc.constant(null).map(() => throwingProxy()),
  fc.constant(null).map(() => deep(50)),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":1}') as unknown),
  fc.constant(null).map(() => (typeof document === 'undefined' ? {} : document.createElement('div'))),
  fc.dictionary(fc.constantFrom('sku', 'price', 'qty', '__proto__', 'constructor', 'plan', 'total'), fc.anything({ maxDepth: 2 })),
);

/** Whether `Object.prototype` and `Array.prototype` still hold only what they held. */
export function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && ([] as unknown as Record<string, unknown>).polluted === undefined && Object.keys(Object.prototype).length === 0;
}
