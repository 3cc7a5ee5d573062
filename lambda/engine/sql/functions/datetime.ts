/**
 * Date, time and interval building blocks for the Kinesis Data Analytics SQL engine.
 *
 * Runtime values (types.ts): TIMESTAMP = epoch ms (UTC), DATE = epoch ms of the UTC midnight,
 * TIME = ms since midnight, INTERVAL = Interval (DAY_TIME: ms, YEAR_MONTH: months). Calendar
 * arithmetic is proleptic Gregorian in UTC (UNCONFIRMED for dates before 1582-10-15, where Java's
 * java.sql.Timestamp switches to the Julian calendar).
 *
 * Sources (sqlref/ = docs.aws.amazon.com/kinesisanalytics/latest/sqlref/):
 * - sqlref/sql-reference-floor, -ceil: FLOOR/CEIL(ts TO unit) examples.
 * - sqlref/sql-reference-step: STEP(ts BY interval) is epoch-aligned; "the largest value equal to or smaller".
 * - sqlref/sql-reference-date-timestamp-interval (SQLstream "Date, Timestamp, and Interval Operators"):
 *   interval ± interval, datetime ± interval, (datetime - datetime) <qualifier>, interval * number,
 *   interval / number, and the examples INTERVAL '1' DAY - INTERVAL '3 4' DAY TO HOUR = '-2 04' …
 * - sqlref/sql-reference-abs: CAST(ABS(INTERVAL '-3 4:20' DAY TO MINUTE) AS VARCHAR(8)) = '+3 04:20'
 *   (the text form of intervals).
 * - sqlref/sql-reference-tsdiff, -unix-timestamp, -to-timestamp: milliseconds since the epoch as BIGINT.
 * - sqlref/sql-reference-data-types: "Day-time intervals supported, year-month intervals not supported";
 *   YEAR/MONTH intervals are implemented anyway because the STEP, FLOOR and interval operator pages use them.
 */
import { Decimal, Interval, MS_PER_DAY, SqlType, SqlTypeName, SqlValue } from '../types';
import { civilFromDays, daysFromCivil, daysInMonth } from '../calendar';
import {
  SqlRuntimeError,
  SqlRuntimeErrorName,
  SqlTypeError,
  divideRounded,
  divisionByZero,
  integerToBigInt,
  isApproxType,
  isIntegerType,
  isNumericType,
  toDecimal,
} from './numeric';

// ---------------------------------------------------------------------------------------------
// Units and interval qualifiers

export type TimeUnit = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

const UNIT_ORDER: Readonly<Record<TimeUnit, number>> = { YEAR: 0, MONTH: 1, DAY: 2, HOUR: 3, MINUTE: 4, SECOND: 5 };

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_SECOND = 1_000;

/** Milliseconds in one day-time unit. */
export const UNIT_MS: Readonly<Record<'DAY' | 'HOUR' | 'MINUTE' | 'SECOND', number>> = {
  DAY: MS_PER_DAY,
  HOUR: MS_PER_HOUR,
  MINUTE: MS_PER_MINUTE,
  SECOND: MS_PER_SECOND,
};

/** `INTERVAL '…' start [(precision)] [TO end [(fractional precision)]]`. */
export interface IntervalQualifier {
  readonly start: TimeUnit;
  /** Omitted for a single-field qualifier. */
  readonly end?: TimeUnit;
  /** Leading field precision, e.g. DAY(3). When omitted no limit is enforced (UNCONFIRMED: SQL's default is 2). */
  readonly leadingPrecision?: number;
  /** Digits of fractional seconds; 0 drops milliseconds. Omitted = keep milliseconds. */
  readonly fractionalPrecision?: number;
}

/**
 * An INTERVAL SqlType that also carries its qualifier. types.ts has no field for it, so the analyzer
 * attaches `qualifier` to INTERVAL types; functions that need it (formatting, CAST to a number) read it
 * from here and fall back to DAY TO SECOND / YEAR TO MONTH.
 */
export interface IntervalSqlType extends SqlType {
  readonly qualifier?: IntervalQualifier;
}

export function intervalFamily(q: IntervalQualifier): 'DAY_TIME' | 'YEAR_MONTH' {
  return q.start === 'YEAR' || q.start === 'MONTH' ? 'YEAR_MONTH' : 'DAY_TIME';
}

function validateQualifier(q: IntervalQualifier): void {
  const end = q.end ?? q.start;
  if (UNIT_ORDER[end] < UNIT_ORDER[q.start]) throw new SqlTypeError(`Invalid interval qualifier ${qualifierText(q)}`);
  if (intervalFamily(q) === 'YEAR_MONTH' && (end !== 'YEAR' && end !== 'MONTH')) {
    throw new SqlTypeError(`Invalid interval qualifier ${qualifierText(q)}`);
  }
}

