/**
 * The shard map: shard IDs and hash-key ranges, and how CreateStream, SplitShard, MergeShards and
 * UpdateShardCount (UNIFORM_SCALING) cut the 128-bit key space. Pure functions over bigints.
 *
 * A new stream of N shards splits [0, 2^128-1] evenly: shard i starts at i * floor(2^128 / N) and ends
 * one before the next shard's start; the last shard ends at 2^128-1 (what AWS and kinesalite return,
 * e.g. 2 shards: [0, 170141183460469231731687303715884105727], [170141183460469231731687303715884105728,
 * 340282366920938463463374607431768211455]).
 */
import { HASH_KEY_MAX } from './limits';

/** An inclusive range of hash keys. */
export interface HashRange {
  readonly start: bigint;
  readonly end: bigint;
}

const KEY_SPACE = HASH_KEY_MAX + 1n;

/** The ranges of a new stream with `count` shards, in shard order. */
export function uniformRanges(count: number): HashRange[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`uniformRanges needs a positive shard count, got ${count}`);
  const width = KEY_SPACE / BigInt(count);
  const ranges: HashRange[] = [];
  for (let i = 0; i < count; i++) {
    const start = width * BigInt(i);
    const end = i === count - 1 ? HASH_KEY_MAX : width * BigInt(i + 1) - 1n;
    ranges.push({ start, end });
  }
  return ranges;
}

/** `shardId-000000000000`: AWS's IDs are the shard's creation index, zero-padded to 12 digits. */
export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

/**
 * The index a shard ID names, or undefined. AWS resolves IDs by their number: `shardId-000000000001`,
 * `shardId-1` and `1` all name shard 1 (kinesalite reproduces this).
 */
export function shardIndexOf(shardId: string): number | undefined {
  const dash = shardId.indexOf('-');
  const digits = dash === -1 ? shardId : shardId.slice(dash + 1).split('-')[0] ?? '';
  if (!/^\d+$/.test(digits)) return undefined;
  const index = Number(digits);
  return Number.isSafeInteger(index) && index <= 2147483647 ? index : undefined;
}

/** SplitShard's rule, as AWS words it: NewStartingHashKey must be greater than one plus StartingHashKey and less than EndingHashKey. */
export function isValidSplitPoint(range: HashRange, newStartingHashKey: bigint): boolean {
  return newStartingHashKey > range.start + 1n && newStartingHashKey < range.end;
}

/** The two children of a split at `newStart`: [start, newStart-1] and [newStart, end]. */
export function splitRange(range: HashRange, newStart: bigint): [HashRange, HashRange] {
  if (newStart <= range.start || newStart > range.end) throw new Error(`split point ${newStart} is outside [${range.start}, ${range.end}]`);
  return [
    { start: range.start, end: newStart - 1n },
    { start: newStart, end: range.end },
  ];
}

/** Two ranges are adjacent when their union is contiguous (in either order). */
export function areAdjacent(a: HashRange, b: HashRange): boolean {
  return a.end + 1n === b.start || b.end + 1n === a.start;
}

/** The union of two adjacent ranges. */
export function mergeRanges(a: HashRange, b: HashRange): HashRange {
  if (!areAdjacent(a, b)) throw new Error('mergeRanges needs adjacent ranges');
  return { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
}

export function containsKey(range: HashRange, key: bigint): boolean {
  return key >= range.start && key <= range.end;
}

/**
 * Binary search over ranges sorted by start that tile the key space (the open shards): the index of
 * the range holding `key`, or -1.
 */
export function findRange(sorted: readonly HashRange[], key: bigint): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = sorted[mid] as HashRange;
    if (key < r.start) hi = mid - 1;
    else if (key > r.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** One resharding step, naming open shards by the start of their range. */
export type ReshardStep =
  | { readonly kind: 'split'; readonly shardStart: bigint; readonly at: bigint }
  | { readonly kind: 'merge'; readonly leftStart: bigint; readonly rightStart: bigint };

/**
 * UpdateShardCount with UNIFORM_SCALING, as the splits and merges AWS performs (which is why it leaves
 * short-lived shards behind): first split every open shard at each target boundary inside it, then merge
 * the pieces inside each target range from left to right. The result is `target` open shards with the
 * ranges of a new stream of that size, and every child has one parent (split) or two adjacent parents
 * (merge). An open shard whose range is already a target range is left alone.
 */
export function planUniformScaling(open: readonly HashRange[], target: number): ReshardStep[] {
  const targets = uniformRanges(target);
  const boundaries = targets.slice(1).map((r) => r.start);
  const steps: ReshardStep[] = [];
  const pieces: HashRange[] = [];
  for (const range of [...open].sort((a, b) => (a.start < b.start ? -1 : 1))) {
    let current = range;
    for (const b of boundaries) {
      if (b > current.start && b <= current.end) {
        steps.push({ kind: 'split', shardStart: current.start, at: b });
        const [left, right] = splitRange(current, b);
        pieces.push(left);
        current = right;
      }
    }
    pieces.push(current);
  }
  for (const t of targets) {
    const inside = pieces.filter((p) => p.start >= t.start && p.end <= t.end);
    let merged = inside[0];
    for (const next of inside.slice(1)) {
      if (merged === undefined) break;
      steps.push({ kind: 'merge', leftStart: merged.start, rightStart: next.start });
      merged = mergeRanges(merged, next);
    }
  }
  return steps;
}
