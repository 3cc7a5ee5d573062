import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { VerifierFunction, type VerifierFunctionProps } from '../../../lib/analytics/verifier-function';
import { actionsOf, ENV, onlyResource, policyStatements, template, testStack } from '../helpers';

const SCHEMA = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [{ Name: 'eventType', Mapping: '$.eventType', SqlType: 'VARCHAR(16)' }],
};
const SQL = `CREATE OR REPLACE STREAM "PER_MINUTE" (event_type VARCHAR(16), events INTEGER);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "PER_MINUTE" SELECT STREAM "eventType", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY "eventType", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);`;

function build(props: Partial<VerifierFunctionProps> = {}) {
  const stack = testStack();
  const stream = new kinesis.Stream(stack, 'Clicks', { shardCount: 2, encryption: kinesis.StreamEncryption.MANAGED });
  const verifier = new VerifierFunction(stack, 'Verifier', { stream, ...props });
  return { stack, stream, verifier, t: template(stack) };
}

describe('VerifierFunction', () => {
  test('newest Node runtime on arm64, its own log group and role, the sample settings in the environment', () => {
    const { t } = build({ provisionedShards: 2 });
    const fn = onlyResource(t, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 300, MemorySize: 512, Handler: 'index.handler' });
    expect(fn.Properties['LoggingConfig'].LogGroup).toEqual({ Ref: expect.stringMatching(/^VerifierLogs/) });
    expect(fn.Properties['Role']).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^VerifierRole/), 'Arn'] });
    expect(fn.Properties['Environment'].Variables).toEqual({
      POWERTOOLS_SERVICE_NAME: 'clickstream-verifier',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'Clickstream/Verifier',
      STREAM_NAME: { Ref: expect.stringMatching(/^Clicks/) },
      SAMPLE_LIMIT: '1000',
      SAMPLE_SECONDS: '300',
      PROVISIONED_SHARDS: '2',
    });
  });

  test('reads the stream (ListShards, GetShardIterator, GetRecords) and nothing it does not need', () => {
    const { t } = build();
    const statements = policyStatements(t);
    const read = statements.find((s) => actionsOf(s).includes('kinesis:GetRecords'));
    expect(actionsOf(read!)).toEqual(expect.arrayContaining(['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords']));
    expect(read!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Clicks/), 'Arn'] });
    const all = statements.flatMap(actionsOf);
    expect(all.filter((a) => /Put|Create|Delete/.test(a) && a.startsWith('kinesis:'))).toEqual([]);
    expect(all).not.toContain('cloudwatch:PutMetricData'); // metrics go out as EMF log lines
  });

  test('runs hourly by default through an EventBridge rule, with an alarm when a check is not ok', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VerifierFunction'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    t.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Clickstream/Verifier', MetricName: 'VerifierOk', Statistic: 'Minimum', Period: 3600, Threshold: 1,
      ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'notBreaching',
      Dimensions: Match.arrayWith([{ Name: 'service', Value: 'clickstream-verifier' }]),
    });
  });

  test('a custom schedule, or none', () => {
    build({ schedule: Duration.minutes(15) }).t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    const { t, verifier } = build({ schedule: false });
    t.resourceCountIs('AWS::Events::Rule', 0);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(verifier.rule).toBeUndefined();
  });

  test('analytics: the output stream goes to the environment (the SQL into the bundle), and the function may read it', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Clicks', { shardCount: 1 });
    const out = new kinesis.Stream(stack, 'Out', { shardCount: 1 });
    new VerifierFunction(stack, 'Verifier', { stream, analytics: { sql: SQL, inputSchema: SCHEMA, outputStream: out } });
    const t = template(stack);
    const vars = onlyResource(t, 'AWS::Lambda::Function').Properties['Environment'].Variables;
    expect(vars).toMatchObject({ ANALYTICS_OUTPUT_STREAM: { Ref: expect.stringMatching(/^Out/) } });
    // Lambda's environment holds 4 KB: the application is baked into the bundle instead (see the bundle tests).
    expect(vars).not.toHaveProperty('ANALYTICS_SQL');
    expect(vars).not.toHaveProperty('ANALYTICS_SCHEMA');
    const resources = policyStatements(t).filter((s) => actionsOf(s).includes('kinesis:GetRecords')).flatMap((s) => s.Resource as unknown[]);
    expect(resources).toEqual(expect.arrayContaining([
      { 'Fn::GetAtt': [expect.stringMatching(/^Clicks/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^Out/), 'Arn'] },
    ]));
  });

  test.each([
    [{ sampleLimit: 0 }, /VerifierFunction: sampleLimit must be an integer from 1 to 100000/],
    [{ sampleSeconds: 1.5 }, /sampleSeconds must be an integer/],
    [{ provisionedShards: 0 }, /provisionedShards must be an integer/],
    [{ schedule: Duration.seconds(30) }, /schedule must be at least 1 minute/],
  ])('%j is refused with the prop and the allowed range', (props, message) => {
    expect(() => build(props as Partial<VerifierFunctionProps>)).toThrow(message);
  });

  test('an analytics application that does not compile fails synth, naming analytics.sql', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Clicks');
    expect(() => new VerifierFunction(stack, 'Verifier', { stream, analytics: { sql: 'SELECT STREAM FROM', inputSchema: SCHEMA, outputStream: stream } }))
      .toThrow(/VerifierFunction: analytics.sql must be a valid Kinesis Analytics SQL application/);
  });
});

describe('VerifierFunction bundle', () => {
  /** Bundles for real (esbuild, no Docker), offline. */
  const app = new App();
  const stack = new Stack(app, 'Bundle', { env: ENV });
  const source = new kinesis.Stream(stack, 'S');
  new VerifierFunction(stack, 'V', { stream: source, analytics: { sql: SQL, inputSchema: SCHEMA, outputStream: new kinesis.Stream(stack, 'O') } });
  const assembly = app.synth();
  const assets = fs.readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));

  test('one self-contained file, the AWS SDK left to the runtime', () => {
    expect(assets).toHaveLength(1);
    const dir = path.join(assembly.directory, assets[0]!);
    expect(fs.readdirSync(dir)).toEqual(['index.js']);
    const code = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    expect(code.includes('require("@aws-sdk/client-kinesis")')).toBe(true);
    expect(code.length).toBeLessThan(2 * 1024 * 1024);
    // The analytics application, baked in by esbuild define: the handler no longer reads those variables.
    expect({
      sql: code.includes('PER_MINUTE'),
      readsSql: code.includes('process.env.ANALYTICS_SQL'),
      readsSchema: code.includes('process.env.ANALYTICS_SCHEMA'),
    }).toEqual({ sql: true, readsSql: false, readsSchema: false });
  });

  test('the bundled handler runs: without its configuration it refuses with the typed error', async () => {
    // The bundle leaves the AWS SDK to the Lambda runtime: load it with this repository's node_modules on its path.
    const file = path.join(assembly.directory, assets[0]!, 'index.js');
    const mod = new Module(file) as Module & { _compile(code: string, filename: string): void };
    mod.filename = file;
    mod.paths = module.paths;
    mod._compile(fs.readFileSync(file, 'utf8'), file);
    const { handler } = mod.exports as { handler: (event: unknown) => Promise<unknown> };
    // Compiled outside jest's sandbox, it sees the real environment, where no STREAM_NAME is set.
    await expect(handler({ limit: 10 })).rejects.toMatchObject({ name: 'VerifierInputError', field: 'STREAM_NAME' });
  });
});
