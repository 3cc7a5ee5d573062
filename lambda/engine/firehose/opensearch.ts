/**
 * The OpenSearch/Elasticsearch destination of a Firehose delivery stream (../shared/reference/firehose.md §5):
 * rotated index names, document ids, the `_bulk` request body, the bulk response, the retry loop and the
 * failed-document records written to S3.
 *
 * Pure: no clock, no network. The bulk request goes through `OpenSearchBulkPort` (a host implements it, e.g.
 * lambda/local/opensearch/bulk-client.ts) and time through `RetryTime`, so tests and simulations run instantly.
 *
 * Facts and choices (checked against AWS's docs; UNCONFIRMED where the docs are silent or contradict):
 * - Index rotation appends the UTC arrival time; formats from AWS's table (es-index-rotation). See `weekSuffix`
 *   for the OneWeek rule, where the docs contradict themselves.
 * - Records must be single-line UTF-8 JSON objects; Firehose sends one `_bulk` request with an explicit index
 *   per record (basic-deliver). UNCONFIRMED: the action name. We send `index`: it works with and without `_id`
 *   on every Elasticsearch/OpenSearch version, and re-sending a FIREHOSE_DEFAULT id overwrites the same
 *   document instead of failing with a 409 as `create` would.
 * - `_type` only when TypeName is set and non-empty (the API allows an empty TypeName; omit it for ES 7.x).
 * - Whole-request failures (network, HTTP error, unreadable response) are retried for the retry duration: AWS
 *   documents retrying for "incorrect cluster configuration", "cluster under maintenance", "network failure".
 *   Per-document failures: 429 and 5xx are retried, other statuses (mapping errors…) are not. UNCONFIRMED:
 *   AWS does not list which item failures it retries; a mapping error fails the same way on every attempt.
 * - Failed-document JSON: `{attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp,
 *   esDocumentId, esIndexName, esTypeName, rawData}`; errorCode is "the http error code returned by
 *   OpenSearch" (retry.html), so HTTP failures use the status as a string. Codes for failures that have no
 *   HTTP status are ours (`OPENSEARCH_ERROR_CODES`).
 */
import { createHash } from 'node:crypto';
import { DOCUMENT_ID_FORMATS, INDEX_ROTATION_PERIODS, OPENSEARCH_RETRY_SECONDS } from './limits';

// ---------------------------------------------------------------------------------------------
// Index rotation

/** The values of the API's IndexRotationPeriod enum (INDEX_ROTATION_PERIODS), as a type. */
export type IndexRotationPeriod = 'NoRotation' | 'OneHour' | 'OneDay' | 'OneWeek' | 'OneMonth';

export function isIndexRotationPeriod(value: string): value is IndexRotationPeriod {
  return INDEX_ROTATION_PERIODS.includes(value);
}

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Days since 1970-01-01 and the weekday (0 = Sunday); 1970-01-01 was a Thursday. */
function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * `<YEAR>-w<WEEK>` for OneWeek. AWS's note: weeks start on Sunday, and "the first week of the year is the
 * first week that contains a Saturday in this year", i.e. the week containing January 1st. AWS's example
 * (2016-02-25 → `2016-w08`) only fits that rule if the first week is numbered 00: counted from 1 it would
 * be w09 (Sun 2015-12-27 … Sat 2016-01-02 is the first week, Sun 2016-02-21 … Sat 02-27 the ninth).
 * We keep both documented facts: week 00 is the week containing January 1st.
 *
 * UNCONFIRMED: (a) the 0-based numbering is inferred from that single example (Java's US week-of-year would
 * give w09); (b) the year of the days before January 1st in week 00: we label the whole Sunday–Saturday week
 * with the year its Saturday falls in (2015-12-31 → `2016-w00`), so one week is one index. A calendar-year
 * label would split that week into `2015-w52` and `2016-w00`.
 */
