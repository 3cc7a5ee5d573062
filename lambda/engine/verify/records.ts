/**
 * The sample as the checks read it: each Kinesis record with its arrival time in ms, its size against
 * the write limits, its KPL user records, and the hash keys that may have routed it.
 */
import { recordHashKey } from '../kinesis/hash-key';
import { deaggregate, type DeaggregatedUserRecord } from '../kinesis/kpl';
import type { SampledRecord, ShardSample } from './types';

export interface SampleRecord {
  readonly shardId: string;
  readonly index: number;
  readonly record: SampledRecord;
  readonly arrival: number;
  /** Partition key plus data: what counts against a shard's 1 MiB/s. */
  readonly bytes: number;
  /** The KPL user records inside, or undefined for a plain record. */
  readonly userRecords: readonly DeaggregatedUserRecord[] | undefined;
  /**
   * Hash keys that may have decided the shard, in order of likelihood. GetRecords does not return the
   * ExplicitHashKey a producer used, so unless the host knows it: the partition key's MD5, and for a KPL
   * aggregate also its first user record's explicit hash key (the KPL sets the aggregate's key from it).
   */
  readonly candidateHashKeys: readonly bigint[];
}

export function arrivalMs(value: Date | number): number {
  return typeof value === 'number' ? value : value.getTime();
}

/** A decimal hash key, or undefined when it is not one (the verifier reports it rather than throwing). */
export function safeHashKey(partitionKey: string, explicit: string | undefined): bigint | undefined {
  try {
    return recordHashKey(partitionKey, explicit);
  } catch {
    return undefined;
  }
}

export function expandSample(sample: ShardSample): SampleRecord[] {
  return sample.Records.map((record, index) => {
    const userRecords = deaggregate(record.Data);
    const candidates: bigint[] = [];
    const add = (key: bigint | undefined) => {
      if (key !== undefined && !candidates.includes(key)) candidates.push(key);
    };
    if (record.ExplicitHashKey !== undefined) add(safeHashKey(record.PartitionKey, record.ExplicitHashKey));
    else {
      add(safeHashKey(record.PartitionKey, undefined));
      const first = userRecords?.[0];
      if (first?.explicitHashKey !== undefined) add(safeHashKey(first.partitionKey, first.explicitHashKey));
    }
    return {
      shardId: sample.ShardId,
      index,
      record,
      arrival: arrivalMs(record.ApproximateArrivalTimestamp),
      bytes: Buffer.byteLength(record.PartitionKey, 'utf8') + record.Data.byteLength,
      userRecords,
      candidateHashKeys: candidates,
    };
  });
}

/** Every shard's records merged by arrival time; ties keep shard order, then read order (stable sort). */
export function byArrival(records: readonly SampleRecord[]): SampleRecord[] {
  return [...records].sort((a, b) => a.arrival - b.arrival);
}

/** The user records of a record: its KPL user records, or the record itself. */
export function userRecordsOf(r: SampleRecord): readonly { readonly partitionKey: string; readonly explicitHashKey?: string; readonly data: Uint8Array }[] {
  return r.userRecords ?? [{ partitionKey: r.record.PartitionKey, data: r.record.Data }];
}
