/**
 * TOP_K_ITEMS_TUMBLING and COUNT_DISTINCT_ITEMS_TUMBLING for the Kinesis Data Analytics SQL engine:
 * one summary per tumbling window, emitted when the window closes. State is bounded by the parameters
 * (Space-Saving counters; an exact set of at most 10,000 items, then HyperLogLog registers).
 *
 * Sources
 * - [SQLREF] sqlref/top-k: `TOP_K_ITEMS_TUMBLING(cursor, 'columnName', K, windowSize)`; K from 1 to
 *   100,000; windowSize in seconds, 1–3600; the result is approximate ("when seeking the three most traded
 *   stocks, the function may return three of the five most traded stocks").
 * - [SQLREF] sqlref/count-distinct-items: `COUNT_DISTINCT_ITEMS_TUMBLING(cursor, 'columnName',
 *   windowSize)`; windowSize in seconds, 1–3600; HyperLogLog; "when there are less than or equal to
 *   10,000 items in the window, the function returns an exact count"; the example output column is
 *   NUMBER_OF_DISTINCT_ITEMS (BIGINT), one row per window (dev/count-distinct-items-example: "emits
 *   results every one minute" for a 60-second window).
 * - [DEV] dev/top-k-example: the console template's output is ITEM VARCHAR(1024), ITEM_COUNT DOUBLE;
 *   "emits results every one minute" for a 60-second window.
 * - kda-sql.md §1: a tumbling group is emitted when a row or rowtime bound changes the window; rows
 *   behind the high-water mark are discarded; the emitted ROWTIME is the window end (recommended).
 *
 * Algorithms and engine choices [OURS]
 * - Windows are epoch-aligned on ROWTIME (epoch milliseconds): [k·w, (k+1)·w). A window closes when a
 *   row or bound with ROWTIME ≥ its end arrives; its rows carry ROWTIME = window end. Empty windows emit
 *   nothing; the open window is never flushed (as in KDA, it waits for the next row or bound).
 * - NULL items are not counted. Items are compared by SQL type and value.
 * - TOP_K: Space-Saving (Metwally, Agrawal, El Abbadi, 2005) with `capacity` counters, default
 *   max(10·K, 1000). Counts are exact while the window has at most `capacity` distinct items; beyond
 *   that a reported count overestimates by at most (rows in window)/capacity and every item more frequent
 *   than that is reported. Rows: count descending, ties by first arrival in the window; at most K rows.
 * - COUNT_DISTINCT: exact (a set) up to 10,000 distinct items, then HyperLogLog (Flajolet et al., 2007)
 *   with 2^precision registers (default precision 14, standard error ≈ 1.04/√16384 ≈ 0.81%), a 64-bit
 *   hash (two murmur3 x86_32 hashes of the item's UTF-8 key) and linear counting for small estimates.
 *   AWS does not publish its precision; its "100,000 distinct items may return 99,700" (0.3%) is within
 *   one standard error of precision 14 (and matches precision 17).
 */
import { MlFunctionError, describe, requireIntegerInRange } from './errors';

export const TOP_K_LIMITS = {
  k: { min: 1, max: 100_000 },
  windowSize: { min: 1, max: 3600 },
  capacity: { max: 1_000_000 },
} as const;

export const COUNT_DISTINCT_LIMITS = {
  windowSize: { min: 1, max: 3600 },
  /** [SQLREF] exact up to this many items. */
  exactLimit: 10_000,
  precision: { min: 4, max: 18, default: 14 },
} as const;

/** A column value that can be counted (NULL is skipped). */
export type SketchItem = string | number | bigint | boolean;

export interface TopKRow {
  /** The window end, epoch milliseconds. */
  readonly ROWTIME: number;
  readonly ITEM: SketchItem;
  readonly ITEM_COUNT: number;
}

export interface CountDistinctRow {
  readonly ROWTIME: number;
  readonly NUMBER_OF_DISTINCT_ITEMS: bigint;
}

