/** Tests a page path: `location.pathname`, with the hash route if any (see `pagePath`). */
export type PathMatcher = (pagePath: string) => boolean;

/**
 * One trailing slash is ignored by `exact` and `glob` (`/checkout/` and `/checkout` are the same
 * page), and so is a root hash route in a pattern (`/#/` is `/`, as `pagePath` reads it).
 */
function trimSlash(path: string): string {
  path = path.replace(/\/#!?\/$/, '/');
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (char === '*') {
      // `**` crosses `/`, a single `*` stays within one path segment.
      if (glob.charAt(i + 1) === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Compiles a pageview path pattern into a matcher of a page path. A page path with a hash route
 * (`/#/checkout/done`) matches when the pattern matches it whole or the route alone
 * (`/checkout/done`), so hash routes can be written either way.
 *
 * - `exact`: the same path, one trailing slash ignored.
 * - `glob`: `*` matches within one segment (`/product/*` matches `/product/shoe`, not
 *   `/product/shoe/red`), `**` matches across segments; one trailing slash ignored.
 * - `regex`: a regular expression source tested as is (not anchored; write `^` and `$`).
 *
 * Throws a plain `Error` when a `regex` pattern is not a valid regular expression, so that the
 * config check can report it with its path.
 *
 * @default match: 'glob' when `path` contains `*`, else 'exact'
 * @example
 * compilePathPattern('/product/*')('/product/shoe'); // true
 * compilePathPattern('^/blog/\\d+$', 'regex')('/blog/42'); // true
 * compilePathPattern('/checkout/done')('/#/checkout/done'); // true
 */
export function compilePathPattern(path: string, match?: 'exact' | 'glob' | 'regex'): PathMatcher {
  const test = compileTest(path, match);
  // The route is what follows the `#` or `#!` (a pathname never holds a raw `#`).
  return (page) => test(page) || test(page.replace(/^[^#]*#!?/, ''));
}

function compileTest(path: string, match?: 'exact' | 'glob' | 'regex'): PathMatcher {
  const mode = match ?? (path.includes('*') ? 'glob' : 'exact');
  if (mode === 'regex') {
    let pattern: RegExp;
    try {
      pattern = new RegExp(path);
    } catch (error) {
      // V8 repeats the pattern in its message ("Invalid regular expression: /x/: Unterminated group").
      throw new Error(`invalid regular expression /${path}/: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
    }
    return (pathname) => pattern.test(pathname);
  }
  if (mode === 'glob') {
    const pattern = globToRegExp(trimSlash(path));
    return (pathname) => pattern.test(trimSlash(pathname));
  }
  const expected = trimSlash(path);
  return (pathname) => trimSlash(pathname) === expected;
}
