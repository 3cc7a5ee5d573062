/**
 * The producer library (our KPL): buffers user records, sends them with PutRecords (at most 500 records
 * and maxRequestBytes per call), retries only the entries that failed, with exponential backoff and
 * jitter, and optionally aggregates user records in the KPL format (./kpl.ts).
 *
 *   const producer = new Producer({ streamName: 'clicks', transport, clock: systemClock, sleep: realSleep, random: Math.random });
 *   const { shardId, sequenceNumber } = await producer.add('user-1', Buffer.from('{}'));
 *   await producer.close();
 *
 * Ordering per partition key. Kinesis keeps order only for what it stored; a retry reorders a record
 * behind a later one of the same key that succeeded meanwhile. So at most ONE Kinesis record per
 * partition key is in flight at any time (across requests too): the key's queued records wait behind
 * it, and when it fails they keep waiting until its retry succeeds (or its attempts run out and it is
 * rejected). Without aggregation that is one user record per key per round trip; with aggregation, all
 * of a key's ready records ride in that one aggregated record, which is stored atomically.
 *
 * Aggregation grouping. User records may share an aggregated record only if they land on the same shard:
 * with a shard map (ListShards' hash ranges), records are grouped by predicted shard, as the KPL does;
 * without one, by partition key (and explicit hash key). A PutRecords answer naming another shard than
 * predicted (a reshard happened) refreshes the shard map.
 */
import type { Clock } from '../clock';
import { findRange } from './shard-map';
import { recordHashKey } from './hash-key';
import { MAX_RECORD_SIZE_KIB, PUT_RECORDS } from './limits';
import { selectBatch, type GroupOf, type OutgoingRecord, type QueuedRecord } from './producer-batch';
import {
  errorCodeOf, errorMessageOf, type ProducerTransport, type PutRecordsResult, type ShardMapProvider, type ShardRange, type Sleep,
} from './producer-ports';
import { backoffDelay } from './retry-backoff';

export * from './producer-ports';

export interface ProducerOptions {
  readonly streamName: string;
  readonly transport: ProducerTransport;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Uniform in [0, 1): the jitter of backoffs (mulberry32 from ../seeded-random for replayable runs). */
  readonly random: () => number;
  /** Records per PutRecords. Default and maximum 500. */
  readonly maxRecordsPerRequest?: number;
  /** Keys + data per PutRecords. Default 5 MiB (what every stream accepted before October 2025); at most 10 MiB. */
  readonly maxRequestBytes?: number;
  /** Keys + data per Kinesis record: the stream's MaxRecordSizeInKiB. Default 1 MiB. */
  readonly maxRecordBytes?: number;
  /** How long a record may wait for more to fill a request (KPL RecordMaxBufferedTime). Default 100 ms. */
  readonly maxBufferedTimeMs?: number;
  /** Requests in flight at once. Default 4. */
  readonly maxConcurrentRequests?: number;
  /** Attempts per record before it is rejected with ProducerRecordError. Default 10. */
  readonly maxAttempts?: number;
  /** Backoff after the first failure (doubled per failure, full jitter). Default 100 ms. */
  readonly backoffBaseMs?: number;
  /** Largest backoff. Default 5000 ms. */
  readonly backoffMaxMs?: number;
  /** Pack user records into KPL aggregated records. Default false. */
  readonly aggregation?: boolean;
  /** Open shards, to aggregate by predicted shard; without it, aggregation is per partition key. */
  readonly shardMap?: ShardMapProvider;
}

/** Where a user record was stored. `subSequenceNumber` is set when it was aggregated. */
export interface PutResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber?: number;
}

/** A record given up on: the last error code (e.g. ProvisionedThroughputExceededException) and message. */
export class ProducerRecordError extends Error {
  constructor(
    readonly errorCode: string,
    readonly errorMessage: string,
    readonly attempts: number,
    readonly partitionKey: string,
  ) {
    super(`record with partition key ${JSON.stringify(partitionKey)} failed after ${attempts} attempt(s): ${errorCode}: ${errorMessage}`);
    this.name = 'ProducerRecordError';
  }
}

