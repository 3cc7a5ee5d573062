/**
 * Clickstream events: validation and normalisation of one raw click event into the row the pipeline
 * stores (S3 JSON Lines, Redshift COPY, Glue table), plus its Firehose dynamic-partitioning keys.
 *
 * Pure and deterministic: no clock, no I/O. `node:crypto` is used only for SHA-256.
 */
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import type { RecordOutcome } from '../firehose/transform-contract';

/** The stored row. Key order is the column order of {@link CLICK_EVENT_COLUMNS}. */
export interface NormalisedClickEvent {
  readonly event_id: string | null;
  readonly event_type: string;
  /** ISO-8601 UTC with milliseconds and `Z`, e.g. `2026-11-25T10:00:00.000Z`. */
  readonly event_time: string;
  readonly url: string;
  readonly url_host: string;
  readonly url_path: string;
  readonly user_id: string | null;
  readonly anonymous_id: string | null;
  readonly session_key: string;
  readonly referrer: string | null;
  readonly user_agent: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Keys for `!{partitionKeyFromLambda:…}`; date parts are UTC and zero-padded. */
// A type alias, not an interface, so that it is assignable to Record<string, string>.
export type ClickPartitionKeys = {
  readonly event_type: string;
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
};

export type ClickEventResult =
  | { readonly kind: 'ok'; readonly event: NormalisedClickEvent; readonly partitionKeys: ClickPartitionKeys }
  | { readonly kind: 'bot'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly field: string; readonly rule: string };

export interface ClickEventColumn {
  readonly name: keyof NormalisedClickEvent;
  readonly redshiftType: string;
  readonly glueType: string;
}

// Column widths are the single source for both the table DDL and validation: a row that passes
// validation always fits its Redshift columns (VARCHAR(n) counts bytes, not characters).
const MAX_BYTES = {
  event_id: 256,
  event_type: 64,
  url: 8192,
  url_host: 255,
  url_path: 8192,
  // userId/anonymousId are capped at 256 characters; a character is at most 4 bytes in UTF-8.
  user_id: 1024,
  anonymous_id: 1024,
  session_key: 32,
  referrer: 8192,
  user_agent: 2048,
} as const;

const varchar = (name: keyof typeof MAX_BYTES): ClickEventColumn => ({
  name,
  redshiftType: `VARCHAR(${MAX_BYTES[name]})`,
  glueType: 'string',
});

/**
 * Output columns in order, for the Redshift COPY column list and the Glue table. `event_time` needs
 * COPY's `TIMEFORMAT 'auto'`; `properties` is a JSON object, loaded into SUPER (Redshift) or kept as
 * JSON text (Glue `string`).
 */
export const CLICK_EVENT_COLUMNS: readonly ClickEventColumn[] = Object.freeze([
  varchar('event_id'),
  varchar('event_type'),
  { name: 'event_time', redshiftType: 'TIMESTAMP', glueType: 'timestamp' },
  varchar('url'),
  varchar('url_host'),
  varchar('url_path'),
  varchar('user_id'),
  varchar('anonymous_id'),
  varchar('session_key'),
  varchar('referrer'),
  varchar('user_agent'),
  { name: 'properties', redshiftType: 'SUPER', glueType: 'string' },
]);

const MAX_ID_CHARS = 256;

/** Rule texts of `invalid` results, exported so callers and tests name them the same way. */
export const RULES = {
  utf8: 'must be UTF-8 encoded',
  json: 'must be valid JSON',
  object: 'must be a JSON object',
  required: 'is required',
  eventType: 'must be a string matching [A-Za-z0-9_.-]{1,64} after trimming',
  timestampFormat: 'must be an ISO-8601 string or epoch milliseconds',
  timestampDate: 'must be a valid date in years 0000-9999 UTC',
  url: 'must be an absolute http or https URL',
  visitor: 'userId or anonymousId is required',
  id: `must be a non-blank string of at most ${MAX_ID_CHARS} characters`,
  boolean: 'must be a boolean',
  string: 'must be a string',
  nonEmptyString: 'must be a non-empty string',
  maxBytes: (n: number, part?: string): string => `${part === undefined ? '' : `${part} `}must be at most ${n} bytes in UTF-8`,
} as const;

/** The field name used when the payload as a whole is unusable (not UTF-8, not JSON, not an object). */
export const RECORD_FIELD = 'record';

/**
 * Crawler tokens looked for in `userAgent`, case-insensitively. `bot` must end a word (Googlebot/,
 * AdsBot-Google, bingbot) so that "bottle" or "Both" do not match; "Cubot" (a phone brand) is excluded.
 * The others match anywhere (HeadlessChrome, Baiduspider, Yahoo! Slurp).
 */
export const BOT_USER_AGENT_TOKENS = ['bot', 'crawler', 'spider', 'slurp', 'headless'] as const;
export const BOT_USER_AGENT_PATTERN = /(?<!cu)bot(?![a-z])|crawler|spider|slurp|headless/i;

/** Decodes one record's bytes (strict UTF-8, one JSON value) and normalises it. */
export function parseClickEvent(data: Uint8Array): ClickEventResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return invalidResult(RECORD_FIELD, RULES.utf8);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the payload, so only the rule is reported.
    return invalidResult(RECORD_FIELD, RULES.json);
  }
  return normaliseClickEvent(json);
}

