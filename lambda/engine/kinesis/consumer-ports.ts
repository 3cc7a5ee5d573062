/**
 * The consumer's ports: the three read operations, AWS-shaped (a subset of each API's members) so the
 * engine adapter (./engine-ports.ts) and the SDK wrapper (lambda/local/kinesis-clients) stay thin.
 */
export interface ShardDescription {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
  readonly SequenceNumberRange: { readonly StartingSequenceNumber: string; readonly EndingSequenceNumber?: string };
}

export interface StreamRecord {
  readonly SequenceNumber: string;
  readonly PartitionKey: string;
  readonly Data: Uint8Array;
  readonly ApproximateArrivalTimestamp?: Date;
}

export interface GetRecordsOutput {
  readonly Records: readonly StreamRecord[];
  /** Absent at the end of a closed shard. */
  readonly NextShardIterator?: string;
  readonly MillisBehindLatest?: number;
  readonly ChildShards?: readonly { readonly ShardId: string; readonly ParentShards: readonly string[] }[];
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export interface ConsumerPort {
  /** Every shard of the stream, open and closed (all ListShards pages). */
  listShards(streamName: string): Promise<readonly ShardDescription[]>;
  getShardIterator(input: {
    readonly StreamName: string;
    readonly ShardId: string;
    readonly ShardIteratorType: ShardIteratorType;
    readonly StartingSequenceNumber?: string;
  }): Promise<string>;
  getRecords(input: { readonly ShardIterator: string; readonly Limit?: number }): Promise<GetRecordsOutput>;
}
