/** One element as a selector part: its tag, then its id, else its first two classes. */
function part(element: Element): string {
  const tag = element.localName;
  if (element.id) return `${tag}#${element.id}`;
  const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
  return classes.length ? `${tag}.${classes.join('.')}` : tag;
}

/**
 * A short CSS selector naming an element for a report, as web-vitals' attribution names its
 * targets: up to three levels (`main > div.player > video`), stopping at an id, 100 characters
 * at most. Never the element's text or attribute values beyond its id and classes.
 * @example
 * elementSelector(document.querySelector('video')); // 'section#intro > video'
 */
export function elementSelector(element: Element): string {
  const parts: string[] = [];
  for (let el: Element | null = element; el && parts.length < 3 && el.localName !== 'html' && el.localName !== 'body'; el = el.parentElement) {
    parts.unshift(part(el));
    if (el.id) break;
  }
  return parts.join(' > ').slice(0, 100);
}
