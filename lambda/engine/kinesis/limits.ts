/**
 * Kinesis Data Streams limits: the one source of truth for the engine and for synth-time validation.
 * Request constraints come from AWS's API model (generated); facts the model does not carry are
 * written here with their source (../shared/reference/kinesis.md).
 */
import { kinesisModel } from '../aws-model/generated/kinesis';
import { enumOf, integerRange, lengthRange, stringConstraints } from '../aws-model/model';

/** Retention period in hours: 24 (default and minimum) to 8760 (one year). Source: API reference, IncreaseStreamRetentionPeriod. */
export const RETENTION_HOURS = { min: 24, max: 8760, default: 24 } as const;

/** CreateStream's ShardCount (PositiveIntegerObject): at least 1; the maximum is the account's shard quota. */
export const MIN_SHARD_COUNT = 1;

export const STREAM_NAME = stringConstraints(kinesisModel, 'StreamName');
export const CONSUMER_NAME = stringConstraints(kinesisModel, 'ConsumerName');
export const STREAM_MODES = enumOf(kinesisModel, 'StreamMode');

/** Per-shard throughput. Source: service-sizes-and-limits (quotas page). */
export const PER_SHARD = {
  writeBytesPerSecond: 1024 * 1024,
  writeRecordsPerSecond: 1000,
  readBytesPerSecond: 2 * 1024 * 1024,
  getRecordsCallsPerSecond: 5,
} as const;

// ---------------------------------------------------------------------------------------------
// Facts the engine (lambda/engine/kinesis/) enforces. Request constraints that the host already
// validates against the model are read from the model; the rest carry their source.

/** Hash keys are unsigned 128-bit integers: [0, 2^128 - 1]. Source: API reference (HashKeyRange, PutRecord). */
export const HASH_KEY_MAX = (1n << 128n) - 1n;

/** A record (partition key + data) may be as large as the stream's MaxRecordSizeInKiB (1024 by default). Source: [LR], model. */
export const MAX_RECORD_SIZE_KIB = { ...integerRange(kinesisModel, 'MaxRecordSizeInKiB'), default: 1024 } as const;

/** PutRecords: at most 500 entries (model) and 10 MiB of keys and data per request. Source: [Q], October 2025 change. */
export const PUT_RECORDS = {
  maxRecords: lengthRange(kinesisModel, 'PutRecordsRequestEntryList').max as number,
  maxBytes: 10 * 1024 * 1024,
} as const;

/** GetRecords: 1–10000 records (model) and at most 10 MiB per call. Source: API reference, GetRecords. */
export const GET_RECORDS = {
  ...integerRange(kinesisModel, 'GetRecordsInputLimit'),
  defaultLimit: integerRange(kinesisModel, 'GetRecordsInputLimit').max,
  maxBytes: 10 * 1024 * 1024,
} as const;

/** A shard iterator expires 5 minutes after it was returned. Source: API reference, GetShardIterator. */
export const SHARD_ITERATOR_TTL_MS = 300_000;
/** ListShards/ListStreamConsumers NextTokens expire after 300 seconds. Source: API reference, ListShards. */
export const NEXT_TOKEN_TTL_MS = 300_000;

/** GetShardIterator: 5 calls per second per open shard. Source: API reference, GetShardIterator. */
export const GET_SHARD_ITERATOR_CALLS_PER_SECOND = 5;

/** UpdateShardCount default limits. Source: API reference, UpdateShardCount. */
export const UPDATE_SHARD_COUNT = {
  maxUpdatesPerRollingDay: 10,
  rollingWindowMs: 24 * 60 * 60 * 1000,
  maxShardsPerStream: 10_000,
  scalingTypes: enumOf(kinesisModel, 'ScalingType'),
} as const;

/** A new on-demand stream starts with 4 shards (4 MB/s write). Source: [Q] and CreateStream docs. */
export const ON_DEMAND_INITIAL_SHARDS = 4;
/** On-demand streams per account (default quota). Source: [Q]. */
export const ON_DEMAND_STREAM_LIMIT = 50;
/** Account shard quota: 500 in us-east-1, us-west-2 and eu-west-1, 200 elsewhere. Source: [Q]. */
export function defaultShardLimit(region: string): number {
  return ['us-east-1', 'us-west-2', 'eu-west-1'].includes(region) ? 500 : 200;
}

/** Tags: at most 50 per stream; keys are 1–128, values 0–256 characters (model). Source: AddTagsToStream docs. */
export const MAX_TAGS_PER_STREAM = 50;
/** Enhanced fan-out consumers per stream. Source: [Q]. */
export const MAX_CONSUMERS_PER_STREAM = 20;

/**
 * Default (and largest) page sizes (API reference: "If you specify a value greater than N, at most N results
 * are returned"): DescribeStream 100 shards, ListStreams 100, ListShards 1000, ListStreamConsumers 100.
 */
export const PAGE_DEFAULTS = {
  describeStreamShards: 100,
  listStreams: 100,
  listShards: 1000,
  listStreamConsumers: 100,
  listTagsForStream: integerRange(kinesisModel, 'ListTagsForStreamInputLimit').max,
} as const;
