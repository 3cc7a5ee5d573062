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
  private counters = { accepted: 0, delivered: 0, dropped: 0, failed: 0, objectsWritten: 0 };
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

  /** Accepts records (already admitted by the API's limits); returns their record ids in order. */
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
    const base = Buffer.from(record.data);
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
    if (this.failures.items.length > 0 && (all || due(this.failures, this.config.buffering, this.now()))) await this.writeFailures();
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
    const s3 = this.config.s3;
    const oldest = Math.min(...items.map((r) => r.unit.arrivalMs));
    let key: string;
    try {
      key = objectKey({
        prefix: s3.prefix,
        prefixType: 'Prefix',
        streamName: this.config.name,
        version: this.config.version,
        oldestArrivalMs: oldest,
        uuid: this.ports.random.uuid(),
        extension: s3.fileExtension ?? fileExtension(s3.compression),
        ...(buffer.keys !== undefined ? { partitionKeys: buffer.keys } : {}),
        randomString: () => this.ports.random.randomString(),
      });
    } catch (err) {
      if (!(err instanceof PrefixEvaluationError)) throw err;
      for (const r of items) this.fail(r.unit, 'processing-failed', { errorCode: `S3.Prefix.${err.rule}`, errorMessage: err.message, attemptsMade: 1 });
      return;
    }
    const newline = this.config.processing.appendDelimiter ? Buffer.from('\n') : undefined;
    const body = Buffer.concat(newline ? items.flatMap((r) => [r.data, newline]) : items.map((r) => r.data));
    try {
      await this.ports.objects.putObject(s3.bucket, key, compress(s3.compression, body, entryName(key)));
    } catch (err) {
      // Firehose keeps retrying S3; so do we, on the next tick: the records go back, oldest first.
      restore(buffer, items, body.length);
      this.partitions.set(partition, buffer);
      throw err;
    }
    this.counters.delivered += items.length;
    this.counters.objectsWritten++;
  }

  private fail(unit: Unit, errorOutputType: string, error: { errorCode: string; errorMessage: string; attemptsMade: number; attemptEndingMs?: number; lambdaArn?: string }): void {
    const record: Record<string, unknown> = {
      attemptsMade: error.attemptsMade,
      arrivalTimestamp: unit.arrivalMs,
      errorCode: error.errorCode,
      errorMessage: error.errorMessage,
      attemptEndingTimestamp: error.attemptEndingMs ?? this.now(),
      rawData: unit.raw.toString('base64'),
      ...(error.lambdaArn !== undefined ? { lambdaArn: error.lambdaArn } : {}),
    };
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
        oldestArrivalMs: Math.min(...failures.map((f) => f.unit.arrivalMs)),
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
