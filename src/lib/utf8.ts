/** Any character outside ASCII (each of those takes more than one UTF-8 byte). */
const NON_ASCII = /[^\0-\x7f]/;

/**
 * UTF-8 length of a string without allocating (request bodies are measured in bytes). Most event
 * strings are ASCII: one native scan answers for them, where the loop below runs as bytecode on
 * a page's first events.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  if (!NON_ASCII.test(text)) return bytes;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) (bytes += 2), i++;
    else bytes += 2;
  }
  return bytes;
}
