import type { Issue } from '../lib/errors';
import type { ConsentPurposes } from '../schema/privacy-types';
import type { CairnConfig } from '../schema/types';
import { nextPurposes } from './consent-state';

const GRANTED: ConsentPurposes = { analytics: 'granted', marketing: 'granted' };
/** Every purpose waiting for the visitor's choice. */
export const PENDING: ConsentPurposes = { analytics: 'pending', marketing: 'pending' };

/** The consent before the visitor chooses: `consent.default`, else pending when required, else granted. Undefined when it is no state. */
export function consentDefault(config: CairnConfig): ConsentPurposes | undefined {
  const { required, default: initial } = config.consent ?? {};
  const base = required ? PENDING : GRANTED;
  // An empty object changes nothing.
  return initial === undefined ? base : (nextPurposes(initial, base, []) ?? (isConsentState(initial) ? base : undefined));
}

const VALUES = ['pending', 'granted', 'denied'];
const PURPOSE_KEYS = ['analytics', 'marketing'];
const MODE_KEYS = ['analytics_storage', 'ad_storage', 'ad_user_data', 'ad_personalization'];

/** A consent state in one of the three forms, with no key or value of another (undefined: none given). */
function isConsentState(value: unknown): boolean {
  if (value === undefined || VALUES.includes(value as string)) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  const purposes = entries.every(([key, v]) => PURPOSE_KEYS.includes(key) && VALUES.includes(v as string));
  return purposes || entries.every(([key, v]) => MODE_KEYS.includes(key) && (v === 'granted' || v === 'denied'));
}

/** Checks `consent.default`: a state in one of its forms, and never a grant when consent is required. */
export function checkConsent(config: CairnConfig): Issue[] {
  if (typeof config.consent !== 'object' || config.consent === null) return [];
  const initial = consentDefault(config);
  if (!initial || !isConsentState(config.consent.default)) {
    return [{ path: 'consent.default', message: 'expected "pending" | "granted" | "denied", values per purpose (analytics, marketing) or consent mode types' }];
  }
  if (config.consent.required && Object.values(initial).includes('granted')) {
    return [{ path: 'consent.default', message: 'consent is required: the default may be "pending" or "denied", never "granted"' }];
  }
  return [];
}
