/**
 * Firehose's RecordDeAggregation processor (../shared/reference/firehose.md §2): splits one record into
 * sub-records, either consecutive JSON objects (`JSON`) or pieces between a custom delimiter (`DELIMITED`).
 *
 * Documented by AWS (dynamic-partitioning-multirecord-deaggergation): JSON input is objects concatenated
 * with no delimiter or newline-delimited (JSONL), never an array; the delimiter is base64; at most 500
 * sub-records per record. Records Firehose "is not able to parse" go to the S3 error prefix
 * (dynamic-partitioning-error-handling). AWS documents no error codes or messages for de-aggregation:
 * every code and message below is ours (UNCONFIRMED).
 *
 * Pure: no I/O.
 */
import { firehoseModel } from '../aws-model/generated/firehose';
import { lengthRange } from '../aws-model/model';
import { decodeBase64Strict } from './transform-contract';

export const SUB_RECORD_TYPES = ['JSON', 'DELIMITED'] as const;
export type SubRecordType = (typeof SUB_RECORD_TYPES)[number];

export interface DeaggregationConfig {
  readonly subRecordType: SubRecordType;
  /** base64, DELIMITED only (ignored for JSON) */
  readonly delimiter?: string;
}

export type DeaggregationResult =
  | { readonly ok: true; readonly records: Buffer[] }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

/** "Record deaggregation by JSON or by delimiter is capped at 500 per record" (AWS). */
export const MAX_SUB_RECORDS = 500;

/**
 * What Firehose does with the original record when de-aggregation fails:
 * - `error-output`: UNCONFIRMED for de-aggregation specifically; the safe choice (the record is kept, under
 *   the `processing-failed` error output), consistent with "records Firehose is not able to parse are
 *   delivered to the S3 error bucket prefix".
 * - `pass-through`: documented for more than 500 sub-records (PutRecordBatch API reference: "the record
 *   de-aggregation doesn't work as expected and transformation lambda is invoked with the complete base64
 *   encoded data blob"), i.e. the record continues un-split.
 */
export type FailureDisposition = 'error-output' | 'pass-through';

/** Error codes (UNCONFIRMED: AWS documents none for de-aggregation) and what happens to the record. */
export const DEAGGREGATION_ERRORS = {
  jsonArray: { code: 'RecordDeAggregation.JsonArrayNotSupported', disposition: 'error-output' },
  notJsonObject: { code: 'RecordDeAggregation.NotJsonObject', disposition: 'error-output' },
  truncatedJson: { code: 'RecordDeAggregation.TruncatedJson', disposition: 'error-output' },
  invalidJson: { code: 'RecordDeAggregation.InvalidJson', disposition: 'error-output' },
  tooManySubRecords: { code: 'RecordDeAggregation.TooManySubRecords', disposition: 'pass-through' },
} as const satisfies Record<string, { code: string; disposition: FailureDisposition }>;

export type DeaggregationErrorCode = (typeof DEAGGREGATION_ERRORS)[keyof typeof DEAGGREGATION_ERRORS]['code'];

/** The disposition of a code returned by deaggregateRecord. */
export function failureDisposition(errorCode: string): FailureDisposition {
  const entry = Object.values(DEAGGREGATION_ERRORS).find((e) => e.code === errorCode);
  if (entry === undefined) throw new Error(`Unknown de-aggregation error code '${errorCode}'`);
  return entry.disposition;
}

// ---------------------------------------------------------------------------------------------------
// Configuration

/** A processor configuration Firehose would not accept; names the field and the rule. */
export class DeaggregationConfigError extends Error {
  constructor(readonly field: 'subRecordType' | 'delimiter', readonly rule: string) {
    super(`RecordDeAggregation ${field}: ${rule}`);
    this.name = 'DeaggregationConfigError';
  }
}

/** ProcessorParameterValue bounds from the API model: the delimiter's base64 text must fit them. */
const PARAMETER_VALUE_LENGTH = lengthRange(firehoseModel, 'ProcessorParameterValue');

/**
 * Validates a configuration (also usable at synth time) and returns the delimiter bytes for DELIMITED.
 * Throws DeaggregationConfigError.
 */
