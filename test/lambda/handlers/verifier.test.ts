// This suite asserts the handler's log line; the other suites quiet it (test/support/quiet-logs.ts).
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { hashKeyOf } from '../../../lambda/engine/kinesis/hash-key';
import { aggregate } from '../../../lambda/engine/kinesis/kpl';
import { compileApplication, runApplication } from '../../../lambda/engine/sql/runtime';
import { VerifierInputError } from '../../../lambda/engine/verify';
import { handler } from '../../../lambda/handlers/verifier';

const kinesis = mockClient(KinesisClient);
const HALF = 1n << 127n;
const MAX = (1n << 128n) - 1n;
const SHARD_0 = { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: (HALF - 1n).toString() }, SequenceNumberRange: { StartingSequenceNumber: '100' } };
const SHARD_1 = { ShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: HALF.toString(), EndingHashKey: MAX.toString() }, SequenceNumberRange: { StartingSequenceNumber: '100' } };

/** The first `pk-N` keys hashing into each half of the key space. */
function keysIn(low: boolean, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) if ((hashKeyOf(`pk-${i}`) < HALF) === low) out.push(`pk-${i}`);
  return out;
}
const [LOW_A, LOW_B] = keysIn(true, 2) as [string, string];
const [HIGH_A] = keysIn(false, 1) as [string];

const ENV = { ...process.env };
let stdout: string[];
beforeEach(() => {
  kinesis.reset();
  process.env = { ...ENV, STREAM_NAME: 'clicks', PROVISIONED_SHARDS: '2', AWS_REGION: 'eu-west-1' };
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(chunk.toString());
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = ENV;
});

