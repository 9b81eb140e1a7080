import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION, WIRE_VERSION } from '../../src/index';
import { HEARTBEAT_MS, STALE_RECORD_MS, THROTTLED_TIMER_MS } from '../../src/queue/orphans';
import { DEFAULTS, parseConfig } from '../../src/schema/parse-config';
import { getBatchSchema, MAX_EVENTS_PER_BATCH, WIRE_VERSION as SERVER_WIRE_VERSION } from '../../src/server/index';
import { makeBatch, makeEvent } from './server-helpers';

// Numbers defined in one place and used by two sides that must agree on them.
describe('numbers that must agree', () => {
  it('VERSION is the version in package.json, so batches name the release that sent them', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('the browser and the collector speak the same wire version', () => {
    expect(WIRE_VERSION).toBe(SERVER_WIRE_VERSION);
  });

  it('the collector takes a batch of batch.maxEvents at its largest, and refuses one event more', () => {
    const full = Array.from({ length: MAX_EVENTS_PER_BATCH }, () => makeEvent());
    expect(getBatchSchema().safeParse(makeBatch(full)).success).toBe(true);
    expect(getBatchSchema().safeParse(makeBatch([...full, makeEvent()])).success).toBe(false);
    expect(DEFAULTS.batch.maxEvents).toBeLessThanOrEqual(MAX_EVENTS_PER_BATCH);
  });

  it('a config may not ask for batches larger than the collector takes', () => {
    const endpoint = '/collect';
    expect(parseConfig({ endpoint, goals: {}, batch: { maxEvents: MAX_EVENTS_PER_BATCH } }).issues).toEqual([]);
    expect(parseConfig({ endpoint, goals: {}, batch: { maxEvents: MAX_EVENTS_PER_BATCH + 1 } }).issues).toEqual([
      { path: 'batch.maxEvents', message: `at most ${MAX_EVENTS_PER_BATCH} (the wire format's batch limit), received ${MAX_EVENTS_PER_BATCH + 1}` },
    ]);
  });

  it('a live page in a throttled hidden tab refreshes its record twice before another page may take it over', () => {
    expect(STALE_RECORD_MS).toBeGreaterThan(HEARTBEAT_MS + 2 * THROTTLED_TIMER_MS);
  });
});
