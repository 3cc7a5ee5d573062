import * as path from 'path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DELIVERY_STREAM_NAME } from '../../lambda/engine/firehose/limits';
import { SqlAnalysisError, formatAnalysisError } from '../../lambda/engine/sql/analyze';
import { InputSchemaError, type InputSchema } from '../../lambda/engine/sql/input';
import { compileApplication, type CompiledApplication } from '../../lambda/engine/sql/runtime';
import { SqlSyntaxError, formatSqlError } from '../../lambda/engine/sql/syntax';
import { acknowledgeWildcardResource } from '../core/nag';
import { checkDurationSeconds, checkIntegerRange, checkLength, checkPattern, PropValidationError } from '../core/validation';
import { createAccessLogsBucket, createSecureBucket } from '../delivery/secure-bucket';
import { NEWEST_NODE_RUNTIME } from '../delivery/transform-function';
import type { PipelineMonitoring } from '../monitoring/pipeline-monitoring';

/** Where the rows of one in-application stream go. */
export type AnalyticsOutput =
  /** A Kinesis data stream; without `stream`, a new encrypted one-shard provisioned stream. */
  | { readonly kind: 'kinesis'; readonly stream?: kinesis.IStream }
  /** An existing Firehose delivery stream (Direct PUT), by name. */
  | { readonly kind: 'firehose'; readonly deliveryStreamName: string }
  /** A Lambda function, invoked synchronously with a batch of rows. */
  | { readonly kind: 'lambda'; readonly function: lambda.IFunction };

/** What every analytics runtime takes: the source stream and the Kinesis Analytics SQL application. */
export interface AnalyticsApplicationBaseProps {
  /** The stream the application reads (its records are the input stream `SOURCE_SQL_STREAM_001`). */
  readonly source: kinesis.IStream;
  /** The Kinesis Data Analytics SQL application: `CREATE STREAM` / `CREATE PUMP` statements. */
  readonly sql: string;
  /** The Kinesis Analytics `InputSchema` of the source records (CreateApplication's shape). */
  readonly inputSchema: InputSchema;
  /** Destination of each in-application stream, by stream name; at least one. */
  readonly outputs: Readonly<Record<string, AnalyticsOutput>>;
  /** Alarms go to its topic and graphs to its dashboard. @default - alarms without actions, no dashboard */
  readonly monitoring?: PipelineMonitoring;
}

