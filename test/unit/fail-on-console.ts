import { format } from 'node:util';
import { vi } from 'vitest';

/**
 * Console methods that print nothing by themselves: they start a timer or a count, close a group,
 * or talk to the inspector only (`profile`, `timeStamp`). `Console` is the class, `context` and
 * `createTask` return objects.
 */
export const SILENT_CONSOLE_METHODS: ReadonlySet<string> = new Set([
  'Console',
  'time',
  'countReset',
  'groupEnd',
  'profile',
  'profileEnd',
  'timeStamp',
  'context',
  'createTask',
]);

/**
 * Every method of `target` that prints: each function property but the silent ones, so that a
 * method a later Node adds is caught without a change here.
 */
export function printingMethods(target: object): string[] {
  return Object.keys(target).filter(
    (key) => typeof (target as Record<string, unknown>)[key] === 'function' && !SILENT_CONSOLE_METHODS.has(key) && !key.startsWith('_'),
  );
}

/**
 * The line a console call prints, prefixed with its method; `undefined` for a call that prints
 * nothing (`console.assert` with a truthy condition).
 *
 * @example
 * describeConsoleCall('info', ['queued', 3]); // 'console.info: queued 3'
 */
export function describeConsoleCall(method: string, args: readonly unknown[]): string | undefined {
  if (method === 'assert') {
    const [condition, ...rest] = args;
    if (condition) return undefined;
    return `console.assert: Assertion failed${rest.length ? `: ${formatArgs(rest)}` : ''}`;
  }
  if (method === 'count') return `console.count: ${args.length && args[0] !== undefined ? String(args[0]) : 'default'}`;
  return `console.${method}: ${formatArgs(args)}`;
}

function formatArgs(args: readonly unknown[]): string {
  try {
    return format(...args);
  } catch {
    // A value that cannot even be inspected (a revoked proxy) still leaves a line.
    return args.map((arg) => Object.prototype.toString.call(arg)).join(' ');
  }
}

/**
 * Replaces every printing method of `target` with a spy that prints nothing and hands `record` the
 * line it would have printed. The spies stay spies, so that a test asserts what was printed with
 * `expect(console.warn).toHaveBeenCalledWith(…)`. Returns the names of the methods replaced.
 *
 * @example
 * const lines: string[] = [];
 * captureConsole(console, (line) => lines.push(line));
 */
export function captureConsole(target: object, record: (line: string) => void): string[] {
  const methods = printingMethods(target);
  for (const method of methods) {
    const spy = vi.spyOn(target as Record<string, (...args: unknown[]) => unknown>, method);
    spy.mockImplementation((...args: unknown[]) => {
      const line = describeConsoleCall(method, args);
      if (line !== undefined) record(line);
    });
  }
  return methods;
}

/**
 * The error that fails a test which printed without saying it would; `undefined` when it printed
 * nothing or expected to.
 */
export function unexpectedConsoleOutput(lines: readonly string[], expected: boolean): Error | undefined {
  if (expected || !lines.length) return undefined;
  return new Error(`Unexpected console output:\n${lines.join('\n')}`);
}
