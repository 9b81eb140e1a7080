import type { ConsentPurpose, ConsentPurposes, ConsentValue } from '../schema/privacy-types';

/** The purposes a goal may need, in the order `context.consent` lists them. */
export const PURPOSES: readonly ConsentPurpose[] = ['analytics', 'marketing'];

/** How long a remembered choice holds (`consent.persist`): 13 months, as the CNIL advises. */
export const CONSENT_MAX_AGE_MS = 395 * 24 * 60 * 60 * 1000;

const isValue = (value: unknown): value is ConsentValue => value === 'pending' || value === 'granted' || value === 'denied';
const isChoice = (value: unknown): value is 'granted' | 'denied' => value === 'granted' || value === 'denied';

/**
 * The purposes after a choice: one value for all, values per purpose (the others keep theirs), or
 * Google consent mode's keys (`analytics_storage` → analytics; `ad_storage`, `ad_user_data` and
 * `ad_personalization` → marketing, granted only when none of them is denied). The purposes in
 * `locked` (denied by Global Privacy Control) stay denied. `undefined` when it is no choice.
 * Reads the choice's properties: the caller catches a getter that throws.
 * @example
 * nextPurposes('granted', { analytics: 'pending', marketing: 'pending' }, ['marketing'])
 * // { analytics: 'granted', marketing: 'denied' }
 */
export function nextPurposes(choice: unknown, current: ConsentPurposes, locked: readonly ConsentPurpose[]): ConsentPurposes | undefined {
  let next: ConsentPurposes;
  if (isValue(choice)) next = { analytics: choice, marketing: choice };
  else if (typeof choice === 'object' && choice !== null) {
    const given = choice as Record<string, unknown>;
    next = { ...current };
    let found = false;
    for (const purpose of PURPOSES) {
      const value = given[purpose];
      if (isValue(value)) (next[purpose] = value), (found = true);
    }
    const analytics = given.analytics_storage;
    if (isChoice(analytics)) (next.analytics = analytics), (found = true);
    const ads = [given.ad_storage, given.ad_user_data, given.ad_personalization].filter(isChoice);
    if (ads.length) (next.marketing = ads.includes('denied') ? 'denied' : 'granted'), (found = true);
    if (!found) return undefined;
  } else return undefined;
  for (const purpose of locked) next[purpose] = 'denied';
  return next;
}

/** Whether two states are the same. */
export const samePurposes = (a: ConsentPurposes, b: ConsentPurposes): boolean => a.analytics === b.analytics && a.marketing === b.marketing;

/** The purposes of a remembered choice (`{ v, at }` in `cairn:consent`), when it is one and not older than 13 months. */
export function readRemembered(stored: string | null | undefined, now: number): ConsentPurposes | undefined {
  try {
    const record = JSON.parse(stored ?? 'null') as { v?: Record<string, unknown>; at?: unknown } | null;
    const value = record?.v;
    if (!value || typeof record.at !== 'number' || !(now - record.at < CONSENT_MAX_AGE_MS)) return undefined;
    return isValue(value.analytics) && isValue(value.marketing) ? { analytics: value.analytics, marketing: value.marketing } : undefined;
  } catch {
    return undefined;
  }
}
