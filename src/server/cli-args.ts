import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { COLLECTOR_DEFAULTS } from './collector';

/** The help text of `cairn collect`, printed by `--help` and after a usage error. */
export const USAGE = `Usage: cairn collect [options]

Runs cairn's reference collector: accepts event batches (wire format v1) by POST at /collect
and /, dedupes them by event id and appends them to <out>/events.ndjson.

Options:
  --port <n>        port to listen on, 0 for any free port   (default 8787)
  --host <host>     interface to listen on                   (default 127.0.0.1)
  --out <dir>       directory of events.ndjson               (default ./events)
  --static <dir>    also serve the files of <dir> for GET requests
  --quiet           print only the listening URL, not each event
  --help            print this help`;

/** The options of `cairn collect`, as read from its command line. */
export interface CliOptions {
  port: number;
  host: string;
  out: string;
  staticDir?: string;
  quiet: boolean;
}

/** A bad command line; the message says what to fix. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * Reads the arguments that follow the program name; `'help'` when help is asked for. Throws a
 * {@link CliUsageError} on an unknown command or option, or a missing or bad value.
 * @example
 * parseArgs(['collect', '--port=0', '--quiet']) // { port: 0, host: '127.0.0.1', out: './events', quiet: true }
 */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
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

/** The real path of the `--static` directory; throws a {@link CliUsageError} if it is not one. */
export async function staticRootOf(dir: string): Promise<string> {
  const root = await realpath(resolve(dir)).catch(() => undefined);
  if (root === undefined || !(await stat(root)).isDirectory()) {
    throw new CliUsageError(`--static: "${dir}" is not a directory`);
  }
  return root;
}
