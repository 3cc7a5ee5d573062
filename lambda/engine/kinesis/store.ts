/**
 * The persistence port of the Kinesis engine, and its in-memory implementation.
 *
 * The engine keeps every stream's metadata (shards, tags, consumers, pending status changes, sequence
 * counters) in memory and writes it through `saveStream` whenever it changes; records live only in the
 * store. All methods are synchronous (the local host implements them with better-sqlite3).
 *
 * Durability contract (what makes "acknowledged records survive kill -9" hold):
 * - `appendRecords` must be durable and atomic when it returns: the engine calls it before it answers
 *   PutRecord/PutRecords, and answers with an error if it throws.
 * - `saveStream` replaces the stream's metadata atomically (one row of JSON is enough).
 * - On construction the engine calls `loadStreams()` once and rebuilds everything from it, continuing
 *   each shard's sequence numbers after max(`ShardMeta.nextSequenceIndex`, the sequence index of
 *   `lastRecord(...)` + 1): so a store never needs to persist counters on every put.
 *
 * Sequence numbers are 56-digit decimal strings, so they order correctly as text (an SQL TEXT column
 * and `ORDER BY sequence_number` work). The store never interprets them otherwise.
 */

export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';
export type ConsumerStatus = 'CREATING' | 'DELETING' | 'ACTIVE';

export interface ShardMeta {
  readonly shardId: string;
  /** Creation order in the stream (the number in the shard ID). */
  readonly index: number;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** Decimal strings. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly createdAtMs: number;
  /** Whole seconds encoded in this shard's sequence numbers (at least one more than its parents'). */
  readonly createdSeconds: number;
  readonly startingSequenceNumber: string;
  closedAtMs?: number;
  endingSequenceNumber?: string;
  /** The next sequence index to hand out, as of the last saveStream (the records may be ahead). */
  nextSequenceIndex: number;
}

export interface ConsumerMeta {
  readonly name: string;
  readonly arn: string;
  readonly createdAtMs: number;
  status: ConsumerStatus;
  /** When CREATING becomes ACTIVE, or DELETING makes the consumer disappear. */
  statusUntilMs?: number;
  tags: Record<string, string>;
}

/** A status change that completes when `untilMs` is reached (statusDelayMs after the request). */
export type PendingChange =
  | { readonly kind: 'create' }
  | { readonly kind: 'delete' }
  | { readonly kind: 'split'; readonly shardId: string; readonly newStartingHashKey: string }
  | { readonly kind: 'merge'; readonly shardId: string; readonly adjacentShardId: string }
  | { readonly kind: 'updateShardCount'; readonly target: number }
  | { readonly kind: 'mode'; readonly mode: StreamMode }
  | { readonly kind: 'encryption'; readonly encryptionType: 'NONE' | 'KMS'; readonly keyId?: string };

export interface StreamMeta {
  readonly name: string;
  readonly arn: string;
  readonly createdAtMs: number;
  status: StreamStatus;
  pending?: { readonly untilMs: number; readonly change: PendingChange };
  mode: StreamMode;
  retentionHours: number;
  encryptionType: 'NONE' | 'KMS';
  keyId?: string;
  maxRecordSizeKiB: number;
  shardLevelMetrics: string[];
  /** In creation (index) order. */
  shards: ShardMeta[];
  /** Times (ms) of accepted UpdateShardCount calls, for the rolling-24-hour limit. */
  shardCountUpdates: number[];
  tags: Record<string, string>;
  consumers: ConsumerMeta[];
}

export interface StoredRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly arrivalMs: number;
  /** Set when the stream was encrypted when the record was written. */
  readonly encryptionType?: 'KMS';
}

export interface KinesisStore {
  /** Every stream's metadata, as last saved. Called once, when the engine is constructed. */
  loadStreams(): StreamMeta[];
  /** Create or replace a stream's metadata. */
  saveStream(meta: StreamMeta): void;
  /** Remove a stream's metadata and all its records. */
  deleteStream(streamName: string): void;
  /** Append records (any shards of one stream) atomically and durably; each shard's come in increasing sequence order. */
  appendRecords(streamName: string, records: readonly StoredRecord[]): void;
  /**
   * A shard's records with sequence number >= `fromSequenceNumber`, in order: at most `limit` of them,
   * stopping before the record that would take the summed data + partition key bytes over `maxBytes`
   * (the first record is always returned).
   */
  readRecords(streamName: string, shardId: string, fromSequenceNumber: string, limit: number, maxBytes: number): StoredRecord[];
  /** The shard's first record that arrived at or after `arrivalMs` (AT_TIMESTAMP), if any. */
  firstRecordAtOrAfter(streamName: string, shardId: string, arrivalMs: number): StoredRecord | undefined;
  /** The shard's last (highest sequence number) record, if any. */
  lastRecord(streamName: string, shardId: string): StoredRecord | undefined;
  /** Delete the shard's records that arrived before `arrivalMs` (retention). */
  trimRecords(streamName: string, shardId: string, arrivedBeforeMs: number): void;
}

/** The bytes a record counts for in size limits and throughput: partition key (UTF-8) plus data. */
export function recordBytes(partitionKey: string, data: Uint8Array): number {
  return Buffer.byteLength(partitionKey, 'utf8') + data.byteLength;
}
