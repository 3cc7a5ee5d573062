/**
 * Amazon Data Firehose's Lambda data-transformation contract (../shared/reference/firehose.md §1):
 * the event Firehose sends, the response it expects, a helper that applies a per-record function while
 * honouring the contract, and a checker that tells which error Firehose would log for a bad response.
 *
 * Pure: no clock, no I/O. Independent of what the records contain (clickstream or anything else).
 */

/** Present only when the delivery stream reads from a Kinesis data stream. Timestamps are epoch ms. */
export interface FirehoseKinesisRecordMetadata {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly approximateArrivalTimestamp: number;
  readonly sequenceNumber: string;
  /** A number in AWS's examples and Powertools, a string in @types/aws-lambda: accept both. */
  readonly subsequenceNumber: number | string;
}

export interface FirehoseTransformationEventRecord {
  readonly recordId: string;
  readonly approximateArrivalTimestamp: number;
  /** The record's bytes, base64-encoded. */
  readonly data: string;
  readonly kinesisRecordMetadata?: FirehoseKinesisRecordMetadata;
}

export interface FirehoseTransformationEvent {
  readonly invocationId: string;
  readonly deliveryStreamArn: string;
  /** Present only with a Kinesis data stream source. */
  readonly sourceKinesisStreamArn?: string;
  readonly region: string;
  readonly records: readonly FirehoseTransformationEventRecord[];
}

/** The only result values Firehose accepts; `Ok` and `Dropped` count as success. */
export const TRANSFORMATION_RESULTS = ['Ok', 'Dropped', 'ProcessingFailed'] as const;
export type FirehoseTransformationResult = (typeof TRANSFORMATION_RESULTS)[number];

export interface FirehoseTransformationResponseRecord {
  readonly recordId: string;
  readonly result: FirehoseTransformationResult;
  /** Base64. Firehose requires it on every record, whatever the result. */
  readonly data: string;
  /** Feeds `!{partitionKeyFromLambda:k}` in the S3 prefix (dynamic partitioning). */
  readonly metadata?: { readonly partitionKeys: Readonly<Record<string, string>> };
}

export interface FirehoseTransformationResponse {
  readonly records: readonly FirehoseTransformationResponseRecord[];
}

/** Why a record was not delivered: a field of the payload and the rule it broke (never the payload itself). */
export interface FailureReason {
  readonly field: string;
  readonly rule: string;
}

/** What a per-record function decides. `Ok` data is the new payload: bytes, or text to encode as UTF-8. */
export type RecordOutcome =
  | { readonly result: 'Ok'; readonly data: Uint8Array | string; readonly partitionKeys?: Readonly<Record<string, string>> }
  | { readonly result: 'Dropped'; readonly reason?: string }
  | { readonly result: 'ProcessingFailed'; readonly reason?: FailureReason };

/** Receives the decoded bytes of one record. May throw: the record then fails alone. */
export type RecordTransform = (data: Buffer, record: FirehoseTransformationEventRecord) => RecordOutcome;

/** One line per record for the caller's log: result and reason only, no payload. */
export interface RecordReport {
  readonly recordId: string;
  readonly result: FirehoseTransformationResult;
  readonly reason?: FailureReason | string;
}

export interface TransformRun {
  readonly response: FirehoseTransformationResponse;
  /** Same order as the response. */
  readonly reports: readonly RecordReport[];
}

/** Reasons the helper itself assigns, exported so callers and tests name them the same way. */
export const INVALID_BASE64: FailureReason = { field: 'data', rule: 'must be valid base64' };
export const INVALID_OUTCOME: FailureReason = { field: 'record', rule: 'transform returned an invalid outcome' };
export const transformThrew = (error: unknown): FailureReason => ({
  field: 'record',
  // Only the error's class name: messages (e.g. from JSON.parse) can quote the payload.
  rule: `transform threw ${error instanceof Error ? error.name : typeof error}`,
});

