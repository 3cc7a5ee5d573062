/**
 * The Firehose API (`Firehose_20150804.*`) over the delivery-stream model. Same contract as the Kinesis
 * engine (kinesis/contract.ts): the host validates requests against the API model and calls
 * `call(operation, input)` with AWS-shaped objects; failures are `FirehoseError` with AWS's exception
 * name. Messages marked [OURS] are our wording where AWS's is not known.
 *
 * Time moves only through `tick()` (the host calls it on a timer; tests call it after moving a manual
 * clock): it polls Kinesis sources and lets every delivery stream do what is due.
 */
import type { Clock } from '../clock';
import type { KinesisOperations } from '../kinesis/contract';
import { DeliveryConfigError, extendedS3Config, openSearchConfig, redshiftConfig, type DeliveryIdentity } from './delivery-config';
import { DeliveryStream, type DeliveryCounts, type DeliveryStreamConfig, type ObjectStorePort, type RandomPort } from './delivery-stream';
import { KinesisSourceReader } from './kinesis-source';
import { PUT_RECORD_BATCH } from './limits';
import type { TransformPort } from './transform-invoker';
import type { RedshiftLoaderPort, RetryTime } from './redshift';
import type { OpenSearchBulkPort } from './opensearch';

export class FirehoseError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'FirehoseError';
  }
}

export interface FirehoseEngineOptions {
  readonly clock: Clock;
  readonly random: RandomPort;
  readonly objects: ObjectStorePort;
  readonly transform?: TransformPort;
  /** The Kinesis engine that KinesisStreamAsSource delivery streams read. */
  readonly kinesis?: KinesisOperations;
  /** Redshift destinations: a COPY loader per JDBC URL (locally, one PostgreSQL database). */
  readonly redshift?: (jdbcUrl: string) => RedshiftLoaderPort;
  /** OpenSearch destinations: a bulk client per ClusterEndpoint or DomainARN. */
  readonly opensearch?: (endpoint: string) => OpenSearchBulkPort;
  /** Waits between Redshift/OpenSearch retries (required with those destinations). */
  readonly retryTime?: RetryTime;
  readonly account?: string;
  readonly region?: string;
  /** Called when background delivery fails (an S3 write, say); the records stay buffered and are retried. */
  readonly onDeliveryError?: (streamName: string, err: unknown) => void;
}

type Json = Record<string, unknown>;

interface Entry {
  readonly stream: DeliveryStream;
  readonly type: 'DirectPut' | 'KinesisStreamAsSource';
  readonly createdAtMs: number;
  readonly request: Json;
  readonly source?: KinesisSourceReader;
  tags: Map<string, string>;
  encryption?: { KeyType: string; KeyARN?: string };
  version: number;
}

const DESTINATION_ID = 'destinationId-000000000001';

/** An S3 configuration as DescribeDeliveryStream shows it: the defaults filled in. */
function s3Description(config: Json): Json {
  return {
    ...config,
    BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300, ...((config['BufferingHints'] as Json | undefined) ?? {}) },
    CompressionFormat: config['CompressionFormat'] ?? 'UNCOMPRESSED',
    EncryptionConfiguration: config['EncryptionConfiguration'] ?? { NoEncryptionConfig: 'NoEncryption' },
  };
}

/** Redshift/OpenSearch: the S3 configuration becomes S3DestinationDescription; the password is never shown. */
function nestedDescription(config: Json): Json {
  const { S3Configuration, Password: _password, ...rest } = config;
  return { ...rest, S3DestinationDescription: s3Description(S3Configuration as Json) };
}

export class FirehoseEngine {
  private readonly streams = new Map<string, Entry>();
  private readonly account: string;
  private readonly region: string;

  constructor(private readonly options: FirehoseEngineOptions) {
    this.account = options.account ?? '000000000000';
    this.region = options.region ?? 'us-east-1';
  }