export function qualifierText(q: IntervalQualifier): string {
  const start = q.leadingPrecision !== undefined ? `${q.start}(${q.leadingPrecision})` : q.start;
  if (q.end === undefined || q.end === q.start) return start;
  return `${start} TO ${q.end}`;
}

/** The SqlType of an interval with this qualifier. */
export function intervalType(qualifier: IntervalQualifier, nullable = true): IntervalSqlType {
  validateQualifier(qualifier);
  return { name: 'INTERVAL', interval: intervalFamily(qualifier), qualifier, nullable };
}

/** The qualifier of an INTERVAL type, defaulting to DAY TO SECOND or YEAR TO MONTH by family. */
export function qualifierOf(type: SqlType): IntervalQualifier {
  const q = (type as IntervalSqlType).qualifier;
  if (q) return q;
  return type.interval === 'YEAR_MONTH' ? { start: 'YEAR', end: 'MONTH' } : { start: 'DAY', end: 'SECOND' };
}

/** The qualifier spanning both (for interval + interval: DAY and DAY TO HOUR give DAY TO HOUR). */
export function unionQualifier(a: IntervalQualifier, b: IntervalQualifier): IntervalQualifier {
  const start = UNIT_ORDER[a.start] <= UNIT_ORDER[b.start] ? a.start : b.start;
  const aEnd = a.end ?? a.start;
  const bEnd = b.end ?? b.start;
  const end = UNIT_ORDER[aEnd] >= UNIT_ORDER[bEnd] ? aEnd : bEnd;
  const q: { start: TimeUnit; end?: TimeUnit } = { start };
  if (end !== start) q.end = end;
  return q;
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (UTC, proleptic Gregorian)

/** Floor division for numbers (Java's Math.floorDiv). */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Floor modulo for numbers (Java's Math.floorMod). */
export function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

export { civilFromDays, daysFromCivil, daysInMonth, isLeapYear } from '../calendar';

export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The UTC calendar fields of epoch milliseconds. */
export function fieldsFromMillis(ms: number): DateTimeFields {
  const days = floorDiv(ms, MS_PER_DAY);
  const timeOfDay = ms - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(timeOfDay / MS_PER_HOUR),
    minute: Math.floor((timeOfDay % MS_PER_HOUR) / MS_PER_MINUTE),
    second: Math.floor((timeOfDay % MS_PER_MINUTE) / MS_PER_SECOND),
    millisecond: timeOfDay % MS_PER_SECOND,
  };
}

export function millisFromFields(f: DateTimeFields): number {
  return (
    daysFromCivil(f.year, f.month, f.day) * MS_PER_DAY +
    f.hour * MS_PER_HOUR +
    f.minute * MS_PER_MINUTE +
    f.second * MS_PER_SECOND +
    f.millisecond
  );
}

/** Adds months to epoch milliseconds, clamping the day to the end of the month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(ms: number, months: number): number {
  const days = floorDiv(ms, MS_PER_DAY);
  const timeOfDay = ms - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const total = year * 12 + (month - 1) + months;
  const y = floorDiv(total, 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m))) * MS_PER_DAY + timeOfDay;
}

// ---------------------------------------------------------------------------------------------
// Datetime literals and their text form

const pad = (n: number, width = 2): string => {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
};

function fractionText(ms: number): string {
  return ms === 0 ? '' : `.${pad(ms, 3)}`;
}

/** 'yyyy-MM-dd' */
export function formatDate(ms: number): string {
  const { year, month, day } = civilFromDays(floorDiv(ms, MS_PER_DAY));
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** 'HH:mm:ss' plus '.SSS' when the milliseconds are not zero (UNCONFIRMED: KDA's exact text form). */
export function formatTime(ms: number): string {
  const f = fieldsFromMillis(floorMod(ms, MS_PER_DAY));
  return `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${fractionText(f.millisecond)}`;
}

/** 'yyyy-MM-dd HH:mm:ss' plus '.SSS' when the milliseconds are not zero (UNCONFIRMED, as formatTime). */
export function formatTimestamp(ms: number): string {
  return `${formatDate(ms)} ${formatTime(floorMod(ms, MS_PER_DAY))}`;
}

type ParseResult = { ok: true; value: number } | { ok: false; message: string };

function parseDatePart(text: string): ParseResult {
  const m = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!m) return { ok: false, message: `'${text}' is not a date of the form yyyy-MM-dd` };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `'${text}' is not a valid date` };
  }
  return { ok: true, value: daysFromCivil(year, month, day) * MS_PER_DAY };
}