export interface ProducerStats {
  /** User records added. */
  readonly userRecords: number;
  /** User records stored. */
  readonly userRecordsPut: number;
  /** User records rejected for good. */
  readonly userRecordsFailed: number;
  /** Kinesis records sent (an aggregated record counts once), retries included. */
  readonly kinesisRecordsSent: number;
  /** PutRecords calls. */
  readonly requests: number;
  /** Kinesis records scheduled for another attempt. */
  readonly retries: number;
  /** Failed entries whose code was ProvisionedThroughputExceededException. */
  readonly throttles: number;
}

// Errors that no retry can fix: the request itself is wrong.
const PERMANENT = new Set([
  'ResourceNotFoundException', 'ValidationException', 'InvalidArgumentException', 'AccessDeniedException',
  'KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired',
]);

interface Pending extends QueuedRecord {
  readonly resolve: (result: PutResult) => void;
  readonly reject: (err: Error) => void;
}

export class Producer {
  private readonly o: Required<Omit<ProducerOptions, 'shardMap'>> & { shardMap?: ShardMapProvider };
  private readonly queues = new Map<string, Pending[]>();
  private readonly busyKeys = new Set<string>();
  private nextId = 0;
  private queued = 0;
  private queuedBytes = 0;
  private inFlight = 0;
  private inFlightRecords = 0;
  /**
   * Earliest time an idle key's head record is due (linger end or backoff end). add() only lowers it, so
   * adding stays O(1); it is recomputed by scanning the queues after sends, responses and timers.
   */
  private dueAt = Infinity;
  private flushing = 0;
  private closed = false;
  private timerAt: number | undefined;
  private shards: ShardRange[] | undefined;
  private shardMapStale = true;
  private loadingShardMap: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly counters = { userRecords: 0, userRecordsPut: 0, userRecordsFailed: 0, kinesisRecordsSent: 0, requests: 0, retries: 0, throttles: 0 };

  constructor(options: ProducerOptions) {
    this.o = {
      maxRecordsPerRequest: PUT_RECORDS.maxRecords,
      maxRequestBytes: 5 * 1024 * 1024,
      maxRecordBytes: MAX_RECORD_SIZE_KIB.default * 1024,
      maxBufferedTimeMs: 100,
      maxConcurrentRequests: 4,
      maxAttempts: 10,
      backoffBaseMs: 100,
      backoffMaxMs: 5000,
      aggregation: false,
      ...options,
    };
    const within = (name: string, value: number, min: number, max: number) => {
      if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
    };
    within('maxRecordsPerRequest', this.o.maxRecordsPerRequest, 1, PUT_RECORDS.maxRecords);
    within('maxRequestBytes', this.o.maxRequestBytes, 1, PUT_RECORDS.maxBytes);
    within('maxRecordBytes', this.o.maxRecordBytes, 1, MAX_RECORD_SIZE_KIB.max * 1024);
    within('maxAttempts', this.o.maxAttempts, 1, Number.MAX_SAFE_INTEGER);
    within('maxConcurrentRequests', this.o.maxConcurrentRequests, 1, 1000);
  }

  /**
   * Queues one user record. Resolves once it is stored; rejects with ProducerRecordError when its attempts
   * run out, or with RangeError (synchronously checked) when it can never be valid.
   */
  add(partitionKey: string, data: Uint8Array, explicitHashKey?: string): Promise<PutResult> {
    if (this.closed) return Promise.reject(new ProducerRecordError('ProducerClosed', 'the producer is closed', 0, partitionKey));
    // Checked here rather than by Kinesis: such a record would fail its whole request, not just itself.
    if (partitionKey.length < 1 || partitionKey.length > 256) return Promise.reject(new RangeError(`partitionKey must be 1-256 characters, got ${partitionKey.length}`));
    const bytes = Buffer.byteLength(partitionKey, 'utf8') + data.length;
    if (bytes > this.o.maxRecordBytes) return Promise.reject(new RangeError(`record of ${bytes} bytes (partition key + data) exceeds ${this.o.maxRecordBytes}`));
    if (bytes > this.o.maxRequestBytes) return Promise.reject(new RangeError(`record of ${bytes} bytes exceeds maxRequestBytes ${this.o.maxRequestBytes}`));
    if (explicitHashKey !== undefined) {
      try {
        recordHashKey(partitionKey, explicitHashKey);
      } catch (err) {
        return Promise.reject(new RangeError(errorMessageOf(err)));
      }
    }
    this.counters.userRecords++;
    return new Promise<PutResult>((resolve, reject) => {
      const now = this.o.clock.now();
      const record: Pending = {
        id: this.nextId++, partitionKey, data, bytes, addedAt: now, attempts: 0, notBefore: now, resolve, reject,
        ...(explicitHashKey !== undefined ? { explicitHashKey } : {}),
      };
      let queue = this.queues.get(partitionKey);
      if (queue === undefined) this.queues.set(partitionKey, (queue = []));
      queue.push(record);
      this.queued++;
      this.queuedBytes += bytes;
      this.dueAt = Math.min(this.dueAt, now + this.o.maxBufferedTimeMs);
      this.pump(false);
    });
  }