/** Lines written to stdout that parse as JSON. */
function jsonLines(): Record<string, any>[] {
  return stdout.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
function emf(): Record<string, any> {
  const lines = jsonLines().filter((l) => l['_aws'] !== undefined);
  expect(lines).toHaveLength(1);
  return lines[0] as Record<string, any>;
}

function mockTwoShards(shard0Pages: object[], shard1Pages: object[], stream = 'clicks') {
  kinesis.on(ListShardsCommand, { StreamName: stream }).resolves({ Shards: [SHARD_0], NextToken: `${stream}-page-2` });
  kinesis.on(ListShardsCommand, { NextToken: `${stream}-page-2` }).resolves({ Shards: [SHARD_1] });
  kinesis.on(GetShardIteratorCommand, { StreamName: stream, ShardId: SHARD_0.ShardId }).resolves({ ShardIterator: `${stream}-0-0` });
  kinesis.on(GetShardIteratorCommand, { StreamName: stream, ShardId: SHARD_1.ShardId }).resolves({ ShardIterator: `${stream}-1-0` });
  shard0Pages.forEach((page, i) => kinesis.on(GetRecordsCommand, { ShardIterator: `${stream}-0-${i}` }).resolves(page));
  shard1Pages.forEach((page, i) => kinesis.on(GetRecordsCommand, { ShardIterator: `${stream}-1-${i}` }).resolves(page));
}

const record = (seq: number, key: string, at: number, data: Uint8Array | string = '{}') => ({
  SequenceNumber: String(seq), PartitionKey: key, ApproximateArrivalTimestamp: new Date(at), Data: typeof data === 'string' ? Buffer.from(data) : data,
});

describe('verifier handler', () => {
  test('pages ListShards, reads each shard AT_TIMESTAMP until the tip, de-aggregates KPL, reports and publishes EMF', async () => {
    const now = Date.now();
    const kpl = aggregate([{ partitionKey: LOW_A, data: Buffer.from('{"a":1}') }, { partitionKey: LOW_B, data: Buffer.from('{"a":2}') }]);
    mockTwoShards([
      { Records: [record(101, LOW_A, now - 2000, kpl)], MillisBehindLatest: 1500, NextShardIterator: 'clicks-0-1' },
      { Records: [record(102, LOW_B, now - 1000)], MillisBehindLatest: 0, NextShardIterator: 'clicks-0-2' },
    ], [
      { Records: [record(101, HIGH_A, now - 1500)], MillisBehindLatest: 0, NextShardIterator: 'clicks-1-1' },
    ]);

    const report = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });

    expect(report).toMatchObject({ ok: true, stream: 'clicks', shards: 2, records: 3, problems: [] });
    expect(report.routing).toMatchObject({ checked: 3, kplRecords: 1, userRecords: 4, misplacedCount: 0 });
    expect(report.ordering.violationCount).toBe(0);
    expect(report.throttling).toMatchObject({ provisionedShards: 2, openShards: 2, throttledRecords: 0 });

    expect(kinesis.commandCalls(ListShardsCommand).map((c) => c.args[0].input)).toEqual([{ StreamName: 'clicks' }, { NextToken: 'clicks-page-2' }]);
    const iterators = kinesis.commandCalls(GetShardIteratorCommand).map((c) => c.args[0].input);
    expect(iterators).toHaveLength(2);
    for (const input of iterators) {
      expect(input.ShardIteratorType).toBe('AT_TIMESTAMP');
      // SAMPLE_SECONDS defaults to 300.
      expect(Math.abs((input.Timestamp as Date).getTime() - (now - 300_000))).toBeLessThan(5000);
    }
    expect(kinesis.commandCalls(GetRecordsCommand).map((c) => c.args[0].input)).toEqual(expect.arrayContaining([
      { ShardIterator: 'clicks-0-0', Limit: 1000 }, { ShardIterator: 'clicks-0-1', Limit: 999 }, { ShardIterator: 'clicks-1-0', Limit: 1000 },
    ]));

    const metrics = emf();
    expect(metrics['_aws'].CloudWatchMetrics[0].Namespace).toBe('Clickstream/Verifier');
    expect(metrics['_aws'].CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(['service', 'StreamName']));
    expect(metrics['_aws'].CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual(
      ['MisplacedRecords', 'OrderingViolations', 'RecordsSampled', 'ThrottleSeconds', 'VerifierOk'],
    );
    expect(metrics).toMatchObject({ StreamName: 'clicks', RecordsSampled: 3, MisplacedRecords: 0, OrderingViolations: 0, ThrottleSeconds: 0, VerifierOk: 1 });
    const log = jsonLines().find((l) => l['message'] === 'verifier report');
    expect(log?.['report']).toMatchObject({ ok: true, records: 3 });
  });

  test('a misplaced record and an ordering violation: ok false, VerifierOk 0', async () => {
    const now = Date.now();
    mockTwoShards([
      { Records: [record(105, LOW_A, now - 2000), record(104, HIGH_A, now - 1000)], MillisBehindLatest: 0, NextShardIterator: 'x' },
    ], [{ Records: [], MillisBehindLatest: 0, NextShardIterator: 'y' }]);
    const report = await handler({ limit: 10, sampleSeconds: 60 });
    expect(report.ok).toBe(false);
    expect(report.routing.misplaced[0]).toMatchObject({ partitionKey: HIGH_A, expectedShards: ['shardId-000000000001'] });
    expect(report.ordering.violationCount).toBe(1);
    expect(emf()).toMatchObject({ MisplacedRecords: 1, OrderingViolations: 1, VerifierOk: 0 });
    const [iterator] = kinesis.commandCalls(GetShardIteratorCommand).map((c) => c.args[0].input);
    expect(Math.abs((iterator?.Timestamp as Date).getTime() - (now - 60_000))).toBeLessThan(5000);
    expect(kinesis.commandCalls(GetRecordsCommand)[0]?.args[0].input.Limit).toBe(10);
  });

  test('bad input is a typed error naming the field, before any call', async () => {
    await expect(handler({ limit: 'all' })).rejects.toMatchObject({ name: 'VerifierInputError', field: 'limit' });
    await expect(handler({ sampleSeconds: -1 })).rejects.toBeInstanceOf(VerifierInputError);
    await expect(handler({ shards: 2 })).rejects.toMatchObject({ field: 'shards' });
    delete process.env['STREAM_NAME'];
    await expect(handler({})).rejects.toMatchObject({ field: 'STREAM_NAME' });
    expect(kinesis.calls()).toHaveLength(0);
  });

  test('with an analytics application: samples its output stream and compares the covered windows', async () => {
    const schema = { RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } }, RecordEncoding: 'UTF-8', RecordColumns: [{ Name: 'eventType', Mapping: '$.eventType', SqlType: 'VARCHAR(16)' }] };
    const sql = `CREATE OR REPLACE STREAM "PER_MINUTE" (event_type VARCHAR(16), events INTEGER);
      CREATE OR REPLACE PUMP "P" AS INSERT INTO "PER_MINUTE" SELECT STREAM "eventType", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
      GROUP BY "eventType", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);`;
    process.env['ANALYTICS_SQL'] = sql;
    process.env['ANALYTICS_SCHEMA'] = JSON.stringify(schema);
    process.env['ANALYTICS_OUTPUT_STREAM'] = 'clicks-out';
    const now = Date.now();
    // Two whole minutes inside the 300 s sample, well before its end.
    const base = Math.ceil((now - 280_000) / 60_000) * 60_000;
    const times = Array.from({ length: 24 }, (_, i) => base + i * 5000);
    const inputs = times.map((at, i) => record(101 + i, LOW_A, at, JSON.stringify({ eventType: i % 3 === 0 ? 'buy' : 'view' })));
    const lines = times.map((at, i) => JSON.stringify({ rowtime: new Date(at).toISOString(), data: { eventType: i % 3 === 0 ? 'buy' : 'view' } }));
    lines.push(JSON.stringify({ rowtime: new Date(base + 120_000).toISOString(), bound: true }));
    const output = runApplication(compileApplication(sql, schema as never), lines);
    expect(output).toHaveLength(4);
    // One row spoiled: the 'view' count of the first minute.
    const spoiled = output.map((l, i) => (i === 0 ? l.replace(/"EVENTS":\d+/, '"EVENTS":99') : l));
    mockTwoShards([{ Records: inputs, MillisBehindLatest: 0, NextShardIterator: 'x' }], [{ Records: [], MillisBehindLatest: 0, NextShardIterator: 'y' }]);
    mockTwoShards([{ Records: spoiled.map((l, i) => record(101 + i, LOW_A, base + 120_000 + 1000, l)), MillisBehindLatest: 0, NextShardIterator: 'z' }],
      [{ Records: [], MillisBehindLatest: 0, NextShardIterator: 'w' }], 'clicks-out');

    const report = await handler({});
    expect(report.analytics).toMatchObject({ streams: ['PER_MINUTE'], windows: { compared: 2, matched: 1, mismatched: 1 }, rows: { matched: 3, missing: 1, unexpected: 1 } });
    expect(report.ok).toBe(false);
    expect(emf()).toMatchObject({ AnalyticsMismatches: 1, VerifierOk: 0 });
    expect(kinesis.commandCalls(ListShardsCommand).map((c) => c.args[0].input)).toContainEqual({ StreamName: 'clicks-out' });
  });
});