function weekSuffix(ms: number): string {
  const day = dayNumber(ms);
  const saturday = day + (6 - weekday(day));
  const year = new Date(saturday * DAY_MS).getUTCFullYear();
  const jan1 = dayNumber(Date.UTC(year, 0, 1));
  const firstSaturday = jan1 + (6 - weekday(jan1));
  return `${pad(year, 4)}-w${pad((saturday - firstSaturday) / 7)}`;
}

/**
 * The index a record goes to: IndexName plus a part of its UTC arrival time (AWS's example for `myindex` at
 * 2016-02-25T13:00:00Z: `myindex`, `myindex-2016-02-25-13`, `myindex-2016-02-25`, `myindex-2016-w08`,
 * `myindex-2016-02`).
 */
export function indexNameFor(indexName: string, rotation: IndexRotationPeriod, arrivalMs: number): string {
  if (!isIndexRotationPeriod(rotation)) {
    throw new RangeError(`IndexRotationPeriod '${String(rotation)}' is not one of ${INDEX_ROTATION_PERIODS.join(', ')}`);
  }
  if (!Number.isFinite(arrivalMs)) throw new RangeError(`arrivalMs must be a finite number of milliseconds, got ${arrivalMs}`);
  if (rotation === 'NoRotation') return indexName;
  const t = new Date(arrivalMs);
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}`;
  switch (rotation) {
    case 'OneMonth':
      return `${indexName}-${date}`;
    case 'OneDay':
      return `${indexName}-${date}-${pad(t.getUTCDate())}`;
    case 'OneHour':
      return `${indexName}-${date}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}`;
    case 'OneWeek':
      return `${indexName}-${weekSuffix(arrivalMs)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Document ids

export { DOCUMENT_ID_FORMATS };
export type DocumentIdFormat = 'FIREHOSE_DEFAULT' | 'NO_DOCUMENT_ID';

/** What identifies one record (after de-aggregation) for as long as the delivery stream holds it. */
export interface RecordIdentity {
  readonly deliveryStreamArn: string;
  /** The delivery stream's id for the record: the same on every delivery attempt. */
  readonly recordId: string;
  readonly arrivalMs: number;
}

/**
 * FIREHOSE_DEFAULT: "a unique document ID for each record based on a unique internal identifier ... stable
 * across multiple delivery attempts" (API reference), so a retried batch overwrites instead of duplicating.
 * Ours is 32 hex characters of SHA-256 over the stream ARN, arrival time and record id: the ARN keeps two
 * streams writing to one index apart, and the arrival time keeps a re-created stream, whose record counter
 * starts again, from overwriting the documents of its predecessor. UNCONFIRMED: AWS's id format.
 * NO_DOCUMENT_ID: no id; OpenSearch generates one (a retry may then index a record twice).
 */
export function documentId(format: DocumentIdFormat, identity: RecordIdentity): string | undefined {
  if (!DOCUMENT_ID_FORMATS.includes(format)) {
    throw new RangeError(`DefaultDocumentIdFormat '${String(format)}' is not one of ${DOCUMENT_ID_FORMATS.join(', ')}`);
  }
  if (format === 'NO_DOCUMENT_ID') return undefined;
  return createHash('sha256')
    .update(`${identity.deliveryStreamArn}\n${identity.arrivalMs}\n${identity.recordId}`)
    .digest('hex')
    .slice(0, 32);
}

// ---------------------------------------------------------------------------------------------
// The _bulk request

export interface BulkDocument {
  /** The rotated index name (indexNameFor). */
  readonly index: string;
  /** TypeName; omitted from the request when undefined or empty. */
  readonly type?: string;
  readonly id?: string;
  /** The record's bytes: one UTF-8 JSON object on one line. */
  readonly source: Uint8Array;
}

/** Error codes for failures that carry no HTTP status. Ours, not AWS's (AWS documents none for these). */
export const OPENSEARCH_ERROR_CODES = {
  /** The record cannot be one line of a `_bulk` body; it is never sent. */
  invalidDocument: 'OpenSearch.InvalidDocument',
  /** The connection failed (refused, reset, DNS). Retried. */
  connectionFailed: 'OpenSearch.ConnectionFailed',
  /** No complete response within the host's timeout. Retried. */
  timeout: 'OpenSearch.Timeout',
  /** A 2xx response that is not a bulk response for this request. Retried. */
  malformedResponse: 'OpenSearch.MalformedResponse',
  /** Firehose's generic code ("An internal error occurred ... Delivery will be retried"). Retried. */
  internalError: 'InternalError',
} as const;

export interface DocumentFailure {
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface RejectedDocument extends DocumentFailure {
  readonly doc: BulkDocument;
}

export interface BulkBody {
  /** NDJSON: for each sent document an action line and its source line, each ending in '\n'. */
  readonly body: Buffer;
  /** The documents in the body, in body order (the order of the response's items). */
  readonly sent: readonly BulkDocument[];
  /** Documents that cannot be sent, with why. */
  readonly rejected: readonly RejectedDocument[];
}

const NEWLINE = 0x0a;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function invalid(reason: string): DocumentFailure {
  return { errorCode: OPENSEARCH_ERROR_CODES.invalidDocument, errorMessage: `The record is not a single-line UTF-8 JSON object: ${reason}` };
}

/**
 * Why `source` cannot be a `_bulk` source line, or undefined when it can. A newline would split the
 * document into two NDJSON lines (the bulk API would misread every following line), so even a trailing one
 * is refused rather than edited: the document is sent exactly as the producer wrote it, or not at all.
 */
export function checkDocumentSource(source: Uint8Array): DocumentFailure | undefined {
  if (source.includes(NEWLINE)) return invalid('it contains a newline');
  let text: string;
  try {
    text = STRICT_UTF8.decode(source);
  } catch {
    return invalid('it is not valid UTF-8');
  }
  let value: unknown;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so JSON.parse refuses it as OpenSearch would.
    value = JSON.parse(text);
  } catch {
    return invalid('it is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('it is JSON but not an object');
  return undefined;
}

function actionLine(doc: BulkDocument): string {
  const meta: Record<string, string> = { _index: doc.index };
  if (doc.type !== undefined && doc.type !== '') meta._type = doc.type;
  if (doc.id !== undefined) meta._id = doc.id;
  return JSON.stringify({ index: meta });
}

/** The `_bulk` body for `docs`; documents that cannot be sent are returned in `rejected` instead. */
export function buildBulkBody(docs: readonly BulkDocument[]): BulkBody {
  const parts: Buffer[] = [];
  const sent: BulkDocument[] = [];
  const rejected: RejectedDocument[] = [];
  const newline = Buffer.from('\n');
  for (const doc of docs) {
    const failure = checkDocumentSource(doc.source);
    if (failure !== undefined) {
      rejected.push({ doc, ...failure });
      continue;
    }
    parts.push(Buffer.from(actionLine(doc), 'utf8'), newline, Buffer.from(doc.source), newline);
    sent.push(doc);
  }
  return { body: Buffer.concat(parts), sent, rejected };
}

// ---------------------------------------------------------------------------------------------
// The _bulk response

export type BulkItemResult = { readonly ok: true } | ({ readonly ok: false; readonly retryable: boolean } & DocumentFailure);

/** Longest error text copied from a response into a failure (a proxy's HTML page would otherwise go into every record). */
const MAX_ERROR_MESSAGE = 2048;

function truncate(text: string): string {
  return text.length <= MAX_ERROR_MESSAGE ? text : `${text.slice(0, MAX_ERROR_MESSAGE)}…`;
}

function describe(value: unknown): string {
  return truncate(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isRetryableItemStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function wholeRequest(count: number, failure: DocumentFailure): BulkItemResult[] {
  return Array.from({ length: count }, () => ({ ok: false as const, retryable: true, ...failure }));
}

/**
 * One result per sent document, in order. A response that is not a 2xx bulk response with exactly `count`
 * items fails every document, retryably; each item's own status decides otherwise.
 */
export function parseBulkResponse(status: number, body: unknown, count: number): BulkItemResult[] {
  if (status < 200 || status > 299) {
    const detail = isRecord(body) && body.error !== undefined ? body.error : body;
    return wholeRequest(count, { errorCode: String(status), errorMessage: detail === undefined ? `HTTP ${status}` : describe(detail) });
  }
  const items = isRecord(body) ? body.items : undefined;
  if (!Array.isArray(items) || items.length !== count) {
    const got = Array.isArray(items) ? `${items.length} items` : 'no items';
    return wholeRequest(count, {
      errorCode: OPENSEARCH_ERROR_CODES.malformedResponse,
      errorMessage: `Expected a bulk response with ${count} items, got ${got}: ${describe(body ?? '')}`,
    });
  }
  return items.map((item): BulkItemResult => {
    // Each item is `{ "<action>": { status, error?, ... } }`.
    const result = isRecord(item) ? Object.values(item)[0] : undefined;
    const itemStatus = isRecord(result) ? result.status : undefined;
    if (!isRecord(result) || typeof itemStatus !== 'number') {
      return { ok: false, retryable: true, errorCode: OPENSEARCH_ERROR_CODES.malformedResponse, errorMessage: `Bulk response item without a status: ${describe(item)}` };
    }
    if (itemStatus >= 200 && itemStatus <= 299) return { ok: true };
    return {
      ok: false,
      retryable: isRetryableItemStatus(itemStatus),
      errorCode: String(itemStatus),
      errorMessage: result.error === undefined ? `HTTP ${itemStatus}` : describe(result.error),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Delivery with retries

export interface BulkResponse {
  readonly status: number;
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
}

/** POSTs a `_bulk` body. Throws `BulkTransportError` when no HTTP response arrives. */
export interface OpenSearchBulkPort {
  bulk(body: Buffer): Promise<BulkResponse>;
}

/** No response (connection refused or reset, timeout): the delivery retries it like any whole-request failure. */
export class BulkTransportError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'BulkTransportError';
  }
}

/** Time for the retry loop: the host's clock and timer, or a simulated pair in tests. */
export interface RetryTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Backoff between attempts: 1 s, doubling, at most 60 s, no jitter (deterministic replays). UNCONFIRMED:
 * AWS does not document its backoff; only the total retry duration is documented.
 */
export const OPENSEARCH_BACKOFF = { initialMs: 1000, maxMs: 60_000 } as const;

export function backoffMs(attempt: number): number {
  return Math.min(OPENSEARCH_BACKOFF.initialMs * 2 ** (attempt - 1), OPENSEARCH_BACKOFF.maxMs);
}

export interface FailedDocument extends RejectedDocument {
  /** Bulk requests that carried this document (0 when it could not be sent at all). */
  readonly attemptsMade: number;
  /** When the delivery gave up on it (RetryTime.now()). */
  readonly attemptEndingMs: number;
}

export interface OpenSearchDeliveryResult {
  readonly delivered: readonly BulkDocument[];
  readonly failed: readonly FailedDocument[];
}

/**
 * Sends `batch` and retries the documents whose failure is retryable until `retryDurationSeconds` (which
 * includes the first attempt; 0 = a single attempt) is used up. Every input document ends in exactly one of
 * `delivered` or `failed`; nothing is lost, even when the port throws.
 */
export async function deliverToOpenSearch(
  batch: readonly BulkDocument[],
  port: OpenSearchBulkPort,
  time: RetryTime,
  retryDurationSeconds: number,
): Promise<OpenSearchDeliveryResult> {
  const { min, max } = OPENSEARCH_RETRY_SECONDS;
  if (!Number.isInteger(retryDurationSeconds) || retryDurationSeconds < min || retryDurationSeconds > max) {
    throw new RangeError(`RetryOptions.DurationInSeconds must be an integer from ${min} to ${max}, got ${retryDurationSeconds}`);
  }
  const retryMs = retryDurationSeconds * 1000;
  const start = time.now();
  const delivered: BulkDocument[] = [];
  const failed: FailedDocument[] = [];

  const first = buildBulkBody(batch);
  for (const r of first.rejected) failed.push({ ...r, attemptsMade: 0, attemptEndingMs: start });

  let pending = first.sent;
  let body = first.body;
  let lastErrors: DocumentFailure[] = [];
  let attempts = 0;
  // Requested sleep also bounds the loop, so it ends even if a (broken) time source never advances.
  let slept = 0;
  while (pending.length > 0) {
    attempts++;
    const results = await send(port, body, pending.length);
    const retry: BulkDocument[] = [];
    const retryErrors: DocumentFailure[] = [];
    const attemptEnd = time.now();
    results.forEach((result, i) => {
      const doc = pending[i] as BulkDocument;
      if (result.ok) delivered.push(doc);
      else if (result.retryable) {
        retry.push(doc);
        retryErrors.push({ errorCode: result.errorCode, errorMessage: result.errorMessage });
      } else failed.push({ doc, errorCode: result.errorCode, errorMessage: result.errorMessage, attemptsMade: attempts, attemptEndingMs: attemptEnd });
    });
    pending = retry;
    lastErrors = retryErrors;
    if (pending.length === 0) break;

    const used = Math.max(time.now() - start, slept);
    if (used >= retryMs) break;
    const wait = Math.min(backoffMs(attempts), retryMs - used);
    slept += wait;
    await time.sleep(wait);
    body = buildBulkBody(pending).body;
  }
  const end = time.now();
  pending.forEach((doc, i) => failed.push({ doc, ...(lastErrors[i] as DocumentFailure), attemptsMade: attempts, attemptEndingMs: end }));
  return { delivered, failed };
}

async function send(port: OpenSearchBulkPort, body: Buffer, count: number): Promise<BulkItemResult[]> {
  let response: BulkResponse;
  try {
    response = await port.bulk(body);
  } catch (error) {
    if (error instanceof BulkTransportError) return wholeRequest(count, { errorCode: error.errorCode, errorMessage: error.message });
    // An unexpected error must not lose the batch: it is retried, then written to S3 like any failure.
    return wholeRequest(count, { errorCode: OPENSEARCH_ERROR_CODES.internalError, errorMessage: error instanceof Error ? error.message : String(error) });
  }
  return parseBulkResponse(response.status, response.body, count);
}

// ---------------------------------------------------------------------------------------------
// Failed-document records (S3 backup under AmazonOpenSearchService-failed/)

/** AWS's failed-document JSON, keys in AWS's order. Timestamps are epoch milliseconds. */
export interface FailedDocumentRecord {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attemptEndingTimestamp: number;
  /** null with NO_DOCUMENT_ID. UNCONFIRMED: whether AWS writes null, "" or leaves the key out. */
  readonly esDocumentId: string | null;
  readonly esIndexName: string;
  /** null without a TypeName. UNCONFIRMED, as for esDocumentId. */
  readonly esTypeName: string | null;
  /** The record's bytes, base64. */
  readonly rawData: string;
}

export function failedDocumentRecord(failure: FailedDocument, arrivalMs: number): FailedDocumentRecord {
  const { doc } = failure;
  return {
    attemptsMade: failure.attemptsMade,
    arrivalTimestamp: arrivalMs,
    errorCode: failure.errorCode,
    errorMessage: failure.errorMessage,
    attemptEndingTimestamp: failure.attemptEndingMs,
    esDocumentId: doc.id ?? null,
    esIndexName: doc.index,
    esTypeName: doc.type === undefined || doc.type === '' ? null : doc.type,
    rawData: Buffer.from(doc.source).toString('base64'),
  };
}

/** One line of the S3 error object: the record as JSON (which has no raw newlines) and '\n'. */
export function failedDocumentLine(record: FailedDocumentRecord): string {
  return `${JSON.stringify(record)}\n`;
}