function parseTimePart(text: string): ParseResult {
  const m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) return { ok: false, message: `'${text}' is not a time of the form HH:mm:ss[.SSS]` };
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3]);
  // Fractions beyond milliseconds are truncated (TIMESTAMP has millisecond precision).
  const ms = m[4] === undefined ? 0 : Number(m[4].slice(0, 3).padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, message: `'${text}' is not a valid time` };
  return { ok: true, value: hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND + ms };
}

function parseTimestampText(text: string): ParseResult {
  const m = /^(\S+)\s+(\S+)$/.exec(text.trim());
  if (!m) return { ok: false, message: `'${text}' is not a timestamp of the form yyyy-MM-dd HH:mm:ss[.SSS]` };
  const date = parseDatePart(m[1] ?? '');
  if (!date.ok) return { ok: false, message: `'${text}' is not a valid timestamp: ${date.message}` };
  const time = parseTimePart(m[2] ?? '');
  if (!time.ok) return { ok: false, message: `'${text}' is not a valid timestamp: ${time.message}` };
  return { ok: true, value: date.value + time.value };
}

function runtime(result: ParseResult, name: SqlRuntimeErrorName = 'INVALID_CHARACTER_VALUE_FOR_CAST'): number {
  if (!result.ok) throw new SqlRuntimeError(name, result.message);
  return result.value;
}

function literal(result: ParseResult): number {
  if (!result.ok) throw new SqlTypeError(result.message);
  return result.value;
}

/**
 * Parses CAST(text AS TIMESTAMP) input: 'yyyy-MM-dd HH:mm:ss[.fraction]' after trimming spaces, with
 * 1–2 digit month/day/hour/minute/second, fraction truncated to milliseconds. Invalid text or an
 * impossible date raises INVALID_CHARACTER_VALUE_FOR_CAST. A date without a time is rejected
 * (UNCONFIRMED; CHAR_TO_TIMESTAMP is the documented way to parse other layouts).
 */
export function parseTimestampString(text: string): number {
  return runtime(parseTimestampText(text));
}

/** Parses CAST(text AS DATE) input 'yyyy-MM-dd' (trimmed). */
export function parseDateString(text: string): number {
  return runtime(parseDatePart(text.trim()));
}

/** Parses CAST(text AS TIME) input 'HH:mm:ss[.fraction]' (trimmed). */
export function parseTimeString(text: string): number {
  return runtime(parseTimePart(text.trim()));
}

/** TIMESTAMP 'yyyy-MM-dd HH:mm:ss[.SSS]' literal → epoch ms; a malformed literal is a SqlTypeError. */
export function parseTimestampLiteral(text: string): number {
  return literal(parseTimestampText(text));
}

/** DATE 'yyyy-MM-dd' literal → epoch ms of that UTC midnight. */
export function parseDateLiteral(text: string): number {
  return literal(parseDatePart(text.trim()));
}

/** TIME 'HH:mm:ss[.SSS]' literal → ms since midnight. */
export function parseTimeLiteral(text: string): number {
  return literal(parseTimePart(text.trim()));
}

// ---------------------------------------------------------------------------------------------
// Interval literals and their text form

type IntervalParse = { ok: true; value: Interval } | { ok: false; message: string };

/** The text layout of each qualifier (SQL:2008 5.3 <interval literal>). */
function intervalPattern(start: TimeUnit, end: TimeUnit): { regex: RegExp; units: TimeUnit[] } {
  const units = (Object.keys(UNIT_ORDER) as TimeUnit[]).filter((u) => UNIT_ORDER[u] >= UNIT_ORDER[start] && UNIT_ORDER[u] <= UNIT_ORDER[end]);
  if (start === 'YEAR' && end === 'MONTH') return { regex: /^(\d+)-(\d+)$/, units };
  let source = '^';
  units.forEach((u, i) => {
    if (i > 0) source += u === 'HOUR' && units[i - 1] === 'DAY' ? ' +' : ':';
    source += u === 'SECOND' ? '(\\d+)(?:\\.(\\d*))?' : '(\\d+)';
  });
  return { regex: new RegExp(`${source}$`), units };
}

const FIELD_LIMIT: Readonly<Record<TimeUnit, number>> = { YEAR: Infinity, MONTH: 11, DAY: Infinity, HOUR: 23, MINUTE: 59, SECOND: 59 };

