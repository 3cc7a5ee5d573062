/**
 * The verifier's inputs, validated: the function's environment (its configuration) and the invocation
 * event (a scheduled EventBridge event, or a direct invoke `{ "sampleSeconds"?: n, "limit"?: n }`).
 * Bad input throws VerifierInputError naming the field.
 */
import { GET_RECORDS, RETENTION_HOURS } from '../kinesis/limits';

export const DEFAULT_SAMPLE_LIMIT = 1000;
export const DEFAULT_SAMPLE_SECONDS = 300;
/** The sample cannot reach further back than the longest retention. */
export const MAX_SAMPLE_SECONDS = RETENTION_HOURS.max * 3600;
/** Records per shard: a bound on the Lambda's memory and run time (ten full GetRecords calls). */
export const MAX_SAMPLE_LIMIT = 10 * GET_RECORDS.max;

export class VerifierInputError extends Error {
  override readonly name = 'VerifierInputError';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export interface VerifierAnalyticsConfig {
  readonly sql: string;
  readonly inputSchema: unknown;
  readonly outputStream: string;
}

export interface VerifierConfig {
  readonly streamName: string;
  readonly provisionedShards?: number;
  readonly sampleLimit: number;
  readonly sampleSeconds: number;
  readonly analytics?: VerifierAnalyticsConfig;
  readonly kinesisEndpoint?: string;
}

export interface VerifierRequest {
  readonly sampleSeconds: number;
  readonly limit: number;
}

function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new VerifierInputError(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalInteger(field: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  // An environment variable is text: only plain digits are a number.
  return integerIn(field, /^\d+$/.test(value.trim()) ? Number(value) : value, min, max);
}

function jsonEnv(field: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (e) {
    throw new VerifierInputError(field, `must be JSON (${(e as Error).message})`);
  }
}

/**
 * The configuration from the environment: STREAM_NAME (required), PROVISIONED_SHARDS, SAMPLE_LIMIT,
 * SAMPLE_SECONDS, ANALYTICS_SQL + ANALYTICS_SCHEMA + ANALYTICS_OUTPUT_STREAM (all three or none),
 * KINESIS_ENDPOINT (a local endpoint, for tests and laptops).
 */
export function parseVerifierConfig(env: Readonly<Record<string, string | undefined>>): VerifierConfig {
  const streamName = env['STREAM_NAME'];
  if (streamName === undefined || streamName === '') throw new VerifierInputError('STREAM_NAME', 'is required');
  const sql = env['ANALYTICS_SQL'];
  const schema = env['ANALYTICS_SCHEMA'];
  const output = env['ANALYTICS_OUTPUT_STREAM'];
  const given = [sql, schema, output].filter((v) => v !== undefined && v !== '').length;
  if (given !== 0 && given !== 3) {
    const missing = (['ANALYTICS_SQL', 'ANALYTICS_SCHEMA', 'ANALYTICS_OUTPUT_STREAM'] as const).find((k) => env[k] === undefined || env[k] === '');
    throw new VerifierInputError(missing as string, 'ANALYTICS_SQL, ANALYTICS_SCHEMA and ANALYTICS_OUTPUT_STREAM go together');
  }
  const provisionedShards = optionalInteger('PROVISIONED_SHARDS', env['PROVISIONED_SHARDS'], 1, 100_000);
  const endpoint = env['KINESIS_ENDPOINT'];
  return {
    streamName,
    ...(provisionedShards !== undefined && { provisionedShards }),
    sampleLimit: optionalInteger('SAMPLE_LIMIT', env['SAMPLE_LIMIT'], 1, MAX_SAMPLE_LIMIT) ?? DEFAULT_SAMPLE_LIMIT,
    sampleSeconds: optionalInteger('SAMPLE_SECONDS', env['SAMPLE_SECONDS'], 1, MAX_SAMPLE_SECONDS) ?? DEFAULT_SAMPLE_SECONDS,
    ...(given === 3 && {
      analytics: {
        sql: sqlText(sql as string),
        inputSchema: jsonEnv('ANALYTICS_SCHEMA', schema as string),
        outputStream: output as string,
      },
    }),
    ...(endpoint !== undefined && endpoint !== '' && { kinesisEndpoint: endpoint }),
  };
}

/** ANALYTICS_SQL is the SQL text; a JSON string literal of it is accepted too (SQL may also start with a quoted name). */
function sqlText(value: string): string {
  if (!value.trimStart().startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The sample asked for: a scheduled event (or no event) uses the configuration's defaults. */
export function parseVerifierEvent(event: unknown, config: Pick<VerifierConfig, 'sampleLimit' | 'sampleSeconds'>): VerifierRequest {
  const defaults = { sampleSeconds: config.sampleSeconds, limit: config.sampleLimit };
  if (event === undefined || event === null) return defaults;
  if (!isObject(event)) throw new VerifierInputError('event', `must be an object ({ "sampleSeconds"?: n, "limit"?: n }) or a scheduled event, got ${JSON.stringify(event)}`);
  if (event['source'] === 'aws.events' || event['detail-type'] === 'Scheduled Event') return defaults;
  for (const key of Object.keys(event)) {
    if (key !== 'sampleSeconds' && key !== 'limit') throw new VerifierInputError(key, 'is not a verifier option (allowed: sampleSeconds, limit)');
  }
  return {
    sampleSeconds: event['sampleSeconds'] === undefined ? defaults.sampleSeconds : integerIn('sampleSeconds', event['sampleSeconds'], 1, MAX_SAMPLE_SECONDS),
    limit: event['limit'] === undefined ? defaults.limit : integerIn('limit', event['limit'], 1, MAX_SAMPLE_LIMIT),
  };
}
