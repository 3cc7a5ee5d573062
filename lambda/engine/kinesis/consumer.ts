/**
 * The consumer library (our KCL, for one worker that owns every shard of a stream):
 * - discovers shards with ListShards, closed parents included, and reads a child only after all its
 *   parents were read to the end and checkpointed SHARD_END (./consumer-lineage.ts);
 * - per shard, loops on GetRecords at most 5 calls/s (AWS's per-shard limit), idling when caught up
 *   (MillisBehindLatest 0), re-getting the iterator when it expires, backing off when throttled;
 * - de-aggregates KPL records (./kpl.ts) into user records with their subSequenceNumber;
 * - hands each GetRecords batch to `processRecords(batch, checkpointer)`; what the callback checkpoints
 *   is acknowledged, and a restart resumes right after it (AFTER_SEQUENCE_NUMBER, or AT_SEQUENCE_NUMBER
 *   skipping the acknowledged part of an aggregated record). Delivery is at-least-once: records
 *   delivered but not checkpointed are delivered again after a crash, acknowledged ones never.
 *
 * The final batch of a closed shard has `shardEnded: true`; checkpointing it (checkpoint() with no
 * argument) writes SHARD_END, which lets the children start. If the callback returns without doing so,
 * the batch is unacknowledged: the shard is read again from its checkpoint (as the KCL insists on a
 * SHARD_END checkpoint in shardEnded). If the callback throws, the same happens after failureBackoffMs.
 */
import type { Clock } from '../clock';
import type { Checkpoint, CheckpointPosition, CheckpointStore } from './consumer-checkpoint';
import { readyShards } from './consumer-lineage';
import type { ConsumerPort, GetRecordsOutput, ShardDescription, StreamRecord } from './consumer-ports';
import { deaggregate } from './kpl';
import { GET_RECORDS, PER_SHARD } from './limits';
import { errorCodeOf, type Sleep } from './producer-ports';

export * from './consumer-checkpoint';
export * from './consumer-ports';

export interface ConsumerRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** Index inside an aggregated record; undefined for a plain record. */
  readonly subSequenceNumber?: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly approximateArrivalTimestamp?: Date;
}

export interface RecordBatch {
  readonly shardId: string;
  /** User records in stored order (empty only in a shard's final batch). */
  readonly records: readonly ConsumerRecord[];
  readonly millisBehindLatest?: number;
  /** The last batch of a closed shard: checkpoint it to finish the shard. */
  readonly shardEnded: boolean;
}

export interface Checkpointer {
  /**
   * Acknowledges `record` and everything before it in the shard; without an argument, the whole batch
   * (and, in a shard's final batch, the shard: SHARD_END).
   */
  checkpoint(record?: ConsumerRecord): Promise<void>;
}

export type ProcessRecords = (batch: RecordBatch, checkpointer: Checkpointer) => Promise<void> | void;

export interface ConsumerOptions {
  readonly streamName: string;
  readonly port: ConsumerPort;
  readonly store: CheckpointStore;
  readonly processRecords: ProcessRecords;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Where a shard without checkpoint and without parents starts. Children always start at TRIM_HORIZON. Default TRIM_HORIZON. */
  readonly initialPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** GetRecords Limit. Default 10000. */
  readonly maxRecordsPerCall?: number;
  /** Wait after an empty, caught-up read or a throttled one. Default 1000 ms (the KCL's idleTimeBetweenReadsInMillis). */
  readonly idleTimeBetweenReadsMs?: number;
  /** ListShards every so often to find new shards (also right after any shard ends). Default 10000 ms. */
  readonly shardSyncIntervalMs?: number;
  /** Wait before re-reading a shard whose callback failed. Default 1000 ms. */
  readonly failureBackoffMs?: number;
  /** Shard-level problems (callback errors, unacknowledged shard ends, ListShards failures). Default: ignored. */
  readonly onError?: (err: unknown, shardId?: string) => void;
}

type Resolved = Required<Omit<ConsumerOptions, 'onError'>> & { onError: (err: unknown, shardId?: string) => void };

/** GetRecords at most 5 times a second per shard. */
const MIN_CALL_INTERVAL_MS = 1000 / PER_SHARD.getRecordsCallsPerSecond;

export class Consumer {
  private readonly o: Resolved;
  private readonly finished = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeSignal!: Promise<void>;
  private wakeUp!: () => void;
  private stopSignal!: Promise<void>;
  private stopNow!: () => void;

