/**
 * CreateDeliveryStream's destination configuration (the API's own JSON shapes, already checked against
 * the API model by the host) → the engine's normalised DeliveryStreamConfig, with the semantic rules the
 * model cannot express checked here and reported as AWS's InvalidArgumentException.
 */
import { parsePrefix, implicitErrorOutputPrefix, validateDeliveryPrefixes, PrefixError, type PrefixPart } from './prefix';
import {
  DYNAMIC_PARTITIONING_MIN,
  OPENSEARCH_BUFFERING,
  OPENSEARCH_RETRY_SECONDS,
  REDSHIFT_COMPRESSION_FORMATS,
  REDSHIFT_RETRY_SECONDS,
  S3_BUFFERING,
  TRANSFORM_BUFFER_INTERVAL_SECONDS,
  TRANSFORM_BUFFER_SIZE_MB,
} from './limits';
import { CopyOptionsError, IdentifierError, parseColumnList, parseCopyOptions, type CopyOptions } from './redshift';
import type { DocumentIdFormat, IndexRotationPeriod } from './opensearch';
import type { CompressionFormat } from './compression';
import type { BufferingHints, DeliveryStreamConfig, ProcessingConfig, S3Target } from './delivery-stream';
import type { DeaggregationConfig, SubRecordType } from './record-deaggregation';
import { compileJqKeys } from './jq-keys';

const MIB = 1024 * 1024;

export class DeliveryConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryConfigError';
  }
}

type Json = Record<string, unknown>;

export interface DeliveryIdentity {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly version: number;
  readonly sourceKinesisStreamArn?: string;
}

/** `arn:aws:s3:::bucket` → `bucket`. */
export function bucketOf(bucketArn: string): string {
  const match = /^arn:[^:]+:s3:::([^/]+)$/.exec(bucketArn);
  if (!match) throw new DeliveryConfigError(`BucketARN ${bucketArn} is not a bucket ARN (arn:aws:s3:::bucket)`);
  return match[1] as string;
}

function buffering(hints: Json | undefined): BufferingHints {
  const size = (hints?.['SizeInMBs'] as number | undefined) ?? S3_BUFFERING.sizeMiB.default;
  const interval = (hints?.['IntervalInSeconds'] as number | undefined) ?? S3_BUFFERING.intervalSeconds.default;
  return { sizeBytes: size * MIB, intervalMs: interval * 1000 };
}

function parsed(text: string | undefined, field: string): PrefixPart[] {
  try {
    return parsePrefix(text ?? '', field);
  } catch (err) {
    if (err instanceof PrefixError) throw new DeliveryConfigError(err.message);
    throw err;
  }
}

/** S3 settings shared by ExtendedS3, S3 and the intermediate bucket of Redshift and OpenSearch. */
export function s3Target(config: Json, options: { destination: 'S3' | 'Redshift'; dynamicPartitioning: boolean }): S3Target {
  const prefix = config['Prefix'] as string | undefined;
  const errorOutputPrefix = config['ErrorOutputPrefix'] as string | undefined;
  const problems = validateDeliveryPrefixes({
    ...(prefix !== undefined ? { prefix } : {}),
    ...(errorOutputPrefix !== undefined ? { errorOutputPrefix } : {}),
    destination: options.destination,
    dynamicPartitioning: options.dynamicPartitioning,
    fields: { prefix: 'Prefix', errorOutputPrefix: 'ErrorOutputPrefix' },
  });
  if (problems.length > 0) throw new DeliveryConfigError(problems.map((p) => p.message).join('; '));
  const fileExtension = config['FileExtension'] as string | undefined;
  return {
    bucket: bucketOf(config['BucketARN'] as string),
    prefix: parsed(prefix, 'Prefix'),
    errorPrefix: errorOutputPrefix ? parsed(errorOutputPrefix, 'ErrorOutputPrefix') : implicitErrorOutputPrefix(prefix),
    compression: ((config['CompressionFormat'] as string | undefined) ?? 'UNCOMPRESSED') as CompressionFormat,
    ...(fileExtension ? { fileExtension } : {}),
  };
}

interface Processor {
  readonly Type: string;
  readonly Parameters?: readonly { ParameterName: string; ParameterValue: string }[];
}

function parameter(p: Processor, name: string): string | undefined {
  return p.Parameters?.find((x) => x.ParameterName === name)?.ParameterValue;
}

