import { parsePlanArgs, PLAN_USAGE, PlanUsageError, runPlan, type PlanDeps } from '../../../lambda/local/cli/plan';

/** A price table with round prices, so that every line of the report can be recomputed by hand. */
const TEST_PRICES = {
  date: '2026-01-02', region: 'test-1', currency: 'USD', source: 'test prices',
  kinesis: {
    provisioned: { shardHour: 0.01, putPayloadUnitPerMillion: 0.02, putPayloadUnitBytes: 25_000, extendedRetentionShardHour: 0.02, enhancedFanOutConsumerShardHour: 0.01, enhancedFanOutDataPerGB: 0.01 },
    onDemand: { streamHour: 0.05, dataInPerGB: 0.1, dataOutPerGB: 0.05, recordRoundingBytes: 1_024 },
  },
  firehose: { ingestedPerGB: 0.03, recordRoundingBytes: 5_120, dynamicPartitioningPerGB: 0.02, formatConversionPerGB: 0.02 },
};

function enoent(file: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
}

/** runPlan over an in-memory file system (no cdk.json unless given). */
async function plan(files: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: PlanDeps = {
    readFile: (file) => {
      const text = files[file];
      if (text === undefined) throw enoent(file);
      return text;
    },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  };
  const status = await runPlan(args, deps);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const FILES = {
  'p.json': JSON.stringify(TEST_PRICES),
  'cfg.json': JSON.stringify({ stream: { shardCount: 1 } }),
};

/*
 * 500 records/s of 100 B, sustained: 1,314,000,000 records a month (500 * 730 * 3,600).
 * Shards: 50,000 B/s is 0.05 MiB/s -> 1 (x 1.25: 0.06 -> 1); 500 records/s -> 1 (x 1.25: 0.63 -> 1).
 * Provisioned: 730 shard-hours * 0.01 = 7.30; 1,314 million payload units * 0.02 = 26.28;
 *   Firehose: 1.314e9 * 5,120 B / 2^30 = 6,265.64 GB * 0.03 = 187.97; total 221.55.
 * On-demand: 730 * 0.05 = 36.50; 1.314e9 * 1,024 B / 2^30 = 1,253.13 GB * 0.1 = 125.31 in,
 *   * 0.05 = 62.66 out (one delivery stream); Firehose 187.97; total 412.44 (412.4384 - 221.5492 = 190.89).
 */
const EXPECTED = `Workload
  uniform: 500 records/s of 100 B, random partition keys
  peak: 500 records/s, 50,000 B/s = 0.05 MiB/s
  average (the cost basis): 500 records/s, 0.05 MiB/s

Shards (provisioned)
  by bytes:   0.05 MiB/s / 1 MiB/s per shard = 0.05 -> 1; x 1.25 headroom = 0.06 -> 1
  by records: 500 / 1,000 per shard = 0.50 -> 1; x 1.25 headroom = 0.63 -> 1
  recommended: 1 shard (bound by bytes and records; evenly split, the busiest takes 0.05 MiB/s, 500 records/s at the peak)
  configuration (cfg.json): configured 1 shard: meets the recommendation

Hot shards
  none: with 1 evenly split shard, no shard's share of the peak exceeds 1 MiB/s or 1,000 records/s

On-demand
  a new on-demand stream writes 4.00 MiB/s / 4,000 records/s at first and scales to double its previous peak: the peak fits from the start
  per-shard limits still apply to each partition key (1 MiB/s, 1,000 records/s)

Monthly cost (USD, 730 h at the average rate)
                                                   quantity  unit price    cost
  Provisioned
    Shard hours (1 shard)                    730 shard-hour        0.01    7.30
    PUT payload units                         1,314 million        0.02   26.28
    Firehose ingestion (1 delivery stream)         6,266 GB        0.03  187.97
    total                                                                221.55
  On-demand
    Stream hours                            730 stream-hour        0.05   36.50
    Data in                                        1,253 GB         0.1  125.31
    Data out (1 reader)                            1,253 GB        0.05   62.66
    Firehose ingestion (1 delivery stream)         6,266 GB        0.03  187.97
    total                                                                412.44
  recommended mode: PROVISIONED (provisioned costs 190.89 less a month)

Prices: p.json, dated 2026-01-02, test-1, from test prices

Assumptions
  - uniform input: partition keys are random, so load spreads evenly over the hash-key space; the record size counts the partition key and is taken as the data size for Firehose
  - the peak is sustained all month (give --average-rps for a lower average)
  - GB = 2^30 bytes; a PUT payload unit is 25,000 B; on-demand data counts records rounded up to 1,024 B, Firehose ingestion records rounded up to 5,120 B
  - each destination is one Firehose delivery stream reading the whole stream; an analytics application is one more reader (its output streams are not costed)
  - not included: on-demand retention and fan-out, Firehose tiers past the first, data transfer, S3/Redshift/OpenSearch, Lambda, CloudWatch
`;

describe('clickstream plan', () => {
  test('a small uniform workload: the exact report, priced from --prices', async () => {
    const r = await plan(FILES, '--peak-rps', '500', '--record-bytes', '100', '--config', 'cfg.json', '--prices', 'p.json');
    expect(r).toEqual({ status: 0, stdout: EXPECTED, stderr: '' });
  });

  test('--json: the same plan for tools', async () => {
    const r = await plan(FILES, '--peak-rps=500', '--record-bytes=100', '--config=cfg.json', '--prices=p.json', '--json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.prices).toEqual({ file: 'p.json', date: '2026-01-02', region: 'test-1', currency: 'USD', source: 'test prices' });
    expect(json.shards).toMatchObject({ byBytes: 1, byRecords: 1, shards: 1, recommended: 1, headroom: 1.25 });
    expect(json.layout.shards).toEqual([{
      shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: '340282366920938463463374607431768211455',
      load: { recordsPerSecond: 500, bytesPerSecond: 50_000 }, hot: false,
    }]);
    expect(json.costs.monthlyVolume.records).toBe(1_314_000_000);
    expect(json.costs.provisioned.total).toBeCloseTo(7.3 + 26.28 + ((1.314e9 * 5_120) / 2 ** 30) * 0.03, 9);
    expect(json.costs.onDemand.lines.map((l: { item: string }) => l.item)).toEqual(['Stream hours', 'Data in', 'Data out (1 reader)', 'Firehose ingestion (1 delivery stream)']);
    expect(json.recommendedMode).toBe('PROVISIONED');
    expect(json.configuration).toMatchObject({ source: 'cfg.json', mode: 'PROVISIONED', shardCount: 1, check: { status: 'ok' } });
  });

  test('the repository\'s price table by default, its date and source printed; cdk.json\'s configuration', async () => {
    const cdk = JSON.stringify({ context: { clickstream: { stream: { mode: 'PROVISIONED', shardCount: 1 }, destinations: ['s3', 'opensearch'] } } });
    const r = await plan({ 'cdk.json': cdk }, '--peak-rps', '2500', '--record-bytes', '1024');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Prices: pricing\/kinesis-firehose-us-east-1\.json, dated \d{4}-\d{2}-\d{2}, us-east-1, from https:\/\/aws\.amazon\.com\/kinesis\/data-streams\/pricing\//m);
    expect(r.stdout).toContain('recommended: 4 shards');
    expect(r.stdout).toContain('configuration (cdk.json): WARNING: configured 1 shard, under-provisioned: the peak alone needs 3 shards');
    expect(r.stdout).toContain('Firehose ingestion (2 delivery streams)');
    // Without cdk.json: the defaults (one S3 delivery stream, 1 shard).
    const bare = await plan({}, '--peak-rps', '10', '--record-bytes', '10');
    expect(bare.stdout).toContain('configuration (defaults): configured 1 shard: meets the recommendation');
  });

  test('recorded input: the peak second, hot keys, and progress on stderr for a large file', async () => {
    const lines = [
      ...Array.from({ length: 1_200 }, (_, i) => JSON.stringify({ partitionKey: 'whale', data: 'x'.repeat(995), time: 1_764_064_800_000 + (i % 1_000) })),
      ...Array.from({ length: 98_800 }, (_, i) => JSON.stringify({ data: { userId: `u${i % 5_000}`, n: i }, time: 1_764_064_801_000 + i })),
    ];
    const r = await plan({ 'in.jsonl': `${lines.join('\n')}\n`, ...FILES }, '--input', 'in.jsonl', '--config', 'cfg.json', '--prices', 'p.json');
    expect(r.stderr).toBe('clickstream plan: in.jsonl: 100,000 lines read\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('recorded: 100,000 records');
    expect(r.stdout).toContain('peak: 1,200 records/s, ');
    expect(r.stdout).toContain('(at 2025-11-25T10:00:00Z)');
    expect(r.stdout).toContain('key "whale" alone writes');
    expect(r.stdout).toContain('splitting cannot fix it');
  });

  test('--help prints the usage and exits 0', async () => {
    expect(await plan({}, '--help')).toEqual({ status: 0, stdout: `${PLAN_USAGE}\n`, stderr: '' });
  });

  test.each([
    [[], 'give a workload: --peak-rps N --record-bytes B, or --input FILE.jsonl'],
    [['--peak-rps', '10'], 'give a workload: --peak-rps N --record-bytes B, or --input FILE.jsonl'],
    [['--peak-rps', 'lots', '--record-bytes', '1'], '--peak-rps must be a number > 0, got "lots"'],
    [['--peak-rps', '10', '--record-bytes', '1.5'], '--record-bytes must be an integer from 1 to 10485760 (a record\'s largest size)'],
    [['--input', 'x.jsonl', '--record-bytes', '10'], '--record-bytes goes with --peak-rps, not --input (the file gives the sizes)'],
    [['--peak-rps', '10', '--record-bytes', '1', '--headroom', '0.5'], '--headroom must be at least 1, got 0.5'],
    [['--peak-rps', '10', '--record-bytes', '1', '--average-rps', '20'], '--average-rps must not exceed --peak-rps'],
    [['--peak-rps', '10', '--record-bytes', '1', '--frobnicate'], 'unknown option --frobnicate'],
    [['--peak-rps', '10', '--record-bytes'], 'option --record-bytes needs a value'],
    [['--peak-rps', '10', '--peak-rps', '20'], 'option --peak-rps is given twice'],
    [['extra'], 'unexpected argument "extra"'],
  ])('bad usage %j exits 2 with the usage', async (args, message) => {
    const r = await plan(FILES, ...args);
    expect(r).toEqual({ status: 2, stdout: '', stderr: `clickstream plan: ${message}\n\n${PLAN_USAGE}\n` });
  });

  test('an unreadable file or a malformed input line exits 2, naming the file', async () => {
    expect(await plan({}, '--input', 'missing.jsonl')).toEqual({ status: 2, stdout: '', stderr: 'clickstream plan: cannot read missing.jsonl: no such file or directory (ENOENT)\n' });
    const r = await plan({ 'in.jsonl': '{"partitionKey":"a","data":"x","time":0}\n{"data": 42}\n' }, '--input', 'in.jsonl');
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'clickstream plan: in.jsonl line 2: no partition key: give "partitionKey", or data with sessionId, userId or anonymousId\n' });
  });

  test('an invalid price table or configuration, or input without times, exits 1', async () => {
    const bad = await plan({ 'p.json': JSON.stringify({ ...TEST_PRICES, date: 'soon' }) }, '--peak-rps', '1', '--record-bytes', '1', '--prices', 'p.json');
    expect(bad).toEqual({ status: 1, stdout: '', stderr: 'clickstream plan: invalid price table (p.json):\n  - date: must be a date YYYY-MM-DD\n' });
    const cfg = await plan({ 'c.json': '{"stream": {"shardCount": 0}}' }, '--peak-rps', '1', '--record-bytes', '1', '--config', 'c.json');
    expect(cfg.status).toBe(1);
    expect(cfg.stderr).toBe('clickstream plan: Invalid clickstream configuration (c.json):\n  - clickstream.stream.shardCount: must be an integer ≥ 1\n');
    const notJson = await plan({ 'c.json': '{' }, '--peak-rps', '1', '--record-bytes', '1', '--config', 'c.json');
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toMatch(/^clickstream plan: c\.json is not JSON: /);
    const untimed = await plan({ 'in.jsonl': '{"partitionKey":"a","data":"x"}\n' }, '--input', 'in.jsonl');
    expect(untimed).toEqual({ status: 1, stdout: '', stderr: 'clickstream plan: in.jsonl: no record has a time, so the input gives no rates: add "time" to the lines or give --peak-rps N\n' });
    // With --peak-rps the same file plans: it gives the keys and sizes.
    expect((await plan({ 'in.jsonl': '{"partitionKey":"a","data":"x"}\n' }, '--input', 'in.jsonl', '--peak-rps', '100')).status).toBe(0);
  });

  test('parsePlanArgs', () => {
    expect(parsePlanArgs(['--peak-rps', '2500', '--record-bytes', '1024'])).toEqual({ help: false, headroom: 1.25, json: false, peakRps: 2500, recordBytes: 1024 });
    expect(parsePlanArgs(['--input=f.jsonl', '--headroom=1.5', '--json'])).toEqual({ help: false, headroom: 1.5, json: true, input: 'f.jsonl' });
    expect(() => parsePlanArgs(['--peak-rps', '-1', '--record-bytes', '1'])).toThrow(PlanUsageError);
  });
});
