import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { captureConsole, describeConsoleCall, printingMethods, SILENT_CONSOLE_METHODS, unexpectedConsoleOutput } from './fail-on-console';
import { consoleOutput, expectConsole } from './setup';

/** A real Node console writing into a string, to see what each method prints. */
function consoleIntoString() {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return { console: new Console({ stdout: stream, stderr: stream }), written: () => written };
}

/** A call of each printing method that prints something on a real console. */
const SAMPLE_CALLS: Record<string, unknown[]> = {
  log: ['a'],
  info: ['a'],
  debug: ['a'],
  warn: ['a'],
  error: ['a'],
  trace: ['a'],
  dir: [{ a: 1 }],
  dirxml: ['a'],
  table: [[1]],
  group: ['a'],
  groupCollapsed: ['a'],
  assert: [false, 'a'],
  count: ['a'],
  timeLog: ['sample'],
  timeEnd: ['sample'],
};

describe('fail on console', () => {
  test('captures every console method that prints, not only log, warn and error', () => {
    expect(printingMethods(console)).toEqual(expect.arrayContaining(Object.keys(SAMPLE_CALLS)));
    expect(printingMethods(console)).not.toContain('time');
    expect(printingMethods(console)).not.toContain('groupEnd');
  });

  test('records console.info from a test as output, printing nothing', (context) => {
    console.info('queued', 3, { goal: 'signup' });
    console.debug('debug line');
    console.table([{ goal: 'signup' }]);
    expectConsole(context);
    expect(consoleOutput()).toEqual([
      "console.info: queued 3 { goal: 'signup' }",
      'console.debug: debug line',
      "console.table: [ { goal: 'signup' } ]",
    ]);
    expect(console.info).toHaveBeenCalledWith('queued', 3, { goal: 'signup' });
  });

  test('records a failed console.assert, and not a passing one', (context) => {
    console.assert(true, 'fine');
    console.assert(1 > 2, 'one is not more than two');
    expectConsole(context);
    expect(consoleOutput()).toEqual(['console.assert: Assertion failed: one is not more than two']);
  });

  test('each method it captures prints on a real console, and each it leaves alone prints nothing', () => {
    // clear() is captured too, though it prints only to a terminal (it would wipe the report there).
    for (const method of printingMethods(console).filter((name) => name !== 'clear')) {
      const real = consoleIntoString();
      real.console.time('sample');
      const before = real.written();
      (real.console as unknown as Record<string, (...args: unknown[]) => void>)[method]!(...(SAMPLE_CALLS[method] ?? ['a']));
      expect(real.written().length, `console.${method} prints`).toBeGreaterThan(before.length);
    }
    // The state the silent ones act on (a count to reset, a group to close) is made first.
    const real = consoleIntoString();
    real.console.count('silent');
    real.console.group('silent');
    const before = real.written();
    for (const method of SILENT_CONSOLE_METHODS) {
      const fn = (real.console as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function' || method === 'Console') continue;
      (fn as (...args: unknown[]) => unknown)('silent');
    }
    expect(real.written()).toBe(before);
  });

  test('swallows the output of a console it captures and hands each line to the recorder', () => {
    const real = consoleIntoString();
    const lines: string[] = [];
    const methods = captureConsole(real.console, (line) => lines.push(line));
    for (const method of methods) (real.console as unknown as Record<string, (...args: unknown[]) => void>)[method]!(...(SAMPLE_CALLS[method] ?? ['a']));
    expect(real.written()).toBe('');
    expect(lines).toEqual(
      expect.arrayContaining(['console.info: a', 'console.trace: a', 'console.dir: { a: 1 }', 'console.count: a', 'console.timeLog: sample', 'console.assert: Assertion failed: a']),
    );
    expect(lines).toHaveLength(methods.length);
  });

  test('describes a call the way the console would print it', () => {
    expect(describeConsoleCall('log', ['%s of %d', 'two', 3])).toBe('console.log: two of 3');
    expect(describeConsoleCall('count', [])).toBe('console.count: default');
    expect(describeConsoleCall('assert', [0])).toBe('console.assert: Assertion failed');
    expect(describeConsoleCall('assert', ['yes'])).toBeUndefined();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeConsoleCall('warn', [proxy])).toMatch(/^console\.warn: /);
  });

  test('fails a test that printed without expecting to, and passes one that expected it or printed nothing', () => {
    expect(unexpectedConsoleOutput(['console.info: hello'], false)?.message).toBe('Unexpected console output:\nconsole.info: hello');
    expect(unexpectedConsoleOutput(['console.info: hello'], true)).toBeUndefined();
    expect(unexpectedConsoleOutput([], false)).toBeUndefined();
  });
});
