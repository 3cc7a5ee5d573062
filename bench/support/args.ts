/** The benchmarks' one numeric option: `--flag N` (an integer ≥ min), or the default; bad usage exits 2. */
export function countArg(argv: readonly string[], flag: string, fallback: number, min: number, usage: string): number {
  const i = argv.indexOf(flag);
  if (i === -1) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < min) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  return n;
}