function parseInterval(text: string, q: IntervalQualifier, sign: 1 | -1): IntervalParse {
  validateQualifier(q);
  const end = q.end ?? q.start;
  let body = text.trim();
  let negative = sign < 0;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body.startsWith('-')) negative = !negative;
    body = body.slice(1).trim();
  }
  const { regex, units } = intervalPattern(q.start, end);
  const m = regex.exec(body);
  if (!m) return { ok: false, message: `Illegal interval literal format '${text}' for INTERVAL ${qualifierText(q)}` };
  let total = 0;
  let fraction = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as TimeUnit;
    const value = Number(m[i + 1]);
    if (i === 0) {
      const digits = (m[1] ?? '').replace(/^0+(?=\d)/, '').length;
      if (q.leadingPrecision !== undefined && digits > q.leadingPrecision) {
        return { ok: false, message: `Interval field value ${value} exceeds precision of ${unit}(${q.leadingPrecision}) field` };
      }
    } else if (value > FIELD_LIMIT[unit]) {
      return { ok: false, message: `Illegal interval literal '${text}': ${unit} field ${value} is out of range` };
    }
    if (unit === 'SECOND') {
      const frac = m[i + 2];
      if (frac !== undefined && frac !== '') {
        if (q.fractionalPrecision !== undefined && frac.length > q.fractionalPrecision) {
          return { ok: false, message: `Illegal interval literal '${text}': more than ${q.fractionalPrecision} fractional digits` };
        }
        fraction = Number(frac.slice(0, 3).padEnd(3, '0'));
      }
    }
    total += unit === 'YEAR' ? value * 12 : unit === 'MONTH' ? value : value * UNIT_MS[unit];
  }
  total += fraction;
  if (!Number.isSafeInteger(total)) return { ok: false, message: `Interval literal '${text}' is too large` };
  const amount = negative ? -total : total;
  return { ok: true, value: new Interval(intervalFamily(q), amount === 0 ? 0 : amount) };
}

/**
 * The Interval of a literal `INTERVAL [sign] 'text' qualifier`: INTERVAL '1:30' HOUR TO MINUTE
 * (90 minutes), INTERVAL '-2' DAY, INTERVAL '3-4' YEAR TO MONTH (40 months), INTERVAL '5.25' SECOND.
 * `sign` is the sign written before the quote. Layouts: 'y-m', 'd h', 'd h:m', 'd h:m:s.f', 'h:m',
 * 'h:m:s.f', 'm:s.f'; non-leading fields must be in range (hours ≤ 23, minutes and seconds ≤ 59,
 * months ≤ 11). A malformed literal is a SqlTypeError.
 */
export function parseIntervalLiteral(text: string, qualifier: IntervalQualifier, sign: 1 | -1 = 1): Interval {
  const r = parseInterval(text, qualifier, sign);
  if (!r.ok) throw new SqlTypeError(r.message);
  return r.value;
}

/** As parseIntervalLiteral, for CAST(text AS INTERVAL …) at run time: INVALID_CHARACTER_VALUE_FOR_CAST. */
export function parseIntervalString(text: string, qualifier: IntervalQualifier): Interval {
  const r = parseInterval(text, qualifier, 1);
  if (!r.ok) throw new SqlRuntimeError('INVALID_CHARACTER_VALUE_FOR_CAST', r.message);
  return r.value;
}

/**
 * The text form of an interval under a qualifier, as KDA prints it (sqlref/sql-reference-abs:
 * '+3 04:20' for DAY TO MINUTE; sqlref date/interval operators: '+4 04' DAY TO HOUR, '-2 04',
 * '+4-04' YEAR TO MONTH): a sign, the leading field unpadded, later fields on two digits, seconds
 * with '.SSS' when there are milliseconds (UNCONFIRMED). Lower fields than the qualifier's end are dropped.
 */
export function formatInterval(interval: Interval, qualifier: IntervalQualifier): string {
  const end = qualifier.end ?? qualifier.start;
  const negative = interval.amount < 0;
  let rest = Math.abs(interval.amount);
  const sign = negative ? '-' : '+';
  if (interval.family === 'YEAR_MONTH') {
    if (qualifier.start === 'YEAR') {
      const years = Math.floor(rest / 12);
      return end === 'MONTH' ? `${sign}${years}-${pad(rest % 12)}` : `${sign}${years}`;
    }
    return `${sign}${rest}`;
  }
  const units = (['DAY', 'HOUR', 'MINUTE', 'SECOND'] as const).filter(
    (u) => UNIT_ORDER[u] >= UNIT_ORDER[qualifier.start] && UNIT_ORDER[u] <= UNIT_ORDER[end],
  );
  let text = sign;
  units.forEach((u, i) => {
    const isLast = i === units.length - 1;
    const value = Math.floor(rest / UNIT_MS[u]);
    rest -= value * UNIT_MS[u];
    if (i > 0) text += u === 'HOUR' ? ' ' : ':';
    text += i === 0 ? String(value) : pad(value);
    if (isLast && u === 'SECOND' && rest !== 0 && qualifier.fractionalPrecision !== 0) text += `.${pad(rest, 3)}`;
  });
  return text;
}

// ---------------------------------------------------------------------------------------------
// Datetime and interval arithmetic

export type DatetimeTypeName = 'TIMESTAMP' | 'DATE' | 'TIME';

