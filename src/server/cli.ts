#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COLLECTOR_DEFAULTS, createCollector } from './collector';
import { CliUsageError, parseArgs, staticRootOf, USAGE, type CliOptions } from './cli-args';
import { eventLine, rejectedLine } from './event-line';
import { createNdjsonStore } from './ndjson-store';
import { serveStatic } from './static-files';

// The bin's module is also imported in-process (tests, the demo): its error class is part of it.
export { CliUsageError };

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
