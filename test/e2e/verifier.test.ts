/**
 * The verifier Lambda handler, unchanged, against the local Kinesis endpoint (`clickstream serve`'s
 * server, in-process, with AWS's throttling on): the real SDK client pointed there by KINESIS_ENDPOINT.
 */
import { CreateStreamCommand, KinesisClient, PutRecordCommand, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { systemClock } from '../../lambda/engine/clock';
import { KinesisEngine } from '../../lambda/engine/kinesis/engine';
import { aggregate } from '../../lambda/engine/kinesis/kpl';
import { handler } from '../../lambda/handlers/verifier';
import { startServer, type RunningServer } from '../../lambda/local/http/server';

let server: RunningServer;
let client: KinesisClient;
const ENV = { ...process.env };

beforeAll(async () => {
  server = await startServer({ port: 0, kinesis: new KinesisEngine({ clock: systemClock, throttle: 'aws' }) });
  process.env = {
    ...ENV, KINESIS_ENDPOINT: server.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret',
  };
  client = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});

// The handler's EMF lines go to stdout: keep them for the assertions, out of the test output.
let stdout: string[] = [];
beforeEach(() => {
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(chunk.toString());
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

function emf(): Record<string, unknown> | undefined {
  return stdout.join('').split('\n').filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown>)[0];
}

afterAll(async () => {
  process.env = ENV;
  client.destroy();
  await server.close();
});

const click = (i: number) => Buffer.from(JSON.stringify({ eventType: i % 2 ? 'click' : 'page_view', visitor: `v-${i % 7}` }));

test('two shards, records put with the SDK (plain and KPL): every record where the engine routes it, in order', async () => {
  await client.send(new CreateStreamCommand({ StreamName: 'verify-e2e', ShardCount: 2 }));
  const put = await client.send(new PutRecordsCommand({
    StreamName: 'verify-e2e',
    Records: Array.from({ length: 40 }, (_, i) => ({ PartitionKey: `visitor-${i}`, Data: click(i) })),
  }));
  expect(put.FailedRecordCount).toBe(0);
  expect(new Set(put.Records?.map((r) => r.ShardId))).toEqual(new Set(['shardId-000000000000', 'shardId-000000000001']));
  await client.send(new PutRecordCommand({
    StreamName: 'verify-e2e', PartitionKey: 'visitor-0',
    Data: aggregate([{ partitionKey: 'visitor-0', data: click(0) }, { partitionKey: 'visitor-0', data: click(1) }]),
  }));
  for (let i = 40; i < 45; i++) await client.send(new PutRecordCommand({ StreamName: 'verify-e2e', PartitionKey: `visitor-${i}`, Data: click(i) }));

  process.env['STREAM_NAME'] = 'verify-e2e';
  process.env['PROVISIONED_SHARDS'] = '2';
  const report = await handler({ sampleSeconds: 60, limit: 100 });

  expect(report).toMatchObject({ ok: true, stream: 'verify-e2e', shards: 2, records: 46, problems: [] });
  expect(report.routing).toMatchObject({ checked: 46, kplRecords: 1, userRecords: 47, misplacedCount: 0, unknownShards: [] });
  expect(report.ordering).toMatchObject({ checkedShards: 2, violationCount: 0, arrivalRegressions: 0 });
  expect(report.throttling).toMatchObject({ provisionedShards: 2, openShards: 2, throttledRecords: 0, throttleSeconds: 0 });
  expect(report.throttling.observed.reduce((n, s) => n + s.records, 0)).toBe(46);
  expect(emf()).toMatchObject({ StreamName: 'verify-e2e', RecordsSampled: 46, MisplacedRecords: 0, OrderingViolations: 0, VerifierOk: 1 });
});

test('after a split: records on the closed parent and on both children are all in place', async () => {
  await client.send(new CreateStreamCommand({ StreamName: 'verify-split', ShardCount: 1 }));
  const batch = (from: number) => Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `visitor-${from + i}`, Data: click(from + i) }));
  await client.send(new PutRecordsCommand({ StreamName: 'verify-split', Records: batch(0) }));
  await client.send(new SplitShardCommand({ StreamName: 'verify-split', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
  await client.send(new PutRecordsCommand({ StreamName: 'verify-split', Records: batch(20) }));

  process.env['STREAM_NAME'] = 'verify-split';
  delete process.env['PROVISIONED_SHARDS'];
  const report = await handler({ sampleSeconds: 60 });

  expect(report).toMatchObject({ ok: true, shards: 3, records: 40 });
  expect(report.routing.misplacedCount).toBe(0);
  expect(report.ordering.violationCount).toBe(0);
  expect(report.throttling).toMatchObject({ openShards: 2, provisionedShards: 2 });
  const perShard = Object.fromEntries(report.throttling.observed.map((s) => [s.shardId, s.records]));
  expect(perShard['shardId-000000000000']).toBe(20);
  expect((perShard['shardId-000000000001'] ?? 0) + (perShard['shardId-000000000002'] ?? 0)).toBe(20);
});