/**
 * Strict base64: Node's decoder silently skips bad characters and accepts missing padding and base64url,
 * so a record is valid only if re-encoding its bytes gives back exactly the same text.
 */
export function decodeBase64Strict(text: unknown): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Applies `fn` to every record; see {@link transformRecordsDetailed}. */
export function transformRecords(event: FirehoseTransformationEvent, fn: RecordTransform): FirehoseTransformationResponse {
  return transformRecordsDetailed(event, fn).response;
}

/**
 * Applies `fn` to every record and builds a response Firehose accepts: every input recordId exactly once,
 * in input order. One bad record (invalid base64, `fn` throwing or returning nonsense) fails alone as
 * `ProcessingFailed`. `Dropped` and `ProcessingFailed` carry the original data unchanged, so the error
 * output holds what the producer sent.
 */
export function transformRecordsDetailed(event: FirehoseTransformationEvent, fn: RecordTransform): TransformRun {
  const records: FirehoseTransformationResponseRecord[] = [];
  const reports: RecordReport[] = [];
  for (const record of event.records) {
    const [responseRecord, report] = transformOne(record, fn);
    records.push(responseRecord);
    reports.push(report);
  }
  return { response: { records }, reports };
}

type Applied = [FirehoseTransformationResponseRecord, RecordReport];

function transformOne(record: FirehoseTransformationEventRecord, fn: RecordTransform): Applied {
  const bytes = decodeBase64Strict(record.data);
  if (bytes === undefined) return failed(record, INVALID_BASE64);
  let outcome: RecordOutcome;
  try {
    outcome = fn(bytes, record);
  } catch (error) {
    return failed(record, transformThrew(error));
  }
  return applyOutcome(record, outcome);
}

function applyOutcome(record: FirehoseTransformationEventRecord, outcome: RecordOutcome): Applied {
  // Guards against JavaScript callers or casts: a malformed outcome must not yield a malformed response.
  switch (outcome?.result) {
    case 'Ok':
      return okOutcome(record, outcome);
    case 'Dropped':
      return [
        { recordId: record.recordId, result: 'Dropped', data: originalData(record) },
        withReason({ recordId: record.recordId, result: 'Dropped' }, outcome.reason),
      ];
    case 'ProcessingFailed':
      return failed(record, outcome.reason);
    default:
      return failed(record, INVALID_OUTCOME);
  }
}

function okOutcome(record: FirehoseTransformationEventRecord, outcome: Extract<RecordOutcome, { result: 'Ok' }>): Applied {
  const data = encodeData(outcome.data);
  const keys = outcome.partitionKeys;
  if (data === undefined || (keys !== undefined && !isStringRecord(keys))) return failed(record, INVALID_OUTCOME);
  const responseRecord: FirehoseTransformationResponseRecord =
    keys === undefined
      ? { recordId: record.recordId, result: 'Ok', data }
      : { recordId: record.recordId, result: 'Ok', data, metadata: { partitionKeys: { ...keys } } };
  return [responseRecord, { recordId: record.recordId, result: 'Ok' }];
}

function encodeData(data: unknown): string | undefined {
  if (typeof data === 'string') return Buffer.from(data, 'utf8').toString('base64');
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  return undefined;
}

function failed(record: FirehoseTransformationEventRecord, reason: FailureReason | undefined): Applied {
  return [
    { recordId: record.recordId, result: 'ProcessingFailed', data: originalData(record) },
    withReason({ recordId: record.recordId, result: 'ProcessingFailed' }, reason),
  ];
}

// A non-string `data` cannot be echoed back without breaking the response, so it becomes empty.
function originalData(record: FirehoseTransformationEventRecord): string {
  return typeof record.data === 'string' ? record.data : '';
}

