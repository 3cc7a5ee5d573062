import { Duration, Size } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PipelineConfig, DestinationName } from '../../lambda/engine/config/pipeline-config';
import type { ClickstreamPipelineProps } from '../pipeline';
import type { S3Compression } from '../delivery/s3-delivery';
import type { IndexRotationPeriod, OpenSearchBackupMode } from '../delivery/opensearch-delivery';
import type { StreamCapacityMode } from '../stream/clickstream-stream';

type Config = PipelineConfig & { destinations: DestinationName[] };

/** Maps the validated configuration file onto the construct's props (imports existing resources by ARN/name). */
export function pipelinePropsFromConfig(scope: Construct, config: Config): ClickstreamPipelineProps {
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
