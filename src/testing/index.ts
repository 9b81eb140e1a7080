/**
 * `cairn/testing`: test your own tagging without a network.
 * @packageDocumentation
 */
export { createTestTracker } from './create-test-tracker';
export type { TestTracker, SentBatch } from './create-test-tracker';
