/**
 * A delivery stream's Kinesis source, read the way Firehose reads it (firehose.md §6): from LATEST at
 * creation, GetRecords at most once per second per shard, every shard of the stream including those a
 * split or merge creates (a child shard is read once its parents are finished, from TRIM_HORIZON).
 *
 * It talks to the Kinesis engine through the same operations the API exposes, so it sees exactly what
 * a consumer would see (iterators, ChildShards, throttling).
 */
import type { KinesisOperations } from '../kinesis/contract';
import { KinesisError } from '../kinesis/contract';
import type { IncomingRecord } from './delivery-stream';

const POLL_INTERVAL_MS = 1000;

interface ShardCursor {
  iterator?: string;
  /** ShardIteratorType to (re)start from when there is no iterator. */
  startAt: 'LATEST' | 'TRIM_HORIZON';
  lastSequenceNumber?: string;
  nextPollMs: number;
  done: boolean;
  parents: string[];
}

export class KinesisSourceReader {
  private readonly shards = new Map<string, ShardCursor>();
  private started = false;

  constructor(
    private readonly kinesis: KinesisOperations,
    readonly streamArn: string,
  ) {}

  /** Records that arrived since the last poll, across shards whose poll is due at `now`. */
  poll(now: number): IncomingRecord[] {
    this.start(now);
    this.discover(now);
    const out: IncomingRecord[] = [];
    for (const [shardId, cursor] of this.shards) {
      if (cursor.done || now < cursor.nextPollMs) continue;
      if (!cursor.parents.every((p) => this.shards.get(p)?.done ?? true)) continue;
      out.push(...this.read(shardId, cursor, now));
    }
    return out;
  }

  /** Takes LATEST iterators now (the delivery stream's creation), so nothing put after it is missed. */
  start(now: number): void {
    if (this.started) return;
    this.started = true;
    for (const shard of this.listShards()) {
      const cursor = this.cursor(shard, 'LATEST', now);
      cursor.iterator = this.iterator(shard.ShardId, cursor);
      this.shards.set(shard.ShardId, cursor);
    }
  }

  /** Shards created by resharding after we started: read from their beginning. */
  private discover(now: number): void {
    for (const shard of this.listShards()) {
      if (!this.shards.has(shard.ShardId)) this.shards.set(shard.ShardId, this.cursor(shard, 'TRIM_HORIZON', now));
    }
  }

  private cursor(shard: { ParentShardId?: string; AdjacentParentShardId?: string }, startAt: 'LATEST' | 'TRIM_HORIZON', now: number): ShardCursor {
    const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter((p): p is string => p !== undefined);
    return { startAt, nextPollMs: now, done: false, parents };
  }

  private listShards(): { ShardId: string; ParentShardId?: string; AdjacentParentShardId?: string }[] {
    const shards: { ShardId: string; ParentShardId?: string; AdjacentParentShardId?: string }[] = [];
    let next: string | undefined;
    do {
      const out = this.kinesis.call('ListShards', next ? { NextToken: next } : { StreamARN: this.streamArn }) as {
        Shards: { ShardId: string; ParentShardId?: string; AdjacentParentShardId?: string }[];
        NextToken?: string;
      };
      shards.push(...out.Shards);
      next = out.NextToken;
    } while (next);
    return shards;
  }

  private read(shardId: string, cursor: ShardCursor, now: number): IncomingRecord[] {
    cursor.nextPollMs = now + POLL_INTERVAL_MS;
    try {
      if (cursor.iterator === undefined) cursor.iterator = this.iterator(shardId, cursor);
      const out = this.kinesis.call('GetRecords', { ShardIterator: cursor.iterator, StreamARN: this.streamArn }) as {
        Records: { SequenceNumber: string; PartitionKey: string; Data: Uint8Array; ApproximateArrivalTimestamp: Date }[];
        NextShardIterator?: string;
      };
      if (out.NextShardIterator === undefined) cursor.done = true;
      else cursor.iterator = out.NextShardIterator;
      const last = out.Records[out.Records.length - 1];
      if (last !== undefined) cursor.lastSequenceNumber = last.SequenceNumber;
      return out.Records.map((r) => ({
        data: r.Data,
        arrivalMs: r.ApproximateArrivalTimestamp.getTime(),
        kinesis: { shardId, partitionKey: r.PartitionKey, approximateArrivalTimestamp: r.ApproximateArrivalTimestamp.getTime(), sequenceNumber: r.SequenceNumber },
      }));
    } catch (err) {
      // Throttled or expired: try again on the next poll, resuming after the last record read.
      if (!(err instanceof KinesisError)) throw err;
      if (err.type === 'ExpiredIteratorException') delete cursor.iterator;
      if (err.type === 'ResourceNotFoundException') cursor.done = true;
      return [];
    }
  }

  private iterator(shardId: string, cursor: ShardCursor): string {
    const request = cursor.lastSequenceNumber !== undefined
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: cursor.lastSequenceNumber }
      : { ShardIteratorType: cursor.startAt };
    return (this.kinesis.call('GetShardIterator', { StreamARN: this.streamArn, ShardId: shardId, ...request }) as { ShardIterator: string }).ShardIterator;
  }
}
