/**
 * The real @aws-sdk/client-firehose (default settings) against our server: Direct PUT and a
 * Kinesis-sourced delivery stream end to end, with the project's own transform, objects on disk.
 * The engines share a manual clock; the test moves it and calls `tick()` as the server's timer would.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand, TagDeliveryStreamCommand, UntagDeliveryStreamCommand,
} from '@aws-sdk/client-firehose';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../lambda/engine/clock';
import { FirehoseEngine } from '../../lambda/engine/firehose/engine';
import { KinesisEngine } from '../../lambda/engine/kinesis/engine';
import { LocalLambdas } from '../../lambda/local/firehose/local-lambdas';
import { firehoseService } from '../../lambda/local/http/protocol';
import { startServer, type RunningServer } from '../../lambda/local/http/server';
import { FolderObjectStore } from '../../lambda/local/s3/folder-object-store';

const T0 = Date.UTC(2026, 10, 26, 9, 30, 0);
const ROLE = 'arn:aws:iam::000000000000:role/firehose';
const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:clickstream-transform';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

let server: RunningServer;
let firehose: FirehoseClient;
let kinesis: KinesisClient;
let engine: FirehoseEngine;
let clock: ManualClock;
let s3Dir: string;
let uuids = 0;

beforeAll(async () => {
  clock = new ManualClock(T0);
  s3Dir = mkdtempSync(path.join(tmpdir(), 'firehose-e2e-'));
  const kinesisEngine = new KinesisEngine({ clock, throttle: 'off' });
  engine = new FirehoseEngine({
    clock,
    random: { uuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}`, randomString: () => 'abcdefghijk' },
    objects: new FolderObjectStore(s3Dir),
    transform: new LocalLambdas().invoke,
    kinesis: kinesisEngine,
  });
  server = await startServer({ port: 0, kinesis: kinesisEngine, services: [firehoseService(engine)] });
  firehose = new FirehoseClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  kinesis = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});

afterAll(async () => {
  firehose.destroy();
  kinesis.destroy();
  await server.close();
  rmSync(s3Dir, { recursive: true, force: true });
});

/** Every file under the bucket, as key → bytes. */
function objects(bucket: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else out.set(path.relative(path.join(s3Dir, bucket), file).split(path.sep).join('/'), readFileSync(file));
    }
  };
  walk(path.join(s3Dir, bucket));
  return out;
}

const click = (n: number) =>
  JSON.stringify({ eventId: `e${n}`, eventType: 'page_view', timestamp: '2026-11-26T09:30:00Z', url: `https://shop.example.com/p/${n}`, userId: `u${n % 3}`, sessionId: 's1' });

test('Direct PUT: records are buffered, then written as one GZIP object under the default prefix', async () => {
  const created = await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'direct',
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::direct-bucket', CompressionFormat: 'GZIP', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
      Tags: [{ Key: 'team', Value: 'data' }],
    }),
  );
  expect(created.DeliveryStreamARN).toBe('arn:aws:firehose:us-east-1:000000000000:deliverystream/direct');

  const one = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'direct', Record: { Data: Buffer.from('first\n') } }));
  expect(one.RecordId).toMatch(/^\d+$/);
  const batch = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'direct', Records: [{ Data: Buffer.from('second\n') }, { Data: Buffer.from('third\n') }] }));
  expect(batch.FailedPutCount).toBe(0);
  expect(batch.RequestResponses?.map((r) => r.RecordId !== undefined)).toEqual([true, true]);

  await engine.tick();
  expect(statSync(s3Dir).isDirectory() && readdirSync(s3Dir)).toEqual([]);
  clock.advance(60_000);
  await engine.tick();
  const files = objects('direct-bucket');
  expect([...files.keys()]).toEqual(['2026/11/26/09/direct-1-2026-11-26-09-30-00-00000000-0000-4000-8000-000000000001.gz']);
  expect(gunzipSync([...files.values()][0] as Buffer).toString()).toBe('first\nsecond\nthird\n');
  expect(engine.counts('direct')).toMatchObject({ accepted: 3, delivered: 3, pending: 0 });
});

