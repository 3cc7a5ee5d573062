/**
 * Per-shard throughput limits, measured with the injected clock (milliseconds).
 *
 * Writes (PutRecord, PutRecords entries): at most 1,000 records and 1 MiB of partition keys and data in
 * any trailing second. A record larger than 1 MiB (streams with MaxRecordSizeInKiB above 1024) is
 * accepted when nothing else was written in that second.
 *
 * Reads (GetRecords): at most 5 calls in any trailing second, and 2 MiB/s of data: a call is refused
 * while the data returned by earlier calls still "occupies" the shard, where a call that returned B
 * bytes occupies it for max(1 s, B / 2 MiB s). So 2 MiB read in a second blocks the rest of that second,
 * and a full 10 MiB response blocks the next 5 seconds, as the GetRecords documentation says.
 *
 * GetShardIterator: at most 5 calls in any trailing second.
 *
 * The windows are sliding (not aligned to clock seconds) and are kept in memory only: a restarted
 * engine starts with idle shards.
 */
import { GET_SHARD_ITERATOR_CALLS_PER_SECOND, PER_SHARD } from './limits';

const WINDOW_MS = 1000;

interface Entry {
  readonly at: number;
  count: number;
  amount: number;
  /** How long the entry counts (reads: max(1 s, bytes / rate)). */
  readonly holdMs: number;
}

/** A sliding window: calls/amounts added at a time count until their hold time has passed. */
class Window {
  private entries: Entry[] = [];

  add(at: number, amount: number, holdMs = WINDOW_MS): void {
    const last = this.entries[this.entries.length - 1];
    if (last !== undefined && last.at === at && last.holdMs === holdMs) {
      last.count++;
      last.amount += amount;
    } else {
      this.entries.push({ at, count: 1, amount, holdMs });
    }
  }

  /** Calls and summed amount still counting at `now` (expired entries are dropped). */
  live(now: number): { count: number; amount: number } {
    this.entries = this.entries.filter((e) => e.at + e.holdMs > now);
    let count = 0;
    let amount = 0;
    for (const e of this.entries) {
      count += e.count;
      amount += e.amount;
    }
    return { count, amount };
  }
}

export class ShardThrottle {
  private readonly writes = new Window();
  private readonly reads = new Window();
  private readonly readBytes = new Window();
  private readonly iterators = new Window();

  /** Try to admit one record of `bytes` (key + data); on success it counts against the window. */
  tryWrite(now: number, bytes: number): boolean {
    const { count: records, amount: used } = this.writes.live(now);
    if (records + 1 > PER_SHARD.writeRecordsPerSecond) return false;
    if (used + bytes > PER_SHARD.writeBytesPerSecond && used > 0) return false;
    this.writes.add(now, bytes);
    return true;
  }

  /** May a GetRecords call start now? */
  canRead(now: number): boolean {
    const calls = this.reads.live(now).count;
    const bytes = this.readBytes.live(now).amount;
    return calls < PER_SHARD.getRecordsCallsPerSecond && bytes < PER_SHARD.readBytesPerSecond;
  }

  /** Account for a GetRecords call that returned `bytes`. */
  recordRead(now: number, bytes: number): void {
    this.reads.add(now, 1);
    const holdMs = Math.max(WINDOW_MS, Math.ceil((bytes * 1000) / PER_SHARD.readBytesPerSecond));
    this.readBytes.add(now, bytes, holdMs);
  }

  /** Try to admit a GetShardIterator call. */
  tryIterator(now: number): boolean {
    if (this.iterators.live(now).count >= GET_SHARD_ITERATOR_CALLS_PER_SECOND) return false;
    this.iterators.add(now, 1);
    return true;
  }
}
