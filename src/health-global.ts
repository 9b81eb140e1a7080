/**
 * The script tag's health module (`dist/cairn.health.js`). `cairn.global.js` loads it from its own
 * folder when the script tag asks for it (`data-health`), or finds it already on the page.
 */
import { health } from './health-entry';

if (typeof window !== 'undefined') (window as Window & { cairnHealth?: unknown }).cairnHealth = health;
