/**
 * The SQL engine's runtime (lambda/engine/sql/runtime) on windowed queries, against hand-written JS
 * loops computing the same results, in process:
 *
 *   npx ts-node --transpile-only bench/sql-windows.ts [--rows N]     (npm run bench:sql)
 *
 * Input: N rows (default 1,000,000) from a seeded PRNG: ROWTIME increasing by 0–5 ms (about 2.5 ms a
 * row, so 1M rows span ~42 minutes), K one of 100 keys (`key-0`..`key-99`), V an INTEGER in 0..999.
 * The runtime takes a record only as text or bytes (`ApplicationRuntime.pushRecord(record: string |
 * Uint8Array, rowtime)`), so each row is pushed as its JSON text (`{"k":"key-7","v":123}`, built before
 * the timer starts) through an InputSchema for JSON records; the JSON parse is the mapper's and is
 * inside the engine's time. Output is taken with `drain()` every BATCH rows and checked/counted as it
 * comes (nothing is kept).
 *
 * 1. Tumbling: `CREATE PUMP ... INSERT INTO DEST SELECT STREAM k, COUNT(*), SUM(v), AVG(v) FROM
 *    SOURCE_SQL_STREAM_001 GROUP BY k, STEP(ROWTIME BY INTERVAL '1' MINUTE)`, then `flush()` to close the
 *    last window. Baseline: a loop over the same rows with a Map per open minute (SUM wraps like a Java
 *    int, AVG truncates toward zero, as the engine's INTEGER rules). Every DEST row (rowtime, key,
 *    count, sum, avg) is compared, in order, with the baseline's.
 * 2. Sliding: `SELECT STREAM k, v, COUNT(*) OVER w, SUM(v) OVER w ... WINDOW w AS (PARTITION BY k RANGE
 *    INTERVAL '10' SECOND PRECEDING)` into DEST. Baseline: a loop with a per-key deque and running
 *    sum. Every output row is compared with the baseline's row of the same index.
 * Two baselines for each: "loop+parse" reads the same JSON texts (JSON.parse per row, like the engine's
 * input), "loop" reads the parsed values from typed arrays (the bare computation). The goal (≥ 0.3×)
 * is judged against "loop+parse", the same input the engine gets; the ratio to "loop" is printed too.
 * Each measurement: a warm-up run on 20,000 rows, then best of ROUNDS.
 *
 * 3. Memory: the tumbling query on N/10 and then N rows generated on the fly (nothing held), output
 *    drained and counted per batch. A fixed baseline (RSS and heapUsed) is taken after compiling and gc
 *    (exposed through v8 flags), before any row; each run starts with gc and samples RSS and heapUsed
 *    every BATCH rows. Goal: peak heapUsed growth over the baseline at N ≤ 2× the growth at N/10
 *    (engine state bounded by the window, not by the input). The goal is on heapUsed because RSS, after
 *    ts-node's compile, sits above what the runs need (it falls below the baseline after gc and never
 *    rises): peak RSS is printed for information.
 *
 * Prints a table and the goals (PASS/MISS) on stdout, progress on stderr. Exit status 1 only when a
 * correctness check fails (or a run throws).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mulberry32 } from '../lambda/engine/seeded-random';
import { ApplicationRuntime, compileApplication, type CompiledApplication, type OutputRow } from '../lambda/engine/sql/runtime';
import { fixed, goal, int, table } from './support/report';
import { countArg } from './support/args';
import { KEY_VALUE_SCHEMA } from './support/kv-schema';

const BATCH = 1000;
const ROUNDS = 2;
const WARMUP_ROWS = 20_000;
const KEYS = 100;
const SEED = 0x5eed;
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MINUTE = 60_000;
const SLIDE_MS = 10_000;

const log = (text: string) => process.stderr.write(`${text}\n`);

const SCHEMA = KEY_VALUE_SCHEMA;

const TUMBLING_SQL = `
  CREATE OR REPLACE STREAM "DEST" (k VARCHAR(8), n BIGINT, s INTEGER, a INTEGER);
  CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
    SELECT STREAM k, COUNT(*), SUM(v), AVG(v) FROM SOURCE_SQL_STREAM_001
    GROUP BY k, STEP(ROWTIME BY INTERVAL '1' MINUTE);`;

const SLIDING_SQL = `
  CREATE OR REPLACE STREAM "DEST" (k VARCHAR(8), v INTEGER, n BIGINT, s INTEGER);
  CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
    SELECT STREAM k, v, COUNT(*) OVER w, SUM(v) OVER w FROM SOURCE_SQL_STREAM_001
    WINDOW w AS (PARTITION BY k RANGE INTERVAL '10' SECOND PRECEDING);`;

// --- rows --------------------------------------------------------------------------------------------

const KEY_NAMES = Array.from({ length: KEYS }, (_, i) => `key-${i}`);

/** A seeded row generator: one row per call (rowtime, key index, value). */
function rowSource(seed: number): () => { rowtime: number; key: number; v: number } {
  const random = mulberry32(seed);
  let time = T0;
  const row = { rowtime: 0, key: 0, v: 0 };
  return () => {
    time += Math.floor(random() * 6);
    row.rowtime = time;
    row.key = Math.floor(random() * KEYS);
    row.v = Math.floor(random() * 1000);
    return row;
  };
}