export interface AnalyticsApplicationProps extends AnalyticsApplicationBaseProps {
  /** Where the state bucket's server access logs go. @default - a new access-logs bucket */
  readonly accessLogsBucket?: s3.IBucket;
  /** Records per invocation: 1 to 10,000. @default 500 */
  readonly batchSize?: number;
  /** How long the event source mapping gathers records before invoking: 0 to 300 s. @default Duration.seconds(5) */
  readonly maxBatchingWindow?: Duration;
  /** Retries of a failing batch (after bisection) before it goes to the on-failure queue: 0 to 10,000. @default 10 */
  readonly retryAttempts?: number;
  /** Records older than this are not retried but sent to the on-failure queue: 60 s to 7 days. @default Duration.days(1) */
  readonly maxRecordAge?: Duration;
  /** Alarm when the function's IteratorAge (Maximum) exceeds this. @default Duration.minutes(5) */
  readonly iteratorAgeThreshold?: Duration;
  /**
   * How far behind the newest record's arrival time the runtime keeps its rowtime bound (windows close
   * this long after their end when records keep arriving, at the next minute tick otherwise): 0 to 3600 s.
   * @default Duration.seconds(60)
   */
  readonly boundLag?: Duration;
  /** Where the runtime keeps its state in the state bucket. @default 'sql-runtime/' */
  readonly statePrefix?: string;
  /** Memory of the function: 128 to 10,240 MiB. @default 1024 */
  readonly memorySize?: number;
  /** Timeout of one invocation: 10 s to 15 minutes. @default Duration.minutes(2) */
  readonly timeout?: Duration;
  /** How long the function's logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** The value of the runtime's `OUTPUTS` environment variable, per in-application stream. */
export interface OutputBinding {
  readonly kind: AnalyticsOutput['kind'];
  readonly name: string;
}

const OWNER = 'AnalyticsApplication';
const KINDS: readonly AnalyticsOutput['kind'][] = ['kinesis', 'firehose', 'lambda'];

/** The esbuild `define` key the SQL runtime reads the application from (Lambda env vars are limited to 4 KB). */
export const SQL_APPLICATION_DEFINE = 'process.env.CLICKSTREAM_SQL_APPLICATION';

/**
 * Compiles the application with the engine that runs it, at synth time. An invalid application, an
 * invalid InputSchema, or an output naming no in-application stream fails construction with the
 * prop, and for SQL the line, column, source line and caret.
 */
export function compileForSynth(owner: string, props: Pick<AnalyticsApplicationBaseProps, 'sql' | 'inputSchema' | 'outputs'>): CompiledApplication {
  let compiled: CompiledApplication;
  try {
    compiled = compileApplication(props.sql, props.inputSchema);
  } catch (e) {
    throw asPropError(owner, props.sql, e);
  }
  const names = Object.keys(props.outputs);
  const streams = [...compiled.streams.values()].filter((s) => !s.input && s.hidden !== true).map((s) => s.name);
  if (names.length === 0) {
    throw new PropValidationError(owner, 'outputs', `must send at least one in-application stream somewhere (streams: ${streams.join(', ') || 'none'})`);
  }
  for (const name of names) {
    if (!streams.includes(name)) {
      throw new PropValidationError(owner, `outputs.${name}`, `must name an in-application stream of the application (streams: ${streams.join(', ') || 'none'}; names are case-sensitive)`);
    }
    const output = props.outputs[name] as AnalyticsOutput;
    if (!KINDS.includes(output.kind)) throw new PropValidationError(owner, `outputs.${name}.kind`, `must be one of ${KINDS.join(', ')}`, output.kind);
    if (output.kind === 'firehose') {
      checkLength(owner, `outputs.${name}.deliveryStreamName`, output.deliveryStreamName, DELIVERY_STREAM_NAME);
      checkPattern(owner, `outputs.${name}.deliveryStreamName`, output.deliveryStreamName, DELIVERY_STREAM_NAME.pattern, `must match ${DELIVERY_STREAM_NAME.patternText}`);
    }
  }
  return compiled;
}

/** An engine error as the house's PropValidationError: the message quotes the formatted error. */
export function asPropError(owner: string, sql: string, e: unknown): Error {
  if (e instanceof SqlSyntaxError) {
    return new PropValidationError(owner, 'sql', `is not a valid Kinesis Analytics SQL application:\n${formatSqlError(sql, e)}`);
  }
  if (e instanceof SqlAnalysisError) {
    return new PropValidationError(owner, 'sql', `is not a valid Kinesis Analytics SQL application:\n${formatAnalysisError(sql, e)}`);
  }
  if (e instanceof InputSchemaError) {
    return new PropValidationError(owner, 'inputSchema', `is not a valid Kinesis Analytics InputSchema: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** The ARN of a Firehose delivery stream of this stack's account and Region. */
export function deliveryStreamArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'firehose', resource: 'deliverystream', resourceName: name });
}

/**
 * Writes to a stream: the given Kinesis actions on the stream and, for a customer managed key, only
 * kms:GenerateDataKey on that key (what a server-side-encrypted PutRecords needs; grantWrite would add
 * kms:Encrypt and the kms:ReEncrypt* and kms:GenerateDataKey* wildcards).
 */
export function grantStreamWrite(role: iam.IRole, stream: kinesis.IStream, actions: string[]): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [stream.streamArn] }));
  if (stream.encryptionKey) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [stream.encryptionKey.keyArn] }));
  }
}

/** A new output stream: encrypted (AWS managed key, set explicitly), provisioned, one shard, 24 h. */
export function newOutputStream(scope: Construct, id: string): kinesis.Stream {
  return new kinesis.Stream(scope, id, {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 1,
    retentionPeriod: Duration.hours(24),
    encryption: kinesis.StreamEncryption.MANAGED,
  });
}

/** A construct id from an in-application stream name (`TOP_PAGES` → `TopPages`). */
export function idOf(streamName: string): string {
  return streamName.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('') || 'Stream';
}

/**
 * Runtime 1 of the analytics stage: a Kinesis Data Analytics SQL application run by the engine in a
 * Lambda function (`lambda/handlers/sql-runtime.ts`). A Kinesis event source mapping feeds it each
 * shard in order (parallelization factor 1); a failing batch is bisected and retried, and what still
 * fails goes to an encrypted SQS queue, so no record is lost silently. An EventBridge rule invokes it
 * every minute with `{"action":"tick"}` so windows close when no records arrive. Its state (open
 * windows, rowtime bound) lives in an encrypted, TLS-only S3 bucket. Each output stream's rows go to a
 * Kinesis stream, a Firehose delivery stream or a Lambda function.
 *
 * The application is compiled at synth time by the engine's own parser and analyzer and baked into
 * the bundle (esbuild `define`), so an invalid application fails `cdk synth` with its line and column.
 */
export class AnalyticsApplication extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly stateBucket: s3.Bucket;
  readonly onFailureQueue: sqs.Queue;
  readonly eventSourceMapping: KinesisEventSource;
  readonly tickRule: events.Rule;
  /** The compiled application (streams, pumps) as the engine sees it. */
  readonly application: CompiledApplication;
  /** Each in-application stream's destination, as passed to the runtime in `OUTPUTS`. */
  readonly outputBindings: Readonly<Record<string, OutputBinding>>;
  /** Kinesis output streams by in-application stream name (new or given). */
  readonly outputStreams: Readonly<Record<string, kinesis.IStream>>;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AnalyticsApplicationProps) {
    super(scope, id);
    this.application = compileForSynth(OWNER, props);
    const batchSize = props.batchSize ?? 500;
    checkIntegerRange(OWNER, 'batchSize', batchSize, { min: 1, max: 10000 });
    const retryAttempts = props.retryAttempts ?? 10;
    checkIntegerRange(OWNER, 'retryAttempts', retryAttempts, { min: 0, max: 10000 });
    const maxBatchingWindow = props.maxBatchingWindow ?? Duration.seconds(5);
    checkDurationSeconds(OWNER, 'maxBatchingWindow', maxBatchingWindow, { min: 0, max: 300 });
    const maxRecordAge = props.maxRecordAge ?? Duration.days(1);
    checkDurationSeconds(OWNER, 'maxRecordAge', maxRecordAge, { min: 60, max: 604800 });
    const boundLag = props.boundLag ?? Duration.seconds(60);
    const boundLagSeconds = checkDurationSeconds(OWNER, 'boundLag', boundLag, { min: 0, max: 3600 }) as number;
    const iteratorAge = props.iteratorAgeThreshold ?? Duration.minutes(5);
    checkDurationSeconds(OWNER, 'iteratorAgeThreshold', iteratorAge, { min: 60, max: 604800 });
    const memorySize = props.memorySize ?? 1024;
    checkIntegerRange(OWNER, 'memorySize', memorySize, { min: 128, max: 10240 });
    const timeout = props.timeout ?? Duration.minutes(2);
    checkDurationSeconds(OWNER, 'timeout', timeout, { min: 10, max: 900 });
    const statePrefix = props.statePrefix ?? 'sql-runtime/';
    checkPattern(OWNER, 'statePrefix', statePrefix, /^[A-Za-z0-9!_.*'()/-]*\/$|^$/, 'must be empty or end with "/" (safe S3 key characters only)');

    this.stateBucket = createSecureBucket(this, 'StateBucket', {
      accessLogsBucket: props.accessLogsBucket ?? createAccessLogsBucket(this, 'AccessLogs'),
      accessLogsPrefix: 'analytics-state/',
    });
    this.onFailureQueue = new sqs.Queue(this, 'OnFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.onFailureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter destination itself: the event source mapping sends it the batches that still fail after bisection and retries.',
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Clickstream SQL runtime: reads the source stream, keeps state in its bucket, writes its outputs and logs',
    });
    logGroup.grantWrite(this.role);

    const { bindings, streams } = this.bindOutputs(props.outputs);
    this.outputBindings = bindings;
    this.outputStreams = streams;

    this.function = new NodejsFunction(this, 'Function', {
      role: this.role,
      entry: path.join(__dirname, '..', '..', 'lambda', 'handlers', 'sql-runtime.ts'),
      handler: 'handler',
      runtime: NEWEST_NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout,
      logGroup,
      description: 'Clickstream analytics: runs the Kinesis Analytics SQL application over the stream',
      environment: {
        STATE_BUCKET: this.stateBucket.bucketName,
        STATE_PREFIX: statePrefix,
        OUTPUTS: Stack.of(this).toJsonString(bindings),
        BOUND_LAG_SECONDS: String(boundLagSeconds),
        SOURCE_STREAM_NAME: props.source.streamName,
        POWERTOOLS_SERVICE_NAME: 'clickstream-analytics',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        minify: true,
        sourceMap: false,
        target: 'node24',
        define: { [SQL_APPLICATION_DEFINE]: JSON.stringify(JSON.stringify({ sql: props.sql, inputSchema: props.inputSchema })) },
      },
    });

    this.grantState(statePrefix);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kinesis:ListShards', 'kinesis:DescribeStreamSummary'],
      resources: [props.source.streamArn],
    }));
    this.grantOutputs(props.outputs, streams);

    this.eventSourceMapping = new KinesisEventSource(props.source, {
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize,
      maxBatchingWindow,
      parallelizationFactor: 1,
      bisectBatchOnError: true,
      retryAttempts,
      maxRecordAge,
      onFailure: new SqsDlq(this.onFailureQueue),
    });
    this.function.addEventSource(this.eventSourceMapping);

    this.tickRule = new events.Rule(this, 'Tick', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      description: 'Closes the analytics windows every minute, also when no records arrive',
      targets: [new targets.LambdaFunction(this.function, {
        event: events.RuleTargetInput.fromObject({ action: 'tick' }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(2),
      })],
    });

    this.alarms = this.createAlarms(iteratorAge);
    if (props.monitoring) {
      this.monitor(props.monitoring);
    } else {
      // PipelineMonitoring.monitorFunction makes the Errors alarm when there is a monitoring stage.
      this.alarms.push(new cloudwatch.Alarm(this.function, 'ErrorsAlarm', {
        alarmDescription: 'Analytics Lambda: the function threw (the batch is bisected and retried, then sent to the on-failure queue).',
        metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    }
  }

  /** OUTPUTS for the runtime, and a new encrypted stream for each Kinesis output without one. */
  private bindOutputs(outputs: Readonly<Record<string, AnalyticsOutput>>) {
    const bindings: Record<string, OutputBinding> = {};
    const streams: Record<string, kinesis.IStream> = {};
    for (const [name, output] of Object.entries(outputs)) {
      switch (output.kind) {
        case 'kinesis': {
          const stream = output.stream ?? newOutputStream(this, `${idOf(name)}Output`);
          streams[name] = stream;
          bindings[name] = { kind: 'kinesis', name: stream.streamName };
          break;
        }
        case 'firehose':
          bindings[name] = { kind: 'firehose', name: output.deliveryStreamName };
          break;
        case 'lambda':
          bindings[name] = { kind: 'lambda', name: output.function.functionName };
          break;
      }
    }
    return { bindings, streams };
  }

  /** Object reads and writes under the state prefix only, and listing of that prefix. */
  private grantState(prefix: string): void {
    const objects = this.stateBucket.arnForObjects(`${prefix}*`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.stateBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    }));
    acknowledgeWildcardResource(this.role, objects,
      'The runtime names its state objects itself (one per shard and checkpoint) under its own prefix of its own bucket; the wildcard covers that prefix only.');
  }

  private grantOutputs(outputs: Readonly<Record<string, AnalyticsOutput>>, streams: Record<string, kinesis.IStream>): void {
    for (const [name, output] of Object.entries(outputs)) {
      switch (output.kind) {
        case 'kinesis':
          grantStreamWrite(this.role, streams[name] as kinesis.IStream, ['kinesis:PutRecords']);
          break;
        case 'firehose':
          this.role.addToPrincipalPolicy(new iam.PolicyStatement({
            actions: ['firehose:PutRecordBatch'],
            resources: [deliveryStreamArn(this, output.deliveryStreamName)],
          }));
          break;
        case 'lambda':
          // The function itself, not `:*` (its versions and aliases) as grantInvoke would allow.
          this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [output.function.functionArn] }));
          break;
      }
    }
  }

  private createAlarms(iteratorAge: Duration): cloudwatch.Alarm[] {
    return [
      new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
        alarmDescription: `Analytics: the SQL runtime is more than ${iteratorAge.toHumanString()} behind the stream (IteratorAge).`,
        metric: this.function.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) }),
        threshold: iteratorAge.toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'FailedBatchesAlarm', {
        alarmDescription: 'Analytics: batches the SQL runtime could not process are waiting in the on-failure queue (their records are not in the outputs).',
        metric: this.onFailureQueue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }

  /** Errors and throttles (PipelineMonitoring's function alarms), iterator age and failed batches, and their graphs. */
  private monitor(monitoring: PipelineMonitoring): void {
    monitoring.monitorFunction(this.function, 'Analytics Lambda');
    this.alarms.forEach((alarm) => monitoring.addAlarm(alarm));
    monitoring.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Analytics: iterator age (ms)', width: 12,
        left: [this.function.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) })],
      }),
      new cloudwatch.GraphWidget({
        title: 'Analytics: failed batches waiting in the on-failure queue', width: 12,
        left: [this.onFailureQueue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) })],
      }),
    );
  }
}
