/** Where Debian puts each engine's program; the environment variables override them. */
export declare const ENGINE_PATHS: {
  firefox: () => string;
  webkitDriver: () => string;
  miniBrowser: () => string;
  xvfbRun: () => string;
};
/** The engines' programs that are missing. */
export declare function missingEngines(): string[];
/** Finds every engine, installing Debian's packages for the missing ones when running as root. */
export declare function ensureBrowsers(): { chromium: string; firefox: string; webkitDriver: string; miniBrowser: string; xvfbRun: string };
