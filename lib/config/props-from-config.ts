import * as fs from 'fs';
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ConfigError, type PipelineConfig, type DestinationName } from '../../lambda/engine/config/pipeline-config';
import type { InputSchema } from '../../lambda/engine/sql/input';
import { idOf, type AnalyticsOutput } from '../analytics/analytics-application';
import type { ClickstreamPipelineProps, PipelineAnalyticsProps } from '../pipeline';
import type { S3Compression } from '../delivery/s3-delivery';
import type { IndexRotationPeriod, OpenSearchBackupMode } from '../delivery/opensearch-delivery';
import type { StreamCapacityMode } from '../stream/clickstream-stream';

type Config = PipelineConfig & { destinations: DestinationName[] };

/**
 * Maps the validated configuration file onto the construct's props (imports existing resources by
 * ARN/name, reads the analytics application's files). `source` names the configuration in errors.
 */
export function pipelinePropsFromConfig(scope: Construct, config: Config, source = 'configuration'): ClickstreamPipelineProps {
  const on = (d: DestinationName) => config.destinations.includes(d);
  const { stream, s3: s3c, redshift: rs, opensearch: os, monitoring } = config;
  return {
    stream: stream && {
      streamName: stream.name,
      mode: stream.mode as StreamCapacityMode | undefined,
      shardCount: stream.shardCount,
      retentionPeriod: stream.retentionHours === undefined ? undefined : Duration.hours(stream.retentionHours),
      encryptionKey: stream.kmsKeyArn ? kms.Key.fromKeyArn(scope, 'StreamKey', stream.kmsKeyArn) : undefined,
      enhancedFanOutConsumers: stream.enhancedFanOutConsumers,
    },
    s3: !on('s3') ? false : s3c && {
      bucket: s3c.bucketName ? s3.Bucket.fromBucketName(scope, 'S3Bucket', s3c.bucketName) : undefined,
      ...buffering(s3c),
      compression: s3c.compression as S3Compression | undefined,
      prefix: s3c.prefix,
      errorOutputPrefix: s3c.errorOutputPrefix,
      dynamicPartitioning: s3c.dynamicPartitioning,
      parquet: s3c.parquet === true ? {} : s3c.parquet || undefined,
      sourceBackup: s3c.sourceBackup,
    },
    redshift: !on('redshift') || !rs ? undefined : {
      clusterEndpoint: rs.clusterEndpoint,
      port: rs.port,
      database: rs.database,
      credentials: secretsmanager.Secret.fromSecretCompleteArn(scope, 'RedshiftSecret', rs.secretArn),
      table: rs.table,
      columns: rs.columns,
      copyOptions: rs.copyOptions,
      compression: rs.compression,
      retryDuration: seconds(rs.retrySeconds),
      ...buffering(rs),
      sourceBackup: rs.sourceBackup,
    },
    opensearch: !on('opensearch') ? undefined : {
      domain: os?.domainArn && os.domainEndpoint
        ? opensearch.Domain.fromDomainAttributes(scope, 'SearchDomain', { domainArn: os.domainArn, domainEndpoint: os.domainEndpoint })
        : undefined,
      newDomain: os?.newDomain && {
        dataNodes: os.newDomain.dataNodes,
        dataNodeInstanceType: os.newDomain.instanceType,
        volumeSizeGiB: os.newDomain.volumeSizeGiB,
        masterNodes: os.newDomain.masterNodes,
      },
      indexName: os?.indexName,
      indexRotation: os?.indexRotation as IndexRotationPeriod | undefined,
      typeName: os?.typeName,
      retryDuration: seconds(os?.retrySeconds),
      s3BackupMode: os?.backupMode as OpenSearchBackupMode | undefined,
      ...buffering(os ?? {}),
    },
    analytics: config.analytics && analyticsFromConfig(scope, config.analytics, source),
    monitoring: monitoring && {
      alarmEmail: monitoring.alarmEmail,
      dataFreshnessThreshold: monitoring.dataFreshnessMinutes === undefined ? undefined : Duration.minutes(monitoring.dataFreshnessMinutes),
    },
  };
}

