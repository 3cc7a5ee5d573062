import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { checkIntegerRange, checkPattern, PropValidationError } from '../core/validation';
import type { DeliveryBase } from '../delivery/delivery-base';
import type { ClickstreamStream } from '../stream/clickstream-stream';

export interface PipelineMonitoringProps {
  /** Email address subscribed to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** An existing topic for alarms. @default - a new KMS-encrypted, TLS-only topic */
  readonly alarmTopic?: sns.ITopic;
  /** Alarm when a delivery stream's oldest record is older than this. Firehose advises alarming past its 15-minute buffering limit. @default Duration.minutes(15) */
  readonly dataFreshnessThreshold?: Duration;
  /** Dashboard name. @default - generated */
  readonly dashboardName?: string;
}

const OWNER = 'PipelineMonitoring';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The alarm topic, the alarms on Firehose and Lambda, and one CloudWatch dashboard of the whole
 * pipeline. Later stages (the analytics application) add their own widgets and alarms through
 * `addAlarm` and `addWidgets`.
 */
export class PipelineMonitoring extends Construct {
  readonly topic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.IAlarm[] = [];
  private readonly action: cwActions.SnsAction;
  private readonly freshness: Duration;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps = {}) {
    super(scope, id);
    checkPattern(OWNER, 'alarmEmail', props.alarmEmail, EMAIL, 'must be an email address');
    this.freshness = props.dataFreshnessThreshold ?? Duration.minutes(15);
    checkIntegerRange(OWNER, 'dataFreshnessThreshold', this.freshness.toSeconds(), { min: 60, max: 86400 }, 'seconds');

    this.topic = props.alarmTopic ?? this.createTopic();
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new cwActions.SnsAction(this.topic);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    // The widget keeps this array and reads it when the dashboard is synthesized, so alarms added later show too.
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }));
  }

  /**
   * CloudWatch cannot publish to a topic encrypted with the AWS managed `alias/aws/sns` key (its key
   * policy does not admit CloudWatch), so alarms would never notify: the topic gets its own key.
   */
  private createTopic(): sns.Topic {
    const key = new kms.Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the clickstream alarm topic; CloudWatch may use it to publish alarms',
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return new sns.Topic(this, 'AlarmTopic', { displayName: 'Clickstream pipeline alarms', masterKey: key, enforceSSL: true });
  }

  /** Routes an alarm to the topic and shows it on the dashboard. */
  addAlarm(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(this.action);
    this.track(alarm);
  }

  addWidgets(...widgets: cloudwatch.IWidget[]): void {
    this.dashboard.addWidgets(...widgets);
  }

  /** The stream's own alarms (already routed to the topic by the stream) and its graphs. */
  monitorStream(stream: ClickstreamStream): void {
    stream.alarms.forEach((alarm) => this.track(alarm));
    const s = stream.stream;
    const sum = { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) };
    this.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Stream: incoming records and bytes', width: 8,
        left: [s.metricIncomingRecords(sum)], right: [s.metricIncomingBytes(sum)],
      }),
      new cloudwatch.GraphWidget({
        title: 'Stream: throttled writes and reads', width: 8,
        left: [s.metricWriteProvisionedThroughputExceeded(sum), s.metricReadProvisionedThroughputExceeded(sum), s.metricPutRecordsFailedRecords(sum)],
      }),
      new cloudwatch.GraphWidget({
        title: 'Stream: iterator age (ms)', width: 8,
        left: [s.metricGetRecordsIteratorAgeMilliseconds({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) })],
      }),
    );
  }

  /** Alarms on data freshness, throttled reads from the stream, transform and destination failures. */
  monitorDelivery(delivery: DeliveryBase): void {
    const label = `${delivery.destination} delivery`;
    const alarms = [
      new cloudwatch.Alarm(delivery, 'DataFreshnessAlarm', {
        alarmDescription: `${label}: records wait longer than ${this.freshness.toHumanString()} to be delivered.`,
        metric: delivery.metric(delivery.freshnessMetricName, { statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: this.freshness.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(delivery, 'ThrottledReadsAlarm', {
        alarmDescription: `${label}: Firehose's reads from the Kinesis stream are throttled.`,
        metric: delivery.metric('ThrottledGetRecords', { statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(delivery, 'TransformFailedAlarm', {
        alarmDescription: `${label}: transform Lambda invocations failed; their records go to the processing-failed error prefix.`,
        metric: delivery.metric('ExecuteProcessing.Success', { statistic: cloudwatch.Stats.MINIMUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    if (delivery.successMetricName) {
      alarms.push(new cloudwatch.Alarm(delivery, 'DeliveryFailedAlarm', {
        alarmDescription: `${label}: some deliveries to the destination failed (${delivery.successMetricName} < 1).`,
        metric: delivery.metric(delivery.successMetricName, { statistic: cloudwatch.Stats.MINIMUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    }
    alarms.forEach((alarm) => this.addAlarm(alarm));
    this.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${label}: records read and delivered`, width: 8,
        left: [delivery.metric('DataReadFromKinesisStream.Records', { statistic: cloudwatch.Stats.SUM })],
        right: [delivery.metric('SucceedProcessing.Records', { statistic: cloudwatch.Stats.SUM })],
      }),
      new cloudwatch.GraphWidget({
        title: `${label}: data freshness (s)`, width: 8,
        left: [delivery.metric(delivery.freshnessMetricName, { statistic: cloudwatch.Stats.MAXIMUM })],
      }),
      new cloudwatch.GraphWidget({
        title: `${label}: transform and delivery success`, width: 8,
        left: [delivery.metric('ExecuteProcessing.Success', { statistic: cloudwatch.Stats.AVERAGE })]
          .concat(delivery.successMetricName ? [delivery.metric(delivery.successMetricName, { statistic: cloudwatch.Stats.AVERAGE })] : []),
      }),
    );
  }

  /** Errors and throttles of a Lambda function of the pipeline. */
  monitorFunction(fn: lambda.IFunction, label: string): void {
    if (!label) throw new PropValidationError(OWNER, 'label', 'must not be empty');
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const errors = new cloudwatch.Alarm(fn, 'ErrorsAlarm', {
      alarmDescription: `${label}: the function threw (whole batches fail and are retried or sent to the error output).`,
      metric: fn.metricErrors(fiveMinutes),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const throttles = new cloudwatch.Alarm(fn, 'ThrottlesAlarm', {
      alarmDescription: `${label}: invocations were throttled (account or reserved concurrency).`,
      metric: fn.metricThrottles(fiveMinutes),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    [errors, throttles].forEach((alarm) => this.addAlarm(alarm));
    this.addWidgets(new cloudwatch.GraphWidget({
      title: `${label}: invocations, errors, throttles`, width: 12,
      left: [fn.metricInvocations(fiveMinutes), fn.metricErrors(fiveMinutes), fn.metricThrottles(fiveMinutes)],
      right: [fn.metricDuration({ period: Duration.minutes(5), statistic: cloudwatch.Stats.p(99) })],
    }));
  }

  private track(alarm: cloudwatch.IAlarm): void {
    this.alarms.push(alarm);
  }
}
