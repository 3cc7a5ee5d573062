/**
 * Stream lifecycle and settings: CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary,
 * ListStreams, retention, stream mode, maximum record size, encryption, enhanced monitoring and
 * DescribeLimits.
 */
import { kinesisModel } from '../../aws-model/generated/kinesis';
import { enumOf } from '../../aws-model/model';
import type { EngineContext } from '../context';
import * as E from '../errors';
import { optBoolean, optNumber, optObject, optArray, optString, reqString, stringMap, type Input } from '../input';
import {
  MAX_RECORD_SIZE_KIB,
  NEXT_TOKEN_TTL_MS,
  ON_DEMAND_INITIAL_SHARDS,
  PAGE_DEFAULTS,
  RETENTION_HOURS,
} from '../limits';
import { shardIndexOf, uniformRanges } from '../shard-map';
import type { ShardMeta, StreamMeta, StreamMode } from '../store';
import { validateNewTags } from './tags';
import type { Handler } from './types';

const SHARD_LEVEL_METRICS = enumOf(kinesisModel, 'MetricsName').filter((m) => m !== 'ALL');

function onDemandStreams(ctx: EngineContext): number {
  return [...ctx.streams.values()].filter((s) => s.mode === 'ON_DEMAND').length;
}

/** Shards after `exclusiveStart` (by shard number when it names one, else by ID text). */
export function shardsAfter(shards: readonly ShardMeta[], exclusiveStart: string | undefined): ShardMeta[] {
  if (exclusiveStart === undefined) return [...shards];
  const index = shardIndexOf(exclusiveStart);
  return shards.filter((s) => (index !== undefined ? s.index > index : s.shardId > exclusiveStart));
}

const createStream: Handler = (ctx, input) => {
  const name = reqString(input, 'StreamName');
  if (ctx.streams.has(name)) throw E.streamAlreadyExists(name, ctx.account);
  const requestedMode = optString(optObject(input, 'StreamModeDetails') ?? {}, 'StreamMode') as StreamMode | undefined;
  const shardCount = optNumber(input, 'ShardCount');
  const mode: StreamMode = requestedMode ?? (shardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
  if (mode === 'ON_DEMAND' && shardCount !== undefined) throw E.shardCountWithOnDemand();
  if (mode === 'PROVISIONED' && shardCount === undefined) throw E.shardCountRequired();
  const count = mode === 'ON_DEMAND' ? ON_DEMAND_INITIAL_SHARDS : (shardCount as number);
  const open = ctx.accountOpenShards();
  if (open + count > ctx.shardLimit) throw E.shardLimitExceeded(ctx.account, ctx.region, open, ctx.shardLimit, count);
  if (mode === 'ON_DEMAND' && onDemandStreams(ctx) >= ctx.onDemandStreamLimit) throw E.onDemandStreamLimitExceeded(ctx.account, ctx.onDemandStreamLimit);
  const tags = stringMap(input, 'Tags');
  validateNewTags(ctx, name, {}, tags);
  const now = ctx.now();
  const meta: StreamMeta = {
    name,
    arn: ctx.streamArn(name),
    createdAtMs: now,
    status: 'CREATING',
    mode,
    retentionHours: RETENTION_HOURS.default,
    encryptionType: 'NONE',
    maxRecordSizeKiB: optNumber(input, 'MaxRecordSizeInKiB') ?? MAX_RECORD_SIZE_KIB.default,
    shardLevelMetrics: [],
    shards: [],
    shardCountUpdates: [],
    tags,
    consumers: [],
  };
  for (const range of uniformRanges(count)) ctx.createShard(meta, range, now);
  ctx.addStream(meta);
  return {};
};

const deleteStream: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  if (meta.status === 'DELETING') return {};
  if (meta.status === 'CREATING') throw E.streamNotActive(meta.name, ctx.account, meta.status);
  if (meta.consumers.length > 0 && optBoolean(input, 'EnforceConsumerDeletion') !== true) throw E.streamHasConsumers(meta.name, ctx.account);
  ctx.schedule(meta, 'DELETING', { kind: 'delete' });
  return {};
};

function common(meta: StreamMeta): Record<string, unknown> {
  return {
    StreamName: meta.name,
    StreamARN: meta.arn,
    StreamStatus: meta.status,
    StreamModeDetails: { StreamMode: meta.mode },
    RetentionPeriodHours: meta.retentionHours,
    StreamCreationTimestamp: new Date(meta.createdAtMs),
    EnhancedMonitoring: [{ ShardLevelMetrics: [...meta.shardLevelMetrics] }],
    EncryptionType: meta.encryptionType,
    ...(meta.keyId !== undefined ? { KeyId: meta.keyId } : {}),
  };
}

const describeStream: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  const limit = Math.min(optNumber(input, 'Limit') ?? PAGE_DEFAULTS.describeStreamShards, PAGE_DEFAULTS.describeStreamShards);
  const shards = shardsAfter(ctx.visibleShards(meta), optString(input, 'ExclusiveStartShardId'));
  const { StreamName, StreamARN, StreamStatus, StreamModeDetails, ...rest } = common(meta);
  return {
    StreamDescription: {
      StreamName,
      StreamARN,
      StreamStatus,
      StreamModeDetails,
      Shards: shards.slice(0, limit).map((s) => ctx.shardOutput(s)),
      HasMoreShards: shards.length > limit,
      ...rest,
    },
  };
};

const describeStreamSummary: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  return {
    StreamDescriptionSummary: {
      ...common(meta),
      OpenShardCount: meta.status === 'CREATING' ? 0 : ctx.openShards(meta).length,
      ConsumerCount: meta.consumers.length,
      MaxRecordSizeInKiB: meta.maxRecordSizeKiB,
    },
  };
};

