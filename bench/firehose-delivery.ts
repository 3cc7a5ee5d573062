/**
 * The Firehose delivery engine (lambda/engine/firehose/delivery-stream.ts) against its baselines, in process:
 *
 *   npx ts-node --transpile-only bench/firehose-delivery.ts [--mib N]     (npm run bench:firehose)
 *
 * 1. GZIP delivery. N MiB (default 64) of click events as producers send them (the camelCase fields of
 *    lambda/engine/clickstream/click-event.ts), 200–1,000 bytes each, from a seeded PRNG, are
 *    put into a DeliveryStream built by `extendedS3Config` (CompressionFormat GZIP, AppendDelimiterToRecord,
 *    BufferingHints 64 MiB / 900 s, no Lambda; ManualClock, in-memory object store, deterministic ids) in
 *    PutRecordBatch-sized batches of 500, then `flush()`. Timed end to end: put + buffering +
 *    concatenation + compression + the in-memory putObject. Baseline in the same run: `zlib.gzipSync` of
 *    exactly the same bytes (every record followed by '\n'), already concatenated. Every object the store
 *    received is gunzipped and compared, in write order, byte for byte with the baseline's input.
 * 2. Transform path. 16 MiB of the same kind of events, 1% intentionally invalid (cut short, no url,
 *    a timestamp that is not ISO-8601), through a DeliveryStream whose Lambda processor
 *    (BufferIntervalInSeconds 0, UNCOMPRESSED output) is the project's handler
 *    (lambda/handlers/firehose-transform.ts) called in process through the TransformPort. Each batch of
 *    500 is followed by `tick()`, as the host's timer would (so each invocation carries one batch), and
 *    the run ends with `flush()`. The TransformPort is wrapped to time the handler; the rest is the
 *    engine (event building, base64, contract checks, buffering, error output, delivery). Checked:
 *    counts() (accepted = all, delivered = valid, failed = invalid, dropped 0, pending 0), the
 *    error-output lines, and the delivered bytes against `transformClickRecord` applied directly.
 *
 * Each measurement: one small warm-up run, then best of ROUNDS. MB/s = 10^6 bytes of records put (the
 * input, without the delimiters the engine appends) per second, for the engine and the baseline alike.
 * Prints a table and the goal (PASS/MISS) on stdout, progress on stderr. Exit status 1 only when a
 * correctness check fails (or a run throws).
 */
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ManualClock } from '../lambda/engine/clock';
import { transformClickRecord } from '../lambda/engine/clickstream/click-event';
import { extendedS3Config } from '../lambda/engine/firehose/delivery-config';
import { DeliveryStream, type DeliveryCounts, type IncomingRecord, type ObjectStorePort } from '../lambda/engine/firehose/delivery-stream';
import type { FirehoseTransformationEvent } from '../lambda/engine/firehose/transform-contract';
import type { TransformPort } from '../lambda/engine/firehose/transform-invoker';
import { mulberry32 } from '../lambda/engine/seeded-random';
import { fixed, goal, int, table } from './support/report';

const MIB = 1024 * 1024;
const MB = 1e6;
const BATCH = 500;
const ROUNDS = 3;
const MIN_RECORD = 200;
const MAX_RECORD = 1000;
const TRANSFORM_MIB = 16;
const WARMUP_MIB = 4;
const INVALID_RATE = 0.01;
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:clickstream-transform';
const IDENTITY = { name: 'clicks', arn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/clicks', region: 'us-east-1', version: 1 };
const BUCKET = { RoleARN: 'arn:aws:iam::000000000000:role/firehose', BucketARN: 'arn:aws:s3:::bench', ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/' };
const BUFFERING = { SizeInMBs: 64, IntervalInSeconds: 900 };

const log = (text: string) => process.stderr.write(`${text}\n`);

function parseArgs(argv: readonly string[]): number {
  const i = argv.indexOf('--mib');
  if (i === -1) return 64;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) {
    log('usage: firehose-delivery.ts [--mib N]   (N MiB of GZIP input, a positive number)');
    process.exit(2);
  }
  return n;
}

// --- records -----------------------------------------------------------------------------------------


const EVENT_TYPES = ['page_view', 'page_view', 'page_view', 'click', 'click', 'add_to_cart', 'search', 'checkout', 'scroll', 'video.play'];
const HOSTS = ['shop.example.com', 'www.example.com', 'blog.example.org', 'm.example.com'];
const PATHS = ['/', '/products', '/products/42', '/cart', '/checkout', '/search', '/blog/2026/11/launch', '/account/orders', '/help/shipping'];
const REFERRERS = ['https://www.google.com/', 'https://duckduckgo.com/', 'https://news.example.net/top', 'https://shop.example.com/'];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
];
const WORDS = 'the quick brown fox jumps over lazy dog winter sale shoes jacket blue red green size medium large free shipping returns gift card review stars price total order new arrival best seller'.split(' ');

