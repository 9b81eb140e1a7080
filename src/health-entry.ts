/**
 * `cairn/health`: the opt-in health module. Pass it to `createTracker` to put the page view's web
 * vitals, errors and broken media on its conversions and send one `page_health` event per page view.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import { createHealth } from './health/start-health';
import type { HealthModule } from './health/health-module';

/**
 * The health module, with web-vitals' standard build (bundled, never loaded from a CDN).
 * @example
 * import { createTracker, triggers } from 'cairn'
 * import { health } from 'cairn/health'
 * const cairn = createTracker(config, { triggers, health })
 */
export const health: HealthModule = createHealth({ onCLS, onFCP, onINP, onLCP, onTTFB });

export { createHealth, PAGE_HEALTH_GOAL } from './health/start-health';
export { elementSelector } from './health/element-selector';
export type { HealthModule, HealthHost, HealthPlugin, MetricReport, MetricSource, MetricSources } from './health/health-module';
export type { HealthOptions, PageHealth, VitalValue, BrokenMedia } from './schema/health-types';
