#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COLLECTOR_DEFAULTS, createCollector, type RejectedInfo } from './collector';
import { createNdjsonStore, type StoredRecord } from './ndjson-store';
import { serveStatic } from './static-files';

const USAGE = `Usage: cairn collect [options]

Runs cairn's reference collector: accepts event batches (wire format v1) by POST at /collect
and /, dedupes them by event id and appends them to <out>/events.ndjson.

Options:
  --port <n>        port to listen on, 0 for any free port   (default 8787)
  --host <host>     interface to listen on                   (default 127.0.0.1)
  --out <dir>       directory of events.ndjson               (default ./events)
  --static <dir>    also serve the files of <dir> for GET requests
  --quiet           print only the listening URL, not each event
  --help            print this help`;

/** A running CLI collector. */
export interface CliHandle {
  /** The port listened on (the real one when started with `--port 0`); 0 after `--help`. */
  port: number;
  /** Stops accepting requests, waits for pending writes and closes the store. */
  close(): Promise<void>;
}

/** Where the CLI prints; defaults to stdout. */
export interface CliIo {
  /** Prints one line. */
  log(line: string): void;
}

interface CliOptions {
  port: number;
  host: string;
  out: string;
  staticDir?: string;
  quiet: boolean;
}

/**
 * Runs `cairn collect` in-process with the arguments that follow the program name, e.g.
 * `['collect', '--port', '0']`. Rejects on bad arguments or when the port is taken.
 * @example
 * const cli = await runCli(['collect', '--port', '0', '--static', 'examples'])
 * console.log(cli.port); await cli.close()
 */
export async function runCli(argv: string[], io: CliIo = { log: (line) => console.log(line) }): Promise<CliHandle> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.log(USAGE);
    return { port: 0, close: async () => undefined };
  }
  const staticRoot = parsed.staticDir === undefined ? undefined : await staticRootOf(parsed.staticDir);
  const store = createNdjsonStore({ dir: resolve(parsed.out) });
  const collector = createCollector({
    store,
    onEvent: parsed.quiet ? undefined : (record, { duplicate }) => io.log(eventLine(record, duplicate)),
    onRejected: parsed.quiet ? undefined : (info) => io.log(rejectedLine(info)),
  });
  await collector.ready;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split(/[?#]/, 1)[0];
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (staticRoot === undefined || !isRead || path === COLLECTOR_DEFAULTS.path) {
      collector.handle(req, res);
      return;
    }
    serveStatic(staticRoot, req, res).catch(() => res.destroy());
  });
  await listen(server, parsed).catch(async (error: unknown) => {
    await collector.close();
    throw error;
  });
  server.on('error', (error) => io.log(`[cairn] server error: ${error.message}`));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host}:${port}`;
  io.log(`cairn collector listening on ${origin}${COLLECTOR_DEFAULTS.path}`);
  io.log(`events are appended to ${store.file}`);
  if (staticRoot !== undefined) io.log(`serving ${staticRoot} at ${origin}/`);
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () => (closing ??= shutDown(server, collector.close)),
  };
}

function listen(server: Server, options: CliOptions): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const taken = error.code === 'EADDRINUSE';
      const where = `port ${options.port} on ${options.host}`;
      fail(taken ? new Error(`${where} is in use; pick another with --port (0 for any)`) : error);
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      done();
    });
  });
}

async function shutDown(server: Server, closeCollector: () => Promise<void>): Promise<void> {
  const stopped = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  // Requests in flight get two seconds to finish; keep-alive sockets left after that are cut.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stopped, new Promise<void>((done) => (timer = setTimeout(done, 2000).unref()))]);
  clearTimeout(timer);
  server.closeAllConnections();
  await closeCollector();
}

function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'collect') throw new CliUsageError(command === undefined ? 'missing command' : `unknown command "${command}"`);
  const options: CliOptions = { port: 8787, host: '127.0.0.1', out: COLLECTOR_DEFAULTS.out, quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const [flag = '', inline] = (rest[i] ?? '').split(/=(.*)/s, 2);
    if (flag === '--quiet') {
      options.quiet = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (!['--port', '--host', '--out', '--static'].includes(flag)) throw new CliUsageError(`unknown option "${flag}"`);
    if (value === undefined || value === '') throw new CliUsageError(`${flag} needs a value`);
    if (flag === '--port') options.port = portOf(value);
    else if (flag === '--host') options.host = value;
    else if (flag === '--out') options.out = value;
    else options.staticDir = value;
  }
  return options;
}

function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new CliUsageError(`--port expects 0 to 65535, got "${value}"`);
  return port;
}

async function staticRootOf(dir: string): Promise<string> {
  const root = await realpath(resolve(dir)).catch(() => undefined);
  if (root === undefined || !(await stat(root)).isDirectory()) {
    throw new CliUsageError(`--static: "${dir}" is not a directory`);
  }
  return root;
}

/** A bad command line; the message says what to fix. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

function eventLine(record: StoredRecord, duplicate: boolean): string {
  const props = JSON.stringify(record.props);
  const shown = props.length > 200 ? `${props.slice(0, 199)}…` : props;
  const value = record.value === undefined ? '' : ` ${record.value}${record.currency ? ` ${record.currency}` : ''}`;
  return printable(`${clock(record.ts)} ${record.kind.padEnd(5)} ${record.goal}${value} ${shown}${duplicate ? ' (dup)' : ''}`);
}

function rejectedLine(info: RejectedInfo): string {
  const issues = (info.issues ?? []).slice(0, 5).map((issue) => `; ${issue.path}: ${issue.message}`).join('');
  return printable(`${clock(Date.now())} rejected ${info.status} ${info.error}${issues}`);
}

function clock(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Replaces control characters, so that a goal name cannot send escape sequences to the terminal. */
function printable(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function isMainModule(): boolean {
  // In the CJS copy built by tsup `import.meta.url` is undefined: that copy never auto-runs.
  const url: string | undefined = import.meta.url;
  const script = process.argv[1];
  if (typeof url !== 'string' || script === undefined) return false;
  try {
    // npm runs bins through a symlink (node_modules/.bin/cairn); the module URL is the real path.
    return url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMainModule()) {
  runCli(process.argv.slice(2)).then(
    (cli) => {
      const stop = (): void => {
        cli.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      const usage = error instanceof CliUsageError;
      console.error(`[cairn] ${error instanceof Error ? error.message : String(error)}${usage ? `\n\n${USAGE}` : ''}`);
      process.exit(usage ? 2 : 1);
    },
  );
}
