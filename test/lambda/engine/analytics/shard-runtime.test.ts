import fc from 'fast-check';
import { StateConflictError, runBatch, runTick, type RuntimeContext, type StateStore } from '../../../../lambda/engine/analytics/invocation';
import { appFingerprint, emptyState, processRecords, type OutboxRow, type ShardRecord, type ShardState } from '../../../../lambda/engine/analytics/shard-processor';
import { stateHorizon } from '../../../../lambda/engine/analytics/state-horizon';
import type { InputSchema } from '../../../../lambda/engine/sql/input';
import { compileApplication, runApplication } from '../../../../lambda/engine/sql/runtime';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';
import { runEventSourceMapping } from './event-source-mapping';

const SCHEMA: InputSchema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'K', Mapping: '$.k', SqlType: 'VARCHAR(4)' },
    { Name: 'V', Mapping: '$.v', SqlType: 'INTEGER' },
  ],
};

// Every kind of state: tumbling groups, sliding partitions, stagger windows, a table function's window, a chained pump.
const SQL = `
CREATE STREAM per_10s (k VARCHAR(4), n INTEGER, total INTEGER);
CREATE PUMP p1 AS INSERT INTO per_10s SELECT STREAM k, COUNT(*), SUM(v) FROM SOURCE_SQL_STREAM_001 GROUP BY k, STEP(ROWTIME BY INTERVAL '10' SECOND);
CREATE STREAM sliding (k VARCHAR(4), v INTEGER, n5 INTEGER, max5 INTEGER);
CREATE PUMP p2 AS INSERT INTO sliding SELECT STREAM k, v, COUNT(*) OVER w, MAX(v) OVER w FROM SOURCE_SQL_STREAM_001 WINDOW w AS (PARTITION BY k RANGE INTERVAL '5' SECOND PRECEDING);
CREATE STREAM staggered (k VARCHAR(4), n INTEGER);
CREATE PUMP p3 AS INSERT INTO staggered SELECT STREAM k, COUNT(*) FROM SOURCE_SQL_STREAM_001 WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '7' SECOND);
CREATE STREAM top_keys (k VARCHAR(4), c BIGINT);
CREATE PUMP p4 AS INSERT INTO top_keys SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM k FROM SOURCE_SQL_STREAM_001), 'K', 2, 20));
CREATE STREAM per_minute (n INTEGER);
CREATE PUMP p5 AS INSERT INTO per_minute SELECT STREAM SUM(n) FROM per_10s GROUP BY STEP(per_10s.ROWTIME BY INTERVAL '1' MINUTE);
`;
const APP = compileApplication(SQL, SCHEMA);
const APP_ID = appFingerprint(SQL, SCHEMA);
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const SHARD = 'shardId-000000000000';

/** An in-memory StateStore with S3's conditional-write semantics, and optional injected failures. */
class MemoryStore implements StateStore {
  readonly saved = new Map<string, { text: string; version: number }>();
  constructor(private readonly fail: (shardId: string, commit: boolean) => 'before' | 'after' | undefined = () => undefined) {}

  async load(shardId: string) {
    const s = this.saved.get(shardId);
    return s === undefined ? { state: undefined, version: undefined } : { state: JSON.parse(s.text) as ShardState, version: String(s.version) };
  }

  async save(shardId: string, state: ShardState, version: string | undefined): Promise<string> {
    const current = this.saved.get(shardId);
    if ((current === undefined ? undefined : String(current.version)) !== version) throw new StateConflictError(shardId);
    const before = current === undefined ? undefined : (JSON.parse(current.text) as ShardState);
    // A commit moves the shard's input forward; the other saves only record delivery.
    const commit = before === undefined || before.lastSequenceNumber !== state.lastSequenceNumber || before.time !== state.time;
    const failure = this.fail(shardId, commit);
    if (failure === 'before') throw new Error('S3 unavailable');
    const next = (current?.version ?? 0) + 1;
    this.saved.set(shardId, { text: JSON.stringify(state), version: next });
    if (failure === 'after') throw new Error('S3 response lost');
    return String(next);
  }

  async shards() {
    return [...this.saved.keys()].sort();
  }
}

interface Sink {
  readonly rows: OutboxRow[];
  deliver(rows: readonly OutboxRow[]): Promise<number>;
}

/** A destination that accepts rows, and (when told) only some of them. */
function sink(acceptAtMost: (n: number) => number = (n) => n): Sink {
  const delivered: OutboxRow[] = [];
  return {
    rows: delivered,
    deliver: async (rows) => {
      const n = acceptAtMost(rows.length);
      delivered.push(...rows.slice(0, n));
      return n;
    },
  };
}

