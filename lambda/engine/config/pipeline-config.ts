/**
 * The pipeline's configuration file (the `clickstream` object in cdk.json, or a JSON file named by
 * `-c clickstreamConfig=FILE`). Parsed here, without CDK, so the CDK app and the CLI read the same
 * file the same way; unknown keys are errors so a typo never silently falls back to a default.
 */
import { z } from 'zod';
import {
  COMPRESSION_FORMATS, INDEX_ROTATION_PERIODS, OPENSEARCH_BUFFERING, OPENSEARCH_RETRY_SECONDS,
  OPENSEARCH_S3_BACKUP_MODES, REDSHIFT_COMPRESSION_FORMATS, REDSHIFT_RETRY_SECONDS, S3_BUFFERING,
} from '../firehose/limits';
import { MIN_SHARD_COUNT, RETENTION_HOURS, STREAM_MODES } from '../kinesis/limits';

/** An integer in a range, with one message that states the whole rule whichever bound is broken. */
const int = (range: { min: number; max?: number }) => {
  const error = range.max === undefined ? `must be an integer ≥ ${range.min}` : `must be an integer from ${range.min} to ${range.max}`;
  const base = z.number({ error }).int({ error }).min(range.min, { error });
  return range.max === undefined ? base : base.max(range.max, { error });
};
const name = z.string().min(1);

const streamSchema = z.strictObject({
  name: name.optional(),
  mode: z.enum(STREAM_MODES as [string, ...string[]]).optional(),
  shardCount: int({ min: MIN_SHARD_COUNT }).optional(),
  retentionHours: int(RETENTION_HOURS).optional(),
  kmsKeyArn: z.string().startsWith('arn:').optional(),
  enhancedFanOutConsumers: z.array(name).optional(),
});

const s3Buffering = {
  bufferSizeMiB: int(S3_BUFFERING.sizeMiB).optional(),
  bufferIntervalSeconds: int(S3_BUFFERING.intervalSeconds).optional(),
};

const s3Schema = z.strictObject({
  bucketName: name.optional(),
  ...s3Buffering,
  compression: z.enum(COMPRESSION_FORMATS as [string, ...string[]]).optional(),
  prefix: z.string().optional(),
  errorOutputPrefix: z.string().optional(),
  dynamicPartitioning: z.boolean().optional(),
  parquet: z.union([
    z.boolean(),
    z.strictObject({
      databaseName: name.optional(),
      tableName: name.optional(),
      compression: z.enum(['UNCOMPRESSED', 'GZIP', 'SNAPPY']).optional(),
    }),
  ]).optional(),
  sourceBackup: z.boolean().optional(),
});

const redshiftSchema = z.strictObject({
  clusterEndpoint: name,
  port: int({ min: 1, max: 65535 }).optional(),
  database: name,
  secretArn: z.string().startsWith('arn:'),
  table: name.optional(),
  columns: z.array(name).min(1).optional(),
  copyOptions: z.string().optional(),
  compression: z.enum(REDSHIFT_COMPRESSION_FORMATS).optional(),
  retrySeconds: int(REDSHIFT_RETRY_SECONDS).optional(),
  ...s3Buffering,
  sourceBackup: z.boolean().optional(),
});

const opensearchSchema = z.strictObject({
  domainArn: z.string().startsWith('arn:').optional(),
  domainEndpoint: z.string().url().optional(),
  newDomain: z.strictObject({
    dataNodes: int({ min: 1 }).optional(),
    instanceType: name.optional(),
    volumeSizeGiB: int({ min: 10 }).optional(),
    masterNodes: int({ min: 0 }).optional(),
  }).optional(),
  indexName: name.optional(),
  indexRotation: z.enum(INDEX_ROTATION_PERIODS as [string, ...string[]]).optional(),
  typeName: z.string().optional(),
  retrySeconds: int(OPENSEARCH_RETRY_SECONDS).optional(),
  backupMode: z.enum(OPENSEARCH_S3_BACKUP_MODES as [string, ...string[]]).optional(),
  bufferSizeMiB: int(OPENSEARCH_BUFFERING.sizeMiB).optional(),
  bufferIntervalSeconds: int(OPENSEARCH_BUFFERING.intervalSeconds).optional(),
}).refine((o) => !(o.domainArn && o.newDomain), { message: 'set domainArn (an existing domain) or newDomain, not both', path: ['newDomain'] })
  .refine((o) => !o.domainArn === !o.domainEndpoint, { message: 'domainArn and domainEndpoint go together (both name the existing domain)', path: ['domainEndpoint'] });

export const DESTINATIONS = ['s3', 'redshift', 'opensearch'] as const;
export type DestinationName = (typeof DESTINATIONS)[number];

const pipelineSchema = z.strictObject({
  stream: streamSchema.optional(),
  destinations: z.array(z.enum(DESTINATIONS)).min(1).optional(),
  s3: s3Schema.optional(),
  redshift: redshiftSchema.optional(),
  opensearch: opensearchSchema.optional(),
  monitoring: z.strictObject({
    alarmEmail: z.string().email().optional(),
    dataFreshnessMinutes: int({ min: 1, max: 1440 }).optional(),
  }).optional(),
}).superRefine((config, ctx) => {
  const destinations = config.destinations ?? ['s3'];
  // OpenSearch can run on a new domain with defaults; Redshift always needs an existing cluster.
  if (destinations.includes('redshift') && !config.redshift) {
    ctx.addIssue({ code: 'custom', path: ['redshift'], message: 'is required when destinations includes "redshift" (clusterEndpoint, database and secretArn)' });
  }
  if (new Set(destinations).size !== destinations.length) {
    ctx.addIssue({ code: 'custom', path: ['destinations'], message: 'must not repeat a destination' });
  }
  if (config.stream?.mode === 'ON_DEMAND' && config.stream.shardCount !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['stream', 'shardCount'], message: 'must not be set when mode is ON_DEMAND' });
  }
});

export type PipelineConfig = z.infer<typeof pipelineSchema>;

/** A configuration error naming the key (dotted path from the config root) and the rule. */
export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: { path: string; rule: string }[]) {
    super(`Invalid clickstream configuration (${source}):\n${problems.map((p) => `  - ${p.path}: ${p.rule}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates a raw configuration object; `source` says where it came from, for the error message. */
export function parsePipelineConfig(raw: unknown, source: string): PipelineConfig & { destinations: DestinationName[] } {
  const result = pipelineSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(source, result.error.issues.map((issue) => ({
      path: ['clickstream', ...issue.path.map(String)].join('.'),
      rule: issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message,
    })));
  }
  return { ...result.data, destinations: result.data.destinations ?? ['s3'] };
}