export function isDatetimeType(t: SqlType | SqlTypeName): boolean {
  const n = typeof t === 'string' ? t : t.name;
  return n === 'TIMESTAMP' || n === 'DATE' || n === 'TIME';
}

function truncateToUnit(ms: number, unitMs: number): number {
  return Math.trunc(ms / unitMs) * unitMs;
}

/**
 * datetime ± interval. TIMESTAMP: milliseconds or months (day clamped to the month's end). DATE: a
 * day-time interval counts whole days only (Calcite's rule; INTERVAL '25' HOUR adds one day), a
 * year-month one adds months. TIME: wraps around midnight; a year-month interval is a SqlTypeError.
 */
export function addInterval(value: number | null, type: SqlType, interval: Interval | null, sign: 1 | -1 = 1): number | null {
  if (!isDatetimeType(type)) throw new SqlTypeError(`Cannot add an interval to ${type.name}`);
  if (type.name === 'TIME' && interval?.family === 'YEAR_MONTH') throw new SqlTypeError('Cannot add a year-month interval to TIME');
  if (value === null || interval === null) return null;
  const amount = sign * interval.amount;
  if (interval.family === 'YEAR_MONTH') return addMonths(value, amount);
  switch (type.name) {
    case 'DATE':
      return value + truncateToUnit(amount, MS_PER_DAY);
    case 'TIME':
      return floorMod(value + amount, MS_PER_DAY);
    default:
      return value + amount;
  }
}

/** Whole months from b to a (a - b), truncated toward zero, comparing day-of-month and time of day. */
export function monthsBetween(a: number, b: number): number {
  const fa = fieldsFromMillis(a);
  const fb = fieldsFromMillis(b);
  let months = fa.year * 12 + fa.month - (fb.year * 12 + fb.month);
  const restA = (fa.day - 1) * MS_PER_DAY + (a - floorDiv(a, MS_PER_DAY) * MS_PER_DAY);
  const restB = (fb.day - 1) * MS_PER_DAY + (b - floorDiv(b, MS_PER_DAY) * MS_PER_DAY);
  if (months > 0 && restA < restB) months -= 1;
  else if (months < 0 && restA > restB) months += 1;
  return months;
}

/**
 * `(a - b) <qualifier>`: the difference of two datetimes as an interval of the qualifier
 * (sqlref date/interval operators: "(datetime - datetime) <interval qualifier> = interval").
 * Day-time qualifiers truncate toward zero to the end unit (SECOND keeps milliseconds unless its
 * fractional precision is 0); YEAR/MONTH count whole months (YEAR: whole years). Without a
 * qualifier the exact difference is returned as DAY TO SECOND.
 */
export function datetimeMinus(
  a: number | null,
  aType: SqlType,
  b: number | null,
  bType: SqlType,
  qualifier: IntervalQualifier = { start: 'DAY', end: 'SECOND' },
): Interval | null {
  datetimeMinusCheck(aType, bType, qualifier);
  if (a === null || b === null) return null;
  const end = qualifier.end ?? qualifier.start;
  if (intervalFamily(qualifier) === 'YEAR_MONTH') {
    const months = monthsBetween(a, b);
    return new Interval('YEAR_MONTH', end === 'YEAR' ? Math.trunc(months / 12) * 12 : months);
  }
  const diff = a - b;
  const unitMs = end === 'SECOND' ? (qualifier.fractionalPrecision === 0 ? MS_PER_SECOND : 1) : UNIT_MS[end as 'DAY' | 'HOUR' | 'MINUTE'];
  return new Interval('DAY_TIME', truncateToUnit(diff, unitMs) || 0);
}

/** Checks the operand types of `(a - b) qualifier`: both DATE/TIMESTAMP, or both TIME (then no year-month). */
export function datetimeMinusCheck(aType: SqlType, bType: SqlType, qualifier: IntervalQualifier): void {
  validateQualifier(qualifier);
  const ok =
    (aType.name === 'TIME' && bType.name === 'TIME' && intervalFamily(qualifier) === 'DAY_TIME') ||
    ((aType.name === 'DATE' || aType.name === 'TIMESTAMP') && (bType.name === 'DATE' || bType.name === 'TIMESTAMP'));
  if (!ok) throw new SqlTypeError(`Cannot subtract ${bType.name} from ${aType.name} as INTERVAL ${qualifierText(qualifier)}`);
}

/** interval ± interval (same family; a SqlTypeError otherwise). */
export function addIntervals(a: Interval | null, b: Interval | null, sign: 1 | -1 = 1): Interval | null {
  if (a === null || b === null) return null;
  if (a.family !== b.family) throw new SqlTypeError('Cannot combine a year-month interval with a day-time interval');
  return new Interval(a.family, a.amount + sign * b.amount || 0);
}

export function negateInterval(a: Interval | null): Interval | null {
  return a === null ? null : new Interval(a.family, -a.amount || 0);
}

