/**
 * One Firehose delivery per configured destination, each reading the Kinesis stream on its own (once a
 * second per shard, as Firehose does) through the engine's DeliveryStream: the project's transform,
 * buffering by size or interval, compression, AWS's object key naming.
 *
 * The delivery configuration is built the way the constructs build it (lib/delivery/*: prefixes,
 * defaults, the Lambda processor with 3 retries) in the API's own shapes, then normalised by the
 * engine's delivery-config.ts, so its validation applies. Nothing leaves the machine: Redshift and
 * OpenSearch are simulated up to the objects Firehose stages/buffers for them (see `note`).
 */
import type { Clock } from '../clock';
import type { PipelineConfig, DestinationName } from '../config/pipeline-config';
import { extendedS3Config } from '../firehose/delivery-config';
import { DeliveryStream, type DeliveryCounts, type RandomPort } from '../firehose/delivery-stream';
import { KinesisSourceReader } from '../firehose/kinesis-source';
import { OPENSEARCH_BUFFERING, S3_BUFFERING } from '../firehose/limits';
import type { TransformPort } from '../firehose/transform-invoker';
import type { KinesisOperations } from '../kinesis/contract';

// The constructs' defaults (lib/delivery/s3-delivery.ts); lambda/ never imports lib/, so they are restated.
const DEFAULT_PREFIX = 'events/!{timestamp:yyyy/MM/dd/HH}/';
const PARTITIONED_PREFIX =
  'events/event_type=!{partitionKeyFromLambda:event_type}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/';
const DEFAULT_ERROR_PREFIX = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/';
const TRANSFORM_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:clickstream-transform';

export interface DeliveredFile {
  readonly key: string;
  readonly bytes: number;
  readonly writtenMs: number;
  /** Write time minus the oldest record's arrival (Firehose's DataFreshness), from the key's timestamp. */
  readonly latencyMs: number;
  /** Error output (records the transform rejected). */
  readonly error: boolean;
}

export interface DestinationResult {
  readonly destination: DestinationName;
  readonly deliveryStream: string;
  readonly compression: string;
  readonly bufferSizeMiB: number;
  readonly bufferIntervalSeconds: number;
  readonly files: readonly DeliveredFile[];
  readonly counts: DeliveryCounts;
  readonly note?: string;
}

export type WriteObject = (destination: DestinationName, key: string, body: Buffer) => void | Promise<void>;

interface Settings {
  readonly compression: string;
  readonly sizeMiB: number;
  readonly intervalSeconds: number;
  readonly prefix: string;
  readonly errorPrefix: string;
  readonly dynamicPartitioning: boolean;
  readonly note?: string;
}

function settingsOf(config: PipelineConfig, destination: DestinationName): Settings {
  if (destination === 's3') {
    const s3 = config.s3 ?? {};
    const dynamicPartitioning = s3.dynamicPartitioning ?? false;
    const big = dynamicPartitioning || s3.parquet !== undefined;
    return {
      compression: s3.parquet ? 'UNCOMPRESSED' : (s3.compression ?? 'GZIP'),
      sizeMiB: s3.bufferSizeMiB ?? (big ? 128 : S3_BUFFERING.sizeMiB.default),
      intervalSeconds: s3.bufferIntervalSeconds ?? S3_BUFFERING.intervalSeconds.default,
      prefix: s3.prefix ?? (dynamicPartitioning ? PARTITIONED_PREFIX : DEFAULT_PREFIX),
      errorPrefix: s3.errorOutputPrefix ?? DEFAULT_ERROR_PREFIX,
      dynamicPartitioning,
      ...(s3.parquet ? { note: 'Parquet conversion is not simulated: objects hold the transform\'s JSON lines' } : {}),
    };
  }
  if (destination === 'redshift') {
    const r = config.redshift;
    return {
      compression: r?.compression ?? 'GZIP',
      sizeMiB: r?.bufferSizeMiB ?? S3_BUFFERING.sizeMiB.default,
      intervalSeconds: r?.bufferIntervalSeconds ?? S3_BUFFERING.intervalSeconds.default,
      prefix: '',
      errorPrefix: DEFAULT_ERROR_PREFIX,
      dynamicPartitioning: false,
      note: 'staged S3 objects only: no COPY into Redshift (no database in a simulation)',
    };
  }
  const o = config.opensearch;
  return {
    compression: 'UNCOMPRESSED',
    sizeMiB: o?.bufferSizeMiB ?? OPENSEARCH_BUFFERING.sizeMiB.default,
    intervalSeconds: o?.bufferIntervalSeconds ?? OPENSEARCH_BUFFERING.intervalSeconds.default,
    prefix: '',
    errorPrefix: DEFAULT_ERROR_PREFIX,
    dynamicPartitioning: false,
    note: 'each bulk batch is written as one object: no index (no OpenSearch in a simulation)',
  };
}

