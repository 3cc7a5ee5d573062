/**
 * The SQL engine's JSON record mapper (lambda/engine/sql/input/record-mapper.ts) alone, against a
 * hand-written baseline, in process:
 *
 *   npx ts-node --transpile-only bench/sql-input.ts [--records N]
 *
 * Input: N records (default 500,000) as JSON text, `{"k":"key-7","v":123}` (K one of 100 keys, V an
 * INTEGER in 0..999, from a seeded PRNG), built before the timer starts — the records bench/sql-windows.ts
 * pushes through `ApplicationRuntime.pushRecord`, mapped with the same InputSchema (RecordRowPath `$`,
 * `$.k` VARCHAR(8), `$.v` INTEGER).
 *
 * - mapper: `compileRecordMapper(schema)(text, meta)` per record; every row is checked (K and V equal
 *   the generated values, no error).
 * - baseline: `JSON.parse(text)`, reading `k` and `v`, a `typeof` check on each (what the
 *   "loop+parse" baseline of bench/sql-windows.ts does per row, plus the check).
 * Each measurement: a warm-up run on 20,000 records, then best of ROUNDS. Prints µs/record for both and
 * the ratio baseline/mapper (1.0 = as fast as the baseline) on stdout, progress on stderr. Exit status 1
 * when a mapped row is wrong.
 */
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../lambda/engine/seeded-random';
import { compileRecordMapper, type RecordMeta } from '../lambda/engine/sql/input';
import { fixed, int, table } from './support/report';
import { countArg } from './support/args';
import { KEY_VALUE_SCHEMA } from './support/kv-schema';

const ROUNDS = 5;
const WARMUP = 20_000;
const KEYS = 100;
const SEED = 0x5eed;

const log = (text: string) => process.stderr.write(`${text}\n`);

const SCHEMA = KEY_VALUE_SCHEMA;

interface Records {
  readonly n: number;
  readonly text: string[];
  readonly key: string[];
  readonly v: Int32Array;
}

function makeRecords(n: number, seed: number): Records {
  const random = mulberry32(seed);
  const records: Records = { n, text: new Array<string>(n), key: new Array<string>(n), v: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const key = `key-${Math.floor(random() * KEYS)}`;
    const v = Math.floor(random() * 1000);
    records.key[i] = key;
    records.v[i] = v;
    records.text[i] = `{"k":"${key}","v":${v}}`;
  }
  return records;
}

/** Returns the number of mismatches (0 when every row is right). */
function runMapper(records: Records): number {
  const map = compileRecordMapper(SCHEMA);
  const meta: RecordMeta = { approximateArrivalMs: 0 };
  let bad = 0;
  for (let i = 0; i < records.n; i++) {
    const out = map(records.text[i]!, meta);
    const row = out.rows[0];
    if (out.errors.length !== 0 || out.rows.length !== 1 || row!.K !== records.key[i] || row!.V !== records.v[i]) bad++;
  }
  return bad;
}

function runBaseline(records: Records): number {
  let bad = 0;
  for (let i = 0; i < records.n; i++) {
    const o = JSON.parse(records.text[i]!) as { k: unknown; v: unknown };
    const k = o.k;
    const v = o.v;
    if (typeof k !== 'string' || typeof v !== 'number' || k !== records.key[i] || v !== records.v[i]) bad++;
  }
  return bad;
}

function best(label: string, run: (r: Records) => number, warm: Records, records: Records): { seconds: number; bad: number } {
  run(warm);
  let seconds = Infinity;
  let bad = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    bad = run(records);
    const s = (performance.now() - t0) / 1000;
    seconds = Math.min(seconds, s);
    log(`${label} round ${r + 1}: ${fixed(s, 3)} s`);
  }
  return { seconds, bad };
}

function main(): void {
  const n = countArg(process.argv.slice(2), '--records', 500_000, 1000, 'usage: sql-input.ts [--records N]   (N records, an integer ≥ 1000)');
  log(`building ${int(n)} records`);
  const warm = makeRecords(WARMUP, SEED + 1);
  const records = makeRecords(n, SEED);
  const baseline = best('baseline', runBaseline, warm, records);
  const mapper = best('mapper', runMapper, warm, records);
  const us = (s: number) => fixed((s * 1e6) / n, 3);
  console.log(
    table([
      ['run', 'records', 'seconds', 'µs/record', 'vs baseline'],
      ['baseline (JSON.parse + 2 fields)', int(n), fixed(baseline.seconds, 3), us(baseline.seconds), '1.00×'],
      ['mapper (compileRecordMapper)', int(n), fixed(mapper.seconds, 3), us(mapper.seconds), `${fixed(baseline.seconds / mapper.seconds, 2)}×`],
    ]),
  );
  if (mapper.bad !== 0 || baseline.bad !== 0) {
    console.log(`MISMATCH: mapper ${mapper.bad}, baseline ${baseline.bad} wrong rows`);
    process.exitCode = 1;
  }
}

main();
