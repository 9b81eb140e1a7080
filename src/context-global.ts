/**
 * The script tag's context module (`dist/cairn.context.js`). `cairn.global.js` loads it from its
 * own folder before it starts (or finds it already on the page) and passes it to the tracker.
 */
import { context } from './context-entry';

if (typeof window !== 'undefined') (window as Window & { cairnContext?: unknown }).cairnContext = context;
