import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FlinkAnalyticsApplication, FlinkAnalyticsApplicationProps, KDA_V2_LIMITS, RUNNER_CONTRACT, splitPropertyValue, statementPropertyGroups,
} from '../../../lib/analytics/flink-application';
import { PipelineMonitoring } from '../../../lib/monitoring/pipeline-monitoring';
import { actionsOf, onlyResource, policyStatements, template, testStack } from '../helpers';
import { SCHEMA, SQL } from './fixtures';

const MODEL = path.join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'aws-models', 'kinesisanalyticsv2-2018-05-23.json');

function build(overrides: Partial<FlinkAnalyticsApplicationProps> = {}) {
  const stack = testStack();
  const source = new kinesis.Stream(stack, 'Source', { encryption: kinesis.StreamEncryption.MANAGED });
  const jars = s3.Bucket.fromBucketArn(stack, 'Jars', 'arn:aws:s3:::clickstream-artifacts');
  const app = new FlinkAnalyticsApplication(stack, 'Flink', {
    source,
    sql: SQL,
    inputSchema: SCHEMA,
    outputs: { CLICKS_PER_MINUTE: { kind: 'kinesis' }, TOP_PAGES: { kind: 'firehose', deliveryStreamName: 'top-pages' } },
    jar: { bucket: jars, key: 'flink/kda-sql-runner.jar' },
    monitoring: new PipelineMonitoring(stack, 'Monitoring'),
    ...overrides,
  });
  return { stack, app, t: template(stack) };
}

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** The statements back from the property groups, per the runner contract. */
function statementsFromProperties(groups: Array<{ PropertyGroupId: string; PropertyMap: Record<string, unknown> }>, stack: Stack): string[] {
  const entries = groups
    .filter((g) => g.PropertyGroupId === 'SqlStatements' || g.PropertyGroupId.startsWith('SqlStatements.'))
    .flatMap((g) => Object.entries(g.PropertyMap));
  const byStatement = new Map<string, Array<[string, string]>>();
  for (const [key, value] of entries) {
    const m = /^statement\.(\d{3})(?:\.part\.(\d{3}))?$/.exec(key);
    if (!m) throw new Error(`unexpected key ${key}`);
    const text = typeof value === 'string' ? value : JSON.stringify(stack.resolve(value));
    byStatement.set(m[1]!, [...(byStatement.get(m[1]!) ?? []), [m[2] ?? '000', text]]);
  }
  return [...byStatement.keys()].sort().map((k) => byStatement.get(k)!.sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v).join(''));
}

