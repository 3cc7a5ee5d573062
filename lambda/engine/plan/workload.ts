/**
 * A workload: what `plan` sizes and prices. Either uniform (`--peak-rps N --record-bytes B`: every
 * record B bytes, partition keys random, so load spreads evenly over the hash-key space) or measured
 * from recorded traffic (per-second rates, per-partition-key load and the record sizes of a file).
 */
import { hashKeyOf } from '../kinesis/hash-key';

/** How many records had this size. `recordBytes` is what Kinesis counts (key + data); Firehose sees `dataBytes`. */
export interface SizeCount {
  readonly recordBytes: number;
  readonly dataBytes: number;
  readonly count: number;
}

/** Records and bytes in one second. */
export interface SecondLoad {
  records: number;
  bytes: number;
}

/** One partition key's traffic: totals over the whole input, and per second when the input has times. */
export interface KeyLoad {
  readonly partitionKey: string;
  readonly hashKey: bigint;
  readonly records: number;
  readonly bytes: number;
  /** By epoch second; undefined for input without times. */
  readonly perSecond?: ReadonlyMap<number, Readonly<SecondLoad>>;
}

export interface Workload {
  readonly kind: 'uniform' | 'recorded';
  readonly peakRecordsPerSecond: number;
  readonly peakBytesPerSecond: number;
  /** The seconds (ISO-8601) in which the peaks were seen; recorded traffic only. */
  readonly peakRecordsSecond?: string;
  readonly peakBytesSecond?: string;
  /** What a month is made of (the cost model multiplies these by 730 hours). */
  readonly averageRecordsPerSecond: number;
  readonly averageBytesPerSecond: number;
  readonly sizes: readonly SizeCount[];
  /** Per partition key, heaviest first; undefined for a uniform workload (keys spread evenly). */
  readonly keys?: readonly KeyLoad[];
  /** Factor from the per-second counts in `keys` to the rates above (1 unless scaled to --peak-rps). */
  readonly rateScale?: number;
  /** What the recorded input held; undefined for a uniform workload. */
  readonly recorded?: {
    readonly records: number;
    readonly bytes: number;
    readonly seconds: number;
    readonly firstSecond?: string;
    readonly lastSecond?: string;
    /** The rates were scaled to `--peak-rps` (the file gave key distribution and sizes only). */
    readonly scaledBy?: number;
  };
}

export class WorkloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkloadError';
  }
}

/** `--peak-rps N --record-bytes B [--average-rps A]`: the peak sustained unless an average is given. */
export function uniformWorkload(peakRecordsPerSecond: number, recordBytes: number, averageRecordsPerSecond = peakRecordsPerSecond): Workload {
  if (!(peakRecordsPerSecond > 0)) throw new WorkloadError('peak records per second must be > 0');
  if (!Number.isInteger(recordBytes) || recordBytes < 1) throw new WorkloadError('record bytes must be a positive integer');
  if (!(averageRecordsPerSecond > 0) || averageRecordsPerSecond > peakRecordsPerSecond) throw new WorkloadError('average records per second must be > 0 and at most the peak');
  return {
    kind: 'uniform',
    peakRecordsPerSecond,
    peakBytesPerSecond: peakRecordsPerSecond * recordBytes,
    averageRecordsPerSecond,
    averageBytesPerSecond: averageRecordsPerSecond * recordBytes,
    sizes: [{ recordBytes, dataBytes: recordBytes, count: 1 }],
  };
}

/** One recorded record: its partition key, its data's size in bytes and when it arrived (epoch ms). */
export interface RecordedRecord {
  readonly partitionKey: string;
  readonly dataBytes: number;
  readonly timeMs?: number;
}

export interface RecordedOptions {
  /** Scale the rates so that the peak is this many records per second (the file gives shape and sizes). */
  readonly peakRecordsPerSecond?: number;
  readonly averageRecordsPerSecond?: number;
}

/**
 * Aggregates recorded records: per-second load (records without a time take the previous record's,
 * the first ones the first time seen), per-key load and sizes. Without any time the file says nothing
 * about rates, so `peakRecordsPerSecond` is then required.
 */