/** ABS(interval) (sqlref/sql-reference-abs: ABS(INTERVAL '-3 4:20' DAY TO MINUTE) = INTERVAL '3 4:20' DAY TO MINUTE). */
export function absInterval(a: Interval | null): Interval | null {
  return a === null ? null : new Interval(a.family, Math.abs(a.amount));
}

function scaledAmount(amount: number, factor: SqlValue, factorType: SqlType, divide: boolean): number {
  if (!isNumericType(factorType)) throw new SqlTypeError(`Cannot multiply or divide an interval by ${factorType.name}`);
  if (isIntegerType(factorType)) {
    const f = integerToBigInt(factor as number | bigint);
    if (divide) {
      if (f === 0n) throw divisionByZero();
      return Number(BigInt(amount) / f) || 0;
    }
    return Number(BigInt(amount) * f) || 0;
  }
  if (isApproxType(factorType)) {
    const f = factor as number;
    if (divide && f === 0) throw divisionByZero();
    return Math.trunc(divide ? amount / f : amount * f) || 0;
  }
  const d = toDecimal(factor, factorType);
  if (divide) {
    if (d.unscaled === 0n) throw divisionByZero();
    return Number(divideRounded(BigInt(amount) * 10n ** BigInt(d.scale), d.unscaled, 'DOWN')) || 0;
  }
  return Number(divideRounded(BigInt(amount) * d.unscaled, 10n ** BigInt(d.scale), 'DOWN')) || 0;
}

/**
 * interval * number and number * interval (sqlref: 2 * INTERVAL '3 4' DAY TO HOUR = INTERVAL '6 8' DAY TO HOUR).
 * A fractional product is truncated toward zero to whole milliseconds or months (UNCONFIRMED).
 */
export function multiplyInterval(interval: Interval | null, factor: SqlValue, factorType: SqlType): Interval | null {
  if (interval === null || factor === null) return null;
  return new Interval(interval.family, scaledAmount(interval.amount, factor, factorType, false));
}

/**
 * interval / number (sqlref: INTERVAL '3 4' DAY TO HOUR / 2 = 1 day 14 hours), truncated toward zero
 * to whole milliseconds or months; dividing by zero raises DIVISION_BY_ZERO.
 */
export function divideInterval(interval: Interval | null, divisor: SqlValue, divisorType: SqlType): Interval | null {
  if (interval === null || divisor === null) return null;
  return new Interval(interval.family, scaledAmount(interval.amount, divisor, divisorType, true));
}

// ---------------------------------------------------------------------------------------------
// FLOOR / CEIL / STEP

function checkUnitFor(type: SqlType, unit: TimeUnit, fn: string): void {
  if (!isDatetimeType(type)) throw new SqlTypeError(`${fn}(… TO ${unit}) needs a DATE, TIME or TIMESTAMP, not ${type.name}`);
}

/**
 * FLOOR(datetime TO unit): the largest value ≤ the input at the unit's precision
 * (sqlref/sql-reference-floor: FLOOR(TIMESTAMP '2004-09-30 13:48:23' TO HOUR) = '2004-09-30 13:00:00').
 * DATE below DAY and TIME above HOUR are unchanged / midnight.
 */
export function floorDatetime(value: number | null, type: SqlType, unit: TimeUnit): number | null {
  checkUnitFor(type, unit, 'FLOOR');
  if (value === null) return null;
  if (type.name === 'TIME') {
    if (unit === 'YEAR' || unit === 'MONTH' || unit === 'DAY') return 0;
    return floorDiv(value, UNIT_MS[unit]) * UNIT_MS[unit];
  }
  switch (unit) {
    case 'YEAR':
    case 'MONTH': {
      const f = fieldsFromMillis(value);
      return daysFromCivil(f.year, unit === 'YEAR' ? 1 : f.month, 1) * MS_PER_DAY;
    }
    default:
      return floorDiv(value, UNIT_MS[unit]) * UNIT_MS[unit];
  }
}

/**
 * CEIL / CEILING(datetime TO unit): the smallest value ≥ the input at the unit's precision
 * (sqlref/sql-reference-ceil: CEIL(TIMESTAMP '2004-09-30 13:48:23' TO DAY) = '2004-10-01 00:00:00').
 * On TIME, a value that rounds up to 24:00 wraps to 00:00 (UNCONFIRMED).
 */
export function ceilDatetime(value: number | null, type: SqlType, unit: TimeUnit): number | null {
  checkUnitFor(type, unit, 'CEIL');
  if (value === null) return null;
  const f = floorDatetime(value, type, unit) as number;
  if (f === value) return value;
  if (type.name === 'TIME') {
    if (unit === 'YEAR' || unit === 'MONTH' || unit === 'DAY') return 0;
    return floorMod(f + UNIT_MS[unit], MS_PER_DAY);
  }
  if (unit === 'YEAR') return addMonths(f, 12);
  if (unit === 'MONTH') return addMonths(f, 1);
  return f + UNIT_MS[unit];
}