describe('FlinkAnalyticsApplication', () => {
  const { stack, app, t } = build();
  const application = onlyResource(t, 'AWS::KinesisAnalyticsV2::Application');
  const config = application.Properties.ApplicationConfiguration;

  test('a streaming Flink 1.20 application running the user\'s jar from S3', () => {
    expect(application.Properties).toMatchObject({ RuntimeEnvironment: 'FLINK-1_20', ApplicationMode: 'STREAMING' });
    expect(config.ApplicationCodeConfiguration).toEqual({
      CodeContentType: 'ZIPFILE',
      CodeContent: { S3ContentLocation: { BucketARN: 'arn:aws:s3:::clickstream-artifacts', FileKey: 'flink/kda-sql-runner.jar' } },
    });
    expect(config.ApplicationSnapshotConfiguration).toEqual({ SnapshotsEnabled: true });
  });

  test('checkpointing, autoscaling, application-level metrics and INFO logs', () => {
    expect(config.FlinkApplicationConfiguration).toEqual({
      CheckpointConfiguration: { ConfigurationType: 'DEFAULT' },
      ParallelismConfiguration: { ConfigurationType: 'CUSTOM', AutoScalingEnabled: true, Parallelism: 1, ParallelismPerKPU: 1 },
      MonitoringConfiguration: { ConfigurationType: 'CUSTOM', LogLevel: 'INFO', MetricsLevel: 'APPLICATION' },
    });
    const logging = onlyResource(t, 'AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption');
    expect(logging.Properties.ApplicationName).toEqual({ Ref: expect.stringMatching(/^FlinkApplication/) });
    expect(JSON.stringify(logging.Properties.CloudWatchLoggingOption.LogStreamARN)).toMatch(/:log-stream:/);
    t.resourceCountIs('AWS::Logs::LogStream', 1);
  });

  test('the translated statements are the runtime properties, in order, per the runner contract', () => {
    const groups = config.EnvironmentProperties.PropertyGroups;
    expect(groups.map((g: any) => g.PropertyGroupId)).toEqual(['SqlRunner', 'SqlStatements']);
    expect(groups[0].PropertyMap).toEqual({ 'statement.count': String(app.statements.length), 'contract.version': '1' });
    expect(Object.keys(groups[1].PropertyMap)).toEqual(app.statements.map((_, i) => `statement.${String(i).padStart(3, '0')}`));
    expect(app.statements[0]).toMatch(/^CREATE TABLE `SOURCE_SQL_STREAM_001`/);
    expect(app.statements.filter((s) => s.startsWith('INSERT INTO'))).toHaveLength(2);
    // Stream names and the Region are resolved at deploy time, inside the statements.
    const sourceTable = stack.resolve(groups[1].PropertyMap['statement.000']);
    expect(JSON.stringify(sourceTable)).toMatch(/"Ref":"Source/);
    expect(JSON.stringify(sourceTable)).toContain("'aws.region' = 'eu-west-1'");
    expect(app.notes.length).toBeGreaterThan(0);
  });

  test('role: read the source, write the sink stream and delivery stream, read the jar, write its log stream', () => {
    const role = onlyResource(t, 'AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'kinesisanalytics.amazonaws.com' });
    const statements = policyStatements(t);
    const has = (action: string) => statements.filter((s) => actionsOf(s).includes(action));
    expect(has('kinesis:GetRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Source/), 'Arn'] });
    expect(has('kinesis:PutRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FlinkClicksPerMinuteOutput/), 'Arn'] });
    expect(has('firehose:PutRecordBatch')[0]!.Resource).toBe('arn:aws:firehose:eu-west-1:123456789012:deliverystream/top-pages');
    expect(actionsOf(has('s3:GetObject')[0]!)).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(has('s3:GetObject')[0]!.Resource).toBe('arn:aws:s3:::clickstream-artifacts/flink/kda-sql-runner.jar');
    expect(JSON.stringify(has('logs:PutLogEvents')[0]!.Resource)).toContain(':log-stream:');
    // The source is only read.
    expect(JSON.stringify(has('kinesis:PutRecords'))).not.toMatch(/"Source/);
  });

  test('alarms on downtime and failed checkpoints notify the pipeline topic', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual(['downtime', 'numberOfFailedCheckpoints']);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({ Namespace: 'AWS/KinesisAnalytics', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
      expect(a.Properties.Dimensions).toEqual([{ Name: 'Application', Value: { Ref: expect.stringMatching(/^FlinkApplication/) } }]);
    }
  });

  test('a local jar is uploaded as an asset; tuning reaches the configuration', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'));
    const jar = path.join(dir, 'runner.jar');
    fs.writeFileSync(jar, 'PK\u0003\u0004 not a real jar');
    const { t: local } = build({ jar: { localPath: jar }, parallelism: 4, parallelismPerKpu: 2, autoScaling: false, checkpointInterval: Duration.seconds(30) });
    const props = onlyResource(local, 'AWS::KinesisAnalyticsV2::Application').Properties.ApplicationConfiguration;
    expect(props.ApplicationCodeConfiguration.CodeContent.S3ContentLocation.FileKey).toMatch(/^[0-9a-f]{64}\.jar$/);
    expect(props.FlinkApplicationConfiguration.CheckpointConfiguration).toEqual({
      ConfigurationType: 'CUSTOM', CheckpointingEnabled: true, CheckpointInterval: 30000, MinPauseBetweenCheckpoints: 5000,
    });
    expect(props.FlinkApplicationConfiguration.ParallelismConfiguration).toEqual({
      ConfigurationType: 'CUSTOM', AutoScalingEnabled: false, Parallelism: 4, ParallelismPerKPU: 2,
    });
  });

  test('invalid props are refused with the prop', () => {
    expect(thrown(() => build({ outputs: { TOP_PAGES: { kind: 'lambda', function: lambda.Function.fromFunctionArn(new Stack(), 'F', 'arn:aws:lambda:eu-west-1:1:function:f') } } })))
      .toBe('FlinkAnalyticsApplication: outputs.TOP_PAGES.kind must be kinesis or firehose: Flink has no Lambda sink (got "lambda")');
    expect(thrown(() => build({ runtimeEnvironment: 'SQL-1_0' }))).toMatch(/^FlinkAnalyticsApplication: runtimeEnvironment must be one of FLINK-1_6, .*FLINK-1_20/);
    expect(thrown(() => build({ parallelismPerKpu: 9 }))).toBe('FlinkAnalyticsApplication: parallelismPerKpu must be an integer from 1 to 8 (got 9)');
    expect(thrown(() => build({ jar: { localPath: 'runner.zip' } }))).toBe('FlinkAnalyticsApplication: jar.localPath must name a .jar file (got "runner.zip")');
    expect(thrown(() => build({ outputs: { NOPE: { kind: 'kinesis' } } }))).toMatch(/^FlinkAnalyticsApplication: outputs\.NOPE must name an in-application stream/);
  });

  test('an invalid application fails with line and column, like the Lambda runtime', () => {
    const sql = 'CREATE OR REPLACE STREAM "OUT" (n INTEGER);\nCREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM COUNT(*) FORM "SOURCE_SQL_STREAM_001";';
    expect(thrown(() => build({ sql, outputs: { OUT: { kind: 'kinesis' } } }))).toBe([
      'FlinkAnalyticsApplication: sql is not a valid Kinesis Analytics SQL application:',
      "line 2, column 72: expected FROM but found 'FORM'",
      '2 | CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM COUNT(*) FORM "SOURCE_SQL_STREAM_001";',
      '  |                                                                        ^^^^',
    ].join('\n'));
  });

  test('a valid KDA application without a Flink equivalent fails with its position', () => {
    const sql = [
      'CREATE OR REPLACE STREAM "SCORES" (url VARCHAR(2048), ANOMALY_SCORE DOUBLE);',
      'CREATE OR REPLACE PUMP "P" AS INSERT INTO "SCORES"',
      '  SELECT STREAM "url", ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM "url", CAST(1 AS DOUBLE) AS x FROM "SOURCE_SQL_STREAM_001")));',
    ].join('\n');
    const message = thrown(() => build({ sql, outputs: { SCORES: { kind: 'kinesis' } } }));
    expect(message).toMatch(/^FlinkAnalyticsApplication: sql cannot be translated to Flink SQL:\nline 3, column \d+: .*RANDOM_CUT_FOREST.*no Flink SQL equivalent/);
    expect(message.split('\n')[2]).toMatch(/^3 \|   SELECT STREAM/);
    expect(message.split('\n')[3]).toMatch(/^ {2}\| +\^+$/);
  });
});

describe('runtime properties: splitting statements within the AWS model\'s limits', () => {
  test('the limits match the kinesisanalyticsv2 model (when the model is at hand)', () => {
    if (!fs.existsSync(MODEL)) return;
    const shapes = JSON.parse(fs.readFileSync(MODEL, 'utf8')).shapes;
    expect(KDA_V2_LIMITS.propertyValueMaxLength).toBe(shapes.PropertyValue.max);
    expect(KDA_V2_LIMITS.propertiesPerGroup).toBe(shapes.PropertyMap.max);
    expect(KDA_V2_LIMITS.propertyGroups).toBe(shapes.PropertyGroups.max);
    expect(KDA_V2_LIMITS.propertyGroupIdPattern.source).toBe(`^${shapes.Id.pattern.replace(/\+$/, '')}{${shapes.Id.min},${shapes.Id.max}}$`);
    expect(KDA_V2_LIMITS.flinkRuntimes).toEqual(shapes.RuntimeEnvironment.enum.filter((r: string) => r.startsWith('FLINK-')));
  });

  test('a long statement is split into ordered parts of at most 2,048 characters that join back to it', () => {
    const long = `INSERT INTO \`OUT\` SELECT ${Array.from({ length: 1000 }, (_, i) => `\`c${i}\``).join(', ')} FROM \`SRC\``;
    expect(long.length).toBeGreaterThan(2 * 2048);
    const groups = statementPropertyGroups(['CREATE TABLE `SRC` (x INT)', long]);
    const map = groups[1]!.propertyMap as Record<string, string>;
    const keys = Object.keys(map);
    expect(keys[0]).toBe('statement.000');
    expect(keys.slice(1)).toEqual(Array.from({ length: keys.length - 1 }, (_, j) => RUNNER_CONTRACT.statementKey(1, j)));
    expect(keys.slice(1).map((k) => map[k]).join('')).toBe(long);
    for (const v of Object.values(map)) expect(v.length).toBeLessThanOrEqual(2048);
    expect(keys.slice(1).length).toBe(Math.ceil(long.length / 2048));
  });

  test('never splits inside a surrogate pair or a deploy-time token, counting a token as 256 characters', () => {
    const emoji = 'a'.repeat(2047) + '😀' + 'b';
    expect(splitPropertyValue(emoji)).toEqual(['a'.repeat(2047), '😀b']);
    const token = '${Token[TOKEN.42]}';
    const parts = splitPropertyValue('x'.repeat(1900) + token + 'y'.repeat(10));
    expect(parts).toEqual(['x'.repeat(1900), token + 'y'.repeat(10)]);
    expect(splitPropertyValue('short')).toEqual(['short']);
  });

  test('more than 50 values continue in SqlStatements.1, ...; too many for the service are refused', () => {
    const groups = statementPropertyGroups(Array.from({ length: 120 }, (_, i) => `CREATE TEMPORARY VIEW v${i} AS SELECT 1`));
    expect(groups.map((g) => g.propertyGroupId)).toEqual(['SqlRunner', 'SqlStatements', 'SqlStatements.1', 'SqlStatements.2']);
    expect(groups.map((g) => Object.keys(g.propertyMap as object).length)).toEqual([2, 50, 50, 20]);
    for (const g of groups) expect(g.propertyGroupId).toMatch(KDA_V2_LIMITS.propertyGroupIdPattern);
    expect(() => statementPropertyGroups(Array.from({ length: 49 * 50 + 1 }, () => 'SELECT 1')))
      .toThrow(/^FlinkAnalyticsApplication: sql translates to 2451 property values of at most 2048 characters, more than the 49 groups of 50/);
  });

  test('a round trip through the template gives the translated statements back', () => {
    const { stack, app, t } = build();
    const groups = onlyResource(t, 'AWS::KinesisAnalyticsV2::Application').Properties.ApplicationConfiguration.EnvironmentProperties.PropertyGroups;
    const back = statementsFromProperties(groups, stack);
    expect(back).toHaveLength(app.statements.length);
    expect(back[7]).toBe(app.statements[7]);
  });
});
