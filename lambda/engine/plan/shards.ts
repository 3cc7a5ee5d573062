/**
 * How many provisioned shards a peak needs: each shard takes 1 MiB/s or 1,000 records/s of writes
 * (limits.ts), and the count is sized for the peak times a headroom factor, so that a peak a little
 * above the recorded one, or a key layout a little uneven, is not throttled.
 */
import { PER_SHARD } from '../kinesis/limits';

export const DEFAULT_HEADROOM = 1.25;

export interface ShardRecommendation {
  readonly headroom: number;
  /** Shards needed for the peak's bytes and records alone (no headroom). */
  readonly byBytes: number;
  readonly byRecords: number;
  /** Same with headroom: the recommendation is the larger of the two. */
  readonly byBytesWithHeadroom: number;
  readonly byRecordsWithHeadroom: number;
  readonly shards: number;
  /** Which limit decided the count. */
  readonly boundBy: 'bytes' | 'records' | 'bytes and records';
}

/**
 * ceil(x / limit) without float noise: 2.5 * 1.25 * 1000 / 1000 must be 3.125 → 4, and an exact
 * multiple (3 MiB/s → 3) must not become 4 because of a rounding error in the last bit.
 */
function shardsFor(value: number, limit: number): number {
  const ratio = value / limit;
  const rounded = Math.round(ratio);
  return Math.max(1, Math.abs(ratio - rounded) < 1e-9 ? rounded : Math.ceil(ratio));
}

export function recommendShards(peakBytesPerSecond: number, peakRecordsPerSecond: number, headroom = DEFAULT_HEADROOM): ShardRecommendation {
  if (!(headroom >= 1)) throw new Error(`headroom must be ≥ 1, got ${headroom}`);
  const byBytesWithHeadroom = shardsFor(peakBytesPerSecond * headroom, PER_SHARD.writeBytesPerSecond);
  const byRecordsWithHeadroom = shardsFor(peakRecordsPerSecond * headroom, PER_SHARD.writeRecordsPerSecond);
  return {
    headroom,
    byBytes: shardsFor(peakBytesPerSecond, PER_SHARD.writeBytesPerSecond),
    byRecords: shardsFor(peakRecordsPerSecond, PER_SHARD.writeRecordsPerSecond),
    byBytesWithHeadroom,
    byRecordsWithHeadroom,
    shards: Math.max(byBytesWithHeadroom, byRecordsWithHeadroom),
    boundBy: byBytesWithHeadroom === byRecordsWithHeadroom ? 'bytes and records' : byBytesWithHeadroom > byRecordsWithHeadroom ? 'bytes' : 'records',
  };
}