  async call(operation: string, input: Json): Promise<Json> {
    switch (operation) {
      case 'CreateDeliveryStream':
        return this.create(input);
      case 'DescribeDeliveryStream':
        return { DeliveryStreamDescription: this.describe(this.entry(input)) };
      case 'ListDeliveryStreams':
        return this.list(input);
      case 'DeleteDeliveryStream':
        return this.delete(input);
      case 'PutRecord':
        return this.putRecord(input);
      case 'PutRecordBatch':
        return this.putRecordBatch(input);
      case 'TagDeliveryStream':
        return this.tag(input);
      case 'UntagDeliveryStream':
        return this.untag(input);
      case 'ListTagsForDeliveryStream':
        return this.listTags(input);
      case 'StartDeliveryStreamEncryption':
        return this.encryption(input, true);
      case 'StopDeliveryStreamEncryption':
        return this.encryption(input, false);
      default:
        // UpdateDestination and the rest are in the model but not modelled locally.
        throw new FirehoseError('InvalidArgumentException', `${operation} is not supported by the local Firehose engine [OURS]`);
    }
  }

  /** Polls Kinesis sources and delivers what is due, for every delivery stream. */
  async tick(): Promise<void> {
    const now = this.options.clock.now();
    for (const [name, entry] of this.streams) {
      if (entry.source !== undefined) entry.stream.put(entry.source.poll(now));
      try {
        await entry.stream.tick();
      } catch (err) {
        this.options.onDeliveryError?.(name, err);
      }
    }
  }

  /** Delivers every buffered record of every delivery stream (shutdown). Throws the first failure. */
  async flushAll(): Promise<void> {
    const now = this.options.clock.now();
    for (const entry of this.streams.values()) {
      if (entry.source !== undefined) entry.stream.put(entry.source.poll(now));
      await entry.stream.flush();
    }
  }

  /** Local only: what became of the records of one delivery stream. */
  counts(name: string): DeliveryCounts {
    return this.entry({ DeliveryStreamName: name }).stream.counts();
  }

  names(): string[] {
    return [...this.streams.keys()].sort();
  }

  // -------------------------------------------------------------------------------------------

  private arn(name: string): string {
    return `arn:aws:firehose:${this.region}:${this.account}:deliverystream/${name}`;
  }

  private notFound(name: string): FirehoseError {
    return new FirehoseError('ResourceNotFoundException', `Firehose ${name} under account ${this.account} not found.`);
  }

  private entry(input: Json): Entry {
    const name = input['DeliveryStreamName'] as string;
    const entry = this.streams.get(name);
    if (entry === undefined) throw this.notFound(name);
    return entry;
  }

  private create(input: Json): Json {
    const name = input['DeliveryStreamName'] as string;
    if (this.streams.has(name)) throw new FirehoseError('ResourceInUseException', `Firehose ${name} under account ${this.account} already exists.`);
    const type = ((input['DeliveryStreamType'] as string | undefined) ?? 'DirectPut') as string;
    if (type !== 'DirectPut' && type !== 'KinesisStreamAsSource') {
      throw new FirehoseError('InvalidArgumentException', `DeliveryStreamType ${type} is not supported by the local engine [OURS]`);
    }
    const sourceConfig = input['KinesisStreamSourceConfiguration'] as Json | undefined;
    if (type === 'KinesisStreamAsSource' && sourceConfig === undefined) {
      throw new FirehoseError('InvalidArgumentException', 'KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource [OURS]');
    }
    if (type === 'DirectPut' && sourceConfig !== undefined) {
      throw new FirehoseError('InvalidArgumentException', 'KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource [OURS]');
    }
    const encryptionInput = input['DeliveryStreamEncryptionConfigurationInput'] as { KeyType: string; KeyARN?: string } | undefined;
    if (encryptionInput !== undefined && type !== 'DirectPut') {
      throw new FirehoseError('InvalidArgumentException', 'Server-side encryption is only supported for DirectPut delivery streams; a Kinesis source uses the stream\'s own encryption [OURS]');
    }
    const sourceArn = sourceConfig?.['KinesisStreamARN'] as string | undefined;
    const identity: DeliveryIdentity = { name, arn: this.arn(name), region: this.region, version: 1, ...(sourceArn !== undefined ? { sourceKinesisStreamArn: sourceArn } : {}) };
    const config = this.destinationConfig(identity, input);

    let source: KinesisSourceReader | undefined;
    if (sourceArn !== undefined) {
      if (this.options.kinesis === undefined) throw new FirehoseError('InvalidArgumentException', 'No Kinesis engine is attached to this Firehose engine [OURS]');
      source = new KinesisSourceReader(this.options.kinesis, sourceArn);
      try {
        source.start(this.options.clock.now());
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new FirehoseError('InvalidArgumentException', `Cannot read Kinesis stream ${sourceArn}: ${detail}`);
      }
    }
    const stream = new DeliveryStream(config, {
      clock: this.options.clock,
      objects: this.options.objects,
      random: this.options.random,
      ...(this.options.transform !== undefined ? { transform: this.options.transform } : {}),
      ...(this.options.redshift !== undefined ? { redshift: this.options.redshift } : {}),
      ...(this.options.opensearch !== undefined ? { opensearch: this.options.opensearch } : {}),
      ...(this.options.retryTime !== undefined ? { retryTime: this.options.retryTime } : {}),
    });
    const tags = new Map(((input['Tags'] as { Key: string; Value?: string }[] | undefined) ?? []).map((t) => [t.Key, t.Value ?? '']));
    this.streams.set(name, {
      stream,
      type,
      createdAtMs: this.options.clock.now(),
      request: input,
      tags,
      version: 1,
      ...(source !== undefined ? { source } : {}),
      ...(encryptionInput !== undefined ? { encryption: encryptionInput } : {}),
    });
    return { DeliveryStreamARN: this.arn(name) };
  }