test('DescribeDeliveryStream, ListDeliveryStreams and tags answer like AWS', async () => {
  const { DeliveryStreamDescription: d } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'direct' }));
  expect(d).toMatchObject({
    DeliveryStreamName: 'direct',
    DeliveryStreamStatus: 'ACTIVE',
    DeliveryStreamType: 'DirectPut',
    VersionId: '1',
    HasMoreDestinations: false,
    Destinations: [
      {
        DestinationId: 'destinationId-000000000001',
        ExtendedS3DestinationDescription: {
          BucketARN: 'arn:aws:s3:::direct-bucket',
          CompressionFormat: 'GZIP',
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
          S3BackupMode: 'Disabled',
        },
      },
    ],
  });
  expect(d?.CreateTimestamp).toEqual(new Date(T0));
  expect(await firehose.send(new ListDeliveryStreamsCommand({}))).toMatchObject({ DeliveryStreamNames: ['direct'], HasMoreDeliveryStreams: false });
  await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'direct', Tags: [{ Key: 'env', Value: 'dev' }] }));
  await firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 'direct', TagKeys: ['team'] }));
  expect(await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'direct' }))).toMatchObject({ Tags: [{ Key: 'env', Value: 'dev' }], HasMoreTags: false });
});

test('errors carry AWS exception names and messages', async () => {
  await expect(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'nope', Record: { Data: Buffer.from('x') } }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    message: 'Firehose nope under account 000000000000 not found.',
  });
  await expect(
    firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'direct', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::b' } })),
  ).rejects.toMatchObject({ name: 'ResourceInUseException', message: 'Firehose direct under account 000000000000 already exists.' });
  await expect(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'direct', Records: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
  await expect(
    firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'bad-prefix',
        ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::b', Prefix: 'data/!{timestamp:yyyy}/' },
      }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidArgumentException', message: expect.stringContaining('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions') });
});

test("Kinesis source: records read from the stream, transformed by the project's handler, failures in processing-failed", async () => {
  await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 2 }));
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'from-kinesis',
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks', RoleARN: ROLE },
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE,
        BucketARN: 'arn:aws:s3:::lake',
        Prefix: 'clicks/!{timestamp:yyyy/MM/dd}/',
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            { Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: LAMBDA }, { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '10' }] },
          ],
        },
      },
    }),
  );
  await expect(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'from-kinesis', Record: { Data: Buffer.from('x') } }))).rejects.toMatchObject({
    name: 'InvalidArgumentException',
    message: 'This operation is not permitted on KinesisStreamAsSource delivery stream type.',
  });

  const entries = [1, 2, 3, 4, 5, 6].map((n) => ({ PartitionKey: `u${n}`, Data: Buffer.from(click(n)) }));
  entries.push({ PartitionKey: 'bad', Data: Buffer.from('{"eventType": 42}') });
  await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records: entries }));

  for (let s = 0; s < 80; s++) {
    clock.advance(1000);
    await engine.tick();
  }
  const files = objects('lake');
  const data = [...files].filter(([k]) => /^clicks\/2026\/11\/26\/from-kinesis-1-2026-11-26-09-31-00-[0-9a-f-]{36}$/.test(k));
  const errors = [...files].filter(([k]) => k.startsWith('errors/processing-failed/2026/11/26/from-kinesis-1-'));
  expect(data.length + errors.length).toBe(files.size);
  const rows = data.flatMap(([, body]) => body.toString().trim().split('\n').map((l) => JSON.parse(l) as { event_id: string }));
  expect(rows.map((r) => r.event_id).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  const failed = errors.flatMap(([, body]) => body.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
  expect(failed).toEqual([
    expect.objectContaining({ errorCode: 'Lambda.ProcessingFailedStatus', rawData: Buffer.from('{"eventType": 42}').toString('base64'), lambdaArn: LAMBDA, attemptsMade: 1 }),
  ]);
  expect(engine.counts('from-kinesis')).toEqual({ accepted: 7, delivered: 6, dropped: 0, failed: 1, pending: 0, objectsWritten: data.length + errors.length, rejectedRows: 0 });
});

test('DeleteDeliveryStream delivers what is buffered first', async () => {
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'direct', Record: { Data: Buffer.from('last words\n') } }));
  await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'direct' }));
  const bodies = [...objects('direct-bucket').values()].map((b) => gunzipSync(b).toString());
  expect(bodies).toContain('last words\n');
  expect(await firehose.send(new ListDeliveryStreamsCommand({}))).toMatchObject({ DeliveryStreamNames: ['from-kinesis'] });
});