const recordText = (key: number, v: number): string => `{"k":"${KEY_NAMES[key]}","v":${v}}`;

interface Rows {
  readonly n: number;
  readonly rowtime: Float64Array;
  readonly key: Int32Array;
  readonly v: Int32Array;
  readonly text: string[];
}

function makeRows(n: number, seed: number): Rows {
  const next = rowSource(seed);
  const rows: Rows = { n, rowtime: new Float64Array(n), key: new Int32Array(n), v: new Int32Array(n), text: new Array<string>(n) };
  for (let i = 0; i < n; i++) {
    const r = next();
    rows.rowtime[i] = r.rowtime;
    rows.key[i] = r.key;
    rows.v[i] = r.v;
    rows.text[i] = recordText(r.key, r.v);
  }
  return rows;
}

// --- tumbling ----------------------------------------------------------------------------------------

/** Per (minute, key) results in emission order: the engine closes a window's groups in creation order. */
interface TumblingResult {
  readonly rowtime: number[];
  readonly key: string[];
  readonly count: number[];
  readonly sum: number[];
  readonly avg: number[];
}

/** The loop: groups of the open minute in creation order; a row of a later minute closes them. */
function tumblingLoop(rows: Rows, parse: boolean): TumblingResult {
  const out: TumblingResult = { rowtime: [], key: [], count: [], sum: [], avg: [] };
  let start = -1;
  let groups = new Map<string, { count: number; sum: number; total: number }>();
  const close = () => {
    const end = start + MINUTE;
    for (const [k, g] of groups) {
      out.rowtime.push(end);
      out.key.push(k);
      out.count.push(g.count);
      out.sum.push(g.sum);
      out.avg.push(Math.trunc(g.total / g.count) | 0);
    }
    groups = new Map();
  };
  for (let i = 0; i < rows.n; i++) {
    const t = rows.rowtime[i]!;
    let k: string;
    let v: number;
    if (parse) {
      const o = JSON.parse(rows.text[i]!) as { k: string; v: number };
      k = o.k;
      v = o.v;
    } else {
      k = KEY_NAMES[rows.key[i]!]!;
      v = rows.v[i]!;
    }
    const s = t - (t % MINUTE);
    if (s !== start) {
      if (start >= 0) close();
      start = s;
    }
    let g = groups.get(k);
    if (g === undefined) {
      g = { count: 0, sum: 0, total: 0 };
      groups.set(k, g);
    }
    g.count++;
    g.sum = (g.sum + v) | 0; // SUM(INTEGER) wraps like a Java int
    g.total += v;
  }
  if (start >= 0) close();
  return out;
}

interface EngineRun {
  readonly seconds: number;
  readonly outputs: number;
  readonly mismatch?: string;
}

function newRuntime(app: CompiledApplication): ApplicationRuntime {
  return new ApplicationRuntime(app, { streams: ['DEST', 'error_stream'] });
}

