import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/server/collector';
import { createMemoryStore } from '../../src/server/ndjson-store';
import { serveStatic } from '../../src/server/static-files';
import { makeBatch, makeEvent, post, serve } from './server-helpers';

/** A GET with the path exactly as given (fetch would normalise `..` away). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('static files against path tricks', () => {
  const base = mkdtempSync(join(tmpdir(), 'cairn-static-'));
  const root = join(base, 'site');
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>shop</h1>');
    writeFileSync(join(root, '.env'), 'SECRET=dotfile');
    writeFileSync(join(base, 'secret.txt'), 'SECRET=outside');
    symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
    server = createServer((req, res) => void serveStatic(realpathSync(root), req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(base, { recursive: true, force: true });
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/link.txt',
    '/.env',
    '/sub/../.env',
    '/index.html%00.txt',
    '//etc/passwd',
    '/%2F..%2F..%2Fsecret.txt',
  ])('refuses %s without a byte of what lies outside the site', async (path) => {
    const { status, body } = await rawGet(port, path);
    expect([400, 403, 404]).toContain(status);
    expect(body).not.toContain('SECRET');
  });

  it('still serves the site itself', async () => {
    expect(await rawGet(port, '/')).toEqual({ status: 200, body: '<h1>shop</h1>' });
  });
});

describe('the collector against hostile traffic', () => {
  const running: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((close) => close()));
  });
  async function start() {
    const store = createMemoryStore();
    const server = await serve(createCollector({ store }));
    running.push(server.close);
    return { url: `${server.url}/collect`, store, server: server.server };
  }

  it('refuses a body nested 100,000 levels deep with a 400 and keeps serving', async () => {
    const { url, store } = await start();
    const deepJson = `{"v":1,"sentAt":1,"context":{},"events":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const deepProps = JSON.stringify(makeBatch([makeEvent()])).replace('"props":{"sku":"A-1"}', `"props":{"x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`);
    for (const body of [deepJson, deepProps]) {
      const answer = await post(url, body);
      expect(answer.status).toBe(400);
    }
    const event = makeEvent();
    expect((await post(url, makeBatch([event]))).status).toBe(200);
    expect(store.records.map((r) => r.id)).toEqual([event.id]);
  });

  it('stores each of 2,000 events once under 200 concurrent posts, half of them repeats', async () => {
    const { url, store } = await start();
    const batches = Array.from({ length: 100 }, () => makeBatch(Array.from({ length: 20 }, () => makeEvent())));
    const answers = await Promise.all([...batches, ...batches].map((batch) => post(url, batch)));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    const ids = store.records.map((r) => r.id);
    expect(ids).toHaveLength(2_000);
    expect(new Set(ids).size).toBe(2_000);
  });

  it('answers other clients while one sends its body a byte at a time', async () => {
    const { url, store, server } = await start();
    const { port } = server.address() as AddressInfo;
    const slow = connect(port, '127.0.0.1');
    await new Promise<void>((done) => slow.once('connect', () => done()));
    slow.write('POST /collect HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n{"v":1,');
    const event = makeEvent();
    const started = Date.now();
    expect((await post(url, makeBatch([event]))).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(store.records.map((r) => r.id)).toEqual([event.id]);
    slow.destroy();
  });
});
