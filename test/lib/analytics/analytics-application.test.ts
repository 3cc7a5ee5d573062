import { Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AnalyticsApplication, AnalyticsApplicationProps, SQL_APPLICATION_DEFINE } from '../../../lib/analytics/analytics-application';
import { PipelineMonitoring } from '../../../lib/monitoring/pipeline-monitoring';
import { SCHEMA, SQL } from './fixtures';
import { actionsOf, onlyResource, policyStatements, template, testStack } from '../helpers';


function build(overrides: Partial<AnalyticsApplicationProps> = {}, withMonitoring = true) {
  const stack = testStack();
  const source = new kinesis.Stream(stack, 'Source', { encryption: kinesis.StreamEncryption.MANAGED });
  const monitoring = withMonitoring ? new PipelineMonitoring(stack, 'Monitoring') : undefined;
  const app = new AnalyticsApplication(stack, 'Analytics', {
    source,
    sql: SQL,
    inputSchema: SCHEMA,
    outputs: { CLICKS_PER_MINUTE: { kind: 'kinesis' }, TOP_PAGES: { kind: 'kinesis' } },
    monitoring,
    ...overrides,
  });
  return { stack, app, source, t: template(stack) };
}

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('AnalyticsApplication (Lambda runtime)', () => {
  const { stack, app, t } = build();

  test('the SQL runtime: newest Node on arm64, its own log group, env per the handler contract', () => {
    const fn = onlyResource(t, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', MemorySize: 1024, Timeout: 120 });
    const env = fn.Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual([
      'BOUND_LAG_SECONDS', 'OUTPUTS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', 'SOURCE_STREAM_NAME', 'STATE_BUCKET', 'STATE_PREFIX',
    ]);
    expect(env).toMatchObject({ BOUND_LAG_SECONDS: '60', STATE_PREFIX: 'sql-runtime/', POWERTOOLS_SERVICE_NAME: 'clickstream-analytics' });
    expect(env.STATE_BUCKET).toEqual({ Ref: expect.stringMatching(/^AnalyticsStateBucket/) });
    expect(env.SOURCE_STREAM_NAME).toEqual({ Ref: expect.stringMatching(/^Source/) });
  });

  test('OUTPUTS names each output stream\'s kind and name (resolved at deploy)', () => {
    expect(stack.resolve(app.outputBindings)).toEqual({
      CLICKS_PER_MINUTE: { kind: 'kinesis', name: { Ref: expect.stringMatching(/^AnalyticsClicksPerMinuteOutput/) } },
      TOP_PAGES: { kind: 'kinesis', name: { Ref: expect.stringMatching(/^AnalyticsTopPagesOutput/) } },
    });
    const outputs = onlyResource(t, 'AWS::Lambda::Function').Properties.Environment.Variables.OUTPUTS;
    const joined = JSON.stringify(outputs);
    expect(joined).toContain('\\"CLICKS_PER_MINUTE\\":{\\"kind\\":\\"kinesis\\",\\"name\\":\\"');
    expect(joined).toContain('\\"TOP_PAGES\\":{\\"kind\\":\\"kinesis\\",\\"name\\":\\"');
  });

  test('new output streams are encrypted, provisioned, one shard', () => {
    t.resourceCountIs('AWS::Kinesis::Stream', 3);
    const outputs = Object.entries(t.findResources('AWS::Kinesis::Stream')).filter(([id]) => id.startsWith('Analytics'));
    expect(outputs).toHaveLength(2);
    for (const [, r] of outputs as Array<[string, any]>) {
      expect(r.Properties).toMatchObject({
        ShardCount: 1, RetentionPeriodHours: 24, StreamModeDetails: { StreamMode: 'PROVISIONED' },
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      });
    }
  });

  test('event source mapping: in order per shard, bisect, retries, max age, on-failure queue, LATEST, batching', () => {
    const esm = onlyResource(t, 'AWS::Lambda::EventSourceMapping');
    expect(esm.Properties).toMatchObject({
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86400,
      StartingPosition: 'LATEST',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 5,
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^Source/), 'Arn'] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^AnalyticsOnFailureQueue/), 'Arn'] } } },
    });
  });

  test('the on-failure queue is encrypted and TLS-only', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('an EventBridge rule ticks the function every minute with {"action":"tick"}', () => {
    const rule = onlyResource(t, 'AWS::Events::Rule');
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(rule.Properties.Targets[0]).toMatchObject({ Input: '{"action":"tick"}', Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AnalyticsFunction/), 'Arn'] } });
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
  });

  test('the state bucket is encrypted, TLS-only, private, versioned with noncurrent expiry, access-logged', () => {
    const buckets = Object.entries(t.findResources('AWS::S3::Bucket')) as Array<[string, any]>;
    const [, state] = buckets.find(([id]) => id.startsWith('AnalyticsStateBucket'))!;
    expect(state.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AnalyticsAccessLogs/) }, LogFilePrefix: 'analytics-state/' },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^AnalyticsStateBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('IAM: state objects under the prefix, listing the prefix, reading the source, PutRecords on each output', () => {
    const statements = policyStatements(t);
    const find = (action: string) => statements.filter((s) => actionsOf(s).includes(action));
    expect(find('s3:GetObject')).toHaveLength(1);
    expect(actionsOf(find('s3:GetObject')[0]!).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(stack.resolve(find('s3:GetObject')[0]!.Resource)).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^AnalyticsStateBucket/), 'Arn'] }, '/sql-runtime/*']],
    });
    expect(find('s3:ListBucket')[0]).toMatchObject({ Condition: { StringLike: { 's3:prefix': ['sql-runtime/*'] } } });
    expect(find('kinesis:GetRecords')).toHaveLength(1);
    expect(find('kinesis:GetRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Source/), 'Arn'] });
    expect(actionsOf(find('kinesis:ListShards').find((s) => actionsOf(s).includes('kinesis:DescribeStreamSummary'))!)).toEqual(
      expect.arrayContaining(['kinesis:ListShards', 'kinesis:DescribeStreamSummary']),
    );
    const puts = find('kinesis:PutRecords');
    const putTargets = puts.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).map((r: any) => r['Fn::GetAtt'][0]).sort();
    expect(putTargets).toEqual([expect.stringMatching(/^AnalyticsClicksPerMinuteOutput/), expect.stringMatching(/^AnalyticsTopPagesOutput/)]);
    for (const s of puts) expect(actionsOf(s)).toEqual(['kinesis:PutRecords']);
    // Nothing writes the source stream.
    expect(find('kinesis:PutRecord')).toEqual([]);
  });

  test('alarms: iterator age (Maximum > 5 min), errors, throttles, failed batches; all notify the topic', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge', Namespace: 'AWS/Lambda', Statistic: 'Maximum', Threshold: 300000, ComparisonOperator: 'GreaterThanThreshold',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
    });
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms).toHaveLength(4);
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
    const dashboard = JSON.stringify(onlyResource(t, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody);
    expect(dashboard).toContain('Analytics: iterator age (ms)');
    expect(dashboard).toContain('Analytics Lambda: invocations, errors, throttles');
  });

  test('without a monitoring stage the alarms exist without actions (errors alarm included)', () => {
    const { t: plain, app: a } = build({}, false);
    expect(a.alarms).toHaveLength(3);
    const alarms = Object.values(plain.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.map((x) => x.Properties.MetricName).sort()).toEqual(['ApproximateNumberOfMessagesVisible', 'Errors', 'IteratorAge']);
    for (const x of alarms) expect(x.Properties.AlarmActions).toBeUndefined();
  });

  test('props reach the mapping, the environment and the alarm', () => {
    const { t: tuned } = build({
      batchSize: 100, retryAttempts: 3, maxRecordAge: Duration.hours(6), maxBatchingWindow: Duration.seconds(0),
      boundLag: Duration.seconds(30), statePrefix: 'state/', iteratorAgeThreshold: Duration.minutes(2), memorySize: 2048,
    });
    expect(onlyResource(tuned, 'AWS::Lambda::EventSourceMapping').Properties).toMatchObject({
      BatchSize: 100, MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 21600, MaximumBatchingWindowInSeconds: 0,
    });
    expect(onlyResource(tuned, 'AWS::Lambda::Function').Properties).toMatchObject({
      MemorySize: 2048, Environment: { Variables: expect.objectContaining({ BOUND_LAG_SECONDS: '30', STATE_PREFIX: 'state/' }) },
    });
    tuned.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 120000 });
  });

  test('firehose and lambda outputs: PutRecordBatch on the delivery stream, InvokeFunction on the function', () => {
    const stack2 = testStack();
    const source = new kinesis.Stream(stack2, 'Source', { encryption: kinesis.StreamEncryption.MANAGED });
    const sink = lambda.Function.fromFunctionArn(stack2, 'Sink', 'arn:aws:lambda:eu-west-1:123456789012:function:top-pages');
    const existing = kinesis.Stream.fromStreamArn(stack2, 'Existing', 'arn:aws:kinesis:eu-west-1:123456789012:stream/minute-stats');
    const a = new AnalyticsApplication(stack2, 'A', {
      source, sql: SQL, inputSchema: SCHEMA,
      outputs: {
        CLICKS_PER_MINUTE: { kind: 'firehose', deliveryStreamName: 'minute-stats' },
        TOP_PAGES: { kind: 'lambda', function: sink },
        SESSION_MINUTES: { kind: 'kinesis', stream: existing },
      },
    });
    const t2 = template(stack2);
    t2.resourceCountIs('AWS::Kinesis::Stream', 1);
    expect(stack2.resolve(a.outputBindings)).toEqual({
      CLICKS_PER_MINUTE: { kind: 'firehose', name: 'minute-stats' },
      TOP_PAGES: { kind: 'lambda', name: 'top-pages' },
      SESSION_MINUTES: { kind: 'kinesis', name: 'minute-stats' },
    });
    const statements = policyStatements(t2);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'firehose:PutRecordBatch', Resource: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/minute-stats' }),
      expect.objectContaining({ Action: 'kinesis:PutRecords', Resource: 'arn:aws:kinesis:eu-west-1:123456789012:stream/minute-stats' }),
    ]));
    const invoke = statements.find((s) => actionsOf(s).includes('lambda:InvokeFunction'))!;
    // The function itself, not its versions and aliases (`:*`).
    expect(invoke.Resource).toBe('arn:aws:lambda:eu-west-1:123456789012:function:top-pages');
  });

  test('the application is baked into the bundle with esbuild define (not an env var)', () => {
    const fnNode = app.function.node.defaultChild as lambda.CfnFunction;
    expect(fnNode).toBeDefined();
    expect(SQL_APPLICATION_DEFINE).toBe('process.env.CLICKSTREAM_SQL_APPLICATION');
    expect(JSON.stringify(onlyResource(t, 'AWS::Lambda::Function').Properties)).not.toContain('CREATE OR REPLACE');
  });
});

