/**
 * Packing buffered user records into one PutRecords request (pure).
 *
 * Ordering rule (see producer.ts): per partition key, only a prefix of the key's queue may go out, and
 * all of it inside ONE Kinesis record of the request (a plain record, or one aggregated record). Then a
 * retry can never swap two records of a key: either that one Kinesis record is stored, or none of them.
 */
import { aggregate, lengthDelimited, varintSize } from './kpl';
import type { PutRecordsEntry } from './producer-ports';

export interface QueuedRecord {
  /** Add order, global across keys. */
  readonly id: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  /** Partition key (UTF-8) plus data: what counts against the record and request limits. */
  readonly bytes: number;
  readonly addedAt: number;
  /** Failed attempts so far. */
  attempts: number;
  /** Not sent again before this time (backoff). */
  notBefore: number;
}

export interface OutgoingRecord {
  readonly entry: PutRecordsEntry;
  /** The user records it carries, in add order; more than one means aggregated. */
  readonly records: readonly QueuedRecord[];
  /** The shard the shard map predicted, when aggregating by shard. */
  readonly predictedShardId?: string;
}

export interface BatchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
  /** Partition key + data of one Kinesis record (the stream's MaxRecordSizeInKiB). */
  readonly maxRecordBytes: number;
}

/** The group a user record may share an aggregated record with: its predicted shard, or else its keys. */
export type GroupOf = (record: QueuedRecord) => { readonly group: string; readonly shardId?: string };

export interface BatchInput {
  /** Per partition key, records in add order. */
  readonly queues: ReadonlyMap<string, readonly QueuedRecord[]>;
  /** Keys with a Kinesis record in flight: none of their records may go out now. */
  readonly busyKeys: ReadonlySet<string>;
  readonly now: number;
  readonly limits: BatchLimits;
  /** Set to aggregate; undefined sends one Kinesis record per user record. */
  readonly groupOf?: GroupOf;
}

/** The request to send; the caller removes `taken[key]` records from the front of each key's queue. */
export interface Batch {
  readonly records: OutgoingRecord[];
  readonly taken: Map<string, number>;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The ready prefix of each idle key's queue, keys ordered by their oldest record (fairness). */
function readyPrefixes(input: BatchInput, onePerKey: boolean): QueuedRecord[][] {
  const out: QueuedRecord[][] = [];
  for (const [key, queue] of input.queues) {
    if (input.busyKeys.has(key) || queue.length === 0) continue;
    const prefix: QueuedRecord[] = [];
    for (const r of queue) {
      if (r.notBefore > input.now) break;
      prefix.push(r);
      if (onePerKey) break;
    }
    if (prefix.length > 0) out.push(prefix);
  }
  return out.sort((a, b) => (a[0] as QueuedRecord).id - (b[0] as QueuedRecord).id);
}

export function selectBatch(input: BatchInput): Batch {
  return input.groupOf === undefined ? plainBatch(input) : aggregatedBatch(input, input.groupOf);
}

function plainBatch(input: BatchInput): Batch {
  const records: OutgoingRecord[] = [];
  const taken = new Map<string, number>();
  let bytes = 0;
  for (const [r] of readyPrefixes(input, true) as [QueuedRecord][]) {
    if (records.length >= input.limits.maxRecords) break;
    if (bytes + r.bytes > input.limits.maxBytes) continue;
    bytes += r.bytes;
    records.push({ entry: plainEntry(r), records: [r] });
    taken.set(r.partitionKey, 1);
  }
  return { records, taken };
}

function plainEntry(r: QueuedRecord): PutRecordsEntry {
  return r.explicitHashKey === undefined
    ? { PartitionKey: r.partitionKey, Data: r.data }
    : { PartitionKey: r.partitionKey, Data: r.data, ExplicitHashKey: r.explicitHashKey };
}

/**
 * Aggregation: user records of one group (shard) are packed, in add order, into aggregated records of at
 * most maxRecordBytes. Once a key's records went into an aggregated record, the key is closed for this
 * request (the ordering rule), so later records of it wait for the next request.
 */
function aggregatedBatch(input: BatchInput, groupOf: GroupOf): Batch {
  const groups = new Map<string, { shardId?: string; records: QueuedRecord[] }>();
  for (const prefix of readyPrefixes(input, false)) {
    // A key's records must all land in one group (one Kinesis record): stop at the first that routes elsewhere.
    let keyGroup: string | undefined;
    for (const r of prefix) {
      const { group, shardId } = groupOf(r);
      if (keyGroup !== undefined && group !== keyGroup) break;
      keyGroup = group;
      let g = groups.get(group);
      if (g === undefined) groups.set(group, (g = shardId === undefined ? { records: [] } : { shardId, records: [] }));
      g.records.push(r);
    }
  }
  const records: OutgoingRecord[] = [];
  const taken = new Map<string, number>();
  let bytes = 0;
  let full = false;
  for (const g of groups.values()) {
    g.records.sort((a, b) => a.id - b.id);
    const closed = new Set<string>();
    let packer = new AggregatePacker();
    const emit = (): boolean => {
      const out = packer.build(g.shardId);
      if (out === undefined) return true;
      const size = utf8(out.entry.PartitionKey) + out.entry.Data.length;
      if (records.length >= input.limits.maxRecords || bytes + size > input.limits.maxBytes) return false;
      bytes += size;
      records.push(out);
      for (const r of out.records) taken.set(r.partitionKey, (taken.get(r.partitionKey) ?? 0) + 1);
      for (const key of packer.keys) closed.add(key);
      return true;
    };
    for (const r of g.records) {
      if (closed.has(r.partitionKey)) continue;
      if (packer.fits(r, input.limits.maxRecordBytes)) {
        packer.add(r);
        continue;
      }
      const keysOfFull = packer.keys;
      if (!emit()) { full = true; break; }
      packer = new AggregatePacker();
      // This record's key was in the aggregate just emitted: it must wait (ordering rule).
      if (keysOfFull.has(r.partitionKey)) continue;
      packer.add(r);
    }
    if (full || !emit()) { full = true; break; }
  }
  return { records, taken };
}

/**
 * Builds one aggregated record while tracking its exact size incrementally (the formula of
 * kpl.aggregatedSize, which is O(n) per call; re-running it per added record would be quadratic).
 */
class AggregatePacker {
  readonly keys = new Set<string>();
  private readonly records: QueuedRecord[] = [];
  private readonly pkIndex = new Map<string, number>();
  private readonly ehkIndex = new Map<string, number>();
  /** magic + MD5 */
  private size = 4 + 16;

