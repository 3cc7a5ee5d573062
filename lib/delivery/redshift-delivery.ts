import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CLICK_EVENT_COLUMNS } from '../../lambda/engine/clickstream/click-event';
import {
  CLUSTER_JDBC_URL, COPY_OPTIONS_LENGTH, DATA_TABLE_COLUMNS_LENGTH, DATA_TABLE_NAME_LENGTH,
  REDSHIFT_COMPRESSION_FORMATS, REDSHIFT_RETRY_SECONDS, S3_BUFFERING,
} from '../../lambda/engine/firehose/limits';
import { CopyOptionsError, parseCopyOptions, type CopyOptions } from '../../lambda/engine/firehose/redshift';
import { checkDurationSeconds, checkIntegerRange, checkLength, checkOneOf, checkPattern, PropValidationError } from '../core/validation';
import { BufferingProps, DeliveryBase, DeliveryCommonProps } from './delivery-base';
import { assertValidPrefixes } from './prefix-validation';

export type RedshiftCompression = (typeof REDSHIFT_COMPRESSION_FORMATS)[number];

export interface RedshiftDeliveryProps extends DeliveryCommonProps, BufferingProps {
  /** The cluster's endpoint address, e.g. `examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com`. */
  readonly clusterEndpoint: string;
  /** The cluster's port. @default 5439 */
  readonly port?: number;
  /** Database name. */
  readonly database: string;
  /** Table the COPY loads; it must already exist. @default 'clickstream_events' */
  readonly table?: string;
  /** Columns the COPY fills, in order. @default - every column the transform emits */
  readonly columns?: string[];
  /** COPY options. `GZIP` is added when compression is GZIP. @default "JSON 'auto' TIMEFORMAT 'auto'" */
  readonly copyOptions?: string;
  /** Secrets Manager secret with `username` and `password` for the COPY. */
  readonly credentials: secretsmanager.ISecret;
  /** Compression of the staged objects: Redshift's COPY reads only UNCOMPRESSED or GZIP. @default 'GZIP' */
  readonly compression?: RedshiftCompression;
  /** How long Firehose retries a failed COPY, 0–7200 s (0 = no retry). @default Duration.seconds(3600) */
  readonly retryDuration?: Duration;
  /** Bucket where Firehose stages objects before the COPY. @default - a new secure bucket */
  readonly intermediateBucket?: s3.IBucket;
  /** Key prefix of staged objects; Firehose allows no expressions here. @default 'redshift-staging/' */
  readonly intermediatePrefix?: string;
  /** Also back up every untransformed source record to the staging bucket under `source-backup/` (cannot be disabled later). @default true */
  readonly sourceBackup?: boolean;
}

const OWNER = 'RedshiftDelivery';
export const DEFAULT_COPY_OPTIONS = "JSON 'auto' TIMEFORMAT 'auto'";

/**
 * A Firehose delivery stream from the Kinesis stream, through the transform, into a Redshift table
 * (Firehose stages objects in S3 and runs COPY). What aws-cdk-lib's L2 lacks (aws/aws-cdk#30866).
 */
export class RedshiftDelivery extends DeliveryBase {
  readonly destination = 'Redshift' as const;
  /** Redshift deliveries are staged in S3 first: this is the age of the oldest record not yet staged. */
  readonly freshnessMetricName = 'DeliveryToS3.DataFreshness';
  readonly successMetricName = 'DeliveryToRedshift.Success';
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly intermediateBucket: s3.IBucket;
  readonly copyCommand: firehose.CfnDeliveryStream.CopyCommandProperty;