/**
 * Click events as a producer sends them (the camelCase fields `normaliseClickEvent` accepts), each sized
 * to a target drawn uniformly from 200–1,000 bytes: optional fields are left out until the event fits,
 * then `properties.title` (words) pads it to the exact size. With `invalidRate`, that share of records is
 * broken in one of three ways: cut short (not JSON), no url, a timestamp that is not ISO-8601.
 */
function clickRecords(bytes: number, seed: number, invalidRate: number): Buffer[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
  const words = (length: number) => {
    let text = '';
    while (text.length < length) text += `${text === '' ? '' : ' '}${pick(WORDS)}`;
    return text.slice(0, length).trimEnd().padEnd(length, '.');
  };
  const out: Buffer[] = [];
  let total = 0;
  let time = T0 - 3_600_000;
  while (total < bytes) {
    time += Math.floor(random() * 40);
    const signedIn = random() < 0.6;
    const userId = signedIn ? `user-${Math.floor(random() * 50_000)}` : undefined;
    const anonymousId = signedIn && random() < 0.5 ? undefined : `anon-${hex(16)}`;
    const timestamp = random() < 0.5 ? new Date(time).toISOString() : time;
    const eventType = pick(EVENT_TYPES);
    const url = `https://${pick(HOSTS)}${pick(PATHS)}${random() < 0.3 ? `?q=${pick(WORDS)}&page=${1 + Math.floor(random() * 9)}` : ''}`;
    // Optional fields, the first left out first when the target is small.
    const optional: [string, unknown][] = [
      ['userAgent', pick(USER_AGENTS)],
      ['referrer', pick(REFERRERS)],
      ['eventId', `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`],
      ['sessionId', `sess-${hex(12)}`],
    ];
    const props = { sku: `SKU-${Math.floor(random() * 10_000)}`, price: Math.floor(random() * 20_000) / 100, currency: 'EUR', viewport: pick(['1920x1080', '390x844', '1440x900']) };
    const roll = random();
    const invalid = roll < invalidRate ? Math.floor((roll / invalidRate) * 3) : -1;
    const build = (keep: number, title: string) => {
      const kept = Object.fromEntries(optional.slice(Math.max(0, optional.length - keep)));
      return JSON.stringify({
        ...(kept['eventId'] !== undefined ? { eventId: kept['eventId'] } : {}),
        eventType,
        timestamp: invalid === 2 ? '26/11/2026 10:00' : timestamp,
        ...(invalid === 1 ? {} : { url }),
        ...(userId !== undefined ? { userId } : {}),
        ...(anonymousId !== undefined ? { anonymousId } : {}),
        ...(kept['sessionId'] !== undefined ? { sessionId: kept['sessionId'] } : {}),
        ...(kept['referrer'] !== undefined ? { referrer: kept['referrer'] } : {}),
        ...(kept['userAgent'] !== undefined ? { userAgent: kept['userAgent'] } : {}),
        properties: keep > optional.length ? { ...props, title } : { title },
      });
    };
    const target = MIN_RECORD + Math.floor(random() * (MAX_RECORD - MIN_RECORD + 1));
    let keep = optional.length + 1;
    while (keep > 0 && build(keep, '').length > target) keep--;
    const bare = build(keep, '');
    const text = build(keep, bare.length < target ? words(target - bare.length) : '');
    const record = Buffer.from(invalid === 0 ? text.slice(0, -3) : text);
    out.push(record);
    total += record.length + 1;
  }
  return out;
}

function batchesOf(records: readonly Buffer[]): IncomingRecord[][] {
  const batches: IncomingRecord[][] = [];
  for (let i = 0; i < records.length; i += BATCH) batches.push(records.slice(i, i + BATCH).map((data) => ({ data, arrivalMs: T0 })));
  return batches;
}

// --- the engine --------------------------------------------------------------------------------------

