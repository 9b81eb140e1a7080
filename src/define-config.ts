import type { ConfigFromJson, JsonConfig } from './schema/json-config';
import type { CairnConfig } from './schema/types';

/**
 * Returns the config unchanged, with its types inferred literally, so that `track()` knows every
 * goal id and its props. Checked again at run time by `createTracker`.
 * @example
 * export default defineConfig({
 *   endpoint: 'https://collect.example.com/cairn',
 *   goals: {
 *     add_to_cart: { kind: 'micro', role: 'milestone', props: { sku: 'string', price: 'number' } },
 *     purchase: { kind: 'macro', value: 'total', currency: 'EUR', props: { order_id: 'string', total: 'number' } },
 *   },
 * })
 */
export function defineConfig<const C extends CairnConfig>(config: C): C {
  return config;
}

/**
 * Types a config imported from a JSON file for `createTracker`. TypeScript widens the strings of a
 * JSON import (`"micro"` becomes `string`), which `defineConfig` rejects; this keeps the goal ids and
 * prop names and types prop values loosely (see {@link ConfigFromJson}). Returns the object unchanged:
 * `createTracker` checks it at run time and throws a `ConfigError` listing every problem with its path.
 * @example
 * import json from './cairn.config.json'
 * const cairn = createTracker(defineJsonConfig(json))
 * cairn.track('purchase', { order_id: 'A-1001', total: 59.9 })
 */
export function defineJsonConfig<J extends JsonConfig>(json: J): ConfigFromJson<J> {
  return json as unknown as ConfigFromJson<J>;
}
