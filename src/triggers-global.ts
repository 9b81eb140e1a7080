/**
 * The script tag's trigger module (`dist/cairn.triggers.js`): the declarative triggers and
 * `data-cairn` tagging. `cairn.global.js` loads it from its own folder before it starts (or finds it
 * already on the page) and passes it to the tracker.
 */
import { triggers } from './triggers/dom-triggers';

if (typeof window !== 'undefined') (window as Window & { cairnTriggers?: unknown }).cairnTriggers = triggers;
