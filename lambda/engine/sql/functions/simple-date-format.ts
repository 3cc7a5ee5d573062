/**
 * java.text.SimpleDateFormat, reproduced for CHAR_TO_TIMESTAMP and TIMESTAMP_TO_CHAR
 * (../shared/reference/kda-sql.md §1 "Scalar functions"; sqlref `sql-reference-char-to-timestamp`,
 * `sql-reference-timestamp-to-char`, `sql-reference-template-strings-create-output-timestamps`).
 *
 * The formatter behaves like `new SimpleDateFormat(pattern, Locale.US)` with `TimeZone "UTC"`, left
 * lenient (Java's default), in both directions. It is a port of the OpenJDK code paths involved
 * (SimpleDateFormat.compile/subFormat/parse/subParse, CalendarBuilder.establish, the lenient
 * GregorianCalendar field resolution and its Julian/Gregorian hybrid, DecimalFormat's integer parse)
 * and was checked differentially against Java 17's java.text.SimpleDateFormat. What that means in practice:
 *
 * - Pattern letters: G y Y M L w W D d F E u a H k K h m s S z Z X. Any other ASCII letter is
 *   reserved and fails at compile time, as does an unterminated quote or `X` repeated four or more times.
 *   Quoting follows Java: `'text'` is literal, `''` is one quote inside or outside quotes, and every
 *   non-letter character is literal.
 * - Widths: numbers are zero-padded to the letter count (Java caps padding at 309 digits). `yy`/`YY`
 *   print the last two digits. Three or more `M`/`L` give month text, and four or more give the full
 *   name. `E` gives `Mon`, and four or more `E` give `Monday`. `z` gives `UTC`, `zzzz` gives
 *   `Coordinated Universal Time`, `Z` gives `+0000` and `X` gives `Z`.
 * - Calendar: java.util.GregorianCalendar's hybrid calendar. Dates before 1582-10-15 are Julian, both
 *   when formatting and when parsing. So `CHAR_TO_TIMESTAMP('yyyy','09-16 03:15')` yields the instant
 *   that TIMESTAMP_TO_CHAR prints as 0009-01-01, as the AWS page shows; that instant is 0008-12-30 in the
 *   proleptic Gregorian calendar. Weeks are US weeks: they start on Sunday, and week 1 is the week
 *   containing January 1.
 * - Parsing, all lenient:
 *   - Missing fields default to 1970-01-01 00:00:00.000.
 *   - Out-of-range values roll over: month 13 is January of the next year, and Feb 30 is Mar 2.
 *   - A numeric field followed directly by another numeric field reads exactly its letter count, so
 *     `yyyyMMddHHmmss` works. Otherwise it reads as many digits as there are, with Java's DecimalFormat
 *     rules (an optional `-`, any Unicode decimal digits, stopping at `.`, honouring an `E` exponent).
 *   - Spaces and tabs before a field are skipped. Literals must match exactly (a pattern space does not
 *     match U+00A0, as in Java 17). Text is matched case-insensitively, taking the longest name.
 *   - Trailing input after the pattern is ignored, as in `DateFormat.parse(String)`.
 *   - Anything Java's parse(String) rejects (ParseException) returns null.
 * - Two-digit years (`y`, `yy`, `Y`, `YY` reading exactly two digits): Java puts them within 80 years
 *   before and 20 years after "now". The engine must be deterministic, so "now" is fixed at
 *   {@link TWO_DIGIT_YEAR_REFERENCE_MS} (2020-01-01T00:00:00Z). Java's window therefore starts at
 *   {@link TWO_DIGIT_YEAR_CENTURY_START_MS} (1940-01-01T00:00:00Z): "40".."99" → 1940..1999 and
 *   "00".."39" → 2000..2039. A result before the window start moves 100 years later.
 *
 * Deliberate differences from a live Java formatter:
 * - Zone names: `z`/`Z` parse `GMT`, `GMT±h:mm`, `±hhmm`, `UTC`, `Coordinated Universal Time`, and
 *   `Greenwich Mean Time`, all offset 0 apart from the numeric forms. Java searches the whole tz-database
 *   name table; any other name (`PST`, `CET`, …) returns null here. Java would resolve such a name to a
 *   zone and its rules.
 * - Java mutates a formatter's time zone when it parses a zone name, and chooses dates in an overlap
 *   around the 1582 cutover from state left by earlier calls. This implementation is stateless, as if
 *   every call used a fresh formatter.
 * - A parse whose result falls outside ±(2^53 − 1) ms, where an epoch-millisecond number stops being
 *   exact, returns null. Java would return a far-future or far-past Date.
 *
 * Where the AWS pages disagree with Java, Java wins (the tests record both):
 * - `CHAR_TO_TIMESTAMP('yyyy-hh-mm','2009-09-16 03:15:24')` is 2009-01-01 09:16:00 (fact sheet §1, item 4).
 * - `'MMM dd,y'` on 'March 7, 10' gives 2010-03-07, not the documented 0010-03-07, because one `y`
 *   reading two digits is a two-digit year.
 * - In lenient mode, out-of-range values roll over instead of failing: month 2009, month 2011 and Feb 30,
 *   all of which the page says return no row.
 */

/** An invalid pattern; the message names the pattern and the (0-based) position of the problem. */
export class DateFormatError extends Error {
  constructor(
    readonly pattern: string,
    readonly position: number,
    readonly reason: string,
  ) {
    super(`Invalid SimpleDateFormat pattern ${JSON.stringify(pattern)} at position ${position}: ${reason}`);
    this.name = 'DateFormatError';
  }
}

export interface CompiledDateFormat {
  readonly pattern: string;
  /** TIMESTAMP_TO_CHAR: format epoch milliseconds (UTC, Locale.US). */
  format(epochMs: number): string;
  /** CHAR_TO_TIMESTAMP: epoch milliseconds (UTC), or null when Java's parse(String) would throw. */
  parse(text: string): number | null;
}

/** The fixed "now" behind the two-digit-year window (Java uses the wall clock). */
export const TWO_DIGIT_YEAR_REFERENCE_MS = Date.UTC(2020, 0, 1);
/** The start of that window: the reference minus 80 years (SimpleDateFormat.set2DigitYearStart). */
export const TWO_DIGIT_YEAR_CENTURY_START_MS = Date.UTC(1940, 0, 1);
const CENTURY_START_YEAR = 1940;

/** Compile once (at analysis time) so invalid patterns fail before any row is processed. */
export function compileSimpleDateFormat(pattern: string): CompiledDateFormat {
  const compiled = compile(pattern);
  return {
    pattern,
    format: (epochMs) => formatMillis(compiled, epochMs),
    parse: (text) => parseText(compiled, text),
  };
}

// ---------------------------------------------------------------------------------------------
// Pattern compilation (SimpleDateFormat.compile)

/** Pattern letters in DateFormatSymbols.patternChars order; a letter's index is its "pattern index". */
const PATTERN_CHARS = 'GyMdkHmsSEDFwWahKzZYuXL';
const P_ERA = 0;
const P_YEAR = 1;
const P_MONTH = 2;
const P_HOUR_OF_DAY1 = 4; // k
const P_MILLISECOND = 8;
const P_DAY_OF_WEEK = 9; // E
const P_AM_PM = 14;
const P_HOUR1 = 15; // h
const P_ZONE_NAME = 17; // z
const P_ZONE_VALUE = 18; // Z
const P_WEEK_YEAR = 19; // Y
const P_ISO_DAY_OF_WEEK = 20; // u
const P_ISO_ZONE = 21; // X
const P_MONTH_STANDALONE = 22; // L

