/**
 * Shards: ListShards, SplitShard, MergeShards and UpdateShardCount (UNIFORM_SCALING).
 *
 * Resharding is accepted on ACTIVE provisioned streams only; the stream is UPDATING for
 * statusDelayMs, then the parents close (EndingSequenceNumber set, data kept until it expires) and the
 * children open, with ParentShardId/AdjacentParentShardId lineage.
 */
import type { EngineContext } from '../context';
import { rangeOf } from '../context';
import * as E from '../errors';
import { optNumber, optObject, optString, optTimestampMs, reqString, type Input } from '../input';
import { NEXT_TOKEN_TTL_MS, PAGE_DEFAULTS, UPDATE_SHARD_COUNT } from '../limits';
import { areAdjacent, isValidSplitPoint, shardIdOf, shardIndexOf } from '../shard-map';
import type { ShardMeta, StreamMeta } from '../store';
import { shardsAfter } from './streams';
import type { Handler } from './types';

interface ShardFilter {
  readonly Type: string;
  readonly ShardId?: string;
  readonly TimestampMs?: number;
}

function readFilter(input: Input): ShardFilter | undefined {
  const f = optObject(input, 'ShardFilter');
  if (f === undefined) return undefined;
  const type = reqString(f, 'Type');
  const shardId = optString(f, 'ShardId');
  const ts = optTimestampMs(f, 'Timestamp');
  if (type === 'AFTER_SHARD_ID' && shardId === undefined) throw E.shardFilterNeedsShardId(type);
  if (type !== 'AFTER_SHARD_ID' && shardId !== undefined) throw E.shardFilterForbidsShardId(type);
  if ((type === 'AT_TIMESTAMP' || type === 'FROM_TIMESTAMP') && ts === undefined) throw E.shardFilterNeedsTimestamp(type);
  return { Type: type, ...(shardId !== undefined ? { ShardId: shardId } : {}), ...(ts !== undefined ? { TimestampMs: ts } : {}) };
}

/** AWS's ShardFilter types: which shards were open at, or since, a point in time. */
function applyFilter(ctx: EngineContext, meta: StreamMeta, shards: ShardMeta[], filter: ShardFilter): ShardMeta[] {
  const openAt = (t: number) => (s: ShardMeta) => s.createdAtMs <= t && (s.closedAtMs === undefined || s.closedAtMs >= t);
  const openSince = (t: number) => (s: ShardMeta) => s.closedAtMs === undefined || s.closedAtMs >= t;
  const trimHorizon = Math.max(ctx.retentionCutoff(meta), meta.createdAtMs);
  const at = Math.max(filter.TimestampMs ?? 0, meta.createdAtMs);
  switch (filter.Type) {
    case 'AFTER_SHARD_ID':
      return shardsAfter(shards, filter.ShardId);
    case 'AT_TRIM_HORIZON':
      return shards.filter(openAt(trimHorizon));
    case 'FROM_TRIM_HORIZON':
      return shards.filter(openSince(trimHorizon));
    case 'AT_LATEST':
      return shards.filter((s) => s.closedAtMs === undefined);
    case 'AT_TIMESTAMP':
      return shards.filter(openAt(at));
    case 'FROM_TIMESTAMP':
      return shards.filter(openSince(filter.TimestampMs ?? 0));
    default:
      return shards;
  }
}

const listShards: Handler = (ctx, input) => {
  const token = optString(input, 'NextToken');
  let meta: StreamMeta;
  let after: string | undefined;
  let filter: ShardFilter | undefined;
  if (token !== undefined) {
    if (optString(input, 'StreamName') !== undefined) throw E.listShardsTokenAndStream();
    for (const member of ['StreamARN', 'ExclusiveStartShardId', 'StreamCreationTimestamp', 'ShardFilter']) {
      if (input[member] !== undefined && input[member] !== null) throw E.listShardsTokenAndOther(member);
    }
    const payload = ctx.decodeToken(token, NEXT_TOKEN_TTL_MS);
    const name = String(payload['n']);
    const found = ctx.streams.get(name);
    if (found === undefined || found.createdAtMs !== payload['c']) throw E.streamNotFound(name, ctx.account);
    meta = found;
    after = typeof payload['a'] === 'string' ? payload['a'] : undefined;
    filter = (payload['f'] as ShardFilter | undefined) ?? undefined;
  } else {
    if (optString(input, 'StreamName') === undefined && optString(input, 'StreamARN') === undefined) throw E.listShardsNeedsStreamOrToken();
    meta = ctx.resolveStream(input);
    const created = optTimestampMs(input, 'StreamCreationTimestamp');
    if (created !== undefined && Math.floor(created / 1000) !== Math.floor(meta.createdAtMs / 1000)) throw E.streamNotFound(meta.name, ctx.account);
    after = optString(input, 'ExclusiveStartShardId');
    filter = readFilter(input);
  }
  const limit = Math.min(optNumber(input, 'MaxResults') ?? PAGE_DEFAULTS.listShards, PAGE_DEFAULTS.listShards);
  let shards = ctx.visibleShards(meta);
  if (filter !== undefined) shards = applyFilter(ctx, meta, shards, filter);
  shards = shardsAfter(shards, after);
  const page = shards.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Shards: page.map((s) => ctx.shardOutput(s)),
    ...(shards.length > limit && last !== undefined
      ? { NextToken: ctx.encodeToken({ n: meta.name, c: meta.createdAtMs, a: last.shardId, ...(filter !== undefined ? { f: filter } : {}) }) }
      : {}),
  };
};