/**
 * Validates and normalises a parsed click event. Bot traffic is recognised before validation, so that
 * crawlers' malformed events are dropped instead of filling the error output. Validation reports the
 * first broken rule, in field order: eventType, timestamp, url, userId/anonymousId, then the optional
 * fields. `null` counts as absent for every field.
 */
export function normaliseClickEvent(input: unknown): ClickEventResult {
  if (!isPlainObject(input)) return invalidResult(RECORD_FIELD, RULES.object);
  const bot = botReason(input);
  if (bot !== undefined) return { kind: 'bot', reason: bot };
  const fields = parseFields(input);
  if (fields instanceof Invalid) return invalidResult(fields.field, fields.rule);
  const event = buildEvent(fields);
  return { kind: 'ok', event, partitionKeys: partitionKeysOf(event.event_type, event.event_time) };
}

/** One JSON Lines line: the stored form of a normalised event. */
export function formatClickEventLine(event: NormalisedClickEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * The Firehose record transform for clickstream: valid → `Ok` with one JSON line and partition keys,
 * bot → `Dropped`, invalid → `ProcessingFailed` with field and rule.
 */
export function transformClickRecord(data: Uint8Array): RecordOutcome {
  const result = parseClickEvent(data);
  switch (result.kind) {
    case 'ok':
      return { result: 'Ok', data: formatClickEventLine(result.event), partitionKeys: result.partitionKeys };
    case 'bot':
      return { result: 'Dropped', reason: result.reason };
    case 'invalid':
      return { result: 'ProcessingFailed', reason: { field: result.field, rule: result.rule } };
  }
}

// --- bot detection -------------------------------------------------------------------------------

function botReason(input: Record<string, unknown>): string | undefined {
  if (input.isBot === true) return 'isBot is true';
  if (typeof input.userAgent !== 'string') return undefined;
  const match = BOT_USER_AGENT_PATTERN.exec(input.userAgent);
  return match === null ? undefined : `userAgent contains crawler token "${match[0].toLowerCase()}"`;
}

// --- field parsing ---------------------------------------------------------------------------------

/** A failed check; a class so that it can never be confused with a parsed value. */
class Invalid {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {}
}

const invalidResult = (field: string, rule: string): ClickEventResult => ({ kind: 'invalid', field, rule });

interface ParsedUrl {
  readonly url: string;
  readonly host: string;
  readonly path: string;
}

interface ParsedFields {
  readonly eventType: string;
  readonly timeMs: number;
  readonly url: ParsedUrl;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly eventId: string | null;
  readonly sessionId: string | null;
  readonly referrer: string | null;
  readonly userAgent: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

function parseFields(input: Record<string, unknown>): ParsedFields | Invalid {
  const eventType = parseEventType(input.eventType);
  if (eventType instanceof Invalid) return eventType;
  const timeMs = parseTimestamp(input.timestamp);
  if (timeMs instanceof Invalid) return timeMs;
  const url = parseUrl(input.url);
  if (url instanceof Invalid) return url;
  const userId = optional(input, 'userId', parseId);
  if (userId instanceof Invalid) return userId;
  const anonymousId = optional(input, 'anonymousId', parseId);
  if (anonymousId instanceof Invalid) return anonymousId;
  if (userId === null && anonymousId === null) return new Invalid('userId|anonymousId', RULES.visitor);
  const rest = parseOptionalFields(input);
  if (rest instanceof Invalid) return rest;
  return { eventType, timeMs, url, userId, anonymousId, ...rest };
}

type OptionalFields = Pick<ParsedFields, 'eventId' | 'sessionId' | 'referrer' | 'userAgent' | 'properties'>;

function parseOptionalFields(input: Record<string, unknown>): OptionalFields | Invalid {
  const eventId = optional(input, 'eventId', boundedString(MAX_BYTES.event_id, false));
  if (eventId instanceof Invalid) return eventId;
  const sessionId = optional(input, 'sessionId', parseId);
  if (sessionId instanceof Invalid) return sessionId;
  const referrer = optional(input, 'referrer', boundedString(MAX_BYTES.referrer, true));
  if (referrer instanceof Invalid) return referrer;
  const userAgent = optional(input, 'userAgent', boundedString(MAX_BYTES.user_agent, true));
  if (userAgent instanceof Invalid) return userAgent;
  const isBot = optional(input, 'isBot', (v, field) => (typeof v === 'boolean' ? v : new Invalid(field, RULES.boolean)));
  if (isBot instanceof Invalid) return isBot;
  const properties = optional(input, 'properties', (v, field) => (isPlainObject(v) ? v : new Invalid(field, RULES.object)));
  if (properties instanceof Invalid) return properties;
  return { eventId, sessionId, referrer, userAgent, properties: properties ?? {} };
}

/** Absent (`undefined` or `null`) → null; present → the parser's verdict. */
function optional<T>(
  input: Record<string, unknown>,
  field: string,
  parse: (value: unknown, field: string) => T | Invalid,
): T | null | Invalid {
  const value = input[field];
  return value === undefined || value === null ? null : parse(value, field);
}

function required(value: unknown): boolean {
  return value !== undefined && value !== null;
}

const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

function parseEventType(value: unknown): string | Invalid {
  if (!required(value)) return new Invalid('eventType', RULES.required);
  const trimmed = typeof value === 'string' ? value.trim() : '';
  // The pattern is ASCII-only, so lower-casing cannot change the length or leave the pattern.
  return EVENT_TYPE_PATTERN.test(trimmed) ? trimmed.toLowerCase() : new Invalid('eventType', RULES.eventType);
}

function parseId(value: unknown, field: string): string | Invalid {
  if (typeof value !== 'string' || value.trim() === '' || [...value].length > MAX_ID_CHARS) return new Invalid(field, RULES.id);
  return value;
}

function boundedString(maxBytes: number, allowEmpty: boolean): (value: unknown, field: string) => string | Invalid {
  return (value, field) => {
    if (typeof value !== 'string') return new Invalid(field, RULES.string);
    if (!allowEmpty && value === '') return new Invalid(field, RULES.nonEmptyString);
    return utf8Length(value) <= maxBytes ? value : new Invalid(field, RULES.maxBytes(maxBytes));
  };
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// --- timestamp -------------------------------------------------------------------------------------

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the range whose ISO form is `YYYY-…Z`. */
const MIN_TIME_MS = -62167219200000;
const MAX_TIME_MS = 253402300799999;

/**
 * Extended ISO-8601 date-time: date, `T`, `HH:MM[:SS[.fraction]]`, then `Z`, `±HH`, `±HH:MM`, `±HHMM`
 * or nothing (UTC). A date alone is not a timestamp and is rejected. Fractions beyond milliseconds
 * are truncated.
 */
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function parseTimestamp(value: unknown): number | Invalid {
  if (!required(value)) return new Invalid('timestamp', RULES.required);
  const ms = typeof value === 'number' ? parseEpochMs(value) : typeof value === 'string' ? parseIso(value) : undefined;
  if (ms === undefined) return new Invalid('timestamp', RULES.timestampFormat);
  return Number.isNaN(ms) || ms < MIN_TIME_MS || ms > MAX_TIME_MS ? new Invalid('timestamp', RULES.timestampDate) : ms;
}

/** undefined: not epoch milliseconds; NaN never (range is checked by the caller). */
function parseEpochMs(value: number): number | undefined {
  return Number.isSafeInteger(value) ? value : undefined;
}

/** undefined: not ISO-8601; NaN: ISO-8601 shape but not a real date or time. */
function parseIso(text: string): number | undefined {
  const m = ISO_PATTERN.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offsetMinutes = parseOffset(m[8]);
  const valid =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
  if (!valid || offsetMinutes === undefined) return NaN;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

/** Minutes east of UTC; undefined for an out-of-range offset. */
function parseOffset(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

// --- url -----------------------------------------------------------------------------------------

/** Whitespace, control characters and backslashes: the WHATWG parser would silently repair them. */
const URL_FORBIDDEN = /[\u0000-\u0020\u007f\\]/;

function parseUrl(value: unknown): ParsedUrl | Invalid {
  if (!required(value)) return new Invalid('url', RULES.required);
  // The scheme check keeps out `http:example.com`, which WHATWG accepts as absolute.
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value) || URL_FORBIDDEN.test(value)) return new Invalid('url', RULES.url);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return new Invalid('url', RULES.url);
  }
  const host = parsed.hostname.toLowerCase();
  const path = parsed.pathname === '' ? '/' : parsed.pathname;
  return checkUrlWidths({ url: value, host, path });
}

function checkUrlWidths(url: ParsedUrl): ParsedUrl | Invalid {
  if (utf8Length(url.url) > MAX_BYTES.url) return new Invalid('url', RULES.maxBytes(MAX_BYTES.url));
  if (utf8Length(url.host) > MAX_BYTES.url_host) return new Invalid('url', RULES.maxBytes(MAX_BYTES.url_host, 'host'));
  // The path is percent-encoded by the parser, so it can be longer than the URL as given.
  if (utf8Length(url.path) > MAX_BYTES.url_path) return new Invalid('url', RULES.maxBytes(MAX_BYTES.url_path, 'path'));
  return url;
}

// --- building the row ----------------------------------------------------------------------------

const SESSION_BUCKET_MS = 30 * 60 * 1000;

function buildEvent(f: ParsedFields): NormalisedClickEvent {
  const eventTime = new Date(f.timeMs).toISOString();
  return {
    event_id: f.eventId,
    event_type: f.eventType,
    event_time: eventTime,
    url: f.url.url,
    url_host: f.url.host,
    url_path: f.url.path,
    user_id: f.userId,
    anonymous_id: f.anonymousId,
    session_key: sessionKey((f.userId ?? f.anonymousId) as string, f.sessionId, f.timeMs),
    referrer: f.referrer,
    user_agent: f.userAgent,
    properties: f.properties,
  };
}

/**
 * First 32 hex digits of SHA-256 of `visitor NUL session`. Without a sessionId the session is the
 * 30-minute UTC bucket of the event time, so events of one visit group together deterministically.
 */
export function sessionKey(visitor: string, sessionId: string | null, eventTimeMs: number): string {
  const session = sessionId ?? new Date(Math.floor(eventTimeMs / SESSION_BUCKET_MS) * SESSION_BUCKET_MS).toISOString();
  return createHash('sha256').update(`${visitor}\u0000${session}`, 'utf8').digest('hex').slice(0, 32);
}

/** Partition keys from an ISO event time `YYYY-MM-DDTHH:…Z`, already UTC and zero-padded. */
function partitionKeysOf(eventType: string, eventTime: string): ClickPartitionKeys {
  return {
    event_type: eventType,
    year: eventTime.slice(0, 4),
    month: eventTime.slice(5, 7),
    day: eventTime.slice(8, 10),
    hour: eventTime.slice(11, 13),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
