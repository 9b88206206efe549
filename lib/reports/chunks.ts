// Long answers written a slice at a time (streamed JSON and CSV exports): the server holds one
// slice's text, never the whole answer.

/** Items rendered per chunk: small enough to bound memory, big enough that chunks stay few. */
const CHUNK = 500;

/** The text of `items.map(render).join(separator)`, in chunks of CHUNK items. */
export function* joinedInChunks<T>(
  items: readonly T[],
  render: (item: T) => string,
  separator = '',
): Generator<string> {
  for (let i = 0; i < items.length; i += CHUNK)
    yield (
      (i > 0 ? separator : '') +
      items
        .slice(i, i + CHUNK)
        .map(render)
        .join(separator)
    );
}