/**
 * FLOOR(interval TO unit), as in kda-sql.md's `FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND / 10 TO SECOND)`:
 * the largest multiple of the unit ≤ the interval (YEAR on a year-month interval: multiples of 12 months).
 */
export function floorInterval(value: Interval | null, unit: TimeUnit): Interval | null {
  return roundInterval(value, unit, 'FLOOR');
}

/** CEIL(interval TO unit): the smallest multiple of the unit ≥ the interval. */
export function ceilInterval(value: Interval | null, unit: TimeUnit): Interval | null {
  return roundInterval(value, unit, 'CEILING');
}

function roundInterval(value: Interval | null, unit: TimeUnit, mode: 'FLOOR' | 'CEILING'): Interval | null {
  if (value === null) return null;
  const yearMonthUnit = unit === 'YEAR' || unit === 'MONTH';
  if ((value.family === 'YEAR_MONTH') !== yearMonthUnit) {
    throw new SqlTypeError(`Cannot round a ${value.family === 'YEAR_MONTH' ? 'year-month' : 'day-time'} interval to ${unit}`);
  }
  const size = unit === 'YEAR' ? 12 : unit === 'MONTH' ? 1 : UNIT_MS[unit];
  const q = mode === 'FLOOR' ? Math.floor(value.amount / size) : Math.ceil(value.amount / size);
  return new Interval(value.family, q * size || 0);
}

/**
 * STEP(datetime BY interval): epoch-aligned flooring to a multiple of the interval
 * (sqlref/sql-reference-step: "(<datetime> - timestamp '1970-01-01 00:00:00') / <interval> * <interval>
 * + timestamp '1970-01-01 00:00:00'", returning "the largest value equal to or smaller than the input").
 * A year-month interval counts months since 1970-01. The interval must be positive (INVALID_ARGUMENT otherwise).
 */
export function stepDatetime(value: number | null, type: SqlType, by: Interval | null): number | null {
  if (!isDatetimeType(type)) throw new SqlTypeError(`STEP needs a DATE, TIME or TIMESTAMP, not ${type.name}`);
  if (value === null || by === null) return null;
  if (by.amount <= 0) throw new SqlRuntimeError('INVALID_ARGUMENT', 'STEP interval must be positive');
  if (by.family === 'YEAR_MONTH') {
    if (type.name === 'TIME') return 0;
    const f = fieldsFromMillis(value);
    const monthIndex = (f.year - 1970) * 12 + (f.month - 1);
    const stepped = floorDiv(monthIndex, by.amount) * by.amount;
    return addMonths(0, stepped);
  }
  return floorDiv(value, by.amount) * by.amount;
}

// ---------------------------------------------------------------------------------------------
// EXTRACT and the millisecond conversions

/**
 * Result type of EXTRACT: BIGINT for every field except SECOND, which is DECIMAL(5,3) and includes the
 * milliseconds (SQLstream's documented rule; UNCONFIRMED on KDA). DATE has no HOUR/MINUTE/SECOND and
 * TIME no YEAR/MONTH/DAY (SqlTypeError).
 */
export function extractResultType(unit: TimeUnit, type: SqlType): SqlType {
  const timeUnit = unit === 'HOUR' || unit === 'MINUTE' || unit === 'SECOND';
  if (type.name === 'DATE' && timeUnit) throw new SqlTypeError(`Cannot extract ${unit} from a DATE`);
  if (type.name === 'TIME' && !timeUnit) throw new SqlTypeError(`Cannot extract ${unit} from a TIME`);
  if (type.name === 'INTERVAL') {
    const ym = type.interval === 'YEAR_MONTH';
    if (ym !== (unit === 'YEAR' || unit === 'MONTH')) throw new SqlTypeError(`Cannot extract ${unit} from a ${ym ? 'year-month' : 'day-time'} interval`);
  } else if (!isDatetimeType(type)) {
    throw new SqlTypeError(`Cannot extract ${unit} from ${type.name}`);
  }
  return unit === 'SECOND'
    ? { name: 'DECIMAL', precision: 5, scale: 3, nullable: type.nullable }
    : { name: 'BIGINT', nullable: type.nullable };
}

/**
 * EXTRACT(unit FROM datetime | interval). From a datetime: the UTC calendar field. From an interval
 * (Calcite's rule): DAY is the whole number of days, HOUR/MINUTE/SECOND the field within its larger
 * unit (an interval of 50 hours gives HOUR 2), YEAR the whole years and MONTH the months within the
 * year; the sign of a negative interval is kept on every field.
 */
