/**
 * What the stream saw, per shard and simulated second: records and bytes stored, entries throttled;
 * and the load over the 128-bit hash-key space (binned), for the report's heat map.
 */
import { hashKeyOf } from '../kinesis/hash-key';

export interface ShardSeries {
  readonly shardId: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  /** Index i: the second [startMs + i s, startMs + (i + 1) s). */
  readonly records: number[];
  readonly bytes: number[];
  readonly throttled: number[];
}

export interface HashHeat {
  readonly bins: number;
  /** Records stored per bin of the hash space (bin b: [b, b + 1) × 2^128 / bins). */
  readonly counts: number[];
}

export const HEAT_BINS = 64;

export class WriteMetrics {
  private readonly shards = new Map<string, ShardSeries>();
  private readonly heat = new Array<number>(HEAT_BINS).fill(0);
  private readonly binOfKey = new Map<string, number>();
  private seconds = 0;

  constructor(
    readonly startMs: number,
    shards: readonly { shardId: string; startingHashKey: string; endingHashKey: string }[],
  ) {
    for (const s of shards) this.shards.set(s.shardId, { ...s, records: [], bytes: [], throttled: [] });
  }

  stored(shardId: string, partitionKey: string, bytes: number, now: number): void {
    const series = this.series(shardId);
    const i = this.second(now);
    series.records[i] = (series.records[i] ?? 0) + 1;
    series.bytes[i] = (series.bytes[i] ?? 0) + bytes;
    let bin = this.binOfKey.get(partitionKey);
    if (bin === undefined) {
      // The top bits of the MD5 hash key pick the bin (cached: hot keys repeat).
      bin = Number(hashKeyOf(partitionKey) >> BigInt(128 - Math.log2(HEAT_BINS)));
      this.binOfKey.set(partitionKey, bin);
    }
    this.heat[bin] = (this.heat[bin] ?? 0) + 1;
  }

  throttled(shardId: string | undefined, now: number): void {
    const series = this.series(shardId ?? [...this.shards.keys()][0] ?? 'shardId-000000000000');
    const i = this.second(now);
    series.throttled[i] = (series.throttled[i] ?? 0) + 1;
  }

  /** Dense per-second series (zeros filled in) up to the last second anything happened. */
  result(): { startMs: number; seconds: number; shards: ShardSeries[]; heat: HashHeat } {
    const dense = (a: number[]): number[] => Array.from({ length: this.seconds }, (_, i) => a[i] ?? 0);
    return {
      startMs: this.startMs,
      seconds: this.seconds,
      shards: [...this.shards.values()].map((s) => ({ ...s, records: dense(s.records), bytes: dense(s.bytes), throttled: dense(s.throttled) })),
      heat: { bins: HEAT_BINS, counts: [...this.heat] },
    };
  }

  private second(now: number): number {
    const i = Math.max(0, Math.floor((now - this.startMs) / 1000));
    this.seconds = Math.max(this.seconds, i + 1);
    return i;
  }

  private series(shardId: string): ShardSeries {
    let s = this.shards.get(shardId);
    if (s === undefined) {
      s = { shardId, startingHashKey: '0', endingHashKey: '0', records: [], bytes: [], throttled: [] };
      this.shards.set(shardId, s);
    }
    return s;
  }
}
