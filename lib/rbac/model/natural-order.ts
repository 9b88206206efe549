// Names as people read them: ns-2 before ns-10. Runs of digits compare by value, everything else
// by code unit (byText), so the order is the same on every machine and locale.

const DIGITS = /\d+|\D+/g;

/** Natural order of two names: digit runs by value (shorter after leading zeros first), text by code unit. */
export function byNaturalText(a: string, b: string): number {
  if (a === b) return 0;
  const xs = a.match(DIGITS) ?? [];
  const ys = b.match(DIGITS) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const c = compareRun(xs[i]!, ys[i]!);
    if (c !== 0) return c;
  }
  return xs.length - ys.length || (a < b ? -1 : a > b ? 1 : 0);
}

const isDigits = (s: string) => s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;

function compareRun(x: string, y: string): number {
  if (isDigits(x) && isDigits(y)) {
    // By value without Number(): a run of 30 digits still compares exactly.
    const u = x.replace(/^0+(?=\d)/, '');
    const v = y.replace(/^0+(?=\d)/, '');
    if (u.length !== v.length) return u.length - v.length;
    if (u !== v) return u < v ? -1 : 1;
    return 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}
