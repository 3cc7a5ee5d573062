/**
 * Recorded traffic for `plan --input FILE.jsonl`, one record a line, in any of three shapes:
 *
 * - `{"partitionKey"?: K, "data": RECORD | "text", "time"?: T}`: a record as a producer sent it;
 * - `{"rowtime": T, "data": RECORD}`: the SQL runner's input lines (`{"rowtime": T, "bound": true}` lines
 *   are skipped);
 * - a raw click event (any other JSON object): the record's data is the line's object.
 *
 * Without a partitionKey, the key is derived as the clickstream producer keys its events: the visitor
 * (`sessionId`, else `userId`, else `anonymousId`: ../clickstream/partition-key.ts), so that a
 * visitor's clicks stay in order on one shard. T is epoch milliseconds or ISO-8601 (also `YYYY-MM-DD
 * HH:MM:SS[.fff]`, UTC); a raw click event's time is its `timestamp`. The data's size is its UTF-8 text:
 * a string as it is, anything else as compact JSON (what a producer would send).
 */
import { clickPartitionKey } from '../clickstream/partition-key';
import type { RecordedRecord } from './workload';

export class RecordedInputError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'RecordedInputError';
  }
}

const ENVELOPE_KEYS = new Set(['partitionKey', 'data', 'time']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Epoch ms of T, or undefined when T is not a time. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // The SQL runner's `YYYY-MM-DD HH:MM:SS[.fff]` is UTC.
  const sql = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(value);
  const ms = Date.parse(sql ? `${sql[1]}T${sql[2]}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

const dataBytesOf = (data: unknown): number => Buffer.byteLength(typeof data === 'string' ? data : JSON.stringify(data), 'utf8');

/** One line's record, undefined for a rowtime bound; throws RecordedInputError (1-based `line`). */
export function parseRecordedLine(text: string, line: number): RecordedRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordedInputError(line, 'not valid JSON; expected one JSON object a line');
  }
  if (!isObject(value)) throw new RecordedInputError(line, 'expected a JSON object');
  const keys = Object.keys(value);
  if ('rowtime' in value) {
    if (value.bound === true && keys.length === 2) return undefined;
    if (keys.length !== 2 || !('data' in value)) throw new RecordedInputError(line, 'expected {"rowtime": T, "data": RECORD} or {"rowtime": T, "bound": true}');
    return record(line, undefined, value.data, value.rowtime, 'rowtime');
  }
  if ('data' in value && keys.every((k) => ENVELOPE_KEYS.has(k))) {
    const key = value.partitionKey;
    if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 256)) {
      throw new RecordedInputError(line, 'partitionKey must be a string of 1 to 256 characters');
    }
    return record(line, key, value.data, value.time, 'time');
  }
  // A raw click event: the whole line is the record.
  return record(line, undefined, value, value.timestamp, 'timestamp');
}

function record(line: number, partitionKey: string | undefined, data: unknown, time: unknown, timeField: string): RecordedRecord {
  let timeMs: number | undefined;
  if (time !== undefined && time !== null) {
    timeMs = parseTime(time);
    if (timeMs === undefined) throw new RecordedInputError(line, `${timeField} must be epoch milliseconds or an ISO-8601 time`);
  }
  const key = partitionKey ?? (isObject(data) ? clickPartitionKey(data) : undefined);
  if (key === undefined) throw new RecordedInputError(line, 'no partition key: give "partitionKey", or data with sessionId, userId or anonymousId');
  return { partitionKey: key, dataBytes: dataBytesOf(data), ...(timeMs !== undefined ? { timeMs } : {}) };
}

/**
 * The records of a file's text (blank lines skipped), lazily, so a large file is aggregated without
 * holding a record per line. `onProgress(lines)` is called every `progressEvery` lines.
 */
export function* parseRecordedLines(text: string, onProgress?: (lines: number) => void, progressEvery = 100_000): Generator<RecordedRecord> {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const content = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (onProgress !== undefined && line % progressEvery === 0) onProgress(line);
    if (content.trim() === '') continue;
    const r = parseRecordedLine(content, line);
    if (r !== undefined) yield r;
  }
}
