/**
 * The script tag's health module with web-vitals' attribution build
 * (`dist/cairn.health-attribution.js`), loaded instead of `cairn.health.js` for `data-health="attribution"`.
 */
import { health } from './health-attribution-entry';

if (typeof window !== 'undefined') (window as Window & { cairnHealth?: unknown }).cairnHealth = health;
