/**
 * Analytics: recompute the SQL application over the sampled records with the engine's runtime and
 * compare with the rows the live application wrote. The recomputation uses ApproximateArrivalTimestamp
 * as ROWTIME (the live application stamps rows when they reach it, a little later), merged across shards
 * by arrival. Only windows the sample covers entirely are compared: see `comparableRule`.
 */
import { ApplicationRuntime, compileApplication, formatOutputRow, parseRowtime, type CompiledApplication } from '../sql/runtime';
import { streamLookbacks } from './lookback';
import { byArrival, userRecordsOf, type SampleRecord } from './records';
import type { AnalyticsInput, AnalyticsMismatch, AnalyticsReport } from './types';

const EXAMPLES = 5;
const DEFAULT_OUTPUT_LAG_MS = 10_000;
/** Floating-point results may differ in the last digits (summation order): compare this many significant digits. */
const SIGNIFICANT_DIGITS = 9;

type Row = Readonly<Record<string, unknown>>;

interface Window {
  readonly stream: string;
  readonly rowtime: number;
  readonly expected: Row[];
  readonly actual: Row[];
}

/** A row as a comparable string: keys sorted, non-integers rounded to SIGNIFICANT_DIGITS. */
export function canonicalRow(row: Row): string {
  const norm = (v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(SIGNIFICANT_DIGITS));
    if (Array.isArray(v)) return v.map(norm);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Row)[k])]));
    return v;
  };
  return JSON.stringify(norm(row));
}

function comparableRule(lagMs: number): string {
  return 'an output row at ROWTIME T of a stream whose windows reach back L ms is compared when its window [T - L, T] lies inside the sample: '
    + 'T - L >= from (the window starts after the sample start) and T <= to, where to is the end of the input sample (the earliest point any '
    + `shard's read stopped) and at most ${lagMs} ms before the end of the output sample (time for the application to write the window)`;
}

function emptyReport(from: number, to: number, lagMs: number, error: string): AnalyticsReport {
  return {
    comparable: { from: new Date(from).toISOString(), to: new Date(Math.max(from, to)).toISOString(), rule: comparableRule(lagMs) },
    streams: [],
    lookbackMs: {},
    windows: { compared: 0, matched: 0, mismatched: 0, skipped: 0 },
    rows: { expected: 0, actual: 0, matched: 0, missing: 0, unexpected: 0 },
    mismatches: [],
    error,
  };
}

/** Streams to compare: as asked, else those the live application wrote, else every output stream. */
function streamsToCompare(app: CompiledApplication, input: AnalyticsInput): string[] {
  if (input.streams !== undefined) return [...input.streams];
  const seen = [...new Set(input.actual.map((r) => r.stream))];
  if (seen.length > 0) return seen;
  return [...app.streams.values()].filter((s) => !s.input && s.hidden !== true).map((s) => s.name);
}

function recompute(app: CompiledApplication, streams: readonly string[], records: readonly SampleRecord[], to: number): { stream: string; rowtime: number; row: Row }[] {
  const runtime = new ApplicationRuntime(app, { streams });
  for (const r of byArrival(records)) {
    if (r.arrival > to) break;
    for (const u of userRecordsOf(r)) runtime.pushRecord(u.data, r.arrival);
  }
  runtime.pushBound(to); // closes every window that ends by the end of the sample
  return runtime.drain().map((out) => {
    const parsed = JSON.parse(formatOutputRow(out)) as { row: Row };
    return { stream: out.stream, rowtime: out.rowtime, row: parsed.row };
  });
}

function countBy(rows: readonly Row[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = canonicalRow(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * `from`/`inputTo`: the span every shard's sample covers (epoch ms). Returns the comparison report;
 * an application that does not compile or run gives a report with `error` and nothing compared.
 */
export function compareAnalytics(input: AnalyticsInput, records: readonly SampleRecord[], from: number, inputTo: number): AnalyticsReport {
  const lagMs = input.outputLagMs ?? DEFAULT_OUTPUT_LAG_MS;
  const to = Math.min(inputTo, input.actualCoveredUntil - lagMs);
  let app: CompiledApplication;
  try {
    app = compileApplication(input.sql, input.inputSchema as Parameters<typeof compileApplication>[1]);
  } catch (e) {
    return emptyReport(from, to, lagMs, `the application does not compile: ${(e as Error).message}`);
  }
  const streams = streamsToCompare(app, input);
  const lookbacks = streamLookbacks(app);
  const comparable = (stream: string, rowtime: number): boolean => {
    const lookback = lookbacks.get(stream);
    return lookback !== undefined && lookback !== null && rowtime - lookback >= from && rowtime <= to;
  };
  let expectedRows: { stream: string; rowtime: number; row: Row }[];
  try {
    expectedRows = to >= from ? recompute(app, streams, records, to) : [];
  } catch (e) {
    return emptyReport(from, to, lagMs, `the application failed on the sample: ${(e as Error).message}`);
  }

  const windows = new Map<string, Window>();
  const skipped = new Set<string>();
  const place = (stream: string, rowtime: number, row: Row, side: 'expected' | 'actual') => {
    const key = `${stream}\u0000${rowtime}`;
    if (!comparable(stream, rowtime)) {
      skipped.add(key);
      return;
    }
    let w = windows.get(key);
    if (w === undefined) windows.set(key, (w = { stream, rowtime, expected: [], actual: [] }));
    w[side].push(row);
  };
  for (const r of expectedRows) place(r.stream, r.rowtime, r.row, 'expected');
  let badRowtimes = 0;
  for (const r of input.actual) {
    if (!streams.includes(r.stream)) continue;
    const rowtime = parseRowtime(typeof r.rowtime === 'string' ? r.rowtime.trim() : r.rowtime);
    if (rowtime === undefined) badRowtimes++;
    else place(r.stream, rowtime, r.row, 'actual');
  }

  const rows = { expected: 0, actual: 0, matched: 0, missing: 0, unexpected: 0 };
  const mismatches: AnalyticsMismatch[] = [];
  let matchedWindows = 0;
  const ordered = [...windows.values()].sort((a, b) => a.rowtime - b.rowtime || a.stream.localeCompare(b.stream));
  for (const w of ordered) {
    const expected = countBy(w.expected);
    const actual = countBy(w.actual);
    let matched = 0;
    for (const [key, n] of expected) matched += Math.min(n, actual.get(key) ?? 0);
    rows.expected += w.expected.length;
    rows.actual += w.actual.length;
    rows.matched += matched;
    rows.missing += w.expected.length - matched;
    rows.unexpected += w.actual.length - matched;
    if (matched === w.expected.length && matched === w.actual.length) {
      matchedWindows++;
      continue;
    }
    if (mismatches.length < EXAMPLES) mismatches.push({ stream: w.stream, rowtime: new Date(w.rowtime).toISOString(), expected: w.expected, actual: w.actual });
  }
  return {
    comparable: { from: new Date(from).toISOString(), to: new Date(Math.max(from, to)).toISOString(), rule: comparableRule(lagMs) },
    streams,
    lookbackMs: Object.fromEntries(streams.map((s) => [s, lookbacks.get(s) ?? null])),
    windows: { compared: windows.size, matched: matchedWindows, mismatched: windows.size - matchedWindows, skipped: skipped.size },
    rows,
    mismatches,
    ...(badRowtimes > 0 && { error: `${badRowtimes} output rows have an unreadable rowtime` }),
  };
}