type Token =
  | { readonly kind: 'literal'; readonly ch: number }
  | { readonly kind: 'field'; readonly index: number; readonly count: number };

interface Compiled {
  readonly tokens: readonly Token[];
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function compile(pattern: string): Compiled {
  const tokens: Token[] = [];
  const fail = (position: number, reason: string): never => {
    throw new DateFormatError(pattern, position, reason);
  };
  let inQuote = false;
  let quoteStart = -1;
  let lastTag = -1;
  let count = 0;
  let runStart = 0;
  const flush = (): void => {
    if (count === 0) return;
    if (lastTag === P_ISO_ZONE && count >= 4) fail(runStart, `invalid ISO 8601 format: length=${count}`);
    tokens.push({ kind: 'field', index: lastTag, count });
    lastTag = -1;
    count = 0;
  };
  const QUOTE = 0x27;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === QUOTE) {
      if (i + 1 < pattern.length && pattern.charCodeAt(i + 1) === QUOTE) {
        // '' is a literal quote, inside or outside a quoted section.
        i++;
        flush();
        tokens.push({ kind: 'literal', ch: QUOTE });
        continue;
      }
      if (!inQuote) {
        flush();
        inQuote = true;
        quoteStart = i;
      } else {
        inQuote = false;
      }
      continue;
    }
    if (inQuote || !isAsciiLetter(c)) {
      if (!inQuote) flush();
      tokens.push({ kind: 'literal', ch: c });
      continue;
    }
    const tag = PATTERN_CHARS.indexOf(pattern[i]);
    if (tag === -1) fail(i, `illegal pattern character '${pattern[i]}'`);
    if (lastTag === -1 || lastTag === tag) {
      if (lastTag === -1) runStart = i;
      lastTag = tag;
      count++;
      continue;
    }
    flush();
    lastTag = tag;
    runStart = i;
    count = 1;
  }
  if (inQuote) fail(quoteStart, 'unterminated quote');
  flush();
  // Java switches a pattern whose only field is M to stand-alone month names; in English (Locale.US)
  // they are the same as the format names, so nothing here depends on it.
  return { tokens };
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (sun.util.calendar.{Gregorian,JulianCalendar}, java.util.GregorianCalendar)

// java.util.Calendar field numbers.
const ERA = 0;
const YEAR = 1;
const MONTH = 2;
const WEEK_OF_YEAR = 3;
const WEEK_OF_MONTH = 4;
const DAY_OF_MONTH = 5;
const DAY_OF_YEAR = 6;
const DAY_OF_WEEK = 7;
const DAY_OF_WEEK_IN_MONTH = 8;
const AM_PM = 9;
const HOUR = 10;
const HOUR_OF_DAY = 11;
const MINUTE = 12;
const SECOND = 13;
const MILLISECOND = 14;
const ZONE_OFFSET = 15;
const DST_OFFSET = 16;
const FIELD_COUNT = 17;
/** CalendarBuilder's pseudo fields. */
const WEEK_YEAR = FIELD_COUNT;
const ISO_DAY_OF_WEEK = 1000;

const BCE = 0;
const CE = 1;
const SUNDAY = 1;
/** Locale.US week data. */
const FIRST_DAY_OF_WEEK = SUNDAY;
const MINIMAL_DAYS_IN_FIRST_WEEK = 1;

const ONE_DAY = 86_400_000;
const ONE_DAY_N = 86_400_000n;
/** Fixed date (days since 0001-01-01 Gregorian = 1) of 1970-01-01. */
const EPOCH_OFFSET = 719_163;
/** Fixed date of 1582-10-15 (Gregorian), the default Gregorian cutover. */
const CUTOVER_FIXED_DATE = 577_736;
const CUTOVER_YEAR = 1582;
const JULIAN_EPOCH = -1;
const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;

/** The pattern index → Calendar field table (SimpleDateFormat.PATTERN_INDEX_TO_CALENDAR_FIELD). */
const PATTERN_FIELD = [
  ERA, YEAR, MONTH, DAY_OF_MONTH, HOUR_OF_DAY, HOUR_OF_DAY, MINUTE, SECOND, MILLISECOND, DAY_OF_WEEK,
  DAY_OF_YEAR, DAY_OF_WEEK_IN_MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH, AM_PM, HOUR, HOUR, ZONE_OFFSET, ZONE_OFFSET,
  WEEK_YEAR, ISO_DAY_OF_WEEK, ZONE_OFFSET, MONTH,
];

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const floorMod = (a: number, b: number): number => a - b * Math.floor(a / b);
const bigFloorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function isGregorianLeapYear(year: number): boolean {
  return (year & 15) === 0 ? (year & 3) === 0 : (year & 3) === 0 && year % 100 !== 0;
}

function isJulianLeapYear(year: number): boolean {
  return year % 4 === 0;
}

/** GregorianCalendar.isLeapYear: Gregorian after 1582, Julian before (1582 itself is not leap). */
function isHybridLeapYear(year: number): boolean {
  if ((year & 3) !== 0) return false;
  if (year > CUTOVER_YEAR) return (year & 15) === 0 || year % 100 !== 0;
  return true;
}

