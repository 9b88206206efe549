// Where each document of a YAML text starts, by line: a problem found in document n (an object
// without roleRef) is shown with the line it starts at, so a reader of pasted manifests finds it.
// The documents are the parser's own (the ones documents.ts numbers), never a split on "---".
import { LineCounter, Parser } from 'yaml';

/** The 1-based line each document starts at, in order (document n at index n - 1). */
export function documentLines(file: string, text: string): number[] {
  if (file.endsWith('.json')) return [1];
  const lines = new LineCounter();
  const starts: number[] = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) {
    if (token.type !== 'document') continue;
    // A document's own start is its "---" marker when it has one; its props hold comments before it.
    const marker = token.start.find((t) => t.type === 'doc-start');
    starts.push(lines.linePos(marker?.offset ?? token.offset).line);
  }
  return starts;
}