export function validateDeaggregationConfig(config: DeaggregationConfig): { subRecordType: SubRecordType; delimiter?: Buffer } {
  const type: unknown = config.subRecordType;
  if (type !== 'JSON' && type !== 'DELIMITED') {
    throw new DeaggregationConfigError('subRecordType', `must be one of ${SUB_RECORD_TYPES.join(', ')}`);
  }
  // The API takes Delimiter only for DELIMITED; with JSON it is unused, so it is not checked.
  if (type === 'JSON') return { subRecordType: type };
  const text = config.delimiter;
  if (text === undefined) throw new DeaggregationConfigError('delimiter', 'is required when subRecordType is DELIMITED');
  if (text.length === 0) throw new DeaggregationConfigError('delimiter', 'must not be empty');
  const max = PARAMETER_VALUE_LENGTH.max;
  if (max !== undefined && text.length > max) throw new DeaggregationConfigError('delimiter', `must be at most ${max} characters of base64 (API model)`);
  const bytes = decodeBase64Strict(text);
  if (bytes === undefined) throw new DeaggregationConfigError('delimiter', 'must be valid base64 (standard alphabet, with padding)');
  // Unreachable for non-empty valid base64, kept so the invariant does not depend on the decoder.
  if (bytes.length === 0) throw new DeaggregationConfigError('delimiter', 'must decode to at least one byte');
  return { subRecordType: type, delimiter: bytes };
}

// ---------------------------------------------------------------------------------------------------
// De-aggregation

/** Splits `data` into sub-records; throws DeaggregationConfigError for an invalid `config`. */
export function deaggregateRecord(data: Uint8Array, config: DeaggregationConfig): DeaggregationResult {
  const valid = validateDeaggregationConfig(config);
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return valid.delimiter === undefined ? splitJson(bytes) : splitDelimited(bytes, valid.delimiter);
}

type ErrorKey = keyof typeof DEAGGREGATION_ERRORS;

function failure(key: ErrorKey, errorMessage: string): DeaggregationResult {
  return { ok: false, errorCode: DEAGGREGATION_ERRORS[key].code, errorMessage };
}

const tooMany = (): DeaggregationResult =>
  failure('tooManySubRecords', `Record holds more than ${MAX_SUB_RECORDS} sub-records`);

/**
 * Pieces between delimiters, matched left to right without overlap. A delimiter at the very end
 * terminates the last sub-record rather than starting an empty one (as a trailing newline in JSONL);
 * UNCONFIRMED. Empty pieces elsewhere are kept: they are sub-records the producer delimited. A record
 * without the delimiter is one sub-record.
 */
function splitDelimited(bytes: Buffer, delimiter: Buffer): DeaggregationResult {
  const records: Buffer[] = [];
  let start = 0;
  for (;;) {
    const at = bytes.indexOf(delimiter, start);
    const end = at === -1 ? bytes.length : at;
    if (at === -1 && start === bytes.length && records.length > 0) break;
    if (records.length === MAX_SUB_RECORDS) return tooMany();
    records.push(Buffer.from(bytes.subarray(start, end)));
    if (at === -1) break;
    start = at + delimiter.length;
  }
  return { ok: true, records };
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isJsonWhitespace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Concatenated JSON objects, separated by nothing or by JSON whitespace (JSONL is the newline case).
 * Each sub-record is the exact bytes of one object, whitespace around it excluded. Objects may span
 * lines: AWS's examples are single-line, and accepting pretty-printed objects is our choice (UNCONFIRMED).
 * A record with no object at all (empty or whitespace only) is an error, so that it is not silently lost.
 * Messages give byte offsets only, never payload text.
 */
function splitJson(bytes: Buffer): DeaggregationResult {
  const records: Buffer[] = [];
  let pos = 0;
  for (;;) {
    while (isJsonWhitespace(bytes[pos])) pos++;
    if (pos === bytes.length) break;
    const first = bytes[pos];
    if (first === OPEN_BRACKET) return failure('jsonArray', `Found a JSON array at byte ${pos}; JSON de-aggregation takes concatenated objects or JSON Lines, not an array`);
    if (first !== OPEN_BRACE) return failure('notJsonObject', `Expected a JSON object at byte ${pos}`);
    const end = objectEnd(bytes, pos);
    if (end === undefined) return failure('truncatedJson', `JSON object starting at byte ${pos} is not closed before the end of the record`);
    if (records.length === MAX_SUB_RECORDS) return tooMany();
    const object = bytes.subarray(pos, end);
    if (!isValidJson(object)) return failure('invalidJson', `Invalid JSON object at bytes ${pos}-${end - 1}`);
    records.push(Buffer.from(object));
    pos = end;
  }
  if (records.length === 0) return failure('notJsonObject', 'Record holds no JSON object');
  return { ok: true, records };
}

/**
 * Index just past the `}` that closes the object opening at `start`, or undefined if the record ends
 * first. Counts braces outside strings; brackets and everything else are left to JSON.parse. Byte-level
 * scanning is safe on UTF-8: every byte of a multi-byte character is ≥ 0x80.
 */
function objectEnd(bytes: Buffer, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++; // the escaped byte cannot end the string
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE) depth++;
    else if (b === CLOSE_BRACE && --depth === 0) return i + 1;
  }
  return undefined;
}

function isValidJson(object: Uint8Array): boolean {
  try {
    JSON.parse(utf8.decode(object));
    return true;
  } catch {
    return false; // invalid UTF-8 or invalid JSON
  }
}
