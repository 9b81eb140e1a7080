import type { Issue } from '../lib/errors';
import { MAX_EVENTS_PER_BATCH } from '../transport/wire';
import { join } from '../lib/sanitize';
import type { Check } from './check';
import { configShapes, GOAL_ID, isHttpUrl } from './config-schema';
import { checkPropsSpec } from './check-props-spec';
import { compileProps, isStandardSchema, type PropsValidator } from './props';
import type { CairnConfig, GoalDefinition, PropsSpec } from './types';
import type { ConsentPurposes, PrivacyOptions } from './privacy-types';
import { checkConsent, consentDefault, PENDING } from '../consent/consent-state';
import type { TriggerConfig } from './trigger-types';

/** A goal ready for the tracker: its definition plus a compiled props validator. */
export interface ResolvedGoal {
  id: string;
  definition: GoalDefinition;
  validate: PropsValidator;
  /** Names of declared props (empty for a whole-object Standard Schema). */
  propNames: readonly string[];
}

/** A config with defaults applied and goals compiled. */
export interface ResolvedConfig {
  endpoint: string;
  goals: Map<string, ResolvedGoal>;
  batch: { maxEvents: number; maxBytes: number; intervalMs: number };
  delivery: { storage: 'local' | 'memory'; maxStoredEvents: number; maxRetryDelayMs: number };
  /** Funnels whose steps all name goals, by name. */
  funnels: Record<string, readonly string[]>;
  session: { timeoutMs: number };
  attribution: NonNullable<CairnConfig['attribution']>;
  abandonment: NonNullable<CairnConfig['abandonment']>;
  health: CairnConfig['health'];
  /** The state before the visitor chooses, whether to remember the choice, what GPC does. */
  consent: { default: ConsentPurposes; persist: boolean; gpc: 'deny-marketing' | 'deny-all' | 'ignore' };
  privacy: { redact: boolean; queryParams?: PrivacyOptions['queryParams']; cookieless: boolean };
  debug: boolean;
  onError: CairnConfig['onError'];
  beforeSend: CairnConfig['beforeSend'];
}

/** Every default, in one place. */
export const DEFAULTS = {
  batch: { maxEvents: 100, maxBytes: 60_000, intervalMs: 2_000 },
  delivery: { storage: 'local', maxStoredEvents: 2_000, maxRetryDelayMs: 60_000 },
  session: { timeoutMs: 30 * 60 * 1000 },
} as const;

/**
 * Checks one trigger (its shape, selector syntax, regular expression); given by the trigger module,
 * so that apps without triggers do not bundle it. Paths are relative to the trigger.
 */
export type TriggerCheck = (trigger: TriggerConfig) => Issue[];

/**
 * Validates a config and compiles its goals. Returns every problem with its path. A goal with a
 * problem is left out of the result, so the script tag can run the valid goals (DESIGN §7);
 * `createTracker` from npm throws when any issue is found.
 */
export function parseConfig(raw: unknown, checkTrigger?: TriggerCheck, checkContext?: (config: CairnConfig) => Issue[]): { config?: ResolvedConfig; issues: Issue[] } {
  const { options, goal: goalShape } = configShapes();
  const issues: Issue[] = [];
  options(raw, '', issues);
  if (typeof raw === 'object' && raw !== null) {
    const reported = new Set(issues.map((issue) => issue.path));
    issues.push(...[...checkOptions(raw as CairnConfig), ...(checkContext?.(raw as CairnConfig) ?? [])].filter((issue) => !reported.has(issue.path)));
  }
  if (issues.length) {
    // Without an object, an endpoint or a goals map nothing can run; goal issues are reported too.
    if (typeof raw !== 'object' || raw === null || issues.some((i) => i.path === 'endpoint' || i.path === 'goals')) {
      return { issues: [...issues, ...parseGoals((raw as Partial<CairnConfig> | null)?.goals, goalShape, checkTrigger).issues] };
    }
  }
  // An option with a problem (or an unknown key) is left out, so its default applies and the valid goals still run.
  const badKeys = new Set(issues.map((issue) => issue.path.split('.')[0]));
  const input = Object.fromEntries(Object.entries(raw as object).filter(([key]) => !badKeys.has(key))) as unknown as CairnConfig;
  const { goals, issues: goalIssues } = parseGoals(input.goals, goalShape, checkTrigger);
  issues.push(...goalIssues);
  // Funnels are checked against the goals; the context module follows the valid ones.
  const funnels: Record<string, readonly string[]> = {};
  for (const [name, steps] of Object.entries(input.funnels ?? {})) {
    const bad = steps.findIndex((step) => !Object.prototype.hasOwnProperty.call(input.goals, step));
    if (bad >= 0) issues.push({ path: `funnels.${name}.${bad}`, message: `unknown goal "${steps[bad]}"` });
    else if (input.goals[steps[steps.length - 1]!]?.kind !== 'macro') {
      issues.push({ path: `funnels.${name}`, message: 'must end with a macro goal' });
    } else if (steps.every((step) => goals.has(step))) funnels[name] = steps;
  }
  return {
    issues,
    config: {
      endpoint: input.endpoint,
      goals,
      batch: { ...DEFAULTS.batch, ...input.batch },
      delivery: { ...DEFAULTS.delivery, ...input.delivery },
      funnels,
      session: { ...DEFAULTS.session, ...input.session },
      attribution: input.attribution ?? {},
      abandonment: input.abandonment ?? {},
      health: input.health,
      // A consent option with a problem waits for consent() instead of assuming it (fails closed).
      consent: { default: badKeys.has('consent') ? PENDING : (consentDefault(input) ?? PENDING), persist: input.consent?.persist ?? false, gpc: input.consent?.gpc ?? 'deny-marketing' },
      privacy: { redact: input.privacy?.redact ?? true, queryParams: input.privacy?.queryParams, cookieless: input.privacy?.cookieless ?? false },
      debug: input.debug ?? false,
      onError: input.onError,
      beforeSend: input.beforeSend,
    },
  };
}

