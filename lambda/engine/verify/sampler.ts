/**
 * Reading a sample of a stream through a port shaped like the Kinesis API (the host adapts its SDK
 * client): ListShards (every page), then per shard GetShardIterator AT_TIMESTAMP and GetRecords until
 * the record limit, the shard's tip (MillisBehindLatest 0) or its end (no NextShardIterator). Calls to
 * one shard are spaced by `callSpacingMs` so the reader stays under GetRecords' 5 calls/s per shard.
 */
import { GET_RECORDS, PER_SHARD } from '../kinesis/limits';
import type { SampledRecord, SampledShard, ShardSample } from './types';

export interface ReadPortRecord {
  readonly SequenceNumber?: string;
  readonly PartitionKey?: string;
  readonly ApproximateArrivalTimestamp?: Date;
  readonly Data?: Uint8Array;
}

/** The three Kinesis calls the verifier makes, with the SDK's request and response shapes. */
export interface KinesisReadPort {
  listShards(input: { StreamName?: string; NextToken?: string }): Promise<{ Shards?: readonly SampledShard[]; NextToken?: string }>;
  getShardIterator(input: { StreamName: string; ShardId: string; ShardIteratorType: 'AT_TIMESTAMP'; Timestamp: Date }): Promise<{ ShardIterator?: string }>;
  getRecords(input: { ShardIterator: string; Limit: number }): Promise<{ Records?: readonly ReadPortRecord[]; NextShardIterator?: string; MillisBehindLatest?: number }>;
}

export interface SampleOptions {
  readonly streamName: string;
  /** AT_TIMESTAMP start (epoch ms). */
  readonly from: number;
  /** Records per shard. */
  readonly limit: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** @default 1000 / 5 calls per second, plus a little */
  readonly callSpacingMs?: number;
  /** Empty responses a shard may return while still behind its tip before the read gives up. @default 20 */
  readonly maxEmptyReads?: number;
}

export interface StreamSample {
  readonly shards: SampledShard[];
  readonly samples: ShardSample[];
  readonly calls: { listShards: number; getShardIterator: number; getRecords: number };
}

const DEFAULT_SPACING_MS = Math.ceil(1000 / PER_SHARD.getRecordsCallsPerSecond) + 20;

export async function listAllShards(port: KinesisReadPort, streamName: string, calls: { listShards: number }): Promise<SampledShard[]> {
  const shards: SampledShard[] = [];
  let token: string | undefined;
  do {
    // ListShards refuses StreamName together with NextToken.
    const page = await port.listShards(token === undefined ? { StreamName: streamName } : { NextToken: token });
    calls.listShards++;
    shards.push(...(page.Shards ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return shards;
}

function toSampled(r: ReadPortRecord): SampledRecord {
  return {
    SequenceNumber: r.SequenceNumber ?? '',
    PartitionKey: r.PartitionKey ?? '',
    ApproximateArrivalTimestamp: r.ApproximateArrivalTimestamp ?? new Date(0),
    Data: r.Data ?? new Uint8Array(),
  };
}

async function sampleShard(port: KinesisReadPort, shard: SampledShard, options: SampleOptions, calls: StreamSample['calls']): Promise<ShardSample> {
  const spacing = options.callSpacingMs ?? DEFAULT_SPACING_MS;
  const { ShardIterator } = await port.getShardIterator({
    StreamName: options.streamName, ShardId: shard.ShardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(options.from),
  });
  calls.getShardIterator++;
  const records: SampledRecord[] = [];
  let iterator = ShardIterator;
  let empty = 0;
  let complete = false;
  while (iterator !== undefined) {
    const remaining = options.limit - records.length;
    const page = await port.getRecords({ ShardIterator: iterator, Limit: Math.min(remaining, GET_RECORDS.max) });
    calls.getRecords++;
    const got = page.Records ?? [];
    records.push(...got.map(toSampled));
    iterator = page.NextShardIterator;
    if (iterator === undefined || page.MillisBehindLatest === 0) {
      complete = true; // the end of a closed shard, or the tip of an open one
      break;
    }
    if (records.length >= options.limit) break;
    if (got.length === 0 && ++empty >= (options.maxEmptyReads ?? 20)) break;
    await options.sleep(spacing);
  }
  return { ShardId: shard.ShardId, Records: records, complete };
}

/** Samples every shard of a stream (shards in parallel, calls to one shard spaced). */
export async function sampleStream(port: KinesisReadPort, options: SampleOptions): Promise<StreamSample> {
  const calls = { listShards: 0, getShardIterator: 0, getRecords: 0 };
  const shards = await listAllShards(port, options.streamName, calls);
  const samples = await Promise.all(shards.map((shard) => sampleShard(port, shard, options, calls)));
  return { shards, samples, calls };
}
