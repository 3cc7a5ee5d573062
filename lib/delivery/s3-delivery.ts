import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CLICK_EVENT_COLUMNS } from '../../lambda/engine/clickstream/click-event';
import {
  COMPRESSION_FORMATS, DYNAMIC_PARTITIONING_MIN, FORMAT_CONVERSION_MIN_SIZE_MIB, S3_BUFFERING,
} from '../../lambda/engine/firehose/limits';
import { checkOneOf, PropValidationError } from '../core/validation';
import { BufferingProps, DeliveryBase, DeliveryCommonProps } from './delivery-base';
import { assertValidPrefixes } from './prefix-validation';

export type S3Compression = 'UNCOMPRESSED' | 'GZIP' | 'ZIP' | 'Snappy' | 'HADOOP_SNAPPY';

/** Parquet conversion through a Glue table (JSON in, Parquet out, compressed by the serializer). */
export interface ParquetConversionProps {
  /** Existing Glue database. @default - a new database `clickstream` */
  readonly databaseName?: string;
  /** Existing Glue table describing the records. @default - a new table `events` with the click event columns */
  readonly tableName?: string;
  /** Parquet page compression. @default 'SNAPPY' */
  readonly compression?: 'UNCOMPRESSED' | 'GZIP' | 'SNAPPY';
}

export interface S3DeliveryProps extends DeliveryCommonProps, BufferingProps {
  /** Destination bucket. @default - a new encrypted, TLS-only, private, versioned, access-logged bucket */
  readonly bucket?: s3.IBucket;
  /** Compression of delivered objects. @default 'GZIP' ('UNCOMPRESSED' with Parquet, which compresses itself) */
  readonly compression?: S3Compression;
  /**
   * Object key prefix, with Firehose's `!{timestamp:..}`, `!{firehose:random-string}` and (with dynamic
   * partitioning) `!{partitionKeyFromLambda:..}` expressions.
   * @default 'events/!{timestamp:yyyy/MM/dd/HH}/', or Hive-style event_type/year/month/day/hour partitions
   * from the transform's partition keys when dynamic partitioning is on
   */
  readonly prefix?: string;
  /** Prefix for records Firehose could not process; must contain `!{firehose:error-output-type}`. @default 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/' */
  readonly errorOutputPrefix?: string;
  /** Partition objects by the transform's `metadata.partitionKeys`. Buffers ≥ 64 MiB and ≥ 60 s. @default false */
  readonly dynamicPartitioning?: boolean;
  /** Convert records to Parquet. Buffers ≥ 64 MiB. @default - no conversion */
  readonly parquet?: ParquetConversionProps;
  /** Also keep every untransformed source record under `source-backup/` (cannot be disabled later). @default false */
  readonly sourceBackup?: boolean;
}

const OWNER = 'S3Delivery';
export const DEFAULT_S3_PREFIX = 'events/!{timestamp:yyyy/MM/dd/HH}/';
export const DEFAULT_PARTITIONED_PREFIX = 'events/event_type=!{partitionKeyFromLambda:event_type}/year=!{partitionKeyFromLambda:year}/'
  + 'month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/';
export const DEFAULT_ERROR_PREFIX = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/';

/** A Firehose delivery stream from the Kinesis stream, through the transform, into S3. */
export class S3Delivery extends DeliveryBase {
  readonly destination = 'S3' as const;
  readonly freshnessMetricName = 'DeliveryToS3.DataFreshness';
  readonly successMetricName = 'DeliveryToS3.Success';
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly bucket: s3.IBucket;
  readonly glueTable?: glue.CfnTable;

