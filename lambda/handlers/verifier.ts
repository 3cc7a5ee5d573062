/**
 * The live verifier Lambda: samples the clickstream's Kinesis stream (and the analytics application's
 * output stream, when one is configured), runs the engine's checks (engine/verify) and reports a JSON
 * result, logged and published as CloudWatch embedded-metric-format metrics. Invoked on a schedule or
 * directly with `{ "sampleSeconds"?: n, "limit"?: n }`. Wiring only: the checks live in engine/verify.
 */
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  coveredUntil,
  parseOutputRows,
  parseVerifierConfig,
  parseVerifierEvent,
  sampleStream,
  verifySample,
  type KinesisReadPort,
  type SampledShard,
  type VerifierConfig,
  type VerifierReport,
} from '../engine/verify';

const SERVICE = 'clickstream-verifier';
export const METRICS_NAMESPACE = 'Clickstream/Verifier';

const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });

// One client per endpoint, reused across warm invocations.
const clients = new Map<string, KinesisClient>();
function clientFor(config: VerifierConfig): KinesisClient {
  const key = config.kinesisEndpoint ?? '';
  let client = clients.get(key);
  if (client === undefined) {
    client = new KinesisClient(config.kinesisEndpoint === undefined ? {} : { endpoint: config.kinesisEndpoint });
    clients.set(key, client);
  }
  return client;
}

/** The SDK client behind the engine's read port. */
export function kinesisPort(client: KinesisClient): KinesisReadPort {
  return {
    listShards: async (input) => {
      const out = await client.send(new ListShardsCommand(input));
      // The SDK types every field optional; a shard without ID or range is not one the checks can use.
      const shards: SampledShard[] = [];
      for (const s of out.Shards ?? []) {
        const range = s.HashKeyRange;
        if (s.ShardId === undefined || range?.StartingHashKey === undefined || range.EndingHashKey === undefined) continue;
        shards.push({
          ShardId: s.ShardId,
          HashKeyRange: { StartingHashKey: range.StartingHashKey, EndingHashKey: range.EndingHashKey },
          ...(s.ParentShardId !== undefined && { ParentShardId: s.ParentShardId }),
          ...(s.AdjacentParentShardId !== undefined && { AdjacentParentShardId: s.AdjacentParentShardId }),
          ...(s.SequenceNumberRange !== undefined && { SequenceNumberRange: s.SequenceNumberRange }),
        });
      }
      return { Shards: shards, ...(out.NextToken !== undefined && { NextToken: out.NextToken }) };
    },
    getShardIterator: (input) => client.send(new GetShardIteratorCommand(input)),
    getRecords: (input) => client.send(new GetRecordsCommand(input)),
  };
}

/**
 * The configuration: the environment, plus the analytics application, which the construct bakes into the
 * bundle with esbuild `define` (Lambda's environment holds only 4 KB). These literal `process.env.X`
 * reads are what `define` replaces; unbundled (tests, laptops) they read the environment.
 */
function configEnv(): Record<string, string | undefined> {
  return { ...process.env, ANALYTICS_SQL: process.env.ANALYTICS_SQL, ANALYTICS_SCHEMA: process.env.ANALYTICS_SCHEMA };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function publish(report: VerifierReport): void {
  metrics.addDimension('StreamName', report.stream);
  metrics.addMetric('RecordsSampled', MetricUnit.Count, report.records);
  metrics.addMetric('MisplacedRecords', MetricUnit.Count, report.routing.misplacedCount);
  metrics.addMetric('OrderingViolations', MetricUnit.Count, report.ordering.violationCount);
  metrics.addMetric('ThrottleSeconds', MetricUnit.Count, report.throttling.throttleSeconds);
  if (report.analytics !== undefined) {
    metrics.addMetric('AnalyticsMismatches', MetricUnit.Count, report.analytics.windows.mismatched + (report.analytics.error === undefined ? 0 : 1));
  }
  metrics.addMetric('VerifierOk', MetricUnit.Count, report.ok ? 1 : 0);
  metrics.publishStoredMetrics();
}

export const handler = async (event: unknown): Promise<VerifierReport> => {
  const config = parseVerifierConfig(configEnv());
  const request = parseVerifierEvent(event, config);
  const port = kinesisPort(clientFor(config));
  const checkedAt = Date.now();
  const from = checkedAt - request.sampleSeconds * 1000;

  const main = await sampleStream(port, { streamName: config.streamName, from, limit: request.limit, sleep });
  let analytics;
  if (config.analytics !== undefined) {
    const output = await sampleStream(port, { streamName: config.analytics.outputStream, from, limit: request.limit, sleep });
    const parsed = parseOutputRows(output.samples);
    if (parsed.invalid > 0) logger.warn('analytics output lines that are not rows', { stream: config.analytics.outputStream, invalid: parsed.invalid });
    analytics = {
      sql: config.analytics.sql,
      inputSchema: config.analytics.inputSchema,
      actual: parsed.rows,
      actualCoveredUntil: coveredUntil(output.samples, from, Date.now()),
    };
  }

  const report = verifySample({
    stream: config.streamName,
    checkedAt,
    sampleFrom: from,
    shards: main.shards,
    samples: main.samples,
    ...(config.provisionedShards !== undefined && { provisionedShards: config.provisionedShards }),
    ...(analytics !== undefined && { analytics }),
  });
  logger.info('verifier report', { report, calls: main.calls });
  publish(report);
  return report;
};
