import fc from 'fast-check';

import {
  compileSimpleDateFormat,
  DateFormatError,
  TWO_DIGIT_YEAR_CENTURY_START_MS,
  TWO_DIGIT_YEAR_REFERENCE_MS,
} from '../../../../../lambda/engine/sql/functions/simple-date-format';

// Unless a case says otherwise, every expected value below was produced by the real
// java.text.SimpleDateFormat (OpenJDK 17): new SimpleDateFormat(pattern, Locale.US) with
// setTimeZone(UTC) and set2DigitYearStart(1940-01-01T00:00:00Z), lenient, format(new Date(ms)) or
// parse(String). A ParseException is recorded as null.

const iso = (text: string): number => Date.parse(text);
const format = (pattern: string, ms: number): string => compileSimpleDateFormat(pattern).format(ms);
const parse = (pattern: string, text: string): number | null => compileSimpleDateFormat(pattern).parse(text);

describe('compileSimpleDateFormat: invalid patterns fail at compile time', () => {
  // Java: IllegalArgumentException "Illegal pattern character 'x'" for each of these letters.
  const reserved = 'bcefgijlnopqrtvxABCIJNOPQRTUV'.split('');

  it.each(reserved)('reserved letter %s throws DateFormatError naming the pattern and position', (letter) => {
    const pattern = `yyyy-MM-dd ${letter}`;
    let error: unknown;
    try {
      compileSimpleDateFormat(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DateFormatError);
    expect(error).toBeInstanceOf(Error);
    const e = error as DateFormatError;
    expect(e.pattern).toBe(pattern);
    expect(e.position).toBe(11);
    expect(e.message).toBe(
      `Invalid SimpleDateFormat pattern ${JSON.stringify(pattern)} at position 11: illegal pattern character '${letter}'`,
    );
    expect(e.name).toBe('DateFormatError');
  });

  it('accepts every Java pattern letter, alone and repeated', () => {
    for (const letter of 'GyMdkHmsSEDFwWahKzZYuXL') {
      for (const count of [1, 2, 3]) expect(() => compileSimpleDateFormat(letter.repeat(count))).not.toThrow();
    }
  });

  it('rejects an unterminated quote, at the opening quote (Java: "Unterminated quote")', () => {
    expect(() => compileSimpleDateFormat("yyyy-MM-dd'T")).toThrow(
      new DateFormatError("yyyy-MM-dd'T", 10, 'unterminated quote'),
    );
    expect(() => compileSimpleDateFormat("'")).toThrow('at position 0: unterminated quote');
    // '' is a literal quote, so the third quote opens an unterminated section.
    expect(() => compileSimpleDateFormat("'''")).toThrow('at position 2: unterminated quote');
  });

  it('rejects X repeated four or more times (Java: "invalid ISO 8601 format: length=4")', () => {
    expect(() => compileSimpleDateFormat('HH:mm XXXX')).toThrow(
      'Invalid SimpleDateFormat pattern "HH:mm XXXX" at position 6: invalid ISO 8601 format: length=4',
    );
    // Java reports the X run before it reaches the quote.
    expect(() => compileSimpleDateFormat("XXXXX'open")).toThrow('at position 0: invalid ISO 8601 format: length=5');
    expect(() => compileSimpleDateFormat('XXX')).not.toThrow();
  });

  it('reports the first problem in pattern order', () => {
    expect(() => compileSimpleDateFormat("q'")).toThrow("at position 0: illegal pattern character 'q'");
  });

  it('treats non-ASCII letters and other characters as literals', () => {
    expect(format('yyyy年MM月dd日', iso('2009-09-16T03:15:24.123Z'))).toBe('2009年09月16日');
    expect(parse('yyyy年MM月dd日', '2009年09月16日')).toBe(iso('2009-09-16T00:00:00Z'));
  });
});

describe('TIMESTAMP_TO_CHAR (format)', () => {
  const DOC = iso('2009-09-16T03:15:24.123Z'); // the CHAR_TO_TIMESTAMP page's instant
  const JAVADOC = iso('2001-07-04T12:08:56.235Z'); // the SimpleDateFormat Javadoc's instant
  const PM = iso('2009-09-16T15:04:05.006Z');
  const NOON = iso('2010-06-01T12:00:00.000Z');
  const HALF_PAST_MIDNIGHT = iso('2010-06-01T00:30:00.000Z');
  const CUTOVER = -12219292800000; // 1582-10-15T00:00Z, the first Gregorian day
  const LAST_JULIAN_MS = CUTOVER - 1; // prints as 1582-10-04 (the Julian calendar)
  const JULIAN_0009 = -61883308800000; // 0009-01-01 Julian = 0008-12-30 proleptic Gregorian
  const BC_1_DEC_31 = -62135856000000;

  const cases: readonly [string, number, string][] = [
    // Patterns from the KDA documentation and examples.
    ['yyyy-MM-dd hh:mm:ss', DOC, '2009-09-16 03:15:24'],
    ['yyyy-MM-dd hh:mm:ss', PM, '2009-09-16 03:04:05'], // hh is the 12-hour clock
    ['yyyy-MM-dd HH:mm:ss', DOC, '2009-09-16 03:15:24'],
    ['yyyy-MM-dd HH:mm:ss.SSS', PM, '2009-09-16 15:04:05.006'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSS", DOC, '2009-09-16T03:15:24.123'], // SQL 'yyyy-MM-dd''T''HH:mm:ss.SSS'
    ['yyyy-MM-dd', DOC, '2009-09-16'],
    ['HH:mm:ss', DOC, '03:15:24'],
    // The java.text.SimpleDateFormat Javadoc examples, in UTC.
    ["yyyy.MM.dd G 'at' HH:mm:ss z", JAVADOC, '2001.07.04 AD at 12:08:56 UTC'],
    ["EEE, MMM d, ''yy", JAVADOC, "Wed, Jul 4, '01"],
    ['h:mm a', JAVADOC, '12:08 PM'],
    ["hh 'o''clock' a, zzzz", JAVADOC, "12 o'clock PM, Coordinated Universal Time"],
    ['K:mm a, z', JAVADOC, '0:08 PM, UTC'],
    ['yyyyy.MMMMM.dd GGG hh:mm aaa', JAVADOC, '02001.July.04 AD 12:08 PM'],
    ['EEE, d MMM yyyy HH:mm:ss Z', JAVADOC, 'Wed, 4 Jul 2001 12:08:56 +0000'],
    ['yyMMddHHmmssZ', JAVADOC, '010704120856+0000'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", JAVADOC, '2001-07-04T12:08:56.235+0000'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", JAVADOC, '2001-07-04T12:08:56.235Z'],
    ["YYYY-'W'ww-u", JAVADOC, '2001-W27-3'],
    // Every letter at several widths.
    ['G GGGG y yy yyy yyyy yyyyy', DOC, 'AD AD 2009 09 2009 2009 02009'],
    ['M MM MMM MMMM MMMMM L LL LLL LLLL', DOC, '9 09 Sep September September 9 09 Sep September'],
    ['d dd D DDD F W w ww', DOC, '16 16 259 259 3 3 38 38'],
    ['E EEE EEEE u uu', DOC, 'Wed Wed Wednesday 3 03'],
    ['m mm s ss S SS SSS SSSS', DOC, '15 15 24 24 123 123 123 0123'],
    ['z zzzz Z ZZZZ X XX XXX', DOC, 'UTC Coordinated Universal Time +0000 +0000 Z Z Z'],
    ['a h hh K KK H HH k kk', PM, 'PM 3 03 3 03 15 15 15 15'],
    ['a h hh K KK H HH k kk', NOON, 'PM 12 12 0 00 12 12 12 12'],
    ['a h hh K KK H HH k kk', HALF_PAST_MIDNIGHT, 'AM 12 12 0 00 0 00 24 24'],
    // Quoting.
    ["'yyyy' '' 'It''s' é", DOC, "yyyy ' It's é"],
    ['', DOC, ''],
    // Around the epoch.
    ['yyyy-MM-dd HH:mm:ss.SSS', 0, '1970-01-01 00:00:00.000'],
    ['yyyy-MM-dd HH:mm:ss.SSS', -1, '1969-12-31 23:59:59.999'],
    // The Julian/Gregorian cutover: 1582-10-04 (Thursday) is followed by 1582-10-15 (Friday).
    ['G yyyy-MM-dd E D w', CUTOVER, 'AD 1582-10-15 Fri 278 40'],
    ['G yyyy-MM-dd HH:mm:ss.SSS E D w', LAST_JULIAN_MS, 'AD 1582-10-04 23:59:59.999 Thu 277 40'],
    ['G yyyy-MM-dd', JULIAN_0009, 'AD 0009-01-01'],
    ['G yyyy-MM-dd E', BC_1_DEC_31, 'BC 0001-12-31 Fri'],
    ['G y Y', BC_1_DEC_31, 'BC 1 1'],
    // Week years (US weeks: Sunday first, week 1 contains January 1).
    ['yyyy-MM-dd E YYYY-ww-u W', iso('2008-12-28T00:00:00Z'), '2008-12-28 Sun 2009-01-7 5'],
    ['yyyy-MM-dd E YYYY-ww-u D', iso('2011-01-01T00:00:00Z'), '2011-01-01 Sat 2011-01-6 1'],
    ['yyyy-MM-dd E YYYY YY-ww-u D', iso('2012-12-31T23:59:59.999Z'), '2012-12-31 Mon 2013 13-01-1 366'],
    // The extremes of exact epoch milliseconds.
    ['G yyyy-MM-dd HH:mm:ss.SSS E w W D F u Y', Number.MAX_SAFE_INTEGER, 'AD 287396-10-12 08:59:00.991 Wed 42 3 286 2 3 287396'],
    ['G yyyy-MM-dd HH:mm:ss.SSS E w W D F u Y', Number.MIN_SAFE_INTEGER, 'BC 283452-01-16 15:00:59.009 Thu 3 3 16 3 4 -283451'],
  ];

  it.each(cases)('format(%j, %d) = %j', (pattern, ms, expected) => {
    expect(format(pattern, ms)).toBe(expected);
  });

  it('pads to the letter count, up to DecimalFormat’s 309 digits', () => {
    expect(format('S'.repeat(5), 5)).toBe('00005');
    expect(format('S'.repeat(320), 5)).toBe(`${'0'.repeat(308)}5`);
  });

  it('rejects values that are not integral epoch milliseconds', () => {
    const f = compileSimpleDateFormat('yyyy');
    expect(() => f.format(1.5)).toThrow(RangeError);
    expect(() => f.format(Number.NaN)).toThrow(RangeError);
    expect(() => f.format(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('CHAR_TO_TIMESTAMP (parse): the AWS reference examples', () => {
  // sqlref/sql-reference-char-to-timestamp and sqlref/sql-reference-template-strings-create-output-timestamps.
  it('yyyy-hh-mm on "2009-09-16 03:15:24" is 2009-01-01 09:16:00, the SimpleDateFormat result (fact sheet §1 item 4)', () => {
    expect(parse('yyyy-hh-mm', '2009-09-16 03:15:24')).toBe(iso('2009-01-01T09:16:00Z'));
  });

  const documented: readonly [string, string, number | null][] = [
    ['yyyy-MM-dd', '2009-09-16 03:15:24', iso('2009-09-16T00:00:00Z')],
    ['MM/dd/yy hh:mm:ss', '09/16/11 03:15:24', iso('2011-09-16T03:15:24Z')],
    ['yyyy', '09-16 03:15', -61883308800000], // prints as 0009-01-01 (Julian), as documented
    ['yyyy', '16 03:15', -61662470400000], // prints as 0016-01-01
    ['yyyy', '2009-09-16 03:15:24', iso('2009-01-01T00:00:00Z')],
    ['yyyy hh', '2009-09-16 03:15:24', null], // "No rows selected": the space does not match the dash
    ['yyyy-hh', '2009-09-16 03:15:24', iso('2009-01-01T09:00:00Z')],
    ['yyyy hh', '2009 09 16 03:15:24', iso('2009-01-01T09:00:00Z')],
    ['yyyy/hh', '2009/09/16 03:15:24', iso('2009-01-01T09:00:00Z')],
    ['yyyy-mm', '2009-09-16 03:15:24', iso('2009-01-01T00:09:00Z')],
    ['yyyy-MM-dd hh:mm:ss', '2009-09-16 03:15:24', iso('2009-09-16T03:15:24Z')],
    ['yyyy-mm', '2011-02-08 07:23:19', iso('2011-01-01T00:02:00Z')],
    ['MMM dd, yyyy', 'March 7, 2010', iso('2010-03-07T00:00:00Z')],
    ['MMM dd yyyy', 'March 7, 2010', null], // "If the template lacks the comma, so must the input string"
    ['MMM dd,', 'March 7, 2010', iso('1970-03-07T00:00:00Z')],
    ['MMM dd,y', 'March 7, 2010', iso('2010-03-07T00:00:00Z')],
    ['M-d', '2-8', iso('1970-02-08T00:00:00Z')],
    ['M-d', '2-8-2011', iso('1970-02-08T00:00:00Z')], // the page prints the dashes as – and −
    ['MM-dd-yyyy', '06-23-2011 10:11:12', iso('2011-06-23T00:00:00Z')],
    ['dd-MM-yy hh:mm:ss', '23-06-11 10:11:12', iso('2011-06-23T10:11:12Z')],
    ['MM-dd-yy ss:hh:mm', '06-23-11 12:10:11', iso('2011-06-23T10:11:12Z')],
    ['yy-dd-MM ss:hh:mm', '06-23-11 12:10:11', iso('2006-11-23T10:11:12Z')],
  ];

  it.each(documented)('parse(%j, %j)', (pattern, text, expected) => {
    expect(parse(pattern, text)).toBe(expected);
  });

  it('where the page disagrees with lenient SimpleDateFormat, Java’s result is reproduced', () => {
    // Page: 'March 7, 10' with 'MMM dd,y' gives 0010-03-07. Java: a single y reading two digits is a
    // two-digit year, so it is 2010.
    expect(parse('MMM dd,y', 'March 7, 10')).toBe(iso('2010-03-07T00:00:00Z'));
    // Page: "No rows selected" because 2009 is not a month. Lenient Java rolls month 2009 over.
    expect(parse('MM/dd/yy hh:mm:ss', '2009/09/16 03:15:24')).toBe(iso('2183-05-09T03:15:24Z'));
    // Page: '2011-2-8' gives no result. Lenient Java: month 2011.
    expect(parse('M-d', '2011-2-8')).toBe(iso('2137-07-02T00:00:00Z'));
    // Page: with MM = 2, dd cannot be 30. Lenient Java: March 2.
    expect(parse('yyyy-MM-dd', '2009-02-30')).toBe(iso('2009-03-02T00:00:00Z'));
    // The page's typographic dashes do not match the pattern's '-'.
    expect(parse('M-d', '2\u20138\u22122011')).toBeNull();
  });
});

describe('CHAR_TO_TIMESTAMP (parse): SimpleDateFormat semantics', () => {
  const cases: readonly [string, string, number | null][] = [
    // A numeric field directly followed by another reads exactly its letter count.
    ['yyyyMMddHHmmss', '20090916031524', iso('2009-09-16T03:15:24Z')],
    ['yyyyMMddHHmmssSSS', '20090916031524123', iso('2009-09-16T03:15:24.123Z')],
    ['yyyyMMdd', '2009916', iso('2016-07-06T00:00:00Z')], // MM takes "91"
    ['HHmm', '930', iso('1970-01-04T21:00:00Z')], // HH takes "93"
    // Otherwise a field reads all its digits (fewer or more than the count).
    ['yyyy-MM-dd', '2009-9-6', iso('2009-09-06T00:00:00Z')],
    ['yy', '2009', iso('2009-01-01T00:00:00Z')],
    ['yy', '9', -61883308800000], // year 9: only exactly two digits are a two-digit year
    ['yyyy', '09', -61883308800000], // year 9: yyyy never adjusts
    // The two-digit-year window: 1940-01-01T00:00Z (reference 2020-01-01 minus 80 years) … 2039.
    ['yy', '39', iso('2039-01-01T00:00:00Z')],
    ['yy', '40', iso('1940-01-01T00:00:00Z')],
    ['yy', '99', iso('1999-01-01T00:00:00Z')],
    ['yy', '00', iso('2000-01-01T00:00:00Z')],
    ['y', '10', iso('2010-01-01T00:00:00Z')],
    ['yy-MM', '40-01', iso('1940-01-01T00:00:00Z')],
    ['yy-MM', '40-00', iso('2039-12-01T00:00:00Z')], // "40" landed before the window start: +100 years
    // Lenient rollover.
    ['yyyy-MM-dd', '2009-13-01', iso('2010-01-01T00:00:00Z')],
    ['yyyy-MM-dd', '2009-00-00', iso('2008-11-30T00:00:00Z')],
    ['yyyy-MM-dd', '2009--1-10', iso('2008-11-10T00:00:00Z')],
    ['yyyy-MM-dd HH:mm:ss', '2009-12-31 24:00:00', iso('2010-01-01T00:00:00Z')],
    ['yyyy-MM-dd HH:mm:ss', '2009-12-31 23:59:60', iso('2010-01-01T00:00:00Z')],
    ['HH:mm', '10:75', iso('1970-01-01T11:15:00Z')],
    ['kk:mm', '24:30', iso('1970-01-01T00:30:00Z')],
    ['hh:mm a', '12:30 AM', iso('1970-01-01T00:30:00Z')],
    ['hh:mm a', '12:30 pm', iso('1970-01-01T12:30:00Z')],
    ['hh:mm a', '13:30 PM', iso('1970-01-02T01:30:00Z')],
    ['KK:mm a', '11:30 PM', iso('1970-01-01T23:30:00Z')],
    ["h 'o''clock' a", "3 o'clock PM", iso('1970-01-01T15:00:00Z')],
    // Trailing text is ignored; a short text fails.
    ['yyyy-MM-dd', '2009-09-16T03:15:24Z', iso('2009-09-16T00:00:00Z')],
    ["yyyy-MM-dd'T'HH:mm:ss", '2009-09-16 03:15:24', null],
    ['yyyy-MM-dd', '2009-09', null],
    ['yyyy-MM-dd', 'abc', null],
    ['yyyy', '', null],
    ['', '', null],
    ['', '2009', null], // DateFormat.parse(String) rejects an empty match
    // Spaces and tabs before a field are skipped, but not before text fields.
    ['yyyy-MM-dd', '  2009-09-16', iso('2009-09-16T00:00:00Z')],
    ['yyyy-MM-dd', '2009-\t09-16', iso('2009-09-16T00:00:00Z')],
    ['yyyy MMM dd', '2009  Sep 16', null],
    ['yyyy MM', '2009\u00a009', null], // Java 17: a pattern space matches only U+0020
    // Text fields: case-insensitive, longest match, short or long names.
    ['MMM', 'sept', iso('1970-09-01T00:00:00Z')],
    ['MMMM dd', 'SEPTEMBER 16', iso('1970-09-16T00:00:00Z')],
    ['MMMM dd', 'Sep 16', iso('1970-09-16T00:00:00Z')],
    ['MMM dd', 'September 16', iso('1970-09-16T00:00:00Z')],
    ['LLL yyyy', 'Sep 2009', iso('2009-09-01T00:00:00Z')],
    ['EEE, d MMM yyyy', 'Wed, 16 Sep 2009', iso('2009-09-16T00:00:00Z')],
    ['EEEE, d MMMM yyyy', 'wednesday, 16 september 2009', iso('2009-09-16T00:00:00Z')],
    ['EEE yyyy-MM-dd', 'Fri 2009-09-16', iso('2009-09-16T00:00:00Z')], // the day of month wins over E
    ['G yyyy-MM-dd', 'BC 0001-12-31', -62135856000000],
    ['G yyyy-MM-dd', 'Anno Domini 2009-09-16', iso('2009-09-16T00:00:00Z')],
    // Other date forms.
    ['D yyyy', '256 2009', iso('2009-09-13T00:00:00Z')],
    ['yyyy-ww-E', '2009-38-Wed', iso('2009-09-16T00:00:00Z')],
    ['yyyy-MM-W-E', '2009-09-3-Wed', iso('2009-09-16T00:00:00Z')],
    ['yyyy-MM-F-E', '2009-09-3-Wed', iso('2009-09-16T00:00:00Z')],
    ['YYYY-ww-u', '2009-01-1', iso('2008-12-29T00:00:00Z')],
    ['YYYY-ww-u', '2010-53-7', iso('2010-12-26T00:00:00Z')],
    ['YYYY', '2009', iso('2008-12-28T00:00:00Z')],
    // The hybrid calendar: 1582-10-04 (Julian) is the day before 1582-10-15 (Gregorian).
    ['yyyy-MM-dd', '1582-10-04', -12219379200000],
    ['yyyy-MM-dd', '1582-10-15', -12219292800000],
    ['yyyy-MM-dd', '1582-10-10', -12218860800000], // a missing day reads as Julian
    // Zones.
    ['yyyy-MM-dd HH:mm:ss Z', '2009-09-16 03:15:24 -0800', iso('2009-09-16T11:15:24Z')],
    ['yyyy-MM-dd HH:mm:ss Z', '2009-09-16 03:15:24 +05:30', null],
    ['yyyy-MM-dd HH:mm:ss z', '2009-09-16 03:15:24 GMT+05:30', iso('2009-09-15T21:45:24Z')],
    ['yyyy-MM-dd HH:mm:ss z', '2009-09-16 03:15:24 GMT', iso('2009-09-16T03:15:24Z')],
    ['yyyy-MM-dd HH:mm:ss z', '2009-09-16 03:15:24 UTC', iso('2009-09-16T03:15:24Z')],
    ['yyyy-MM-dd HH:mm:ss z', '2009-09-16 03:15:24 Coordinated Universal Time', iso('2009-09-16T03:15:24Z')],
    ['HH:mm z', '10:00 Greenwich Mean Time', iso('1970-01-01T10:00:00Z')],
    ['HH:mm z', '10:00  GMT', iso('1970-01-01T10:00:00Z')],
    ['HH:mmz', '10:00 utc', iso('1970-01-01T10:00:00Z')],
    ['yyyy-MM-dd HH:mm:ss z', '2009-09-16 03:15:24 Z', null],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2009-09-16T03:15:24.123Z', iso('2009-09-16T03:15:24.123Z')],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2009-09-16T03:15:24.123-07:00', iso('2009-09-16T10:15:24.123Z')],
    ["yyyy-MM-dd'T'HH:mm:ssX", '2009-09-16T03:15:24+05', iso('2009-09-15T22:15:24Z')],
    ["yyyy-MM-dd'T'HH:mm:ssXX", '2009-09-16T03:15:24+0530', iso('2009-09-15T21:45:24Z')],
    // S is a millisecond count, not a fraction.
    ['ss.S', '24.5', iso('1970-01-01T00:00:24.005Z')],
    ['ss.SSS', '24.5', iso('1970-01-01T00:00:24.005Z')],
    // DecimalFormat quirks: NaN is 0, an exponent is honoured, '.' ends the number, '+' is not a sign,
    // and any Unicode decimal digits count.
    ['yyyy', 'NaN', -62167392000000], // year 0 = 1 BC
    ['yyyy', '1E3', -30609792000000], // year 1000 (Julian)
    ['yyyy', '2009.5', iso('2009-01-01T00:00:00Z')],
    ['yyyy-MM', '2009-+1', null],
    ['yyyy', '\u0662\u0660\u0660\u0669', iso('2009-01-01T00:00:00Z')],
    ['yyyy', '\uff12\uff10\uff10\uff19', iso('2009-01-01T00:00:00Z')],
  ];

  it.each(cases)('parse(%j, %j)', (pattern, text, expected) => {
    expect(parse(pattern, text)).toBe(expected);
  });

  it('fixes the two-digit-year reference so the result never depends on the clock', () => {
    expect(new Date(TWO_DIGIT_YEAR_REFERENCE_MS).toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(new Date(TWO_DIGIT_YEAR_CENTURY_START_MS).toISOString()).toBe('1940-01-01T00:00:00.000Z');
  });
});

describe('documented deviations from a live Java formatter (not Java-verified: the behaviour chosen here)', () => {
  it('returns null for zone names other than UTC/GMT (Java resolves them through the tz database)', () => {
    // Java gives 1970-01-01T18:00Z for PST and 09:00Z for CET.
    expect(parse('HH:mm z', '10:00 PST')).toBeNull();
    expect(parse('HH:mm z', '10:00 CET')).toBeNull();
  });

  it('returns null when the result is not an exact epoch-millisecond number', () => {
    // Java: 9404918380800000 and -9529447392000000, beyond Number.MAX_SAFE_INTEGER.
    expect(parse('yyyy', '300000')).toBeNull();
    expect(parse('yyyy', '-300000')).toBeNull();
    expect(parse('yyyy', '200000')).toBe(6249223180800000); // Java: 6249223180800000
  });

  it('keeps no state between calls: parsing a zone name does not change later formatting', () => {
    const f = compileSimpleDateFormat('HH:mm z');
    expect(f.parse('10:00 Greenwich Mean Time')).toBe(iso('1970-01-01T10:00:00Z'));
    expect(f.format(0)).toBe('00:00 UTC'); // a reused Java formatter would now print GMT
  });
});

describe('properties', () => {
  const from1900 = Date.UTC(1900, 0, 1);
  const to2100 = Date.UTC(2100, 11, 31, 23, 59, 59, 999);
  const instants = fc.integer({ min: from1900, max: to2100 });

  // Each pattern determines the instant completely; Java round-trips them too (checked with 30,000
  // random instants per run of the differential harness).
  const fullPatterns = [
    'yyyy-MM-dd HH:mm:ss.SSS',
    'yyyyMMddHHmmssSSS',
    'EEE, d MMM yyyy HH:mm:ss.SSS Z',
    'G yyyy-MM-dd hh:mm:ss.SSS a',
    'yyyy-DDD HH:mm:ss.SSS',
    "YYYY-'W'ww-u HH:mm:ss.SSS",
    'MMMM d, yyyy h:mm:ss.SSS a zzzz',
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    'dd/MM/yyyy kk:mm:ss.SSS',
    'yyyy-MM-W-E HH:mm:ss.SSS',
    'yyyy-MM-F-E HH:mm:ss.SSS',
    'yyyy-MM-dd KK:mm:ss.SSS a',
  ];

  it.each(fullPatterns)('format then parse round-trips over 1900–2100: %s', (pattern) => {
    const f = compileSimpleDateFormat(pattern);
    fc.assert(fc.property(instants, (ms) => f.parse(f.format(ms)) === ms));
  });

  it('two-digit years round-trip inside the 1940–2039 window', () => {
    const f = compileSimpleDateFormat('yy-MM-dd HH:mm:ss.SSS');
    fc.assert(
      fc.property(fc.integer({ min: TWO_DIGIT_YEAR_CENTURY_START_MS, max: Date.UTC(2039, 11, 31, 23, 59, 59, 999) }), (ms) => {
        expect(f.parse(f.format(ms))).toBe(ms);
      }),
    );
  });

  it('every two-digit year lands in 1940–2039 with the same last two digits; yyyy reads it literally (0 = 1 BC)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), (n) => {
        const text = String(n).padStart(2, '0');
        const year = new Date(parse('yy', text) as number).getUTCFullYear();
        expect(year).toBeGreaterThanOrEqual(1940);
        expect(year).toBeLessThanOrEqual(2039);
        expect(year % 100).toBe(n);
        expect(format('Gyyyy', parse('yyyy', text) as number)).toBe(n === 0 ? 'BC0001' : `AD${String(n).padStart(4, '0')}`);
      }),
    );
  });

  it('formatting agrees with Date (proleptic Gregorian = Java’s calendar after 1582) over 1900–2100', () => {
    const f = compileSimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS|E|u|D");
    const shortDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    fc.assert(
      fc.property(instants, (ms) => {
        const d = new Date(ms);
        const dayOfYear = Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
        const isoDay = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
        expect(f.format(ms)).toBe(`${d.toISOString().slice(0, -1)}|${shortDays[d.getUTCDay()]}|${isoDay}|${dayOfYear}`);
      }),
    );
  });

  it('lenient parsing rolls out-of-range fields over exactly like Date.UTC', () => {
    const f = compileSimpleDateFormat('yyyy/MM/dd HH:mm:ss.SSS');
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 1900, max: 2100 }),
          fc.integer({ min: -30, max: 40 }),
          fc.integer({ min: -40, max: 80 }),
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 999 }),
          fc.integer({ min: 0, max: 999 }),
          fc.integer({ min: 0, max: 99_999 }),
        ),
        ([y, mo, d, h, mi, s, ms]) => {
          expect(f.parse(`${y}/${mo}/${d} ${h}:${mi}:${s}.${ms}`)).toBe(Date.UTC(y, mo - 1, d, h, mi, s, ms));
        },
      ),
    );
  });

  it('text after a complete match is ignored', () => {
    const f = compileSimpleDateFormat('yyyy-MM-dd HH:mm:ss.SSS');
    fc.assert(fc.property(instants, fc.string(), (ms, tail) => f.parse(`${f.format(ms)} ${tail}`) === ms));
  });
});
