import { SUPPORTED_OPERATIONS } from '../../../../lambda/engine/kinesis/engine';
import { expectError, listShards, setup, T0, text } from './helpers';

const ARN = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
const NOT_FOUND = (name: string) => `Stream ${name} under account 000000000000 not found.`;

describe('streams: create, describe, delete', () => {
  it('a new provisioned stream, as DescribeStreamSummary shows it', () => {
    const { call } = setup();
    expect(call('CreateStream', { StreamName: 'clicks', ShardCount: 3 })).toEqual({});
    expect(call('DescribeStreamSummary', { StreamName: 'clicks' })).toEqual({
      StreamDescriptionSummary: {
        StreamName: 'clicks',
        StreamARN: ARN('clicks'),
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: new Date(T0),
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
        OpenShardCount: 3,
        ConsumerCount: 0,
        MaxRecordSizeInKiB: 1024,
      },
    });
  });

  it('on-demand streams start with 4 shards (the default when neither mode nor ShardCount is given)', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    call('CreateStream', { StreamName: 'dflt' });
    for (const name of ['od', 'dflt']) {
      expect(listShards(engine, name)).toHaveLength(4);
      expect(call('DescribeStream', { StreamName: name }).StreamDescription).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    }
    expectError(
      () => call('CreateStream', { StreamName: 'x', ShardCount: 2, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
      'InvalidArgumentException',
      'ShardCount is not expected when StreamMode=ON_DEMAND',
    );
    expectError(
      () => call('CreateStream', { StreamName: 'x', StreamModeDetails: { StreamMode: 'PROVISIONED' } }),
      'InvalidArgumentException',
      'ShardCount is required when StreamMode=PROVISIONED',
    );
  });

  it('UpdateStreamMode switches modes and keeps the shards', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    call('UpdateStreamMode', { StreamARN: ARN('s'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    expect(call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, OpenShardCount: 2 });
    expect(listShards(engine, 's')).toHaveLength(2);
    expectError(
      () => call('UpdateStreamMode', { StreamARN: ARN('s'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
      'InvalidArgumentException',
      'Stream s under account 000000000000 is already in ON_DEMAND mode.',
    );
    call('UpdateStreamMode', { StreamARN: ARN('s'), StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    call('UpdateShardCount', { StreamName: 's', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' });
  });

  it('names are unique; unknown names are not found', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expectError(() => call('CreateStream', { StreamName: 's', ShardCount: 1 }), 'ResourceInUseException', 'Stream s under account 000000000000 already exists.');
    for (const op of ['DescribeStream', 'DescribeStreamSummary', 'DeleteStream', 'ListShards', 'AddTagsToStream', 'ListTagsForStream']) {
      expectError(() => call(op, { StreamName: 'nope', Tags: { a: 'b' } }), 'ResourceNotFoundException', NOT_FOUND('nope'));
    }
    expectError(() => call('PutRecord', { StreamName: 'nope', PartitionKey: 'k', Data: text('x') }), 'ResourceNotFoundException', NOT_FOUND('nope'));
    expectError(() => call('PutRecords', { StreamName: 'nope', Records: [{ PartitionKey: 'k', Data: text('x') }] }), 'ResourceNotFoundException', NOT_FOUND('nope'));
  });

  it('StreamARN works wherever StreamName does', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const put = call('PutRecord', { StreamARN: ARN('s'), PartitionKey: 'k', Data: text('x') });
    const it = call('GetShardIterator', { StreamARN: ARN('s'), ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    expect((call('GetRecords', { StreamARN: ARN('s'), ShardIterator: it.ShardIterator }).Records as unknown[]).length).toBe(1);
    expect(call('DescribeStream', { StreamName: 's', StreamARN: ARN('s') }).StreamDescription).toMatchObject({ StreamName: 's' });
    expectError(() => call('DescribeStream', { StreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/s' }), 'ResourceNotFoundException', NOT_FOUND('s'));
    expectError(
      () => call('DescribeStream', { StreamARN: 'arn:aws:kinesis:us-east-1:111111111111:stream/s' }),
      'ResourceNotFoundException',
      'Stream s under account 111111111111 not found.',
    );
    expectError(
      () => call('DescribeStream', { StreamName: 'other', StreamARN: ARN('s') }),
      'InvalidArgumentException',
      `StreamName other does not match the stream in StreamARN ${ARN('s')}.`,
    );
    expectError(() => call('DescribeStream', {}), 'InvalidArgumentException', 'Either StreamName or StreamARN should be provided.');
  });

  it('CREATING and DELETING last statusDelayMs; records flow only when ACTIVE or UPDATING', () => {
    const { call, clock } = setup({ statusDelayMs: 1000 });
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    expect(call('DescribeStream', { StreamName: 's' }).StreamDescription).toMatchObject({ StreamStatus: 'CREATING', Shards: [] });
    expectError(() => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x') }), 'ResourceNotFoundException', NOT_FOUND('s'));
    expectError(
      () => call('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 48 }),
      'ResourceInUseException',
      'Stream s under account 000000000000 not ACTIVE, instead in state CREATING',
    );
    clock.advance(1000);
    expect(call('DescribeStream', { StreamName: 's' }).StreamDescription).toMatchObject({ StreamStatus: 'ACTIVE' });
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x') });
    call('DeleteStream', { StreamName: 's' });
    expect(call('ListStreams', {}).StreamSummaries).toEqual([
      { StreamName: 's', StreamARN: ARN('s'), StreamStatus: 'DELETING', StreamModeDetails: { StreamMode: 'PROVISIONED' }, StreamCreationTimestamp: new Date(T0) },
    ]);
    expectError(() => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x') }), 'ResourceNotFoundException', NOT_FOUND('s'));
    expectError(() => call('CreateStream', { StreamName: 's', ShardCount: 1 }), 'ResourceInUseException', 'Stream s under account 000000000000 already exists.');
    clock.advance(1000);
    expect(call('ListStreams', {})).toEqual({ StreamNames: [], HasMoreStreams: false, StreamSummaries: [] });
    expectError(() => call('DescribeStream', { StreamName: 's' }), 'ResourceNotFoundException', NOT_FOUND('s'));
  });

  it('the account shard quota', () => {
    const { call } = setup({ shardLimit: 5 });
    call('CreateStream', { StreamName: 'a', ShardCount: 3 });
    expectError(
      () => call('CreateStream', { StreamName: 'b', ShardCount: 3 }),
      'LimitExceededException',
      'This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count for the account: 3. Limit: 5. ' +
        'Number of additional shards that would have resulted from this request: 3. Refer to the AWS Service Limits page ' +
        '(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
    );
    expect(call('DescribeLimits', {})).toEqual({ ShardLimit: 5, OpenShardCount: 3, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });
  });

  it('encryption: KMS only; the stream is UPDATING while it changes', () => {
    const { call, clock } = setup({ statusDelayMs: 500 });
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    clock.advance(500);
    expectError(() => call('StartStreamEncryption', { StreamName: 's', EncryptionType: 'NONE', KeyId: 'k' }), 'InvalidArgumentException', 'EncryptionType must be KMS.');
    call('StartStreamEncryption', { StreamName: 's', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    expect(call('DescribeStream', { StreamName: 's' }).StreamDescription).toMatchObject({ StreamStatus: 'UPDATING', EncryptionType: 'NONE' });
    clock.advance(500);
    expect(call('DescribeStream', { StreamName: 's' }).StreamDescription).toMatchObject({ StreamStatus: 'ACTIVE', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    call('StopStreamEncryption', { StreamName: 's', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    clock.advance(500);
    const d = call('DescribeStream', { StreamName: 's' }).StreamDescription as Record<string, unknown>;
    expect([d.EncryptionType, d.KeyId]).toEqual(['NONE', undefined]);
  });

  it('enhanced monitoring', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expect(call('EnableEnhancedMonitoring', { StreamName: 's', ShardLevelMetrics: ['IncomingBytes'] })).toEqual({
      StreamName: 's',
      StreamARN: ARN('s'),
      CurrentShardLevelMetrics: [],
      DesiredShardLevelMetrics: ['IncomingBytes'],
    });
    expect(call('DisableEnhancedMonitoring', { StreamName: 's', ShardLevelMetrics: ['ALL'] }).DesiredShardLevelMetrics).toEqual([]);
  });

  it('unknown operations', () => {
    const { call } = setup();
    expectError(() => call('SubscribeToShard', {}), 'UnknownOperationException', '');
    expectError(() => call('toString', {}), 'UnknownOperationException', '');
    expect(SUPPORTED_OPERATIONS).toEqual(expect.arrayContaining(['CreateStream', 'PutRecords', 'GetRecords', 'UpdateShardCount', 'ListTagsForResource']));
  });
});

describe('streams: listing', () => {
  it('ListStreams pages by name', () => {
    const { call } = setup();
    for (const name of ['c', 'a', 'b']) call('CreateStream', { StreamName: name, ShardCount: 1 });
    const first = call('ListStreams', { Limit: 2 });
    expect(first).toMatchObject({ StreamNames: ['a', 'b'], HasMoreStreams: true, NextToken: expect.any(String) });
    expect(call('ListStreams', { NextToken: first.NextToken })).toMatchObject({ StreamNames: ['c'], HasMoreStreams: false });
    expect(call('ListStreams', { ExclusiveStartStreamName: 'a' }).StreamNames).toEqual(['b', 'c']);
  });

  it('DescribeStream pages shards with Limit and ExclusiveStartShardId', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 5 });
    const page = call('DescribeStream', { StreamName: 's', Limit: 2, ExclusiveStartShardId: 'shardId-000000000001' }).StreamDescription as Record<string, unknown>;
    expect((page.Shards as { ShardId: string }[]).map((s) => s.ShardId)).toEqual(['shardId-000000000002', 'shardId-000000000003']);
    expect(page.HasMoreShards).toBe(true);
  });

  it('ListShards pages with NextToken (valid 5 minutes), alone', () => {
    const { call, clock } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 5 });
    const first = call('ListShards', { StreamName: 's', MaxResults: 2 });
    expect((first.Shards as { ShardId: string }[]).map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    const second = call('ListShards', { NextToken: first.NextToken, MaxResults: 2 });
    expect((second.Shards as { ShardId: string }[]).map((s) => s.ShardId)).toEqual(['shardId-000000000002', 'shardId-000000000003']);
    const third = call('ListShards', { NextToken: second.NextToken });
    expect(third).toEqual({ Shards: [expect.objectContaining({ ShardId: 'shardId-000000000004' })] });
    expectError(() => call('ListShards', { NextToken: first.NextToken, StreamName: 's' }), 'InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
    expectError(
      () => call('ListShards', { NextToken: first.NextToken, ExclusiveStartShardId: 'shardId-000000000000' }),
      'InvalidArgumentException',
      'NextToken and ExclusiveStartShardId cannot be provided together.',
    );
    expectError(() => call('ListShards', {}), 'InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
    expectError(() => call('ListShards', { NextToken: 'garbage' }), 'InvalidArgumentException', 'Invalid NextToken.');
    clock.advance(300_001);
    expectError(() => call('ListShards', { NextToken: first.NextToken }), 'ExpiredNextTokenException', 'The NextToken has expired.');
    expect((call('ListShards', { StreamName: 's', ExclusiveStartShardId: 'shardId-000000000003' }).Shards as unknown[]).length).toBe(1);
  });

  it('ListShards ShardFilter', () => {
    const { call, clock } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    clock.advance(60_000);
    call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' });
    clock.advance(60_000);
    const ids = (filter: Record<string, unknown>) =>
      (call('ListShards', { StreamName: 's', ShardFilter: filter }).Shards as { ShardId: string }[]).map((s) => s.ShardId.slice(-1));
    expect(ids({ Type: 'AT_LATEST' })).toEqual(['1', '2', '3']);
    expect(ids({ Type: 'AT_TRIM_HORIZON' })).toEqual(['0', '1']);
    expect(ids({ Type: 'FROM_TRIM_HORIZON' })).toEqual(['0', '1', '2', '3']);
    expect(ids({ Type: 'AT_TIMESTAMP', Timestamp: new Date(T0 + 30_000) })).toEqual(['0', '1']);
    expect(ids({ Type: 'AT_TIMESTAMP', Timestamp: new Date(T0 + 90_000) })).toEqual(['1', '2', '3']);
    expect(ids({ Type: 'FROM_TIMESTAMP', Timestamp: new Date(T0 + 90_000) })).toEqual(['1', '2', '3']);
    expect(ids({ Type: 'FROM_TIMESTAMP', Timestamp: new Date(T0 + 30_000) })).toEqual(['0', '1', '2', '3']);
    expect(ids({ Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000001' })).toEqual(['2', '3']);
    expectError(() => ids({ Type: 'AFTER_SHARD_ID' }), 'InvalidArgumentException', 'ShardFilter of type AFTER_SHARD_ID requires a ShardId.');
    expectError(() => ids({ Type: 'AT_TIMESTAMP' }), 'InvalidArgumentException', 'ShardFilter of type AT_TIMESTAMP requires a Timestamp.');
  });
});

describe('streams: tags', () => {
  it('AddTagsToStream, ListTagsForStream, RemoveTagsFromStream', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1, Tags: { b: '2' } });
    call('AddTagsToStream', { StreamName: 's', Tags: { a: '1', c: '3' } });
    expect(call('ListTagsForStream', { StreamName: 's' })).toEqual({
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
        { Key: 'c', Value: '3' },
      ],
      HasMoreTags: false,
    });
    expect(call('ListTagsForStream', { StreamName: 's', ExclusiveStartTagKey: 'a', Limit: 1 })).toEqual({ Tags: [{ Key: 'b', Value: '2' }], HasMoreTags: true });
    call('RemoveTagsFromStream', { StreamName: 's', TagKeys: ['a', 'zzz'] });
    expect((call('ListTagsForStream', { StreamName: 's' }).Tags as { Key: string }[]).map((t) => t.Key)).toEqual(['b', 'c']);
  });

  it('TagResource, UntagResource, ListTagsForResource on streams and consumers', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('TagResource', { ResourceARN: ARN('s'), Tags: { env: 'dev', 'aws:cloudformation:stack-name': 'x' } });
    expect(call('ListTagsForResource', { ResourceARN: ARN('s') })).toEqual({
      Tags: [
        { Key: 'aws:cloudformation:stack-name', Value: 'x' },
        { Key: 'env', Value: 'dev' },
      ],
    });
    call('UntagResource', { ResourceARN: ARN('s'), TagKeys: ['env'] });
    const consumer = call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'c', Tags: { team: 'a' } }).Consumer as { ConsumerARN: string };
    call('TagResource', { ResourceARN: consumer.ConsumerARN, Tags: { more: 'b' } });
    expect(call('ListTagsForResource', { ResourceARN: consumer.ConsumerARN })).toEqual({
      Tags: [
        { Key: 'more', Value: 'b' },
        { Key: 'team', Value: 'a' },
      ],
    });
  });

  it('at most 50 tags, of letters, digits, spaces and _ . : / = + - @', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expectError(
      () => call('AddTagsToStream', { StreamName: 's', Tags: many }),
      'InvalidArgumentException',
      'Failed to add tags to stream s under account 000000000000 because a given stream cannot have more than 50 tags associated with it.',
    );
    expectError(
      () => call('AddTagsToStream', { StreamName: 's', Tags: { 'bad*key': 'v' } }),
      'InvalidArgumentException',
      'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.',
    );
  });
});

describe('streams: consumers', () => {
  it('register, describe, list, deregister', () => {
    const { call, clock } = setup({ statusDelayMs: 100 });
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    clock.advance(100);
    const registered = call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'app' }).Consumer;
    const consumerArn = `${ARN('s')}/consumer/app:${Math.floor((T0 + 100) / 1000)}`;
    expect(registered).toEqual({ ConsumerName: 'app', ConsumerARN: consumerArn, ConsumerStatus: 'CREATING', ConsumerCreationTimestamp: new Date(T0 + 100) });
    clock.advance(100);
    expect(call('DescribeStreamConsumer', { ConsumerARN: consumerArn })).toEqual({
      ConsumerDescription: { ConsumerName: 'app', ConsumerARN: consumerArn, ConsumerStatus: 'ACTIVE', ConsumerCreationTimestamp: new Date(T0 + 100), StreamARN: ARN('s') },
    });
    expect(call('DescribeStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'app' })).toMatchObject({ ConsumerDescription: { ConsumerARN: consumerArn } });
    call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'b' });
    const page = call('ListStreamConsumers', { StreamARN: ARN('s'), MaxResults: 1 });
    expect((page.Consumers as { ConsumerName: string }[]).map((c) => c.ConsumerName)).toEqual(['app']);
    expect((call('ListStreamConsumers', { StreamARN: ARN('s'), NextToken: page.NextToken }).Consumers as { ConsumerName: string }[]).map((c) => c.ConsumerName)).toEqual(['b']);
    expect(call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary).toMatchObject({ ConsumerCount: 2 });

    call('DeregisterStreamConsumer', { ConsumerARN: consumerArn });
    expect(call('DescribeStreamConsumer', { ConsumerARN: consumerArn })).toMatchObject({ ConsumerDescription: { ConsumerStatus: 'DELETING' } });
    clock.advance(100);
    expectError(() => call('DescribeStreamConsumer', { ConsumerARN: consumerArn }), 'ResourceNotFoundException', `Consumer ${consumerArn}, account 000000000000 not found.`);
  });

  it('errors', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'app' });
    expectError(
      () => call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'app' }),
      'ResourceInUseException',
      `Consumer app already exists for stream ${ARN('s')}.`,
    );
    for (let i = 1; i < 20; i++) call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: `c${i}` });
    expectError(
      () => call('RegisterStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'one-too-many' }),
      'LimitExceededException',
      `Stream ${ARN('s')} already has the maximum of 20 registered consumers.`,
    );
    expectError(() => call('DescribeStreamConsumer', { StreamARN: ARN('s'), ConsumerName: 'nope' }), 'ResourceNotFoundException', 'Consumer nope, account 000000000000 not found.');
    expectError(() => call('DescribeStreamConsumer', { ConsumerName: 'app' }), 'InvalidArgumentException', 'Either ConsumerARN or both StreamARN and ConsumerName should be provided.');
    expectError(() => call('RegisterStreamConsumer', { StreamARN: ARN('nope'), ConsumerName: 'x' }), 'ResourceNotFoundException', NOT_FOUND('nope'));
    expectError(
      () => call('DeleteStream', { StreamName: 's' }),
      'ResourceInUseException',
      'Stream s under account 000000000000 has registered consumers. Set EnforceConsumerDeletion to delete it with its consumers.',
    );
    call('DeleteStream', { StreamName: 's', EnforceConsumerDeletion: true });
    expect(call('ListStreams', {}).StreamNames).toEqual([]);
  });
});