  constructor(options: ConsumerOptions) {
    this.o = {
      initialPosition: 'TRIM_HORIZON',
      maxRecordsPerCall: GET_RECORDS.defaultLimit,
      idleTimeBetweenReadsMs: 1000,
      shardSyncIntervalMs: 10_000,
      failureBackoffMs: 1000,
      onError: () => undefined,
      ...options,
    };
    this.resetWake();
    this.stopSignal = new Promise((resolve) => { this.stopNow = resolve; });
  }

  /** Starts reading in the background. */
  start(): void {
    if (this.loop !== undefined) throw new Error('consumer already started');
    this.loop = this.coordinate();
  }

  /**
   * Graceful shutdown: no new reads; a callback in progress completes (its checkpoints count); records
   * fetched but not yet delivered are dropped, to be read again from the checkpoint next time.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopNow();
    this.wakeUp();
    await this.loop;
  }

  /** Shards read to their end and checkpointed SHARD_END. */
  get finishedShards(): ReadonlySet<string> {
    return this.finished;
  }

  // -------------------------------------------------------------------------------------------

  private resetWake(): void {
    this.wakeSignal = new Promise((resolve) => { this.wakeUp = resolve; });
  }

  /** Sleeps, cut short by stop(). */
  private async pause(ms: number): Promise<void> {
    await Promise.race([this.o.sleep(ms), this.stopSignal]);
  }

  private async coordinate(): Promise<void> {
    while (!this.stopping) {
      const woken = this.wakeSignal;
      try {
        this.startReadyShards(await this.o.port.listShards(this.o.streamName));
      } catch (err) {
        this.o.onError(err);
      }
      await Promise.race([this.o.sleep(this.o.shardSyncIntervalMs), woken, this.stopSignal]);
      if (!this.stopping) this.resetWake();
    }
    await Promise.all(this.running.values());
  }

  private startReadyShards(shards: readonly ShardDescription[]): void {
    const hasParent = (s: ShardDescription) => shards.some((p) => p.ShardId === s.ParentShardId || p.ShardId === s.AdjacentParentShardId);
    for (const shard of readyShards(shards, this.finished, new Set(this.running.keys()))) {
      const worker = new ShardWorker(this.o, shard.ShardId, hasParent(shard), () => this.stopping, (ms) => this.pause(ms));
      const run = worker.run()
        .then((ended) => { if (ended) this.finished.add(shard.ShardId); })
        .catch(async (err: unknown) => {
          this.o.onError(err, shard.ShardId);
          await this.pause(this.o.failureBackoffMs);
        })
        .finally(() => {
          this.running.delete(shard.ShardId);
          this.wakeUp();
        });
      this.running.set(shard.ShardId, run);
    }
  }
}

/** One shard's read loop, from its checkpoint to SHARD_END (true) or until the consumer stops (false). */
class ShardWorker {
  /** Last record delivered (a whole Kinesis record), to re-position after an expired iterator. */
  private lastDelivered: CheckpointPosition | undefined;
  private checkpoint: Checkpoint | undefined;
  /** On a resume inside an aggregated record: its acknowledged user records to skip. */
  private skip: CheckpointPosition | undefined;
  private lastCallAt = -Infinity;

  constructor(
    private readonly o: Resolved,
    private readonly shardId: string,
    private readonly isChild: boolean,
    private readonly stopping: () => boolean,
    private readonly pause: (ms: number) => Promise<void>,
  ) {}

  async run(): Promise<boolean> {
    this.checkpoint = await this.o.store.get(this.shardId);
    if (this.checkpoint === 'SHARD_END') return true;
    let iterator: string | undefined = await this.iteratorFrom(this.checkpoint);
    while (!this.stopping()) {
      const out = await this.read(iterator);
      if (out === undefined) {
        iterator = await this.iteratorFrom(this.lastDelivered ?? this.checkpoint);
        continue;
      }
      if (out === 'throttled') continue;
      if (this.stopping()) return false;
      const records = this.userRecords(out.Records);
      const ended = out.NextShardIterator === undefined;
      if (ended && records.length === 0 && this.allAcknowledged()) {
        await this.save('SHARD_END');
        return true;
      }
      if (records.length > 0 || ended) {
        const batch: RecordBatch = {
          shardId: this.shardId, records, shardEnded: ended,
          ...(out.MillisBehindLatest !== undefined ? { millisBehindLatest: out.MillisBehindLatest } : {}),
        };
        await this.o.processRecords(batch, this.checkpointerFor(batch));
        const last = out.Records[out.Records.length - 1];
        if (last !== undefined) this.lastDelivered = { sequenceNumber: last.SequenceNumber };
      }
      if (ended) {
        if (this.shardEndSaved()) return true;
        if (this.stopping()) return false;
        throw new Error(`processRecords returned without checkpointing the end of ${this.shardId}; reading it again from its checkpoint`);
      }
      iterator = out.NextShardIterator;
      if (out.Records.length === 0 && (out.MillisBehindLatest ?? 0) === 0) await this.pause(this.o.idleTimeBetweenReadsMs);
    }
    return false;
  }