/** `<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>`: the oldest record's arrival, to the second. */
const KEY_TIME = /-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-[0-9a-f]{8}-[0-9a-f]{4}-/;

function oldestArrivalOf(key: string): number | undefined {
  const m = KEY_TIME.exec(key.slice(key.lastIndexOf('/') + 1));
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d as number, h as number, mi as number, s as number);
}

export interface FirehoseStageOptions {
  readonly config: PipelineConfig;
  readonly destination: DestinationName;
  readonly streamName: string;
  readonly streamArn: string;
  readonly region: string;
  readonly kinesis: KinesisOperations;
  readonly clock: Clock;
  readonly random: RandomPort;
  readonly transform: TransformPort;
  readonly write: WriteObject;
}

export class FirehoseStage {
  readonly name: string;
  private readonly stream: DeliveryStream;
  private readonly reader: KinesisSourceReader;
  private readonly settings: Settings;
  private readonly files: DeliveredFile[] = [];
  private readonly errorLiteral: string;

  constructor(private readonly options: FirehoseStageOptions) {
    const { destination, streamName, region } = options;
    this.settings = settingsOf(options.config, destination);
    this.name = `${streamName}-to-${destination}`;
    const s = this.settings;
    const bucket = destination === 's3' ? (options.config.s3?.bucketName ?? `${streamName}-events`) : `${streamName}-${destination}-staging`;
    const config = extendedS3Config(
      { name: this.name, arn: `arn:aws:firehose:${region}:000000000000:deliverystream/${this.name}`, region, version: 1, sourceKinesisStreamArn: options.streamArn },
      {
        BucketARN: `arn:aws:s3:::${bucket}`,
        ...(s.prefix !== '' ? { Prefix: s.prefix } : {}),
        ErrorOutputPrefix: s.errorPrefix,
        CompressionFormat: s.compression,
        BufferingHints: { SizeInMBs: s.sizeMiB, IntervalInSeconds: s.intervalSeconds },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: TRANSFORM_ARN }, { ParameterName: 'NumberOfRetries', ParameterValue: '3' }] }],
        },
        ...(s.dynamicPartitioning ? { DynamicPartitioningConfiguration: { Enabled: true } } : {}),
      },
    );
    this.errorLiteral = s.errorPrefix.slice(0, s.errorPrefix.indexOf('!{'));
    this.stream = new DeliveryStream(config, {
      clock: options.clock,
      random: options.random,
      transform: options.transform,
      objects: { putObject: async (_bucket, key, body) => this.record(key, body) },
    });
    this.reader = new KinesisSourceReader(options.kinesis, options.streamArn);
    this.reader.start(options.clock.now());
  }

  /** One simulated second: read what the shards got, then do what is due. */
  async tick(now: number): Promise<void> {
    const records = this.reader.poll(now);
    if (records.length > 0) this.stream.put(records);
    await this.stream.tick();
  }

  /** Delivers everything still buffered (the end of the run). */
  async flush(): Promise<void> {
    await this.stream.flush();
  }

  get pending(): number {
    return this.stream.counts().pending;
  }

  result(): DestinationResult {
    const s = this.settings;
    return {
      destination: this.options.destination,
      deliveryStream: this.name,
      compression: s.compression,
      bufferSizeMiB: s.sizeMiB,
      bufferIntervalSeconds: s.intervalSeconds,
      files: [...this.files],
      counts: this.stream.counts(),
      ...(s.note !== undefined ? { note: s.note } : {}),
    };
  }

  private async record(key: string, body: Buffer): Promise<void> {
    const now = this.options.clock.now();
    await this.options.write(this.options.destination, key, body);
    const oldest = oldestArrivalOf(key) ?? now;
    this.files.push({ key, bytes: body.length, writtenMs: now, latencyMs: Math.max(0, now - oldest), error: this.errorLiteral !== '' && key.startsWith(this.errorLiteral) });
  }
}
