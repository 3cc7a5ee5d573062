/**
 * The Lambda SQL runtime: a Kinesis Analytics SQL application run by the engine, invoked by the
 * stream's event source mapping (one shard's batch at a time, in order) and by a schedule's tick
 * (`{"action": "tick"}`) that closes windows when no records arrive. Wiring only: the semantics live in
 * lambda/engine/analytics/ (README "Analytics on Lambda").
 *
 * Configuration: the application `{sql, inputSchema}` as JSON in CLICKSTREAM_SQL_APPLICATION (baked in
 * at bundling time); STATE_BUCKET, STATE_PREFIX (default `sql-runtime/`); OUTPUTS, JSON
 * `{"STREAM": {"kind": "kinesis" | "firehose" | "lambda", "name": "..."}}`; BOUND_LAG_SECONDS (default 60):
 * how far behind the clock a tick's bound is, so that records still on their way are not late;
 * UNBOUNDED_STATE_SECONDS (default 3600): the replay kept for state not bounded by time.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { KinesisStreamEvent } from 'aws-lambda';
import { runBatch, runTick, type RuntimeContext, type ShardReport } from '../engine/analytics/invocation';
import { appFingerprint, type ShardRecord } from '../engine/analytics/shard-processor';
import { stateHorizon } from '../engine/analytics/state-horizon';
import { deaggregate } from '../engine/kinesis/kpl';
import type { InputSchema } from '../engine/sql/input';
import { compileApplication } from '../engine/sql/runtime';
import { S3StateStore } from './analytics/s3-state-store';
import { createOutputSink, type OutputTarget } from './analytics/output-sinks';

const logger = new Logger({ serviceName: 'clickstream-sql-runtime' });
const metrics = new Metrics({ namespace: 'Clickstream/Analytics', serviceName: 'clickstream-sql-runtime' });

export type TickEvent = { readonly action: 'tick' };

/** A configuration error: the deployment is wrong, not the data. */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
}

interface Runtime {
  readonly ctx: RuntimeContext;
  readonly boundLagMs: number;
}

let runtime: Runtime | undefined;

// Written out in full so that esbuild's `define` (the construct bakes the application in) replaces it.
const BAKED_APPLICATION = process.env.CLICKSTREAM_SQL_APPLICATION;

/** Builds the runtime from the application (baked in) and the environment (once per container). */
export function runtimeFromEnv(env: NodeJS.ProcessEnv = process.env, text: string | undefined = BAKED_APPLICATION): Runtime {
  if (text === undefined || text === '') throw new RuntimeConfigError('CLICKSTREAM_SQL_APPLICATION is not set: the application {sql, inputSchema} is baked in at bundling time');
  const { sql, inputSchema } = parseJson(text, 'CLICKSTREAM_SQL_APPLICATION') as { sql: string; inputSchema: InputSchema };
  const bucket = env['STATE_BUCKET'];
  if (bucket === undefined || bucket === '') throw new RuntimeConfigError('STATE_BUCKET is not set');
  const targets = parseJson(env['OUTPUTS'] ?? '{}', 'OUTPUTS') as Record<string, OutputTarget>;
  const app = compileApplication(sql, inputSchema);
  const unboundedMs = seconds(env, 'UNBOUNDED_STATE_SECONDS', 3600) * 1000;
  const horizon = stateHorizon(app, unboundedMs);
  if (horizon.approximate.length > 0) logger.warn('state not bounded by time is rebuilt from the last UNBOUNDED_STATE_SECONDS only', { queries: horizon.approximate });
  const endpoint = env['AWS_ENDPOINT_URL']; // set by tests against a local endpoint; the SDK reads it too
  const config = endpoint === undefined ? {} : { endpoint };
  const deliver = createOutputSink(targets, { kinesis: new KinesisClient(config), firehose: new FirehoseClient(config), lambda: new LambdaClient(config) }, {
    unrouted: (row) => {
      if (row.stream === 'error_stream') logger.warn('error_stream row', { id: row.id, line: row.line });
    },
  });
  return {
    ctx: { app, appId: appFingerprint(sql, inputSchema), horizonMs: horizon.ms, store: new S3StateStore(new S3Client(config), bucket, env['STATE_PREFIX'] ?? 'sql-runtime/'), deliver },
    boundLagMs: seconds(env, 'BOUND_LAG_SECONDS', 60) * 1000,
  };
}

export const handler = async (event: KinesisStreamEvent | TickEvent): Promise<{ shards: ShardReport[] }> => {
  runtime ??= runtimeFromEnv();
  try {
    const shards = await handle(runtime, event, Date.now());
    for (const s of shards) {
      metrics.addMetric('RecordsProcessed', MetricUnit.Count, s.processed);
      metrics.addMetric('RecordsSkipped', MetricUnit.Count, s.skipped);
      metrics.addMetric('RowsEmitted', MetricUnit.Count, s.rows);
      metrics.addMetric('RowsDelivered', MetricUnit.Count, s.delivered);
    }
    logger.info('sql runtime invocation', { shards });
    return { shards };
  } finally {
    metrics.publishStoredMetrics();
  }
};

/** One invocation: a tick, or the event source mapping's batch (one shard, possibly KPL-aggregated records). */
export async function handle(rt: Runtime, event: KinesisStreamEvent | TickEvent, now: number): Promise<ShardReport[]> {
  if ('action' in event) {
    if (event.action !== 'tick') throw new RuntimeConfigError(`unknown action ${JSON.stringify(event.action)}: expected "tick"`);
    return runTick(rt.ctx, now - rt.boundLagMs);
  }
  const byShard = new Map<string, ShardRecord[]>();
  for (const r of event.Records) {
    const shardId = r.eventID.slice(0, r.eventID.indexOf(':'));
    const list = byShard.get(shardId) ?? [];
    list.push(...shardRecords(r.kinesis.sequenceNumber, r.kinesis.approximateArrivalTimestamp, Buffer.from(r.kinesis.data, 'base64')));
    byShard.set(shardId, list);
  }
  const reports: ShardReport[] = [];
  for (const [shardId, records] of byShard) reports.push(await runBatch(rt.ctx, shardId, records));
  return reports;
}

/** A Kinesis record as the engine's input: its user records when it is KPL-aggregated. `arrivalSeconds` as Lambda gives it. */
export function shardRecords(sequenceNumber: string, arrivalSeconds: number, data: Uint8Array): ShardRecord[] {
  const arrival = Math.round(arrivalSeconds * 1000);
  const users = deaggregate(data);
  if (users === undefined) return [{ sequenceNumber, arrival, data }];
  return users.map((u) => ({ sequenceNumber, arrival, data: u.data, subSequence: u.subSequenceNumber }));
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new RuntimeConfigError(`${name} is not valid JSON: ${(e as Error).message}`);
  }
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new RuntimeConfigError(`${name} must be a non-negative number of seconds, got ${JSON.stringify(text)}`);
  return n;
}
