/**
 * Records: PutRecord, PutRecords, GetShardIterator and GetRecords.
 *
 * Writes are routed by hash key to the one open shard that holds it, numbered, and appended to the
 * store before the call returns. Reads follow opaque iterators (see ../shard-iterator.ts) and never
 * return records older than the retention period.
 */
import type { EngineContext } from '../context';
import * as E from '../errors';
import { recordHashKey } from '../hash-key';
import { bytes, optArray, optNumber, optString, optTimestampMs, reqString, type Input } from '../input';
import { GET_RECORDS, PUT_RECORDS, SHARD_ITERATOR_TTL_MS } from '../limits';
import { decodeSequenceNumber, nextPosition, compareSequenceNumbers } from '../sequence-number';
import { shardIdOf, shardIndexOf } from '../shard-map';
import { recordBytes, type ShardMeta, type StoredRecord, type StreamMeta } from '../store';
import type { Handler } from './types';

function maxRecordBytes(meta: StreamMeta): number {
  return meta.maxRecordSizeKiB * 1024;
}

function encryption(meta: StreamMeta): Record<string, unknown> {
  return meta.encryptionType === 'KMS' ? { EncryptionType: 'KMS' } : {};
}

const putRecord: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  ctx.requireWritable(meta);
  const partitionKey = reqString(input, 'PartitionKey');
  const data = bytes(input, 'Data');
  const size = recordBytes(partitionKey, data);
  if (size > maxRecordBytes(meta)) throw E.recordTooLarge(['data'], maxRecordBytes(meta));
  const shard = ctx.route(meta, recordHashKey(partitionKey, optString(input, 'ExplicitHashKey')));

  const ordering = optString(input, 'SequenceNumberForOrdering');
  if (ordering !== undefined) honourOrdering(ctx, meta, shard, ordering);

  const now = ctx.now();
  ctx.trim(meta, shard, now);
  const throttle = ctx.throttleOf(meta, shard);
  if (throttle !== undefined && !throttle.tryWrite(now, size)) throw E.writeThrottled(shard.shardId, meta.name, ctx.account);

  const record = stored(meta, shard, ctx.nextSequenceNumber(shard, now), partitionKey, data, now);
  ctx.store.appendRecords(meta.name, [record]);
  return { ShardId: shard.shardId, SequenceNumber: record.sequenceNumber, ...encryption(meta) };
};

/**
 * SequenceNumberForOrdering: the new record's number must be greater than the given one. Within a
 * shard (and across shards that share its creation second and low index digit) we raise the shard's
 * counter above it; numbers of later-created shards are already greater. Numbers that are not ours
 * are AWS's InvalidArgumentException.
 */
function honourOrdering(ctx: EngineContext, meta: StreamMeta, shard: ShardMeta, ordering: string): void {
  const parts = decodeSequenceNumber(ordering);
  if (parts === undefined || parts.arrivalSeconds > Math.floor(ctx.now() / 1000) + 1) {
    throw E.invalidSequenceNumberForOrdering(ordering, meta.name, ctx.account);
  }
  if (parts.shardCreatedSeconds === shard.createdSeconds && (parts.shardIndex & 0xf) === (shard.index & 0xf)) {
    const floor = Number(parts.sequenceIndex) + 1;
    if (floor > shard.nextSequenceIndex) shard.nextSequenceIndex = floor;
  }
}

function stored(meta: StreamMeta, shard: ShardMeta, sequenceNumber: string, partitionKey: string, data: Uint8Array, now: number): StoredRecord {
  return {
    shardId: shard.shardId,
    sequenceNumber,
    partitionKey,
    data,
    arrivalMs: now,
    ...(meta.encryptionType === 'KMS' ? { encryptionType: 'KMS' as const } : {}),
  };
}