function buffering(c: { bufferSizeMiB?: number; bufferIntervalSeconds?: number }) {
  return {
    bufferingSize: c.bufferSizeMiB === undefined ? undefined : Size.mebibytes(c.bufferSizeMiB),
    bufferingInterval: seconds(c.bufferIntervalSeconds),
  };
}

function seconds(value: number | undefined): Duration | undefined {
  return value === undefined ? undefined : Duration.seconds(value);
}

type AnalyticsConfig = NonNullable<PipelineConfig['analytics']>;

/** The analytics stage: the SQL and InputSchema files (paths relative to the working directory) and the outputs. */
function analyticsFromConfig(scope: Construct, a: AnalyticsConfig, source: string): PipelineAnalyticsProps {
  const sql = readText(source, 'analytics.application', a.application);
  const inputSchema = parseJsonFile(source, 'analytics.inputSchema', a.inputSchema) as InputSchema;
  const outputs: Record<string, AnalyticsOutput> = {};
  for (const [name, o] of Object.entries(a.outputs)) {
    const id = `AnalyticsOutput${idOf(name)}`;
    switch (o.kind) {
      case 'kinesis':
        outputs[name] = {
          kind: 'kinesis',
          stream: o.streamName === undefined ? undefined : kinesis.Stream.fromStreamAttributes(scope, id, {
            streamArn: Stack.of(scope).formatArn({ service: 'kinesis', resource: 'stream', resourceName: o.streamName }),
            encryptionKey: o.kmsKeyArn ? kms.Key.fromKeyArn(scope, `${id}Key`, o.kmsKeyArn) : undefined,
          }),
        };
        break;
      case 'firehose':
        outputs[name] = { kind: 'firehose', deliveryStreamName: o.deliveryStreamName };
        break;
      case 'lambda':
        outputs[name] = { kind: 'lambda', function: lambda.Function.fromFunctionArn(scope, id, o.functionArn) };
        break;
    }
  }
  const l = a.lambda;
  const f = a.flink;
  return {
    runtime: a.runtime,
    sql,
    inputSchema,
    outputs,
    lambda: l && {
      batchSize: l.batchSize,
      retryAttempts: l.retryAttempts,
      maxRecordAge: seconds(l.maxRecordAgeSeconds),
      boundLag: seconds(l.boundLagSeconds),
      iteratorAgeThreshold: l.iteratorAgeAlarmMinutes === undefined ? undefined : Duration.minutes(l.iteratorAgeAlarmMinutes),
      memorySize: l.memorySize,
    },
    flink: f && {
      jar: f.jarPath !== undefined
        ? { localPath: checkReadable(source, 'analytics.flink.jarPath', f.jarPath) }
        : { bucket: s3.Bucket.fromBucketArn(scope, 'AnalyticsJarBucket', f.jarS3!.bucketArn), key: f.jarS3!.key },
      parallelism: f.parallelism,
      parallelismPerKpu: f.parallelismPerKpu,
      autoScaling: f.autoScaling,
      checkpointInterval: seconds(f.checkpointIntervalSeconds),
    },
  };
}

function configPath(key: string): string {
  return `clickstream.${key}`;
}

function readText(source: string, key: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(source, [{ path: configPath(key), rule: `cannot read the file (paths are relative to the working directory, ${process.cwd()}): ${(e as Error).message}` }]);
  }
}

function parseJsonFile(source: string, key: string, file: string): unknown {
  const text = readText(source, key, file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(source, [{ path: configPath(key), rule: `${file} is not valid JSON: ${(e as Error).message}` }]);
  }
}

function checkReadable(source: string, key: string, file: string): string {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    throw new ConfigError(source, [{ path: configPath(key), rule: `cannot read the file (paths are relative to the working directory, ${process.cwd()}): ${(e as Error).message}` }]);
  }
  return file;
}
