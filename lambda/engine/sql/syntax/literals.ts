/**
 * The text inside typed literals: `INTERVAL '1:30' HOUR TO MINUTE`, `TIMESTAMP '2024-01-01 00:00:00.5'`,
 * `DATE '...'`, `TIME '...'` and `U&'...'` strings. The parser validates them here so that a bad
 * literal is a syntax error at the literal, and the AST carries the value in the representation of
 * ../types.ts (epoch milliseconds, milliseconds of the day, Interval).
 *
 * Each function returns the value or a message (without position); the parser adds the position.
 */
import { Interval, MS_PER_DAY } from '../types';
import type { TimeUnit } from './tokens';
import { daysFromCivil, daysInMonth } from '../calendar';

export type LiteralResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): LiteralResult<T> => ({ ok: true, value });
const fail = <T>(message: string): LiteralResult<T> => ({ ok: false, message });

// ---------------------------------------------------------------------------------------------
// Intervals

/** The pairs SQL allows after `TO`: within year-month, or within day-time, most significant first. */
export function isValidIntervalRange(start: TimeUnit, end: TimeUnit): boolean {
  const order = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const a = order.indexOf(start);
  const b = order.indexOf(end);
  if (b <= a) return false;
  return start === 'YEAR' ? end === 'MONTH' : start !== 'MONTH';
}

const SECONDS = '(\\d+)(?:\\.(\\d*))?';
/** The shape of the text for each qualifier; the groups are the fields in order. */
const INTERVAL_SHAPES: Record<string, { readonly pattern: RegExp; readonly example: string }> = {
  YEAR: { pattern: /^(\d+)$/, example: 'Y' },
  MONTH: { pattern: /^(\d+)$/, example: 'M' },
  'YEAR TO MONTH': { pattern: /^(\d+)-(\d+)$/, example: 'Y-M' },
  DAY: { pattern: /^(\d+)$/, example: 'D' },
  HOUR: { pattern: /^(\d+)$/, example: 'H' },
  MINUTE: { pattern: /^(\d+)$/, example: 'M' },
  SECOND: { pattern: new RegExp(`^${SECONDS}$`), example: 'S[.fff]' },
  'DAY TO HOUR': { pattern: /^(\d+)\s+(\d+)$/, example: 'D H' },
  'DAY TO MINUTE': { pattern: /^(\d+)\s+(\d+):(\d+)$/, example: 'D H:M' },
  'DAY TO SECOND': { pattern: new RegExp(`^(\\d+)\\s+(\\d+):(\\d+):${SECONDS}$`), example: 'D H:M:S[.fff]' },
  'HOUR TO MINUTE': { pattern: /^(\d+):(\d+)$/, example: 'H:M' },
  'HOUR TO SECOND': { pattern: new RegExp(`^(\\d+):(\\d+):${SECONDS}$`), example: 'H:M:S[.fff]' },
  'MINUTE TO SECOND': { pattern: new RegExp(`^(\\d+):${SECONDS}$`), example: 'M:S[.fff]' },
};

/** Upper bound (exclusive) of a field that is not the leading one. */
const FIELD_LIMIT: Partial<Record<TimeUnit, number>> = { MONTH: 12, HOUR: 24, MINUTE: 60, SECOND: 60 };
const UNIT_MS: Record<TimeUnit, number> = { YEAR: 0, MONTH: 0, DAY: MS_PER_DAY, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 };
const ALL_UNITS: readonly TimeUnit[] = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];

/**
 * The value of an interval literal's text under its qualifier, e.g. ('1:30', HOUR, MINUTE) is 90
 * minutes. A sign may lead the text ('-2 04'); `outerSign` is the sign written before the quote.
 * Fields after the first must be in range (minutes < 60, ...); the first may be any size (we do not
 * enforce SQL's default leading precision of 2 digits, which KDA's own examples exceed).
 * Fractions of a second beyond milliseconds are truncated: TIMESTAMP and INTERVAL are millisecond types.
 */
export function parseIntervalText(text: string, start: TimeUnit, end: TimeUnit | undefined, outerSign: 1 | -1): LiteralResult<Interval> {
  const qualifier = end === undefined ? start : `${start} TO ${end}`;
  const shape = INTERVAL_SHAPES[qualifier];
  if (shape === undefined) return fail(`${qualifier} is not a valid interval qualifier`);
  let body = text.trim();
  let sign = outerSign;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body.startsWith('-')) sign = sign === 1 ? -1 : 1;
    body = body.slice(1).trimStart();
  }
  const m = shape.pattern.exec(body);
  if (m === null) return fail(`interval literal '${text}' does not match ${qualifier} (expected '${shape.example}')`);
  const units = ALL_UNITS.slice(ALL_UNITS.indexOf(start), ALL_UNITS.indexOf(end ?? start) + 1);
  const groups = m.slice(1);
  let months = 0;
  let millis = 0;
  for (const [index, unit] of units.entries()) {
    const digits = groups[index] ?? '0';
    const value = Number(digits);
    const limit = FIELD_LIMIT[unit];
    if (index > 0 && limit !== undefined && value >= limit) {
      return fail(`interval literal '${text}': ${unit} field ${digits} is out of range (0-${limit - 1})`);
    }
    if (unit === 'YEAR') months += value * 12;
    else if (unit === 'MONTH') months += value;
    else millis += value * UNIT_MS[unit];
  }
  if (units[units.length - 1] === 'SECOND') {
    const fraction = groups[units.length] ?? '';
    millis += Number(fraction.padEnd(3, '0').slice(0, 3));
  }
  const family = start === 'YEAR' || start === 'MONTH' ? 'YEAR_MONTH' : 'DAY_TIME';
  const amount = family === 'YEAR_MONTH' ? months : millis;
  if (!Number.isSafeInteger(amount)) return fail(`interval literal '${text}' is out of range`);
  return ok(new Interval(family, sign * amount));
}