const putRecords: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  ctx.requireWritable(meta);
  const entries = (optArray(input, 'Records') ?? []).map((e) => (typeof e === 'object' && e !== null ? (e as Input) : {}));
  const sizes = entries.map((e) => recordBytes(reqString(e, 'PartitionKey'), bytes(e, 'Data')));

  const tooLarge = sizes.flatMap((s, i) => (s > maxRecordBytes(meta) ? [`records.${i + 1}.member.data`] : []));
  if (tooLarge.length > 0) throw E.recordTooLarge(tooLarge, maxRecordBytes(meta));
  if (sizes.reduce((a, b) => a + b, 0) > PUT_RECORDS.maxBytes) throw E.putRecordsTooLarge(PUT_RECORDS.maxBytes / (1024 * 1024));
  const shards = entries.map((e) => ctx.route(meta, recordHashKey(reqString(e, 'PartitionKey'), optString(e, 'ExplicitHashKey'))));

  const now = ctx.now();
  const accepted: StoredRecord[] = [];
  let failed = 0;
  const results = entries.map((e, i) => {
    const shard = shards[i] as ShardMeta;
    ctx.trim(meta, shard, now);
    const throttle = ctx.throttleOf(meta, shard);
    if (throttle !== undefined && !throttle.tryWrite(now, sizes[i] as number)) {
      failed++;
      return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: E.writeThrottledMessage(shard.shardId, meta.name, ctx.account) };
    }
    const record = stored(meta, shard, ctx.nextSequenceNumber(shard, now), reqString(e, 'PartitionKey'), bytes(e, 'Data'), now);
    accepted.push(record);
    return { SequenceNumber: record.sequenceNumber, ShardId: shard.shardId };
  });
  if (accepted.length > 0) ctx.store.appendRecords(meta.name, accepted);
  return { FailedRecordCount: failed, Records: results, ...encryption(meta) };
};

// ---------------------------------------------------------------------------------------------

const getShardIterator: Handler = (ctx, input) => {
  const requested = reqString(input, 'ShardId');
  const index = shardIndexOf(requested);
  const name = ctx.streamNameOf(input);
  if (index === undefined) throw E.shardNotFound(requested, name, ctx.account);
  const shardId = shardIdOf(index);
  const meta = ctx.streams.get(name);
  if (meta === undefined) throw E.shardDoesNotExist(shardId, name, ctx.account);
  const shard = ctx.findShard(meta, shardId);
  if (shard === undefined) throw E.shardDoesNotExist(shardId, name, ctx.account);

  const type = reqString(input, 'ShardIteratorType');
  const sequenceNumber = optString(input, 'StartingSequenceNumber');
  const now = ctx.now();
  let position: string;
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (sequenceNumber === undefined) throw E.iteratorTypeNeedsSequenceNumber(type);
    const parts = decodeSequenceNumber(sequenceNumber);
    if (parts === undefined) throw E.invalidStartingSequenceNumber(sequenceNumber, shardId, name, ctx.account);
    if (parts.shardIndex !== shard.index) throw E.sequenceNumberOfOtherShard(shardIdOf(parts.shardIndex), shardId);
    if (parts.shardCreatedSeconds !== shard.createdSeconds) throw E.sequenceNumberOfOtherStream(sequenceNumber, shardId, name, ctx.account);
    position = type === 'AT_SEQUENCE_NUMBER' ? sequenceNumber : nextPosition(sequenceNumber);
  } else {
    if (sequenceNumber !== undefined) throw E.iteratorTypeForbidsSequenceNumber(type);
    if (type === 'TRIM_HORIZON') {
      position = shard.startingSequenceNumber;
    } else if (type === 'LATEST') {
      position = ctx.latestPosition(shard);
    } else {
      const timestamp = optTimestampMs(input, 'Timestamp');
      if (timestamp === undefined) throw E.iteratorNeedsTimestamp();
      if (timestamp > now) throw E.iteratorTimestampInFuture(timestamp, now);
      const first = ctx.store.firstRecordAtOrAfter(name, shard.shardId, Math.max(timestamp, ctx.retentionCutoff(meta, now)));
      position = first?.sequenceNumber ?? ctx.latestPosition(shard);
    }
  }
  const throttle = ctx.throttleOf(meta, shard);
  if (throttle !== undefined && !throttle.tryIterator(now)) throw E.iteratorThrottled(shardId, name, ctx.account);
  return { ShardIterator: ctx.iterators.encode({ createdAtMs: now, streamName: name, streamCreatedAtMs: meta.createdAtMs, shardIndex: shard.index, position }) };
};

