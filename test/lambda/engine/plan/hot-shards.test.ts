import { hashKeyOf } from '../../../../lambda/engine/kinesis/hash-key';
import { PER_SHARD } from '../../../../lambda/engine/kinesis/limits';
import { isValidSplitPoint, uniformRanges } from '../../../../lambda/engine/kinesis/shard-map';
import { analyzeShards, isOverLimit } from '../../../../lambda/engine/plan/hot-shards';
import { recommendShards } from '../../../../lambda/engine/plan/shards';
import { recordedWorkload, uniformWorkload, type RecordedRecord } from '../../../../lambda/engine/plan/workload';

const HALF = 1n << 127n;

/** `count` records of `key` in the second starting at 0, each 1,024 bytes (key + data). */
const recordsOf = (key: string, count: number): RecordedRecord[] =>
  Array.from({ length: count }, () => ({ partitionKey: key, dataBytes: 1_024 - Buffer.byteLength(key), timeMs: 0 }));

/** Keys named `${prefix}${i}` whose MD5 hash key is in the lower (or upper) half of the key space. */
function keysIn(half: 'lower' | 'upper', count: number, prefix = 'k'): string[] {
  const keys: string[] = [];
  for (let i = 0; keys.length < count; i++) {
    const key = `${prefix}${i}`;
    if ((hashKeyOf(key) < HALF) === (half === 'lower')) keys.push(key);
  }
  return keys;
}