function numberParameter(p: Processor, name: string, range: { min: number; max: number }): number | undefined {
  const text = parameter(p, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw new DeliveryConfigError(`${p.Type} processor parameter ${name} must be a number from ${range.min} to ${range.max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** ProcessingConfiguration: Lambda, RecordDeAggregation, AppendDelimiterToRecord, MetadataExtraction. */
export function processingConfig(config: Json | undefined): ProcessingConfig {
  const processors = config?.['Enabled'] === false ? [] : ((config?.['Processors'] as Processor[] | undefined) ?? []);
  let lambdaArn: string | undefined;
  let numberOfRetries: number | undefined;
  let size: number = TRANSFORM_BUFFER_SIZE_MB.default;
  let interval: number = TRANSFORM_BUFFER_INTERVAL_SECONDS.default;
  let deaggregation: DeaggregationConfig | undefined;
  let appendDelimiter = false;
  let metadataExtraction: ((record: Buffer) => Record<string, string>) | undefined;
  for (const p of processors) {
    switch (p.Type) {
      case 'Lambda':
        lambdaArn = parameter(p, 'LambdaArn');
        if (!lambdaArn) throw new DeliveryConfigError('Lambda processor requires the LambdaArn parameter');
        numberOfRetries = numberParameter(p, 'NumberOfRetries', { min: 0, max: 300 });
        size = numberParameter(p, 'BufferSizeInMBs', TRANSFORM_BUFFER_SIZE_MB) ?? size;
        interval = numberParameter(p, 'BufferIntervalInSeconds', TRANSFORM_BUFFER_INTERVAL_SECONDS) ?? interval;
        break;
      case 'RecordDeAggregation': {
        const subRecordType = (parameter(p, 'SubRecordType') ?? 'JSON') as SubRecordType;
        const delimiter = parameter(p, 'Delimiter');
        deaggregation = { subRecordType, ...(delimiter !== undefined ? { delimiter } : {}) };
        break;
      }
      case 'AppendDelimiterToRecord':
        appendDelimiter = true;
        break;
      case 'MetadataExtraction': {
        const query = parameter(p, 'MetadataExtractionQuery');
        if (!query) throw new DeliveryConfigError('MetadataExtraction processor requires the MetadataExtractionQuery parameter');
        try {
          metadataExtraction = compileJqKeys(query);
        } catch (err) {
          throw new DeliveryConfigError(`MetadataExtractionQuery: ${err instanceof Error ? err.message : String(err)}`);
        }
        break;
      }
      default:
        throw new DeliveryConfigError(`${p.Type} processors are not supported by the local engine`);
    }
  }
  return {
    ...(lambdaArn !== undefined ? { lambdaArn } : {}),
    ...(numberOfRetries !== undefined ? { numberOfRetries } : {}),
    buffering: { sizeBytes: size * MIB, intervalMs: interval * 1000 },
    ...(deaggregation !== undefined ? { deaggregation } : {}),
    appendDelimiter,
    ...(metadataExtraction !== undefined ? { metadataExtraction } : {}),
  };
}

/** ExtendedS3DestinationConfiguration (or the older S3DestinationConfiguration). */
export function extendedS3Config(identity: DeliveryIdentity, config: Json): DeliveryStreamConfig {
  const dynamicPartitioning = (config['DynamicPartitioningConfiguration'] as Json | undefined)?.['Enabled'] === true;
  const hints = buffering(config['BufferingHints'] as Json | undefined);
  if (dynamicPartitioning && (hints.sizeBytes < DYNAMIC_PARTITIONING_MIN.sizeMiB * MIB || hints.intervalMs < DYNAMIC_PARTITIONING_MIN.intervalSeconds * 1000)) {
    throw new DeliveryConfigError(
      `BufferingHints must be at least ${DYNAMIC_PARTITIONING_MIN.sizeMiB} MiB and ${DYNAMIC_PARTITIONING_MIN.intervalSeconds} seconds when dynamic partitioning is enabled`,
    );
  }
  if (config['DataFormatConversionConfiguration'] !== undefined && (config['DataFormatConversionConfiguration'] as Json)['Enabled'] !== false) {
    throw new DeliveryConfigError('DataFormatConversionConfiguration (Parquet/ORC) is not supported by the local engine');
  }
  return {
    ...identity,
    s3: s3Target(config, { destination: 'S3', dynamicPartitioning }),
    buffering: hints,
    processing: processingConfig(config['ProcessingConfiguration'] as Json | undefined),
    dynamicPartitioning,
    destination: { kind: 'S3' },
  };
}

/**
 * RedshiftDestinationConfiguration: records are staged in S3Configuration's bucket (UNCOMPRESSED or
 * GZIP, a prefix without expressions), then loaded with COPY. The local engine needs DataTableColumns:
 * it cannot read the column list of a table it has never seen.
 */
export function redshiftConfig(identity: DeliveryIdentity, config: Json): DeliveryStreamConfig {
  const staging = config['S3Configuration'] as Json;
  const copy = config['CopyCommand'] as Json;
  const compression = (staging['CompressionFormat'] as string | undefined) ?? 'UNCOMPRESSED';
  if (!(REDSHIFT_COMPRESSION_FORMATS as readonly string[]).includes(compression)) {
    throw new DeliveryConfigError(`S3Configuration.CompressionFormat ${compression} is not supported for Redshift destinations; use ${REDSHIFT_COMPRESSION_FORMATS.join(' or ')}`);
  }
  const columnsText = copy['DataTableColumns'] as string | undefined;
  if (!columnsText) throw new DeliveryConfigError('CopyCommand.DataTableColumns is required by the local engine (it cannot read the target table\'s column list) [OURS]');
  let copyOptions: CopyOptions;
  let columns: string[];
  try {
    copyOptions = parseCopyOptions((copy['CopyOptions'] as string | undefined) ?? '');
    columns = parseColumnList(columnsText);
  } catch (err) {
    if (err instanceof CopyOptionsError || err instanceof IdentifierError) throw new DeliveryConfigError(`CopyCommand: ${err.message}`);
    throw err;
  }
  if (compression === 'GZIP' && !copyOptions.gzip) throw new DeliveryConfigError('CopyCommand.CopyOptions must include GZIP when S3Configuration.CompressionFormat is GZIP');
  return {
    ...identity,
    s3: s3Target(staging, { destination: 'Redshift', dynamicPartitioning: false }),
    buffering: buffering(staging['BufferingHints'] as Json | undefined),
    processing: processingConfig(config['ProcessingConfiguration'] as Json | undefined),
    dynamicPartitioning: false,
    destination: {
      kind: 'Redshift',
      jdbcUrl: config['ClusterJDBCURL'] as string,
      table: copy['DataTableName'] as string,
      columns,
      copyOptions,
      retrySeconds: ((config['RetryOptions'] as Json | undefined)?.['DurationInSeconds'] as number | undefined) ?? REDSHIFT_RETRY_SECONDS.default,
    },
  };
}

/** AmazonopensearchserviceDestinationConfiguration or its older ElasticsearchDestinationConfiguration. */
export function openSearchConfig(identity: DeliveryIdentity, config: Json): DeliveryStreamConfig {
  const endpoint = (config['ClusterEndpoint'] as string | undefined) ?? (config['DomainARN'] as string | undefined);
  if (endpoint === undefined) throw new DeliveryConfigError('Exactly one of DomainARN and ClusterEndpoint is required');
  if (config['ClusterEndpoint'] !== undefined && config['DomainARN'] !== undefined) throw new DeliveryConfigError('Only one of DomainARN and ClusterEndpoint may be set');
  const hints = config['BufferingHints'] as Json | undefined;
  const documentIdFormat = ((config['DocumentIdOptions'] as Json | undefined)?.['DefaultDocumentIdFormat'] as DocumentIdFormat | undefined) ?? 'FIREHOSE_DEFAULT';
  const typeName = config['TypeName'] as string | undefined;
  return {
    ...identity,
    s3: s3Target(config['S3Configuration'] as Json, { destination: 'S3', dynamicPartitioning: false }),
    buffering: {
      sizeBytes: ((hints?.['SizeInMBs'] as number | undefined) ?? OPENSEARCH_BUFFERING.sizeMiB.default) * MIB,
      intervalMs: ((hints?.['IntervalInSeconds'] as number | undefined) ?? OPENSEARCH_BUFFERING.intervalSeconds.default) * 1000,
    },
    processing: processingConfig(config['ProcessingConfiguration'] as Json | undefined),
    dynamicPartitioning: false,
    destination: {
      kind: 'OpenSearch',
      endpoint,
      indexName: config['IndexName'] as string,
      ...(typeName ? { typeName } : {}),
      rotation: ((config['IndexRotationPeriod'] as IndexRotationPeriod | undefined) ?? 'OneDay'),
      documentIdFormat,
      retrySeconds: ((config['RetryOptions'] as Json | undefined)?.['DurationInSeconds'] as number | undefined) ?? OPENSEARCH_RETRY_SECONDS.default,
      backupMode: ((config['S3BackupMode'] as 'FailedDocumentsOnly' | 'AllDocuments' | undefined) ?? 'FailedDocumentsOnly'),
    },
  };
}