  private destinationConfig(identity: DeliveryIdentity, input: Json): DeliveryStreamConfig {
    const destinations = Object.keys(input).filter((k) => k.endsWith('DestinationConfiguration') && input[k] !== undefined);
    if (destinations.length !== 1) {
      throw new FirehoseError('InvalidArgumentException', `Exactly one destination configuration is required, got ${destinations.length === 0 ? 'none' : destinations.join(', ')} [OURS]`);
    }
    const kind = destinations[0] as string;
    try {
      return this.checkedDestination(identity, input, kind);
    } catch (err) {
      if (err instanceof DeliveryConfigError) throw new FirehoseError('InvalidArgumentException', err.message);
      throw err;
    }
  }

  /** The destination's config, with its port resolved once now so that a missing one fails the create. */
  private checkedDestination(identity: DeliveryIdentity, input: Json, kind: string): DeliveryStreamConfig {
    const config = this.destinationOf(identity, input, kind);
    try {
      if (config.destination.kind === 'Redshift') this.options.redshift?.(config.destination.jdbcUrl);
      if (config.destination.kind === 'OpenSearch') this.options.opensearch?.(config.destination.endpoint);
    } catch (err) {
      throw new DeliveryConfigError(err instanceof Error ? err.message : String(err));
    }
    return config;
  }

  private destinationOf(identity: DeliveryIdentity, input: Json, kind: string): DeliveryStreamConfig {
    if (kind === 'ExtendedS3DestinationConfiguration' || kind === 'S3DestinationConfiguration') return extendedS3Config(identity, input[kind] as Json);
    if (kind === 'RedshiftDestinationConfiguration') {
      if (this.options.redshift === undefined || this.options.retryTime === undefined) throw new DeliveryConfigError('No Redshift loader is configured on this endpoint (clickstream serve --postgres URL) [OURS]');
      return redshiftConfig(identity, input[kind] as Json);
    }
    if (kind === 'AmazonopensearchserviceDestinationConfiguration' || kind === 'ElasticsearchDestinationConfiguration') {
      if (this.options.opensearch === undefined || this.options.retryTime === undefined) throw new DeliveryConfigError('No OpenSearch endpoint is configured on this endpoint (clickstream serve --opensearch URL) [OURS]');
      return openSearchConfig(identity, input[kind] as Json);
    }
    throw new FirehoseError('InvalidArgumentException', `${kind} is not supported by the local engine [OURS]`);
  }

  private describe(entry: Entry): Json {
    const request = entry.request;
    const destinationKey = Object.keys(request).find((k) => k.endsWith('DestinationConfiguration')) as string;
    const destination = request[destinationKey] as Json;
    const description: Json = destinationKey.includes('S3') ? s3Description(destination) : nestedDescription(destination);
    if (destinationKey === 'ExtendedS3DestinationConfiguration') description['S3BackupMode'] = destination['S3BackupMode'] ?? 'Disabled';
    const source = entry.source !== undefined
      ? { KinesisStreamSourceDescription: { KinesisStreamARN: entry.source.streamArn, RoleARN: (request['KinesisStreamSourceConfiguration'] as Json)['RoleARN'], DeliveryStartTimestamp: new Date(entry.createdAtMs) } }
      : undefined;
    const name = entry.stream.name;
    return {
      DeliveryStreamName: name,
      DeliveryStreamARN: this.arn(name),
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: entry.type,
      VersionId: String(entry.version),
      CreateTimestamp: new Date(entry.createdAtMs),
      DeliveryStreamEncryptionConfiguration: entry.encryption
        ? { ...entry.encryption, Status: 'ENABLED' }
        : { Status: 'DISABLED' },
      ...(source !== undefined ? { Source: source } : {}),
      Destinations: [{ DestinationId: DESTINATION_ID, [destinationKey.replace(/Configuration$/, 'Description')]: description }],
      HasMoreDestinations: false,
    };
  }

