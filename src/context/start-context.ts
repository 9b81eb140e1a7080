import { createAttribution } from './attribution';
import type { ContextHost, ContextPlugin } from './context-module';
import type { ContextStep } from './context-step';
import { createExperiments } from './experiments';
import { createFunnels } from './funnels';
import { createJourney } from './journey';
import { createTraits } from './traits';

/** The built-in goal of an abandoned funnel, when the config names none (`abandonment.goal`). */
export const ABANDONMENT_GOAL = 'funnel_abandoned';

/** Props of an abandonment event, as the built-in goal declares them. */
export const ABANDONMENT_PROPS = { funnel: 'string', step: 'integer', goal: 'string', steps: 'integer', reachedAt: 'number', value: 'number?', currency: 'string?' } as const;

/**
 * Starts the context module in a tracker: attribution, funnels (with abandonment), journey,
 * experiments and traits, each a step run on every event after the tracker's own. Reads the
 * landing now; touches storage only through the tracker's storage.
 */
export function startContext(host: ContextHost): ContextPlugin {
  const { win, config, storage, session, log } = host;
  // The tracker's methods never throw: a hostile argument (a throwing getter) is a warning.
  const guard = <T>(name: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      log.warn(`${name} failed: ${String(error)}`);
      return undefined;
    }
  };
  const now = Date.now;
  const abandonment = abandonmentOf(config);
  const attribution = createAttribution(win, storage, session, config.attribution, now, host.landing, host.clean);
  const funnels = createFunnels(config.funnels, storage, (a) => {
    if (!abandonment) return;
    host.record(abandonment.goal, { ...a });
    host.abandoned(a);
  });
  const journey = createJourney(storage, (goal) => goal === abandonment?.goal);
  const experiments = createExperiments(storage, (t) => session.current(t), log);
  const traits = createTraits(storage, log);

  let timer: number | undefined;
  const watch = (at: number | undefined) => {
    win.clearTimeout(timer);
    timer = at === undefined || !abandonment ? undefined : win.setTimeout(() => watch(funnels.expire(now(), abandonment.afterMs)), Math.max(0, at - now()) + 50);
  };
  let sid: string | undefined;
  // One step for the module (a call per event, not six): attribution first (the others read its
  // keys), then a new session settles earlier funnel attempts, then progress, journey, variants, traits.
  const step: ContextStep = (event, hit) => {
    attribution.step(event, hit);
    const context = event.context;
    if (context.sessionId !== sid) {
      if (abandonment) funnels.sessionStarted(context.sessionId, event.ts);
      sid = context.sessionId;
    }
    funnels.step(event);
    if (context.funnels && abandonment) watch(event.ts + abandonment.afterMs);
    journey.step(event);
    experiments.step(event);
    traits.step(event);
  };
  watch(abandonment && Object.keys(config.funnels).length ? now() : undefined);
  return {
    steps: [step],
    funnel: (id) => guard('funnel', () => funnels.progress(id, now())),
    experiment: (name, variant) => guard('experiment', () => experiments.assign(name, variant, now())),
    traits: (input) => guard('identify', () => traits.set(input, now())),
    reset() {
      for (const part of [attribution, funnels, journey, experiments, traits]) part.clear();
      sid = undefined;
    },
    stop: () => win.clearTimeout(timer),
  };
}

/**
 * The abandonment event's goal and wait, or undefined when the config turns it off. The built-in
 * goal joins the config's goals when the config names none.
 */
function abandonmentOf(config: ContextHost['config']): { goal: string; afterMs: number } | undefined {
  const abandonment = config.abandonment === false ? undefined : { goal: config.abandonment.goal ?? ABANDONMENT_GOAL, afterMs: config.abandonment.afterMs ?? config.session.timeoutMs };
  if (abandonment && !config.goals.has(abandonment.goal)) {
    const definition = { kind: 'micro', role: 'secondary', description: 'A funnel left unfinished (built in).', props: ABANDONMENT_PROPS } as const;
    // Its props are built here, never by the page: taken as they are.
    config.goals.set(abandonment.goal, { id: abandonment.goal, definition, validate: (props) => ({ props: props as Record<string, unknown> }), propNames: Object.keys(ABANDONMENT_PROPS) });
  }
  return abandonment;
}
