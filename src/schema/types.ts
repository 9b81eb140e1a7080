import type { CairnError } from '../lib/errors';
import type { StandardSchemaV1 } from './standard-schema';

/**
 * A prop type written as a string, so that the same config works as JSON.
 * A trailing `?` makes the prop optional.
 */
export type PropTypeName =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'string?'
  | 'number?'
  | 'integer?'
  | 'boolean?';

/**
 * How one prop is checked: a type name (`"number"`, `"string?"`), a list of allowed strings
 * (`["S", "M", "L"]`), or any Standard Schema validator such as a zod schema.
 */
export type PropSpec = PropTypeName | readonly [string, ...string[]] | StandardSchemaV1;

/** The props a goal accepts, by name. Props not listed here are rejected. */
export type PropsSpec = { readonly [name: string]: PropSpec };

/**
 * Where a declarative trigger reads a prop from the element it matched:
 * `attr:<name>` (an attribute), `field:<name>` (a named form field; other fields are never read),
 * or `text` (the element's trimmed text, at most 256 characters).
 */
export type PropSource = `attr:${string}` | `field:${string}` | 'text';

/** Fires the goal on a click on (or inside) an element matching `selector`. */
export interface ClickTrigger {
  on: 'click';
  /** CSS selector; the closest matching ancestor of the click target counts. */
  selector: string;
  /** Props read from the matched element. */
  props?: { readonly [prop: string]: PropSource };
}

/** Fires the goal when a form matching `selector` is submitted. */
export interface SubmitTrigger {
  on: 'submit';
  /** CSS selector of the form. */
  selector: string;
  /** Props read from the form; input values are read only when named with `field:<name>`. */
  props?: { readonly [prop: string]: PropSource };
}

/**
 * Fires the goal on a page load or SPA navigation whose path matches. A hash that starts with `#/` or
 * `#!/` is a route: each new route is a new page, an in-page anchor (`#reviews`) never is.
 */
export interface PageviewTrigger {
  on: 'pageview';
  /**
   * A path (`/checkout/thank-you`), a glob (`/product/*`) or a regular expression source, matched
   * against `location.pathname`; on a hash route, against the path with the route
   * (`/#/checkout/done`, without the route's query) or the route alone (`/checkout/done`).
   */
  path: string;
  /**
   * How `path` is read.
   * @default 'glob' when `path` contains `*`, else 'exact'
   */
  match?: 'exact' | 'glob' | 'regex';
}

/** Fires the goal when a `<video>` or `<audio>` reaches given percentages of its duration. */
export interface MediaTrigger {
  on: 'media';
  /**
   * CSS selector of the media elements.
   * @default 'video, audio'
   */
  selector?: string;
  /** Milestones in percent, each fired once per element per page, e.g. `[25, 50, 75, 100]`. */
  percent: readonly number[];
}

/** Fires the goal once per page when the reader scrolls past a depth. */
export interface ScrollTrigger {
  on: 'scroll';
  /** Depth in percent of the page height, e.g. `75`. */
  percent: number;
}

/** Fires the goal when an element is in view long enough (IntersectionObserver). */
export interface VisibleTrigger {
  on: 'visible';
  /** CSS selector of the watched elements. */
  selector: string;
  /**
   * Fraction of the element that must be in view, from 0 to 1.
   * @default 0.5
   */
  threshold?: number;
  /**
   * How long it must stay in view, in milliseconds.
   * @default 1000
   */
  durationMs?: number;
}

/** Fires the goal once per page after a number of engaged seconds (time with the page visible). */
export interface TimeTrigger {
  on: 'time';
  /** Engaged seconds before the goal fires. */
  seconds: number;
}

/** Fires the goal on a click on a link to a file. */
export interface DownloadTrigger {
  on: 'download';
  /**
   * File extensions that count, without the dot.
   * @default ['pdf','zip','doc','docx','xls','xlsx','ppt','pptx','csv','txt','rtf','dmg','exe','msi','apk','mp3','mp4','mov','avi','7z','rar','gz','tar']
   */
  extensions?: readonly string[];
}

/** Fires the goal on a click on a link to another host. */
export interface OutboundTrigger {
  on: 'outbound';
}