  private list(input: Json): Json {
    const limit = (input['Limit'] as number | undefined) ?? 10;
    const type = input['DeliveryStreamType'] as string | undefined;
    const after = input['ExclusiveStartDeliveryStreamName'] as string | undefined;
    const names = this.names().filter((n) => (type === undefined || this.streams.get(n)?.type === type) && (after === undefined || n > after));
    return { DeliveryStreamNames: names.slice(0, limit), HasMoreDeliveryStreams: names.length > limit };
  }

  /** Deleting delivers what is buffered first: locally, nothing accepted is lost. */
  private async delete(input: Json): Promise<Json> {
    const entry = this.entry(input);
    await entry.stream.flush();
    this.streams.delete(entry.stream.name);
    return {};
  }

  private directPut(input: Json): Entry {
    const entry = this.entry(input);
    if (entry.type === 'KinesisStreamAsSource') {
      throw new FirehoseError('InvalidArgumentException', 'This operation is not permitted on KinesisStreamAsSource delivery stream type.');
    }
    return entry;
  }

  private putRecord(input: Json): Json {
    const entry = this.directPut(input);
    const data = (input['Record'] as { Data: Uint8Array }).Data;
    const [recordId] = entry.stream.put([{ data, arrivalMs: this.options.clock.now() }]);
    return { RecordId: recordId, Encrypted: entry.encryption !== undefined };
  }

  private putRecordBatch(input: Json): Json {
    const entry = this.directPut(input);
    const records = input['Records'] as { Data: Uint8Array }[];
    const bytes = records.reduce((n, r) => n + r.Data.byteLength, 0);
    if (bytes > PUT_RECORD_BATCH.maxBytes) {
      throw new FirehoseError('InvalidArgumentException', `Records size exceeds ${PUT_RECORD_BATCH.maxBytes / (1024 * 1024)} MiB limit [OURS]`);
    }
    const now = this.options.clock.now();
    // One id per request entry: a de-aggregated record's sub-records share their parent's first id.
    const responses = records.map((r) => ({ RecordId: entry.stream.put([{ data: r.Data, arrivalMs: now }])[0] as string }));
    return { FailedPutCount: 0, Encrypted: entry.encryption !== undefined, RequestResponses: responses };
  }

  private tag(input: Json): Json {
    const entry = this.entry(input);
    const tags = input['Tags'] as { Key: string; Value?: string }[];
    const total = new Set([...entry.tags.keys(), ...tags.map((t) => t.Key)]).size;
    if (total > 50) throw new FirehoseError('LimitExceededException', `A delivery stream can have at most 50 tags; this request would give it ${total} [OURS]`);
    for (const t of tags) entry.tags.set(t.Key, t.Value ?? '');
    return {};
  }

  private untag(input: Json): Json {
    const entry = this.entry(input);
    for (const key of input['TagKeys'] as string[]) entry.tags.delete(key);
    return {};
  }

  private listTags(input: Json): Json {
    const entry = this.entry(input);
    const limit = (input['Limit'] as number | undefined) ?? 50;
    const after = input['ExclusiveStartTagKey'] as string | undefined;
    const keys = [...entry.tags.keys()].sort().filter((k) => after === undefined || k > after);
    return { Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: entry.tags.get(Key) as string })), HasMoreTags: keys.length > limit };
  }

  private encryption(input: Json, start: boolean): Json {
    const entry = this.directPut(input);
    if (start) entry.encryption = (input['DeliveryStreamEncryptionConfigurationInput'] as { KeyType: string; KeyARN?: string } | undefined) ?? { KeyType: 'AWS_OWNED_CMK' };
    else delete entry.encryption;
    return {};
  }
}