// ---------------------------------------------------------------------------------------------
// Dates and times

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?$/;

function dateValue(text: string, y: string, mo: string, d: string): LiteralResult<number> {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return fail(`'${text}' has month ${mo}, which is not 1-12`);
  if (day < 1 || day > daysInMonth(year, month)) return fail(`'${text}' has day ${d}, which is not in ${y}-${mo.padStart(2, '0')}`);
  return ok(daysFromCivil(year, month, day) * MS_PER_DAY);
}

function timeValue(text: string, h: string, mi: string, s: string | undefined, f: string | undefined): LiteralResult<number> {
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (hour > 23) return fail(`'${text}' has hour ${h}, which is not 0-23`);
  if (minute > 59) return fail(`'${text}' has minute ${mi}, which is not 0-59`);
  if (second > 59) return fail(`'${text}' has second ${s ?? ''}, which is not 0-59`);
  const ms = Number((f ?? '').padEnd(3, '0').slice(0, 3));
  return ok(((hour * 60 + minute) * 60 + second) * 1000 + ms);
}

/** DATE 'yyyy-mm-dd' as epoch milliseconds of that day's UTC midnight. */
export function parseDateText(text: string): LiteralResult<number> {
  const m = DATE_RE.exec(text.trim());
  if (m === null) return fail(`DATE literal '${text}' is not 'yyyy-mm-dd'`);
  return dateValue(text, m[1] ?? '', m[2] ?? '', m[3] ?? '');
}

/** TIME 'hh:mm[:ss[.fff]]' as milliseconds since midnight. */
export function parseTimeText(text: string): LiteralResult<number> {
  const m = TIME_RE.exec(text.trim());
  if (m === null) return fail(`TIME literal '${text}' is not 'hh:mm:ss[.fff]'`);
  return timeValue(text, m[1] ?? '', m[2] ?? '', m[3], m[4]);
}

/** TIMESTAMP 'yyyy-mm-dd hh:mm[:ss[.fff]]' as epoch milliseconds, UTC. */
export function parseTimestampText(text: string): LiteralResult<number> {
  const parts = text.trim().split(/\s+/);
  const d = parts.length === 2 ? DATE_RE.exec(parts[0] ?? '') : null;
  const t = parts.length === 2 ? TIME_RE.exec(parts[1] ?? '') : null;
  if (d === null || t === null) return fail(`TIMESTAMP literal '${text}' is not 'yyyy-mm-dd hh:mm:ss[.fff]'`);
  const date = dateValue(text, d[1] ?? '', d[2] ?? '', d[3] ?? '');
  if (!date.ok) return date;
  const time = timeValue(text, t[1] ?? '', t[2] ?? '', t[3], t[4]);
  if (!time.ok) return time;
  return ok(date.value + time.value);
}

// ---------------------------------------------------------------------------------------------
// Unicode strings

/**
 * The value of a U&'...' string: `<esc>XXXX` is a UTF-16 code unit's worth of hex (one BMP character),
 * `<esc>+XXXXXX` any code point, `<esc><esc>` the escape character itself. The escape character is
 * `\` unless a UESCAPE clause names another (sqlref/sql-reference-expressions).
 */
export function decodeUnicodeString(body: string, escape: string): LiteralResult<string> {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    if (c !== escape) {
      out += c;
      i++;
      continue;
    }
    if (body[i + 1] === escape) {
      out += escape;
      i += 2;
      continue;
    }
    const long = body[i + 1] === '+';
    const digits = long ? body.slice(i + 2, i + 8) : body.slice(i + 1, i + 5);
    const want = long ? 6 : 4;
    if (digits.length !== want || !/^[0-9a-fA-F]+$/.test(digits)) {
      return fail(`bad Unicode escape '${body.slice(i, i + want + (long ? 2 : 1))}' (expected ${escape}XXXX or ${escape}+XXXXXX in hex)`);
    }
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff) return fail(`Unicode escape '${escape}+${digits}' is beyond U+10FFFF`);
    out += String.fromCodePoint(cp);
    i += want + (long ? 2 : 1);
  }
  return ok(out);
}

/** UESCAPE takes one character that cannot be confused with the escapes' own syntax. */
export function checkUescapeChar(value: string): string | undefined {
  if (Array.from(value).length !== 1) return `UESCAPE needs exactly one character, not '${value}'`;
  if (/^[0-9a-fA-F+'"\s]$/u.test(value)) return `'${value}' cannot be the UESCAPE character`;
  return undefined;
}