  /** One paced GetRecords: the output, 'throttled' (after a pause, or when stopping), or undefined when the iterator expired. */
  private async read(iterator: string | undefined): Promise<GetRecordsOutput | 'throttled' | undefined> {
    if (iterator === undefined) return undefined;
    const wait = this.lastCallAt + MIN_CALL_INTERVAL_MS - this.o.clock.now();
    if (wait > 0) await this.pause(wait);
    if (this.stopping()) return 'throttled';
    this.lastCallAt = this.o.clock.now();
    try {
      return await this.o.port.getRecords({ ShardIterator: iterator, Limit: this.o.maxRecordsPerCall });
    } catch (err) {
      const code = errorCodeOf(err);
      if (code === 'ExpiredIteratorException') return undefined;
      if (code === 'ProvisionedThroughputExceededException') {
        await this.pause(this.o.idleTimeBetweenReadsMs);
        return 'throttled';
      }
      throw err;
    }
  }

  private async iteratorFrom(position: Checkpoint | undefined): Promise<string> {
    const base = { StreamName: this.o.streamName, ShardId: this.shardId };
    this.skip = undefined;
    if (position === undefined || position === 'SHARD_END') {
      return this.o.port.getShardIterator({ ...base, ShardIteratorType: this.isChild ? 'TRIM_HORIZON' : this.o.initialPosition });
    }
    if (position.subSequenceNumber === undefined) {
      return this.o.port.getShardIterator({ ...base, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: position.sequenceNumber });
    }
    this.skip = position;
    return this.o.port.getShardIterator({ ...base, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: position.sequenceNumber });
  }

  private userRecords(records: readonly StreamRecord[]): ConsumerRecord[] {
    const out: ConsumerRecord[] = [];
    for (const r of records) {
      const common = { shardId: this.shardId, sequenceNumber: r.SequenceNumber, ...(r.ApproximateArrivalTimestamp !== undefined ? { approximateArrivalTimestamp: r.ApproximateArrivalTimestamp } : {}) };
      const users = deaggregate(r.Data);
      if (users === undefined) {
        out.push({ ...common, partitionKey: r.PartitionKey, data: r.Data });
        continue;
      }
      const skip = this.skip;
      for (const u of users) {
        if (skip !== undefined && skip.sequenceNumber === r.SequenceNumber && u.subSequenceNumber <= (skip.subSequenceNumber ?? -1)) continue;
        out.push({
          ...common, partitionKey: u.partitionKey, data: u.data, subSequenceNumber: u.subSequenceNumber,
          ...(u.explicitHashKey !== undefined ? { explicitHashKey: u.explicitHashKey } : {}),
        });
      }
    }
    if (records.length > 0) this.skip = undefined;
    return out;
  }

  private shardEndSaved(): boolean {
    return this.checkpoint === 'SHARD_END';
  }

  private allAcknowledged(): boolean {
    if (this.lastDelivered === undefined) return true;
    const cp = this.checkpoint;
    return cp !== undefined && cp !== 'SHARD_END' && cp.subSequenceNumber === undefined && cp.sequenceNumber === this.lastDelivered.sequenceNumber;
  }

  private checkpointerFor(batch: RecordBatch): Checkpointer {
    return {
      checkpoint: async (record?: ConsumerRecord) => {
        if (record === undefined) {
          const last = batch.records[batch.records.length - 1];
          if (batch.shardEnded) return this.save('SHARD_END');
          if (last !== undefined) return this.save({ sequenceNumber: last.sequenceNumber });
          return undefined;
        }
        if (record.shardId !== this.shardId) throw new Error(`record of ${record.shardId} checkpointed on ${this.shardId}`);
        const i = batch.records.indexOf(record);
        const next = i === -1 ? undefined : batch.records[i + 1];
        // Inside an aggregated record unless its last user record (the next one has another sequence number).
        const partial = record.subSequenceNumber !== undefined && (i === -1 || next?.sequenceNumber === record.sequenceNumber);
        return this.save(partial
          ? { sequenceNumber: record.sequenceNumber, subSequenceNumber: record.subSequenceNumber as number }
          : { sequenceNumber: record.sequenceNumber });
      },
    };
  }

  private async save(checkpoint: Checkpoint): Promise<void> {
    await this.o.store.put(this.shardId, checkpoint);
    this.checkpoint = checkpoint;
  }
}
