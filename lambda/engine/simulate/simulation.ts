/**
 * The whole configured pipeline on the engine, on a simulated clock (it never sleeps):
 *
 *   traffic → producer (PutRecords, retries with backoff) → Kinesis engine (shards, AWS throttling)
 *           → one Firehose delivery per destination (transform, buffers, compression, objects)
 *           → the analytics application per shard (Lambda runtime semantics), its output rows
 *
 * Producers hand each record to the project's producer library (../kinesis/producer.ts: batching with
 * a 100 ms linger, one record in flight per partition key, failed entries retried with exponential
 * backoff and full jitter, seeded) at its own simulated time; its waits run on virtual timers.
 * Consumers run every simulated second, as Firehose and Lambda poll. After the last
 * record is stored, the run continues until the analytics windows have closed and every Firehose
 * buffer has been delivered by its interval (at most 15 minutes), then flushes what is left.
 */
import { ManualClock } from '../clock';
import type { DestinationName, PipelineConfig } from '../config/pipeline-config';
import type { RandomPort } from '../firehose/delivery-stream';
import type { TransformPort } from '../firehose/transform-invoker';
import { KinesisEngine } from '../kinesis/engine';
import { ON_DEMAND_INITIAL_SHARDS } from '../kinesis/limits';
import { mulberry32 } from '../seeded-random';
import { AnalyticsStage, type AnalyticsApplication, type AnalyticsResult, type WriteRows } from './analytics-stage';
import { FirehoseStage, type DestinationResult, type WriteObject } from './firehose-stage';
import { WriteMetrics, type HashHeat, type ShardSeries } from './metrics';
import { Producer, type PutRecordsResult } from '../kinesis/producer';
import type { TrafficRecord } from './traffic';
import { VirtualTimers } from './virtual-timers';

const STEP_MS = 100;
const SECOND_MS = 1000;
const MAX_DRAIN_MS = 15 * 60_000;
const REGION = 'us-east-1';

export interface Progress {
  readonly simulatedMs: number;
  readonly totalMs: number;
  readonly produced: number;
  readonly total: number;
  readonly stored: number;
  readonly throttled: number;
  readonly retries: number;
}

export interface ProducerStats {
  /** Records handed to the producer. */
  readonly sent: number;
  readonly stored: number;
  /** Entry attempts Kinesis refused with ProvisionedThroughputExceededException. */
  readonly throttled: number;
  /** Entries scheduled for another attempt. */
  readonly retries: number;
  /** Records given up after the producer's attempts ran out. */
  readonly failed: number;
  /** PutRecords calls. */
  readonly calls: number;
}

/** Attempts per record: generous, so a burst drains instead of being dropped (every record is stored). */
const MAX_ATTEMPTS = 30;
const SHARD_IN_MESSAGE = /\b(shardId-\d+)\b/;

export interface SimulationPorts {
  /** The Firehose transform Lambda (the host maps it to the project's handler). */
  readonly transform: TransformPort;
  readonly writeObject: WriteObject;
  readonly writeRows: WriteRows;
  /** Called once per simulated second; the host decides how often to show it. */
  readonly progress?: (p: Progress) => void;
}

export interface SimulationInput {
  readonly config: PipelineConfig & { destinations: DestinationName[] };
  /** In time order. */
  readonly traffic: readonly TrafficRecord[];
  readonly seed: number;
  /** Simulated start; default: the first record's time. */
  readonly startMs?: number;
  /** Minimum simulated duration of the production phase. */
  readonly durationMs?: number;
  readonly analytics?: AnalyticsApplication;
}

export interface SimulationResult {
  readonly streamName: string;
  readonly shardCount: number;
  readonly startMs: number;
  /** When the production phase ended and when the drain ended. */
  readonly producedUntilMs: number;
  readonly endMs: number;
  readonly records: number;
  readonly producer: ProducerStats;
  readonly series: { readonly startMs: number; readonly seconds: number; readonly shards: readonly ShardSeries[]; readonly heat: HashHeat };
  readonly destinations: readonly DestinationResult[];
  readonly analytics?: AnalyticsResult;
  readonly notes: readonly string[];
}

