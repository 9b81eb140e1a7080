/**
 * A value as messages name it (a goal, a command, a thrown error), even one whose `toString`
 * throws or that has none (a hostile Proxy, an object without prototype): never throws.
 */
export function nameOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `(${typeof value})`;
  }
}

/** Short description of a received value for messages: `"abc"`, `NaN`, `an object`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