function requireScalable(ctx: EngineContext, meta: StreamMeta): void {
  if (meta.mode === 'ON_DEMAND') throw E.onDemandNotScalable(meta.name, ctx.account);
  ctx.requireActive(meta);
}

/** An open or closed shard named in a resharding request (AWS's not-found message otherwise). */
function reshardTarget(ctx: EngineContext, meta: StreamMeta, requested: string): ShardMeta {
  const index = shardIndexOf(requested);
  if (index === undefined) throw E.shardNotFound(requested, meta.name, ctx.account);
  const shard = ctx.findShard(meta, requested);
  if (shard === undefined) throw E.shardNotFound(shardIdOf(index), meta.name, ctx.account);
  if (shard.closedAtMs !== undefined) throw E.shardAlreadyClosed(shard.shardId, meta.name, ctx.account);
  return shard;
}

function requireShardQuota(ctx: EngineContext, additional: number): void {
  const open = ctx.accountOpenShards();
  if (additional > 0 && open + additional > ctx.shardLimit) throw E.shardLimitExceeded(ctx.account, ctx.region, open, ctx.shardLimit, additional);
}

const splitShard: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  requireScalable(ctx, meta);
  const shard = reshardTarget(ctx, meta, reqString(input, 'ShardToSplit'));
  const key = reqString(input, 'NewStartingHashKey');
  const range = rangeOf(shard);
  if (!/^\d+$/.test(key) || !isValidSplitPoint(range, BigInt(key))) {
    throw E.invalidNewStartingHashKey(key, shard.shardId, meta.name, ctx.account, shard.startingHashKey, shard.endingHashKey);
  }
  requireShardQuota(ctx, 1);
  ctx.schedule(meta, 'UPDATING', { kind: 'split', shardId: shard.shardId, newStartingHashKey: key });
  return {};
};

const mergeShards: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  requireScalable(ctx, meta);
  const shard = reshardTarget(ctx, meta, reqString(input, 'ShardToMerge'));
  const adjacent = reshardTarget(ctx, meta, reqString(input, 'AdjacentShardToMerge'));
  if (shard === adjacent || !areAdjacent(rangeOf(shard), rangeOf(adjacent))) {
    throw E.shardsNotAdjacent(shard.shardId, adjacent.shardId, meta.name, ctx.account);
  }
  ctx.schedule(meta, 'UPDATING', { kind: 'merge', shardId: shard.shardId, adjacentShardId: adjacent.shardId });
  return {};
};

const updateShardCount: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  requireScalable(ctx, meta);
  const target = optNumber(input, 'TargetShardCount') ?? 0;
  const current = ctx.openShards(meta).length;
  const output = { StreamName: meta.name, CurrentShardCount: current, TargetShardCount: target, StreamARN: meta.arn };
  if (target === current) return output;
  const max = UPDATE_SHARD_COUNT.maxShardsPerStream;
  if (target > max || (current > max && target >= max)) throw E.tooManyShardsPerStream(meta.name, ctx.account, target, max);
  if (target > current * 2) throw E.scaleUpTooFar(meta.name, ctx.account, current, target);
  if (target * 2 < current) throw E.scaleDownTooFar(meta.name, ctx.account, current, target);
  const now = ctx.now();
  const recent = meta.shardCountUpdates.filter((t) => t > now - UPDATE_SHARD_COUNT.rollingWindowMs);
  if (recent.length >= UPDATE_SHARD_COUNT.maxUpdatesPerRollingDay) {
    throw E.tooManyScalingOperations(meta.name, ctx.account, UPDATE_SHARD_COUNT.maxUpdatesPerRollingDay);
  }
  requireShardQuota(ctx, target - current);
  meta.shardCountUpdates = [...recent, now];
  ctx.schedule(meta, 'UPDATING', { kind: 'updateShardCount', target });
  return output;
};

export const shardHandlers: Record<string, Handler> = {
  ListShards: listShards,
  SplitShard: splitShard,
  MergeShards: mergeShards,
  UpdateShardCount: updateShardCount,
};
