import type { Hit } from '../context/context-step';
import type { HealthOptions, PageHealth } from '../schema/health-types';
import type { ResolvedConfig } from '../schema/parse-config';
import { checkHealth } from './check-health';
import type { HealthHost, HealthModule, HealthPlugin, MetricReport, MetricSources } from './health-module';
import { newView, noteMetric, snapshot } from './page-view';
import { guard, watchPage } from './watch-page';

/** The built-in goal of the event sent once per page view when the page is hidden. */
export const PAGE_HEALTH_GOAL = 'page_health';

/** How long a watched video or audio may wait for data before it counts as stalled. */
const STALL_MS = 8000;

/**
 * Makes a health module from its metric sources: web-vitals' standard build for `cairn/health`,
 * its attribution build for `cairn/health/attribution`, stubs in tests.
 * @example
 * import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals'
 * const health = createHealth({ onCLS, onFCP, onINP, onLCP, onTTFB })
 */
export function createHealth(sources: MetricSources): HealthModule {
  return { validate: checkHealth, start: (host) => startHealth(host, sources) };
}

/** The media elements watched: `health.media`, else those of the goals' media triggers, else every video and audio. */
function mediaSelector(config: ResolvedConfig, options: HealthOptions): string {
  const selectors = new Set<string>();
  for (const { definition } of config.goals.values()) {
    for (const trigger of definition.triggers ?? []) if (trigger.on === 'media') selectors.add(trigger.selector ?? 'video, audio');
  }
  return options.media ?? ([...selectors].join() || 'video, audio');
}

/**
 * Starts the health module in a tracker: web vitals, errors and broken media of the page view,
 * noted on each hit as the tracker takes it (before consent, so a held conversion keeps the
 * health of its moment) and sent once per page view as `page_health` (docs/health.md). Stores
 * nothing; its events go through consent like every other.
 */
function startHealth(host: HealthHost, sources: MetricSources): HealthPlugin {
  const { win, config, log } = host;
  const options: HealthOptions = config.health ?? {};
  const send = options.pageHealth !== false;
  if (send && !config.goals.has(PAGE_HEALTH_GOAL)) {
    // Its props are built here, never by the page: taken as they are.
    const definition = { kind: 'micro', role: 'secondary', props: { reason: 'string' } } as const;
    config.goals.set(PAGE_HEALTH_GOAL, { id: PAGE_HEALTH_GOAL, definition, validate: (props) => ({ props: props as Record<string, unknown> }), propNames: ['reason'] });
  }
  const state = { view: newView('navigate'), soft: false, lcpFinal: false, stopped: false };
  // Vitals first: web-vitals flushes CLS and INP in its own window capture listener of
  // `visibilitychange`, which must run before ours takes the final values.
  const attribution = options.attribution === true;
  // After an SPA route change, web-vitals' reports are the document's load (or, for CLS and INP, its whole life): not the view's.
  const onMetric = (metric: MetricReport) => state.stopped || (state.soft && metric.navigationType !== 'soft-navigation') || noteMetric(state.view, metric, attribution);
  for (const source of [sources.onLCP, sources.onINP, sources.onCLS, sources.onFCP, sources.onTTFB]) {
    guard(host, () => source((metric) => guard(host, () => onMetric(metric)), { reportAllChanges: true }));
  }
  const stamps = new WeakMap<Hit, PageHealth>();
  let final: PageHealth | undefined;
  const stop = watchPage(host, state, {
    send,
    stallMs: options.stallMs ?? STALL_MS,
    messages: options.errorMessages === true,
    media: { selector: mediaSelector(config, options), clean: host.clean },
    record(health, reason) {
      final = health;
      host.record(PAGE_HEALTH_GOAL, { reason });
      final = undefined;
    },
  });
  return {
    stamp(hit) {
      const { id, definition } = hit.goal;
      if (final && id === PAGE_HEALTH_GOAL) stamps.set(hit, final);
      else if (definition.kind === 'macro' || options.micro) stamps.set(hit, snapshot(state.view, false, state.lcpFinal));
    },
    steps: [
      (event, hit) => {
        const health = stamps.get(hit);
        if (health) event.context.health = health;
      },
    ],
    stop() {
      state.stopped = true;
      stop();
    },
  };
}
