import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ClickstreamPipeline } from '../../lib/pipeline';
import { ClickstreamPipelineStack } from '../../lib/pipeline-stack';
import { SCHEMA, SQL } from './analytics/fixtures';
import { onlyResource, testApp, ENV, template, testStack } from './helpers';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function deliveryDestinations(t: ReturnType<typeof template>): string[] {
  return Object.values(t.findResources('AWS::KinesisFirehose::DeliveryStream'))
    .map((r: any) => Object.keys(r.Properties).find((k) => k.endsWith('DestinationConfiguration'))!)
    .sort();
}

function appStack(context: Record<string, unknown>) {
  const app = testApp(context);
  return new ClickstreamPipelineStack(app, 'ClickstreamPipeline', { env: ENV });
}

describe('ClickstreamPipeline', () => {
  test('defaults: one encrypted stream, the transform, an S3 delivery stream, alarms and a dashboard', () => {
    const stack = testStack();
    const pipeline = new ClickstreamPipeline(stack, 'P');
    const t = template(stack);
    t.resourceCountIs('AWS::Kinesis::Stream', 1);
    t.hasResourceProperties('AWS::Kinesis::Stream', { StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } });
    expect(deliveryDestinations(t)).toEqual(['ExtendedS3DestinationConfiguration']);
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler', Architectures: ['arm64'] });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // 4 stream + 2 transform Lambda + 4 S3 delivery alarms + 3 verifier (errors, throttles, VerifierOk).
    t.resourceCountIs('AWS::CloudWatch::Alarm', 13);
    expect(pipeline.verifier).toBeDefined();
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    expect(pipeline.deliveries.map((d) => d.destination)).toEqual(['S3']);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('all three destinations, with a new OpenSearch domain that admits the delivery role', () => {
    const stack = testStack();
    const pipeline = new ClickstreamPipeline(stack, 'P', {
      redshift: {
        clusterEndpoint: 'c.abc123.eu-west-1.redshift.amazonaws.com', database: 'analytics',
        credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rs-AbCdEf'),
      },
      opensearch: {},
    });
    const t = template(stack);
    expect(deliveryDestinations(t)).toEqual([
      'AmazonopensearchserviceDestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration',
    ]);
    t.resourceCountIs('AWS::OpenSearchService::Domain', 1);
    expect(pipeline.searchDomain).toBeDefined();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('3 delivery streams read every shard'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/Keep writes under 0\.67 MiB\/s per shard/);
    expect(pipeline.deliveries.map((d) => d.destination)).toEqual(['S3', 'Redshift', 'OpenSearch']);
  });

  test('an existing OpenSearch domain creates no domain', () => {
    const stack = testStack();
    const domain = opensearch.Domain.fromDomainAttributes(stack, 'D', {
      domainArn: 'arn:aws:es:eu-west-1:123456789012:domain/clicks', domainEndpoint: 'https://search-clicks.eu-west-1.es.amazonaws.com',
    });
    new ClickstreamPipeline(stack, 'P', { s3: false, opensearch: { domain } });
    const t = template(stack);
    t.resourceCountIs('AWS::OpenSearchService::Domain', 0);
    expect(deliveryDestinations(t)).toEqual(['AmazonopensearchserviceDestinationConfiguration']);
  });

  test('a pipeline without any destination is refused', () => {
    expect(() => new ClickstreamPipeline(testStack(), 'P', { s3: false }))
      .toThrow(/ClickstreamPipeline: s3 may be false only when redshift or opensearch is set/);
  });

  test('analytics: Lambda by default, Flink on request; runtime settings must match the runtime', () => {
    const stack = testStack();
    const pipeline = new ClickstreamPipeline(stack, 'P', { analytics: { sql: SQL, inputSchema: SCHEMA, outputs: { TOP_PAGES: { kind: 'kinesis' } } } });
    expect(pipeline.analytics).toBeDefined();
    expect(() => new ClickstreamPipeline(testStack(), 'P', { analytics: { runtime: 'flink', sql: SQL, inputSchema: SCHEMA, outputs: { TOP_PAGES: { kind: 'kinesis' } } } }))
      .toThrow('ClickstreamPipeline: analytics.flink is required when runtime is "flink" (at least the SQL-runner jar)');
    const flinkStack = testStack();
    const jarStream = new kinesis.Stream(flinkStack, 'Out', { encryption: kinesis.StreamEncryption.MANAGED });
    expect(() => new ClickstreamPipeline(flinkStack, 'P', {
      analytics: { sql: SQL, inputSchema: SCHEMA, outputs: { TOP_PAGES: { kind: 'kinesis', stream: jarStream } }, flink: { jar: { localPath: 'x.jar' } } },
    })).toThrow('ClickstreamPipeline: analytics.flink applies to runtime "flink" only');
  });

  test('the analytics stage counts as a reader of every shard', () => {
    const stack = testStack();
    new ClickstreamPipeline(stack, 'P', {
      opensearch: {},
      analytics: { sql: SQL, inputSchema: SCHEMA, outputs: { TOP_PAGES: { kind: 'kinesis' } } },
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('2 delivery streams and the analytics stage read every shard'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.entry.data).toMatch(/Keep writes under 0\.67 MiB\/s per shard/);
  });

  test('the verifier: hourly by default, checking the provisioned shard count and the analytics output; false leaves it out', () => {
    const stack = testStack();
    const pipeline = new ClickstreamPipeline(stack, 'P', { stream: { shardCount: 3 }, analytics: { sql: SQL, inputSchema: SCHEMA, outputs: { CLICKS_PER_MINUTE: { kind: 'kinesis' } } } });
    const env = (template(stack).findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('[Vv]erif') } }));
    const vars = Object.values(env)[0]?.Properties?.Environment?.Variables as Record<string, unknown>;
    expect(vars['PROVISIONED_SHARDS']).toBe('3');
    expect(vars['ANALYTICS_OUTPUT_STREAM']).toBeDefined();
    expect(pipeline.verifier?.rule).toBeDefined();
    const bare = testStack();
    expect(new ClickstreamPipeline(bare, 'P', { verifier: false }).verifier).toBeUndefined();
    template(bare).resourceCountIs('AWS::Events::Rule', 0);
  });

  test('an existing domain and a new domain together are refused', () => {
    const stack = testStack();
    const domain = opensearch.Domain.fromDomainAttributes(stack, 'D', { domainArn: 'arn:aws:es:eu-west-1:123456789012:domain/x', domainEndpoint: 'https://x' });
    expect(() => new ClickstreamPipeline(stack, 'P', { opensearch: { domain, newDomain: {} } }))
      .toThrow(/opensearch.newDomain must not be set together with opensearch.domain/);
  });
});