  constructor(scope: Construct, id: string, props: RedshiftDeliveryProps) {
    super(scope, id, OWNER, props);
    checkOneOf(OWNER, 'compression', props.compression, REDSHIFT_COMPRESSION_FORMATS);
    const compression = props.compression ?? 'GZIP';
    const jdbcUrl = clusterJdbcUrl(props);
    this.copyCommand = copyCommand(this, props, compression);
    const retrySeconds = checkDurationSeconds(OWNER, 'retryDuration', props.retryDuration, REDSHIFT_RETRY_SECONDS) ?? REDSHIFT_RETRY_SECONDS.default;
    const prefix = props.intermediatePrefix ?? 'redshift-staging/';
    assertValidPrefixes(OWNER, {
      prefix, destination: 'Redshift', dynamicPartitioning: false,
      fields: { prefix: 'intermediatePrefix', errorOutputPrefix: 'errorOutputPrefix' },
    });
    const bufferingHints = this.bufferingHints(props, S3_BUFFERING);
    const sourceBackup = props.sourceBackup ?? true;

    this.intermediateBucket = props.intermediateBucket ?? this.createBucket('StagingBucket');
    this.grantBucket(this.intermediateBucket);
    props.credentials.grantRead(this.role);

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: props.deliveryStreamName,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: this.sourceConfiguration(props.source),
      redshiftDestinationConfiguration: {
        clusterJdbcurl: jdbcUrl,
        copyCommand: this.copyCommand,
        roleArn: this.role.roleArn,
        secretsManagerConfiguration: { enabled: true, secretArn: props.credentials.secretArn, roleArn: this.role.roleArn },
        retryOptions: { durationInSeconds: retrySeconds },
        processingConfiguration: this.processingConfiguration(),
        cloudWatchLoggingOptions: this.loggingOptions(),
        s3Configuration: {
          bucketArn: this.intermediateBucket.bucketArn,
          roleArn: this.role.roleArn,
          prefix,
          compressionFormat: compression,
          bufferingHints,
          cloudWatchLoggingOptions: this.loggingOptions(),
        },
        s3BackupMode: sourceBackup ? 'Enabled' : 'Disabled',
        s3BackupConfiguration: sourceBackup
          ? this.sourceBackupConfiguration(this.intermediateBucket, bufferingHints.intervalInSeconds as number)
          : undefined,
      },
    });
    this.finish();
  }
}

function clusterJdbcUrl(props: RedshiftDeliveryProps): string {
  checkIntegerRange(OWNER, 'port', props.port, { min: 1, max: 65535 });
  const url = `jdbc:redshift://${props.clusterEndpoint}:${props.port ?? 5439}/${props.database}`;
  if (Token.isUnresolved(url)) return url;
  checkLength(OWNER, 'clusterEndpoint', url, CLUSTER_JDBC_URL);
  checkPattern(OWNER, 'clusterEndpoint', url, CLUSTER_JDBC_URL.pattern,
    'with port and database must form a Redshift JDBC URL jdbc:redshift://<cluster>.<id>.<region>.redshift[-serverless].amazonaws.com:<port>/<database>'
      + ` (Firehose's ClusterJDBCURL pattern); database must match [a-zA-Z0-9_$-]+; URL: ${url}`);
  return url;
}

function copyCommand(scope: Construct, props: RedshiftDeliveryProps, compression: RedshiftCompression): firehose.CfnDeliveryStream.CopyCommandProperty {
  const table = props.table ?? 'clickstream_events';
  checkLength(OWNER, 'table', table, DATA_TABLE_NAME_LENGTH);
  const columns = props.columns ?? CLICK_EVENT_COLUMNS.map((c) => c.name);
  if (columns.length === 0) throw new PropValidationError(OWNER, 'columns', 'must name at least one column (omit it to load every column the transform emits)');
  const dataTableColumns = columns.join(',');
  checkLength(OWNER, 'columns', dataTableColumns, DATA_TABLE_COLUMNS_LENGTH);

  let copyOptions = (props.copyOptions ?? DEFAULT_COPY_OPTIONS).trim();
  // The engine's own COPY parser: what it rejects, Redshift rejects too; what it cannot reproduce only warns.
  let parsed: CopyOptions | undefined;
  try {
    parsed = parseCopyOptions(copyOptions);
  } catch (err) {
    if (!(err instanceof CopyOptionsError)) throw err;
    if (err.rule !== 'not-modelled') throw new PropValidationError(OWNER, 'copyOptions', err.message, props.copyOptions);
    Annotations.of(scope).addWarningV2('clickstream:copyOptionsNotModelled', `copyOptions: ${err.message}. cdk deploy is unaffected; the local engine cannot reproduce this delivery.`);
  }
  const hasGzip = parsed?.gzip ?? /\bGZIP\b/i.test(copyOptions);
  if (compression === 'UNCOMPRESSED' && hasGzip) {
    throw new PropValidationError(OWNER, 'copyOptions', 'must not contain GZIP when compression is UNCOMPRESSED (COPY would fail to read the staged objects)', props.copyOptions);
  }
  if (compression === 'GZIP' && !hasGzip) copyOptions = `${copyOptions} GZIP`.trim();
  checkLength(OWNER, 'copyOptions', copyOptions, COPY_OPTIONS_LENGTH);
  return { dataTableName: table, dataTableColumns, copyOptions };
}
