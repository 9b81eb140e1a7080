import { afterEach, beforeEach, vi } from 'vitest';

// Tests fail on unexpected console output: a test that expects a warning spies on it and asserts it.
const methods = ['log', 'warn', 'error'] as const;
let calls: string[] = [];

beforeEach(() => {
  calls = [];
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach((context) => {
  const expected = (context.task.meta as { expectConsole?: boolean }).expectConsole;
  const unexpected = calls;
  calls = [];
  if (!expected && unexpected.length && context.task.result?.state !== 'fail') {
    throw new Error(`Unexpected console output:\n${unexpected.join('\n')}`);
  }
});

/** Marks the running test as one that prints on purpose (its assertions check the output). */
export function expectConsole(context: { task: { meta: object } }): void {
  (context.task.meta as { expectConsole?: boolean }).expectConsole = true;
}
