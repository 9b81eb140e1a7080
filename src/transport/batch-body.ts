import type { QueuedEvent } from '../queue/queued-events';
import { WIRE_VERSION } from './wire';

/**
 * Builds a request body: the context shared by the batch is sent once, and each event carries only
 * the context keys whose values differ from it. Event strings were serialised once when queued;
 * only events whose context differs from the shared one are serialised again here.
 */
export function buildBatchBody(batch: QueuedEvent[], dropped: number, now: number): string {
  const shared = sharedContext(batch);
  const sharedJson = Object.fromEntries(Object.entries(shared).map(([k, v]) => [k, JSON.stringify(v)]));
  // An event whose whole context is the shared one is its stored string minus that context: no
  // second serialisation (the common case: one page, one session).
  const tail = `,"context":${JSON.stringify(shared)}}`;
  const events = batch.map(({ event, json }) => {
    if (json && json.endsWith(tail)) return `${json.slice(0, -tail.length)}}`;
    const { context, ...rest } = event;
    const own: Record<string, unknown> = {};
    let differs = false;
    for (const key in context) {
      if (sharedJson[key] !== undefined && (context[key] === shared[key] || JSON.stringify(context[key]) === sharedJson[key])) continue;
      own[key] = context[key];
      differs = true;
    }
    return JSON.stringify(differs ? { ...rest, context: own } : rest);
  });
  return `{"v":${WIRE_VERSION},"sentAt":${now}${dropped ? `,"dropped":${dropped}` : ''},"context":${JSON.stringify(shared)},"events":[${events.join(',')}]}`;
}

/** Context keys whose value is the same in every event of the batch (compared by identity, then JSON). */
function sharedContext(batch: QueuedEvent[]): Record<string, unknown> {
  const first: Record<string, unknown> = batch[0]?.event.context ?? {};
  const shared: Record<string, unknown> = {};
  for (const key in first) {
    const value = first[key];
    const json = JSON.stringify(value);
    if (batch.every(({ event }) => event.context[key] === value || JSON.stringify(event.context[key]) === json)) shared[key] = value;
  }
  return shared;
}