/** Seeded UUIDs and random strings for object keys: the same seed names the same files. */
export function seededRandomPort(seed: number): RandomPort {
  const random = mulberry32(seed);
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return {
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`,
    randomString: () => Array.from({ length: 11 }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
  };
}

export async function runSimulation(input: SimulationInput, ports: SimulationPorts): Promise<SimulationResult> {
  const { config, traffic } = input;
  const startMs = input.startMs ?? traffic[0]?.atMs ?? 0;
  const productionEndMs = Math.max(startMs + (input.durationMs ?? 0), (traffic[traffic.length - 1]?.atMs ?? startMs) + 1);
  const clock = new ManualClock(startMs);
  const kinesis = new KinesisEngine({ clock, throttle: 'aws', region: REGION });
  const streamName = config.stream?.name ?? 'clickstream';
  const onDemand = config.stream?.mode === 'ON_DEMAND';
  kinesis.call('CreateStream', onDemand ? { StreamName: streamName, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } : { StreamName: streamName, ShardCount: config.stream?.shardCount ?? 1 });
  const streamArn = `arn:aws:kinesis:${REGION}:000000000000:stream/${streamName}`;
  const shards = (kinesis.call('ListShards', { StreamName: streamName }) as { Shards: { ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }[] }).Shards;
  const notes: string[] = [];
  if (onDemand) notes.push(`ON_DEMAND stream simulated at its initial ${ON_DEMAND_INITIAL_SHARDS} shards (no auto-scaling)`);

  const metrics = new WriteMetrics(startMs, shards.map((s) => ({ shardId: s.ShardId, startingHashKey: s.HashKeyRange.StartingHashKey, endingHashKey: s.HashKeyRange.EndingHashKey })));
  const timers = new VirtualTimers(clock);
  const producer = new Producer({
    streamName,
    clock,
    sleep: timers.sleep,
    random: mulberry32(input.seed ^ 0x5eed),
    maxAttempts: MAX_ATTEMPTS,
    transport: async (name, entries) => {
      const out = kinesis.call('PutRecords', { StreamName: name, Records: entries }) as unknown as PutRecordsResult;
      const now = clock.now();
      out.Records.forEach((r, i) => {
        const entry = entries[i] as (typeof entries)[number];
        if ('ShardId' in r) metrics.stored(r.ShardId, entry.PartitionKey, Buffer.byteLength(entry.PartitionKey) + entry.Data.byteLength, now);
        else if (r.ErrorCode === 'ProvisionedThroughputExceededException') metrics.throttled(SHARD_IN_MESSAGE.exec(r.ErrorMessage)?.[1], now);
      });
      return out;
    },
  });
  const stats = (): ProducerStats => {
    const s = producer.stats();
    return { sent: s.userRecords, stored: s.userRecordsPut, throttled: s.throttles, retries: s.retries, failed: s.userRecordsFailed, calls: s.requests };
  };

  const random = seededRandomPort(input.seed);
  const firehoses = config.destinations.map(
    (destination) => new FirehoseStage({ config, destination, streamName, streamArn, region: REGION, kinesis, clock, random, transform: ports.transform, write: ports.writeObject }),
  );
  const analytics = input.analytics === undefined ? undefined : new AnalyticsStage(input.analytics, kinesis, streamArn, startMs, ports.writeRows);

  let next = 0;
  let now = startMs;
  let nextSecond = startMs + SECOND_MS;
  let storedUntil: number | undefined;
  const progress = (): void =>
    ports.progress?.({ simulatedMs: now - startMs, totalMs: productionEndMs - startMs, produced: next, total: traffic.length, ...pick(stats()) });

  for (;;) {
    now += STEP_MS;
    while (next < traffic.length && (traffic[next] as TrafficRecord).atMs <= now) {
      const r = traffic[next++] as TrafficRecord;
      // Records of the same millisecond are added together; the clock reaches each one's time first.
      if (r.atMs > clock.now()) await timers.advanceTo(r.atMs);
      // A record given up is counted by the producer's stats (userRecordsFailed).
      producer.add(r.partitionKey, r.data).catch(() => undefined);
    }
    await timers.advanceTo(now);
    if (now < nextSecond) continue;
    nextSecond += SECOND_MS;
    for (const f of firehoses) await f.tick(now);
    await analytics?.tick(now);
    progress();
    if (storedUntil === undefined && next === traffic.length && producer.outstanding === 0 && now >= productionEndMs) storedUntil = now;
    if (storedUntil === undefined) continue;
    const windowsClosed = analytics === undefined || (now - storedUntil >= analytics.drainMs && analytics.pending === 0);
    const buffersEmpty = firehoses.every((f) => f.pending === 0);
    if ((windowsClosed && buffersEmpty) || now - storedUntil >= MAX_DRAIN_MS) break;
  }
  for (const f of firehoses) await f.flush();

  return {
    streamName,
    shardCount: shards.length,
    startMs,
    producedUntilMs: storedUntil ?? now,
    endMs: now,
    records: traffic.length,
    producer: stats(),
    series: metrics.result(),
    destinations: firehoses.map((f) => f.result()),
    ...(analytics !== undefined ? { analytics: analytics.result() } : {}),
    notes,
  };
}

function pick(s: ProducerStats): { stored: number; throttled: number; retries: number } {
  return { stored: s.stored, throttled: s.throttled, retries: s.retries };
}
