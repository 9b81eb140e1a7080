/** Flags for headless Chromium on this kind of machine. */
export declare const CHROMIUM_ARGS: string[];
/** Debian's Chromium, or `CHROMIUM_PATH`; `undefined` when neither is there. */
export declare function findChromium(): string | undefined;
/** Finds Chromium, installing Debian's package when missing and running as root. */
export declare function ensureChromium(): string;