/** Keeps every object in write order. */
class MemoryObjects implements ObjectStorePort {
  readonly objects: { key: string; body: Buffer }[] = [];
  async putObject(bucket: string, key: string, body: Buffer): Promise<void> {
    this.objects.push({ key: `${bucket}/${key}`, body });
  }
}

function newStream(destination: Record<string, unknown>, transform?: TransformPort) {
  const clock = new ManualClock(T0);
  const objects = new MemoryObjects();
  let uuids = 0;
  const config = extendedS3Config(IDENTITY, { ...BUCKET, ...destination });
  const stream = new DeliveryStream(config, {
    clock,
    objects,
    random: { uuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}`, randomString: () => 'RANDOMSTRIN' },
    ...(transform ? { transform } : {}),
  });
  return { stream, objects };
}

interface GzipRun {
  readonly seconds: number;
  readonly putSeconds: number;
  readonly objects: MemoryObjects;
  readonly counts: DeliveryCounts;
}

async function gzipEngineRun(batches: readonly IncomingRecord[][]): Promise<GzipRun> {
  const { stream, objects } = newStream({
    CompressionFormat: 'GZIP',
    BufferingHints: BUFFERING,
    ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
  });
  const t0 = performance.now();
  for (const batch of batches) stream.put(batch);
  const t1 = performance.now();
  await stream.flush();
  const t2 = performance.now();
  return { seconds: (t2 - t0) / 1000, putSeconds: (t1 - t0) / 1000, objects, counts: stream.counts() };
}

/** Every object gunzipped, in write order, against the exact input; plus the counts. */
function verifyGzip(run: GzipRun, expected: Buffer, records: number): string {
  const problems: string[] = [];
  let delivered: Buffer;
  try {
    delivered = Buffer.concat(run.objects.objects.map((o) => gunzipSync(o.body)));
  } catch (err) {
    return `an object is not valid gzip (${err instanceof Error ? err.message : String(err)})`;
  }
  if (!delivered.equals(expected)) {
    let at = 0;
    while (at < Math.min(delivered.length, expected.length) && delivered[at] === expected[at]) at++;
    problems.push(`delivered ${delivered.length} bytes, expected ${expected.length}; first difference at byte ${at}`);
  }
  const c = run.counts;
  if (c.accepted !== records || c.delivered !== records || c.failed !== 0 || c.dropped !== 0 || c.pending !== 0) problems.push(`counts ${JSON.stringify(c)}`);
  return problems.length === 0 ? 'ok' : problems.join('; ');
}

interface TransformRun {
  readonly seconds: number;
  readonly handlerSeconds: number;
  readonly invocations: number;
  readonly objects: MemoryObjects;
  readonly counts: DeliveryCounts;
}

type Handler = (event: FirehoseTransformationEvent) => Promise<unknown>;

async function transformEngineRun(batches: readonly IncomingRecord[][], handler: Handler): Promise<TransformRun> {
  let handlerMs = 0;
  let invocations = 0;
  const timed: TransformPort = async (_arn, event) => {
    const t = performance.now();
    try {
      return await handler(event);
    } finally {
      handlerMs += performance.now() - t;
      invocations++;
    }
  };
  const { stream, objects } = newStream(
    {
      CompressionFormat: 'UNCOMPRESSED',
      BufferingHints: BUFFERING,
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: LAMBDA }, { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '0' }] }],
      },
    },
    timed,
  );
  const t0 = performance.now();
  for (const batch of batches) {
    stream.put(batch);
    await stream.tick();
  }
  await stream.flush();
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, handlerSeconds: handlerMs / 1000, invocations, objects, counts: stream.counts() };
}

interface Expected {
  readonly ok: number;
  readonly failed: number;
  readonly dropped: number;
  readonly body: Buffer;
}

/** What the handler's per-record rule makes of the records, applied directly (outside any timing). */
function expectedTransform(records: readonly Buffer[]): Expected {
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  const lines: Buffer[] = [];
  for (const r of records) {
    const outcome = transformClickRecord(r);
    if (outcome.result === 'Ok') {
      ok++;
      lines.push(Buffer.from(outcome.data));
    } else if (outcome.result === 'Dropped') dropped++;
    else failed++;
  }
  return { ok, failed, dropped, body: Buffer.concat(lines) };
}

function verifyTransform(run: TransformRun, records: number, expected: Expected): string {
  const problems: string[] = [];
  const c = run.counts;
  if (c.accepted !== records || c.delivered !== expected.ok || c.failed !== expected.failed || c.dropped !== 0 || c.pending !== 0) {
    problems.push(`counts ${JSON.stringify(c)}, expected accepted ${records}, delivered ${expected.ok}, failed ${expected.failed}, dropped 0, pending 0`);
  }
  const errors = run.objects.objects.filter((o) => o.key.startsWith('bench/errors/'));
  const data = run.objects.objects.filter((o) => !o.key.startsWith('bench/errors/'));
  const errorLines = errors.flatMap((o) => o.body.toString().split('\n').filter((l) => l !== ''));
  if (errorLines.length !== expected.failed) problems.push(`${errorLines.length} error-output lines, expected ${expected.failed}`);
  if (errorLines.some((l) => (JSON.parse(l) as { errorCode?: string }).errorCode !== 'Lambda.ProcessingFailedStatus')) problems.push('an error-output line is not Lambda.ProcessingFailedStatus');
  if (!Buffer.concat(data.map((o) => o.body)).equals(expected.body)) problems.push('delivered bytes differ from transformClickRecord applied directly');
  return problems.length === 0 ? 'ok' : problems.join('; ');
}

// --- report ------------------------------------------------------------------------------------------

const bytesOf = (records: readonly Buffer[]) => records.reduce((n, r) => n + r.length, 0);


const best = <T extends { seconds: number }>(runs: readonly T[]): T | undefined => runs.reduce<T | undefined>((b, r) => (b === undefined || r.seconds < b.seconds ? r : b), undefined);

async function main(): Promise<void> {
  const mib = parseArgs(process.argv.slice(2));
  const failures: string[] = [];

  // 1. GZIP delivery ------------------------------------------------------------------------------
  log(`[gzip] generating ${mib} MiB of click events`);
  const clicks = clickRecords(mib * MIB, 1, 0);
  const clickBatches = batchesOf(clicks);
  const input = Buffer.concat(clicks.flatMap((r) => [r, Buffer.from('\n')]));
  const clickBytes = bytesOf(clicks);
  const sizes = clicks.map((r) => r.length);
  log(`[gzip] ${int(clicks.length)} records, ${int(clickBytes)} bytes (${int(input.length)} with delimiters), ${sizes.reduce((a, b) => Math.min(a, b))}–${sizes.reduce((a, b) => Math.max(a, b))} B each`);

  log(`[gzip] warm-up (${WARMUP_MIB} MiB)`);
  const warm = clickRecords(WARMUP_MIB * MIB, 99, 0);
  const warmInput = Buffer.concat(warm.flatMap((r) => [r, Buffer.from('\n')]));
  const warmRun = await gzipEngineRun(batchesOf(warm));
  gzipSync(warmInput);
  const warmVerdict = verifyGzip(warmRun, warmInput, warm.length);
  if (warmVerdict !== 'ok') failures.push(`gzip warm-up: ${warmVerdict}`);

  const engineRuns: GzipRun[] = [];
  const baselineSeconds: number[] = [];
  let gzipBytes = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    try {
      const run = await gzipEngineRun(clickBatches);
      const verdict = verifyGzip(run, input, clicks.length);
      log(`[gzip] round ${round}: engine ${fixed(run.seconds, 3)} s (put ${fixed(run.putSeconds, 3)} s), ${run.objects.objects.length} object(s), verification: ${verdict}`);
      if (verdict !== 'ok') failures.push(`gzip round ${round}: ${verdict}`);
      engineRuns.push({ ...run, objects: new MemoryObjects() }); // keep the timings, let the objects go
    } catch (err) {
      log(`[gzip] round ${round}: engine failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      failures.push(`gzip round ${round}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const t = performance.now();
    gzipBytes = gzipSync(input).length;
    baselineSeconds.push((performance.now() - t) / 1000);
    log(`[gzip] round ${round}: gzipSync ${fixed(baselineSeconds[baselineSeconds.length - 1]!, 3)} s`);
  }
  const engineBest = best(engineRuns);
  const baselineBest = Math.min(...baselineSeconds);

  // 2. Transform path -----------------------------------------------------------------------------
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN'; // before the handler's module builds its Logger
  const { handler } = await import('../lambda/handlers/firehose-transform');
  log(`[transform] generating ${TRANSFORM_MIB} MiB of raw click events`);
  const raw = clickRecords(TRANSFORM_MIB * MIB, 2, INVALID_RATE);
  const rawBytes = bytesOf(raw);
  const rawBatches = batchesOf(raw);
  const expected = expectedTransform(raw);
  if (expected.dropped !== 0) failures.push(`transform input: the generator made ${expected.dropped} bot events`);
  log(`[transform] ${int(raw.length)} records, ${int(rawBytes)} bytes; ${expected.ok} valid, ${expected.failed} invalid`);

  log(`[transform] warm-up (${WARMUP_MIB} MiB)`);
  const warmRaw = clickRecords(WARMUP_MIB * MIB, 98, INVALID_RATE);
  const warmTransform = await transformEngineRun(batchesOf(warmRaw), handler);
  const warmTransformVerdict = verifyTransform(warmTransform, warmRaw.length, expectedTransform(warmRaw));
  if (warmTransformVerdict !== 'ok') failures.push(`transform warm-up: ${warmTransformVerdict}`);

  const transformRuns: TransformRun[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    try {
      const run = await transformEngineRun(rawBatches, handler);
      const verdict = verifyTransform(run, raw.length, expected);
      log(`[transform] round ${round}: ${fixed(run.seconds, 3)} s (handler ${fixed(run.handlerSeconds, 3)} s in ${run.invocations} invocations), verification: ${verdict}`);
      if (verdict !== 'ok') failures.push(`transform round ${round}: ${verdict}`);
      transformRuns.push({ ...run, objects: new MemoryObjects() });
    } catch (err) {
      log(`[transform] round ${round}: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      failures.push(`transform round ${round}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const transformBest = best(transformRuns);

  // Report ----------------------------------------------------------------------------------------
  const na = ['-', '-', '-'];
  const header = ['path', 'input MB', 'records', 'best s', 'MB/s', 'records/s'];
  const row = (name: string, bytes: number, records: number, seconds: number | undefined) =>
    seconds === undefined ? [name, fixed(bytes / MB, 1), int(records), ...na] : [name, fixed(bytes / MB, 1), int(records), fixed(seconds, 3), fixed(bytes / MB / seconds, 1), int(records / seconds)];
  const ratio = engineBest === undefined ? undefined : baselineBest / engineBest.seconds;

  console.log(`\nFirehose delivery engine, in process, best of ${ROUNDS} after a warm-up (MB = 10^6 bytes of records put, without the delimiters; records ${MIN_RECORD}–${MAX_RECORD} B, PutRecordBatch × ${BATCH})\n`);
  console.log(
    table([
      header,
      row('GZIP delivery (put → flush)', clickBytes, clicks.length, engineBest?.seconds),
      row('  of which put (buffering)', clickBytes, clicks.length, engineBest?.putSeconds),
      row('zlib.gzipSync (baseline)', clickBytes, clicks.length, baselineBest),
      row('transform (handler, UNCOMPRESSED)', rawBytes, raw.length, transformBest?.seconds),
      row('  of which in the handler', rawBytes, raw.length, transformBest?.handlerSeconds),
      row('  of which the rest of the engine', rawBytes, raw.length, transformBest === undefined ? undefined : transformBest.seconds - transformBest.handlerSeconds),
    ]),
  );
  console.log(`\nGZIP: ${int(input.length)} → ${int(gzipBytes)} bytes (${fixed(input.length / Math.max(1, gzipBytes), 1)}:1), BufferingHints ${BUFFERING.SizeInMBs} MiB / ${BUFFERING.IntervalInSeconds} s`);
  console.log(`  ${goal('engine / gzipSync', ratio, (v) => `${fixed(v, 2)}×`, '≥ 0.7×', (v) => v >= 0.7)}`);
  if (transformBest !== undefined) {
    const share = (s: number) => `${fixed((100 * s) / transformBest.seconds, 0)}%`;
    const rest = transformBest.seconds - transformBest.handlerSeconds;
    console.log(`\nTransform: ${int(raw.length)} records (${expected.failed} invalid) in ${transformBest.invocations} invocations of ~${BATCH} records`);
    console.log(`  handler ${fixed(transformBest.handlerSeconds, 3)} s (${share(transformBest.handlerSeconds)}), rest of the engine ${fixed(rest, 3)} s (${share(rest)})`);
    console.log(`  per record: handler ${fixed((transformBest.handlerSeconds * 1e6) / raw.length, 1)} µs, engine ${fixed((rest * 1e6) / raw.length, 1)} µs`);
  }

  if (failures.length > 0) {
    console.log(`\nCORRECTNESS FAILURE: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
