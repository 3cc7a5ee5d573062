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
import { DELIVERY_STREAM_NAME } from '../firehose/limits';
import { MIN_SHARD_COUNT, RETENTION_HOURS, STREAM_MODES, STREAM_NAME } from '../kinesis/limits';

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

/** A string that matches an AWS model pattern, with the model's pattern in the message. */
const modelName = (c: { min?: number; max?: number; pattern?: RegExp; patternText?: string }) => {
  const error = `must be ${c.min ?? 1} to ${c.max} characters matching ${c.patternText}`;
  return z.string({ error }).min(c.min ?? 1, { error }).max(c.max ?? Infinity, { error })
    .refine((v) => c.pattern === undefined || c.pattern.test(v), { error });
};
const arn = (service: string) => z.string().regex(new RegExp(`^arn:[a-z-]+:${service}:`), { error: `must be a ${service} ARN (arn:<partition>:${service}:...)` });

export const ANALYTICS_RUNTIMES = ['lambda', 'flink'] as const;
export type AnalyticsRuntimeName = (typeof ANALYTICS_RUNTIMES)[number];

/** Where one in-application stream's rows go. A Kinesis output without streamName gets a new stream. */
const analyticsOutputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kinesis'), streamName: modelName(STREAM_NAME).optional(), kmsKeyArn: arn('kms').optional() }),
  z.strictObject({ kind: z.literal('firehose'), deliveryStreamName: modelName(DELIVERY_STREAM_NAME) }),
  z.strictObject({ kind: z.literal('lambda'), functionArn: arn('lambda') }),
], { error: 'must be "kinesis", "firehose" or "lambda"' });

const analyticsSchema = z.strictObject({
  runtime: z.enum(ANALYTICS_RUNTIMES).optional(),
  /** Path of the Kinesis Analytics SQL application file, relative to the working directory. */
  application: name,
  /** Path of the InputSchema JSON file, relative to the working directory. */
  inputSchema: name,
  outputs: z.record(name, analyticsOutputSchema)
    .refine((o) => Object.keys(o).length > 0, { error: 'must send at least one in-application stream somewhere' }),
  lambda: z.strictObject({
    batchSize: int({ min: 1, max: 10000 }).optional(),
    retryAttempts: int({ min: 0, max: 10000 }).optional(),
    maxRecordAgeSeconds: int({ min: 60, max: 604800 }).optional(),
    boundLagSeconds: int({ min: 0, max: 3600 }).optional(),
    iteratorAgeAlarmMinutes: int({ min: 1, max: 10080 }).optional(),
    memorySize: int({ min: 128, max: 10240 }).optional(),
  }).optional(),
  flink: z.strictObject({
    /** The SQL-runner jar on this machine (uploaded as a CDK asset), relative to the working directory. */
    jarPath: name.optional(),
    /** The SQL-runner jar already in S3. */
    jarS3: z.strictObject({ bucketArn: arn('s3'), key: name }).optional(),
    parallelism: int({ min: 1 }).optional(),
    parallelismPerKpu: int({ min: 1, max: 8 }).optional(),
    autoScaling: z.boolean().optional(),
    checkpointIntervalSeconds: int({ min: 1 }).optional(),
  }).optional(),
}).superRefine((a, ctx) => {
  const runtime = a.runtime ?? 'lambda';
  if (runtime === 'flink') {
    if (!a.flink || !a.flink.jarPath === !a.flink.jarS3) {
      ctx.addIssue({ code: 'custom', path: ['flink'], message: 'must set exactly one of jarPath (a local SQL-runner jar) or jarS3 ({bucketArn, key}) when runtime is "flink"' });
    }
    if (a.lambda) ctx.addIssue({ code: 'custom', path: ['lambda'], message: 'applies to runtime "lambda" only' });
    for (const [stream, output] of Object.entries(a.outputs)) {
      if (output.kind === 'lambda') {
        ctx.addIssue({ code: 'custom', path: ['outputs', stream, 'kind'], message: 'cannot be "lambda" when runtime is "flink" (Flink sinks: kinesis, firehose)' });
      }
    }
  } else if (a.flink) {
    ctx.addIssue({ code: 'custom', path: ['flink'], message: 'applies to runtime "flink" only' });
  }
});

export const DESTINATIONS = ['s3', 'redshift', 'opensearch'] as const;
export type DestinationName = (typeof DESTINATIONS)[number];

const pipelineSchema = z.strictObject({
  stream: streamSchema.optional(),
  destinations: z.array(z.enum(DESTINATIONS)).min(1).optional(),
  s3: s3Schema.optional(),
  redshift: redshiftSchema.optional(),
  opensearch: opensearchSchema.optional(),
  analytics: analyticsSchema.optional(),
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
