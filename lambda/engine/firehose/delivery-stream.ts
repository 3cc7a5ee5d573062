/**
 * One Firehose delivery stream: the processing pipeline in AWS's order (firehose.md §2)
 *
 *   KPL de-aggregation (Kinesis source) → JSON/DELIMITED de-aggregation → Lambda transform (its own
 *   buffer) → dynamic partitioning → destination buffer (size or interval, whichever first, measured
 *   before compression) → compression → delivery
 *
 * Pure and deterministic: time, randomness and every destination are ports. `put` accepts records
 * synchronously; `tick` does whatever is due at the clock's time; `flush` delivers everything now (the
 * local server calls it on SIGTERM). Nothing accepted is lost: every accepted record ends delivered,
 * dropped by the transform, or written to the error output, and `counts()` says how many of each are
 * done and how many are still buffered (accepted = delivered + dropped + failed + pending).
 */
import type { Clock } from '../clock';
import { compress, fileExtension, type CompressionFormat } from './compression';
import { objectKey } from './object-key';
import { PrefixEvaluationError, type PrefixPart } from './prefix';
import { deaggregateRecord, failureDisposition, type DeaggregationConfig } from './record-deaggregation';
import { deaggregate as deaggregateKpl } from '../kinesis/kpl';
import type { FirehoseKinesisRecordMetadata } from './transform-contract';
import { runTransform, type TransformInput, type TransformPort } from './transform-invoker';
import { deliverToRedshift, type CopyOptions, type RedshiftLoaderPort, type RetryTime } from './redshift';
import {
  deliverToOpenSearch,
  documentId,
  failedDocumentRecord,
  indexNameFor,
  type BulkDocument,
  type DocumentIdFormat,
  type IndexRotationPeriod,
  type OpenSearchBulkPort,
} from './opensearch';

// ---------------------------------------------------------------------------------------------
// Configuration (normalised from the API's shapes by delivery-config.ts)

export interface BufferingHints {
  readonly sizeBytes: number;
  readonly intervalMs: number;
}

export interface S3Target {
  readonly bucket: string;
  readonly prefix: readonly PrefixPart[];
  readonly errorPrefix: readonly PrefixPart[];
  readonly compression: CompressionFormat;
  /** FileExtension: replaces the compression's extension. */
  readonly fileExtension?: string;
}

export interface ProcessingConfig {
  readonly lambdaArn?: string;
  readonly numberOfRetries?: number;
  readonly buffering: BufferingHints;
  readonly deaggregation?: DeaggregationConfig;
  /** AppendDelimiterToRecord: a newline after each record in the object. */
  readonly appendDelimiter: boolean;
  /** MetadataExtraction (JQ) keys: name → extractor over the record's JSON. */
  readonly metadataExtraction?: (record: Buffer) => Record<string, string>;
}

/** Where delivered records go. S3 always has its bucket in `s3` (Redshift: staging; OpenSearch: backup). */
export type DestinationConfig =
  | { readonly kind: 'S3' }
  | {
      readonly kind: 'Redshift';
      readonly jdbcUrl: string;
      readonly table: string;
      readonly columns: readonly string[];
      readonly copyOptions: CopyOptions;
      readonly retrySeconds: number;
    }
  | {
      readonly kind: 'OpenSearch';
      /** ClusterEndpoint or DomainARN, as configured; the host maps it to a bulk client. */
      readonly endpoint: string;
      readonly indexName: string;
      readonly typeName?: string;
      readonly rotation: IndexRotationPeriod;
      readonly documentIdFormat: DocumentIdFormat;
      readonly retrySeconds: number;
      readonly backupMode: 'FailedDocumentsOnly' | 'AllDocuments';
    };

export interface DeliveryStreamConfig {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  /** Starts at 1, +1 on every configuration change; part of every object key. */
  readonly version: number;
  readonly sourceKinesisStreamArn?: string;
  readonly s3: S3Target;
  readonly buffering: BufferingHints;
  readonly processing: ProcessingConfig;
  readonly dynamicPartitioning: boolean;
  readonly destination: DestinationConfig;
}