const MONTH_LENGTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const LEAP_MONTH_LENGTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ACCUMULATED_DAYS_IN_MONTH = [-30, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** BaseCalendar.getFixedDate (proleptic Gregorian); month is 1-based. */
function gregorianFixedDate(year: number, month: number, dayOfMonth: number): number {
  const prevYear = year - 1;
  let days =
    dayOfMonth +
    365 * prevYear +
    floorDiv(prevYear, 4) -
    floorDiv(prevYear, 100) +
    floorDiv(prevYear, 400) +
    floorDiv(367 * month - 362, 12);
  if (month > 2) days -= isGregorianLeapYear(year) ? 1 : 2;
  return days;
}

/** JulianCalendar.getFixedDate; year is the normalized (astronomical) year, month 1-based. */
function julianFixedDate(year: number, month: number, dayOfMonth: number): number {
  let days = JULIAN_EPOCH - 1 + 365 * (year - 1) + dayOfMonth + floorDiv(year - 1, 4) + floorDiv(367 * month - 362, 12);
  if (month > 2) days -= isJulianLeapYear(year) ? 1 : 2;
  return days;
}

function fixedDateOf(gregorian: boolean, year: number, month: number, dayOfMonth: number): number {
  return gregorian ? gregorianFixedDate(year, month, dayOfMonth) : julianFixedDate(year, month, dayOfMonth);
}

/** 1 = Sunday … 7 = Saturday. */
function dayOfWeekOfFixedDate(fixedDate: number): number {
  return floorMod(fixedDate, 7) + SUNDAY;
}

/** AbstractCalendar.getDayOfWeekDateOnOrBefore (dayOfWeek is an int and may be out of range). */
function dayOfWeekOnOrBefore(fixedDate: number, dayOfWeek: number): number {
  const fd = fixedDate - ((dayOfWeek - 1) | 0);
  return fixedDate - floorMod(fd, 7);
}

interface CalendarDate {
  /** Astronomical year: 0 = 1 BC. */
  readonly normalizedYear: number;
  /** 1-based. */
  readonly month: number;
  readonly dayOfMonth: number;
  readonly leap: boolean;
}

function gregorianDateOfFixedDate(fixedDate: number): CalendarDate {
  const d0 = fixedDate - 1;
  const n400 = floorDiv(d0, 146097);
  const d1 = floorMod(d0, 146097);
  const n100 = floorDiv(d1, 36524);
  const d2 = floorMod(d1, 36524);
  const n4 = floorDiv(d2, 1461);
  const d3 = floorMod(d2, 1461);
  const n1 = floorDiv(d3, 365);
  let year = 400 * n400 + 100 * n100 + 4 * n4 + n1;
  if (!(n100 === 4 || n1 === 4)) year++;
  const jan1 = gregorianFixedDate(year, 1, 1);
  const leap = isGregorianLeapYear(year);
  let priorDays = fixedDate - jan1;
  const mar1 = jan1 + 31 + 28 + (leap ? 1 : 0);
  if (fixedDate >= mar1) priorDays += leap ? 1 : 2;
  const month = floorDiv(12 * priorDays + 373, 367);
  let month1 = jan1 + ACCUMULATED_DAYS_IN_MONTH[month];
  if (leap && month >= 3) month1++;
  return { normalizedYear: year, month, dayOfMonth: fixedDate - month1 + 1, leap };
}

function julianDateOfFixedDate(fixedDate: number): CalendarDate {
  const year = floorDiv(4 * (fixedDate - JULIAN_EPOCH) + 1464, 1461);
  const leap = isJulianLeapYear(year);
  let priorDays = fixedDate - julianFixedDate(year, 1, 1);
  if (fixedDate >= julianFixedDate(year, 3, 1)) priorDays += leap ? 1 : 2;
  const month = floorDiv(12 * priorDays + 373, 367);
  return { normalizedYear: year, month, dayOfMonth: fixedDate - julianFixedDate(year, month, 1) + 1, leap };
}

/** GregorianCalendar.getWeekNumber with Locale.US week data. */
function weekNumber(fixedDay1: number, fixedDate: number): number {
  let fixedDay1st = dayOfWeekOnOrBefore(fixedDay1 + 6, FIRST_DAY_OF_WEEK);
  if (fixedDay1st - fixedDay1 >= MINIMAL_DAYS_IN_FIRST_WEEK) fixedDay1st -= 7;
  return floorDiv(fixedDate - fixedDay1st, 7) + 1;
}

/** The calendar fields of a wall-clock instant, as GregorianCalendar.computeFields sets them. */
interface Fields {
  readonly era: number;
  /** Year of era (≥ 1). */
  readonly year: number;
  /** 0-based. */
  readonly month: number;
  readonly dayOfMonth: number;
  readonly dayOfWeek: number;
  readonly dayOfYear: number;
  readonly dayOfWeekInMonth: number;
  readonly weekOfYear: number;
  readonly weekOfMonth: number;
  readonly hourOfDay: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly normalizedYear: number;
  readonly gregorian: boolean;
  readonly leap: boolean;
}

function fieldsOfFixedDate(fixedDate: number, timeOfDay: number): Fields {
  const gregorian = fixedDate >= CUTOVER_FIXED_DATE;
  const cdate = gregorian ? gregorianDateOfFixedDate(fixedDate) : julianDateOfFixedDate(fixedDate);
  const normalizedYear = cdate.normalizedYear;
  const era = normalizedYear <= 0 ? BCE : CE;
  const year = normalizedYear <= 0 ? 1 - normalizedYear : normalizedYear;
  const dayOfMonth = cdate.dayOfMonth;

  let fixedDateJan1 = fixedDateOf(gregorian, normalizedYear, 1, 1);
  let fixedDateMonth1 = fixedDate - dayOfMonth + 1;
  if (normalizedYear === CUTOVER_YEAR) {
    // 1582: the year starts on the Julian January 1, and October (the month of the gap) on the
    // Julian October 1.
    fixedDateJan1 = julianFixedDate(normalizedYear, 1, 1);
    if (fixedDate >= CUTOVER_FIXED_DATE && cdate.month === 10) fixedDateMonth1 = julianFixedDate(normalizedYear, 10, 1);
  }
  const dayOfYear = fixedDate - fixedDateJan1 + 1;
  const relativeDayOfMonth = fixedDate - fixedDateMonth1;

  // With US week data (minimal days 1) week 1 always contains January 1, so the week number is never 0.
  let weekOfYear = weekNumber(fixedDateJan1, fixedDate);
  if (normalizedYear > CUTOVER_YEAR || normalizedYear < CUTOVER_YEAR - 1) {
    if (weekOfYear >= 52) {
      const nextJan1 = fixedDateJan1 + 365 + (cdate.leap ? 1 : 0);
      const nextJan1st = dayOfWeekOnOrBefore(nextJan1 + 6, FIRST_DAY_OF_WEEK);
      if (nextJan1st - nextJan1 >= MINIMAL_DAYS_IN_FIRST_WEEK && fixedDate >= nextJan1st - 7) weekOfYear = 1;
    }
  } else {
    // 1581 and 1582: January 1 of the next year comes from the Julian calendar for 1582 and from this
    // date's own calendar for 1583 (GregorianCalendar.computeFields).
    const nextYear = normalizedYear + 1;
    const nextJan1 = fixedDateOf(nextYear === CUTOVER_YEAR ? false : gregorian, nextYear, 1, 1);
    const nextJan1st = dayOfWeekOnOrBefore(nextJan1 + 6, FIRST_DAY_OF_WEEK);
    if (nextJan1st - nextJan1 >= MINIMAL_DAYS_IN_FIRST_WEEK && fixedDate >= nextJan1st - 7) weekOfYear = 1;
  }

  const hourOfDay = Math.trunc(timeOfDay / 3_600_000);
  const r = timeOfDay % 3_600_000;
  return {
    era,
    year,
    month: cdate.month - 1,
    dayOfMonth,
    dayOfWeek: dayOfWeekOfFixedDate(fixedDate),
    dayOfYear,
    dayOfWeekInMonth: Math.trunc(relativeDayOfMonth / 7) + 1,
    weekOfYear,
    weekOfMonth: weekNumber(fixedDateMonth1, fixedDate),
    hourOfDay,
    minute: Math.trunc(r / 60_000),
    second: Math.trunc((r % 60_000) / 1000),
    millisecond: r % 1000,
    normalizedYear,
    gregorian,
    leap: cdate.leap,
  };
}

/** Split Java-long milliseconds (plus a zone offset) into fixed date and time of day, then compute fields. */
function fieldsOfTime(time: bigint, zoneOffset: number): Fields {
  const local = time + BigInt(zoneOffset);
  const days = bigFloorDiv(local, ONE_DAY_N);
  return fieldsOfFixedDate(Number(days) + EPOCH_OFFSET, Number(local - days * ONE_DAY_N));
}

/** getActualMaximum(DAY_OF_YEAR). */
function actualMaximumDayOfYear(f: Fields): number {
  if (f.normalizedYear !== CUTOVER_YEAR) return f.leap ? 366 : 365;
  return gregorianFixedDate(CUTOVER_YEAR + 1, 1, 1) - julianFixedDate(CUTOVER_YEAR, 1, 1);
}

// ---------------------------------------------------------------------------------------------
// Lenient field resolution (java.util.Calendar.selectFields, GregorianCalendar.computeTime)

const UNSET = 0;
const COMPUTED = 1;
const MINIMUM_USER_STAMP = 2;
const bit = (field: number): number => 1 << field;
const has = (mask: number, field: number): boolean => (mask & bit(field)) !== 0;

class InvalidCalendar extends Error {}

/** The mutable part of a java.util.Calendar that computeTime reads: field values and set-stamps. */
class Cal {
  readonly fields: number[] = new Array<number>(FIELD_COUNT).fill(0);
  readonly stamp: number[] = new Array<number>(FIELD_COUNT).fill(UNSET);
  private nextStamp = MINIMUM_USER_STAMP;

  /** A calendar whose fields were all computed from `f` (stamp COMPUTED), as after setTime. */
  static computed(f: Fields): Cal {
    const cal = new Cal();
    const values = [
      f.era, f.year, f.month, f.weekOfYear, f.weekOfMonth, f.dayOfMonth, f.dayOfYear, f.dayOfWeek,
      f.dayOfWeekInMonth, f.hourOfDay >= 12 ? 1 : 0, f.hourOfDay % 12, f.hourOfDay, f.minute, f.second,
      f.millisecond, 0, 0,
    ];
    for (let i = 0; i < FIELD_COUNT; i++) {
      cal.fields[i] = values[i];
      cal.stamp[i] = COMPUTED;
    }
    return cal;
  }

  set(field: number, value: number): void {
    this.fields[field] = value | 0;
    this.stamp[field] = this.nextStamp++;
  }

  isSet(field: number): boolean {
    return this.stamp[field] !== UNSET;
  }
}

function aggregateStamp(a: number, b: number): number {
  return a === UNSET || b === UNSET ? UNSET : Math.max(a, b);
}

/** Calendar.selectFields: which fields determine the date and time, by most recent set-stamp. */
function selectFields(cal: Cal): number {
  const stamp = cal.stamp;
  let mask = bit(YEAR);
  if (stamp[ERA] !== UNSET) mask |= bit(ERA);
  const dowStamp = stamp[DAY_OF_WEEK];
  const monthStamp = stamp[MONTH];
  let domStamp = stamp[DAY_OF_MONTH];
  let womStamp = aggregateStamp(stamp[WEEK_OF_MONTH], dowStamp);
  let dowimStamp = aggregateStamp(stamp[DAY_OF_WEEK_IN_MONTH], dowStamp);
  const doyStamp = stamp[DAY_OF_YEAR];
  let woyStamp = aggregateStamp(stamp[WEEK_OF_YEAR], dowStamp);
  let bestStamp = Math.max(domStamp, womStamp, dowimStamp, doyStamp, woyStamp);
  if (bestStamp === UNSET) {
    womStamp = stamp[WEEK_OF_MONTH];
    dowimStamp = Math.max(stamp[DAY_OF_WEEK_IN_MONTH], dowStamp);
    woyStamp = stamp[WEEK_OF_YEAR];
    bestStamp = Math.max(womStamp, dowimStamp, woyStamp);
    if (bestStamp === UNSET) bestStamp = domStamp = monthStamp;
  }
  if (
    bestStamp === domStamp ||
    (bestStamp === womStamp && stamp[WEEK_OF_MONTH] >= stamp[WEEK_OF_YEAR]) ||
    (bestStamp === dowimStamp && stamp[DAY_OF_WEEK_IN_MONTH] >= stamp[WEEK_OF_YEAR])
  ) {
    mask |= bit(MONTH);
    if (bestStamp === domStamp) {
      mask |= bit(DAY_OF_MONTH);
    } else {
      if (dowStamp !== UNSET) mask |= bit(DAY_OF_WEEK);
      if (womStamp === dowimStamp) {
        mask |= stamp[WEEK_OF_MONTH] >= stamp[DAY_OF_WEEK_IN_MONTH] ? bit(WEEK_OF_MONTH) : bit(DAY_OF_WEEK_IN_MONTH);
      } else if (bestStamp === womStamp) {
        mask |= bit(WEEK_OF_MONTH);
      } else if (stamp[DAY_OF_WEEK_IN_MONTH] !== UNSET) {
        mask |= bit(DAY_OF_WEEK_IN_MONTH);
      }
    }
  } else if (bestStamp === doyStamp) {
    mask |= bit(DAY_OF_YEAR);
  } else {
    if (dowStamp !== UNSET) mask |= bit(DAY_OF_WEEK);
    mask |= bit(WEEK_OF_YEAR);
  }

  const hourOfDayStamp = stamp[HOUR_OF_DAY];
  const hourStamp = aggregateStamp(stamp[HOUR], stamp[AM_PM]);
  let hourBest = hourStamp > hourOfDayStamp ? hourStamp : hourOfDayStamp;
  if (hourBest === UNSET) hourBest = Math.max(stamp[HOUR], stamp[AM_PM]);
  if (hourBest !== UNSET) {
    if (hourBest === hourOfDayStamp) {
      mask |= bit(HOUR_OF_DAY);
    } else {
      mask |= bit(HOUR);
      if (stamp[AM_PM] !== UNSET) mask |= bit(AM_PM);
    }
  }
  if (stamp[MINUTE] !== UNSET) mask |= bit(MINUTE);
  if (stamp[SECOND] !== UNSET) mask |= bit(SECOND);
  if (stamp[MILLISECOND] !== UNSET) mask |= bit(MILLISECOND);
  if (stamp[ZONE_OFFSET] >= MINIMUM_USER_STAMP) mask |= bit(ZONE_OFFSET);
  if (stamp[DST_OFFSET] >= MINIMUM_USER_STAMP) mask |= bit(DST_OFFSET);
  return mask;
}

/** GregorianCalendar.getFixedDate: the date part of the selected fields in one calendar system. */
function fixedDateOfFields(gregorian: boolean, yearIn: number, mask: number, cal: Cal): number {
  const f = cal.fields;
  let year = yearIn;
  let month = 0;
  if (has(mask, MONTH)) {
    month = f[MONTH];
    if (month > 11) {
      year = (year + Math.trunc(month / 12)) | 0;
      month %= 12;
    } else if (month < 0) {
      const q = floorDiv(month, 12);
      year = (year + q) | 0;
      month -= q * 12;
    }
  }
  let fixedDate = fixedDateOf(gregorian, year, month + 1, 1);
  if (has(mask, MONTH)) {
    if (has(mask, DAY_OF_MONTH)) {
      if (cal.isSet(DAY_OF_MONTH)) fixedDate += f[DAY_OF_MONTH] - 1;
    } else if (has(mask, WEEK_OF_MONTH)) {
      let firstDayOfWeek = dayOfWeekOnOrBefore(fixedDate + 6, FIRST_DAY_OF_WEEK);
      if (firstDayOfWeek - fixedDate >= MINIMAL_DAYS_IN_FIRST_WEEK) firstDayOfWeek -= 7;
      if (has(mask, DAY_OF_WEEK)) firstDayOfWeek = dayOfWeekOnOrBefore(firstDayOfWeek + 6, f[DAY_OF_WEEK]);
      fixedDate = firstDayOfWeek + Math.imul(7, (f[WEEK_OF_MONTH] - 1) | 0);
    } else {
      const dayOfWeek = has(mask, DAY_OF_WEEK) ? f[DAY_OF_WEEK] : FIRST_DAY_OF_WEEK;
      const dowim = has(mask, DAY_OF_WEEK_IN_MONTH) ? f[DAY_OF_WEEK_IN_MONTH] : 1;
      if (dowim >= 0) {
        fixedDate = dayOfWeekOnOrBefore(fixedDate + Math.imul(7, dowim) - 1, dayOfWeek);
      } else {
        const monthLength = (isHybridLeapYear(year) ? LEAP_MONTH_LENGTH : MONTH_LENGTH)[month];
        const lastDate = (monthLength + Math.imul(7, (dowim + 1) | 0)) | 0;
        fixedDate = dayOfWeekOnOrBefore(fixedDate + lastDate - 1, dayOfWeek);
      }
    }
  } else if (has(mask, DAY_OF_YEAR)) {
    fixedDate += f[DAY_OF_YEAR] - 1;
  } else {
    let firstDayOfWeek = dayOfWeekOnOrBefore(fixedDate + 6, FIRST_DAY_OF_WEEK);
    if (firstDayOfWeek - fixedDate >= MINIMAL_DAYS_IN_FIRST_WEEK) firstDayOfWeek -= 7;
    if (has(mask, DAY_OF_WEEK) && f[DAY_OF_WEEK] !== FIRST_DAY_OF_WEEK) {
      firstDayOfWeek = dayOfWeekOnOrBefore(firstDayOfWeek + 6, f[DAY_OF_WEEK]);
    }
    fixedDate = firstDayOfWeek + 7 * (f[WEEK_OF_YEAR] - 1);
  }
  return fixedDate;
}

interface ComputedTime {
  /** Epoch milliseconds as a Java long (wrapped to 64 bits). */
  readonly time: bigint;
  /** ZONE_OFFSET + DST_OFFSET that were applied. */
  readonly zoneOffset: number;
}

/** GregorianCalendar.computeTime in lenient mode, time zone UTC. */
function computeTime(cal: Cal): ComputedTime {
  const f = cal.fields;
  const mask = selectFields(cal);
  let year = cal.isSet(YEAR) ? f[YEAR] : 1970;
  const era = cal.isSet(ERA) ? f[ERA] : CE;
  if (era === BCE) year = (1 - year) | 0;
  else if (era !== CE) throw new InvalidCalendar('Invalid era');

  let timeOfDay = 0n;
  if (has(mask, HOUR_OF_DAY)) {
    timeOfDay += BigInt(f[HOUR_OF_DAY]);
  } else {
    timeOfDay += BigInt(f[HOUR]);
    if (has(mask, AM_PM)) timeOfDay += BigInt(Math.imul(12, f[AM_PM]));
  }
  timeOfDay = timeOfDay * 60n + BigInt(f[MINUTE]);
  timeOfDay = timeOfDay * 60n + BigInt(f[SECOND]);
  timeOfDay = timeOfDay * 1000n + BigInt(f[MILLISECOND]);
  let fixedDate = Number(timeOfDay / ONE_DAY_N);
  timeOfDay %= ONE_DAY_N;
  if (timeOfDay < 0n) {
    timeOfDay += ONE_DAY_N;
    fixedDate--;
  }

  // Julian before the cutover, Gregorian after; in 1582 the Gregorian reading wins when it is on or
  // after the cutover, and the day-of-year/week-of-year forms always use the Julian reading.
  if (year > CUTOVER_YEAR) {
    const gfd = fixedDate + fixedDateOfFields(true, year, mask, cal);
    fixedDate = gfd >= CUTOVER_FIXED_DATE ? gfd : fixedDate + fixedDateOfFields(false, year, mask, cal);
  } else if (year < CUTOVER_YEAR) {
    fixedDate += fixedDateOfFields(false, year, mask, cal);
  } else {
    const jfd = fixedDate + fixedDateOfFields(false, year, mask, cal);
    const gfd = fixedDate + fixedDateOfFields(true, year, mask, cal);
    fixedDate = has(mask, DAY_OF_YEAR) || has(mask, WEEK_OF_YEAR) ? jfd : gfd >= CUTOVER_FIXED_DATE ? gfd : jfd;
  }

  const zoneOffset = ((has(mask, ZONE_OFFSET) ? f[ZONE_OFFSET] : 0) + (has(mask, DST_OFFSET) ? f[DST_OFFSET] : 0)) | 0;
  const local = BigInt.asIntN(64, BigInt(fixedDate - EPOCH_OFFSET) * ONE_DAY_N + timeOfDay);
  return { time: BigInt.asIntN(64, local - BigInt(zoneOffset)), zoneOffset };
}

/** GregorianCalendar.setWeekDate (lenient), as CalendarBuilder.establish calls it for `Y`. */
function setWeekDate(cal: Cal, weekYear: number, weekOfYear: number, dayOfWeek: number): void {
  if (dayOfWeek < 1 || dayOfWeek > 7) throw new InvalidCalendar(`invalid dayOfWeek: ${dayOfWeek}`);
  // A clone's get(ERA): the era of the date the other parsed fields describe.
  const current = computeTime(cal);
  const era = fieldsOfTime(current.time, current.zoneOffset).era;

  const gc = new Cal();
  gc.set(ERA, era);
  gc.set(YEAR, weekYear);
  gc.set(WEEK_OF_YEAR, 1);
  gc.set(DAY_OF_WEEK, FIRST_DAY_OF_WEEK);
  let days = dayOfWeek - FIRST_DAY_OF_WEEK;
  if (days < 0) days += 7;
  days = (days + Math.imul(7, (weekOfYear - 1) | 0)) | 0;
  let time = computeTime(gc).time;
  if (days !== 0) {
    // add(DAY_OF_YEAR, days) in GMT: move the fixed date, keep the time of day.
    const day = bigFloorDiv(time, ONE_DAY_N);
    time = BigInt.asIntN(64, (day + BigInt(days)) * ONE_DAY_N + (time - day * ONE_DAY_N));
  }
  const target = fieldsOfTime(time, 0);
  cal.set(ERA, target.era);
  cal.set(YEAR, target.year);
  cal.set(MONTH, target.month);
  cal.set(DAY_OF_MONTH, target.dayOfMonth);
  cal.fields[WEEK_OF_YEAR] = weekOfYear | 0; // internalSet: the stamp is unchanged
}

/** GregorianCalendar.getWeekYear for the fields of a formatted instant. */
function weekYearOf(f: Fields): number {
  let year = f.era === BCE ? 1 - f.year : f.year;
  if (year > CUTOVER_YEAR + 1) {
    if (f.month === 0) {
      if (f.weekOfYear >= 52) year--;
    } else if (f.weekOfYear === 1) {
      year++;
    }
    return year;
  }
  // The general path (years up to 1583, including BC), replayed on a GMT clone as Java does.
  const dayOfYear = f.dayOfYear;
  const maxDayOfYear = actualMaximumDayOfYear(f);
  if (dayOfYear > MINIMAL_DAYS_IN_FIRST_WEEK && dayOfYear < maxDayOfYear - 6) return year;
  const firstDayOfWeekOfYear = (cal: Cal): Fields => {
    cal.set(DAY_OF_YEAR, 1);
    const jan1 = fieldsOfTime(computeTime(cal).time, 0);
    let delta = FIRST_DAY_OF_WEEK - jan1.dayOfWeek;
    if (delta < 0) delta += 7;
    // add(DAY_OF_YEAR, delta) in GMT.
    return fieldsOfTime(computeTime(cal).time + BigInt(delta) * ONE_DAY_N, 0);
  };
  const first = firstDayOfWeekOfYear(Cal.computed(f));
  const minDayOfYear = first.dayOfYear;
  if (dayOfYear < minDayOfYear) {
    if (minDayOfYear <= MINIMAL_DAYS_IN_FIRST_WEEK) year--;
    return year;
  }
  const next = Cal.computed(first);
  next.set(YEAR, year + 1);
  let nextMin = firstDayOfWeekOfYear(next).dayOfYear - 1;
  if (nextMin === 0) nextMin = 7;
  if (nextMin >= MINIMAL_DAYS_IN_FIRST_WEEK && maxDayOfYear - dayOfYear + 1 <= 7 - nextMin) year++;
  return year;
}

// ---------------------------------------------------------------------------------------------
// Formatting (SimpleDateFormat.subFormat)

const ERAS = ['BC', 'AD'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December',
];
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
const WEEKDAYS = ['', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_WEEKDAYS = WEEKDAYS.map((d) => d.slice(0, 3));
const AM_PM_STRINGS = ['AM', 'PM'];
/** DecimalFormat never pads beyond this many integer digits (DOUBLE_INTEGER_DIGITS). */
const MAX_PADDING = 309;

/** SimpleDateFormat.zeroPaddingNumber via DecimalFormat (no grouping). */
function zeroPad(value: number, minDigits: number, maxDigits: number = INT_MAX): string {
  let digits = Math.abs(value).toString();
  if (digits.length > maxDigits) digits = digits.slice(digits.length - maxDigits);
  const min = Math.min(minDigits, MAX_PADDING);
  if (digits.length < min) digits = '0'.repeat(min - digits.length) + digits;
  return value < 0 ? `-${digits}` : digits;
}

function formatMillis(compiled: Compiled, epochMs: number): string {
  if (!Number.isSafeInteger(epochMs)) throw new RangeError(`TIMESTAMP must be integral epoch milliseconds: ${epochMs}`);
  const days = floorDiv(epochMs, ONE_DAY);
  const f = fieldsOfFixedDate(days + EPOCH_OFFSET, epochMs - days * ONE_DAY);
  let out = '';
  for (const token of compiled.tokens) {
    if (token.kind === 'literal') {
      out += String.fromCharCode(token.ch);
      continue;
    }
    const count = token.count;
    const hour = f.hourOfDay % 12;
    switch (token.index) {
      case P_ERA:
        out += ERAS[f.era];
        break;
      case P_YEAR:
        out += count === 2 ? zeroPad(f.year, 2, 2) : zeroPad(f.year, count);
        break;
      case P_WEEK_YEAR: {
        const weekYear = weekYearOf(f);
        out += count === 2 ? zeroPad(weekYear, 2, 2) : zeroPad(weekYear, count);
        break;
      }
      case P_MONTH:
      case P_MONTH_STANDALONE:
        out += count >= 4 ? MONTHS[f.month] : count === 3 ? SHORT_MONTHS[f.month] : zeroPad(f.month + 1, count);
        break;
      case 3: // d
        out += zeroPad(f.dayOfMonth, count);
        break;
      case P_HOUR_OF_DAY1: // k: 1-24
        out += zeroPad(f.hourOfDay === 0 ? 24 : f.hourOfDay, count);
        break;
      case 5: // H
        out += zeroPad(f.hourOfDay, count);
        break;
      case 6: // m
        out += zeroPad(f.minute, count);
        break;
      case 7: // s
        out += zeroPad(f.second, count);
        break;
      case P_MILLISECOND:
        out += zeroPad(f.millisecond, count);
        break;
      case P_DAY_OF_WEEK:
        out += (count >= 4 ? WEEKDAYS : SHORT_WEEKDAYS)[f.dayOfWeek];
        break;
      case 10: // D
        out += zeroPad(f.dayOfYear, count);
        break;
      case 11: // F
        out += zeroPad(f.dayOfWeekInMonth, count);
        break;
      case 12: // w
        out += zeroPad(f.weekOfYear, count);
        break;
      case 13: // W
        out += zeroPad(f.weekOfMonth, count);
        break;
      case P_AM_PM:
        out += AM_PM_STRINGS[f.hourOfDay >= 12 ? 1 : 0];
        break;
      case P_HOUR1: // h: 1-12
        out += zeroPad(hour === 0 ? 12 : hour, count);
        break;
      case 16: // K: 0-11
        out += zeroPad(hour, count);
        break;
      case P_ZONE_NAME:
        out += count >= 4 ? 'Coordinated Universal Time' : 'UTC';
        break;
      case P_ZONE_VALUE:
        out += '+0000';
        break;
      case P_ISO_DAY_OF_WEEK:
        out += zeroPad(f.dayOfWeek === SUNDAY ? 7 : f.dayOfWeek - 1, count);
        break;
      case P_ISO_ZONE:
        out += 'Z';
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing (SimpleDateFormat.parse/subParse, CalendarBuilder, DecimalFormat integer parsing)

const ndCache = new Map<number, number>();
const ND = /\p{Nd}/u;

/** Character.digit(ch, 10) for one UTF-16 unit: the value of any Unicode decimal digit, else -1. */
function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) return -1;
  const cached = ndCache.get(code);
  if (cached !== undefined) return cached;
  let value = -1;
  if (ND.test(String.fromCharCode(code))) {
    // Decimal digits come in contiguous runs of ten starting at zero.
    let first = code;
    while (first > 0 && ND.test(String.fromCharCode(first - 1))) first--;
    value = (code - first) % 10;
  }
  ndCache.set(code, value);
  return value;
}

function jdouble2int(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= INT_MAX) return INT_MAX;
  if (d <= INT_MIN) return INT_MIN;
  return Math.trunc(d);
}

const LONG_MIN_REP = '9223372036854775808';

/**
 * Scan digits (leading zeros dropped) from `start`. Returns the significant digits, the digit count that
 * determines the decimal position, whether any digit was seen, and where the scan stopped.
 */
function scanDigits(text: string, start: number): { digits: string; digitCount: number; sawDigit: boolean; end: number } {
  let digits = '';
  let digitCount = 0;
  let sawDigit = false;
  let p = start;
  for (; p < text.length; p++) {
    const d = digitValue(text.charCodeAt(p));
    if (d < 0) break;
    sawDigit = true;
    if (d === 0 && digits.length === 0) continue;
    digitCount++;
    digits += String.fromCharCode(0x30 + d);
  }
  return { digits, digitCount, sawDigit, end: p };
}

/** DigitList.fitsIntoLong for digits without trailing zeros and the decimal position. */
function fitsIntoLong(digits: string, decimalAt: number, positive: boolean): boolean {
  if (digits.length === 0) return true;
  if (decimalAt < digits.length || decimalAt > 19) return false;
  if (decimalAt < 19) return true;
  for (let i = 0; i < digits.length; i++) {
    if (digits[i] > LONG_MIN_REP[i]) return false;
    if (digits[i] < LONG_MIN_REP[i]) return true;
  }
  return digits.length < decimalAt || !positive;
}

/**
 * NumberFormat.getIntegerInstance(Locale.US) with grouping off, parse(text, pos), then intValue():
 * "NaN" → 0, "∞" → Integer.MAX_VALUE, an optional '-', Unicode digits, stops at '.', honours an
 * exponent "E[-]digits", wraps long results to 32 bits and saturates double results.
 */
function parseJavaInteger(text: string, start: number): { value: number; end: number } | null {
  if (text.startsWith('NaN', start)) return { value: 0, end: start + 3 };
  let pos = start;
  const negative = pos < text.length && text.charCodeAt(pos) === 0x2d;
  if (negative) pos++;
  if (text.startsWith('\u221e', pos)) return { value: negative ? INT_MIN : INT_MAX, end: pos + 1 };
  const mantissa = scanDigits(text, pos);
  if (!mantissa.sawDigit) return null;
  let end = mantissa.end;
  let exponent = 0n;
  if (end < text.length && text.charCodeAt(end) === 0x45 /* E */) {
    let e = end + 1;
    const expNegative = e < text.length && text.charCodeAt(e) === 0x2d;
    if (expNegative) e++;
    const exp = scanDigits(text, e);
    const expDigits = exp.digits.replace(/0+$/, '');
    if (exp.sawDigit && fitsIntoLong(expDigits, exp.digitCount, !expNegative)) {
      const magnitude = exp.digits.length === 0 ? 0n : BigInt(exp.digits);
      exponent = expNegative ? -magnitude : magnitude;
      end = exp.end;
    }
  }
  const digits = mantissa.digits.replace(/0+$/, '');
  const decimalAt = Number(BigInt.asIntN(32, BigInt(mantissa.digitCount) + exponent));
  let value: number;
  if (digits.length === 0) {
    value = 0;
  } else if (fitsIntoLong(digits, decimalAt, !negative)) {
    const magnitude = BigInt(digits) * 10n ** BigInt(decimalAt - digits.length);
    value = Number(BigInt.asIntN(32, BigInt.asIntN(64, negative ? -magnitude : magnitude)));
  } else {
    const d = Number(`0.${digits}e${decimalAt}`);
    value = jdouble2int(negative ? -d : d);
  }
  return { value, end };
}

/** Character.toUpperCase / toLowerCase for one UTF-16 unit (simple case mapping). */
function upperChar(c: string): string {
  const u = c.toUpperCase();
  return u.length === 1 ? u : c;
}
function lowerChar(c: string): string {
  if (c === '\u0130') return 'i';
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
}

/** String.regionMatches(true, start, name, 0, name.length). */
function regionMatchesIgnoreCase(text: string, start: number, name: string): boolean {
  if (start < 0 || start + name.length > text.length) return false;
  for (let i = 0; i < name.length; i++) {
    const a = text[start + i];
    const b = name[i];
    if (a === b) continue;
    const ua = upperChar(a);
    const ub = upperChar(b);
    if (ua === ub || lowerChar(ua) === lowerChar(ub)) continue;
    return false;
  }
  return true;
}

const ERA_NAMES: readonly (readonly [string, number])[] = [
  ['BC', 0], ['AD', 1], ['Before Christ', 0], ['Anno Domini', 1],
];
const MONTH_NAMES = [...MONTHS, ...SHORT_MONTHS].map((name, i) => [name, i % 12] as const);
const LONG_WEEKDAY_NAMES = WEEKDAYS.slice(1).map((name, i) => [name, i + 1] as const);
const SHORT_WEEKDAY_NAMES = SHORT_WEEKDAYS.slice(1).map((name, i) => [name, i + 1] as const);
const AM_PM_NAMES = AM_PM_STRINGS.map((name, i) => [name, i] as const);
/** The UTC zone's names in DateFormatSymbols order (long/short standard, long/short daylight). */
const UTC_ZONE_NAMES = ['Coordinated Universal Time', 'UTC', 'Coordinated Universal Time', 'UTC'];
/** The first zone in Java's table that carries these names is "GMT" (fixed offset 0). */
const GMT_ZONE_NAMES = ['Greenwich Mean Time', 'GMT', 'Greenwich Mean Time', 'GMT'];

/** matchString: the longest name matching at `start` (Java's maps iterate longest-first). */
function matchLongest(text: string, start: number, names: readonly (readonly [string, number])[]): [number, number] | null {
  let best: readonly [string, number] | null = null;
  for (const entry of names) {
    if ((best === null || entry[0].length > best[0].length) && regionMatchesIgnoreCase(text, start, entry[0])) best = entry;
  }
  return best === null ? null : [best[1], start + best[0].length];
}

/** CalendarBuilder: parsed field values with the order in which they were set. */
class Builder {
  readonly stamp: number[] = new Array<number>(FIELD_COUNT + 1).fill(UNSET);
  readonly value: number[] = new Array<number>(FIELD_COUNT + 1).fill(0);
  private nextStamp = MINIMUM_USER_STAMP;

  set(index: number, value: number): this {
    let field = index;
    let v = value | 0;
    if (field === ISO_DAY_OF_WEEK) {
      field = DAY_OF_WEEK;
      v = toCalendarDayOfWeek(v);
    }
    this.stamp[field] = this.nextStamp++;
    this.value[field] = v;
    return this;
  }

  isSet(field: number): boolean {
    return this.stamp[field] > UNSET;
  }

  addYear(years: number): void {
    this.value[YEAR] = (this.value[YEAR] + years) | 0;
    this.value[WEEK_YEAR] = (this.value[WEEK_YEAR] + years) | 0;
  }

  /** CalendarBuilder.establish + Calendar.getTime. */
  establish(): bigint {
    const weekDate = this.isSet(WEEK_YEAR) && this.stamp[WEEK_YEAR] > this.stamp[YEAR];
    const cal = new Cal();
    const order: number[] = [];
    for (let field = 0; field < FIELD_COUNT; field++) if (this.isSet(field)) order.push(field);
    order.sort((a, b) => this.stamp[a] - this.stamp[b]);
    for (const field of order) cal.set(field, this.value[field]);
    if (weekDate) {
      let weekOfYear = this.isSet(WEEK_OF_YEAR) ? this.value[WEEK_OF_YEAR] : 1;
      let dayOfWeek = this.isSet(DAY_OF_WEEK) ? this.value[DAY_OF_WEEK] : FIRST_DAY_OF_WEEK;
      if (!isValidDayOfWeek(dayOfWeek)) {
        if (dayOfWeek >= 8) {
          dayOfWeek--;
          weekOfYear = (weekOfYear + Math.trunc(dayOfWeek / 7)) | 0;
          dayOfWeek = (dayOfWeek % 7) + 1;
        } else {
          const weeks = Math.ceil((1 - dayOfWeek) / 7);
          dayOfWeek += 7 * weeks;
          weekOfYear = (weekOfYear - weeks) | 0;
        }
        dayOfWeek = toCalendarDayOfWeek(dayOfWeek);
      }
      setWeekDate(cal, this.value[WEEK_YEAR], weekOfYear, dayOfWeek);
    }
    return computeTime(cal).time;
  }
}

function isValidDayOfWeek(dayOfWeek: number): boolean {
  return dayOfWeek > 0 && dayOfWeek <= 7;
}

/** CalendarBuilder.toCalendarDayOfWeek: ISO 1 (Monday) … 7 (Sunday) → Calendar; others unchanged. */
function toCalendarDayOfWeek(isoDayOfWeek: number): number {
  if (!isValidDayOfWeek(isoDayOfWeek)) return isoDayOfWeek;
  return isoDayOfWeek === 7 ? SUNDAY : isoDayOfWeek + 1;
}

/** SimpleDateFormat.shouldObeyCount: a numeric field directly follows. */
function shouldObeyCount(token: Token | undefined): boolean {
  if (token === undefined || token.kind !== 'field') return false;
  switch (token.index) {
    case P_MONTH:
    case P_MONTH_STANDALONE:
      return token.count <= 2;
    case P_ERA:
    case P_DAY_OF_WEEK:
    case P_AM_PM:
    case P_ZONE_NAME:
    case P_ZONE_VALUE:
    case P_ISO_ZONE:
      return false;
    default:
      return true;
  }
}

function parseText(compiled: Compiled, text: string): number | null {
  const calb = new Builder();
  const state = { ambiguousYear: false };
  const tokens = compiled.tokens;
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'literal') {
      if (start >= text.length) return null;
      // Exact match: Java 17 has no loose matching of space separators (that arrived in JDK 23).
      if (text.charCodeAt(start) !== token.ch) return null;
      start++;
      continue;
    }
    start = subParse(text, start, token.index, token.count, shouldObeyCount(tokens[i + 1]), state, calb);
    if (start < 0) return null;
  }
  // DateFormat.parse(String) throws when nothing was consumed (only possible with an empty pattern).
  if (start === 0) return null;
  try {
    let time = calb.establish();
    if (state.ambiguousYear && time < BigInt(TWO_DIGIT_YEAR_CENTURY_START_MS)) {
      calb.addYear(100);
      time = calb.establish();
    }
    return time >= BigInt(Number.MIN_SAFE_INTEGER) && time <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(time) : null;
  } catch (e) {
    if (e instanceof InvalidCalendar) return null;
    throw e;
  }
}