function tumblingEngine(app: CompiledApplication, rows: Rows, expected: TumblingResult | undefined): EngineRun {
  const rt = newRuntime(app);
  let outputs = 0;
  let mismatch: string | undefined;
  const check = (batch: OutputRow[]) => {
    for (const r of batch) {
      const i = outputs++;
      if (expected === undefined || mismatch !== undefined) continue;
      if (r.stream !== 'DEST') {
        mismatch = `row ${i}: ${r.stream} ${JSON.stringify(r.values.map(String))}`;
        continue;
      }
      const [k, n, s, a] = r.values;
      if (r.rowtime !== expected.rowtime[i] || k !== expected.key[i] || Number(n) !== expected.count[i] || Number(s) !== expected.sum[i] || Number(a) !== expected.avg[i]) {
        mismatch = `row ${i}: engine ${r.rowtime} ${String(k)} ${String(n)} ${String(s)} ${String(a)}, loop ${expected.rowtime[i]} ${expected.key[i]} ${expected.count[i]} ${expected.sum[i]} ${expected.avg[i]}`;
      }
    }
  };
  const t0 = performance.now();
  for (let i = 0; i < rows.n; i++) {
    rt.pushRecord(rows.text[i]!, rows.rowtime[i]!);
    if (i % BATCH === BATCH - 1) check(rt.drain());
  }
  rt.flush();
  check(rt.drain());
  const seconds = (performance.now() - t0) / 1000;
  if (expected !== undefined && mismatch === undefined && outputs !== expected.rowtime.length) mismatch = `engine emitted ${outputs} rows, loop ${expected.rowtime.length}`;
  return { seconds, outputs, ...(mismatch !== undefined ? { mismatch } : {}) };
}

// --- sliding -----------------------------------------------------------------------------------------

interface SlidingResult {
  readonly count: Int32Array;
  readonly sum: Int32Array;
}

/** The loop: per key a deque (ring of indexes, head/tail) and a running sum; RANGE lower bound inclusive. */
function slidingLoop(rows: Rows, parse: boolean): SlidingResult {
  const out: SlidingResult = { count: new Int32Array(rows.n), sum: new Int32Array(rows.n) };
  const deques = new Map<string, { times: number[]; values: number[]; head: number; sum: number }>();
  for (let i = 0; i < rows.n; i++) {
    const t = rows.rowtime[i]!;
    let k: string;
    let v: number;
    if (parse) {
      const o = JSON.parse(rows.text[i]!) as { k: string; v: number };
      k = o.k;
      v = o.v;
    } else {
      k = KEY_NAMES[rows.key[i]!]!;
      v = rows.v[i]!;
    }
    let d = deques.get(k);
    if (d === undefined) {
      d = { times: [], values: [], head: 0, sum: 0 };
      deques.set(k, d);
    }
    d.times.push(t);
    d.values.push(v);
    d.sum += v;
    const low = t - SLIDE_MS;
    while (d.times[d.head]! < low) d.sum -= d.values[d.head++]!;
    if (d.head > 1024 && d.head * 2 > d.times.length) {
      d.times = d.times.slice(d.head);
      d.values = d.values.slice(d.head);
      d.head = 0;
    }
    out.count[i] = d.times.length - d.head;
    out.sum[i] = d.sum | 0;
  }
  return out;
}

function slidingEngine(app: CompiledApplication, rows: Rows, expected: SlidingResult | undefined): EngineRun {
  const rt = newRuntime(app);
  let outputs = 0;
  let mismatch: string | undefined;
  const check = (batch: OutputRow[]) => {
    for (const r of batch) {
      const i = outputs++;
      if (expected === undefined || mismatch !== undefined) continue;
      const [k, v, n, s] = r.values;
      if (r.stream !== 'DEST' || r.rowtime !== rows.rowtime[i] || k !== KEY_NAMES[rows.key[i]!] || v !== rows.v[i] || Number(n) !== expected.count[i] || Number(s) !== expected.sum[i]) {
        mismatch = `row ${i}: engine ${r.stream} ${r.rowtime} ${r.values.map(String).join(' ')}, loop ${rows.rowtime[i]} ${KEY_NAMES[rows.key[i]!]} ${rows.v[i]} ${expected.count[i]} ${expected.sum[i]}`;
      }
    }
  };
  const t0 = performance.now();
  for (let i = 0; i < rows.n; i++) {
    rt.pushRecord(rows.text[i]!, rows.rowtime[i]!);
    if (i % BATCH === BATCH - 1) check(rt.drain());
  }
  check(rt.drain());
  const seconds = (performance.now() - t0) / 1000;
  if (expected !== undefined && mismatch === undefined && outputs !== rows.n) mismatch = `engine emitted ${outputs} rows, input ${rows.n}`;
  return { seconds, outputs, ...(mismatch !== undefined ? { mismatch } : {}) };
}