describe('ClickstreamPipelineStack (configured from context)', () => {
  test('cdk.json\'s own configuration: provisioned stream, S3, and the Lambda analytics stage running the shipped example', () => {
    const cdkJson = require('../../cdk.json');
    const stack = appStack({ clickstream: cdkJson.context.clickstream });
    const t = template(stack);
    t.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1, RetentionPeriodHours: 24 });
    expect(deliveryDestinations(t)).toEqual(['ExtendedS3DestinationConfiguration']);
    expect(stack.pipeline.analytics).toBeDefined();
    expect(stack.pipeline.flinkAnalytics).toBeUndefined();
    const streams = [...stack.pipeline.analytics!.application.streams.values()].filter((st) => !st.input && !st.hidden).map((st) => st.name);
    expect(streams).toEqual(['SESSION_MINUTES', 'CLICKS_PER_MINUTE', 'TOP_PAGES']);
    const esm = onlyResource(t, 'AWS::Lambda::EventSourceMapping');
    expect(esm.Properties).toMatchObject({ ParallelizationFactor: 1, BisectBatchOnFunctionError: true, StartingPosition: 'LATEST' });
    expect(esm.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineStream/), 'Arn'] });
    // The source stream plus one new stream per output.
    t.resourceCountIs('AWS::Kinesis::Stream', 3);
    // The SQL runtime's tick and the verifier's schedule.
    t.resourceCountIs('AWS::Events::Rule', 2);
    expect(Object.keys(t.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn', 'AnalyticsClicksPerMinuteStreamName', 'AnalyticsFunctionName', 'AnalyticsOnFailureQueueUrl', 'AnalyticsTopPagesStreamName',
      'DashboardName', 'EventsBucketName', 'S3DeliveryRoleArn', 'S3DeliveryStreamName', 'StreamArn', 'StreamName',
    ]);
    // The state bucket logs to the pipeline's access-logs bucket (no second one).
    const stateBucket = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('PipelineAnalyticsStateBucket'))![1] as any;
    expect(stateBucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^PipelineAccessLogs/) });
    // 4 stream + 2 transform + 4 S3 delivery + 4 analytics + 3 verifier alarms, all on the topic.
    t.resourceCountIs('AWS::CloudWatch::Alarm', 17);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('examples/flink-analytics.json: the analytics stage on Managed Service for Apache Flink', () => {
    const stack = appStack({ clickstreamConfig: path.join(EXAMPLES, 'flink-analytics.json') });
    const t = template(stack);
    expect(stack.pipeline.analytics).toBeUndefined();
    const app = onlyResource(t, 'AWS::KinesisAnalyticsV2::Application');
    expect(app.Properties).toMatchObject({ RuntimeEnvironment: 'FLINK-1_20' });
    expect(app.Properties.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation).toEqual({
      BucketARN: 'arn:aws:s3:::clickstream-artifacts-123456789012', FileKey: 'flink/kda-sql-runner-1.0.0.jar',
    });
    expect(app.Properties.ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration).toEqual({
      ConfigurationType: 'CUSTOM', AutoScalingEnabled: true, Parallelism: 2, ParallelismPerKPU: 1,
    });
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(stack.pipeline.flinkAnalytics!.outputBindings.TOP_PAGES).toEqual({ kind: 'firehose', name: 'clickstream-top-pages' });
    expect(Object.keys(t.findOutputs('*'))).toEqual(expect.arrayContaining(['AnalyticsFlinkApplicationName', 'AnalyticsClicksPerMinuteStreamName']));
  });

  test('analytics outputs from the configuration: existing stream (with its key), delivery stream, function', () => {
    const cdkJson = require('../../cdk.json');
    const stack = appStack({
      clickstream: {
        ...cdkJson.context.clickstream,
        analytics: {
          ...cdkJson.context.clickstream.analytics,
          outputs: {
            CLICKS_PER_MINUTE: { kind: 'firehose', deliveryStreamName: 'minute-stats' },
            TOP_PAGES: { kind: 'lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:top-pages' },
            SESSION_MINUTES: { kind: 'kinesis', streamName: 'sessions', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k-1' },
          },
          lambda: { batchSize: 200, boundLagSeconds: 15, iteratorAgeAlarmMinutes: 10 },
        },
      },
    });
    const t = template(stack);
    expect(stack.resolve(stack.pipeline.analytics!.outputBindings)).toEqual({
      CLICKS_PER_MINUTE: { kind: 'firehose', name: 'minute-stats' },
      TOP_PAGES: { kind: 'lambda', name: 'top-pages' },
      SESSION_MINUTES: { kind: 'kinesis', name: 'sessions' },
    });
    t.resourceCountIs('AWS::Kinesis::Stream', 1);
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'kinesis:PutRecords', Resource: 'arn:aws:kinesis:eu-west-1:123456789012:stream/sessions' }),
      expect.objectContaining({ Action: 'kms:GenerateDataKey', Resource: 'arn:aws:kms:eu-west-1:123456789012:key/k-1' }),
    ]));
    expect(onlyResource(t, 'AWS::Lambda::EventSourceMapping').Properties.BatchSize).toBe(200);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 600000 });
  });

  test('analytics files: unreadable or invalid files fail synth naming the key; an invalid application names line and column', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analytics-'));
    const sqlFile = path.join(dir, 'app.sql');
    fs.writeFileSync(sqlFile, 'CREATE OR REPLACE STREAM "OUT" (n INTEGER);\nCREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"\n  SELECT STREAM COUNT(*) FORM "SOURCE_SQL_STREAM_001";\n');
    const schemaFile = path.join(dir, 'schema.json');
    fs.writeFileSync(schemaFile, JSON.stringify(SCHEMA));
    const analytics = (over: object) => ({ clickstream: { analytics: { application: sqlFile, inputSchema: schemaFile, outputs: { OUT: { kind: 'kinesis' } }, ...over } } });
    expect(() => appStack(analytics({ application: path.join(dir, 'missing.sql') })))
      .toThrow(/clickstream\.analytics\.application: cannot read the file \(paths are relative to the working directory/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(() => appStack(analytics({ inputSchema: path.join(dir, 'bad.json') }))).toThrow(/clickstream\.analytics\.inputSchema: .*bad\.json is not valid JSON/);
    expect(() => appStack(analytics({}))).toThrow([
      'AnalyticsApplication: sql is not a valid Kinesis Analytics SQL application:',
      "line 3, column 26: expected FROM but found 'FORM'",
      '3 |   SELECT STREAM COUNT(*) FORM "SOURCE_SQL_STREAM_001";',
      '  |                          ^^^^',
    ].join('\n'));
    expect(() => appStack(analytics({ runtime: 'flink', flink: { jarPath: path.join(dir, 'missing.jar') } })))
      .toThrow(/clickstream\.analytics\.flink\.jarPath: cannot read the file/);
  });

  test('context values reach the constructs: on-demand stream, buffering, compression, alarm email', () => {
    const t = template(appStack({
      clickstream: {
        stream: { mode: 'ON_DEMAND', retentionHours: 72 },
        s3: { bufferSizeMiB: 32, bufferIntervalSeconds: 120, compression: 'Snappy' },
        monitoring: { alarmEmail: 'team@example.com' },
      },
    }));
    t.hasResourceProperties('AWS::Kinesis::Stream', { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 72 });
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: { BufferingHints: { SizeInMBs: 32, IntervalInSeconds: 120 }, CompressionFormat: 'Snappy' },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'team@example.com' });
  });

  test('examples/all-destinations.json: three delivery streams to the existing cluster and domain', () => {
    const t = template(appStack({ clickstreamConfig: path.join(EXAMPLES, 'all-destinations.json') }));
    expect(deliveryDestinations(t)).toEqual([
      'AmazonopensearchserviceDestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration',
    ]);
    t.resourceCountIs('AWS::OpenSearchService::Domain', 0);
    expect(Object.keys(t.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn', 'DashboardName', 'EventsBucketName',
      'OpenSearchDeliveryRoleArn', 'OpenSearchDeliveryStreamName', 'RedshiftDeliveryRoleArn', 'RedshiftDeliveryStreamName',
      'S3DeliveryRoleArn', 'S3DeliveryStreamName', 'StreamArn', 'StreamName',
    ]);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      RedshiftDestinationConfiguration: {
        ClusterJDBCURL: 'jdbc:redshift://clickstream.c0abc1xyz2de.eu-west-1.redshift.amazonaws.com:5439/analytics',
      },
    });
  });

  test('examples/new-opensearch-domain.json: creates the domain', () => {
    const t = template(appStack({ clickstreamConfig: path.join(EXAMPLES, 'new-opensearch-domain.json') }));
    t.resourceCountIs('AWS::OpenSearchService::Domain', 1);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      AmazonopensearchserviceDestinationConfiguration: { IndexRotationPeriod: 'OneHour' },
    });
  });

  test('a bad configuration fails synth naming the key and the rule', () => {
    expect(() => appStack({ clickstream: { stream: { shardCount: 0 } } }))
      .toThrow(/clickstream\.stream\.shardCount: must be an integer ≥ 1/);
    expect(() => appStack({ clickstream: { s3: { bufferSizeMib: 5 } } }))
      .toThrow(/clickstream\.s3: unknown key\(s\) "bufferSizeMib"/);
    expect(() => appStack({ clickstreamConfig: '/nonexistent/config.json' }))
      .toThrow(/clickstreamConfig: cannot read the file/);
  });
});