const getRecords: Handler = (ctx, input) => {
  const payload = ctx.iterators.decode(reqString(input, 'ShardIterator'));
  if (payload === undefined) throw E.invalidShardIterator();
  const now = ctx.now();
  if (now - payload.createdAtMs > SHARD_ITERATOR_TTL_MS) throw E.expiredIterator(payload.createdAtMs, now, SHARD_ITERATOR_TTL_MS);
  const name = payload.streamName;
  if (optString(input, 'StreamARN') !== undefined && ctx.streamNameOf({ StreamARN: input['StreamARN'] }) !== name) throw E.invalidShardIterator();
  const shardId = shardIdOf(payload.shardIndex);
  const meta = ctx.streams.get(name);
  if (meta === undefined || meta.createdAtMs !== payload.streamCreatedAtMs) throw E.shardDoesNotExist(shardId, name, ctx.account);
  const shard = ctx.findShard(meta, shardId);
  if (shard === undefined) throw E.shardDoesNotExist(shardId, name, ctx.account);

  const throttle = ctx.throttleOf(meta, shard);
  if (throttle !== undefined && !throttle.canRead(now)) throw E.readThrottled(shardId, name, ctx.account);

  ctx.trim(meta, shard, now);
  const cutoff = ctx.retentionCutoff(meta, now);
  const limit = optNumber(input, 'Limit') ?? GET_RECORDS.defaultLimit;
  const records = ctx.store
    .readRecords(name, shardId, payload.position, limit, GET_RECORDS.maxBytes)
    .filter((r) => r.arrivalMs >= cutoff);
  const returnedBytes = records.reduce((sum, r) => sum + recordBytes(r.partitionKey, r.data), 0);
  throttle?.recordRead(now, returnedBytes);

  const lastReturned = records[records.length - 1];
  const next = lastReturned === undefined ? payload.position : nextPosition(lastReturned.sequenceNumber);
  const latest = ctx.store.lastRecord(name, shardId);
  const caughtUp = latest === undefined || compareSequenceNumbers(latest.sequenceNumber, next) < 0;
  const output: Record<string, unknown> = {
    Records: records.map((r) => ({
      SequenceNumber: r.sequenceNumber,
      ApproximateArrivalTimestamp: new Date(r.arrivalMs),
      Data: r.data,
      PartitionKey: r.partitionKey,
      ...(r.encryptionType !== undefined ? { EncryptionType: r.encryptionType } : {}),
    })),
  };
  if (shard.closedAtMs !== undefined && caughtUp) {
    // The end of a closed shard: no NextShardIterator; the children to continue with.
    output['MillisBehindLatest'] = 0;
    output['ChildShards'] = ctx.childrenOf(meta, shardId).map((c) => ({
      ShardId: c.shardId,
      ParentShards: [c.parentShardId, c.adjacentParentShardId].filter((p): p is string => p !== undefined),
      HashKeyRange: { StartingHashKey: c.startingHashKey, EndingHashKey: c.endingHashKey },
    }));
    return output;
  }
  output['NextShardIterator'] = ctx.iterators.encode({ ...payload, createdAtMs: now, position: next });
  output['MillisBehindLatest'] = caughtUp ? 0 : Math.max(0, now - behindFrom(ctx, meta, shard, lastReturned, next));
  return output;
};

/** The arrival time the reader is behind from: the last record returned, or the next one unread. */
function behindFrom(ctx: EngineContext, meta: StreamMeta, shard: ShardMeta, lastReturned: StoredRecord | undefined, next: string): number {
  if (lastReturned !== undefined) return lastReturned.arrivalMs;
  return ctx.store.readRecords(meta.name, shard.shardId, next, 1, GET_RECORDS.maxBytes)[0]?.arrivalMs ?? ctx.now();
}

export const recordHandlers: Record<string, Handler> = {
  PutRecord: putRecord,
  PutRecords: putRecords,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
};
