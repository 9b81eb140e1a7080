/**
 * `cairn/health/attribution`: the health module with web-vitals' attribution build, for
 * `health.attribution` (the selectors of the LCP element, the INP target and the largest layout
 * shift). About 2.5 KB more than `cairn/health` (min + gzip).
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals/attribution';
import { createHealth } from './health/start-health';
import type { HealthModule } from './health/health-module';

/**
 * The health module, with web-vitals' attribution build.
 * @example
 * import { health } from 'cairn/health/attribution'
 * const cairn = createTracker({ ...config, health: { attribution: true } }, { health })
 */
export const health: HealthModule = createHealth({ onCLS, onFCP, onINP, onLCP, onTTFB });

export { PAGE_HEALTH_GOAL } from './health/start-health';
