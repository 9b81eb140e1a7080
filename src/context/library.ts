import { VERSION } from '../version';
import type { ContextStep } from './context-step';

const LIBRARY = { name: 'cairn', version: VERSION };

/** Names the library and its version on every event (`context.library`), one shared object. */
export const libraryStep: ContextStep = (event) => {
  event.context.library = LIBRARY;
};
