import type { Hit, ContextStep } from '../context/context-step';
import type { Issue } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { ResolvedConfig } from '../schema/parse-config';
import type { CairnConfig } from '../schema/types';
import type { RecordHit } from '../tracker/recorder';

/** One metric as web-vitals reports it (the fields cairn reads). */
export interface MetricReport {
  /** The metric. */
  name: 'CLS' | 'FCP' | 'INP' | 'LCP' | 'TTFB';
  /** Its value so far: milliseconds, or CLS's layout shift score. */
  value: number;
  /** web-vitals' rating against its thresholds. */
  rating: 'good' | 'needs-improvement' | 'poor';
  /** Unique per metric instance: a new one after a back/forward cache restore. */
  id: string;
  /** How the page view started (`navigate`, `back-forward-cache`, `soft-navigation`...). */
  navigationType: string;
  /** The attribution build's details, of which cairn reads the element selectors (`target`, `interactionTarget`, `largestShiftTarget`). */
  attribution?: object;
}

/** A web-vitals `on*` function: calls back with each report, as `reportAllChanges: true` asks. */
export type MetricSource = (callback: (metric: MetricReport) => void, options: { reportAllChanges: true }) => void;

/**
 * Where the vitals come from: web-vitals' `onLCP`, `onINP`, `onCLS`, `onFCP` and `onTTFB` (the
 * standard or the attribution build); tests pass their own to drive the reports.
 */
export interface MetricSources {
  /** Largest Contentful Paint. */
  onLCP: MetricSource;
  /** Interaction to Next Paint. */
  onINP: MetricSource;
  /** Cumulative Layout Shift. */
  onCLS: MetricSource;
  /** First Contentful Paint. */
  onFCP: MetricSource;
  /** Time to First Byte. */
  onTTFB: MetricSource;
}

/** What the tracker hands the health module when it starts. */
export interface HealthHost {
  /** The page's window. */
  win: Window & typeof globalThis;
  /** The checked config (its goal map takes the built-in `page_health` goal). */
  config: ResolvedConfig;
  /** Tracks an event of the module's own (`page_health`), through consent like any other. */
  record: RecordHit;
  /** The tracker's console logger. */
  log: Logger;
  /** Takes personal data out of a URL as the tracker does for pages. */
  clean: (url: string) => string;
  /** Takes personal data out of a text (an error message), or leaves it when redaction is off. */
  redact: (text: string) => string;
}

/** The health module running in one tracker. */
export interface HealthPlugin {
  /** Notes the page view's health as it is now on a hit about to go to consent (track time). */
  stamp(hit: Hit): void;
  /** Puts what `stamp` noted on the event, as `context.health`. */
  steps: readonly ContextStep[];
  /** Removes its listeners and timers (`tracker.shutdown()`). */
  stop(): void;
}

/**
 * The opt-in health module (`import { health } from 'cairn/health'`): web vitals, uncaught errors
 * and broken media of the page view, on its conversions and in one `page_health` event.
 */
export interface HealthModule {
  /** Checks the config's `health` section. */
  validate(config: CairnConfig): Issue[];
  /** Starts it in a tracker. */
  start(host: HealthHost): HealthPlugin;
}
