/**
 * The local Kinesis endpoint against its peers, in one run:
 *
 *   npx ts-node --transpile-only bench/kinesis-endpoint.ts [--records N]     (npm run bench:kinesis)
 *
 * Three servers, each in its own child process (bench/servers/*) so CPU and memory are the server's own:
 * ours (in-memory engine, throttling off, as `clickstream serve --port 0 --throttle off` builds it),
 * kinesalite (in memory) and a do-nothing server that answers canned responses (the client ceiling).
 * Against each, with one SDK client configuration (HTTP/1.1 keep-alive; kinesalite has no HTTP/2):
 * create a 4-shard stream, put N records of 200 bytes in PutRecords batches of 500 (4 in flight,
 * failed entries retried), read every shard back from TRIM_HORIZON with GetRecords (Limit 10000) until
 * an empty page, and verify each record came back exactly once, intact, in the shard its key maps to.
 * Then, in process: our routing (hash key + shard lookup) against a bare MD5 loop.
 *
 * Prints a table and the goals (PASS/MISS) on stdout, progress on stderr. Exit status 1 only when a
 * server loses, duplicates, corrupts or misroutes records (or a run fails).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { hash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordsCommand,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { hashKeyOf } from '../lambda/engine/kinesis/hash-key';
import { findRange, uniformRanges } from '../lambda/engine/kinesis/shard-map';
import { fixed, goal, int, table } from './support/report';
import { countArg } from './support/args';

const STREAM = 'bench';
const SHARDS = 4;
const PAYLOAD_BYTES = 200;
const BATCH = 500;
const CONCURRENCY = 4;
const PAGE_LIMIT = 10_000;
const ROUTING_KEYS = 1_000_000;

interface ServerKind {
  readonly name: string;
  readonly script: string;
  /** The do-nothing server stores nothing: read a fixed number of canned records, verify nothing. */
  readonly verify: boolean;
}

const SERVERS: readonly ServerKind[] = [
  { name: 'ours', script: 'servers/ours.ts', verify: true },
  { name: 'kinesalite', script: 'servers/kinesalite.js', verify: true },
  { name: 'do-nothing', script: 'servers/do-nothing.js', verify: false },
];

interface Rec {
  readonly partitionKey: string;
  readonly data: Buffer;
}

interface ChildStats {
  readonly cpuMicros: number;
  readonly maxRssKb: number;
  readonly rssBytes: number;
}

interface Result {
  readonly name: string;
  readonly writePerSec: number;
  readonly readPerSec: number;
  readonly cpuSeconds: number;
  readonly cpuMicrosPerRecord: number;
  readonly rssStartMb: number;
  readonly peakRssMb: number;
  readonly retried: number;
  /** 'ok', 'skipped', or what went wrong. */
  readonly verdict: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text: string) => process.stderr.write(`${text}\n`);

/** 200 random bytes with the record's index in the first 4 (so what comes back identifies itself), random keys. */
function makeRecords(n: number): Rec[] {
  return Array.from({ length: n }, (_, i) => {
    const data = randomBytes(PAYLOAD_BYTES);
    data.writeUInt32BE(i, 0);
    return { partitionKey: randomBytes(12).toString('base64url'), data };
  });
}

/** Logs `label done/total` each time another fifth is done. */
function progress(label: string, total: number): (done: number) => void {
  let step = 0;
  return (done) => {
    const now = Math.floor((done * 5) / total);
    if (now > step) {
      step = now;
      log(`  ${label} ${done}/${total}`);
    }
  };
}

// --- server children ---------------------------------------------------------------------------------

