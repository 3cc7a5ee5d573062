/** Shared fixtures for the verifier tests: a split stream with real MD5 routing, and record builders. */
import { hashKeyOf } from '../../../../lambda/engine/kinesis/hash-key';
import { HASH_KEY_MAX } from '../../../../lambda/engine/kinesis/limits';
import type { SampledRecord, SampledShard, ShardSample } from '../../../../lambda/engine/verify';

export const HALF = 1n << 127n;
export const QUARTER = 1n << 126n;
export const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);

const range = (start: bigint, end: bigint) => ({ StartingHashKey: start.toString(), EndingHashKey: end.toString() });

/**
 * Four shards: shardId-000000000000 covered [0, 2^127) until it was split at 2^126 into 2 and 3;
 * shardId-000000000001 covers [2^127, 2^128).
 */
export const SHARDS: SampledShard[] = [
  { ShardId: 'shardId-000000000000', HashKeyRange: range(0n, HALF - 1n), SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '199' } },
  { ShardId: 'shardId-000000000001', HashKeyRange: range(HALF, HASH_KEY_MAX), SequenceNumberRange: { StartingSequenceNumber: '100' } },
  { ShardId: 'shardId-000000000002', ParentShardId: 'shardId-000000000000', HashKeyRange: range(0n, QUARTER - 1n), SequenceNumberRange: { StartingSequenceNumber: '200' } },
  { ShardId: 'shardId-000000000003', ParentShardId: 'shardId-000000000000', HashKeyRange: range(QUARTER, HALF - 1n), SequenceNumberRange: { StartingSequenceNumber: '200' } },
];

/** The n-th partition key (`pk-0`, `pk-1`, ...) whose MD5 lies in [start, end]. */
export function keyIn(start: bigint, end: bigint, n = 0): string {
  let found = 0;
  for (let i = 0; ; i++) {
    const key = `pk-${i}`;
    const h = hashKeyOf(key);
    if (h >= start && h <= end && found++ === n) return key;
  }
}

export const KEY_LOW = (n = 0) => keyIn(0n, QUARTER - 1n, n); // shard 2 (and its parent 0)
export const KEY_MID = (n = 0) => keyIn(QUARTER, HALF - 1n, n); // shard 3 (and its parent 0)
export const KEY_HIGH = (n = 0) => keyIn(HALF, HASH_KEY_MAX, n); // shard 1

export function rec(seq: bigint | string, partitionKey: string, arrival: number, data: Uint8Array | string = 'x'): SampledRecord {
  return {
    SequenceNumber: seq.toString(),
    PartitionKey: partitionKey,
    ApproximateArrivalTimestamp: new Date(arrival),
    Data: typeof data === 'string' ? Buffer.from(data) : data,
  };
}

export function sample(ShardId: string, Records: SampledRecord[], complete = true): ShardSample {
  return { ShardId, Records, complete };
}