  /** Sends everything buffered now and resolves when every record added so far is stored or rejected. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      this.pump();
      while (this.queued > 0 || this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    } finally {
      this.flushing--;
    }
  }

  /** Refuses new records, then flushes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Records buffered or in flight. */
  get outstanding(): number {
    return this.queued + this.inFlightRecords;
  }

  stats(): ProducerStats {
    return { ...this.counters };
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Starts as many requests as are due and allowed, then arms the timer for the next due time.
   * `rescan`: recompute dueAt (skipped on add, where it can only have moved earlier).
   */
  private pump(rescan = true): void {
    const now = this.o.clock.now();
    let sent = false;
    while (this.inFlight < this.o.maxConcurrentRequests && this.queued > 0 && this.isDue(now)) {
      if (this.o.aggregation && this.o.shardMap !== undefined && this.shardMapStale) {
        this.refreshShardMap();
        return;
      }
      const batch = selectBatch({
        queues: this.queues, busyKeys: this.busyKeys, now, groupOf: this.groupOf(),
        limits: { maxRecords: this.o.maxRecordsPerRequest, maxBytes: this.o.maxRequestBytes, maxRecordBytes: this.o.maxRecordBytes },
      });
      if (batch.records.length === 0) break;
      for (const [key, count] of batch.taken) {
        const queue = this.queues.get(key) as Pending[];
        for (const r of queue.splice(0, count)) {
          this.queued--;
          this.queuedBytes -= r.bytes;
          this.inFlightRecords++;
        }
        if (queue.length === 0) this.queues.delete(key);
        this.busyKeys.add(key);
      }
      void this.send(batch.records);
      sent = true;
    }
    if (rescan || sent) this.dueAt = this.scanDueAt();
    this.armTimer(now);
    this.notifyIdle();
  }

  private isDue(now: number): boolean {
    if (this.flushing > 0 || this.closed) return true;
    if (this.queuedBytes >= this.o.maxRequestBytes) return true;
    if (!this.o.aggregation && this.queued >= this.o.maxRecordsPerRequest) return true;
    return this.dueAt <= now;
  }

  /** When the earliest idle key's head is due. Busy keys are skipped: their response pumps again. */
  private scanDueAt(): number {
    let next = Infinity;
    for (const [key, queue] of this.queues) {
      if (this.busyKeys.has(key)) continue;
      const head = queue[0] as Pending;
      next = Math.min(next, head.attempts > 0 ? head.notBefore : Math.max(head.notBefore, head.addedAt + this.o.maxBufferedTimeMs));
    }
    return next;
  }

  /** Wakes the pump at dueAt (one timer: the earliest). Not needed when already due: a response will pump. */
  private armTimer(now: number): void {
    const next = this.dueAt;
    if (next === Infinity || next <= now || (this.timerAt !== undefined && this.timerAt <= next)) return;
    this.timerAt = next;
    void this.o.sleep(next - now).then(() => {
      if (this.timerAt === next) this.timerAt = undefined;
      this.pump();
    });
  }

  private groupOf(): GroupOf | undefined {
    if (!this.o.aggregation) return undefined;
    const shards = this.shards;
    if (this.o.shardMap === undefined || shards === undefined) {
      return (r) => ({ group: r.explicitHashKey === undefined ? `k:${r.partitionKey}` : `k:${r.partitionKey}\u0000${r.explicitHashKey}` });
    }
    const ranges = shards.map((s) => ({ start: s.startingHashKey, end: s.endingHashKey }));
    return (r) => {
      const shard = shards[findRange(ranges, recordHashKey(r.partitionKey, r.explicitHashKey))];
      // A map with a hole (mid-reshard): fall back to the key's own group.
      return shard === undefined ? { group: `k:${r.partitionKey}\u0000${r.explicitHashKey ?? ''}` } : { group: `s:${shard.shardId}`, shardId: shard.shardId };
    };
  }

  private refreshShardMap(): void {
    if (this.loadingShardMap !== undefined || this.o.shardMap === undefined) return;
    this.loadingShardMap = this.o.shardMap()
      .then((shards) => { this.shards = [...shards].sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : 1)); })
      // Without a map, aggregation falls back to per-key groups: correct, just less packed.
      .catch(() => { this.shards = undefined; })
      .finally(() => {
        this.shardMapStale = false;
        this.loadingShardMap = undefined;
        this.pump();
      });
  }

  private async send(records: OutgoingRecord[]): Promise<void> {
    this.inFlight++;
    this.counters.requests++;
    this.counters.kinesisRecordsSent += records.length;
    let result: PutRecordsResult;
    try {
      result = await this.o.transport(this.o.streamName, records.map((r) => r.entry));
      if (result.Records.length !== records.length) throw new Error(`PutRecords answered ${result.Records.length} results for ${records.length} records`);
    } catch (err) {
      const failed = { ErrorCode: errorCodeOf(err), ErrorMessage: errorMessageOf(err) };
      result = { FailedRecordCount: records.length, Records: records.map(() => failed) };
    }
    const now = this.o.clock.now();
    // Entries that failed together with the same attempt count retry together: one jittered delay each.
    const delays = new Map<number, number>();
    const retryAt = (attempts: number) => {
      let at = delays.get(attempts);
      if (at === undefined) delays.set(attempts, (at = now + backoffDelay(attempts, { baseMs: this.o.backoffBaseMs, maxMs: this.o.backoffMaxMs }, this.o.random)));
      return at;
    };
    records.forEach((out, i) => {
      const answer = result.Records[i] as PutRecordsResult['Records'][number];
      this.inFlightRecords -= out.records.length;
      if ('SequenceNumber' in answer) {
        if (out.predictedShardId !== undefined && out.predictedShardId !== answer.ShardId) this.shardMapStale = true;
        out.records.forEach((r, sub) => {
          this.counters.userRecordsPut++;
          (r as Pending).resolve(out.records.length > 1
            ? { shardId: answer.ShardId, sequenceNumber: answer.SequenceNumber, subSequenceNumber: sub }
            : { shardId: answer.ShardId, sequenceNumber: answer.SequenceNumber });
        });
      } else {
        this.failed(out, answer.ErrorCode, answer.ErrorMessage, retryAt);
      }
    });
    for (const out of records) for (const r of out.records) this.busyKeys.delete(r.partitionKey);
    this.inFlight--;
    this.pump();
  }

  /** Puts a failed Kinesis record's user records back at the front of their keys' queues, or rejects them. */
  private failed(out: OutgoingRecord, code: string, message: string, retryAt: (attempts: number) => number): void {
    if (code === 'ProvisionedThroughputExceededException') this.counters.throttles++;
    const attempts = (out.records[0] as QueuedRecord).attempts + 1;
    if (PERMANENT.has(code) || attempts >= this.o.maxAttempts) {
      for (const r of out.records) {
        this.counters.userRecordsFailed++;
        (r as Pending).reject(new ProducerRecordError(code, message, attempts, r.partitionKey));
      }
      return;
    }
    this.counters.retries++;
    const notBefore = retryAt(attempts);
    const byKey = new Map<string, Pending[]>();
    for (const r of out.records as Pending[]) {
      r.attempts = attempts;
      r.notBefore = notBefore;
      byKey.set(r.partitionKey, [...(byKey.get(r.partitionKey) ?? []), r]);
      this.queued++;
      this.queuedBytes += r.bytes;
    }
    for (const [key, rs] of byKey) this.queues.set(key, [...rs, ...(this.queues.get(key) ?? [])]);
  }

  private notifyIdle(): void {
    if (this.queued > 0 || this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
