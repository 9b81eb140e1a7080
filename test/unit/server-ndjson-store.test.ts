import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/server/collector';
import { createNdjsonStore, type StoredRecord } from '../../src/server/ndjson-store';
import { makeBatch, makeEvent, post, serve } from './server-helpers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(id: string): StoredRecord {
  return { ...makeEvent({ id }), context: {}, receivedAt: 1764000002000 };
}

async function lines(): Promise<string[]> {
  const text = await readFile(join(dir, 'events.ndjson'), 'utf8');
  return text.split('\n');
}

describe('ndjson store', () => {
  it('has one JSON line per record in the log as soon as append resolves', async () => {
    const store = createNdjsonStore({ dir: join(dir, 'nested', 'events') });
    await store.load();
    await store.append([record('aaaaaaaa'), record('bbbbbbbb')]);
    const text = await readFile(store.file, 'utf8');
    expect(text.split('\n').map((line) => (line ? (JSON.parse(line) as StoredRecord).id : line))).toEqual([
      'aaaaaaaa',
      'bbbbbbbb',
      '',
    ]);
    expect(store.hasSeen('aaaaaaaa')).toBe(true);
    expect(store.hasSeen('cccccccc')).toBe(false);
    await store.close();
  });

  it('writes concurrent appends one after the other, whole lines in order', async () => {
    const store = createNdjsonStore({ dir });
    await store.load();
    const ids = Array.from({ length: 50 }, (_, i) => `id_${String(i).padStart(5, '0')}`);
    await Promise.all(ids.map((id) => store.append([record(id)])));
    await store.close();
    const written = (await lines()).filter(Boolean).map((line) => (JSON.parse(line) as StoredRecord).id);
    expect(written).toEqual(ids);
  });

  it('rebuilds the seen ids from the log after a restart', async () => {
    const first = createNdjsonStore({ dir });
    await first.load();
    await first.append([record('aaaaaaaa')]);
    await first.close();
    const second = createNdjsonStore({ dir });
    await second.load();
    expect(second.hasSeen('aaaaaaaa')).toBe(true);
    await second.close();
  });

  it('skips a torn last line and starts the next write on a fresh line', async () => {
    const whole = JSON.stringify(record('aaaaaaaa'));
    await writeFile(join(dir, 'events.ndjson'), `${whole}\n{"id":"bbbbbbbb","goal":"pur`);
    const store = createNdjsonStore({ dir });
    await store.load();
    expect(store.hasSeen('aaaaaaaa')).toBe(true);
    expect(store.hasSeen('bbbbbbbb')).toBe(false);
    await store.append([record('bbbbbbbb')]);
    await store.close();
    const log = await lines();
    expect(log[1]).toBe('{"id":"bbbbbbbb","goal":"pur');
    expect((JSON.parse(log[2] ?? '') as StoredRecord).id).toBe('bbbbbbbb');
  });

  it('finishes the writes queued before close, and refuses later ones', async () => {
    const store = createNdjsonStore({ dir });
    await store.load();
    const queued = store.append([record('aaaaaaaa')]);
    const closing = store.close();
    await expect(store.append([record('bbbbbbbb')])).rejects.toThrow('store is closed');
    await Promise.all([queued, closing]);
    expect((await lines()).filter(Boolean)).toHaveLength(1);
  });

  it('rejects load when the log cannot be opened', async () => {
    await writeFile(join(dir, 'not-a-dir'), '');
    const store = createNdjsonStore({ dir: join(dir, 'not-a-dir') });
    await expect(store.load()).rejects.toThrow();
  });
});

describe('collector with the ndjson store', () => {
  it('dedupes across a restart: a batch resent to a new collector is not stored again', async () => {
    const batch = makeBatch([makeEvent(), makeEvent()]);
    const first = await serve(createCollector({ out: dir }));
    expect(await (await post(`${first.url}/collect`, batch)).json()).toEqual({ accepted: 2, duplicates: 0 });
    await first.close();
    const second = await serve(createCollector({ out: dir }));
    expect(await (await post(`${second.url}/collect`, batch)).json()).toEqual({ accepted: 0, duplicates: 2 });
    await second.close();
    expect((await lines()).filter(Boolean)).toHaveLength(2);
  });

  it('stores the documented record shape', async () => {
    const server = await serve(createCollector({ out: dir }));
    const event = makeEvent({ goal: 'purchase', kind: 'macro', role: undefined, value: 59.9, currency: 'EUR' });
    await post(`${server.url}/collect`, makeBatch([event], { dropped: 2 }));
    await server.close();
    const [line] = await lines();
    const stored = JSON.parse(line ?? '') as StoredRecord;
    expect(stored).toEqual({
      ...event,
      context: { anonymousId: 'anon-1', sessionId: 'sess-1', page: { url: 'https://shop.test/p', path: '/p' } },
      receivedAt: expect.any(Number),
      clientDropped: 2,
    });
  });
});
