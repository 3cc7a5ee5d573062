import { clickPartitionKey } from '../clickstream/partition-key';

/** What producers send: one record, the simulated time it is produced at, and its partition key. */
export interface TrafficRecord {
  /** Simulated epoch ms at which a producer hands the record over. */
  readonly atMs: number;
  readonly partitionKey: string;
  readonly data: Buffer;
}

/** The producers' partition key for an event (../clickstream/partition-key.ts); `unknown` for an event without one. */
export function partitionKeyOf(event: Record<string, unknown>): string {
  return clickPartitionKey(event) ?? 'unknown';
}
