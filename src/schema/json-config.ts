import type { CairnConfig, GoalDefinition, MacroGoal, MicroGoal, PropTypeName } from './types';

/**
 * The shape TypeScript gives a cairn config imported from a JSON file (`resolveJsonModule`), where
 * every string is widened to `string`. Only the outline is typed; `createTracker` checks the rest.
 */
export interface JsonConfig {
  /** URL of the collector. */
  endpoint: string;
  /** Goals by id: each has a kind, and props written as type names or lists of allowed strings. */
  goals: { readonly [id: string]: { kind: string; props?: { readonly [name: string]: string | readonly string[] } } };
}

/**
 * The config type of a JSON file: its goal ids and prop names as written, so that `track()` rejects
 * an unknown goal or prop; every prop optional and typed `string | number | boolean`, since which
 * type name each prop holds is known at run time only.
 */
export type ConfigFromJson<J extends JsonConfig> = Omit<CairnConfig, 'goals'> & {
  goals: {
    readonly [K in keyof J['goals']]: J['goals'][K] extends { props: infer P }
      ? (Omit<MicroGoal, 'props'> | Omit<MacroGoal, 'props'>) & { props: { readonly [N in keyof P]: PropTypeName | readonly [string, ...string[]] } }
      : GoalDefinition;
  };
};
