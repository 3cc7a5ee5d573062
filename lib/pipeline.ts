import { Validations } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PER_SHARD } from '../lambda/engine/kinesis/limits';
import type { InputSchema } from '../lambda/engine/sql/input';
import { AnalyticsApplication, AnalyticsApplicationBaseProps, AnalyticsApplicationProps, AnalyticsOutput } from './analytics/analytics-application';
import { FlinkAnalyticsApplication, FlinkAnalyticsApplicationProps } from './analytics/flink-application';
import { VerifierFunction, VerifierFunctionProps } from './analytics/verifier-function';
import { PropValidationError } from './core/validation';
import { DeliveryBase, DeliveryCommonProps } from './delivery/delivery-base';
import { OpenSearchDelivery, OpenSearchDeliveryProps } from './delivery/opensearch-delivery';
import { RedshiftDelivery, RedshiftDeliveryProps } from './delivery/redshift-delivery';
import { S3Delivery, S3DeliveryProps } from './delivery/s3-delivery';
import { ClickstreamSearchDomain, ClickstreamSearchDomainProps } from './delivery/search-domain';
import { createAccessLogsBucket } from './delivery/secure-bucket';
import { ClickstreamTransformFunction, ClickstreamTransformFunctionProps } from './delivery/transform-function';
import { PipelineMonitoring, PipelineMonitoringProps } from './monitoring/pipeline-monitoring';
import { ClickstreamStream, ClickstreamStreamProps } from './stream/clickstream-stream';

type Wired = keyof DeliveryCommonProps;

export interface OpenSearchDestinationProps extends Omit<OpenSearchDeliveryProps, Wired | 'domain'> {
  /** An existing domain (`Domain.fromDomainAttributes`). @default - a new ClickstreamSearchDomain */
  readonly domain?: opensearch.IDomain;
  /** Settings of the new domain, when `domain` is not given. @default - ClickstreamSearchDomain defaults */
  readonly newDomain?: ClickstreamSearchDomainProps;
}

/** The runtime of the analytics stage. */
export type AnalyticsRuntime = 'lambda' | 'flink';

type AnalyticsWired = keyof AnalyticsApplicationBaseProps | 'accessLogsBucket';

/**
 * The analytics stage: a Kinesis Analytics SQL application over the pipeline's stream, on Lambda (the
 * default) or on Managed Service for Apache Flink. Both runtimes take the same application and schema.
 */
export interface PipelineAnalyticsProps {
  /** Where the SQL runs. @default 'lambda' */
  readonly runtime?: AnalyticsRuntime;
  /** The Kinesis Data Analytics SQL application (text; `fs.readFileSync` a `.sql` file). */
  readonly sql: string;
  /** The `InputSchema` of the stream's records. */
  readonly inputSchema: InputSchema;
  /** Destination of each in-application stream, by stream name. */
  readonly outputs: Readonly<Record<string, AnalyticsOutput>>;
  /** Settings of the Lambda runtime. @default - AnalyticsApplication defaults */
  readonly lambda?: Omit<AnalyticsApplicationProps, AnalyticsWired>;
  /** Settings of the Flink runtime; required (the SQL-runner jar) when runtime is 'flink'. */
  readonly flink?: Omit<FlinkAnalyticsApplicationProps, AnalyticsWired>;
}

export interface ClickstreamPipelineProps {
  /** The Kinesis data stream. @default - provisioned, 1 shard, 24 h, AWS managed key */
  readonly stream?: Omit<ClickstreamStreamProps, 'alarmTopic'>;
  /** The transform Lambda. @default - ClickstreamTransformFunction defaults */
  readonly transform?: ClickstreamTransformFunctionProps;
  /** S3 delivery; `false` turns it off. @default - on, with S3Delivery defaults */
  readonly s3?: Omit<S3DeliveryProps, Wired> | false;
  /** Redshift delivery. @default - off */
  readonly redshift?: Omit<RedshiftDeliveryProps, Wired>;
  /** OpenSearch delivery. @default - off */
  readonly opensearch?: OpenSearchDestinationProps;
  /** The analytics stage (streaming SQL over the stream). @default - none */
  readonly analytics?: PipelineAnalyticsProps;
  /** Alarm topic, email and dashboard. @default - PipelineMonitoring defaults */
  readonly monitoring?: PipelineMonitoringProps;
  /**
   * The live verifier (README "The verifier"): samples the stream on a schedule and checks it against
   * the engine; `false` leaves it out. @default - on, hourly, and comparing the Lambda analytics
   * stage's first Kinesis output when there is one
   */
  readonly verifier?: Omit<VerifierFunctionProps, 'stream' | 'analytics'> | false;
}

