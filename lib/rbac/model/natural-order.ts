// The order names are listed in: digit runs compared as numbers (ns-2 before ns-10, as an admin
// reads them), everything else by code unit (the same on every machine and locale, unlike
// localeCompare). Names equal as numbers (ns-01, ns-1) fall back to code-unit order, so the order
// is total and pages never shuffle.

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The end of the digit run starting at `i`. */
function digitsEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  return j;
}

/** Two digit runs as numbers of any length: leading zeros dropped, then the longer is larger, then by digits. */
function compareRuns(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Natural order: `ns-2` < `ns-10` < `ns-10a` < `ns-b`; a total order (ties by code unit). */
export function byNaturalName(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      const ea = digitsEnd(a, i);
      const eb = digitsEnd(b, j);
      const c = compareRuns(a.slice(i, ea), b.slice(j, eb));
      if (c !== 0) return c;
      i = ea;
      j = eb;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  const rest = a.length - i - (b.length - j);
  if (rest !== 0) return rest;
  return a < b ? -1 : a > b ? 1 : 0;
}