function nextMessage<T>(child: ChildProcess, type: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type?: string }) => {
      if (msg?.type !== type) return;
      done();
      resolve(msg as T);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`server child exited (${code}) while waiting for '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no '${type}' from the server child in ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function startChild(kind: ServerKind): Promise<{ child: ChildProcess; url: string }> {
  const script = path.join(__dirname, kind.script);
  const execArgv = script.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
  // BENCH_CPU_PROF=DIR writes each server's V8 CPU profile there (open it in Chrome DevTools).
  if (process.env.BENCH_CPU_PROF) execArgv.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
  const child = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { url } = await nextMessage<{ url: string }>(child, 'ready');
  return { child, url };
}

function statsOf(child: ChildProcess): Promise<ChildStats> {
  const answer = nextMessage<ChildStats>(child, 'stats');
  child.send('stats');
  return answer;
}

// --- the workload ------------------------------------------------------------------------------------

function makeClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 8 }) }),
  });
}

interface ShardInfo {
  readonly shardId: string;
  readonly start: bigint;
  readonly end: bigint;
}

async function createStream(client: KinesisClient): Promise<ShardInfo[]> {
  await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS }));
  for (;;) {
    const { StreamDescription: d } = await client.send(new DescribeStreamCommand({ StreamName: STREAM }));
    if (d?.StreamStatus === 'ACTIVE') {
      return (d.Shards ?? []).map((s) => ({
        shardId: s.ShardId ?? '',
        start: BigInt(s.HashKeyRange?.StartingHashKey ?? '0'),
        end: BigInt(s.HashKeyRange?.EndingHashKey ?? '0'),
      }));
    }
    await sleep(10);
  }
}

/** PutRecords in batches, CONCURRENCY in flight; failed entries go back in the queue. Returns how many were retried. */
async function putAll(client: KinesisClient, records: readonly Rec[], onProgress: (done: number) => void): Promise<number> {
  let next = 0;
  let acked = 0;
  let retried = 0;
  let aborted = false;
  const retry: number[] = [];
  const take = (): number[] => {
    if (retry.length > 0) return retry.splice(0, BATCH);
    const end = Math.min(next + BATCH, records.length);
    const batch: number[] = [];
    for (; next < end; next++) batch.push(next);
    return batch;
  };
  const worker = async () => {
    try {
      await work();
    } catch (err) {
      aborted = true; // stop the other workers too
      throw err;
    }
  };
  const work = async () => {
    while (acked < records.length && !aborted) {
      const batch = take();
      if (batch.length === 0) {
        await sleep(2); // the rest is in flight; failures may come back
        continue;
      }
      const entries = batch.map((i) => ({ PartitionKey: records[i]!.partitionKey, Data: records[i]!.data }));
      const out = await client.send(new PutRecordsCommand({ StreamName: STREAM, Records: entries }));
      if (out.Records?.length !== batch.length) throw new Error(`PutRecords answered ${out.Records?.length} entries for ${batch.length}`);
      const failed = batch.filter((_, j) => out.Records?.[j]?.ErrorCode !== undefined);
      acked += batch.length - failed.length;
      onProgress(acked);
      if (failed.length > 0) {
        retried += failed.length;
        if (retried > 10 * records.length) throw new Error(`gave up after ${retried} retried entries`);
        retry.push(...failed);
        await sleep(50);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return retried;
}

/**
 * Every shard from TRIM_HORIZON, shards in parallel, until an empty page (all writes finished before).
 * Against the do-nothing server: exactly `total` canned records, split over the shards.
 */
async function readAll(client: KinesisClient, shards: readonly ShardInfo[], total: number, untilEmpty: boolean, onProgress: (done: number) => void) {
  const pages: { shard: ShardInfo; records: _Record[] }[] = [];
  let read = 0;
  await Promise.all(
    shards.map(async (shard, i) => {
      const it = await client.send(new GetShardIteratorCommand({ StreamName: STREAM, ShardId: shard.shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      let iterator = it.ShardIterator;
      let budget = Math.floor(total / shards.length) + (i < total % shards.length ? 1 : 0);
      while (iterator !== undefined && (untilEmpty || budget > 0)) {
        const limit = untilEmpty ? PAGE_LIMIT : Math.min(PAGE_LIMIT, budget);
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
        const records = out.Records ?? [];
        if (records.length === 0 && untilEmpty) break;
        pages.push({ shard, records });
        read += records.length;
        budget -= records.length;
        if (read > 2 * total) throw new Error(`read ${read} records, more than twice the ${total} written`);
        onProgress(read);
        iterator = out.NextShardIterator;
      }
    }),
  );
  return pages;
}

/** Exactly once, intact (data and partition key), and in the shard whose hash-key range holds the key. */
function verify(records: readonly Rec[], pages: Awaited<ReturnType<typeof readAll>>): string {
  const seen = new Uint8Array(records.length);
  let duplicates = 0;
  let corrupt = 0;
  let misrouted = 0;
  for (const { shard, records: got } of pages) {
    for (const r of got) {
      const data = r.Data ? Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength) : Buffer.alloc(0);
      const index = data.length >= 4 ? data.readUInt32BE(0) : -1;
      const sent = records[index];
      if (sent === undefined || !sent.data.equals(data) || sent.partitionKey !== r.PartitionKey) corrupt++;
      else if (seen[index]) duplicates++;
      else {
        seen[index] = 1;
        const key = hashKeyOf(sent.partitionKey);
        if (key < shard.start || key > shard.end) misrouted++;
      }
    }
  }
  const missing = seen.length - seen.reduce((sum, x) => sum + x, 0);
  const problems = Object.entries({ missing, duplicates, corrupt, misrouted }).filter(([, n]) => n > 0);
  return problems.length === 0 ? 'ok' : problems.map(([what, n]) => `${n} ${what}`).join(', ');
}

async function runServer(kind: ServerKind, records: readonly Rec[]): Promise<Result> {
  log(`[${kind.name}] starting`);
  const { child, url } = await startChild(kind);
  const client = makeClient(url);
  try {
    const s0 = await statsOf(child);
    const shards = await createStream(client);
    log(`[${kind.name}] ${url}, stream ACTIVE with ${shards.length} shards; writing`);

    let t = performance.now();
    const retried = await putAll(client, records, progress(`[${kind.name}] written`, records.length));
    const writeSeconds = (performance.now() - t) / 1000;

    log(`[${kind.name}] reading`);
    t = performance.now();
    const pages = await readAll(client, shards, records.length, kind.verify, progress(`[${kind.name}] read`, records.length));
    const readSeconds = (performance.now() - t) / 1000;
    const s1 = await statsOf(child);

    const verdict = kind.verify ? verify(records, pages) : 'skipped';
    log(`[${kind.name}] verification: ${verdict}`);
    const cpuSeconds = (s1.cpuMicros - s0.cpuMicros) / 1e6;
    return {
      name: kind.name,
      writePerSec: records.length / writeSeconds,
      readPerSec: records.length / readSeconds,
      cpuSeconds,
      cpuMicrosPerRecord: (cpuSeconds * 1e6) / records.length,
      rssStartMb: s0.rssBytes / 2 ** 20,
      peakRssMb: s1.maxRssKb / 1024,
      retried,
      verdict,
    };
  } finally {
    client.destroy();
    child.kill();
  }
}

// --- routing -----------------------------------------------------------------------------------------

function routingBench(): { ours: number; md5: number } {
  log(`[routing] ${ROUTING_KEYS} random partition keys`);
  const keys = Array.from({ length: ROUTING_KEYS }, () => randomBytes(12).toString('base64url'));
  const ranges = uniformRanges(SHARDS);
  const route = () => {
    for (const key of keys) if (findRange(ranges, hashKeyOf(key)) < 0) throw new Error(`no shard for ${key}`);
  };
  const md5 = () => {
    // The fastest bare MD5 Node offers (one-shot, no hash object): the baseline our routing builds on.
    for (const key of keys) hash('md5', key, 'hex');
  };
  const seconds = (fn: () => void) => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / 1000;
  };
  let ours = Infinity;
  let bare = Infinity;
  for (let round = 0; round < 3; round++) {
    ours = Math.min(ours, seconds(route));
    bare = Math.min(bare, seconds(md5));
  }
  return { ours: ROUTING_KEYS / ours, md5: ROUTING_KEYS / bare };
}

// --- report ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const n = countArg(process.argv.slice(2), '--records', 100_000, 1, 'usage: kinesis-endpoint.ts [--records N]   (N a positive integer)');
  log(`generating ${n} records of ${PAYLOAD_BYTES} bytes`);
  const records = makeRecords(n);

  log('[warm-up] client against the do-nothing server');
  await runServer(SERVERS[2]!, records.slice(0, Math.min(n, 20_000)));

  const results = new Map<string, Result>();
  const failures: string[] = [];
  for (const kind of SERVERS) {
    try {
      const result = await runServer(kind, records);
      results.set(kind.name, result);
      if (result.verdict !== 'ok' && result.verdict !== 'skipped') failures.push(`${kind.name}: ${result.verdict}`);
    } catch (err) {
      log(`[${kind.name}] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      failures.push(`${kind.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const routing = routingBench();

  const header = ['server', 'write rec/s', 'read rec/s', 'CPU s', 'CPU µs/rec', 'RSS start MB', 'peak RSS MB', 'retried', 'records'];
  const rows = SERVERS.map((kind) => {
    const r = results.get(kind.name);
    if (r === undefined) return [kind.name, '-', '-', '-', '-', '-', '-', '-', 'run failed'];
    return [r.name, int(r.writePerSec), int(r.readPerSec), fixed(r.cpuSeconds, 2), fixed(r.cpuMicrosPerRecord, 1), fixed(r.rssStartMb, 0), fixed(r.peakRssMb, 0), String(r.retried), r.verdict];
  });
  const ours = results.get('ours');
  const kl = results.get('kinesalite');
  const ceiling = results.get('do-nothing');
  const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b);
  const x = (v: number | undefined) => (v === undefined ? 'n/a' : `${fixed(v, 2)}×`);

  console.log(`\nKinesis endpoint: ${int(n)} records × ${PAYLOAD_BYTES} B, ${SHARDS} shards, PutRecords × ${BATCH}, ${CONCURRENCY} in flight, GetRecords Limit ${PAGE_LIMIT}, HTTP/1.1 keep-alive`);
  console.log('(server CPU = user+sys of the server process from before CreateStream to the end of reading; RSS start = after startup)\n');
  console.log(table([header, ...rows]));
  console.log('\nours / kinesalite');
  console.log(`  write throughput: ${x(ratio(ours?.writePerSec, kl?.writePerSec))}`);
  console.log(`  read throughput:  ${x(ratio(ours?.readPerSec, kl?.readPerSec))}`);
  console.log(`  ${goal('CPU per record', ratio(ours?.cpuMicrosPerRecord, kl?.cpuMicrosPerRecord), (v) => fixed(v, 3), '≤ 0.1', (v) => v <= 0.1)}`);
  console.log('ours / do-nothing (client ceiling)');
  console.log(`  ${goal('write throughput', ratio(ours?.writePerSec, ceiling?.writePerSec), x, '≥ 0.8×', (v) => v >= 0.8)}`);
  console.log(`  ${goal('read throughput ', ratio(ours?.readPerSec, ceiling?.readPerSec), x, '≥ 0.8×', (v) => v >= 0.8)}`);
  console.log(`\nRouting, ${int(ROUTING_KEYS)} random partition keys, ${SHARDS} open shards (best of 3)`);
  console.log(`  ours (hashKeyOf + findRange): ${int(routing.ours)} keys/s`);
  console.log(`  bare MD5 (crypto.hash):       ${int(routing.md5)} keys/s`);
  console.log(`  ${goal('ours / MD5', routing.ours / routing.md5, x, '≥ 0.5×', (v) => v >= 0.5)}`);

  if (failures.length > 0) {
    console.log(`\nCORRECTNESS FAILURE: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