/**
 * The whole clickstream pipeline from one props object: an encrypted Kinesis stream, the transform
 * Lambda, one Firehose delivery stream per destination, an optional analytics stage (streaming SQL on
 * Lambda or on Managed Service for Apache Flink), alarms and a dashboard.
 */
export class ClickstreamPipeline extends Construct {
  readonly stream: ClickstreamStream;
  readonly transform: ClickstreamTransformFunction;
  readonly monitoring: PipelineMonitoring;
  readonly accessLogsBucket: s3.Bucket;
  readonly s3Delivery?: S3Delivery;
  readonly redshiftDelivery?: RedshiftDelivery;
  readonly openSearchDelivery?: OpenSearchDelivery;
  readonly searchDomain?: ClickstreamSearchDomain;
  /** The analytics stage on Lambda (runtime 'lambda'). */
  readonly analytics?: AnalyticsApplication;
  /** The analytics stage on Managed Service for Apache Flink (runtime 'flink'). */
  readonly flinkAnalytics?: FlinkAnalyticsApplication;
  /** The live verifier, unless `verifier: false`. */
  readonly verifier?: VerifierFunction;

  constructor(scope: Construct, id: string, props: ClickstreamPipelineProps = {}) {
    super(scope, id);
    if (props.s3 === false && !props.redshift && !props.opensearch) {
      throw new PropValidationError('ClickstreamPipeline', 's3', 'may be false only when redshift or opensearch is set (a pipeline needs at least one destination)', false);
    }
    if (props.opensearch?.domain && props.opensearch.newDomain) {
      throw new PropValidationError('ClickstreamPipeline', 'opensearch.newDomain', 'must not be set together with opensearch.domain (use an existing domain or create one, not both)');
    }

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', props.monitoring);
    this.stream = new ClickstreamStream(this, 'Stream', { ...props.stream, alarmTopic: this.monitoring.topic });
    this.monitoring.monitorStream(this.stream);
    this.transform = new ClickstreamTransformFunction(this, 'Transform', props.transform);
    this.monitoring.monitorFunction(this.transform.function, 'Transform Lambda');
    this.accessLogsBucket = createAccessLogsBucket(this, 'AccessLogs');

    const wired: DeliveryCommonProps = {
      source: this.stream.stream,
      transform: this.transform.function,
      accessLogsBucket: this.accessLogsBucket,
    };
    if (props.s3 !== false) {
      this.s3Delivery = this.track(new S3Delivery(this, 'S3Delivery', { ...props.s3, ...wired }));
    }
    if (props.redshift) {
      this.redshiftDelivery = this.track(new RedshiftDelivery(this, 'RedshiftDelivery', { ...props.redshift, ...wired }));
    }
    if (props.opensearch) {
      const { domain, newDomain, ...rest } = props.opensearch;
      if (!domain) this.searchDomain = new ClickstreamSearchDomain(this, 'SearchDomain', newDomain);
      this.openSearchDelivery = this.track(new OpenSearchDelivery(this, 'OpenSearchDelivery', {
        ...rest, ...wired, domain: domain ?? this.searchDomain!.domain,
      }));
      this.searchDomain?.grantIndexWrite(this.openSearchDelivery.role);
    }
    const stage = props.analytics && this.createAnalytics(props.analytics);
    if (stage instanceof AnalyticsApplication) this.analytics = stage;
    if (stage instanceof FlinkAnalyticsApplication) this.flinkAnalytics = stage;
    if (props.verifier !== false) this.verifier = this.createVerifier(props);
    this.warnOnSharedReads();
  }

