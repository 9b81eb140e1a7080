import type { Issue } from '../lib/errors';
import { nameOf } from '../lib/name-of';
import type { CairnConfig } from '../schema/types';

/** The type of each option of `health`; `media`, a string, must also parse as a CSS selector (in a browser). */
const TYPES: Record<string, string> = { pageHealth: 'boolean', micro: 'boolean', attribution: 'boolean', errorMessages: 'boolean', media: 'string', stallMs: 'number' };

/** Whether a value is what the option `key` expects: its type, a whole number >= 0 of milliseconds, a selector that parses. */
function valid(key: string, value: unknown): boolean {
  if (typeof value !== TYPES[key]) return false;
  if (key === 'stallMs') return Number.isInteger(value) && (value as number) >= 0;
  try {
    if (key === 'media') document.createDocumentFragment().querySelector(value as string);
    return true;
  } catch {
    return typeof document === 'undefined';
  }
}

/**
 * The health module's checks of a config's `health` section, each issue with its path
 * (`health.stallMs: expected a number (whole, >= 0), received -1`).
 */
export function checkHealth(config: CairnConfig): Issue[] {
  const health: unknown = config.health;
  if (health === undefined) return [];
  if (typeof health !== 'object' || !health || Array.isArray(health)) return [{ path: 'health', message: 'expected an object' }];
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(health)) {
    const type = Object.prototype.hasOwnProperty.call(TYPES, key) && TYPES[key];
    if (!type || !valid(key, value)) {
      issues.push({ path: `health.${key}`, message: type ? `expected a ${key === 'media' ? 'CSS selector' : type + (key === 'stallMs' ? ' (whole, >= 0)' : '')}, received ${nameOf(value)}` : 'unknown option' });
    }
  }
  return issues;
}