const context = (store: StateStore, out: Sink): RuntimeContext => ({ app: APP, appId: APP_ID, horizonMs: stateHorizon(APP, 3_600_000).ms, store, deliver: (rows) => out.deliver(rows) });

interface Input {
  readonly records: ShardRecord[];
  /** Input lines for the offline engine, ticks included as rowtime bounds. */
  readonly lines: string[];
  /** After which record (index) a tick comes, and its bound. */
  readonly ticks: Map<number, number>;
}

function input(events: readonly { gap: number; k: string; v: number; tick?: number }[]): Input {
  const records: ShardRecord[] = [];
  const lines: string[] = [];
  const ticks = new Map<number, number>();
  let t = T0;
  events.forEach((e, i) => {
    t += e.gap;
    const data = JSON.stringify({ k: e.k, v: e.v });
    records.push({ sequenceNumber: String(49_000_000_000_000n + BigInt(i) * 7n), arrival: t, data: Buffer.from(data) });
    lines.push(JSON.stringify({ rowtime: t, data: { k: e.k, v: e.v } }));
    if (e.tick !== undefined) {
      ticks.set(i, t + e.tick);
      lines.push(JSON.stringify({ rowtime: t + e.tick, bound: true }));
    }
  });
  return { records, lines, ticks };
}

const events = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 4000 }), k: fc.constantFrom('a', 'b', 'c', 'd'), v: fc.integer({ min: -50, max: 99 }), tick: fc.option(fc.integer({ min: 1, max: 30_000 }), { nil: undefined }) }),
  { minLength: 1, maxLength: 150, size: 'large' },
);

/** Runs the input through the event source mapping (ticks between batches where they fall) and returns the delivered lines. */
async function runLive(inp: Input, batchSize: number, store: MemoryStore, out: Sink, bisect = true): Promise<{ failed: number; invocations: number }> {
  const ctx = context(store, out);
  // Records up to each tick form one stretch; the mapping runs each stretch in batches, then the tick comes.
  let from = 0;
  let failed = 0;
  let invocations = 0;
  const stretches = [...inp.ticks.keys(), inp.records.length - 1];
  for (const end of stretches) {
    const result = await runEventSourceMapping(inp.records.slice(from, end + 1), { batchSize, maxRetries: 1000, bisect }, async (batch) => {
      await runBatch(ctx, SHARD, batch);
    });
    failed += result.failed.length;
    invocations += result.invocations.length;
    from = end + 1;
    const bound = inp.ticks.get(end);
    if (bound !== undefined) {
      // A tick that fails is simply run again by the next schedule.
      for (let attempt = 0; attempt < 1000; attempt++) {
        try {
          await runTick(ctx, bound);
          break;
        } catch {
          invocations++;
        }
      }
    }
  }
  return { failed, invocations };
}

const lineOf = (row: OutboxRow): string => row.line;

