/**
 * Routing: every record must sit on a shard whose HashKeyRange holds its hash key. A record on a closed
 * parent shard is checked against that parent's range (it was written before the split or merge).
 */
import { containsKey, type HashRange } from '../kinesis/shard-map';
import { safeHashKey, type SampleRecord } from './records';
import type { MisplacedRecord, RoutingReport, SampledShard } from './types';

const EXAMPLES = 10;

export function rangeOf(shard: SampledShard): HashRange {
  return { start: BigInt(shard.HashKeyRange.StartingHashKey), end: BigInt(shard.HashKeyRange.EndingHashKey) };
}

export function checkRouting(shards: readonly SampledShard[], records: readonly SampleRecord[]): RoutingReport {
  const ranges = new Map(shards.map((s) => [s.ShardId, rangeOf(s)]));
  const misplaced: MisplacedRecord[] = [];
  const unknown = new Set<string>();
  let misplacedCount = 0;
  let kplRecords = 0;
  let userRecords = 0;
  let outside = 0;
  let checked = 0;
  for (const r of records) {
    const range = ranges.get(r.shardId);
    if (range === undefined) {
      unknown.add(r.shardId);
      continue;
    }
    checked++;
    userRecords += r.userRecords?.length ?? 1;
    if (r.userRecords !== undefined) {
      kplRecords++;
      for (const u of r.userRecords) {
        const key = safeHashKey(u.partitionKey, u.explicitHashKey);
        if (key !== undefined && !containsKey(range, key)) outside++;
      }
    }
    if (r.candidateHashKeys.some((k) => containsKey(range, k))) continue;
    misplacedCount++;
    if (misplaced.length >= EXAMPLES) continue;
    const key = r.candidateHashKeys[0];
    misplaced.push({
      shardId: r.shardId,
      sequenceNumber: r.record.SequenceNumber,
      partitionKey: r.record.PartitionKey,
      hashKey: key === undefined ? 'invalid' : key.toString(),
      shardRange: [range.start.toString(), range.end.toString()],
      expectedShards: key === undefined ? [] : [...ranges].filter(([, rg]) => containsKey(rg, key)).map(([id]) => id),
      kpl: r.userRecords !== undefined,
    });
  }
  return { checked, kplRecords, userRecords, misplacedCount, misplaced, kplSubRecordsOutsideShard: outside, unknownShards: [...unknown].sort() };
}
