import type { CairnError } from '../lib/errors';
import type { StandardSchemaV1 } from './standard-schema';
import type { TriggerConfig } from './trigger-types';
import type { AbandonmentOptions, AttributionOptions, SessionOptions } from './context-types';
import type { HealthOptions } from './health-types';
import type { TrackedEvent } from './event-types';
import type { ConsentOptions, ConsentPurpose, PrivacyOptions } from './privacy-types';

export type { EventContext, PageContext, TrackedEvent } from './event-types';


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
  /**
   * The consent purpose its events need (`consent` in the config).
   * @default 'analytics'
   */
  purpose?: ConsentPurpose;
  /** Props whose values are kept on purpose, never redacted (an e-mail address the visitor gave for a newsletter). */
  unredacted?: readonly string[];
}

/** A small step that signals intent: a milestone on the path, or a secondary signal of interest. */
export interface MicroGoal extends GoalBase {
  /** A micro conversion. */
  kind: 'micro';
  /** `milestone`: a step toward a macro goal; `secondary`: interest without being on the path. */
  role: 'milestone' | 'secondary';
}

/** The action the site exists for: a purchase, a booked demo, a paid sign-up. */
export interface MacroGoal extends GoalBase {
  /** A macro conversion. */
  kind: 'macro';
  /** Macro goals have no role. */
  role?: never;
}

/** One goal of the config: micro or macro. */
export type GoalDefinition = MicroGoal | MacroGoal;

/** When queued events are sent. */
export interface BatchOptions {
  /**
   * Send when this many events are waiting; at most 1,000 (the wire format's batch limit).
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

/** The whole cairn config: where to send, which goals exist, and options. */
export interface CairnConfig {
  /** URL of the collector that receives batches, e.g. `https://collect.example.com/cairn`. */
  endpoint: string;
  /** Micro and macro goals, by id. */
  goals: { readonly [id: string]: GoalDefinition };
  /**
   * Ordered lists of goal ids, each ending in a macro goal. With the context module, events of a
   * step carry the visitor's progress, and unfinished funnels yield an abandonment event.
   */
  funnels?: { readonly [name: string]: readonly string[] };
  /** When a session ends. */
  session?: SessionOptions;
  /** Which referrers are the site itself or a payment return (context module). */
  attribution?: AttributionOptions;
  /** The event sent for a funnel left unfinished, or `false` for none (context module). */
  abandonment?: AbandonmentOptions | false;
  /** Web vitals, errors and broken media of the page view, on its conversions and in `page_health` (health module). */
  health?: HealthOptions;
  /** Whether events wait for the visitor's consent, per purpose. */
  consent?: ConsentOptions;
  /** Personal data kept out of events: redaction, query parameters, tab-only ids. */
  privacy?: PrivacyOptions;
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