describe('the Lambda SQL runtime on one shard', () => {
  it('delivers exactly the offline engine output, whatever the batches and ticks', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.integer({ min: 1, max: 40 }), async (evs, batchSize) => {
        const inp = input(evs);
        const out = sink();
        await runLive(inp, batchSize, new MemoryStore(), out);
        expect(out.rows.map(lineOf)).toEqual(runApplication(APP, inp.lines));
      }),
      { numRuns: 60 },
    );
  });

  it('loses and repeats nothing when saves and deliveries fail and batches are retried and bisected', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.integer({ min: 1, max: 40 }), fc.integer(), async (evs, batchSize, seed) => {
        const random = mulberry32(seed);
        const inp = input(evs);
        // Saves fail before or after writing; a failure before writing the record of a delivery would
        // resend rows (the documented window for a repeat), so only commits fail that way.
        const store = new MemoryStore((_, commit) => {
          const r = random();
          if (r < 0.15) return 'after';
          if (r < 0.3 && commit) return 'before';
          return undefined;
        });
        const out = sink((n) => (random() < 0.2 ? Math.floor(random() * n) : n));
        const { failed } = await runLive(inp, batchSize, store, out);
        expect(failed).toBe(0);
        const ids = out.rows.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(out.rows.map(lineOf)).toEqual(runApplication(APP, inp.lines));
      }),
      { numRuns: 60 },
    );
  });

  it('skips records of a batch already processed (a retry after a lost response)', () => {
    const inp = input([
      { gap: 0, k: 'a', v: 1 },
      { gap: 11_000, k: 'a', v: 2 },
    ]);
    const first = processRecords(APP, 60_000, emptyState(APP_ID), SHARD, inp.records);
    const again = processRecords(APP, 60_000, first.state, SHARD, inp.records);
    expect([again.added, again.skipped]).toEqual([0, 2]);
    expect(again.state).toBe(first.state);
  });

  it('rows carry ids naming the record (and KPL sub-record) or bound that produced them', () => {
    const records: ShardRecord[] = [
      { sequenceNumber: '100', arrival: T0, data: Buffer.from('{"k":"a","v":1}'), subSequence: 0 },
      { sequenceNumber: '100', arrival: T0, data: Buffer.from('{"k":"b","v":2}'), subSequence: 1 },
      { sequenceNumber: '200', arrival: T0 + 10_000, data: Buffer.from('{"k":"a","v":3}') },
    ];
    const { state } = processRecords(APP, 60_000, emptyState(APP_ID), SHARD, records);
    expect(state.outbox.filter((r) => r.stream === 'SLIDING').map((r) => r.id)).toEqual([`${SHARD}:100.0:0`, `${SHARD}:100.1:0`, `${SHARD}:200:2`]);
    expect(state.outbox.filter((r) => r.stream === 'PER_10S').map((r) => r.id)).toEqual([`${SHARD}:200:0`, `${SHARD}:200:1`]);
  });

  it('a state of another application is not used', async () => {
    const store = new MemoryStore();
    await store.save(SHARD, { ...emptyState('another-app'), lastSequenceNumber: '999999999999999999999', time: T0 }, undefined);
    const out = sink();
    const inp = input([{ gap: 0, k: 'a', v: 1 }]);
    const report = await runBatch(context(store, out), SHARD, inp.records);
    expect([report.processed, report.rows]).toEqual([1, 1]);
  });

  it('keeps only the input of the horizon', async () => {
    expect(stateHorizon(APP, 3_600_000)).toEqual({ ms: 70_000, approximate: [] }); // p5 reads p1: 10 s + 1 min
    const inp = input(Array.from({ length: 300 }, () => ({ gap: 1000, k: 'a', v: 1 })));
    const store = new MemoryStore();
    await runLive(inp, 25, store, sink());
    const state = JSON.parse(store.saved.get(SHARD)?.text ?? '{}') as ShardState;
    expect(state.replay.length).toBeLessThanOrEqual(71);
    expect(state.replay[0]?.t).toBeGreaterThanOrEqual((state.time ?? 0) - 70_000);
  });
});

describe('several shards', () => {
  it('each shard runs its own application over its records; a new shard starts empty', async () => {
    const store = new MemoryStore();
    const out = sink();
    const ctx = context(store, out);
    const a = input([{ gap: 0, k: 'a', v: 1 }, { gap: 1000, k: 'a', v: 2 }]);
    const b = input([{ gap: 500, k: 'a', v: 10 }]);
    await runBatch(ctx, 'shardId-000000000001', a.records);
    await runBatch(ctx, 'shardId-000000000002', b.records);
    await runTick(ctx, T0 + 10_000);
    // One row per shard for the same key and window: results are per shard (README "Analytics on Lambda").
    expect(out.rows.filter((r) => r.stream === 'PER_10S').map((r) => [r.id.split(':')[0], JSON.parse(r.line).row])).toEqual([
      ['shardId-000000000001', { K: 'a', N: 2, TOTAL: 3 }],
      ['shardId-000000000002', { K: 'a', N: 1, TOTAL: 10 }],
    ]);
  });
});

describe('resharding', () => {
  it('after a split, the parent and its children each count their own rows: every record once, in some shard', async () => {
    const store = new MemoryStore();
    const out = sink();
    const ctx = context(store, out);
    const PARENT = 'shardId-000000000000';
    const CHILDREN = ['shardId-000000000001', 'shardId-000000000002'];
    // The parent takes the first 8 s of a 10-second window, then splits; the children take the rest.
    const parent = input(Array.from({ length: 8 }, () => ({ gap: 1000, k: 'a', v: 1 })));
    await runEventSourceMapping(parent.records, { batchSize: 3, maxRetries: 3, bisect: true }, async (b) => void (await runBatch(ctx, PARENT, b)));
    // The mapping reads a parent to its end before its children (docs: parent shards first).
    for (const [i, child] of CHILDREN.entries()) {
      const records = Array.from({ length: 5 }, (_, j) => ({ sequenceNumber: String(500 + j), arrival: T0 + 8500 + j * 300 + i * 50, data: Buffer.from('{"k":"a","v":1}') }));
      await runEventSourceMapping(records, { batchSize: 2, maxRetries: 3, bisect: true }, async (b) => void (await runBatch(ctx, child, b)));
    }
    await runTick(ctx, T0 + 20_000);
    const counts = out.rows.filter((r) => r.stream === 'PER_10S').map((r) => [r.id.split(':')[0], (JSON.parse(r.line) as { row: { N: number } }).row.N]);
    expect(counts).toEqual([
      [PARENT, 8],
      [CHILDREN[0], 5],
      [CHILDREN[1], 5],
    ]);
  });
});