  /** The verifier over the stream, and over the analytics stage's first Kinesis output (its rows as JSON lines). */
  private createVerifier(props: ClickstreamPipelineProps): VerifierFunction {
    const output = this.analytics === undefined ? undefined : Object.values(this.analytics.outputStreams)[0];
    const analytics = props.analytics !== undefined && output !== undefined ? { sql: props.analytics.sql, inputSchema: props.analytics.inputSchema, outputStream: output } : undefined;
    const shards = props.stream?.mode === 'ON_DEMAND' ? undefined : (props.stream?.shardCount ?? 1);
    const verifier = new VerifierFunction(this, 'Verifier', {
      ...(props.verifier === undefined ? {} : props.verifier),
      stream: this.stream.stream,
      ...(shards !== undefined && { provisionedShards: shards }),
      ...(analytics !== undefined && { analytics }),
    });
    this.monitoring.monitorFunction(verifier.function, 'Verifier Lambda');
    if (verifier.alarm !== undefined) this.monitoring.addAlarm(verifier.alarm);
    return verifier;
  }

  /** The analytics stage on the runtime the props choose; it reads the stream and reports to monitoring. */
  private createAnalytics(analytics: PipelineAnalyticsProps): AnalyticsApplication | FlinkAnalyticsApplication {
    const runtime = analytics.runtime ?? 'lambda';
    const { sql, inputSchema, outputs } = analytics;
    const wired = { source: this.stream.stream, sql, inputSchema, outputs, monitoring: this.monitoring };
    if (runtime === 'lambda') {
      if (analytics.flink) throw new PropValidationError('ClickstreamPipeline', 'analytics.flink', 'applies to runtime "flink" only');
      return new AnalyticsApplication(this, 'Analytics', { ...analytics.lambda, ...wired, accessLogsBucket: this.accessLogsBucket });
    }
    if (runtime === 'flink') {
      if (!analytics.flink) throw new PropValidationError('ClickstreamPipeline', 'analytics.flink', 'is required when runtime is "flink" (at least the SQL-runner jar)');
      if (analytics.lambda) throw new PropValidationError('ClickstreamPipeline', 'analytics.lambda', 'applies to runtime "lambda" only');
      return new FlinkAnalyticsApplication(this, 'FlinkAnalytics', { ...analytics.flink, ...wired });
    }
    throw new PropValidationError('ClickstreamPipeline', 'analytics.runtime', 'must be one of lambda, flink', runtime);
  }

  /**
   * Every delivery stream reads every shard, and readers share a shard's 2 MiB/s (enhanced fan-out
   * does not apply to Firehose). Three or more can out-read a shard written at its full 1 MiB/s.
   */
  private warnOnSharedReads(): void {
    const analytics = this.analytics !== undefined || this.flinkAnalytics !== undefined;
    const readers = this.deliveries.length + (analytics ? 1 : 0);
    if (readers * PER_SHARD.writeBytesPerSecond <= PER_SHARD.readBytesPerSecond) return;
    const safeMiB = (PER_SHARD.readBytesPerSecond / readers / (1024 * 1024)).toFixed(2);
    const who = `${this.deliveries.length} delivery stream${this.deliveries.length === 1 ? '' : 's'}${analytics ? ' and the analytics stage' : ''}`;
    Validations.of(this).addWarning('SharedShardReads',
      `${who} read every shard and share its 2 MiB/s read limit: at the full 1 MiB/s write rate they need `
      + `${readers} MiB/s. Keep writes under ${safeMiB} MiB/s per shard (add shards), or expect ReadProvisionedThroughputExceeded `
      + '(alarmed) and higher delivery latency.');
  }

  /** Every delivery stream of the pipeline. */
  get deliveries(): DeliveryBase[] {
    const all: Array<DeliveryBase | undefined> = [this.s3Delivery, this.redshiftDelivery, this.openSearchDelivery];
    return all.filter((d): d is DeliveryBase => d !== undefined);
  }

  private track<T extends DeliveryBase>(delivery: T): T {
    this.monitoring.monitorDelivery(delivery);
    return delivery;
  }
}
