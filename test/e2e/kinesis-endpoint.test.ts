/**
 * The real @aws-sdk/client-kinesis (default settings: HTTP/2) against our server and the real engine.
 */
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient,
  ListShardsCommand, PutRecordCommand, PutRecordsCommand, SplitShardCommand, MergeShardsCommand,
  IncreaseStreamRetentionPeriodCommand, AddTagsToStreamCommand, ListTagsForStreamCommand,
  RegisterStreamConsumerCommand, ListStreamConsumersCommand, UpdateShardCountCommand, ListStreamsCommand,
  DeleteStreamCommand, DescribeStreamCommand, StartStreamEncryptionCommand, UpdateStreamModeCommand,
  DecreaseStreamRetentionPeriodCommand, UpdateMaxRecordSizeCommand, StopStreamEncryptionCommand, RemoveTagsFromStreamCommand,
  TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand, DescribeStreamConsumerCommand,
  DeregisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../lambda/engine/clock';
import { KinesisEngine } from '../../lambda/engine/kinesis/engine';
import { startServer, RunningServer } from '../../lambda/local/http/server';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
let server: RunningServer;
let client: KinesisClient;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock(T0);
  server = await startServer({ port: 0, kinesis: new KinesisEngine({ clock, throttle: 'aws' }) });
  client = new KinesisClient({
    endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

const text = (data: Uint8Array | undefined) => Buffer.from(data ?? []).toString('utf8');

async function readAll(StreamName: string, ShardId: string) {
  const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const out = await client.send(new GetRecordsCommand({ ShardIterator }));
  return out;
}

test('the demo flow: create, describe, put, iterate, read, split, finish the parent, read both children', async () => {
  await client.send(new CreateStreamCommand({ StreamName: 'demo', ShardCount: 1 }));
  const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'demo' }));
  expect(summary.StreamDescriptionSummary).toMatchObject({ StreamName: 'demo', StreamStatus: 'ACTIVE', OpenShardCount: 1, RetentionPeriodHours: 24 });

  const put = await client.send(new PutRecordCommand({ StreamName: 'demo', PartitionKey: 'user-1', Data: Buffer.from('before split') }));
  expect(put.ShardId).toBe('shardId-000000000000');
  expect(put.SequenceNumber).toMatch(/^\d{56}$/);

  const before = await readAll('demo', 'shardId-000000000000');
  expect(before.Records?.map((r) => text(r.Data))).toEqual(['before split']);
  expect(before.Records?.[0].ApproximateArrivalTimestamp).toEqual(new Date(T0));

  await client.send(new SplitShardCommand({ StreamName: 'demo', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
  const { Shards } = await client.send(new ListShardsCommand({ StreamName: 'demo' }));
  expect(Shards?.map((s) => [s.ShardId, s.ParentShardId, s.SequenceNumberRange?.EndingSequenceNumber !== undefined])).toEqual([
    ['shardId-000000000000', undefined, true],
    ['shardId-000000000001', 'shardId-000000000000', false],
    ['shardId-000000000002', 'shardId-000000000000', false],
  ]);

  // Keys on both sides of the split: 2^127 is the boundary.
  const batch = await client.send(new PutRecordsCommand({
    StreamName: 'demo',
    Records: [
      { PartitionKey: 'x', ExplicitHashKey: '0', Data: Buffer.from('low') },
      { PartitionKey: 'x', ExplicitHashKey: (2n ** 127n).toString(), Data: Buffer.from('high') },
    ],
  }));
  expect(batch.FailedRecordCount).toBe(0);
  expect(batch.Records?.map((r) => r.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);

  // The closed parent ends: no next iterator, its children named.
  const parent = await readAll('demo', 'shardId-000000000000');
  expect(parent.Records?.map((r) => text(r.Data))).toEqual(['before split']);
  expect(parent.NextShardIterator).toBeUndefined();
  expect(parent.ChildShards?.map((c) => c.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
  expect((await readAll('demo', 'shardId-000000000001')).Records?.map((r) => text(r.Data))).toEqual(['low']);
  expect((await readAll('demo', 'shardId-000000000002')).Records?.map((r) => text(r.Data))).toEqual(['high']);
});

test('management operations through the SDK', async () => {
  await client.send(new CreateStreamCommand({ StreamName: 'ops', ShardCount: 2 }));
  await client.send(new MergeShardsCommand({ StreamName: 'ops', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }));
  await client.send(new UpdateShardCountCommand({ StreamName: 'ops', TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }));
  await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'ops', RetentionPeriodHours: 48 }));
  await client.send(new AddTagsToStreamCommand({ StreamName: 'ops', Tags: { team: 'web' } }));
  await client.send(new StartStreamEncryptionCommand({ StreamName: 'ops', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
  const description = (await client.send(new DescribeStreamCommand({ StreamName: 'ops' }))).StreamDescription!;
  expect(description).toMatchObject({ RetentionPeriodHours: 48, EncryptionType: 'KMS', StreamStatus: 'ACTIVE' });
  expect(description.Shards?.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined)).toHaveLength(2);
  expect((await client.send(new ListTagsForStreamCommand({ StreamName: 'ops' }))).Tags).toEqual([{ Key: 'team', Value: 'web' }]);

  const arn = description.StreamARN!;
  await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'dashboard' }));
  const consumers = await client.send(new ListStreamConsumersCommand({ StreamARN: arn }));
  expect(consumers.Consumers?.map((c) => c.ConsumerName)).toEqual(['dashboard']);

  // StreamARN instead of StreamName.
  const put = await client.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('by arn') }));
  expect(put.EncryptionType).toBe('KMS');
  await client.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  expect((await client.send(new ListStreamsCommand({}))).StreamNames).toEqual(expect.arrayContaining(['demo', 'ops']));
  await client.send(new DeleteStreamCommand({ StreamName: 'ops', EnforceConsumerDeletion: true }));
  expect((await client.send(new ListStreamsCommand({}))).StreamNames).not.toContain('ops');
});

