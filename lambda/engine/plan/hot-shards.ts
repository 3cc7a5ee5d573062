/**
 * Hot shards: the stream's default layout for N shards (CreateStream's even split of the hash-key
 * space, shard-map.ts) loaded with the workload. With recorded times, a shard's load is its busiest
 * second (records and bytes each), so a key that bursts at another time than the stream's peak is seen;
 * without times, each key carries its share of the input times the peak rate. A shard is hot when that
 * load exceeds a shard's write limit. For each hot shard,
 * the SplitShard NewStartingHashKey that halves its load: the bytes-weighted median of the hash keys
 * it holds (splitting again while a half is still hot). One key above the limit stays on one shard
 * whatever the layout: splitting cannot fix it, only more partition keys can.
 */
import { HASH_KEY_MAX, PER_SHARD } from '../kinesis/limits';
import { findRange, isValidSplitPoint, shardIdOf, uniformRanges, type HashRange } from '../kinesis/shard-map';
import type { KeyLoad, SecondLoad, Workload } from './workload';

export interface Load {
  readonly recordsPerSecond: number;
  readonly bytesPerSecond: number;
}

export interface ShardLoad {
  readonly shardId: string;
  readonly range: HashRange;
  readonly load: Load;
  readonly hot: boolean;
}

/** One SplitShard call: split the shard covering `range` at `newStartingHashKey`. */
export interface SplitAdvice {
  readonly range: HashRange;
  readonly newStartingHashKey: bigint;
  readonly left: Load;
  readonly right: Load;
}

/** A partition key at the peak. */
export interface PeakKey {
  readonly partitionKey: string;
  readonly hashKey: bigint;
  readonly load: Load;
}

export interface HotShard {
  readonly shardId: string;
  readonly range: HashRange;
  readonly load: Load;
  /** In the order to apply them (a later split may split a child of an earlier one). */
  readonly splits: readonly SplitAdvice[];
  /** Keys that alone exceed a shard's limit: no split helps them. */
  readonly unsplittableKeys: readonly PeakKey[];
  readonly heaviestKey?: PeakKey;
}

export interface ShardAnalysis {
  readonly shardCount: number;
  readonly shards: readonly ShardLoad[];
  readonly hot: readonly HotShard[];
  /** Every key that alone exceeds a shard's write limit (heaviest first). */
  readonly keysOverLimit: readonly PeakKey[];
  /** Open shards once every advised split is done. */
  readonly shardsAfterSplits: number;
}

const KEY_SPACE = HASH_KEY_MAX + 1n;

export const isOverLimit = (l: Load): boolean =>
  l.bytesPerSecond > PER_SHARD.writeBytesPerSecond || l.recordsPerSecond > PER_SHARD.writeRecordsPerSecond;

const scale = (l: Load, f: number): Load => ({ recordsPerSecond: l.recordsPerSecond * f, bytesPerSecond: l.bytesPerSecond * f });
const fraction = (range: HashRange): number => Number(range.end - range.start + 1n) / Number(KEY_SPACE);

/** The load at the peak of a set of keys. */
type LoadOf = (keys: readonly KeyLoad[]) => Load;

/** With times: the busiest second of the keys together (records and bytes each), scaled to the rates. */
function timedLoad(scaleBy: number): LoadOf {
  return (keys) => {
    const seconds = new Map<number, SecondLoad>();
    for (const k of keys) {
      for (const [second, l] of k.perSecond ?? []) {
        const s = seconds.get(second);
        if (s === undefined) seconds.set(second, { records: l.records, bytes: l.bytes });
        else {
          s.records += l.records;
          s.bytes += l.bytes;
        }
      }
    }
    let records = 0;
    let bytes = 0;
    for (const l of seconds.values()) {
      if (l.records > records) records = l.records;
      if (l.bytes > bytes) bytes = l.bytes;
    }
    return { recordsPerSecond: records * scaleBy, bytesPerSecond: bytes * scaleBy };
  };
}

/** Without times: each key's share of the input's records and bytes, times the peak rates. */
function shareLoad(workload: Workload): LoadOf {
  const keys = workload.keys ?? [];
  const records = keys.reduce((n, k) => n + k.records, 0);
  const bytes = keys.reduce((n, k) => n + k.bytes, 0);
  return (subset) => ({
    recordsPerSecond: (subset.reduce((n, k) => n + k.records, 0) / records) * workload.peakRecordsPerSecond,
    bytesPerSecond: (subset.reduce((n, k) => n + k.bytes, 0) / bytes) * workload.peakBytesPerSecond,
  });
}

const peakKey = (k: KeyLoad, loadOf: LoadOf): PeakKey => ({ partitionKey: k.partitionKey, hashKey: k.hashKey, load: loadOf([k]) });
const byHashKey = (a: KeyLoad, b: KeyLoad): number => (a.hashKey < b.hashKey ? -1 : a.hashKey > b.hashKey ? 1 : 0);