describe('analyzeShards', () => {
  test('uniform keys spread evenly: no hot shard at the recommended count', () => {
    const w = uniformWorkload(2_500, 1_024);
    const a = analyzeShards(w, recommendShards(w.peakBytesPerSecond, w.peakRecordsPerSecond).shards);
    expect(a.shardCount).toBe(4);
    expect(a.hot).toEqual([]);
    expect(a.shardsAfterSplits).toBe(4);
    for (const s of a.shards) expect(s.load.recordsPerSecond).toBeCloseTo(625, 6);
    expect(a.shards.map((s) => s.range)).toEqual(uniformRanges(4));
  });

  test('one key with 60% of the traffic makes its shard hot; the splits leave every piece under the limit', () => {
    // 1,500 records/s of 1 KiB: 1.46 MiB/s * 1.25 -> 2 shards; 1,875 records/s -> 2 shards.
    // "hot" carries 900 records/s (60%); 200 other keys carry 3 records/s each.
    const others = [...keysIn('lower', 100), ...keysIn('upper', 100)];
    const records = [...recordsOf('hot', 900), ...others.flatMap((k) => recordsOf(k, 3))];
    const w = recordedWorkload(records);
    expect([w.peakRecordsPerSecond, w.peakBytesPerSecond]).toEqual([1_500, 1_500 * 1_024]);
    const shards = recommendShards(w.peakBytesPerSecond, w.peakRecordsPerSecond).shards;
    expect(shards).toBe(2);
    const a = analyzeShards(w, shards);

    // "hot" lands in one shard with its 100 neighbours: 900 + 300 = 1,200 records/s > 1,000.
    const hotIndex = hashKeyOf('hot') < HALF ? 0 : 1;
    expect(a.hot).toHaveLength(1);
    const hot = a.hot[0]!;
    expect(hot.shardId).toBe(`shardId-00000000000${hotIndex}`);
    expect(hot.load.recordsPerSecond).toBeCloseTo(1_200, 6);
    expect(hot.load.bytesPerSecond).toBeCloseTo(1_200 * 1_024, 3);
    expect(hot.heaviestKey?.partitionKey).toBe('hot');
    expect(a.shards[1 - hotIndex]!.load.recordsPerSecond).toBeCloseTo(300, 6);
    expect(a.shards[1 - hotIndex]!.hot).toBe(false);

    // Every split is valid inside the range it splits, and once all are applied (in order) no piece is
    // over the limit. "hot" has neighbours on both sides in hash-key order, so it takes two splits to
    // leave it (900 records/s) with few enough of them.
    const first = hot.splits[0]!;
    expect(first.range).toEqual(hot.range);
    expect(first.left.recordsPerSecond + first.right.recordsPerSecond).toBeCloseTo(1_200, 6);
    const pieces = [hot.range];
    for (const split of hot.splits) {
      expect(isValidSplitPoint(split.range, split.newStartingHashKey)).toBe(true);
      const at = pieces.findIndex((p) => p.start === split.range.start && p.end === split.range.end);
      expect(at).toBeGreaterThanOrEqual(0);
      pieces.splice(at, 1, { start: split.range.start, end: split.newStartingHashKey - 1n }, { start: split.newStartingHashKey, end: split.range.end });
    }
    expect(hot.splits).toHaveLength(2);
    const keyLoads = new Map<string, number>([['hot', 900], ...others.map((k) => [k, 3] as const)]);
    const piecesLoad = pieces.map((p) => [...keyLoads].filter(([k]) => hashKeyOf(k) >= p.start && hashKeyOf(k) <= p.end).reduce((n, [, r]) => n + r, 0));
    expect(piecesLoad.reduce((n, r) => n + r, 0)).toBe(1_200);
    for (const r of piecesLoad) expect(r).toBeLessThanOrEqual(1_000);
    expect(Math.max(...piecesLoad)).toBeGreaterThanOrEqual(900);
    expect(hot.unsplittableKeys).toEqual([]);
    expect(a.keysOverLimit).toEqual([]);
    expect(a.shardsAfterSplits).toBe(4);
  });

  test('many equal keys crowded into one shard: the split key is their median and halves the load', () => {
    // 300 keys, all in the lower half of the key space, 5 records/s each: 1,500 records/s on shard 0.
    const keys = keysIn('lower', 300);
    const w = recordedWorkload(keys.flatMap((k) => recordsOf(k, 5)));
    const a = analyzeShards(w, 2);
    expect(a.hot.map((h) => h.shardId)).toEqual(['shardId-000000000000']);
    const hot = a.hot[0]!;
    expect(hot.load.recordsPerSecond).toBeCloseTo(1_500, 6);
    expect(hot.splits).toHaveLength(1);
    const split = hot.splits[0]!;
    // Sorted by hash key, the 151st key starts the upper half: 150 keys (750 records/s) on each side.
    const sorted = keys.map(hashKeyOf).sort((x, y) => (x < y ? -1 : 1));
    expect(split.newStartingHashKey).toBe(sorted[150]);
    expect(split.newStartingHashKey > hot.range.start && split.newStartingHashKey < hot.range.end).toBe(true);
    expect(split.left.recordsPerSecond).toBeCloseTo(750, 6);
    expect(split.right.recordsPerSecond).toBeCloseTo(750, 6);
    expect(split.left.bytesPerSecond).toBeCloseTo(750 * 1_024, 3);
  });

  test('a split half still over the limit is split again', () => {
    // 600 keys in the lower half at 5 records/s: 3,000 records/s on shard 0 of 2.
    const w = recordedWorkload(keysIn('lower', 600).flatMap((k) => recordsOf(k, 5)));
    const a = analyzeShards(w, 2);
    const hot = a.hot[0]!;
    // 3,000 -> 1,500 + 1,500 -> 4 * 750: three splits, the first of the whole shard.
    expect(hot.splits).toHaveLength(3);
    expect(hot.splits[0]!.range).toEqual(hot.range);
    const [first, second, third] = hot.splits as [typeof hot.splits[0], typeof hot.splits[0], typeof hot.splits[0]];
    expect(second.range).toEqual({ start: hot.range.start, end: first.newStartingHashKey - 1n });
    expect(third.range).toEqual({ start: first.newStartingHashKey, end: hot.range.end });
    for (const s of [second, third]) {
      expect(isOverLimit(s.left) || isOverLimit(s.right)).toBe(false);
    }
    expect(a.shardsAfterSplits).toBe(5);
  });

  test('with times, a key bursting outside the stream\'s peak second is still seen', () => {
    // Second 0: "burst" writes 1,100 records. Seconds 1-10: 300 keys write 5 records each, 1,500 records/s.
    const others = keysIn('lower', 150).concat(keysIn('upper', 150));
    const at = (second: number) => (r: RecordedRecord): RecordedRecord => ({ ...r, timeMs: second * 1_000 });
    const records = [
      ...recordsOf('burst', 1_100),
      ...Array.from({ length: 10 }, (_, s) => others.flatMap((k) => recordsOf(k, 5).map(at(s + 1)))).flat(),
    ];
    const w = recordedWorkload(records);
    expect(w.peakRecordsPerSecond).toBe(1_500);
    expect(w.peakRecordsSecond).toBe('1970-01-01T00:00:01Z');
    // Its share of the input (1,100 of 16,100 records) times the peak would be 102 records/s; its own second holds 1,100.
    const a = analyzeShards(w, 2);
    expect(a.keysOverLimit.map((k) => [k.partitionKey, k.load.recordsPerSecond])).toEqual([['burst', 1_100]]);
    expect(a.hot.flatMap((h) => h.unsplittableKeys.map((k) => k.partitionKey))).toEqual(['burst']);
  });

  test('without times, each key carries its share of the input at the --peak-rps peak', () => {
    // "big" is 60% of the records: at 2,000 records/s it writes 1,200 records/s.
    const untimed = [...recordsOf('big', 6), ...keysIn('lower', 4).flatMap((k) => recordsOf(k, 1))].map(({ partitionKey, dataBytes }) => ({ partitionKey, dataBytes }));
    const a = analyzeShards(recordedWorkload(untimed, { peakRecordsPerSecond: 2_000 }), 3);
    expect(a.keysOverLimit.map((k) => [k.partitionKey, k.load.recordsPerSecond])).toEqual([['big', 1_200]]);
    expect(a.shards.reduce((n, s) => n + s.load.recordsPerSecond, 0)).toBeCloseTo(2_000, 9);
  });

  test('a single key above a shard\'s limit cannot be fixed by splitting', () => {
    // "whale" writes 1,200 records/s of 1 KiB (1.17 MiB/s): over both limits on its own.
    const w = recordedWorkload([...recordsOf('whale', 1_200), ...keysIn('lower', 50).flatMap((k) => recordsOf(k, 2))]);
    const a = analyzeShards(w, 4);
    expect(a.keysOverLimit.map((k) => k.partitionKey)).toEqual(['whale']);
    expect(a.keysOverLimit[0]!.load.recordsPerSecond).toBeCloseTo(1_200, 6);
    expect(a.keysOverLimit[0]!.load.bytesPerSecond).toBeGreaterThan(PER_SHARD.writeBytesPerSecond);
    const hot = a.hot.find((h) => h.unsplittableKeys.length > 0);
    expect(hot?.unsplittableKeys.map((k) => k.partitionKey)).toEqual(['whale']);
    expect(hot?.unsplittableKeys[0]!.hashKey).toBe(hashKeyOf('whale'));
  });
});
