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