  constructor(scope: Construct, id: string, props: S3DeliveryProps) {
    super(scope, id, OWNER, props);
    const dynamicPartitioning = props.dynamicPartitioning ?? false;
    const parquet = props.parquet;
    const compression = validateCompression(props.compression, parquet !== undefined);
    const prefix = props.prefix ?? (dynamicPartitioning ? DEFAULT_PARTITIONED_PREFIX : DEFAULT_S3_PREFIX);
    const errorOutputPrefix = props.errorOutputPrefix ?? DEFAULT_ERROR_PREFIX;
    assertValidPrefixes(OWNER, {
      prefix, errorOutputPrefix, destination: 'S3', dynamicPartitioning,
      fields: { prefix: 'prefix', errorOutputPrefix: 'errorOutputPrefix' },
    });
    const bufferingHints = this.bufferingHints(withBigBufferDefault(props, dynamicPartitioning || parquet !== undefined), S3_BUFFERING);
    validateBigBuffers(bufferingHints, dynamicPartitioning, parquet !== undefined);

    this.bucket = props.bucket ?? this.createBucket('Bucket');
    this.grantBucket(this.bucket);

    let dataFormatConversionConfiguration: firehose.CfnDeliveryStream.DataFormatConversionConfigurationProperty | undefined;
    if (parquet) {
      const schema = this.parquetSchema(parquet, this.bucket);
      this.glueTable = schema.table;
      dataFormatConversionConfiguration = {
        enabled: true,
        inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: parquet.compression ?? 'SNAPPY' } } },
        schemaConfiguration: schema.configuration,
      };
    }

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: props.deliveryStreamName,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: this.sourceConfiguration(props.source),
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: this.role.roleArn,
        prefix,
        errorOutputPrefix,
        compressionFormat: compression,
        bufferingHints,
        processingConfiguration: this.processingConfiguration(),
        cloudWatchLoggingOptions: this.loggingOptions(),
        dynamicPartitioningConfiguration: dynamicPartitioning
          ? { enabled: true, retryOptions: { durationInSeconds: 300 } }
          : undefined,
        dataFormatConversionConfiguration,
        s3BackupMode: props.sourceBackup ? 'Enabled' : 'Disabled',
        s3BackupConfiguration: props.sourceBackup
          ? this.sourceBackupConfiguration(this.bucket, bufferingHints.intervalInSeconds as number)
          : undefined,
      },
    });
    if (this.glueTable) this.deliveryStream.node.addDependency(this.glueTable);
    this.finish();
  }

  private parquetSchema(parquet: ParquetConversionProps, bucket: s3.IBucket) {
    const stack = Stack.of(this);
    let table: glue.CfnTable | undefined;
    const databaseName = parquet.databaseName ?? 'clickstream';
    const tableName = parquet.tableName ?? 'events';
    if (parquet.tableName === undefined) {
      table = createEventsTable(this, databaseName, tableName, bucket, parquet.databaseName === undefined);
    }
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: databaseName }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/${tableName}` }),
      ],
    }));
    const configuration: firehose.CfnDeliveryStream.SchemaConfigurationProperty = {
      catalogId: stack.account,
      region: stack.region,
      databaseName,
      tableName,
      roleArn: this.role.roleArn,
      versionId: 'LATEST',
    };
    return { table, configuration };
  }
}

function validateCompression(compression: S3Compression | undefined, parquet: boolean): S3Compression {
  checkOneOf(OWNER, 'compression', compression, COMPRESSION_FORMATS as readonly S3Compression[]);
  if (parquet) {
    if (compression !== undefined && compression !== 'UNCOMPRESSED') {
      throw new PropValidationError(OWNER, 'compression', 'must be UNCOMPRESSED when parquet is set (Parquet compresses pages itself: use parquet.compression)', compression);
    }
    return 'UNCOMPRESSED';
  }
  return compression ?? 'GZIP';
}

/** Dynamic partitioning and Parquet need big buffers: default to Firehose's own default for them, 128 MiB. */
function withBigBufferDefault(props: BufferingProps, big: boolean): BufferingProps {
  if (!big) return props;
  return {
    bufferingSize: props.bufferingSize ?? Size.mebibytes(128),
    bufferingInterval: props.bufferingInterval ?? Duration.seconds(300),
  };
}

function validateBigBuffers(
  hints: firehose.CfnDeliveryStream.BufferingHintsProperty,
  dynamicPartitioning: boolean, parquet: boolean,
): void {
  const size = hints.sizeInMBs as number;
  const interval = hints.intervalInSeconds as number;
  if (dynamicPartitioning && size < DYNAMIC_PARTITIONING_MIN.sizeMiB) {
    throw new PropValidationError(OWNER, 'bufferingSize', `must be at least ${DYNAMIC_PARTITIONING_MIN.sizeMiB} MiB when dynamicPartitioning is on`, `${size} MiB`);
  }
  if (dynamicPartitioning && interval < DYNAMIC_PARTITIONING_MIN.intervalSeconds) {
    throw new PropValidationError(OWNER, 'bufferingInterval', `must be at least ${DYNAMIC_PARTITIONING_MIN.intervalSeconds} seconds when dynamicPartitioning is on`, `${interval} seconds`);
  }
  if (parquet && size < FORMAT_CONVERSION_MIN_SIZE_MIB) {
    throw new PropValidationError(OWNER, 'bufferingSize', `must be at least ${FORMAT_CONVERSION_MIN_SIZE_MIB} MiB when parquet conversion is on`, `${size} MiB`);
  }
}

function createEventsTable(scope: Construct, databaseName: string, tableName: string, bucket: s3.IBucket, createDatabase: boolean): glue.CfnTable {
  const catalogId = Stack.of(scope).account;
  const database = createDatabase
    ? new glue.CfnDatabase(scope, 'GlueDatabase', { catalogId, databaseInput: { name: databaseName, description: 'Clickstream events delivered by Firehose' } })
    : undefined;
  const table = new glue.CfnTable(scope, 'GlueTable', {
    catalogId,
    databaseName,
    tableInput: {
      name: tableName,
      tableType: 'EXTERNAL_TABLE',
      parameters: { classification: 'parquet' },
      storageDescriptor: {
        columns: CLICK_EVENT_COLUMNS.map((c) => ({ name: c.name, type: c.glueType })),
        location: bucket.s3UrlForObject('events/'),
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      },
    },
  });
  if (database) table.node.addDependency(database);
  return table;
}
