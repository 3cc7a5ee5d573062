import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ClickstreamStream } from '../../../lib/stream/clickstream-stream';
import { actionsOf, onlyResource, policyStatements, template, testStack } from '../helpers';

describe('ClickstreamStream', () => {
  test('defaults: provisioned, one shard, 24 h, encrypted with the AWS managed key set explicitly', () => {
    const stack = testStack();
    new ClickstreamStream(stack, 'S');
    template(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 1,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      RetentionPeriodHours: 24,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
  });

  test('on-demand mode has no shard count', () => {
    const stack = testStack();
    new ClickstreamStream(stack, 'S', { mode: 'ON_DEMAND', retentionPeriod: Duration.days(7) });
    const props = onlyResource(template(stack), 'AWS::Kinesis::Stream').Properties;
    expect(props.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
    expect(props.ShardCount).toBeUndefined();
    expect(props.RetentionPeriodHours).toBe(168);
  });

  test('a customer managed key encrypts the stream', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ClickstreamStream(stack, 'S', { encryptionKey: key, shardCount: 4 });
    template(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 4,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });

  test('enhanced fan-out consumers are registered on the stream', () => {
    const stack = testStack();
    new ClickstreamStream(stack, 'S', { enhancedFanOutConsumers: ['dashboard', 'fraud-model'] });
    const consumers = Object.values(template(stack).findResources('AWS::Kinesis::StreamConsumer'))
      .map((r: any) => r.Properties.ConsumerName);
    expect(consumers).toEqual(['dashboard', 'fraud-model']);
  });

  test('four alarms, each on the stream by StreamName, each notifying the topic', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const s = new ClickstreamStream(stack, 'S', { alarmTopic: topic });
    const alarms = Object.values(template(stack).findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual([
      'GetRecords.IteratorAgeMilliseconds',
      'PutRecords.FailedRecords',
      'ReadProvisionedThroughputExceeded',
      'WriteProvisionedThroughputExceeded',
    ]);
    for (const alarm of alarms) {
      expect(alarm.Namespace).toBe('AWS/Kinesis');
      expect(alarm.Dimensions).toEqual([{ Name: 'StreamName', Value: { Ref: expect.stringMatching(/^SStream/) } }]);
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Topic/) }]);
    }
    const iteratorAge = alarms.find((a) => a.MetricName === 'GetRecords.IteratorAgeMilliseconds');
    expect(iteratorAge).toMatchObject({ Threshold: 60000, Statistic: 'Maximum', ComparisonOperator: 'GreaterThanThreshold' });
    expect(s.alarms).toHaveLength(4);
  });

  test('alarm thresholds are configurable', () => {
    const stack = testStack();
    new ClickstreamStream(stack, 'S', { alarms: { iteratorAgeThreshold: Duration.minutes(10), failedRecordsThreshold: 50 } });
    const alarms = Object.values(template(stack).findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
    expect(alarms.find((a) => a.MetricName === 'GetRecords.IteratorAgeMilliseconds')?.Threshold).toBe(600000);
    expect(alarms.find((a) => a.MetricName === 'PutRecords.FailedRecords')?.Threshold).toBe(50);
  });

  test('grantWrite and grantRead give producers and consumers the Kinesis actions they need', () => {
    const stack = testStack();
    const s = new ClickstreamStream(stack, 'S');
    s.grantWrite(new iam.Role(stack, 'Producer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    s.grantRead(new iam.Role(stack, 'Consumer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    const actions = policyStatements(template(stack)).flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:GetRecords', 'kinesis:GetShardIterator']));
  });

  describe('validation names the prop and the allowed range', () => {
    const cases: Array<[string, ConstructorParameters<typeof ClickstreamStream>[2], RegExp]> = [
      ['zero shards', { shardCount: 0 }, /ClickstreamStream: shardCount must be an integer ≥ 1 \(got 0\)/],
      ['fractional shards', { shardCount: 1.5 }, /shardCount must be an integer ≥ 1 \(got 1.5\)/],
      ['shards with on-demand', { mode: 'ON_DEMAND', shardCount: 2 }, /shardCount must not be set when mode is ON_DEMAND/],
      ['unknown mode', { mode: 'BURST' as never }, /mode must be one of PROVISIONED, ON_DEMAND \(got "BURST"\)/],
      ['retention below 24 h', { retentionPeriod: Duration.hours(23) }, /retentionPeriod must be a whole number of hours from 24 to 8760 \(got 23 hours\)/],
      ['retention above 8760 h', { retentionPeriod: Duration.hours(8761) }, /retentionPeriod must be a whole number of hours from 24 to 8760/],
      ['retention not whole hours', { retentionPeriod: Duration.minutes(24 * 60 + 30) }, /retentionPeriod must be a whole number of hours/],
      ['stream name with bad characters', { streamName: 'clicks/prod' }, /streamName must match \[a-zA-Z0-9_.-\]\+ \(got "clicks\/prod"\)/],
      ['stream name too long', { streamName: 'x'.repeat(129) }, /streamName must be 1 to 128 characters long/],
      ['bad consumer name', { enhancedFanOutConsumers: ['ok', 'not ok'] }, /enhancedFanOutConsumers\[1\] must match/],
      ['duplicate consumer', { enhancedFanOutConsumers: ['a', 'a'] }, /enhancedFanOutConsumers must not repeat a consumer name \(got "a"\)/],
      ['zero failed-records threshold', { alarms: { failedRecordsThreshold: 0 } }, /alarms.failedRecordsThreshold must be an integer ≥ 1/],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      expect(() => new ClickstreamStream(testStack(), 'S', props)).toThrow(message);
    });

    test('boundaries are accepted: 24 h, 8760 h', () => {
      expect(() => new ClickstreamStream(testStack(), 'S', { retentionPeriod: Duration.hours(24) })).not.toThrow();
      expect(() => new ClickstreamStream(testStack(), 'S', { retentionPeriod: Duration.hours(8760) })).not.toThrow();
    });
  });
});
