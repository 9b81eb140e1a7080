import type { StandardSchemaV1 } from './standard-schema';
import type { CairnConfig, PropsSpec } from './types';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type PropValue<S> = S extends 'string' | 'string?'
  ? string
  : S extends 'number' | 'number?' | 'integer' | 'integer?'
    ? number
    : S extends 'boolean' | 'boolean?'
      ? boolean
      : S extends readonly (infer E)[]
        ? E
        : S extends StandardSchemaV1
          ? StandardSchemaV1.InferInput<S>
          : never;

type IsOptional<S> = S extends `${string}?`
  ? true
  : S extends StandardSchemaV1
    ? undefined extends StandardSchemaV1.InferInput<S>
      ? true
      : false
    : false;

// Required only when surely required: a spec known only as a union of type names (a JSON import's,
// see ConfigFromJson) may be optional, so it is optional.
type PropsFromMap<P extends PropsSpec> = Simplify<
  { -readonly [K in keyof P as IsOptional<P[K]> extends false ? K : never]: PropValue<P[K]> } & {
    -readonly [K in keyof P as IsOptional<P[K]> extends false ? never : K]?: PropValue<P[K]>;
  }
>;

/** The props object `track()` accepts for a goal definition. */
export type GoalProps<G> = G extends { props: infer P }
  ? P extends StandardSchemaV1
    ? StandardSchemaV1.InferInput<P>
    : P extends PropsSpec
      ? PropsFromMap<P>
      : Record<string, never>
  : Record<string, never>;

/** The ids of the goals declared in a config. */
export type GoalId<C extends CairnConfig> = Extract<keyof C['goals'], string>;

/** Arguments after the goal id: props are optional when the goal requires none. */
export type TrackArgs<G> = {} extends GoalProps<G> ? [props?: GoalProps<G>] : [props: GoalProps<G>];

/** The names of the funnels declared in a config (any string for a config typed only as `CairnConfig`). */
export type FunnelId<C extends CairnConfig> = C extends { funnels: infer F } ? (string extends keyof F ? string : Extract<keyof F, string>) : string;
