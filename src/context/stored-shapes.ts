import { asObject } from '../lib/stored-value';
import type { Journey, Touch } from '../schema/event-types';

/**
 * Readers of the context module's stored values. Storage is shared with other code, other versions
 * of cairn and the visitor's own tools: anything read is checked, since one malformed context key
 * would make the collector refuse the whole batch it rides in. A value that fails starts over.
 */

const isText = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A map of strings (campaign, click ids, variants, traits of text), or undefined. */
export function textMap(stored: unknown): Record<string, string> | undefined {
  const map = asObject(stored);
  return map && Object.values(map).every(isText) ? (map as Record<string, string>) : undefined;
}

/** A touch, or undefined. */
export function touchOf(stored: unknown): Touch | undefined {
  const t = asObject(stored);
  return t && isText(t.channel) && isText(t.source) && isText(t.medium) && isCount(t.ts) && (t.campaign === undefined || isText(t.campaign)) ? (t as unknown as Touch) : undefined;
}

/** Journey items: each `{ goal, ts, channel? }`; others are left out. */
export function journeyItems(stored: unknown): Journey['items'] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((item): item is Journey['items'][number] => {
    const i = asObject(item);
    return !!i && isText(i.goal) && isCount(i.ts) && (i.channel === undefined || isText(i.channel));
  });
}

/** Whether every listed key holds a whole number ≥ 0 (`r`, `n`) or a time. */
export const counts = (value: Record<string, unknown>, keys: readonly string[]): boolean => keys.every((key) => isCount(value[key]));

export { isText, isCount };
