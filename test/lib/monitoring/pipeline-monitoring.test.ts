import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { S3Delivery } from '../../../lib/delivery/s3-delivery';
import { PipelineMonitoring } from '../../../lib/monitoring/pipeline-monitoring';
import { ClickstreamStream } from '../../../lib/stream/clickstream-stream';
import { deliveryWiring, onlyResource, template, testStack } from '../helpers';

function alarmsByMetric(t: ReturnType<typeof template>) {
  return Object.fromEntries(Object.values(t.findResources('AWS::CloudWatch::Alarm'))
    .map((a: any) => [a.Properties.MetricName, a.Properties]));
}

describe('PipelineMonitoring', () => {
  test('the alarm topic is encrypted with a rotated key CloudWatch may use, TLS-only, and emails the on-call address', () => {
    const stack = testStack();
    new PipelineMonitoring(stack, 'M', { alarmEmail: 'oncall@example.com' });
    const t = template(stack);
    const topic = onlyResource(t, 'AWS::SNS::Topic').Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^MAlarmTopicKey/), 'Arn'] });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Principal: { Service: 'cloudwatch.amazonaws.com' },
      })]) },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('a delivery stream gets freshness, throttled-read, transform and delivery alarms on its name', () => {
    const stack = testStack();
    const monitoring = new PipelineMonitoring(stack, 'M', { dataFreshnessThreshold: Duration.minutes(20) });
    monitoring.monitorDelivery(new S3Delivery(stack, 'S3', deliveryWiring(stack)));
    const alarms = alarmsByMetric(template(stack));
    expect(Object.keys(alarms).sort()).toEqual(['DeliveryToS3.DataFreshness', 'DeliveryToS3.Success', 'ExecuteProcessing.Success', 'ThrottledGetRecords']);
    expect(alarms['DeliveryToS3.DataFreshness']).toMatchObject({ Threshold: 1200, ComparisonOperator: 'GreaterThanThreshold', Namespace: 'AWS/Firehose' });
    expect(alarms['ExecuteProcessing.Success']).toMatchObject({ Threshold: 1, ComparisonOperator: 'LessThanThreshold' });
    for (const alarm of Object.values(alarms) as any[]) {
      expect(alarm.Dimensions).toEqual([{ Name: 'DeliveryStreamName', Value: { Ref: expect.stringMatching(/^S3DeliveryStream/) } }]);
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MAlarmTopic/) }]);
    }
  });

  test('a Lambda function gets error and throttle alarms; the dashboard lists every alarm', () => {
    const stack = testStack();
    const monitoring = new PipelineMonitoring(stack, 'M');
    const { transform } = deliveryWiring(stack);
    monitoring.monitorFunction(transform, 'Transform');
    const stream = new ClickstreamStream(stack, 'S', { alarmTopic: monitoring.topic });
    monitoring.monitorStream(stream);
    const t = template(stack);
    const alarms = alarmsByMetric(t);
    expect(alarms.Errors).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 1 });
    expect(alarms.Throttles).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 1 });
    expect(monitoring.alarms).toHaveLength(6);
    const body = JSON.stringify(onlyResource(t, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody);
    const alarmIds = Object.keys(t.findResources('AWS::CloudWatch::Alarm'));
    for (const id of alarmIds) expect(body).toContain(id);
    expect(body).toContain('GetRecords.IteratorAgeMilliseconds');
  });

  test('an existing topic is used as is', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Existing', { enforceSSL: true });
    const monitoring = new PipelineMonitoring(stack, 'M', { alarmTopic: topic });
    expect(monitoring.topic).toBe(topic);
    expect(Object.keys(template(stack).findResources('AWS::SNS::Topic'))).toHaveLength(1);
  });

  test.each([
    [{ alarmEmail: 'not-an-email' }, /PipelineMonitoring: alarmEmail must be an email address \(got "not-an-email"\)/],
    [{ dataFreshnessThreshold: Duration.seconds(30) }, /dataFreshnessThreshold must be an integer from 60 to 86400 seconds/],
  ])('validation: %p', (props, message) => {
    expect(() => new PipelineMonitoring(testStack(), 'M', props)).toThrow(message);
  });
});
