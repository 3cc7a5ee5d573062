import { daysFromCivil } from '../../../../../lambda/engine/sql/calendar';
import {
  checkUescapeChar,
  decodeUnicodeString,
  parseDateText,
  parseIntervalText,
  parseTimeText,
  parseTimestampText,
  type LiteralResult,
} from '../../../../../lambda/engine/sql/syntax/literals';
import type { TimeUnit } from '../../../../../lambda/engine/sql/syntax/tokens';
import { Interval } from '../../../../../lambda/engine/sql/types';

const value = <T>(r: LiteralResult<T>): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const message = <T>(r: LiteralResult<T>): string => (r.ok ? 'ok' : r.message);

const interval = (text: string, from: TimeUnit, to?: TimeUnit, sign: 1 | -1 = 1): Interval => value(parseIntervalText(text, from, to, sign));

describe('interval text', () => {
  it('reads single fields in their unit', () => {
    expect(interval('60', 'SECOND')).toEqual(new Interval('DAY_TIME', 60_000));
    expect(interval('1', 'MINUTE')).toEqual(new Interval('DAY_TIME', 60_000));
    expect(interval('2', 'HOUR')).toEqual(new Interval('DAY_TIME', 7_200_000));
    expect(interval('3', 'DAY')).toEqual(new Interval('DAY_TIME', 259_200_000));
    expect(interval('2', 'YEAR')).toEqual(new Interval('YEAR_MONTH', 24));
    expect(interval('5', 'MONTH')).toEqual(new Interval('YEAR_MONTH', 5));
  });

  it('reads the compound forms of sqlref (1:30 hours to minutes is 90 minutes)', () => {
    expect(interval('1:30', 'HOUR', 'MINUTE')).toEqual(new Interval('DAY_TIME', 90 * 60_000));
    expect(interval('3 4', 'DAY', 'HOUR')).toEqual(new Interval('DAY_TIME', 76 * 3_600_000));
    expect(interval('2 3:4:5.678', 'DAY', 'SECOND')).toEqual(new Interval('DAY_TIME', ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000 + 678));
    expect(interval('3-4', 'YEAR', 'MONTH')).toEqual(new Interval('YEAR_MONTH', 40));
    expect(interval('1 02:03', 'DAY', 'MINUTE')).toEqual(new Interval('DAY_TIME', (26 * 60 + 3) * 60_000));
    expect(interval('1:02:03', 'HOUR', 'SECOND')).toEqual(new Interval('DAY_TIME', 3_723_000));
    expect(interval('6:11', 'MINUTE', 'SECOND')).toEqual(new Interval('DAY_TIME', 371_000));
  });

  it('applies a sign inside the text and a sign before it, which cancel', () => {
    expect(interval('-2 04', 'DAY', 'HOUR')).toEqual(new Interval('DAY_TIME', -52 * 3_600_000));
    expect(interval('1', 'DAY', undefined, -1)).toEqual(new Interval('DAY_TIME', -86_400_000));
    expect(interval('-1', 'DAY', undefined, -1)).toEqual(new Interval('DAY_TIME', 86_400_000));
    expect(interval(' +4 04 ', 'DAY', 'HOUR')).toEqual(new Interval('DAY_TIME', 100 * 3_600_000));
  });

  it('lets the leading field exceed its usual range and truncates below milliseconds', () => {
    expect(interval('120', 'SECOND')).toEqual(new Interval('DAY_TIME', 120_000));
    expect(interval('90:00', 'MINUTE', 'SECOND')).toEqual(new Interval('DAY_TIME', 5_400_000));
    expect(interval('1.5', 'SECOND')).toEqual(new Interval('DAY_TIME', 1500));
    expect(interval('1.23456', 'SECOND')).toEqual(new Interval('DAY_TIME', 1234));
  });

  it('says what shape it expected, or which field is out of range', () => {
    expect(message(parseIntervalText('1:30', 'HOUR', undefined, 1))).toBe("interval literal '1:30' does not match HOUR (expected 'H')");
    expect(message(parseIntervalText('abc', 'DAY', 'SECOND', 1))).toBe(
      "interval literal 'abc' does not match DAY TO SECOND (expected 'D H:M:S[.fff]')",
    );
    expect(message(parseIntervalText('1:75', 'HOUR', 'MINUTE', 1))).toBe("interval literal '1:75': MINUTE field 75 is out of range (0-59)");
    expect(message(parseIntervalText('1 24', 'DAY', 'HOUR', 1))).toBe("interval literal '1 24': HOUR field 24 is out of range (0-23)");
    expect(message(parseIntervalText('1-12', 'YEAR', 'MONTH', 1))).toBe("interval literal '1-12': MONTH field 12 is out of range (0-11)");
    expect(message(parseIntervalText('99999999999999', 'DAY', undefined, 1))).toBe("interval literal '99999999999999' is out of range");
    expect(message(parseIntervalText('1', 'MINUTE', 'HOUR', 1))).toBe('MINUTE TO HOUR is not a valid interval qualifier');
  });
});

