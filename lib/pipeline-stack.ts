import * as fs from 'fs';
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConfigError, parsePipelineConfig } from '../lambda/engine/config/pipeline-config';
import { idOf } from './analytics/analytics-application';
import { pipelinePropsFromConfig } from './config/props-from-config';
import { ClickstreamPipeline } from './pipeline';

/** Context key holding the configuration object (cdk.json). */
export const CONFIG_CONTEXT_KEY = 'clickstream';
/** Context key naming a JSON configuration file that replaces the cdk.json object (`-c clickstreamConfig=FILE`). */
export const CONFIG_FILE_CONTEXT_KEY = 'clickstreamConfig';

/** The deployable app's stack: the whole pipeline, configured from CDK context without code changes. */
export class ClickstreamPipelineStack extends Stack {
  readonly pipeline: ClickstreamPipeline;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Clickstream pipeline: Kinesis Data Streams, Firehose with a Lambda transform, S3/Redshift/OpenSearch, streaming SQL analytics, alarms and a dashboard', ...props });
    const { raw, source } = readConfig(this);
    const config = parsePipelineConfig(raw, source);
    this.pipeline = new ClickstreamPipeline(this, 'Pipeline', pipelinePropsFromConfig(this, config, source));
    this.addOutputs();
  }

  /** What a user needs after deploy: where to write, where data lands, which roles to map. */
  private addOutputs(): void {
    const p = this.pipeline;
    new CfnOutput(this, 'StreamName', { value: p.stream.streamName, description: 'Kinesis data stream producers write to' });
    new CfnOutput(this, 'StreamArn', { value: p.stream.streamArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: p.monitoring.topic.topicArn, description: 'SNS topic of every pipeline alarm' });
    new CfnOutput(this, 'DashboardName', { value: p.monitoring.dashboard.dashboardName });
    for (const delivery of p.deliveries) {
      new CfnOutput(this, `${delivery.destination}DeliveryStreamName`, { value: delivery.deliveryStreamName });
      new CfnOutput(this, `${delivery.destination}DeliveryRoleArn`, {
        value: delivery.role.roleArn,
        description: `Role Firehose assumes for ${delivery.destination} (map it in OpenSearch fine-grained access control, or in Redshift grants)`,
      });
    }
    if (p.s3Delivery) new CfnOutput(this, 'EventsBucketName', { value: p.s3Delivery.bucket.bucketName });
    const analytics = p.analytics ?? p.flinkAnalytics;
    if (p.analytics) {
      new CfnOutput(this, 'AnalyticsFunctionName', { value: p.analytics.function.functionName, description: 'Lambda that runs the SQL application' });
      new CfnOutput(this, 'AnalyticsOnFailureQueueUrl', { value: p.analytics.onFailureQueue.queueUrl, description: 'Batches the SQL runtime could not process (replay them from here)' });
    }
    if (p.flinkAnalytics) {
      new CfnOutput(this, 'AnalyticsFlinkApplicationName', { value: p.flinkAnalytics.applicationName, description: 'Managed Service for Apache Flink application (start it after deploy)' });
    }
    for (const [name, stream] of Object.entries(analytics?.outputStreams ?? {})) {
      new CfnOutput(this, `Analytics${idOf(name)}StreamName`, { value: stream.streamName, description: `Kinesis stream receiving the in-application stream ${name}` });
    }
  }
}

function readConfig(scope: Construct): { raw: unknown; source: string } {
  const file = scope.node.tryGetContext(CONFIG_FILE_CONTEXT_KEY) as string | undefined;
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(file, [{ path: CONFIG_FILE_CONTEXT_KEY, rule: `cannot read the file: ${(e as Error).message}` }]);
    }
    try {
      return { raw: JSON.parse(text), source: file };
    } catch (e) {
      throw new ConfigError(file, [{ path: CONFIG_FILE_CONTEXT_KEY, rule: `is not valid JSON: ${(e as Error).message}` }]);
    }
  }
  return { raw: scope.node.tryGetContext(CONFIG_CONTEXT_KEY), source: `cdk.json context "${CONFIG_CONTEXT_KEY}"` };
}