function withReason(report: RecordReport, reason: FailureReason | string | undefined): RecordReport {
  return reason === undefined ? report : { ...report, reason };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Summary for one structured log line per invocation. */
export interface TransformSummary {
  readonly records: number;
  readonly ok: number;
  readonly dropped: number;
  readonly processingFailed: number;
  readonly failures: readonly { readonly recordId: string; readonly field: string; readonly rule: string }[];
  /** Failures beyond `maxFailures`, counted but not listed (a CloudWatch log event is capped at 256 KB). */
  readonly failuresOmitted: number;
}

export const DEFAULT_MAX_LOGGED_FAILURES = 100;

export function summariseTransform(reports: readonly RecordReport[], maxFailures = DEFAULT_MAX_LOGGED_FAILURES): TransformSummary {
  const count = (result: FirehoseTransformationResult): number => reports.filter((r) => r.result === result).length;
  const failures = reports
    .filter((r) => r.result === 'ProcessingFailed')
    .map((r) => ({ recordId: r.recordId, ...failureFields(r.reason) }));
  return {
    records: reports.length,
    ok: count('Ok'),
    dropped: count('Dropped'),
    processingFailed: failures.length,
    failures: failures.slice(0, maxFailures),
    failuresOmitted: Math.max(0, failures.length - maxFailures),
  };
}

function failureFields(reason: FailureReason | string | undefined): FailureReason {
  if (reason === undefined) return { field: 'record', rule: 'unspecified' };
  return typeof reason === 'string' ? { field: 'record', rule: reason } : { field: reason.field, rule: reason.rule };
}

/** Error codes Firehose logs when a transformation response breaks the contract (fact sheet §1, Failures). */
export const TRANSFORM_ERROR_CODES = {
  missingRecordId: 'Lambda.MissingRecordId',
  duplicatedRecordId: 'Lambda.DuplicatedRecordId',
  jsonProcessing: 'Lambda.JsonProcessingException',
} as const;
export type TransformErrorCode = (typeof TRANSFORM_ERROR_CODES)[keyof typeof TRANSFORM_ERROR_CODES];

/**
 * The error Firehose would log for `response` to `event`, or null when the response is acceptable.
 * Checked in this order (AWS does not document precedence):
 * 1. shape: `records` array; each entry with a string `recordId`, a valid `result`, a string `data` and,
 *    if present, `metadata.partitionKeys` of string values → `Lambda.JsonProcessingException`;
 * 2. a recordId returned twice → `Lambda.DuplicatedRecordId`;
 * 3. an input recordId not returned, or a returned recordId not in the input → `Lambda.MissingRecordId`
 *    (the fact sheet only says a non-matching id is a failure; this is the closest documented code).
 * Not checked: base64 validity of `data` and response order (no documented error code for either).
 */
export function checkTransformResponse(event: FirehoseTransformationEvent, response: unknown): TransformErrorCode | null {
  const records = isObject(response) ? response.records : undefined;
  if (!Array.isArray(records) || !records.every(isWellFormedResponseRecord)) return TRANSFORM_ERROR_CODES.jsonProcessing;
  const returned = new Set<string>();
  for (const record of records) {
    if (returned.has(record.recordId)) return TRANSFORM_ERROR_CODES.duplicatedRecordId;
    returned.add(record.recordId);
  }
  const expected = new Set(event.records.map((r) => r.recordId));
  const sameIds = returned.size === expected.size && [...expected].every((id) => returned.has(id));
  return sameIds ? null : TRANSFORM_ERROR_CODES.missingRecordId;
}

function isWellFormedResponseRecord(value: unknown): value is FirehoseTransformationResponseRecord {
  if (!isObject(value)) return false;
  const { recordId, result, data, metadata } = value;
  return (
    typeof recordId === 'string' &&
    (TRANSFORMATION_RESULTS as readonly unknown[]).includes(result) &&
    typeof data === 'string' &&
    (metadata === undefined || (isObject(metadata) && isStringRecord(metadata.partitionKeys)))
  );
}