function parseGoals(
  raw: unknown,
  goalShape: Check,
  checkTrigger: TriggerCheck | undefined,
): { goals: Map<string, ResolvedGoal>; issues: Issue[] } {
  const goals = new Map<string, ResolvedGoal>();
  const issues: Issue[] = [];
  if (typeof raw !== 'object' || raw === null) return { goals, issues };
  for (const [id, value] of Object.entries(raw)) {
    const path = `goals.${id}`;
    const before = issues.length;
    if (!GOAL_ID.test(id)) {
      issues.push({ path, message: 'goal ids start with a letter and use letters, digits, _ . : - (64 at most)' });
    }
    goalShape(value, path, issues);
    if (typeof value !== 'object' || value === null) continue;
    // The checks in code run on a goal whose shape failed too, so that every problem is listed at once.
    const definition = value as GoalDefinition;
    if (definition.kind === 'micro' && !definition.role) {
      issues.push({ path: `${path}.role`, message: 'required for a micro goal: "milestone" | "secondary"' });
    }
    if (definition.kind === 'macro' && definition.role !== undefined) {
      issues.push({ path: `${path}.role`, message: 'only micro goals have a role' });
    }
    if (typeof definition.currency === 'string' && !/^[A-Z]{3}$/.test(definition.currency)) {
      issues.push({ path: `${path}.currency`, message: `expected a 3-letter ISO 4217 code such as "EUR", received ${JSON.stringify(definition.currency)}` });
    }
    const props = definition.props;
    if (typeof props === 'object' && props !== null) issues.push(...checkPropsSpec(props, `${path}.props`));
    const propNames = props && !isStandardSchema(props) ? Object.keys(props as PropsSpec) : [];
    if (Array.isArray(definition.unredacted) && props && !isStandardSchema(props)) {
      definition.unredacted.forEach((name, i) => {
        if (!propNames.includes(name)) issues.push({ path: `${path}.unredacted.${i}`, message: `"${name}" is not a prop of this goal` });
      });
    }
    // A whole-object schema cannot be looked into; a prop map (or no props at all) must declare the prop.
    if (typeof definition.value === 'string' && !isStandardSchema(props)) {
      const spec = props && Object.prototype.hasOwnProperty.call(props, definition.value) ? (props as PropsSpec)[definition.value] : undefined;
      if ((typeof spec !== 'string' || !/^(number|integer)\??$/.test(spec)) && !isStandardSchema(spec)) {
        issues.push({ path: `${path}.value`, message: `"${definition.value}" is not a numeric prop of this goal` });
      }
    }
    // Spread: a hole in a sparse list is checked as undefined, not skipped.
    if (Array.isArray(definition.triggers)) [...definition.triggers].forEach((trigger, i) => {
      for (const issue of checkTrigger?.(trigger) ?? []) issues.push({ path: join(join(`${path}.triggers`, i), issue.path).replace(/\.$/, ''), message: issue.message });
    });
    if (issues.length > before) continue;
    goals.set(id, { id, definition, validate: compileProps(props), propNames });
  }
  return { goals, issues };
}

/** Checks in code what the lean schema leaves out: the endpoint, positive whole numbers, funnels, consent. */
function checkOptions(config: CairnConfig): Issue[] {
  const issues: Issue[] = [];
  issues.push(...checkConsent(config));
  if (typeof config.endpoint === 'string' && !isHttpUrl(config.endpoint)) issues.push({ path: 'endpoint', message: 'expected an http(s) URL or a path' });
  for (const group of ['batch', 'delivery', 'session'] as const) {
    const options = config[group];
    if (typeof options !== 'object' || options === null) continue;
    for (const [key, value] of Object.entries(options)) {
      if (typeof value === 'number' && !(Number.isInteger(value) && value > 0)) {
        issues.push({ path: `${group}.${key}`, message: `expected a whole number > 0, received ${value}` });
      } else if (group === 'batch' && key === 'maxEvents' && typeof value === 'number' && value > MAX_EVENTS_PER_BATCH) {
        // The collector refuses a larger batch (400): every event of it would be dropped.
        issues.push({ path: 'batch.maxEvents', message: `at most ${MAX_EVENTS_PER_BATCH} (the wire format's batch limit), received ${value}` });
      }
    }
  }
  const funnels = typeof config.funnels === 'object' && config.funnels !== null ? config.funnels : {};
  for (const [name, steps] of Object.entries(funnels)) {
    if (!Array.isArray(steps) || !steps.length || [...steps].some((step) => typeof step !== 'string')) {
      issues.push({ path: `funnels.${name}`, message: 'expected a non-empty list of goal ids' });
    }
  }
  return issues;
}