const listStreams: Handler = (ctx, input) => {
  const limit = Math.min(optNumber(input, 'Limit') ?? PAGE_DEFAULTS.listStreams, PAGE_DEFAULTS.listStreams);
  const token = optString(input, 'NextToken');
  const after = token !== undefined ? String(ctx.decodeToken(token, NEXT_TOKEN_TTL_MS)['a'] ?? '') : optString(input, 'ExclusiveStartStreamName');
  const names = [...ctx.streams.keys()].sort().filter((n) => after === undefined || n > after);
  const page = names.slice(0, limit);
  const hasMore = names.length > limit;
  return {
    StreamNames: page,
    HasMoreStreams: hasMore,
    ...(hasMore ? { NextToken: ctx.encodeToken({ a: page[page.length - 1] }) } : {}),
    StreamSummaries: page.map((n) => {
      const m = ctx.streams.get(n) as StreamMeta;
      return {
        StreamName: m.name,
        StreamARN: m.arn,
        StreamStatus: m.status,
        StreamModeDetails: { StreamMode: m.mode },
        StreamCreationTimestamp: new Date(m.createdAtMs),
      };
    }),
  };
};

function retentionHoursOf(input: Input): number {
  const hours = optNumber(input, 'RetentionPeriodHours') ?? 0;
  if (hours < RETENTION_HOURS.min) throw E.retentionTooShort(hours, RETENTION_HOURS.min);
  if (hours > RETENTION_HOURS.max) throw E.retentionTooLong(hours, RETENTION_HOURS.max);
  return hours;
}

const increaseStreamRetentionPeriod: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  const hours = retentionHoursOf(input);
  if (hours < meta.retentionHours) throw E.retentionIncreaseBelowCurrent(meta.name, hours, meta.retentionHours);
  ctx.requireActive(meta);
  meta.retentionHours = hours;
  ctx.save(meta);
  return {};
};

const decreaseStreamRetentionPeriod: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  const hours = retentionHoursOf(input);
  if (hours > meta.retentionHours) throw E.retentionDecreaseAboveCurrent(meta.name, hours, meta.retentionHours);
  ctx.requireActive(meta);
  meta.retentionHours = hours;
  ctx.save(meta);
  return {};
};

const updateStreamMode: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  const mode = optString(optObject(input, 'StreamModeDetails') ?? {}, 'StreamMode') as StreamMode;
  ctx.requireActive(meta);
  if (mode === meta.mode) throw E.streamModeUnchanged(meta.name, ctx.account, mode);
  if (mode === 'ON_DEMAND' && onDemandStreams(ctx) >= ctx.onDemandStreamLimit) throw E.onDemandStreamLimitExceeded(ctx.account, ctx.onDemandStreamLimit);
  ctx.schedule(meta, 'UPDATING', { kind: 'mode', mode });
  return {};
};

const updateMaxRecordSize: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  ctx.requireActive(meta);
  meta.maxRecordSizeKiB = optNumber(input, 'MaxRecordSizeInKiB') ?? meta.maxRecordSizeKiB;
  ctx.save(meta);
  return {};
};

const startStreamEncryption: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  if (optString(input, 'EncryptionType') !== 'KMS') throw E.encryptionTypeMustBeKms();
  ctx.requireActive(meta);
  ctx.schedule(meta, 'UPDATING', { kind: 'encryption', encryptionType: 'KMS', keyId: reqString(input, 'KeyId') });
  return {};
};

const stopStreamEncryption: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  if (optString(input, 'EncryptionType') !== 'KMS') throw E.encryptionTypeMustBeKms();
  ctx.requireActive(meta);
  ctx.schedule(meta, 'UPDATING', { kind: 'encryption', encryptionType: 'NONE' });
  return {};
};

function metricsOf(input: Input): string[] {
  const requested = (optArray(input, 'ShardLevelMetrics') ?? []).filter((m): m is string => typeof m === 'string');
  return requested.includes('ALL') ? [...SHARD_LEVEL_METRICS] : requested;
}

function monitoring(enable: boolean): Handler {
  return (ctx, input) => {
    const meta = ctx.resolveStream(input);
    ctx.requireActive(meta);
    const current = [...meta.shardLevelMetrics];
    const metrics = metricsOf(input);
    const desired = enable
      ? SHARD_LEVEL_METRICS.filter((m) => current.includes(m) || metrics.includes(m))
      : current.filter((m) => !metrics.includes(m));
    meta.shardLevelMetrics = desired;
    ctx.save(meta);
    return { StreamName: meta.name, StreamARN: meta.arn, CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired };
  };
}

const describeLimits: Handler = (ctx) => ({
  ShardLimit: ctx.shardLimit,
  OpenShardCount: ctx.accountOpenShards(),
  OnDemandStreamCount: onDemandStreams(ctx),
  OnDemandStreamCountLimit: ctx.onDemandStreamLimit,
});

export const streamHandlers: Record<string, Handler> = {
  CreateStream: createStream,
  DeleteStream: deleteStream,
  DescribeStream: describeStream,
  DescribeStreamSummary: describeStreamSummary,
  ListStreams: listStreams,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  UpdateStreamMode: updateStreamMode,
  UpdateMaxRecordSize: updateMaxRecordSize,
  StartStreamEncryption: startStreamEncryption,
  StopStreamEncryption: stopStreamEncryption,
  EnableEnhancedMonitoring: monitoring(true),
  DisableEnhancedMonitoring: monitoring(false),
  DescribeLimits: describeLimits,
};
