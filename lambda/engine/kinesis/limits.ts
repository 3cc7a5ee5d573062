/**
 * Kinesis Data Streams limits: the one source of truth for the engine and for synth-time validation.
 * Request constraints come from AWS's API model (generated); facts the model does not carry are
 * written here with their source (../shared/reference/kinesis.md).
 */
import { kinesisModel } from '../aws-model/generated/kinesis';
import { enumOf, stringConstraints } from '../aws-model/model';

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
