import { ManualClock } from '../../../../lambda/engine/clock';
import { KinesisError } from '../../../../lambda/engine/kinesis/contract';
import { KinesisEngine, type KinesisEngineOptions } from '../../../../lambda/engine/kinesis/engine';
import { MemoryKinesisStore } from '../../../../lambda/engine/kinesis/memory-store';

/** 2023-11-14T22:13:20Z: a round, realistic time for ManualClock. */
export const T0 = 1_700_000_000_000;
export const ACCOUNT = '000000000000';

export function setup(options: Partial<KinesisEngineOptions> = {}) {
  const clock = new ManualClock(T0);
  const store = new MemoryKinesisStore();
  const engine = new KinesisEngine({ clock, store, throttle: 'off', ...options });
  return { clock, store, engine, call: (op: string, input: Record<string, unknown> = {}) => engine.call(op, input) };
}

/** The KinesisError `fn` throws (fails the test if it throws something else or nothing). */
export function caught(fn: () => unknown): KinesisError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KinesisError) return e;
    throw e;
  }
  throw new Error('expected a KinesisError, nothing was thrown');
}

export function expectError(fn: () => unknown, type: string, message: string): void {
  const e = caught(fn);
  expect({ type: e.type, message: e.message }).toEqual({ type, message });
}

export const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');
export const str = (b: unknown): string => Buffer.from(b as Uint8Array).toString('utf8');

interface Shard {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

/** Every shard, following NextToken: ListShards returns at most 1,000 a page. */
export function listShards(engine: KinesisEngine, stream: string): Shard[] {
  const shards: Shard[] = [];
  let page = engine.call('ListShards', { StreamName: stream });
  for (;;) {
    shards.push(...(page.Shards as Shard[]));
    if (typeof page.NextToken !== 'string') return shards;
    page = engine.call('ListShards', { NextToken: page.NextToken });
  }
}

export function openShards(engine: KinesisEngine, stream: string): Shard[] {
  return listShards(engine, stream).filter((s) => s.SequenceNumberRange.EndingSequenceNumber === undefined);
}

export interface ReadRecord {
  SequenceNumber: string;
  PartitionKey: string;
  Data: Uint8Array;
  ApproximateArrivalTimestamp: Date;
  EncryptionType?: string;
}

/**
 * Read a shard from TRIM_HORIZON until caught up (open shard) or its end (closed shard). With a clock,
 * wait 5 seconds between calls (what a 10 MiB response costs on a throttled stream).
 */
export function readShard(engine: KinesisEngine, stream: string, shardId: string, limit?: number, clock?: ManualClock) {
  let iterator = engine.call('GetShardIterator', { StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' })
    .ShardIterator as string | undefined;
  const records: ReadRecord[] = [];
  let last: Record<string, unknown> = {};
  for (let i = 0; i < 100_000 && iterator !== undefined; i++) {
    clock?.advance(5000);
    last = engine.call('GetRecords', { ShardIterator: iterator, ...(limit !== undefined ? { Limit: limit } : {}) });
    const batch = last.Records as ReadRecord[];
    records.push(...batch);
    iterator = last.NextShardIterator as string | undefined;
    if (batch.length === 0 && last.MillisBehindLatest === 0) break;
  }
  return { records, ended: iterator === undefined, childShards: last.ChildShards as unknown[] | undefined };
}

export { ManualClock, MemoryKinesisStore, KinesisEngine };