export function recordedWorkload(records: Iterable<RecordedRecord>, options: RecordedOptions = {}): Workload {
  const perSecond = new Map<number, { records: number; bytes: number }>();
  const perKey = new Map<string, { records: number; bytes: number; perSecond: Map<number, SecondLoad>; untimed: number[] }>();
  const sizes = new Map<string, SizeCount>();
  const untimed: number[] = [];
  let lastSecond: number | undefined;
  let total = 0;
  let totalBytes = 0;
  const addTo = (map: Map<number, SecondLoad>, second: number, bytes: number): void => {
    const s = map.get(second) ?? { records: 0, bytes: 0 };
    s.records++;
    s.bytes += bytes;
    map.set(second, s);
  };
  for (const r of records) {
    const recordBytes = Buffer.byteLength(r.partitionKey, 'utf8') + r.dataBytes;
    total++;
    totalBytes += recordBytes;
    let k = perKey.get(r.partitionKey);
    if (k === undefined) {
      k = { records: 0, bytes: 0, perSecond: new Map(), untimed: [] };
      perKey.set(r.partitionKey, k);
    }
    k.records++;
    k.bytes += recordBytes;
    const sizeKey = `${recordBytes}:${r.dataBytes}`;
    const size = sizes.get(sizeKey);
    sizes.set(sizeKey, { recordBytes, dataBytes: r.dataBytes, count: (size?.count ?? 0) + 1 });
    if (r.timeMs !== undefined) lastSecond = Math.floor(r.timeMs / 1000);
    if (lastSecond === undefined) {
      untimed.push(recordBytes);
      k.untimed.push(recordBytes);
    } else {
      addTo(perSecond, lastSecond, recordBytes);
      addTo(k.perSecond, lastSecond, recordBytes);
    }
  }
  if (total === 0) throw new WorkloadError('the input holds no records');
  // A loop, not Math.min(...keys): a long recording has more seconds than a call has arguments.
  let firstTimed: number | undefined;
  let last = -Infinity;
  for (const second of perSecond.keys()) {
    if (firstTimed === undefined || second < firstTimed) firstTimed = second;
    if (second > last) last = second;
  }
  if (firstTimed !== undefined) {
    for (const bytes of untimed) addTo(perSecond, firstTimed, bytes);
    for (const k of perKey.values()) for (const bytes of k.untimed) addTo(k.perSecond, firstTimed, bytes);
  }

  const keys = [...perKey].map(([partitionKey, l]): KeyLoad => ({
    partitionKey, hashKey: hashKeyOf(partitionKey), records: l.records, bytes: l.bytes,
    ...(firstTimed !== undefined ? { perSecond: l.perSecond } : {}),
  }))
    .sort((a, b) => b.bytes - a.bytes || b.records - a.records || (a.partitionKey < b.partitionKey ? -1 : 1));
  const sizeList = [...sizes.values()].sort((a, b) => a.recordBytes - b.recordBytes || a.dataBytes - b.dataBytes);
  const meanBytes = totalBytes / total;

  if (firstTimed === undefined) {
    const peak = options.peakRecordsPerSecond;
    if (peak === undefined) throw new WorkloadError('no record has a time, so the input gives no rates: add "time" to the lines or give --peak-rps N');
    const average = options.averageRecordsPerSecond ?? peak;
    return {
      kind: 'recorded', peakRecordsPerSecond: peak, peakBytesPerSecond: peak * meanBytes,
      averageRecordsPerSecond: average, averageBytesPerSecond: average * meanBytes,
      sizes: sizeList, keys, recorded: { records: total, bytes: totalBytes, seconds: 0 },
    };
  }
  let peakRecords = { second: firstTimed, records: 0 };
  let peakBytes = { second: firstTimed, bytes: 0 };
  for (const [second, l] of [...perSecond].sort((a, b) => a[0] - b[0])) {
    if (l.records > peakRecords.records) peakRecords = { second, records: l.records };
    if (l.bytes > peakBytes.bytes) peakBytes = { second, bytes: l.bytes };
  }
  const seconds = last - firstTimed + 1;
  // Scaling keeps the file's shape: its peak becomes --peak-rps, its average follows.
  const scale = options.peakRecordsPerSecond === undefined ? 1 : options.peakRecordsPerSecond / peakRecords.records;
  const averageRecords = options.averageRecordsPerSecond ?? (total / seconds) * scale;
  const iso = (second: number): string => new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  return {
    kind: 'recorded',
    peakRecordsPerSecond: peakRecords.records * scale,
    peakBytesPerSecond: peakBytes.bytes * scale,
    peakRecordsSecond: iso(peakRecords.second),
    peakBytesSecond: iso(peakBytes.second),
    averageRecordsPerSecond: averageRecords,
    averageBytesPerSecond: averageRecords * meanBytes,
    sizes: sizeList,
    keys,
    rateScale: scale,
    recorded: {
      records: total, bytes: totalBytes, seconds, firstSecond: iso(firstTimed), lastSecond: iso(last),
      ...(scale !== 1 ? { scaledBy: scale } : {}),
    },
  };
}
