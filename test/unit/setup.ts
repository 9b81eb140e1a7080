import { afterEach, beforeEach } from 'vitest';
import { captureConsole, unexpectedConsoleOutput } from './fail-on-console';

// Tests fail on unexpected console output, through any console method (log, info, debug, trace,
// dir, table, group, count, timeLog, assert with a falsy condition, …): a test that expects output
// marks itself with expectConsole() and asserts it on the spies.
let calls: string[] = [];

beforeEach(() => {
  calls = [];
  captureConsole(console, (line) => calls.push(line));
});

afterEach((context) => {
  const expected = (context.task.meta as { expectConsole?: boolean }).expectConsole === true;
  const lines = calls;
  calls = [];
  // A test that failed already says why; its output would only bury that.
  if (context.task.result?.state === 'fail') return;
  const error = unexpectedConsoleOutput(lines, expected);
  if (error) throw error;
});

/** Marks the running test as one that prints on purpose (its assertions check the output). */
export function expectConsole(context: { task: { meta: object } }): void {
  (context.task.meta as { expectConsole?: boolean }).expectConsole = true;
}

/** What the running test printed so far, one line a call (`console.info: …`). */
export function consoleOutput(): readonly string[] {
  return calls;
}
