import type { Issue } from '../lib/errors';
import type { ConsentPurpose, ConsentPurposes } from '../schema/privacy-types';
import type { CairnConfig } from '../schema/types';

/** The purposes a goal may need, in the order `context.consent` lists them. */
export const PURPOSES: readonly ConsentPurpose[] = ['analytics', 'marketing'];

/** How long a remembered choice holds (`consent.persist`): 13 months, as the CNIL advises. */
export const CONSENT_MAX_AGE_MS = 395 * 24 * 60 * 60 * 1000;

const VALUES: readonly unknown[] = ['pending', 'granted', 'denied'];
/** Google consent mode's types, by the purpose they set. */
const MODE = new Map<unknown, ConsentPurpose>([
  ['analytics_storage', 'analytics'],
  ['ad_storage', 'marketing'],
  ['ad_user_data', 'marketing'],
  ['ad_personalization', 'marketing'],
]);

/** Every purpose waiting for the visitor's choice. */
export const PENDING: ConsentPurposes = { analytics: 'pending', marketing: 'pending' };

/**
 * The purposes after a choice: one value for all, values per purpose (the others keep theirs), or
 * Google consent mode's types (`analytics_storage` → analytics; `ad_storage`, `ad_user_data` and
 * `ad_personalization` → marketing, denied when one of them is). The purposes in `locked`
 * (denied by Global Privacy Control) stay denied. `undefined` when it is no choice: an unknown
 * key or value, or both forms mixed. Reads the choice's properties: a getter may throw.
 * @example
 * nextPurposes('granted', PENDING, ['marketing']) // { analytics: 'granted', marketing: 'denied' }
 */
export function nextPurposes(choice: unknown, current: ConsentPurposes, locked: readonly ConsentPurpose[]): ConsentPurposes | undefined {
  let next: ConsentPurposes | undefined;
  if (VALUES.includes(choice)) next = { analytics: choice, marketing: choice } as ConsentPurposes;
  else if (choice && typeof choice === 'object' && !Array.isArray(choice)) {
    next = { ...current };
    const entries = Object.entries(choice);
    const mode = entries.some(([key]) => MODE.has(key));
    // Grants first: a denial among consent mode's ad types has the last word.
    for (const [key, value] of [...entries.filter((e) => e[1] !== 'denied'), ...entries.filter((e) => e[1] === 'denied')]) {
      const purpose = mode ? MODE.get(key) : PURPOSES.find((p) => p === key);
      if (!purpose || !VALUES.includes(value) || (mode && value === 'pending')) return undefined;
      next[purpose] = value as ConsentPurposes[ConsentPurpose];
    }
  }
  if (next) for (const purpose of locked) next[purpose] = 'denied';
  return next;
}

/** The consent before the visitor chooses: `consent.default`, else pending when required, else granted. Undefined when it is no state. */
export function consentDefault(config: CairnConfig): ConsentPurposes | undefined {
  const options = config.consent;
  const base: ConsentPurposes = options?.required ? PENDING : { analytics: 'granted', marketing: 'granted' };
  return options?.default === undefined ? base : nextPurposes(options.default, base, []);
}

/** Checks `consent.default`: a state in one of its forms, and never a grant when consent is required. */
export function checkConsent(config: CairnConfig): Issue[] {
  if (typeof config.consent !== 'object' || config.consent === null) return [];
  const initial = consentDefault(config);
  const message = !initial
    ? 'expected "pending" | "granted" | "denied", values per purpose or consent mode types'
    : config.consent.required && Object.values(initial).includes('granted')
      ? 'consent is required: "pending" or "denied", never "granted"'
      : '';
  return message ? [{ path: 'consent.default', message }] : [];
}

/** Whether two states are the same. */
export const samePurposes = (a: ConsentPurposes, b: ConsentPurposes): boolean => a.analytics === b.analytics && a.marketing === b.marketing;

/** The purposes of a remembered choice (`{ v, at }` in `cairn:consent`), when it is one and not older than 13 months. */
export function readRemembered(stored: string | null | undefined, now: number): ConsentPurposes | undefined {
  try {
    const record = JSON.parse(stored ?? 'null') as { v?: unknown; at?: unknown } | null;
    const value = record && now - (record.at as number) < CONSENT_MAX_AGE_MS ? nextPurposes(record.v, PENDING, []) : undefined;
    return value && { analytics: value.analytics, marketing: value.marketing };
  } catch {
    return undefined;
  }
}
