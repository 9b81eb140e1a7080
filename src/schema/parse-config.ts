import type { Issue } from '../lib/errors';
import { join } from '../lib/sanitize';
import { fromZodIssues, getConfigSchemas, GOAL_ID } from './config-schema';
import { compileProps, isStandardSchema, type PropsValidator } from './props';
import type { CairnConfig, GoalDefinition, PropsSpec, TriggerConfig } from './types';

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
  funnels: Record<string, readonly string[]>;
  batch: { maxEvents: number; maxBytes: number; intervalMs: number };
  delivery: { storage: 'local' | 'memory'; maxStoredEvents: number; maxRetryDelayMs: number };
  debug: boolean;
  onError: CairnConfig['onError'];
  beforeSend: CairnConfig['beforeSend'];
}

/** Every default, in one place. */
export const DEFAULTS = {
  batch: { maxEvents: 100, maxBytes: 60_000, intervalMs: 2_000 },
  delivery: { storage: 'local', maxStoredEvents: 2_000, maxRetryDelayMs: 60_000 },
} as const;

/** Checks a trigger beyond its shape (selector syntax, regex); set by the trigger module. */
export type TriggerCheck = (trigger: TriggerConfig) => string | undefined;

/**
 * Validates a config and compiles its goals. Returns every problem with its path. A goal with a
 * problem is left out of the result, so the script tag can run the valid goals (DESIGN §7);
 * `createTracker` from npm throws when any issue is found.
 */
export function parseConfig(raw: unknown, checkTrigger?: TriggerCheck): { config?: ResolvedConfig; issues: Issue[] } {
  const { options, goal: goalSchema } = getConfigSchemas();
  // reportInput: the messages say what was received (`expected string, received number`).
  const parsed = options.safeParse(raw, { reportInput: true });
  const issues = parsed.success ? [] : fromZodIssues(parsed.error.issues);
  if (!parsed.success) {
    // Without an object, an endpoint or a goals map nothing can run; goal issues are reported too.
    if (typeof raw !== 'object' || raw === null || issues.some((i) => i.path === 'endpoint' || i.path === 'goals')) {
      return { issues: [...issues, ...parseGoals((raw as Partial<CairnConfig> | null)?.goals, goalSchema, checkTrigger).issues] };
    }
  }
  // An option with a problem (or an unknown key) is left out, so its default applies and the valid goals still run.
  const badKeys = new Set(issues.map((issue) => issue.path.split('.')[0]));
  const input = (parsed.success ? parsed.data : Object.fromEntries(Object.entries(raw as object).filter(([key]) => !badKeys.has(key)))) as unknown as CairnConfig;
  const { goals, issues: goalIssues } = parseGoals(input.goals, goalSchema, checkTrigger);
  issues.push(...goalIssues);
  const funnels: Record<string, readonly string[]> = {};
  for (const [name, steps] of Object.entries(input.funnels ?? {})) {
    const bad = steps.findIndex((step) => !Object.prototype.hasOwnProperty.call(input.goals, step));
    if (bad >= 0) issues.push({ path: `funnels.${name}.${bad}`, message: `unknown goal "${steps[bad]}"` });
    else if (input.goals[steps[steps.length - 1]!]?.kind !== 'macro') {
      issues.push({ path: `funnels.${name}`, message: 'must end with a macro goal' });
    } else funnels[name] = steps;
  }
  return {
    issues,
    config: {
      endpoint: input.endpoint,
      goals,
      funnels,
      batch: { ...DEFAULTS.batch, ...input.batch },
      delivery: { ...DEFAULTS.delivery, ...input.delivery },
      debug: input.debug ?? false,
      onError: input.onError,
      beforeSend: input.beforeSend,
    },
  };
}

function parseGoals(
  raw: unknown,
  goalSchema: ReturnType<typeof getConfigSchemas>['goal'],
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
    const parsed = goalSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      issues.push(...fromZodIssues(parsed.error.issues, ['goals', id]));
      continue;
    }
    const definition = value as GoalDefinition;
    const props = definition.props;
    const propNames = props && !isStandardSchema(props) ? Object.keys(props as PropsSpec) : [];
    // A whole-object schema cannot be looked into; a prop map (or no props at all) must declare the prop.
    if (typeof definition.value === 'string' && !isStandardSchema(props)) {
      const spec = props && Object.prototype.hasOwnProperty.call(props, definition.value) ? (props as PropsSpec)[definition.value] : undefined;
      if ((typeof spec !== 'string' || !/^(number|integer)\??$/.test(spec)) && !isStandardSchema(spec)) {
        issues.push({ path: `${path}.value`, message: `"${definition.value}" is not a numeric prop of this goal` });
      }
    }
    definition.triggers?.forEach((trigger, i) => {
      const problem = checkTrigger?.(trigger);
      if (problem) issues.push({ path: join(`${path}.triggers`, i), message: problem });
    });
    if (issues.length > before) continue;
    goals.set(id, { id, definition, validate: compileProps(props), propNames });
  }
  return { goals, issues };
}