describe('AnalyticsApplication synth-time validation', () => {
  const base = () => {
    const stack = testStack();
    return { stack, source: new kinesis.Stream(stack, 'Source', { encryption: kinesis.StreamEncryption.MANAGED }) };
  };
  const attempt = (props: Partial<AnalyticsApplicationProps>) => thrown(() => {
    const { stack, source } = base();
    new AnalyticsApplication(stack, 'A', { source, sql: SQL, inputSchema: SCHEMA, outputs: { TOP_PAGES: { kind: 'kinesis' } }, ...props });
  });

  test('a syntax error fails with line, column, the source line and a caret', () => {
    const sql = [
      'CREATE OR REPLACE STREAM "OUT" (n INTEGER);',
      'CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"',
      '  SELECT STREAM COUNT(*)',
      '  FORM "SOURCE_SQL_STREAM_001";',
    ].join('\n');
    expect(attempt({ sql, outputs: { OUT: { kind: 'kinesis' } } })).toBe([
      'AnalyticsApplication: sql is not a valid Kinesis Analytics SQL application:',
      "line 4, column 3: expected FROM but found 'FORM'",
      '4 |   FORM "SOURCE_SQL_STREAM_001";',
      '  |   ^^^^',
    ].join('\n'));
  });

  test('an analysis error (unknown column) fails with line and column', () => {
    const sql = [
      'CREATE OR REPLACE STREAM "OUT" (u VARCHAR(8));',
      'CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"',
      '  SELECT STREAM "pageUrl" FROM "SOURCE_SQL_STREAM_001";',
    ].join('\n');
    const message = attempt({ sql, outputs: { OUT: { kind: 'kinesis' } } });
    expect(message).toMatch(/^AnalyticsApplication: sql is not a valid Kinesis Analytics SQL application:\nline 3, column 17: /);
    expect(message.split('\n').slice(2)).toEqual(['3 |   SELECT STREAM "pageUrl" FROM "SOURCE_SQL_STREAM_001";', '  |                 ^^^^^^^^^']);
  });

  test('an output naming no in-application stream is refused, listing the streams', () => {
    expect(attempt({ outputs: { TOP_PAGE: { kind: 'kinesis' } } })).toBe(
      'AnalyticsApplication: outputs.TOP_PAGE must name an in-application stream of the application '
      + '(streams: SESSION_MINUTES, CLICKS_PER_MINUTE, TOP_PAGES; names are case-sensitive)',
    );
    expect(attempt({ outputs: { SOURCE_SQL_STREAM_001: { kind: 'kinesis' } } })).toMatch(/outputs\.SOURCE_SQL_STREAM_001 must name an in-application stream/);
  });

  test('no outputs at all is refused', () => {
    expect(attempt({ outputs: {} })).toBe(
      'AnalyticsApplication: outputs must send at least one in-application stream somewhere (streams: SESSION_MINUTES, CLICKS_PER_MINUTE, TOP_PAGES)',
    );
  });

  test('a bad InputSchema is refused naming the schema path', () => {
    const bad = { ...SCHEMA, RecordColumns: [{ Name: 'eventType', Mapping: '$.eventType', SqlType: 'VARCHAR(0)' }] };
    expect(attempt({ inputSchema: bad })).toMatch(/^AnalyticsApplication: inputSchema is not a valid Kinesis Analytics InputSchema: InputSchema\.RecordColumns\[0\]\.SqlType: /);
    expect(attempt({ inputSchema: { RecordColumns: [] } as never })).toMatch(/^AnalyticsApplication: inputSchema is not a valid Kinesis Analytics InputSchema: InputSchema\.RecordFormat/);
  });

  test('a bad firehose name and out-of-range tuning are refused with the prop', () => {
    expect(attempt({ outputs: { TOP_PAGES: { kind: 'firehose', deliveryStreamName: 'bad name' } } }))
      .toBe('AnalyticsApplication: outputs.TOP_PAGES.deliveryStreamName must match [a-zA-Z0-9_.-]+ (got "bad name")');
    expect(attempt({ batchSize: 10001 })).toBe('AnalyticsApplication: batchSize must be an integer from 1 to 10000 (got 10001)');
    expect(attempt({ maxRecordAge: Duration.seconds(30) })).toMatch(/^AnalyticsApplication: maxRecordAge must be a whole number of seconds from 60 to 604800/);
    expect(attempt({ statePrefix: 'no-slash' })).toMatch(/^AnalyticsApplication: statePrefix must be empty or end with "\/"/);
  });

  test('nothing is created when validation fails', () => {
    const stack = new Stack();
    const source = new kinesis.Stream(stack, 'S');
    expect(() => new AnalyticsApplication(stack, 'A', { source, sql: 'SELECT', inputSchema: SCHEMA, outputs: {} })).toThrow(/sql is not a valid/);
    expect(stack.node.tryFindChild('A')?.node.children ?? []).toEqual([]);
  });
});
