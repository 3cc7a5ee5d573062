/**
 * Amazon Data Firehose limits: the one source of truth for the engine and for synth-time validation.
 * Ranges come from AWS's API model (generated); documented facts the model does not carry are written
 * here with their source (../shared/reference/firehose.md).
 */
import { firehoseModel } from '../aws-model/generated/firehose';
import { enumOf, integerRange, lengthRange, stringConstraints } from '../aws-model/model';

/** S3, ExtendedS3 and the Redshift intermediate bucket share BufferingHints (defaults: 5 MiB / 300 s). */
export const S3_BUFFERING = {
  sizeMiB: { ...integerRange(firehoseModel, 'SizeInMBs'), default: 5 },
  intervalSeconds: { ...integerRange(firehoseModel, 'IntervalInSeconds'), default: 300 },
} as const;

/** OpenSearch/Elasticsearch have their own, smaller size range (defaults: 5 MiB / 300 s). */
export const OPENSEARCH_BUFFERING = {
  sizeMiB: { ...integerRange(firehoseModel, 'ElasticsearchBufferingSizeInMBs'), default: 5 },
  intervalSeconds: { ...integerRange(firehoseModel, 'ElasticsearchBufferingIntervalInSeconds'), default: 300 },
} as const;

/**
 * Dynamic partitioning and format conversion need big buffers. Source: CloudFormation errors quoted in
 * aws-cdk's kinesisfirehose helpers (dynamic partitioning) and record-format-conversion docs.
 */
export const DYNAMIC_PARTITIONING_MIN = { sizeMiB: 64, intervalSeconds: 60 } as const;
export const FORMAT_CONVERSION_MIN_SIZE_MIB = 64;

export const REDSHIFT_RETRY_SECONDS = { ...integerRange(firehoseModel, 'RedshiftRetryDurationInSeconds'), default: 3600 } as const;
export const OPENSEARCH_RETRY_SECONDS = { ...integerRange(firehoseModel, 'ElasticsearchRetryDurationInSeconds'), default: 300 } as const;

export const COMPRESSION_FORMATS = enumOf(firehoseModel, 'CompressionFormat');
/** Redshift's COPY reads only plain or GZIP objects (Firehose guide, create-destination). */
export const REDSHIFT_COMPRESSION_FORMATS = ['UNCOMPRESSED', 'GZIP'] as const;

export const INDEX_ROTATION_PERIODS = enumOf(firehoseModel, 'ElasticsearchIndexRotationPeriod');
export const OPENSEARCH_S3_BACKUP_MODES = enumOf(firehoseModel, 'ElasticsearchS3BackupMode');
export const INDEX_NAME_LENGTH = lengthRange(firehoseModel, 'ElasticsearchIndexName');
export const TYPE_NAME_LENGTH = lengthRange(firehoseModel, 'ElasticsearchTypeName');

export const DELIVERY_STREAM_NAME = stringConstraints(firehoseModel, 'DeliveryStreamName');
export const CLUSTER_JDBC_URL = stringConstraints(firehoseModel, 'ClusterJDBCURL');
export const DATA_TABLE_NAME_LENGTH = lengthRange(firehoseModel, 'DataTableName');
export const DATA_TABLE_COLUMNS_LENGTH = lengthRange(firehoseModel, 'DataTableColumns');
export const COPY_OPTIONS_LENGTH = lengthRange(firehoseModel, 'CopyOptions');

/** API length of Prefix and ErrorOutputPrefix (the evaluated prefix has its own, smaller limit). */
export const PREFIX_MAX_LENGTH = lengthRange(firehoseModel, 'Prefix').max as number;

/** Lambda's synchronous invocation payload limit, for the request and the response (6 MB). */
export const LAMBDA_PAYLOAD_MAX_BYTES = 6 * 1024 * 1024;

/**
 * The Lambda processor's parameters (ProcessorParameter values are strings in the API): buffer size
 * 0.2–3 MB (default 1 MB), interval 0–900 s (default 60), retries (default 3; no range documented).
 * Source: firehose.md §1 [S1][S16].
 */
export const TRANSFORM_BUFFER_SIZE_MB = { min: 0.2, max: 3, default: 1 } as const;
export const TRANSFORM_BUFFER_INTERVAL_SECONDS = { min: 0, max: 900, default: 60 } as const;
export const TRANSFORM_DEFAULT_RETRIES = 3;

/** Direct PUT: PutRecordBatch takes 1–500 records and 4 MiB; a record's data is at most 1,000 KiB (§6 [S9]). */
export const PUT_RECORD_BATCH = { maxRecords: 500, maxBytes: 4 * 1024 * 1024 } as const;
export const RECORD_MAX_BYTES = 1000 * 1024;

/** OpenSearch DocumentIdOptions.DefaultDocumentIdFormat. */
export const DOCUMENT_ID_FORMATS = enumOf(firehoseModel, 'DefaultDocumentIdFormat');

/** "Kinesis Data Firehose retries every 5 minutes until the retry duration ends" (create-destination). */
export const REDSHIFT_RETRY_INTERVAL_SECONDS = 300;
/** Redshift COPY MAXERROR: "default value is 0 and the limit is 100000" (Redshift COPY data-load parameters). */
export const MAXERROR_LIMIT = 100_000;
