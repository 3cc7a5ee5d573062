/**
 * The in-memory KinesisStore: every shard's records in columns (sequence numbers, partition keys, arrival
 * times) with the data bytes copied into large shared chunks. A stored record is then two strings and
 * a few numbers, not an object and a Buffer of its own: the garbage collector has far less to copy and
 * promote, which was a large part of the local endpoint's CPU per record. Reads build short-lived
 * StoredRecord objects whose `data` views the chunk (callers treat records as immutable).
 */
import type { KinesisStore, StoredRecord, StreamMeta } from './store';

/** Data chunk size; a record larger than this gets a chunk of its own. */
const CHUNK_BYTES = 1 << 20;

class ShardLog {
  /** Records before `start` are trimmed; compacted away once they are the larger part. */
  private start = 0;
  private sequenceNumbers: string[] = [];
  private partitionKeys: string[] = [];
  private arrivals: number[] = [];
  private encrypted: boolean[] = [];
  private chunkOf: number[] = [];
  private offsets: number[] = [];
  private lengths: number[] = [];
  /** Data chunks by number; trimmed ones become undefined. */
  private chunks: (Buffer | undefined)[] = [];
  private fill = CHUNK_BYTES;

  constructor(readonly shardId: string) {}

  get size(): number {
    return this.sequenceNumbers.length - this.start;
  }

  append(r: StoredRecord): void {
    const n = this.sequenceNumbers.length;
    if (n > this.start && !((this.sequenceNumbers[n - 1] as string) < r.sequenceNumber)) {
      throw new Error(`out-of-order append to ${this.shardId}: ${r.sequenceNumber} after ${this.sequenceNumbers[n - 1]}`);
    }
    const length = r.data.byteLength;
    if (this.fill + length > CHUNK_BYTES || this.chunks.length === 0) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, length)));
      this.fill = 0;
    }
    const chunk = this.chunks.length - 1;
    (this.chunks[chunk] as Buffer).set(r.data, this.fill);
    this.sequenceNumbers.push(r.sequenceNumber);
    this.partitionKeys.push(r.partitionKey);
    this.arrivals.push(r.arrivalMs);
    this.encrypted.push(r.encryptionType === 'KMS');
    this.chunkOf.push(chunk);
    this.offsets.push(this.fill);
    this.lengths.push(length);
    this.fill += length;
  }

  record(i: number): StoredRecord {
    const offset = this.offsets[i] as number;
    const data = (this.chunks[this.chunkOf[i] as number] as Buffer).subarray(offset, offset + (this.lengths[i] as number));
    const base = { shardId: this.shardId, sequenceNumber: this.sequenceNumbers[i] as string, partitionKey: this.partitionKeys[i] as string, data, arrivalMs: this.arrivals[i] as number };
    return this.encrypted[i] ? { ...base, encryptionType: 'KMS' } : base;
  }

  /** The first index (from `start`) whose record is not `before` the target; records are ordered. */
  private lowerBound(before: (i: number) => boolean): number {
    let lo = this.start;
    let hi = this.sequenceNumbers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  read(fromSequenceNumber: string, limit: number, maxBytes: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    let bytes = 0;
    const end = this.sequenceNumbers.length;
    for (let i = this.lowerBound((j) => (this.sequenceNumbers[j] as string) < fromSequenceNumber); i < end && out.length < limit; i++) {
      const size = Buffer.byteLength(this.partitionKeys[i] as string, 'utf8') + (this.lengths[i] as number); // recordBytes
      if (out.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      out.push(this.record(i));
    }
    return out;
  }

  firstAtOrAfter(arrivalMs: number): StoredRecord | undefined {
    for (let i = this.start; i < this.sequenceNumbers.length; i++) if ((this.arrivals[i] as number) >= arrivalMs) return this.record(i);
    return undefined;
  }

  last(): StoredRecord | undefined {
    return this.size > 0 ? this.record(this.sequenceNumbers.length - 1) : undefined;
  }

  /**
   * Drop the leading records that arrived before `arrivedBeforeMs`. Arrival times follow sequence order
   * unless the clock stepped back; a record caught behind a later one goes with it, and reads filter
   * expired records regardless.
   */
  trim(arrivedBeforeMs: number): void {
    while (this.start < this.sequenceNumbers.length && (this.arrivals[this.start] as number) < arrivedBeforeMs) this.start++;
    if (this.start === 0 || this.start < this.sequenceNumbers.length / 2) return;
    const from = this.start;
    this.sequenceNumbers = this.sequenceNumbers.slice(from);
    this.partitionKeys = this.partitionKeys.slice(from);
    this.arrivals = this.arrivals.slice(from);
    this.encrypted = this.encrypted.slice(from);
    this.chunkOf = this.chunkOf.slice(from);
    this.offsets = this.offsets.slice(from);
    this.lengths = this.lengths.slice(from);
    this.start = 0;
    // Chunks before the first live record's are no longer referenced (the last chunk stays for appends).
    const firstChunk = this.chunkOf[0] ?? this.chunks.length - 1;
    for (let c = 0; c < firstChunk; c++) this.chunks[c] = undefined;
  }
}

/** Keeps everything in memory. Copies data on the way in (the caller may reuse its buffer). */
export class MemoryKinesisStore implements KinesisStore {
  private readonly streams = new Map<string, StreamMeta>();
  private readonly records = new Map<string, Map<string, ShardLog>>();

  loadStreams(): StreamMeta[] {
    return [...this.streams.values()].map((m) => structuredClone(m));
  }

  saveStream(meta: StreamMeta): void {
    this.streams.set(meta.name, structuredClone(meta));
  }

  deleteStream(streamName: string): void {
    this.streams.delete(streamName);
    this.records.delete(streamName);
  }

  appendRecords(streamName: string, records: readonly StoredRecord[]): void {
    let shards = this.records.get(streamName);
    if (shards === undefined) {
      shards = new Map();
      this.records.set(streamName, shards);
    }
    for (const r of records) {
      let log = shards.get(r.shardId);
      if (log === undefined) {
        log = new ShardLog(r.shardId);
        shards.set(r.shardId, log);
      }
      log.append(r);
    }
  }

  readRecords(streamName: string, shardId: string, fromSequenceNumber: string, limit: number, maxBytes: number): StoredRecord[] {
    return this.log(streamName, shardId)?.read(fromSequenceNumber, limit, maxBytes) ?? [];
  }

  firstRecordAtOrAfter(streamName: string, shardId: string, arrivalMs: number): StoredRecord | undefined {
    return this.log(streamName, shardId)?.firstAtOrAfter(arrivalMs);
  }

  lastRecord(streamName: string, shardId: string): StoredRecord | undefined {
    return this.log(streamName, shardId)?.last();
  }

  trimRecords(streamName: string, shardId: string, arrivedBeforeMs: number): void {
    this.log(streamName, shardId)?.trim(arrivedBeforeMs);
  }

  private log(streamName: string, shardId: string): ShardLog | undefined {
    return this.records.get(streamName)?.get(shardId);
  }
}
