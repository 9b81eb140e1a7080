import type { TrackedEvent } from '../schema/types';

/**
 * One page's queue as it is stored under `cairn:q:<endpoint>:<tab>`:
 * `{"t":1733000000000,"c":1,"d":2,"e":[…events…]}`.
 */
export interface QueueRecord {
  /** Last write (the page's heartbeat), ms since the epoch. */
  t: number;
  /** 1 once the page was hidden for unload: its events may be taken over at once. */
  c?: 1;
  /** Events dropped and not yet reported in a batch. */
  d?: number;
  /** The events the page holds: waiting, in a request, or left by beacon without an answer. */
  e: TrackedEvent[];
}

/** The stored text of a record, from events serialised once when first stored. */
export function recordText(t: number, closed: boolean, dropped: number, eventsJson: readonly string[]): string {
  return `{"t":${t}${closed ? ',"c":1' : ''}${dropped ? `,"d":${dropped}` : ''},"e":[${eventsJson.join(',')}]}`;
}

/**
 * Reads a stored record, keeping only what can be sent: another version, another script or a
 * browser extension may have written anything there. Never throws.
 */
export function readRecord(raw: string | null): QueueRecord | undefined {
  if (!raw) return undefined;
  try {
    const record = JSON.parse(raw) as QueueRecord;
    if (typeof record !== 'object' || record === null || typeof record.t !== 'number' || !Array.isArray(record.e)) return undefined;
    const read: QueueRecord = { t: record.t, e: record.e.filter(isStoredEvent) };
    if (record.c === 1) read.c = 1;
    if (typeof record.d === 'number' && record.d > 0) read.d = record.d;
    return read;
  } catch {
    return undefined;
  }
}

function isStoredEvent(event: unknown): event is TrackedEvent {
  const e = event as Partial<TrackedEvent> | null;
  return typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.ts === 'number' && typeof e.context === 'object' && e.context !== null;
}
