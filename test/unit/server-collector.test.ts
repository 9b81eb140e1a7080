import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, type CollectorOptions } from '../../src/server/collector';
import { createMemoryStore, type EventStore, type StoredRecord } from '../../src/server/ndjson-store';
import { makeBatch, makeEvent, post, serve } from './server-helpers';

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

async function start(options: CollectorOptions = {}) {
  const store = options.store ?? createMemoryStore();
  const collector = createCollector({ ...options, store });
  const server = await serve(collector);
  running.push(server.close);
  return { collector, url: `${server.url}/collect`, root: server.url, store };
}

function memory(): ReturnType<typeof createMemoryStore> {
  return createMemoryStore();
}

/** A memory store whose appends wait until the test releases them, like a slow disk. */
function slowStore() {
  const inner = memory();
  let release: () => void = () => undefined;
  let appendStarted: () => void = () => undefined;
  const started = new Promise<void>((done) => (appendStarted = done));
  const store: EventStore = {
    ...inner,
    append: (records) =>
      new Promise<void>((done) => {
        release = () => void inner.append(records).then(done);
        appendStarted();
      }),
  };
  return { store, inner, started, release: () => release() };
}

describe('collector', () => {
  it('stores each event with its effective context and the time it arrived', async () => {
    const store = memory();
    const { url } = await start({ store });
    const event = makeEvent({ context: { page: { url: 'https://shop.test/cart', path: '/cart' }, experiment: 'b' } });
    const before = Date.now();
    const response = await post(url, makeBatch([event, makeEvent()]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 });
    const [first] = store.records;
    expect(first).toMatchObject({ id: event.id, goal: 'add_to_cart', seq: event.seq });
    expect(first?.context).toEqual({
      anonymousId: 'anon-1',
      sessionId: 'sess-1',
      page: { url: 'https://shop.test/cart', path: '/cart' },
      experiment: 'b',
    });
    expect(first?.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it('answers an acknowledgement query with the ids it holds, stores nothing for it, and refuses one that is malformed', async () => {
    const store = memory();
    const { url } = await start({ store });
    const kept = makeEvent();
    await post(url, makeBatch([kept]));
    const response = await post(url, { v: 1, ack: [kept.id, 'not-stored-id-0001'] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ held: [kept.id] });
    expect(store.records).toHaveLength(1);
    expect((await post(url, { v: 1, ack: ['x'] })).status).toBe(400);
    expect((await post(url, { v: 1, ack: Array.from({ length: 1001 }, (_, i) => `id-${String(i).padStart(6, '0')}`) })).status).toBe(400);
  });

  it('honours Sec-GPC: 1, keeping no marketing event and flagging the others, and ignores any other value', async () => {
    const store = memory();
    const { url } = await start({ store });
    const ad = makeEvent({ goal: 'ad_click', purpose: 'marketing' });
    const view = makeEvent();
    const response = await post(url, makeBatch([ad, view]), { 'Sec-GPC': '1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, gpcRefused: 1 });
    expect(store.records.map((r) => [r.goal, r.context.gpc])).toEqual([['add_to_cart', true]]);
    const other = makeEvent({ goal: 'ad_click', purpose: 'marketing' });
    await post(url, makeBatch([other]), { 'Sec-GPC': 'true' });
    expect(store.records.map((r) => r.goal)).toEqual(['add_to_cart', 'ad_click']);
    expect(store.records[1]!.context).not.toHaveProperty('gpc');
  });

  it('stores each event once when the same batch is posted twice', async () => {
    const store = memory();
    const { url, collector } = await start({ store });
    const batch = makeBatch([makeEvent(), makeEvent()]);
    await post(url, batch);
    const again = await post(url, batch);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
    expect(store.records).toHaveLength(2);
    expect(collector.stats()).toEqual({ accepted: 2, duplicates: 2, rejected: 0 });
  });

  it('stores an id repeated inside one batch once', async () => {
    const store = memory();
    const { url } = await start({ store });
    const event = makeEvent();
    const response = await post(url, makeBatch([event, event]));
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(store.records).toHaveLength(1);
  });

  it('stores a batch once when two copies arrive at the same time', async () => {
    const store = memory();
    const { url } = await start({ store });
    const batch = makeBatch([makeEvent(), makeEvent()]);
    const answers = await Promise.all([post(url, batch), post(url, batch)]);
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(bodies).toContainEqual({ accepted: 2, duplicates: 0 });
    expect(bodies).toContainEqual({ accepted: 0, duplicates: 2 });
    expect(store.records).toHaveLength(2);
  });

  it('records the count of client-dropped events once, on the first event of the batch', async () => {
    const store = memory();
    const { url } = await start({ store });
    await post(url, makeBatch([makeEvent(), makeEvent()], { dropped: 3 }));
    await post(url, makeBatch([makeEvent()], { dropped: 0 }));
    expect(store.records.map((record) => record.clientDropped)).toEqual([3, undefined, undefined]);
  });

  it.each([
    ['text/plain;charset=UTF-8', { 'Content-Type': 'text/plain;charset=UTF-8' }],
    ['application/json', { 'Content-Type': 'application/json' }],
    ['an unrelated type', { 'Content-Type': 'application/x-www-form-urlencoded' }],
  ])('accepts a JSON body sent as %s', async (_label, headers) => {
    const store = memory();
    const { url } = await start({ store });
    const response = await post(url, makeBatch([makeEvent()]), headers);
    expect(response.status).toBe(200);
    expect(store.records).toHaveLength(1);
  });

  it('accepts a JSON body sent without a content type', async () => {
    const store = memory();
    const { url } = await start({ store });
    const body = new TextEncoder().encode(JSON.stringify(makeBatch([makeEvent()])));
    const response = await fetch(url, { method: 'POST', body });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.status).toBe(200);
    expect(store.records).toHaveLength(1);
  });

  it('accepts batches posted to / as well as to /collect', async () => {
    const store = memory();
    const { root } = await start({ store });
    expect((await post(`${root}/`, makeBatch([makeEvent()]))).status).toBe(200);
    expect((await post(`${root}/collect?x=1`, makeBatch([makeEvent()]))).status).toBe(200);
    expect((await post(`${root}/elsewhere`, makeBatch([makeEvent()]))).status).toBe(404);
    expect(store.records).toHaveLength(2);
  });

  it('answers a preflight without storing anything', async () => {
    const store = memory();
    const { url } = await start({ store });
    const response = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.test', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(response.headers.get('access-control-max-age')).toBe('86400');
    expect(await response.text()).toBe('');
    expect(store.records).toHaveLength(0);
  });

  it('lets a cross-origin page read Retry-After from its answers', async () => {
    const { url } = await start();
    const response = await post(url, makeBatch([makeEvent()]), { Origin: 'https://shop.test' });
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it('echoes a listed origin with Vary: Origin and refuses a post from an unlisted one', async () => {
    const store = memory();
    const { url } = await start({ store, allowedOrigins: ['https://shop.test'] });
    const listed = await post(url, makeBatch([makeEvent()]), { Origin: 'https://shop.test' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://shop.test');
    expect(listed.headers.get('vary')).toBe('Origin');
    const unlisted = await post(url, makeBatch([makeEvent()]), { Origin: 'https://evil.test' });
    expect(unlisted.status).toBe(403);
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
    expect(store.records).toHaveLength(1);
  });

  it('answers 405 with an Allow header to anything but POST and OPTIONS', async () => {
    const { url } = await start();
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('rejects malformed JSON with a 400 that says so', async () => {
    const { url, collector } = await start();
    const response = await post(url, '{"v":1,');
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/^malformed JSON: /);
    expect(collector.stats().rejected).toBe(1);
  });

  it('rejects a wrong wire version with a 400 that names it', async () => {
    const { url } = await start();
    const response = await post(url, { ...makeBatch([makeEvent()]), v: 2 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unsupported wire version 2; this collector speaks 1' });
  });

  it('rejects a batch with one invalid event whole, naming the path of each problem', async () => {
    const store = memory();
    const { url } = await start({ store });
    const events = [makeEvent(), makeEvent(), makeEvent(), { ...makeEvent(), kind: 'huge' }];
    const response = await post(url, makeBatch(events as never));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: Array<{ path: string; message: string }> };
    expect(body.error).toBe('invalid batch');
    expect(body.issues.map((issue) => issue.path)).toEqual(['events.3.kind']);
    expect(body.issues[0]?.message).toMatch(/micro/);
    expect(store.records).toHaveLength(0);
  });

  it.each([
    ['an empty events list', makeBatch([])],
    ['more than 1000 events', makeBatch(Array.from({ length: 1001 }, () => makeEvent()))],
    ['a short id', makeBatch([makeEvent({ id: 'abc' })])],
    ['an id with a space', makeBatch([makeEvent({ id: 'abc defgh' })])],
    ['a seq of 0', makeBatch([makeEvent({ seq: 0 })])],
    ['a negative dropped count', makeBatch([makeEvent()], { dropped: -1 })],
    ['a batch without version', { ...makeBatch([makeEvent()]), v: undefined }],
  ])('rejects %s with a 400', async (_label, batch) => {
    const store = memory();
    const { url } = await start({ store });
    const response = await post(url, batch);
    expect(response.status).toBe(400);
    expect(store.records).toHaveLength(0);
  });

  it('answers 413 past the body limit and keeps serving', async () => {
    const store = memory();
    const { url } = await start({ store, maxBodyBytes: 2000 });
    const big = makeBatch(Array.from({ length: 40 }, () => makeEvent()));
    const refused = await post(url, big);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: string }).error).toMatch(/2000 bytes/);
    // A streamed body has no Content-Length: the limit is enforced while reading.
    const stream = new Blob([JSON.stringify(big)]).stream();
    const streamed = await fetch(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(url, makeBatch([makeEvent()]))).status).toBe(200);
    expect(store.records).toHaveLength(1);
  });

  it('refuses a body past 1 MiB by default', async () => {
    const { url } = await start();
    const padding = 'x'.repeat(1024 * 1024);
    const response = await post(url, makeBatch([makeEvent({ props: { padding } })]));
    expect(response.status).toBe(413);
    const streamed = await fetch(url, {
      method: 'POST',
      body: new Blob([JSON.stringify(makeBatch([makeEvent({ props: { padding: padding.repeat(8) } })]))]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(url, makeBatch([makeEvent()]))).status).toBe(200);
  });

  it('does not answer 200 before the store has flushed the write', async () => {
    const slow = slowStore();
    const { url } = await start({ store: slow.store });
    let answered = false;
    const pending = post(url, makeBatch([makeEvent()])).then((response) => {
      answered = true;
      return response;
    });
    await slow.started;
    await new Promise((done) => setTimeout(done, 50));
    expect(answered).toBe(false);
    slow.release();
    expect((await pending).status).toBe(200);
    expect(slow.inner.records).toHaveLength(1);
  });

  it('waits for a batch being written before it closes the store', async () => {
    const slow = slowStore();
    const steps: string[] = [];
    const store: EventStore = { ...slow.store, close: async () => void steps.push('store closed') };
    const { url, collector } = await start({ store });
    const pending = post(url, makeBatch([makeEvent()]));
    await slow.started;
    const closing = collector.close().then(() => steps.push('collector closed'));
    await new Promise((done) => setTimeout(done, 20));
    expect(steps).toEqual([]);
    slow.release();
    expect((await pending).status).toBe(200);
    await closing;
    expect(steps).toEqual(['store closed', 'collector closed']);
    expect(slow.inner.records).toHaveLength(1);
  });

  it('answers 503 when the store cannot write, and stores the retry once it can', async () => {
    const memoryStore = memory();
    let failing = true;
    const store: EventStore = {
      ...memoryStore,
      append: async (records) => {
        if (failing) throw new Error('disk full');
        await memoryStore.append(records);
      },
    };
    const { url, collector } = await start({ store });
    const batch = makeBatch([makeEvent()]);
    const failed = await post(url, batch);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(await failed.json()).toEqual({ error: 'store write failed: disk full' });
    failing = false;
    expect(await (await post(url, batch)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(collector.stats()).toEqual({ accepted: 1, duplicates: 0, rejected: 0 });
  });

  it('answers 503 to every post when the store failed to load', async () => {
    const store: EventStore = { ...memory(), load: async () => Promise.reject(new Error('log unreadable')) };
    const { url, collector } = await start({ store });
    await expect(collector.ready).rejects.toThrow('log unreadable');
    const response = await post(url, makeBatch([makeEvent()]));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'store failed to load: log unreadable' });
  });

  it('tells onEvent about stored events and duplicates, and survives a throwing listener', async () => {
    const seen: Array<[string, boolean]> = [];
    const onEvent = (record: StoredRecord, info: { duplicate: boolean }): void => {
      seen.push([record.id, info.duplicate]);
      throw new Error('listener bug');
    };
    const { url } = await start({ onEvent });
    const event = makeEvent();
    await post(url, makeBatch([event]));
    const again = await post(url, makeBatch([event]));
    expect(again.status).toBe(200);
    expect(seen).toEqual([
      [event.id, false],
      [event.id, true],
    ]);
  });

  it('keeps serving after a client gives up in the middle of a body', async () => {
    const store = memory();
    const { url } = await start({ store });
    const controller = new AbortController();
    const body = new ReadableStream({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"v":1,"events":['));
      },
    });
    const aborted = fetch(url, { method: 'POST', body, duplex: 'half', signal: controller.signal } as RequestInit);
    await new Promise((done) => setTimeout(done, 50));
    controller.abort();
    await expect(aborted).rejects.toThrow();
    expect((await post(url, makeBatch([makeEvent()]))).status).toBe(200);
    expect(store.records).toHaveLength(1);
  });

  it('answers 503 after close without touching the store', async () => {
    const store = memory();
    const { url, collector } = await start({ store });
    await collector.close();
    expect((await post(url, makeBatch([makeEvent()]))).status).toBe(503);
    expect(store.records).toHaveLength(0);
  });
});