/** One field of the pattern; returns the position after it, or -1 when it does not parse. */
function subParse(
  text: string,
  start: number,
  patternIndex: number,
  count: number,
  obeyCount: boolean,
  state: { ambiguousYear: boolean },
  calb: Builder,
): number {
  let pos = start;
  for (;;) {
    if (pos >= text.length) return -1;
    const c = text.charCodeAt(pos);
    if (c !== 0x20 && c !== 0x09) break;
    pos++;
  }
  const actualStart = pos;
  const readNumber = (): { value: number; end: number } | null => {
    if (!obeyCount) return parseJavaInteger(text, pos);
    if (start + count > text.length) return null;
    return parseJavaInteger(text.slice(0, start + count), pos);
  };

  let value = 0;
  if (
    patternIndex === P_HOUR_OF_DAY1 ||
    patternIndex === P_HOUR1 ||
    ((patternIndex === P_MONTH || patternIndex === P_MONTH_STANDALONE) && count <= 2) ||
    patternIndex === P_YEAR ||
    patternIndex === P_WEEK_YEAR
  ) {
    const number = readNumber();
    if (number === null) return -1;
    value = number.value;
    pos = number.end;
  }

  const setMatch = (field: number, match: [number, number] | null): number => {
    if (match === null) return -1;
    calb.set(field, match[0]);
    return match[1];
  };

  switch (patternIndex) {
    case P_ERA:
      return setMatch(ERA, matchLongest(text, start, ERA_NAMES));
    case P_YEAR:
    case P_WEEK_YEAR:
      if (
        count <= 2 &&
        pos - actualStart === 2 &&
        digitValue(text.charCodeAt(actualStart)) >= 0 &&
        digitValue(text.charCodeAt(actualStart + 1)) >= 0
      ) {
        const ambiguousTwoDigitYear = CENTURY_START_YEAR % 100;
        state.ambiguousYear = value === ambiguousTwoDigitYear;
        value += Math.trunc(CENTURY_START_YEAR / 100) * 100 + (value < ambiguousTwoDigitYear ? 100 : 0);
      }
      calb.set(PATTERN_FIELD[patternIndex], value);
      return pos;
    case P_MONTH:
    case P_MONTH_STANDALONE:
      if (count <= 2) {
        calb.set(MONTH, (value - 1) | 0);
        return pos;
      }
      return setMatch(MONTH, matchLongest(text, start, MONTH_NAMES));
    case P_HOUR_OF_DAY1:
      calb.set(HOUR_OF_DAY, value === 24 ? 0 : value);
      return pos;
    case P_DAY_OF_WEEK:
      return setMatch(
        DAY_OF_WEEK,
        matchLongest(text, start, LONG_WEEKDAY_NAMES) ?? matchLongest(text, start, SHORT_WEEKDAY_NAMES),
      );
    case P_AM_PM:
      return setMatch(AM_PM, matchLongest(text, start, AM_PM_NAMES));
    case P_HOUR1:
      calb.set(HOUR, value === 12 ? 0 : value);
      return pos;
    case P_ZONE_NAME:
    case P_ZONE_VALUE:
      return parseZone(text, start, pos, calb);
    case P_ISO_ZONE: {
      const c = text.charCodeAt(pos);
      if (c === 0x5a /* Z */) {
        calb.set(ZONE_OFFSET, 0).set(DST_OFFSET, 0);
        return pos + 1;
      }
      if (c !== 0x2b && c !== 0x2d) return -1;
      return parseNumericZone(text, pos + 1, c === 0x2b ? 1 : -1, count, count === 3, calb);
    }
    default: {
      const number = readNumber();
      if (number === null) return -1;
      calb.set(PATTERN_FIELD[patternIndex], number.value);
      return number.end;
    }
  }
}

