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