// ---------------------------------------------------------------------------------------------
// Ports

export interface ObjectStorePort {
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
}

export interface RandomPort {
  /** A random UUID (object keys, invocation ids). */
  uuid(): string;
  /** `!{firehose:random-string}`: 11 characters. */
  randomString(): string;
}

export interface DeliveryPorts {
  readonly clock: Clock;
  readonly objects: ObjectStorePort;
  readonly random: RandomPort;
  readonly transform?: TransformPort;
  /** Redshift: a loader for the configured JDBC URL. */
  readonly redshift?: (jdbcUrl: string) => RedshiftLoaderPort;
  /** OpenSearch: a bulk client for the configured endpoint or domain. */
  readonly opensearch?: (endpoint: string) => OpenSearchBulkPort;
  /** Waiting between Redshift/OpenSearch retries (the clock's time; a simulation advances it). */
  readonly retryTime?: RetryTime;
}

// ---------------------------------------------------------------------------------------------

export interface IncomingRecord {
  readonly data: Uint8Array;
  readonly arrivalMs: number;
  /** Kinesis source: the record's metadata (its KPL user records get their subsequence numbers). */
  readonly kinesis?: Omit<FirehoseKinesisRecordMetadata, 'subsequenceNumber'>;
}

export interface DeliveryCounts {
  /** Records after de-aggregation: the unit of every other count. */
  readonly accepted: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly failed: number;
  readonly pending: number;
  readonly objectsWritten: number;
  /** Redshift: rows COPY skipped within MAXERROR (delivered, as Firehose counts them; Redshift logs them). */
  readonly rejectedRows: number;
}

interface Unit {
  readonly recordId: string;
  readonly raw: Buffer;
  readonly arrivalMs: number;
  readonly kinesis?: FirehoseKinesisRecordMetadata;
}

interface Ready {
  readonly unit: Unit;
  readonly data: Buffer;
  readonly partitionKeys?: Readonly<Record<string, string>>;
}

interface Failure {
  readonly unit: Unit;
  readonly errorOutputType: string;
  readonly record: Record<string, unknown>;
}

interface Buffer_<T> {
  items: T[];
  bytes: number;
  firstAtMs: number;
}

const newBuffer = <T>(): Buffer_<T> => ({ items: [], bytes: 0, firstAtMs: 0 });

export class DeliveryStream {
  private nextRecordId = 0;
  private readonly transformBuffer = newBuffer<Unit>();
  /** One destination buffer per partition (a single '' partition without dynamic partitioning). */
  private readonly partitions = new Map<string, Buffer_<Ready> & { keys?: Readonly<Record<string, string>> }>();
  private readonly failures = newBuffer<Failure>();
  private counters = { accepted: 0, delivered: 0, dropped: 0, failed: 0, objectsWritten: 0, rejectedRows: 0 };
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private config: DeliveryStreamConfig,
    private readonly ports: DeliveryPorts,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** A new configuration (UpdateDestination): later objects carry its version. */
  reconfigure(config: DeliveryStreamConfig): void {
    this.config = config;
  }

  counts(): DeliveryCounts {
    const pending =
      this.transformBuffer.items.length + [...this.partitions.values()].reduce((n, b) => n + b.items.length, 0) + this.failures.items.length;
    return { ...this.counters, pending };
  }

  /**
   * Accepts records (already admitted by the API's limits); returns their record ids in order. The
   * stream keeps the given bytes without copying them: callers must not change them afterwards.
   */
  put(records: readonly IncomingRecord[]): string[] {
    const ids: string[] = [];
    for (const record of records) for (const unit of this.units(record)) ids.push(unit.recordId);
    return ids;
  }

  /** Does what is due now: invoke the transform, deliver full or old buffers, write error output. */
  tick(): Promise<void> {
    return this.serially(() => this.work(false));
  }

  /** Delivers everything buffered, due or not. */
  flush(): Promise<void> {
    return this.serially(() => this.work(true));
  }