/** `z` and `Z`: GMT[±h:mm], ±hhmm, or a zone name. */
function parseZone(text: string, start: number, pos: number, calb: Builder): number {
  const c = text.charCodeAt(pos);
  if (c === 0x2b || c === 0x2d) return parseNumericZone(text, pos + 1, c === 0x2b ? 1 : -1, 0, false, calb);
  if ((c === 0x47 || c === 0x67) && regionMatchesIgnoreCase(text, start, 'GMT')) {
    const after = start + 3;
    const s = after < text.length ? text.charCodeAt(after) : 0;
    if (s !== 0x2b && s !== 0x2d) {
      calb.set(ZONE_OFFSET, 0).set(DST_OFFSET, 0);
      return after;
    }
    return parseNumericZone(text, after + 1, s === 0x2b ? 1 : -1, 0, true, calb);
  }
  // subParseZoneString: the formatter's own zone (UTC) first, then Java's whole table, of which only the
  // offset-0 "GMT" zone is reproduced. Matching either leaves the offset to the zone (0): no field is set.
  for (const names of [UTC_ZONE_NAMES, GMT_ZONE_NAMES]) {
    for (const name of names) if (regionMatchesIgnoreCase(text, pos, name)) return pos + name.length;
  }
  return -1;
}

/** SimpleDateFormat.subParseNumericZone: hh[[:]mm] after the sign; count 1 = hours only. */
function parseNumericZone(text: string, start: number, sign: number, count: number, colon: boolean, calb: Builder): number {
  let index = start;
  const next = (): number => (index < text.length ? text.charCodeAt(index++) : -1);
  const isDigit = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;
  let c = next();
  if (!isDigit(c)) return -1;
  let hours = c - 0x30;
  c = next();
  if (isDigit(c)) {
    hours = hours * 10 + (c - 0x30);
  } else {
    if (count > 0 || !colon || c === -1) return -1;
    index--;
  }
  if (hours > 23) return -1;
  let minutes = 0;
  if (count !== 1) {
    c = next();
    if (colon) {
      if (c !== 0x3a) return -1;
      c = next();
    }
    if (!isDigit(c)) return -1;
    minutes = c - 0x30;
    c = next();
    if (!isDigit(c)) return -1;
    minutes = minutes * 10 + (c - 0x30);
    if (minutes > 59) return -1;
  }
  minutes += hours * 60;
  calb.set(ZONE_OFFSET, minutes * 60_000 * sign).set(DST_OFFSET, 0);
  return index;
}
