/** Shared by the bench scripts: number formatting, an aligned table, and PASS/MISS goal lines. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fixed = (n: number, digits: number): string => n.toFixed(digits);

/** First column left-aligned, the rest right-aligned; the first row is the header. */
export function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function goal(label: string, value: number | undefined, text: (v: number) => string, target: string, pass: (v: number) => boolean): string {
  if (value === undefined || !Number.isFinite(value)) return `${label}: n/a (goal ${target}) MISS`;
  return `${label}: ${text(value)} (goal ${target}) ${pass(value) ? 'PASS' : 'MISS'}`;
}
