import { Validations } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PER_SHARD } from '../lambda/engine/kinesis/limits';
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
  /** Alarm topic, email and dashboard. @default - PipelineMonitoring defaults */
  readonly monitoring?: PipelineMonitoringProps;
}

/**
 * The whole clickstream pipeline from one props object: an encrypted Kinesis stream, the transform
 * Lambda, one Firehose delivery stream per destination, alarms and a dashboard.
 *
 * Seam for analytics: an analytics stage is a sibling construct that takes `stream` (to read) and
 * `monitoring` (to add its alarms and widgets with `addAlarm` / `addWidgets`).
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
    this.warnOnSharedReads();
  }

  /**
   * Every delivery stream reads every shard, and readers share a shard's 2 MiB/s (enhanced fan-out
   * does not apply to Firehose). Three or more can out-read a shard written at its full 1 MiB/s.
   */
  private warnOnSharedReads(): void {
    const readers = this.deliveries.length;
    if (readers * PER_SHARD.writeBytesPerSecond <= PER_SHARD.readBytesPerSecond) return;
    const safeMiB = (PER_SHARD.readBytesPerSecond / readers / (1024 * 1024)).toFixed(2);
    Validations.of(this).addWarning('SharedShardReads',
      `${readers} delivery streams read every shard and share its 2 MiB/s read limit: at the full 1 MiB/s write rate they need `
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