export function analyzeShards(workload: Workload, shardCount: number): ShardAnalysis {
  const ranges = uniformRanges(shardCount);
  const peak: Load = { recordsPerSecond: workload.peakRecordsPerSecond, bytesPerSecond: workload.peakBytesPerSecond };
  const keys = workload.keys ?? [];
  const timed = keys.length > 0 && keys.every((k) => k.perSecond !== undefined);
  const loadOf = timed ? timedLoad(workload.rateScale ?? 1) : shareLoad(workload);
  const byShard: KeyLoad[][] = ranges.map(() => []);
  for (const k of keys) byShard[findRange(ranges, k.hashKey)]?.push(k);

  const shards: ShardLoad[] = [];
  const hot: HotShard[] = [];
  let splitCount = 0;
  ranges.forEach((range, i) => {
    const inShard = (byShard[i] as KeyLoad[]).sort(byHashKey);
    const load = workload.keys === undefined ? scale(peak, fraction(range)) : loadOf(inShard);
    const shardId = shardIdOf(i);
    const isHot = isOverLimit(load);
    shards.push({ shardId, range, load, hot: isHot });
    if (!isHot) return;
    const splits: SplitAdvice[] = [];
    const unsplittable: PeakKey[] = [];
    if (workload.keys === undefined) splitUniform(range, load, splits);
    else splitKeyed(range, inShard, loadOf, splits, unsplittable);
    splitCount += splits.length;
    const heaviest = inShard.map((k) => peakKey(k, loadOf)).sort((a, b) => b.load.bytesPerSecond - a.load.bytesPerSecond)[0];
    hot.push({ shardId, range, load, splits, unsplittableKeys: unsplittable, ...(heaviest ? { heaviestKey: heaviest } : {}) });
  });
  return {
    shardCount,
    shards,
    hot,
    keysOverLimit: keys.map((k) => peakKey(k, loadOf)).filter((k) => isOverLimit(k.load)).sort((a, b) => b.load.bytesPerSecond - a.load.bytesPerSecond),
    shardsAfterSplits: shardCount + splitCount,
  };
}

/** Evenly spread load: the median is the middle of the range. */
function splitUniform(range: HashRange, load: Load, splits: SplitAdvice[]): void {
  if (!isOverLimit(load)) return;
  const mid = range.start + (range.end - range.start + 1n) / 2n;
  if (!isValidSplitPoint(range, mid)) return;
  const half = scale(load, 0.5);
  splits.push({ range, newStartingHashKey: mid, left: half, right: half });
  splitUniform({ start: range.start, end: mid - 1n }, half, splits);
  splitUniform({ start: mid, end: range.end }, half, splits);
}

/**
 * Splits between the two adjacent keys (sorted by hash key) where the input's bytes on either side are
 * closest to equal; the new shard starts at the upper key's hash key. Recurses into a half that is
 * still hot; a lone key over the limit is reported instead.
 */
function splitKeyed(range: HashRange, keys: readonly KeyLoad[], loadOf: LoadOf, splits: SplitAdvice[], unsplittable: PeakKey[]): void {
  if (!isOverLimit(loadOf(keys))) return;
  if (keys.length === 1) {
    unsplittable.push(peakKey(keys[0] as KeyLoad, loadOf));
    return;
  }
  const totalBytes = keys.reduce((n, k) => n + k.bytes, 0);
  let best: { index: number; gap: number } | undefined;
  let left = 0;
  for (let i = 1; i < keys.length; i++) {
    left += (keys[i - 1] as KeyLoad).bytes;
    const gap = Math.abs(left - (totalBytes - left));
    if (best === undefined || gap < best.gap) best = { index: i, gap };
  }
  const at = (best as { index: number }).index;
  const below = (keys[at - 1] as KeyLoad).hashKey;
  // The upper key's hash is the median; if SplitShard's rule forbids it (a key at the range's edge), any
  // key after the lower key's hash splits the same way.
  const newStart = [(keys[at] as KeyLoad).hashKey, below + 1n].find((c) => isValidSplitPoint(range, c) && c > below);
  if (newStart === undefined) {
    unsplittable.push(...keys.map((k) => peakKey(k, loadOf)).filter((k) => isOverLimit(k.load)));
    return;
  }
  const lower = keys.slice(0, at);
  const higher = keys.slice(at);
  splits.push({ range, newStartingHashKey: newStart, left: loadOf(lower), right: loadOf(higher) });
  splitKeyed({ start: range.start, end: newStart - 1n }, lower, loadOf, splits, unsplittable);
  splitKeyed({ start: newStart, end: range.end }, higher, loadOf, splits, unsplittable);
}
