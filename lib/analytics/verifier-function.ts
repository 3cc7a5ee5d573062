import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { compileApplication } from '../../lambda/engine/sql/runtime';
import { DEFAULT_SAMPLE_LIMIT, DEFAULT_SAMPLE_SECONDS, MAX_SAMPLE_LIMIT, MAX_SAMPLE_SECONDS } from '../../lambda/engine/verify/request';
import { checkIntegerRange, PropValidationError } from '../core/validation';
import { NEWEST_NODE_RUNTIME } from '../delivery/transform-function';

const OWNER = 'VerifierFunction';
/** The Lambda handler's namespace for its EMF metrics (lambda/handlers/verifier.ts). */
export const VERIFIER_METRICS_NAMESPACE = 'Clickstream/Verifier';
const SERVICE = 'clickstream-verifier';

export interface VerifierAnalyticsProps {
  /** The Kinesis Analytics SQL application; compiled at synth time, so a broken one fails `cdk synth`. */
  readonly sql: string;
  /** Its InputSchema, exactly as in CreateApplication. */
  readonly inputSchema: object;
  /** Where the application writes its output rows as JSON lines `{"stream","rowtime","row"}`. */
  readonly outputStream: kinesis.IStream;
}

export interface VerifierFunctionProps {
  /** The stream to verify. */
  readonly stream: kinesis.IStream;
  /** The shard count the pipeline provisions (throttling replay). @default the stream's open shard count at check time */
  readonly provisionedShards?: number;
  /** How often to verify; `false` disables the schedule (invoke on demand only). @default Duration.hours(1) */
  readonly schedule?: Duration | false;
  /** Records read per shard. @default 1000 */
  readonly sampleLimit?: number;
  /** How far back the sample starts, in seconds. @default 300 */
  readonly sampleSeconds?: number;
  /** Recompute an analytics application's windows over the sample and compare. @default none */
  readonly analytics?: VerifierAnalyticsProps;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default 512 (the SQL recomputation holds the sample in memory) */
  readonly memorySize?: number;
}

/**
 * The live verifier (`lambda/handlers/verifier.ts`): samples the stream, checks shard routing, sequence
 * ordering and the throttling model, recomputes analytics windows, reports JSON and EMF metrics. Runs
 * on a schedule (an EventBridge rule) or on demand; an alarm fires when a scheduled check is not ok.
 */
export class VerifierFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  /** Undefined when the schedule is disabled. */
  readonly rule?: events.Rule;
  /** VerifierOk below 1 (a scheduled check failed). Undefined when the schedule is disabled. */
  readonly alarm?: cloudwatch.Alarm;
  /** The verified stream's name: the metrics' StreamName dimension. */
  private readonly streamName: string;

  constructor(scope: Construct, id: string, props: VerifierFunctionProps) {
    super(scope, id);
    this.streamName = props.stream.streamName;
    checkIntegerRange(OWNER, 'provisionedShards', props.provisionedShards, { min: 1, max: 100_000 });
    checkIntegerRange(OWNER, 'sampleLimit', props.sampleLimit, { min: 1, max: MAX_SAMPLE_LIMIT });
    checkIntegerRange(OWNER, 'sampleSeconds', props.sampleSeconds, { min: 1, max: MAX_SAMPLE_SECONDS });
    const schedule = props.schedule === undefined ? Duration.hours(1) : props.schedule;
    if (schedule !== false && !schedule.isUnresolved() && schedule.toSeconds({ integral: false }) < 60) {
      throw new PropValidationError(OWNER, 'schedule', 'must be at least 1 minute (EventBridge rate) or false', schedule);
    }
    if (props.analytics !== undefined) {
      try {
        compileApplication(props.analytics.sql, props.analytics.inputSchema as Parameters<typeof compileApplication>[1]);
      } catch (e) {
        throw new PropValidationError(OWNER, 'analytics.sql', `must be a valid Kinesis Analytics SQL application: ${(e as Error).message}`);
      }
    }

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role: its log group and reads of the streams it verifies, nothing else.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Clickstream verifier: reads the streams it verifies and writes its own logs',
    });
    logGroup.grantWrite(this.role);
    // grantRead covers ListShards, GetShardIterator, GetRecords (and KMS decrypt for an encrypted stream).
    props.stream.grantRead(this.role);
    props.analytics?.outputStream.grantRead(this.role);

    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: SERVICE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: VERIFIER_METRICS_NAMESPACE,
      STREAM_NAME: props.stream.streamName,
      SAMPLE_LIMIT: String(props.sampleLimit ?? DEFAULT_SAMPLE_LIMIT),
      SAMPLE_SECONDS: String(props.sampleSeconds ?? DEFAULT_SAMPLE_SECONDS),
    };
    if (props.provisionedShards !== undefined) environment['PROVISIONED_SHARDS'] = String(props.provisionedShards);
    // The application goes into the bundle (esbuild define), not the environment: Lambda's holds only 4 KB.
    const define: Record<string, string> = {};
    if (props.analytics !== undefined) {
      define['process.env.ANALYTICS_SQL'] = JSON.stringify(props.analytics.sql);
      define['process.env.ANALYTICS_SCHEMA'] = JSON.stringify(JSON.stringify(props.analytics.inputSchema));
      environment['ANALYTICS_OUTPUT_STREAM'] = props.analytics.outputStream.streamName;
    }

    this.function = new NodejsFunction(this, 'Function', {
      role: this.role,
      entry: path.join(__dirname, '..', '..', 'lambda', 'handlers', 'verifier.ts'),
      handler: 'handler',
      runtime: NEWEST_NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      // Reads are spaced at 5 calls/s per shard; a few thousand records per shard take seconds, not minutes.
      timeout: Duration.minutes(5),
      logGroup,
      description: 'Clickstream verifier: samples the stream and checks routing, ordering, throttling and analytics',
      environment,
      bundling: { minify: true, sourceMap: false, target: 'node24', define },
    });

    if (schedule !== false) {
      this.rule = new events.Rule(this, 'Schedule', {
        schedule: events.Schedule.rate(schedule),
        description: 'Runs the clickstream verifier',
        targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
      });
      this.alarm = new cloudwatch.Alarm(this, 'NotOk', {
        alarmDescription: 'The clickstream verifier found a problem (see the function logs for the report)',
        metric: this.okMetric({ period: alarmPeriod(schedule) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }

  /** A verifier metric (RecordsSampled, MisplacedRecords, OrderingViolations, ThrottleSeconds, AnalyticsMismatches, VerifierOk). */
  metric(name: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: VERIFIER_METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: SERVICE, StreamName: this.streamName },
      ...options,
    });
  }

  /** VerifierOk, minimum per period: 0 when any check in the period failed. */
  okMetric(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('VerifierOk', { statistic: cloudwatch.Stats.MINIMUM, ...options });
  }
}

/** One alarm period per scheduled run: whole minutes (CloudWatch's rule for periods over 60 s), at most a day. */
function alarmPeriod(schedule: Duration): Duration {
  if (schedule.isUnresolved()) return Duration.hours(1);
  const minutes = Math.min(24 * 60, Math.max(1, Math.floor(schedule.toSeconds({ integral: false }) / 60)));
  return Duration.minutes(minutes);
}
