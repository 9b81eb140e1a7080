import { z } from 'zod';
import { MAX_EVENTS_PER_BATCH, WIRE_VERSION } from '../transport/wire';

function buildBatchSchema() {
  // Context objects are loose: keys unknown to v1 pass through, so later versions can add providers.
  const contextSchema = z.looseObject({
    anonymousId: z.string().optional(),
    sessionId: z.string().optional(),
    userId: z.string().optional(),
    page: z
      .looseObject({
        url: z.string().optional(),
        path: z.string().optional(),
        title: z.string().optional(),
        referrer: z.string().optional(),
      })
      .optional(),
    library: z.looseObject({ name: z.string().optional(), version: z.string().optional() }).optional(),
    consent: z.looseObject({ analytics: z.enum(['pending', 'granted', 'denied']).optional(), marketing: z.enum(['pending', 'granted', 'denied']).optional() }).optional(),
    gpc: z.boolean().optional(),
    ...contextModuleKeys(),
    health: healthSchema().optional(),
  });
  const epochMs = z.number().nonnegative();
  const eventSchema = z.object({
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8 to 64 characters of A-Z a-z 0-9 _ -'),
    goal: z.string().min(1).max(64),
    kind: z.enum(['micro', 'macro']),
    role: z.enum(['milestone', 'secondary']).optional(),
    stage: z.string().optional(),
    value: z.number().optional(),
    // Letters of either case: the collector is lenient and stores what it was sent.
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'expected a 3-letter currency code').optional(),
    ts: epochMs,
    seq: z.int().min(1),
    props: z.record(z.string(), z.json()),
    trigger: z.string().optional(),
    purpose: z.string().optional(),
    context: contextSchema.optional(),
  });
  return z.object({
    v: z.literal(WIRE_VERSION),
    sentAt: epochMs,
    dropped: z.int().min(0).optional(),
    context: contextSchema,
    events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
  });
}

/** The keys the context module adds (docs/context.md), each optional. */
function contextModuleKeys() {
  const touch = z.looseObject({ channel: z.string(), source: z.string(), medium: z.string(), campaign: z.string().optional(), ts: z.number() });
  return {
    sessionIndex: z.int().min(1).optional(),
    sessionStart: z.number().nonnegative().optional(),
    channel: z.string().optional(),
    campaign: z.record(z.string(), z.string()).optional(),
    clickIds: z.record(z.string(), z.string()).optional(),
    landing: z.looseObject({ url: z.string().optional(), referrer: z.string().optional() }).optional(),
    firstTouch: touch.optional(),
    lastTouch: touch.optional(),
    funnels: z.array(z.looseObject({ funnel: z.string(), step: z.int(), steps: z.int(), reached: z.int() })).optional(),
    journey: z
      .looseObject({
        items: z.array(z.looseObject({ goal: z.string(), ts: z.number(), channel: z.string().optional() })),
        omitted: z.int().min(0),
        sessions: z.int().min(1),
        sinceFirstTouchMs: z.number().optional(),
        sinceSessionStartMs: z.number().optional(),
      })
      .optional(),
    experiments: z.record(z.string(), z.string()).optional(),
    traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  };
}

/** The health module's `context.health` (docs/health.md): its counts and names checked, new keys passed through. */
function healthSchema() {
  const vital = z.looseObject({ value: z.number(), rating: z.string(), final: z.boolean().optional(), target: z.string().optional() }).optional();
  const count = z.int().min(0);
  return z.looseObject({
    view: z.string(),
    navigationType: z.string(),
    lcp: vital,
    inp: vital,
    cls: vital,
    fcp: vital,
    ttfb: vital,
    errors: count,
    rejections: count,
    messages: z.array(z.string()).optional(),
    media: z.array(z.looseObject({ selector: z.string(), src: z.string(), code: z.int().optional(), stalled: z.boolean().optional() })),
    brokenMedia: count,
  });
}

/** The zod schema type of a wire batch. */
export type BatchSchema = ReturnType<typeof buildBatchSchema>;

/** The context of a batch, or the per-event overrides of one event (keys unknown to v1 pass through). */
export type WireContext = z.infer<BatchSchema>['context'];

/**
 * One event of a {@link WireBatch}, as docs/wire-format.md describes it. Written out for its
 * documentation; a type test holds it equal to what the schema infers.
 */
export interface WireEvent {
  /** Unique event id, the same across retries: dedupe by it. */
  id: string;
  /** Goal id. */
  goal: string;
  /** The goal's kind. */
  kind: 'micro' | 'macro';
  /** A micro goal's role. */
  role?: 'milestone' | 'secondary' | undefined;
  /** The goal's funnel stage. */
  stage?: string | undefined;
  /** The conversion value. */
  value?: number | undefined;
  /** ISO 4217 code of the value. */
  currency?: string | undefined;
  /** When the event was tracked, ms since the epoch (the browser's clock). */
  ts: number;
  /** Position of the event within its session, from 1. */
  seq: number;
  /** The validated props. */
  props: Record<string, z.core.util.JSONType>;
  /** Which trigger fired the event; absent for `track()` calls. */
  trigger?: string | undefined;
  /** The consent purpose of its goal when it is not `analytics` (`marketing`). */
  purpose?: string | undefined;
  /** Context keys whose values differ from the batch's. */
  context?: WireContext | undefined;
}

/** A batch as the browser sends it (wire format v1), after validation. */
export interface WireBatch {
  /** Wire format version. */
  v: typeof WIRE_VERSION;
  /** When the batch left the browser, ms since the epoch. */
  sentAt: number;
  /** Events the browser dropped (full store) and reports with this batch. */
  dropped?: number | undefined;
  /** Context shared by every event of the batch. */
  context: WireContext;
  /** The events, at most {@link MAX_EVENTS_PER_BATCH}. */
  events: WireEvent[];
}

let cached: BatchSchema | undefined;

/**
 * The classic-zod schema of a wire batch (v1), built on first call and then reused.
 * Nothing is built at import, so importing `cairn/server` costs nothing and never touches zod's config.
 * @example
 * const result = getBatchSchema().safeParse(JSON.parse(body))
 * if (result.success) console.log(result.data.events.length)
 */
export function getBatchSchema(): BatchSchema {
  cached ??= buildBatchSchema();
  return cached;
}
