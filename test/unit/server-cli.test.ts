import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliUsageError, runCli, type CliHandle } from '../../src/server/cli';
import { makeBatch, makeEvent, post } from './server-helpers';

let dir: string;
let cli: CliHandle | undefined;
let printed: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-cli-'));
  printed = [];
  await mkdir(join(dir, 'site', 'media'), { recursive: true });
  await writeFile(join(dir, 'site', 'index.html'), '<!doctype html><title>demo</title>');
  await writeFile(join(dir, 'site', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'site', 'media', 'clip.mp4'), Buffer.from('0123456789'));
  await writeFile(join(dir, 'site', '.env'), 'TOKEN=1');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
});
afterEach(async () => {
  await cli?.close();
  cli = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function startCli(...extra: string[]): Promise<string> {
  const args = ['collect', '--port', '0', '--out', join(dir, 'events'), ...extra];
  cli = await runCli(args, { log: (line) => printed.push(line) });
  return `http://127.0.0.1:${cli.port}`;
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('cairn collect', () => {
  it('starts on port 0, prints where it listens and stores posted events in --out', async () => {
    const origin = await startCli();
    expect(cli?.port).toBeGreaterThan(0);
    expect(printed[0]).toBe(`cairn collector listening on ${origin}/collect`);
    const response = await post(`${origin}/collect`, makeBatch([makeEvent()]));
    expect(response.status).toBe(200);
    const log = await readFile(join(dir, 'events', 'events.ndjson'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(1);
  });

  it('prints each event as one line with time, kind, goal and props, marking duplicates', async () => {
    const origin = await startCli();
    const batch = makeBatch([makeEvent({ goal: 'purchase', kind: 'macro', props: { orderId: 'o-1' } })]);
    await post(origin, batch);
    await post(origin, batch);
    const events = printed.filter((line) => line.includes('purchase'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} macro purchase \{"orderId":"o-1"\}$/);
    expect(events[1]).toMatch(/ \(dup\)$/);
  });

  it('prints why a batch was rejected, and nothing per request with --quiet', async () => {
    const origin = await startCli();
    await post(origin, { ...makeBatch([makeEvent()]), v: 2 });
    expect(printed.at(-1)).toMatch(/rejected 400 unsupported wire version 2/);
    await cli?.close();
    printed = [];
    const quiet = await startCli('--quiet');
    await post(quiet, makeBatch([makeEvent()]));
    await post(quiet, '{');
    expect(printed.some((line) => line.includes('add_to_cart') || line.includes('rejected'))).toBe(false);
  });

  it('never prints control characters a client sent', async () => {
    const origin = await startCli();
    await post(origin, makeBatch([makeEvent({ goal: 'a\u001b[2Jb', props: { x: '\u009b' } })]));
    expect(printed.at(-1)).toContain('a?[2Jb');
    expect(printed.at(-1)).not.toMatch(/[\u001b\u009b]/);
  });

  it('serves static files with their content types, and index.html for a directory', async () => {
    const origin = await startCli('--static', join(dir, 'site'));
    const home = await fetch(`${origin}/`);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toContain('<title>demo</title>');
    const script = await fetch(`${origin}/app.js?v=1`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const clip = await fetch(`${origin}/media/clip.mp4`, { headers: { Range: 'bytes=2-5' } });
    expect(clip.status).toBe(206);
    expect(clip.headers.get('content-type')).toBe('video/mp4');
    expect(clip.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await clip.text()).toBe('2345');
    expect((await fetch(`${origin}/media/`)).status).toBe(404); // no listing, no index.html
    expect((await fetch(`${origin}/missing.css`)).status).toBe(404);
    expect((await post(`${origin}/`, makeBatch([makeEvent()]))).status).toBe(200);
    expect((await fetch(`${origin}/collect`)).status).toBe(405);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/media/../../secret.txt', '/.env'])(
    'refuses to serve %s',
    async (path) => {
      const origin = await startCli('--static', join(dir, 'site'));
      const response = await rawGet(origin, path);
      expect([403, 404]).toContain(response.status);
      expect(response.body).not.toMatch(/do not serve|TOKEN/);
    },
  );

  it('refuses a symlink that points out of the static directory', async () => {
    await symlink(join(dir, 'secret.txt'), join(dir, 'site', 'link.txt'));
    const origin = await startCli('--static', join(dir, 'site'));
    const response = await rawGet(origin, '/link.txt');
    expect(response.status).toBe(403);
  });

  it('prints usage for --help without starting a server', async () => {
    cli = await runCli(['--help'], { log: (line) => printed.push(line) });
    expect(cli.port).toBe(0);
    expect(printed.join('\n')).toMatch(/^Usage: cairn collect/);
  });

  it.each([
    [[], /missing command/],
    [['serve'], /unknown command "serve"/],
    [['collect', '--prot', '1'], /unknown option "--prot"/],
    [['collect', '--port', 'x'], /--port expects/],
    [['collect', '--out'], /--out needs a value/],
  ])('refuses the command line %j', async (args, message) => {
    const failure = runCli(args as string[], { log: () => undefined });
    await expect(failure).rejects.toThrow(CliUsageError);
    await expect(failure).rejects.toThrow(message);
  });

  it('says which port is taken when it cannot listen', async () => {
    await startCli();
    const taken = runCli(['collect', '--port', String(cli?.port), '--out', join(dir, 'other')], { log: () => undefined });
    await expect(taken).rejects.toThrow(/port \d+ on 127.0.0.1 is in use/);
  });

  it('refuses a --static path that is not a directory', async () => {
    await expect(startCli('--static', join(dir, 'secret.txt'))).rejects.toThrow(/not a directory/);
  });
});