  /** Would the aggregated record, with `r` added, stay within the record limit (with its key)? */
  fits(r: QueuedRecord, maxRecordBytes: number): boolean {
    if (this.records.length === 0) return true;
    const first = this.records[0] as QueuedRecord;
    return this.size + this.growth(r) + utf8(first.partitionKey) <= maxRecordBytes;
  }

  add(r: QueuedRecord): void {
    this.size += this.growth(r);
    if (!this.pkIndex.has(r.partitionKey)) this.pkIndex.set(r.partitionKey, this.pkIndex.size);
    if (r.explicitHashKey !== undefined && !this.ehkIndex.has(r.explicitHashKey)) this.ehkIndex.set(r.explicitHashKey, this.ehkIndex.size);
    this.records.push(r);
    this.keys.add(r.partitionKey);
  }

  private growth(r: QueuedRecord): number {
    let grow = 0;
    const pk = this.pkIndex.get(r.partitionKey) ?? this.pkIndex.size;
    if (!this.pkIndex.has(r.partitionKey)) grow += lengthDelimited(utf8(r.partitionKey));
    let inner = 1 + varintSize(pk) + lengthDelimited(r.data.length);
    if (r.explicitHashKey !== undefined) {
      const ehk = this.ehkIndex.get(r.explicitHashKey) ?? this.ehkIndex.size;
      if (!this.ehkIndex.has(r.explicitHashKey)) grow += lengthDelimited(utf8(r.explicitHashKey));
      inner += 1 + varintSize(ehk);
    }
    return grow + lengthDelimited(inner);
  }

  /**
   * A lone user record goes out as a plain record (as the KPL does); several become one aggregated record
   * whose partition key is the first one's and whose explicit hash key pins it to the predicted shard.
   */
  build(shardId: string | undefined): OutgoingRecord | undefined {
    const first = this.records[0];
    if (first === undefined) return undefined;
    if (this.records.length === 1) return { entry: plainEntry(first), records: [first], ...(shardId !== undefined ? { predictedShardId: shardId } : {}) };
    const data = aggregate(this.records);
    const entry: PutRecordsEntry = first.explicitHashKey === undefined
      ? { PartitionKey: first.partitionKey, Data: data }
      : { PartitionKey: first.partitionKey, Data: data, ExplicitHashKey: first.explicitHashKey };
    return { entry, records: [...this.records], ...(shardId !== undefined ? { predictedShardId: shardId } : {}) };
  }
}
