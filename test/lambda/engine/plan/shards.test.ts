import { recommendShards } from '../../../../lambda/engine/plan/shards';

const MIB = 1024 * 1024;

describe('recommendShards', () => {
  test('2,500 records/s of 1 KiB: 3 shards by either limit, 4 with 1.25 headroom', () => {
    // bytes: 2,500 * 1,024 = 2,560,000 B/s = 2.44 MiB/s -> ceil = 3; * 1.25 = 3.05 -> 4
    // records: 2,500 / 1,000 = 2.5 -> 3; * 1.25 = 3.125 -> 4
    const r = recommendShards(2_500 * 1_024, 2_500);
    expect(r).toEqual({
      headroom: 1.25,
      byBytes: 3,
      byRecords: 3,
      byBytesWithHeadroom: 4,
      byRecordsWithHeadroom: 4,
      shards: 4,
      boundBy: 'bytes and records',
    });
  });

  test('the larger of the two limits decides', () => {
    // 5,000 records/s of 100 B: 0.48 MiB/s needs 1 shard, 5,000 records/s need 5 (* 1.25 = 6.25 -> 7).
    const small = recommendShards(5_000 * 100, 5_000);
    expect([small.byBytes, small.byRecords, small.shards, small.boundBy]).toEqual([1, 5, 7, 'records']);
    // 100 records/s of 50 KiB: 4.88 MiB/s -> 5 shards (* 1.25 = 6.1 -> 7); records need 1.
    const large = recommendShards(100 * 50 * 1_024, 100);
    expect([large.byBytes, large.byRecords, large.shards, large.boundBy]).toEqual([5, 1, 7, 'bytes']);
  });

  test('an exact multiple of the limit is not rounded up by float noise', () => {
    expect(recommendShards(3 * MIB, 3_000, 1)).toMatchObject({ byBytes: 3, byRecords: 3, shards: 3 });
    // 0.1 * 3 is 0.30000000000000004 in floating point: still 3 shards.
    expect(recommendShards(0.3 * MIB * 10, 300 * 10, 1).shards).toBe(3);
  });

  test('at least one shard; headroom below 1 is refused', () => {
    expect(recommendShards(1, 1).shards).toBe(1);
    expect(() => recommendShards(1, 1, 0.9)).toThrow('headroom must be ≥ 1');
  });
});
