/**
 * The analytics application as the Lambda runtime runs it (README "Analytics on Lambda"): an event
 * source mapping per shard (batches of up to `batchSize` records, or whatever arrived within the
 * 5-second batching window the construct sets), and a schedule tick every minute that gives each shard
 * a rowtime bound at now − boundLag. The engine's own invocation code (runBatch/runTick) does the work,
 * with the shard states kept in memory instead of S3.
 */
import { runBatch, runTick, StateConflictError, type Loaded, type RuntimeContext, type StateStore } from '../analytics/invocation';
import { appFingerprint, type OutboxRow, type ShardRecord, type ShardState } from '../analytics/shard-processor';
import { stateHorizon } from '../analytics/state-horizon';
import { KinesisSourceReader } from '../firehose/kinesis-source';
import type { KinesisOperations } from '../kinesis/contract';
import type { InputSchema } from '../sql/input';
import { compileApplication, ERROR_STREAM, type CompiledApplication } from '../sql/runtime';
import { sourcesOf } from '../sql/runtime/application';

/** lib/analytics/analytics-application.ts: maxBatchingWindow default. */
const BATCHING_WINDOW_MS = 5_000;
const TICK_MS = 60_000;
/** The runtime's UNBOUNDED_STATE_SECONDS default. */
const UNBOUNDED_STATE_MS = 3_600_000;
const FIRST_ROWS = 10;

export interface AnalyticsApplication {
  readonly sql: string;
  readonly inputSchema: InputSchema;
  /** Where it came from (for the summary). */
  readonly source: string;
  /** The in-application streams configured as outputs; undefined: the streams no pump reads (its results). */
  readonly outputs?: readonly string[];
  readonly batchSize?: number;
  readonly boundLagMs?: number;
}

export interface AnalyticsStreamResult {
  readonly stream: string;
  readonly rows: number;
  /** The first rows, as the SQL runner prints them (JSON lines). */
  readonly first: readonly string[];
}

export interface AnalyticsResult {
  readonly source: string;
  readonly invocations: number;
  readonly streams: readonly AnalyticsStreamResult[];
}

/** Streams some query writes and no query reads: an application's results, not its intermediate stages. */
export function resultStreams(app: CompiledApplication): string[] {
  const read = new Set(app.queries.flatMap(sourcesOf));
  return [...new Set(app.queries.map((q) => q.target))].filter((t) => !read.has(t));
}

export type WriteRows = (stream: string, lines: readonly string[]) => void | Promise<void>;

class MemoryStateStore implements StateStore {
  private readonly states = new Map<string, { state: ShardState; version: number }>();

  async load(shardId: string): Promise<Loaded> {
    const s = this.states.get(shardId);
    return { state: s?.state, version: s === undefined ? undefined : String(s.version) };
  }

  async save(shardId: string, state: ShardState, version: string | undefined): Promise<string> {
    const current = this.states.get(shardId);
    if ((current === undefined ? undefined : String(current.version)) !== version) throw new StateConflictError(shardId);
    const next = (current?.version ?? 0) + 1;
    this.states.set(shardId, { state, version: next });
    return String(next);
  }

  async shards(): Promise<string[]> {
    return [...this.states.keys()].sort();
  }
}

export class AnalyticsStage {
  private readonly ctx: RuntimeContext;
  private readonly reader: KinesisSourceReader;
  private readonly batches = new Map<string, { records: ShardRecord[]; firstAtMs: number }>();
  private readonly streams = new Map<string, { rows: number; first: string[] }>();
  private readonly batchSize: number;
  private readonly boundLagMs: number;
  private nextTickMs: number;
  private invocations = 0;

  constructor(
    private readonly app: AnalyticsApplication,
    kinesis: KinesisOperations,
    streamArn: string,
    now: number,
    private readonly write: WriteRows,
  ) {
    const compiled = compileApplication(app.sql, app.inputSchema);
    const outputs = new Set([...(app.outputs ?? resultStreams(compiled)), ERROR_STREAM]);
    this.ctx = {
      app: compiled,
      appId: appFingerprint(app.sql, app.inputSchema),
      horizonMs: stateHorizon(compiled, UNBOUNDED_STATE_MS).ms,
      store: new MemoryStateStore(),
      deliver: async (rows) => {
        await this.deliver(rows.filter((r) => outputs.has(r.stream)));
        return rows.length;
      },
    };
    // Configured outputs are listed even when no row reaches them.
    for (const stream of app.outputs ?? []) this.streams.set(stream, { rows: 0, first: [] });
    this.batchSize = app.batchSize ?? 500;
    this.boundLagMs = app.boundLagMs ?? 60_000;
    this.reader = new KinesisSourceReader(kinesis, streamArn);
    this.reader.start(now);
    this.nextTickMs = Math.ceil((now + 1) / TICK_MS) * TICK_MS;
  }

  /** One simulated second: poll the shards, invoke for full or old batches, tick on the minute. */
  async tick(now: number): Promise<void> {
    for (const r of this.reader.poll(now)) {
      const shardId = r.kinesis?.shardId ?? 'shardId-000000000000';
      let batch = this.batches.get(shardId);
      if (batch === undefined) {
        batch = { records: [], firstAtMs: now };
        this.batches.set(shardId, batch);
      }
      if (batch.records.length === 0) batch.firstAtMs = now;
      batch.records.push({ sequenceNumber: r.kinesis?.sequenceNumber ?? '0', arrival: r.arrivalMs, data: r.data });
    }
    for (const [shardId, batch] of this.batches) {
      while (batch.records.length >= this.batchSize || (batch.records.length > 0 && now - batch.firstAtMs >= BATCHING_WINDOW_MS)) {
        const records = batch.records.splice(0, this.batchSize);
        this.invocations++;
        await runBatch(this.ctx, shardId, records);
      }
    }
    if (now >= this.nextTickMs) {
      this.nextTickMs += TICK_MS;
      this.invocations++;
      await runTick(this.ctx, now - this.boundLagMs);
    }
  }

  /** Records still waiting for an invocation. */
  get pending(): number {
    let n = 0;
    for (const b of this.batches.values()) n += b.records.length;
    return n;
  }

  /** How long after the last record the ticks need to close its windows (two chained minutes + lag). */
  get drainMs(): number {
    return this.ctx.horizonMs + this.boundLagMs + TICK_MS;
  }

  result(): AnalyticsResult {
    return {
      source: this.app.source,
      invocations: this.invocations,
      streams: [...this.streams].map(([stream, s]) => ({ stream, rows: s.rows, first: [...s.first] })).sort((a, b) => (a.stream < b.stream ? -1 : 1)),
    };
  }

  private async deliver(rows: readonly OutboxRow[]): Promise<void> {
    const byStream = new Map<string, string[]>();
    for (const r of rows) {
      const lines = byStream.get(r.stream);
      if (lines === undefined) byStream.set(r.stream, [r.line]);
      else lines.push(r.line);
    }
    for (const [stream, lines] of byStream) {
      let s = this.streams.get(stream);
      if (s === undefined) {
        s = { rows: 0, first: [] };
        this.streams.set(stream, s);
      }
      s.rows += lines.length;
      for (const line of lines) if (s.first.length < FIRST_ROWS) s.first.push(line);
      await this.write(stream, lines);
    }
  }
}
