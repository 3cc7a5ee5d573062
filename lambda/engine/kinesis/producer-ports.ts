/**
 * The producer's ports: PutRecords as a function (the engine in a simulation, @aws-sdk/client-kinesis
 * against AWS or the local endpoint), a shard map for aggregation, and time/sleep/randomness.
 * Shapes follow the PutRecords API so adapters stay one-liners.
 */
export interface PutRecordsEntry {
  readonly PartitionKey: string;
  readonly Data: Uint8Array;
  readonly ExplicitHashKey?: string;
}

export type PutRecordsResultEntry =
  | { readonly SequenceNumber: string; readonly ShardId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface PutRecordsResult {
  readonly FailedRecordCount: number;
  readonly Records: readonly PutRecordsResultEntry[];
}

/** One PutRecords call. A rejection fails every entry of the call with the error's name as its code. */
export type ProducerTransport = (streamName: string, entries: readonly PutRecordsEntry[]) => Promise<PutRecordsResult>;

/** An open shard's hash-key range (inclusive), as ListShards reports it. */
export interface ShardRange {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
}

/** The stream's open shards; called once and again whenever PutRecords proves the cached map stale. */
export type ShardMapProvider = () => Promise<readonly ShardRange[]>;

/** Waits `ms` of the injected clock's time (setTimeout on a laptop; a ManualClock advance in tests). */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The exception name of an SDK error (`name`) or an engine KinesisError (`type`). */
export function errorCodeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const { type, name } = err as { type?: unknown; name?: unknown };
    if (typeof type === 'string') return type;
    if (typeof name === 'string' && name !== 'Error') return name;
  }
  return 'TransportError';
}

export function errorMessageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