test('AWS errors reach the SDK as its exception classes with AWS messages', async () => {
  await expect(client.send(new DescribeStreamSummaryCommand({ StreamName: 'missing' })))
    .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Stream missing under account 000000000000 not found.' });
  await expect(client.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 0 }))).rejects.toMatchObject({
    name: 'ValidationException',
    message: expect.stringMatching(/^2 validation errors detected: /),
  });
  await expect(client.send(new PutRecordCommand({ StreamName: 'demo', PartitionKey: 'k', ExplicitHashKey: (2n ** 128n).toString(), Data: Buffer.from('x') })))
    .rejects.toMatchObject({
      name: 'InvalidArgumentException',
      message: 'Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456',
    });
  await expect(client.send(new GetRecordsCommand({ ShardIterator: 'AAAA' })))
    .rejects.toMatchObject({ name: 'InvalidArgumentException', message: 'Invalid ShardIterator.' });
  await expect(client.send(new CreateStreamCommand({ StreamName: 'demo', ShardCount: 1 })))
    .rejects.toMatchObject({ name: 'ResourceInUseException', message: 'Stream demo under account 000000000000 already exists.' });
});

test('throttling: the 1,001st record in a second fails individually, nothing accepted is lost', async () => {
  await client.send(new CreateStreamCommand({ StreamName: 'hot', ShardCount: 1 }));
  const entries = Array.from({ length: 500 }, (_, i) => ({ PartitionKey: 'k', Data: Buffer.from(`r${i}`) }));
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await client.send(new PutRecordsCommand({ StreamName: 'hot', Records: entries })));
  expect(results.map((r) => r.FailedRecordCount)).toEqual([0, 0, 500]);
  expect(results[2].Records?.[0]).toEqual({
    ErrorCode: 'ProvisionedThroughputExceededException',
    ErrorMessage: 'Rate exceeded for shard shardId-000000000000 in stream hot under account 000000000000.',
  });
  clock.advance(1000);
  expect((await client.send(new PutRecordsCommand({ StreamName: 'hot', Records: entries.slice(0, 1) }))).FailedRecordCount).toBe(0);
  const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 'hot', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  const read = await client.send(new GetRecordsCommand({ ShardIterator }));
  expect(read.Records).toHaveLength(1001);
});

test('the remaining operations through the SDK', async () => {
  await client.send(new CreateStreamCommand({ StreamName: 'rest', ShardCount: 1 }));
  const arn = (await client.send(new DescribeStreamSummaryCommand({ StreamName: 'rest' }))).StreamDescriptionSummary!.StreamARN!;

  await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'rest', RetentionPeriodHours: 72 }));
  await client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'rest', RetentionPeriodHours: 48 }));
  await client.send(new StartStreamEncryptionCommand({ StreamName: 'rest', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
  await client.send(new StopStreamEncryptionCommand({ StreamName: 'rest', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
  await client.send(new UpdateMaxRecordSizeCommand({ StreamARN: arn, MaxRecordSizeInKiB: 2048 }));
  const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: 'rest' }))).StreamDescriptionSummary!;
  expect(summary).toMatchObject({ RetentionPeriodHours: 48, EncryptionType: 'NONE' });

  // A 1.5 MiB record fits after raising the per-stream maximum to 2 MiB.
  const big = await client.send(new PutRecordCommand({ StreamName: 'rest', PartitionKey: 'k', Data: Buffer.alloc(1536 * 1024, 1) }));
  expect(big.ShardId).toBe('shardId-000000000000');

  await client.send(new AddTagsToStreamCommand({ StreamName: 'rest', Tags: { a: '1', b: '2' } }));
  await client.send(new RemoveTagsFromStreamCommand({ StreamName: 'rest', TagKeys: ['a'] }));
  await client.send(new TagResourceCommand({ ResourceARN: arn, Tags: { c: '3' } }));
  await client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['b'] }));
  expect((await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: 'c', Value: '3' }]);

  const consumer = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'c1' }))).Consumer!;
  const described = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN }));
  expect(described.ConsumerDescription).toMatchObject({ ConsumerName: 'c1', StreamARN: arn });
  await client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN }));
  expect((await client.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers ?? []).toEqual([]);

  const { Shards } = await client.send(new ListShardsCommand({ StreamName: 'rest', ShardFilter: { Type: 'AT_LATEST' } }));
  expect(Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000000']);
});