export function extract(unit: TimeUnit, value: SqlValue, type: SqlType): bigint | Decimal | null {
  extractResultType(unit, type);
  if (value === null) return null;
  if (value instanceof Interval) {
    const sign = value.amount < 0 ? -1 : 1;
    const a = Math.abs(value.amount);
    let field: number;
    switch (unit) {
      case 'YEAR':
        field = Math.floor(a / 12);
        break;
      case 'MONTH':
        field = a % 12;
        break;
      case 'DAY':
        field = Math.floor(a / MS_PER_DAY);
        break;
      case 'HOUR':
        field = Math.floor(a / MS_PER_HOUR) % 24;
        break;
      case 'MINUTE':
        field = Math.floor(a / MS_PER_MINUTE) % 60;
        break;
      case 'SECOND':
        return new Decimal(BigInt(sign * (a % MS_PER_MINUTE)), 3);
    }
    return BigInt(sign * field) || 0n;
  }
  const f = fieldsFromMillis(value as number);
  switch (unit) {
    case 'SECOND':
      return new Decimal(BigInt(f.second * 1000 + f.millisecond), 3);
    case 'YEAR':
      return BigInt(f.year);
    case 'MONTH':
      return BigInt(f.month);
    case 'DAY':
      return BigInt(f.day);
    case 'HOUR':
      return BigInt(f.hour);
    case 'MINUTE':
      return BigInt(f.minute);
  }
}

function millisOf(value: SqlValue, type: SqlType, fn: string): number {
  if (type.name === 'TIMESTAMP' || type.name === 'DATE') return value as number;
  if (type.name === 'BIGINT') return Number(value as bigint);
  throw new SqlTypeError(`${fn} needs TIMESTAMP or BIGINT arguments, not ${type.name}`);
}

/**
 * TSDIFF(startTime, endTime) → BIGINT milliseconds (sqlref/sql-reference-tsdiff: "the difference between
 * the two timestamps in milliseconds"; arguments TIMESTAMP or BIGINT epoch milliseconds).
 * UNCONFIRMED direction: the docs do not say which is subtracted; we return endTime - startTime,
 * positive when endTime is later, as the parameter names suggest.
 */
export function tsdiff(start: SqlValue, startType: SqlType, end: SqlValue, endType: SqlType): bigint | null {
  if (start === null || end === null) {
    millisOf(0, startType, 'TSDIFF');
    millisOf(0, endType, 'TSDIFF');
    return null;
  }
  return BigInt(millisOf(end, endType, 'TSDIFF')) - BigInt(millisOf(start, startType, 'TSDIFF'));
}

/** UNIX_TIMESTAMP(timestamp) → BIGINT milliseconds since 1970-01-01 00:00:00 UTC (sqlref/sql-reference-unix-timestamp). */
export function unixTimestamp(value: SqlValue, type: SqlType): bigint | null {
  if (type.name !== 'TIMESTAMP' && type.name !== 'DATE') throw new SqlTypeError(`UNIX_TIMESTAMP needs a TIMESTAMP, not ${type.name}`);
  return value === null ? null : BigInt(value as number);
}

/**
 * TO_TIMESTAMP(BIGINT milliseconds) → TIMESTAMP (sqlref/sql-reference-to-timestamp). Other integer
 * types are accepted; beyond ±8.64e15 ms (JavaScript's date range) raises DATETIME_FIELD_OVERFLOW.
 */
export function toTimestamp(value: SqlValue, type: SqlType): number | null {
  if (!isIntegerType(type)) throw new SqlTypeError(`TO_TIMESTAMP needs a BIGINT, not ${type.name}`);
  if (value === null) return null;
  const ms = integerToBigInt(value as number | bigint);
  if (ms > 8_640_000_000_000_000n || ms < -8_640_000_000_000_000n) {
    throw new SqlRuntimeError('DATETIME_FIELD_OVERFLOW', `${ms} ms is outside the supported timestamp range`);
  }
  return Number(ms);
}

/** An interval as a number of its qualifier's end units (CAST(interval AS BIGINT/DECIMAL)), milliseconds kept as a fraction of SECOND. */
export function intervalToDecimal(interval: Interval, qualifier: IntervalQualifier): Decimal {
  const end = qualifier.end ?? qualifier.start;
  if (interval.family === 'YEAR_MONTH') {
    return end === 'YEAR' ? new Decimal(divideRounded(BigInt(interval.amount), 12n, 'DOWN'), 0) : new Decimal(BigInt(interval.amount), 0);
  }
  if (end === 'SECOND') return new Decimal(BigInt(interval.amount), 3);
  return new Decimal(divideRounded(BigInt(interval.amount), BigInt(UNIT_MS[end as 'DAY' | 'HOUR' | 'MINUTE']), 'DOWN'), 0);
}
