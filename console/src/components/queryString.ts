/**
 * The query string with `changes` applied to it: an empty value removes its parameter. Returns
 * "?a=1&b=2", or "" when nothing is left.
 */
export function mergeSearch(search: string, changes: Record<string, string>): string {
  const next = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') {
      next.delete(name);
    } else {
      next.set(name, value);
    }
  }
  const text = next.toString();
  return text === '' ? '' : `?${text}`;
}