/** A declarative rule that fires a goal without code. */
export type TriggerConfig =
  | ClickTrigger
  | SubmitTrigger
  | PageviewTrigger
  | MediaTrigger
  | ScrollTrigger
  | VisibleTrigger
  | TimeTrigger
  | DownloadTrigger
  | OutboundTrigger;

/** Fields shared by micro and macro goals. */
export interface GoalBase {
  /** What the goal means, for people reading the config. */
  description?: string;
  /** Name of the funnel stage this goal belongs to, e.g. `consideration`. */
  stage?: string;
  /** Conversion value: a fixed number, or the name of a numeric prop that holds it. */
  value?: number | string;
  /** ISO 4217 currency code of the value, e.g. `EUR`. */
  currency?: string;
  /** The props the goal accepts. A prop map or one Standard Schema object validator. */
  props?: PropsSpec | StandardSchemaV1;
  /**
   * Count the goal at most once per page load, session or user (this browser).
   * Omit it to count every hit.
   */
  once?: 'page' | 'session' | 'user';
  /** Declarative rules that fire this goal without code. */
  triggers?: readonly TriggerConfig[];
}

/** A small step that signals intent: a milestone on the path, or a secondary signal of interest. */
export interface MicroGoal extends GoalBase {
  kind: 'micro';
  /** `milestone`: a step toward a macro goal; `secondary`: interest without being on the path. */
  role: 'milestone' | 'secondary';
}

/** The action the site exists for: a purchase, a booked demo, a paid sign-up. */
export interface MacroGoal extends GoalBase {
  kind: 'macro';
  role?: never;
}

/** One goal of the config: micro or macro. */
export type GoalDefinition = MicroGoal | MacroGoal;

/** When queued events are sent. */
export interface BatchOptions {
  /**
   * Send when this many events are waiting.
   * @default 100
   */
  maxEvents?: number;
  /**
   * Send before a batch body would pass this many bytes (kept under the 64 KB beacon limit).
   * @default 60000
   */
  maxBytes?: number;
  /**
   * Send what is waiting after this many milliseconds.
   * @default 2000
   */
  intervalMs?: number;
}

/** How events are kept until the collector accepts them. */
export interface DeliveryOptions {
  /**
   * Where waiting events are kept: `local` (localStorage, survives reloads) or `memory`.
   * @default 'local'
   */
  storage?: 'local' | 'memory';
  /**
   * Most events kept at once; past it the oldest micro events are dropped first, never a macro one.
   * @default 2000
   */
  maxStoredEvents?: number;
  /**
   * Longest wait between two retries, in milliseconds.
   * @default 60000
   */
  maxRetryDelayMs?: number;
}

/** A sent event as the `beforeSend` hook sees it. */
export interface TrackedEvent {
  /** Unique id (nanoid), the same across retries; collectors dedupe by it. */
  id: string;
  /** Goal id. */
  goal: string;
  kind: 'micro' | 'macro';
  role?: 'milestone' | 'secondary';
  stage?: string;
  value?: number;
  currency?: string;
  /** Milliseconds since the epoch when the event was tracked. */
  ts: number;
  /** Position of the event within its session, from 1. */
  seq: number;
  /** Validated props. */
  props: Record<string, unknown>;
  /** Which trigger fired the event (`click`, `media`, `html`...), absent for `track()` calls. */
  trigger?: string;
  /** Context captured when the event was tracked (page, ids...). */
  context: Record<string, unknown>;
}

/** The whole cairn config: where to send, which goals exist, and options. */
export interface CairnConfig {
  /** URL of the collector that receives batches, e.g. `https://collect.example.com/cairn`. */
  endpoint: string;
  /** Micro and macro goals, by id. */
  goals: { readonly [id: string]: GoalDefinition };
  /** Ordered lists of goal ids, each ending in a macro goal. */
  funnels?: { readonly [name: string]: readonly string[] };
  /** When queued events are sent. */
  batch?: BatchOptions;
  /** How events are kept until accepted. */
  delivery?: DeliveryOptions;
  /**
   * Log every decision (matched, rejected, queued, sent, retried, dropped) to the console.
   * @default false
   */
  debug?: boolean;
  /** Called with every error (rejected event, refused batch, dropped events). Never throws into the page. */
  onError?: (error: CairnError) => void;
  /** Last look at an event before it is queued: return it (changed or not), or `null` to drop it. */
  beforeSend?: (event: TrackedEvent) => TrackedEvent | null | undefined;
}

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