describe('datetime text', () => {
  it('computes days from the civil calendar, before and after the epoch', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2024, 2, 29) * 86_400_000).toBe(Date.UTC(2024, 1, 29));
  });

  it('reads DATE, TIME and TIMESTAMP into the engine representation', () => {
    expect(value(parseDateText('2004-09-30'))).toBe(Date.UTC(2004, 8, 30));
    expect(value(parseTimeText('12:03:34'))).toBe((12 * 3600 + 3 * 60 + 34) * 1000);
    expect(value(parseTimeText('12:03'))).toBe((12 * 3600 + 3 * 60) * 1000);
    expect(value(parseTimestampText('1970-01-01 00:00:00'))).toBe(0);
    expect(value(parseTimestampText('2016-09-23 04:29:26.234'))).toBe(Date.UTC(2016, 8, 23, 4, 29, 26, 234));
    expect(value(parseTimestampText('2016-09-23 04:29:26.2'))).toBe(Date.UTC(2016, 8, 23, 4, 29, 26, 200));
    expect(value(parseTimestampText(' 0099-1-2 3:04:05 '))).toBe(daysFromCivil(99, 1, 2) * 86_400_000 + 11_045_000);
  });

  it('rejects other shapes and impossible dates and times', () => {
    expect(message(parseTimestampText('2020-01-01'))).toBe("TIMESTAMP literal '2020-01-01' is not 'yyyy-mm-dd hh:mm:ss[.fff]'");
    expect(message(parseDateText('01/02/2020'))).toBe("DATE literal '01/02/2020' is not 'yyyy-mm-dd'");
    expect(message(parseTimeText('noon'))).toBe("TIME literal 'noon' is not 'hh:mm:ss[.fff]'");
    expect(message(parseDateText('2021-02-29'))).toBe("'2021-02-29' has day 29, which is not in 2021-02");
    expect(message(parseDateText('2021-13-01'))).toBe("'2021-13-01' has month 13, which is not 1-12");
    expect(message(parseTimestampText('2021-01-01 24:00:00'))).toBe("'2021-01-01 24:00:00' has hour 24, which is not 0-23");
    expect(message(parseTimeText('10:60:00'))).toBe("'10:60:00' has minute 60, which is not 0-59");
    expect(message(parseTimeText('10:00:60'))).toBe("'10:00:60' has second 60, which is not 0-59");
  });
});

describe('Unicode strings', () => {
  it('decodes 4- and 6-digit escapes and a doubled escape character', () => {
    expect(value(decodeUnicodeString('\\0009', '\\'))).toBe('\t');
    expect(value(decodeUnicodeString('back\\\\slash', '\\'))).toBe('back\\slash');
    expect(value(decodeUnicodeString('\\+01F600!', '\\'))).toBe('😀!');
    expect(value(decodeUnicodeString('!0009!!', '!'))).toBe('\t!');
  });

  it('rejects bad escapes and bad UESCAPE characters', () => {
    expect(message(decodeUnicodeString('\\12', '\\'))).toBe("bad Unicode escape '\\12' (expected \\XXXX or \\+XXXXXX in hex)");
    expect(message(decodeUnicodeString('\\+110000', '\\'))).toBe("Unicode escape '\\+110000' is beyond U+10FFFF");
    expect(checkUescapeChar('!')).toBeUndefined();
    expect(checkUescapeChar('ab')).toBe("UESCAPE needs exactly one character, not 'ab'");
    expect(checkUescapeChar('A')).toBe("'A' cannot be the UESCAPE character");
  });
});
