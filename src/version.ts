/** The library version, sent in every batch's context (`library.version`). */
export const VERSION = '0.1.0';
