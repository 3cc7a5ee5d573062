/**
 * The verifier's input and report. Input field names follow the Kinesis API (ListShards' Shard,
 * GetRecords' Record) so a host can pass the SDK's objects through unchanged; this module never
 * imports the SDK (the engine stays pure).
 */

/** A shard as ListShards returns it. */
export interface SampledShard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
  /** EndingSequenceNumber is set once the shard is closed (split or merged away). */
  readonly SequenceNumberRange?: { readonly StartingSequenceNumber?: string; readonly EndingSequenceNumber?: string };
}

/** A record as GetRecords returns it (ExplicitHashKey only when the host knows it: GetRecords never returns it). */
export interface SampledRecord {
  readonly SequenceNumber: string;
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
  readonly ApproximateArrivalTimestamp: Date | number;
  readonly Data: Uint8Array;
}

/** The records read from one shard, in the order GetRecords returned them. */
export interface ShardSample {
  readonly ShardId: string;
  readonly Records: readonly SampledRecord[];
  /**
   * True when the read reached the shard's tip (MillisBehindLatest 0, or the end of a closed shard);
   * false when it stopped at the record limit, so the shard is covered only up to its last record.
   */
  readonly complete: boolean;
}

/** An analytics application's output row as it lands in its destination stream. */
export interface AnalyticsOutputRow {
  readonly stream: string;
  /** ISO-8601 (as the SQL runner writes it) or epoch ms. */
  readonly rowtime: string | number;
  readonly row: Readonly<Record<string, unknown>>;
}

export interface AnalyticsInput {
  /** The Kinesis Analytics SQL application. */
  readonly sql: string;
  /** Its InputSchema, exactly as in CreateApplication. */
  readonly inputSchema: unknown;
  /** The rows the live application wrote, sampled from its output stream. */
  readonly actual: readonly AnalyticsOutputRow[];
  /** Until when the output sample is complete (epoch ms); rows of later windows may not have been read. */
  readonly actualCoveredUntil: number;
  /** In-application streams to compare; default: those in `actual`, or every output stream when it is empty. */
  readonly streams?: readonly string[];
  /** How long the application may take to write a closed window's rows (ms). @default 10000 */
  readonly outputLagMs?: number;
}

export interface VerifyInput {
  readonly stream: string;
  /** When the check ran (epoch ms). */
  readonly checkedAt: number;
  /** The sample starts here (epoch ms): the reads used AT_TIMESTAMP this time. */
  readonly sampleFrom: number;
  /** Every shard of the stream (open and closed). */
  readonly shards: readonly SampledShard[];
  readonly samples: readonly ShardSample[];
  /** The shard count the pipeline provisions; default: the stream's open shard count. */
  readonly provisionedShards?: number;
  readonly analytics?: AnalyticsInput;
}

// ---------------------------------------------------------------------------------------------
// Report

export interface MisplacedRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** The hash key checked (decimal). */
  readonly hashKey: string;
  readonly shardRange: readonly [string, string];
  /** The sampled shards whose range holds the hash key. */
  readonly expectedShards: readonly string[];
  readonly kpl: boolean;
}

export interface RoutingReport {
  /** Kinesis records checked (a KPL aggregate counts once: its outer keys decide the shard). */
  readonly checked: number;
  readonly kplRecords: number;
  readonly userRecords: number;
  readonly misplacedCount: number;
  /** The first 10. */
  readonly misplaced: readonly MisplacedRecord[];
  /** KPL user records whose own hash key is outside their aggregate's shard (a stale KPL shard map; not a failure). */
  readonly kplSubRecordsOutsideShard: number;
  /** Records on shards ListShards did not return. */
  readonly unknownShards: readonly string[];
}

export interface OrderingViolation {
  readonly shardId: string;
  readonly index: number;
  readonly previous: string;
  readonly current: string;
}

export interface OrderingReport {
  readonly checkedShards: number;
  /** Sequence numbers not strictly increasing within a shard, or outside the shard's SequenceNumberRange. */
  readonly violationCount: number;
  readonly violations: readonly (OrderingViolation & { readonly kind: 'not-increasing' | 'outside-range' })[];
  /** Arrival timestamps that went backwards within a shard: reported, not failed (they are approximate). */
  readonly arrivalRegressions: number;
}

export interface ShardRates {
  readonly shardId: string;
  readonly records: number;
  readonly bytes: number;
  readonly peakRecordsPerSecond: number;
  readonly peakBytesPerSecond: number;
}

export interface ReplayShard {
  readonly shard: number;
  readonly range: readonly [string, string];
  readonly records: number;
  readonly throttledRecords: number;
  /** Distinct seconds (epoch s) in which a record would have been throttled. */
  readonly throttledSeconds: number;
  readonly peakRecordsPerSecond: number;
  readonly peakBytesPerSecond: number;
}

export interface ThrottlingReport {
  readonly limits: { readonly recordsPerSecond: number; readonly bytesPerSecond: number };
  /** Rates on the shards as sampled, per clock second of ApproximateArrivalTimestamp. */
  readonly observed: readonly ShardRates[];
  readonly provisionedShards: number;
  readonly openShards: number;
  /** The sample replayed, in arrival order, onto `provisionedShards` evenly split shards with the engine's ShardThrottle. */
  readonly replay: readonly ReplayShard[];
  readonly throttledRecords: number;
  /** Sum over replayed shards of the seconds that would throttle. */
  readonly throttleSeconds: number;
}

export interface AnalyticsMismatch {
  readonly stream: string;
  readonly rowtime: string;
  readonly expected: readonly Readonly<Record<string, unknown>>[];
  readonly actual: readonly Readonly<Record<string, unknown>>[];
}

export interface AnalyticsReport {
  /** Output rows at these rowtimes are compared; the rule says why. */
  readonly comparable: { readonly from: string; readonly to: string; readonly rule: string };
  readonly streams: readonly string[];
  /** Per stream, how far back a row's rowtime reaches into the input (ms; null: unbounded, never comparable). */
  readonly lookbackMs: Readonly<Record<string, number | null>>;
  readonly windows: { readonly compared: number; readonly matched: number; readonly mismatched: number; readonly skipped: number };
  readonly rows: { readonly expected: number; readonly actual: number; readonly matched: number; readonly missing: number; readonly unexpected: number };
  /** The first 5. */
  readonly mismatches: readonly AnalyticsMismatch[];
  /** Set when the application could not be compiled or run: nothing was compared. */
  readonly error?: string;
}

export interface VerifierReport {
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly stream: string;
  readonly shards: number;
  readonly records: number;
  /** The time span the sample covers on every shard (ISO-8601). */
  readonly coverage: { readonly from: string; readonly to: string };
  readonly routing: RoutingReport;
  readonly ordering: OrderingReport;
  readonly throttling: ThrottlingReport;
  readonly analytics?: AnalyticsReport;
  /** What made `ok` false. */
  readonly problems: readonly string[];
  /** Findings that do not fail the check. */
  readonly notes: readonly string[];
}
