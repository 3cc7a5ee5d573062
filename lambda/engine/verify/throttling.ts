/**
 * Throttling: would the sampled write load throttle on the provisioned shards? Observed rates are per
 * clock second of ApproximateArrivalTimestamp on the shards as sampled. The replay routes every record
 * (by its hash key) onto `provisionedShards` evenly split shards, the layout CreateStream and
 * UpdateShardCount(UNIFORM_SCALING) make, and feeds each one's ShardThrottle (the engine's sliding
 * 1,000 records/s and 1 MiB/s window) in arrival order.
 */
import { PER_SHARD } from '../kinesis/limits';
import { findRange, uniformRanges } from '../kinesis/shard-map';
import { ShardThrottle } from '../kinesis/throttle';
import { byArrival, type SampleRecord } from './records';
import type { ReplayShard, SampledShard, ShardRates, ThrottlingReport } from './types';

interface Peaks {
  records: number;
  bytes: number;
  peakRecordsPerSecond: number;
  peakBytesPerSecond: number;
}

function peaks(records: readonly SampleRecord[]): Peaks {
  const perSecond = new Map<number, { records: number; bytes: number }>();
  let bytes = 0;
  for (const r of records) {
    const second = Math.floor(r.arrival / 1000);
    const s = perSecond.get(second) ?? { records: 0, bytes: 0 };
    s.records++;
    s.bytes += r.bytes;
    perSecond.set(second, s);
    bytes += r.bytes;
  }
  let peakRecordsPerSecond = 0;
  let peakBytesPerSecond = 0;
  for (const s of perSecond.values()) {
    peakRecordsPerSecond = Math.max(peakRecordsPerSecond, s.records);
    peakBytesPerSecond = Math.max(peakBytesPerSecond, s.bytes);
  }
  return { records: records.length, bytes, peakRecordsPerSecond, peakBytesPerSecond };
}

export function openShardCount(shards: readonly SampledShard[]): number {
  return shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).length;
}

export function replayThrottling(
  shards: readonly SampledShard[],
  byShard: ReadonlyMap<string, readonly SampleRecord[]>,
  provisioned: number | undefined,
): ThrottlingReport {
  const observed: ShardRates[] = [...byShard].map(([shardId, records]) => ({ shardId, ...peaks(records) }));
  const openShards = openShardCount(shards);
  const provisionedShards = provisioned ?? Math.max(1, openShards);
  const ranges = uniformRanges(provisionedShards);
  const routed: SampleRecord[][] = ranges.map(() => []);
  for (const r of byArrival([...byShard.values()].flat())) {
    const key = r.candidateHashKeys[0];
    if (key === undefined) continue; // an invalid key: routing reports it
    routed[findRange(ranges, key)]?.push(r);
  }
  const replay: ReplayShard[] = routed.map((records, shard) => {
    const throttle = new ShardThrottle();
    const seconds = new Set<number>();
    let throttledRecords = 0;
    for (const r of records) {
      if (throttle.tryWrite(r.arrival, r.bytes)) continue;
      throttledRecords++;
      seconds.add(Math.floor(r.arrival / 1000));
    }
    const range = ranges[shard] as { start: bigint; end: bigint };
    const p = peaks(records);
    return {
      shard,
      range: [range.start.toString(), range.end.toString()],
      records: records.length,
      throttledRecords,
      throttledSeconds: seconds.size,
      peakRecordsPerSecond: p.peakRecordsPerSecond,
      peakBytesPerSecond: p.peakBytesPerSecond,
    };
  });
  return {
    limits: { recordsPerSecond: PER_SHARD.writeRecordsPerSecond, bytesPerSecond: PER_SHARD.writeBytesPerSecond },
    observed,
    provisionedShards,
    openShards,
    replay,
    throttledRecords: replay.reduce((n, s) => n + s.throttledRecords, 0),
    throttleSeconds: replay.reduce((n, s) => n + s.throttledSeconds, 0),
  };
}