  private serially(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // -------------------------------------------------------------------------------------------
  // Intake

  private units(record: IncomingRecord): Unit[] {
    const out: Unit[] = [];
    // A view, not a copy: put() takes the bytes over (the API decodes fresh buffers; stored Kinesis
    // records are immutable).
    const base = Buffer.from(record.data.buffer, record.data.byteOffset, record.data.byteLength);
    // KPL de-aggregation applies to Kinesis-sourced records only; a non-aggregated record is one unit.
    const userRecords = record.kinesis !== undefined ? deaggregateKpl(base) : undefined;
    const pieces = userRecords?.map((u) => ({ data: Buffer.from(u.data), sub: u.subSequenceNumber, partitionKey: u.partitionKey })) ?? [{ data: base, sub: 0, partitionKey: record.kinesis?.partitionKey ?? '' }];
    for (const piece of pieces) {
      const kinesis = record.kinesis !== undefined ? { ...record.kinesis, partitionKey: piece.partitionKey, subsequenceNumber: piece.sub } : undefined;
      const deaggregation = this.config.processing.deaggregation;
      if (deaggregation === undefined) {
        out.push(this.accept(piece.data, record.arrivalMs, kinesis));
        continue;
      }
      const result = deaggregateRecord(piece.data, deaggregation);
      if (!result.ok && failureDisposition(result.errorCode) === 'pass-through') {
        // More than 500 sub-records: Firehose passes the record on whole (PutRecordBatch API reference).
        out.push(this.accept(piece.data, record.arrivalMs, kinesis));
        continue;
      }
      if (!result.ok) {
        const unit = this.newUnit(piece.data, record.arrivalMs, kinesis);
        this.counters.accepted++;
        this.fail(unit, 'processing-failed', { errorCode: result.errorCode, errorMessage: result.errorMessage, attemptsMade: 1 });
        out.push(unit);
        continue;
      }
      for (const sub of result.records) out.push(this.accept(sub, record.arrivalMs, kinesis));
    }
    return out;
  }

  private newUnit(raw: Buffer, arrivalMs: number, kinesis: FirehoseKinesisRecordMetadata | undefined): Unit {
    const recordId = String(++this.nextRecordId).padStart(20, '0');
    return kinesis === undefined ? { recordId, raw, arrivalMs } : { recordId, raw, arrivalMs, kinesis };
  }

  private accept(raw: Buffer, arrivalMs: number, kinesis: FirehoseKinesisRecordMetadata | undefined): Unit {
    const unit = this.newUnit(raw, arrivalMs, kinesis);
    this.counters.accepted++;
    if (this.config.processing.lambdaArn !== undefined) add(this.transformBuffer, unit, raw.length, this.now());
    else this.route({ unit, data: raw });
    return unit;
  }

  // -------------------------------------------------------------------------------------------
  // Work

  private now(): number {
    return this.ports.clock.now();
  }

  private async work(all: boolean): Promise<void> {
    const processing = this.config.processing;
    if (processing.lambdaArn !== undefined && this.transformBuffer.items.length > 0 && (all || due(this.transformBuffer, processing.buffering, this.now()))) {
      await this.transform(processing.lambdaArn);
    }
    for (const [key, buffer] of [...this.partitions]) {
      if (buffer.items.length > 0 && (all || due(buffer, this.config.buffering, this.now()))) await this.deliver(key, buffer);
    }
    // Failures are written with the pass that found them, not buffered for another interval.
    if (this.failures.items.length > 0) await this.writeFailures();
  }

  private async transform(lambdaArn: string): Promise<void> {
    const invoke = this.ports.transform;
    const units = take(this.transformBuffer);
    if (invoke === undefined) {
      for (const unit of units) this.fail(unit, 'processing-failed', { errorCode: 'Lambda.InvokeAccessDenied', errorMessage: `No local handler is mapped to ${lambdaArn}`, attemptsMade: 1, lambdaArn });
      return;
    }
    const byId = new Map(units.map((u) => [u.recordId, u]));
    const inputs: TransformInput[] = units.map((u) => ({ recordId: u.recordId, data: u.raw, arrivalMs: u.arrivalMs, ...(u.kinesis ? { kinesis: u.kinesis } : {}) }));
    const results = await runTransform(
      {
        lambdaArn,
        ...(this.config.processing.numberOfRetries !== undefined ? { numberOfRetries: this.config.processing.numberOfRetries } : {}),
        deliveryStreamArn: this.config.arn,
        ...(this.config.sourceKinesisStreamArn !== undefined ? { sourceKinesisStreamArn: this.config.sourceKinesisStreamArn } : {}),
        region: this.config.region,
        invoke,
        now: () => this.now(),
        newInvocationId: () => this.ports.random.uuid(),
      },
      inputs,
    );
    for (const r of results) {
      const unit = byId.get(r.recordId) as Unit;
      if (r.result === 'Dropped') this.counters.dropped++;
      else if (r.result === 'Failed') this.fail(unit, 'processing-failed', { errorCode: r.errorCode, errorMessage: r.errorMessage, attemptsMade: r.attemptsMade, attemptEndingMs: r.attemptEndingMs, lambdaArn });
      else this.route({ unit, data: r.data, ...(r.partitionKeys ? { partitionKeys: r.partitionKeys } : {}) });
    }
  }

  /** Dynamic partitioning: Lambda keys and JQ keys together decide the partition. */
  private route(ready: Ready): void {
    let keys: Readonly<Record<string, string>> | undefined;
    if (this.config.dynamicPartitioning) {
      try {
        const extracted = this.config.processing.metadataExtraction?.(ready.data) ?? {};
        keys = { ...(ready.partitionKeys ?? {}), ...extracted };
      } catch (err) {
        // UNCONFIRMED: the error code of a failed JQ extraction; the record goes to the error output.
        this.fail(ready.unit, 'processing-failed', { errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: err instanceof Error ? err.message : String(err), attemptsMade: 1 });
        return;
      }
    }
    const id = keys === undefined ? '' : JSON.stringify(Object.entries(keys).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let buffer = this.partitions.get(id);
    if (buffer === undefined) {
      buffer = { ...newBuffer<Ready>(), ...(keys !== undefined ? { keys } : {}) };
      this.partitions.set(id, buffer);
    }
    add(buffer, ready, ready.data.length + (this.config.processing.appendDelimiter ? 1 : 0), this.now());
  }

  private async deliver(partition: string, buffer: Buffer_<Ready> & { keys?: Readonly<Record<string, string>> }): Promise<void> {
    const items = take(buffer);
    try {
      const destination = this.config.destination;
      if (destination.kind === 'OpenSearch') await this.deliverToOpenSearch(destination, items);
      else await this.deliverToS3(items, buffer.keys, destination.kind === 'Redshift' ? destination : undefined);
    } catch (err) {
      // Firehose keeps retrying S3; so do we, on the next tick: the records go back, oldest first.
      restore(buffer, items, items.reduce((n, r) => n + r.data.length, 0));
      this.partitions.set(partition, buffer);
      throw err;
    }
  }

  /** One S3 object of the buffered records; for Redshift, the staged object, then its COPY. */
  private async deliverToS3(items: Ready[], keys: Readonly<Record<string, string>> | undefined, redshift: Extract<DestinationConfig, { kind: 'Redshift' }> | undefined): Promise<void> {
    const s3 = this.config.s3;
    let key: string;
    try {
      key = this.dataKey(items, keys);
    } catch (err) {
      if (!(err instanceof PrefixEvaluationError)) throw err;
      for (const r of items) this.fail(r.unit, 'processing-failed', { errorCode: `S3.Prefix.${err.rule}`, errorMessage: err.message, attemptsMade: 1 });
      return;
    }
    const body = this.objectBody(items);
    await this.ports.objects.putObject(s3.bucket, key, compress(s3.compression, body, entryName(key)));
    this.counters.objectsWritten++;
    if (redshift === undefined) {
      this.counters.delivered += items.length;
      return;
    }
    await this.copyIntoRedshift(redshift, key, body, items);
  }

  /** The records back to back (each followed by a newline with AppendDelimiterToRecord), in one copy. */
  private objectBody(items: readonly Ready[]): Buffer {
    const newline = this.config.processing.appendDelimiter ? 1 : 0;
    let size = 0;
    for (const r of items) size += r.data.length + newline;
    const body = Buffer.allocUnsafe(size);
    let offset = 0;
    for (const r of items) {
      offset += r.data.copy(body, offset);
      if (newline) body[offset++] = 0x0a;
    }
    return body;
  }

  /** COPY of one staged object, retried for the retry duration; a skipped batch leaves its manifest under errors/. */
  private async copyIntoRedshift(config: Extract<DestinationConfig, { kind: 'Redshift' }>, key: string, body: Buffer, items: readonly Ready[]): Promise<void> {
    const s3 = this.config.s3;
    const loader = this.ports.redshift?.(config.jdbcUrl);
    const time = this.ports.retryTime;
    if (loader === undefined || time === undefined) throw new Error(`no Redshift loader is configured for ${config.jdbcUrl}`);
    const prefix = s3.prefix.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
    const result = await deliverToRedshift(
      { table: config.table, columns: config.columns, options: config.copyOptions, objects: [{ bucket: s3.bucket, key, body }], prefix, id: this.ports.random.uuid() },
      loader,
      time,
      config.retrySeconds,
    );
    if (result.skipped) {
      await this.ports.objects.putObject(s3.bucket, result.manifestKey, Buffer.from(result.manifest));
      this.counters.objectsWritten++;
      this.counters.failed += items.length;
      return;
    }
    this.counters.delivered += items.length;
    this.counters.rejectedRows += result.rejected.length;
  }

  /** Bulk-indexes the records; failed documents go to the S3 backup under AmazonOpenSearchService-failed. */
  private async deliverToOpenSearch(config: Extract<DestinationConfig, { kind: 'OpenSearch' }>, items: Ready[]): Promise<void> {
    const port = this.ports.opensearch?.(config.endpoint);
    const time = this.ports.retryTime;
    if (port === undefined || time === undefined) throw new Error(`no OpenSearch client is configured for ${config.endpoint}`);
    const byDoc = new Map<BulkDocument, Ready>();
    const docs = items.map((r) => {
      const id = documentId(config.documentIdFormat, { deliveryStreamArn: this.config.arn, recordId: r.unit.recordId, arrivalMs: r.unit.arrivalMs });
      const doc: BulkDocument = {
        index: indexNameFor(config.indexName, config.rotation, r.unit.arrivalMs),
        ...(config.typeName ? { type: config.typeName } : {}),
        ...(id !== undefined ? { id } : {}),
        source: r.data,
      };
      byDoc.set(doc, r);
      return doc;
    });
    const result = await deliverToOpenSearch(docs, port, time, config.retrySeconds);
    this.counters.delivered += result.delivered.length;
    for (const f of result.failed) {
      const ready = byDoc.get(f.doc) as Ready;
      this.failRecord(ready.unit, 'AmazonOpenSearchService-failed', { ...failedDocumentRecord(f, ready.unit.arrivalMs) });
    }
    if (config.backupMode === 'AllDocuments') await this.backUp(items);
  }

  /** S3BackupMode AllDocuments: every document also lands in the S3 bucket, as S3 delivery would write it. */
  private async backUp(items: readonly Ready[]): Promise<void> {
    const s3 = this.config.s3;
    const key = this.dataKey(items, undefined);
    await this.ports.objects.putObject(s3.bucket, key, compress(s3.compression, this.objectBody(items), entryName(key)));
    this.counters.objectsWritten++;
  }

  /** The key of a data object holding `items` (throws PrefixEvaluationError when a key cannot be formed). */
  private dataKey(items: readonly Ready[], partitionKeys: Readonly<Record<string, string>> | undefined): string {
    const s3 = this.config.s3;
    return objectKey({
      prefix: s3.prefix,
      prefixType: 'Prefix',
      streamName: this.config.name,
      version: this.config.version,
      oldestArrivalMs: oldestArrival(items.map((r) => r.unit)),
      uuid: this.ports.random.uuid(),
      extension: s3.fileExtension ?? fileExtension(s3.compression),
      ...(partitionKeys !== undefined ? { partitionKeys } : {}),
      randomString: () => this.ports.random.randomString(),
    });
  }

  private fail(unit: Unit, errorOutputType: string, error: { errorCode: string; errorMessage: string; attemptsMade: number; attemptEndingMs?: number; lambdaArn?: string }): void {
    this.failRecord(unit, errorOutputType, {
      attemptsMade: error.attemptsMade,
      arrivalTimestamp: unit.arrivalMs,
      errorCode: error.errorCode,
      errorMessage: error.errorMessage,
      attemptEndingTimestamp: error.attemptEndingMs ?? this.now(),
      rawData: unit.raw.toString('base64'),
      ...(error.lambdaArn !== undefined ? { lambdaArn: error.lambdaArn } : {}),
    });
  }

  /** Queues one line of error output (AWS's JSON record for that error output type). */
  private failRecord(unit: Unit, errorOutputType: string, record: Record<string, unknown>): void {
    add(this.failures, { unit, errorOutputType, record }, unit.raw.length, this.now());
  }

  /** Error output: one object per error-output-type, one JSON document per line. */
  private async writeFailures(): Promise<void> {
    const items = take(this.failures);
    const byType = new Map<string, Failure[]>();
    for (const f of items) byType.set(f.errorOutputType, [...(byType.get(f.errorOutputType) ?? []), f]);
    const s3 = this.config.s3;
    const written = new Set<string>();
    for (const [type, failures] of byType) {
      const key = objectKey({
        prefix: s3.errorPrefix,
        prefixType: 'ErrorOutputPrefix',
        streamName: this.config.name,
        version: this.config.version,
        oldestArrivalMs: oldestArrival(failures.map((f) => f.unit)),
        uuid: this.ports.random.uuid(),
        extension: '',
        errorOutputType: type,
        randomString: () => this.ports.random.randomString(),
      });
      const body = Buffer.from(failures.map((f) => `${JSON.stringify(f.record)}\n`).join(''));
      try {
        await this.ports.objects.putObject(s3.bucket, key, body);
      } catch (err) {
        // Not lost: this type and the ones not yet written go back for the next tick.
        const left = items.filter((f) => !written.has(f.errorOutputType));
        restore(this.failures, left, left.reduce((n, f) => n + f.unit.raw.length, 0));
        throw err;
      }
      written.add(type);
      this.counters.failed += failures.length;
      this.counters.objectsWritten++;
    }
  }
}

/** The earliest arrival (a loop: a spread of a 64 MiB buffer's records would overflow the stack). */
function oldestArrival(units: readonly Unit[]): number {
  let oldest = Infinity;
  for (const u of units) if (u.arrivalMs < oldest) oldest = u.arrivalMs;
  return oldest;
}

function add<T>(buffer: Buffer_<T>, item: T, bytes: number, now: number): void {
  if (buffer.items.length === 0) buffer.firstAtMs = now;
  buffer.items.push(item);
  buffer.bytes += bytes;
}

function take<T>(buffer: Buffer_<T>): T[] {
  const items = buffer.items;
  buffer.items = [];
  buffer.bytes = 0;
  return items;
}

function restore<T>(buffer: Buffer_<T>, items: T[], bytes: number): void {
  buffer.items = [...items, ...buffer.items];
  buffer.bytes += bytes;
}

/** Size or interval, whichever comes first; an interval of 0 delivers on every tick. */
function due(buffer: Buffer_<unknown>, hints: BufferingHints, now: number): boolean {
  return buffer.bytes >= hints.sizeBytes || now - buffer.firstAtMs >= hints.intervalMs;
}

/** The file inside a ZIP object: the key's last segment without `.zip`. UNCONFIRMED. */
function entryName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).replace(/\.zip$/, '');
}