// --- memory ------------------------------------------------------------------------------------------

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

interface MemoryRun {
  readonly rows: number;
  readonly peakMiB: number;
  readonly peakHeapMiB: number;
  readonly outputs: number;
  readonly seconds: number;
}

/** The tumbling query on `n` rows made on the fly; RSS and heapUsed sampled every BATCH rows. */
function memoryRun(app: CompiledApplication, n: number, gc: () => void): MemoryRun {
  gc();
  let peak = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const rt = newRuntime(app);
  const next = rowSource(SEED);
  let outputs = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = next();
    rt.pushRecord(recordText(r.key, r.v), r.rowtime);
    if (i % BATCH === BATCH - 1) {
      outputs += rt.drain().length;
      const m = process.memoryUsage();
      if (m.rss > peak) peak = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  rt.flush();
  outputs += rt.drain().length;
  const seconds = (performance.now() - t0) / 1000;
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
  return { rows: n, peakMiB: peak / 2 ** 20, peakHeapMiB: peakHeap / 2 ** 20, outputs, seconds };
}

// --- main --------------------------------------------------------------------------------------------

function best<T extends { seconds: number }>(label: string, rounds: number, run: () => T): T {
  let top: T | undefined;
  for (let r = 1; r <= rounds; r++) {
    const result = run();
    log(`  ${label} round ${r}: ${fixed(result.seconds, 2)} s`);
    if (top === undefined || result.seconds < top.seconds) top = result;
  }
  return top as T;
}

function timed<T>(run: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = run();
  return { seconds: (performance.now() - t0) / 1000, value };
}

function main(): void {
  const n = countArg(process.argv.slice(2), '--rows', 1_000_000, 1000, 'usage: sql-windows.ts [--rows N]   (N rows, an integer ≥ 1000)');
  const gc = exposeGc();
  const failures: string[] = [];
  const tumblingApp = compileApplication(TUMBLING_SQL, SCHEMA);
  const slidingApp = compileApplication(SLIDING_SQL, SCHEMA);

  // Memory first, before the throughput rows are held. The fixed baseline: after compiling, before any row.
  gc();
  const baseRss = process.memoryUsage.rss() / 2 ** 20;
  const baseHeap = process.memoryUsage().heapUsed / 2 ** 20;
  log(`memory: baseline RSS ${fixed(baseRss, 1)} MiB; tumbling on ${int(n / 10)} then ${int(n)} rows made on the fly`);
  const small = memoryRun(tumblingApp, Math.floor(n / 10), gc);
  log(`  ${int(small.rows)} rows: peak RSS ${fixed(small.peakMiB, 1)} MiB`);
  const large = memoryRun(tumblingApp, n, gc);
  log(`  ${int(large.rows)} rows: peak RSS ${fixed(large.peakMiB, 1)} MiB`);

  log(`rows: ${int(n)} (seed ${SEED})`);
  const warm = makeRows(WARMUP_ROWS, SEED + 1);
  const rows = makeRows(n, SEED);

  // Warm-up: every code path once on a small input.
  tumblingEngine(tumblingApp, warm, undefined);
  slidingEngine(slidingApp, warm, undefined);
  tumblingLoop(warm, true);
  tumblingLoop(warm, false);
  slidingLoop(warm, true);
  slidingLoop(warm, false);

  log('tumbling');
  const tLoop = best('loop', ROUNDS, () => timed(() => tumblingLoop(rows, false)));
  const tLoopParse = best('loop+parse', ROUNDS, () => timed(() => tumblingLoop(rows, true)));
  const expectedT = tLoopParse.value;
  const tEngine = best('engine', ROUNDS, () => tumblingEngine(tumblingApp, rows, expectedT));
  if (tEngine.mismatch !== undefined) failures.push(`tumbling: ${tEngine.mismatch}`);
  if (small.outputs <= 0 || large.outputs <= 0) failures.push('memory runs emitted no rows');
  if (large.outputs !== expectedT.rowtime.length) failures.push(`memory run on ${n} rows emitted ${large.outputs} rows, loop ${expectedT.rowtime.length}`);

  log('sliding');
  const sLoop = best('loop', ROUNDS, () => timed(() => slidingLoop(rows, false)));
  const sLoopParse = best('loop+parse', ROUNDS, () => timed(() => slidingLoop(rows, true)));
  const sEngine = best('engine', ROUNDS, () => slidingEngine(slidingApp, rows, sLoopParse.value));
  if (sEngine.mismatch !== undefined) failures.push(`sliding: ${sEngine.mismatch}`);

  const rate = (s: number) => n / s;
  const spanMin = (rows.rowtime[n - 1]! - rows.rowtime[0]!) / MINUTE;
  process.stdout.write(`SQL windows, ${int(n)} rows (${fixed(spanMin, 1)} min of ROWTIME, ${KEYS} keys), records pushed as JSON text, best of ${ROUNDS}\n\n`);
  process.stdout.write(
    `${table([
      ['query', 'run', 'seconds', 'rows/s', 'output rows', 'engine ÷ run'],
      ['tumbling 1 min', 'engine', fixed(tEngine.seconds, 2), int(rate(tEngine.seconds)), int(tEngine.outputs), ''],
      ['tumbling 1 min', 'loop+parse', fixed(tLoopParse.seconds, 2), int(rate(tLoopParse.seconds)), int(expectedT.rowtime.length), `${fixed(tLoopParse.seconds / tEngine.seconds, 3)}×`],
      ['tumbling 1 min', 'loop', fixed(tLoop.seconds, 2), int(rate(tLoop.seconds)), int(tLoop.value.rowtime.length), `${fixed(tLoop.seconds / tEngine.seconds, 3)}×`],
      ['sliding 10 s', 'engine', fixed(sEngine.seconds, 2), int(rate(sEngine.seconds)), int(sEngine.outputs), ''],
      ['sliding 10 s', 'loop+parse', fixed(sLoopParse.seconds, 2), int(rate(sLoopParse.seconds)), int(n), `${fixed(sLoopParse.seconds / sEngine.seconds, 3)}×`],
      ['sliding 10 s', 'loop', fixed(sLoop.seconds, 2), int(rate(sLoop.seconds)), int(n), `${fixed(sLoop.seconds / sEngine.seconds, 3)}×`],
    ])}\n\n`,
  );
  const growth = (m: MemoryRun) => m.peakMiB - baseRss;
  process.stdout.write(
    `${table([
      ['memory (tumbling)', 'rows', 'seconds', 'peak RSS MiB', 'RSS growth MiB', 'peak heapUsed MiB', 'heap growth MiB'],
      ['baseline', '0', '', fixed(baseRss, 1), '', fixed(baseHeap, 1), ''],
      ['N/10', int(small.rows), fixed(small.seconds, 2), fixed(small.peakMiB, 1), fixed(growth(small), 1), fixed(small.peakHeapMiB, 1), fixed(small.peakHeapMiB - baseHeap, 1)],
      ['N', int(large.rows), fixed(large.seconds, 2), fixed(large.peakMiB, 1), fixed(growth(large), 1), fixed(large.peakHeapMiB, 1), fixed(large.peakHeapMiB - baseHeap, 1)],
    ])}\n\n`,
  );
  const ratio = (x: number) => `${fixed(x, 3)}×`;
  process.stdout.write(`${goal('tumbling engine ÷ loop+parse', tLoopParse.seconds / tEngine.seconds, ratio, '≥ 0.3×', (x) => x >= 0.3)}\n`);
  process.stdout.write(`${goal('sliding engine ÷ loop+parse', sLoopParse.seconds / sEngine.seconds, ratio, '≥ 0.3×', (x) => x >= 0.3)}\n`);
  const heapGrowth = (m: MemoryRun) => m.peakHeapMiB - baseHeap;
  const memRatio = heapGrowth(small) > 0 ? heapGrowth(large) / heapGrowth(small) : undefined;
  process.stdout.write(`${goal('peak heapUsed growth at N ÷ at N/10', memRatio, ratio, '≤ 2×', (x) => x <= 2)}\n`);
  process.stdout.write(`(RSS, for information: peak at N ${fixed(large.peakMiB, 1)} MiB, at N/10 ${fixed(small.peakMiB, 1)} MiB, ratio ${ratio(large.peakMiB / small.peakMiB)})\n`);
  if (failures.length > 0) {
    for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
    process.exit(1);
  }
  process.stdout.write('correctness: every engine output row equals the loop\'s OK\n');
}

try {
  main();
} catch (e) {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
}
