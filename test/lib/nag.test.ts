import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClickstreamPipelineStack } from '../../lib/pipeline-stack';
import { testApp, ENV } from './helpers';

const cdkJson = require('../../cdk.json');

/** Synthesizes the app as bin/app.ts does and returns every unacknowledged AwsSolutions finding. */
function findings(context: Record<string, unknown>): string[] {
  const app = testApp(context);
  const stack = new ClickstreamPipelineStack(app, 'ClickstreamPipeline', { env: ENV });
  Template.fromStack(stack);
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId}: ${v.description}`));
}

describe('cdk-nag AwsSolutions', () => {
  test('the default app has no unacknowledged findings', () => {
    expect(findings({ clickstream: cdkJson.context.clickstream })).toEqual([]);
  });

  test('all three destinations (existing cluster and domain) have no unacknowledged findings', () => {
    expect(findings({ clickstreamConfig: path.join(__dirname, '..', '..', 'examples', 'all-destinations.json') })).toEqual([]);
  });

  test('the analytics stage on Flink (examples/flink-analytics.json) has no unacknowledged findings', () => {
    expect(findings({ clickstreamConfig: path.join(__dirname, '..', '..', 'examples', 'flink-analytics.json') })).toEqual([]);
  });

  test('the analytics stage on Lambda with every output kind has no unacknowledged findings', () => {
    expect(findings({
      clickstream: {
        ...cdkJson.context.clickstream,
        analytics: {
          ...cdkJson.context.clickstream.analytics,
          outputs: {
            CLICKS_PER_MINUTE: { kind: 'firehose', deliveryStreamName: 'minute-stats' },
            TOP_PAGES: { kind: 'lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:top-pages' },
            SESSION_MINUTES: { kind: 'kinesis', streamName: 'sessions', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
          },
        },
      },
    })).toEqual([]);
  });

  test('a new OpenSearch domain has no unacknowledged findings', () => {
    expect(findings({ clickstreamConfig: path.join(__dirname, '..', '..', 'examples', 'new-opensearch-domain.json') })).toEqual([]);
  });

  test('a trial-sized new domain (explicit choice) has no unacknowledged findings', () => {
    expect(findings({ clickstream: { destinations: ['opensearch'], opensearch: { newDomain: { dataNodes: 1, masterNodes: 0 } } } })).toEqual([]);
  });

  test('the check is live: an unencrypted stream would be reported', () => {
    const app = new App();
    const stack = new (require('aws-cdk-lib').Stack)(app, 'Bad', { env: ENV });
    new (require('aws-cdk-lib/aws-kinesis').CfnStream)(stack, 'Plain', { shardCount: 1 });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-KDS1');
  });
});