function itemKey(fn: string, item: SketchItem): string {
  switch (typeof item) {
    case 'string':
      return `s:${item}`;
    case 'number':
      return `n:${Object.is(item, -0) ? 0 : item}`;
    case 'bigint':
      return `b:${item}`;
    case 'boolean':
      return `t:${item}`;
    default:
      throw new MlFunctionError(fn, 'columnName', `the column's value must be a string, number, bigint or boolean, got ${describe(item)}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tumbling windows

abstract class TumblingWindow<Row> {
  readonly windowMs: number;
  private windowStart: number | undefined;
  private highWater = -Infinity;
  private rowsInWindow = 0;
  /** Rows dropped for arriving behind the high-water mark. */
  lateRowsDropped = 0;

  protected constructor(
    protected readonly fn: string,
    windowSizeSeconds: number,
  ) {
    this.windowMs = requireIntegerInRange(fn, 'windowSize', windowSizeSeconds, 1, 3600) * 1000;
  }

  /** Adds one row; returns the rows of the window this row closed (if any). */
  add(rowtime: number, item: SketchItem | null | undefined): Row[] {
    this.requireRowtime(rowtime);
    if (rowtime < this.highWater) {
      this.lateRowsDropped++;
      return [];
    }
    const emitted = this.advance(rowtime);
    if (this.windowStart === undefined) this.windowStart = Math.floor(rowtime / this.windowMs) * this.windowMs;
    this.rowsInWindow++;
    if (item !== null && item !== undefined) this.accept(itemKey(this.fn, item), item);
    return emitted;
  }

  /** A rowtime bound: closes the open window when the bound reaches its end. */
  advance(rowtime: number): Row[] {
    this.requireRowtime(rowtime);
    if (rowtime > this.highWater) this.highWater = rowtime;
    if (this.windowStart === undefined || rowtime < this.windowStart + this.windowMs) return [];
    const end = this.windowStart + this.windowMs;
    const rows = this.rowsInWindow > 0 ? this.emit(end) : [];
    this.windowStart = undefined;
    this.rowsInWindow = 0;
    this.reset();
    return rows;
  }

  private requireRowtime(rowtime: number): void {
    if (typeof rowtime !== 'number' || !Number.isInteger(rowtime)) {
      throw new MlFunctionError(this.fn, 'ROWTIME', `ROWTIME must be integral epoch milliseconds, got ${describe(rowtime)}.`);
    }
  }

  protected abstract accept(key: string, item: SketchItem): void;
  protected abstract emit(windowEnd: number): Row[];
  protected abstract reset(): void;
}

// ---------------------------------------------------------------------------------------------
// Space-Saving

interface Counter {
  readonly key: string;
  item: SketchItem;
  count: number;
  /** Overestimation bound: the count the counter inherited when it was taken over. */
  error: number;
  /** Arrival order of the item that owns the counter (ties in output and eviction). */
  order: number;
  heapIndex: number;
}

/** Space-Saving top-k summary with a fixed number of counters. */
export class SpaceSaving {
  private readonly counters = new Map<string, Counter>();
  /** Min-heap by (count, order). */
  private readonly heap: Counter[] = [];
  private arrivals = 0;
  private total = 0;

  constructor(readonly capacity: number) {}

  /** Rows counted. */
  get rows(): number {
    return this.total;
  }

  get size(): number {
    return this.counters.size;
  }

  add(key: string, item: SketchItem): void {
    this.total++;
    const existing = this.counters.get(key);
    if (existing !== undefined) {
      existing.count++;
      this.siftDown(existing.heapIndex);
      return;
    }
    const order = this.arrivals++;
    if (this.counters.size < this.capacity) {
      const c: Counter = { key, item, count: 1, error: 0, order, heapIndex: this.heap.length };
      this.counters.set(key, c);
      this.heap.push(c);
      this.siftUp(c.heapIndex);
      return;
    }
    // Take over the smallest counter.
    const min = this.heap[0];
    this.counters.delete(min.key);
    const c: Counter = { key, item, count: min.count + 1, error: min.count, order, heapIndex: 0 };
    this.counters.set(key, c);
    this.heap[0] = c;
    this.siftDown(0);
  }

  /** The k largest counters: count descending, ties by arrival. */
  top(k: number): { item: SketchItem; count: number; error: number }[] {
    return [...this.counters.values()]
      .sort((a, b) => b.count - a.count || a.order - b.order)
      .slice(0, k)
      .map((c) => ({ item: c.item, count: c.count, error: c.error }));
  }

  clear(): void {
    this.counters.clear();
    this.heap.length = 0;
    this.arrivals = 0;
    this.total = 0;
  }

  private less(a: Counter, b: Counter): boolean {
    return a.count < b.count || (a.count === b.count && a.order < b.order);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const t = h[i];
    h[i] = h[j];
    h[j] = t;
    h[i].heapIndex = i;
    h[j].heapIndex = j;
  }
}

export interface TopKItemsTumblingOptions {
  /** K: how many of the most frequent values to return (1–100,000). */
  readonly k: number;
  /** Tumbling window size in seconds (1–3600). */
  readonly windowSize: number;
  /** Space-Saving counters (K–1,000,000); default max(10·K, 1000). */
  readonly capacity?: number;
}

export class TopKItemsTumbling extends TumblingWindow<TopKRow> {
  readonly k: number;
  readonly capacity: number;
  private readonly summary: SpaceSaving;

  constructor(options: TopKItemsTumblingOptions) {
    super('TOP_K_ITEMS_TUMBLING', options.windowSize);
    this.k = requireIntegerInRange(this.fn, 'K', options.k, TOP_K_LIMITS.k.min, TOP_K_LIMITS.k.max);
    this.capacity = requireIntegerInRange(this.fn, 'capacity', options.capacity ?? Math.max(10 * this.k, 1000), this.k, TOP_K_LIMITS.capacity.max);
    this.summary = new SpaceSaving(this.capacity);
  }

  protected accept(key: string, item: SketchItem): void {
    this.summary.add(key, item);
  }

  protected emit(windowEnd: number): TopKRow[] {
    return this.summary.top(this.k).map((t) => ({ ROWTIME: windowEnd, ITEM: t.item, ITEM_COUNT: t.count }));
  }

  protected reset(): void {
    this.summary.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// HyperLogLog

const encoder = new TextEncoder();

/** murmur3 x86_32 of the bytes. */
export function murmur3(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = bytes.length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = bytes.length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2] << 16;
    if (tail >= 2) k ^= bytes[blocks + 1] << 8;
    k ^= bytes[blocks];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED_HIGH = 0;
const SEED_LOW = 0x9747b28c;

export class HyperLogLog {
  readonly precision: number;
  readonly registerCount: number;
  private readonly registers: Uint8Array;

  constructor(precision: number = COUNT_DISTINCT_LIMITS.precision.default) {
    const P = COUNT_DISTINCT_LIMITS.precision;
    this.precision = requireIntegerInRange('COUNT_DISTINCT_ITEMS_TUMBLING', 'precision', precision, P.min, P.max);
    this.registerCount = 1 << this.precision;
    this.registers = new Uint8Array(this.registerCount);
  }

  /** Adds an item by its key (any string). */
  add(key: string): void {
    const bytes = encoder.encode(key);
    const h1 = murmur3(bytes, SEED_HIGH);
    const h2 = murmur3(bytes, SEED_LOW);
    const p = this.precision;
    const index = h1 >>> (32 - p);
    // The remaining 64 − p bits: the low 32 − p bits of h1, then h2. Rank = position of the first 1.
    const rest = (h1 << p) >>> 0;
    const rank = rest !== 0 ? Math.clz32(rest) + 1 : 32 - p + (h2 !== 0 ? Math.clz32(h2) + 1 : 33);
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  estimate(): number {
    const m = this.registerCount;
    let sum = 0;
    let zeros = 0;
    for (let j = 0; j < m; j++) {
      sum += 2 ** -this.registers[j];
      if (this.registers[j] === 0) zeros++;
    }
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
    return raw;
  }

  clear(): void {
    this.registers.fill(0);
  }
}

export interface CountDistinctItemsTumblingOptions {
  /** Tumbling window size in seconds (1–3600). */
  readonly windowSize: number;
  /** HyperLogLog precision (4–18), default 14. */
  readonly precision?: number;
}

export class CountDistinctItemsTumbling extends TumblingWindow<CountDistinctRow> {
  private exact: Set<string> | null = new Set();
  private readonly hll: HyperLogLog;

  constructor(options: CountDistinctItemsTumblingOptions) {
    super('COUNT_DISTINCT_ITEMS_TUMBLING', options.windowSize);
    this.hll = new HyperLogLog(options.precision ?? COUNT_DISTINCT_LIMITS.precision.default);
  }

  /** Whether the open window is still counted exactly. */
  get isExact(): boolean {
    return this.exact !== null;
  }

  protected accept(key: string): void {
    if (this.exact === null) {
      this.hll.add(key);
      return;
    }
    this.exact.add(key);
    if (this.exact.size > COUNT_DISTINCT_LIMITS.exactLimit) {
      for (const k of this.exact) this.hll.add(k);
      this.exact = null;
    }
  }

  protected emit(windowEnd: number): CountDistinctRow[] {
    const n = this.exact !== null ? this.exact.size : Math.round(this.hll.estimate());
    return [{ ROWTIME: windowEnd, NUMBER_OF_DISTINCT_ITEMS: BigInt(n) }];
  }

  protected reset(): void {
    this.exact = new Set();
    this.hll.clear();
  }
}
