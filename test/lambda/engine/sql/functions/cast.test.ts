import fc from 'fast-check';
import { Decimal, Interval, SqlType } from '../../../../../lambda/engine/sql/types';
import { SqlRuntimeError, SqlTypeError } from '../../../../../lambda/engine/sql/functions/numeric';
import { canCast, castValue, decimalLiteral, typeFromCast, valueToText } from '../../../../../lambda/engine/sql/functions/cast';
import { intervalType } from '../../../../../lambda/engine/sql/functions/datetime';
import { t, TINY, SMALL, INT, BIG, DBL, REAL, BOOL, TS, DATE, TIME, VARCHAR, vc, ch, dec, utc, errorOf, errorName } from '../support';

const HOUR = 3_600_000;


describe('valid conversions (sqlref/sql-reference-cast table)', () => {
  const numeric = [INT, BIG, SMALL, TINY, DBL, REAL, dec(10, 2)];
  const dayTime = intervalType({ start: 'DAY', end: 'SECOND' });

  const allowed: [SqlType, SqlType][] = [
    ...numeric.flatMap((n): [SqlType, SqlType][] => [[n, VARCHAR], [n, ch(10)], [n, DBL], [n, dec(5, 1)], [n, INT]]),
    [VARCHAR, DATE],
    [VARCHAR, TIME],
    [VARCHAR, TS],
    [VARCHAR, dayTime],
    [VARCHAR, BOOL],
    [ch(3), INT],
    [DATE, TS],
    [DATE, VARCHAR],
    [TIME, TS],
    [TS, TIME],
    [TS, DATE],
    [dayTime, BIG],
    [dayTime, dec(10, 3)],
    [dayTime, VARCHAR],
    [dayTime, intervalType({ start: 'HOUR' })],
    [BOOL, VARCHAR],
    [BOOL, BOOL],
    [t('BINARY', { length: 4 }), t('VARBINARY', { length: 2 })],
  ];
  it.each(allowed)('allows %p to %p', (from, to) => {
    expect(canCast(from, to)).toBe(true);
    expect(typeFromCast({ ...from, nullable: false }, to)).toEqual({ ...to, nullable: false });
  });

  const rejected: [SqlType, SqlType][] = [
    [INT, BOOL],
    [BOOL, INT],
    [DATE, INT],
    [DATE, TIME],
    [TIME, DATE],
    [TS, INT],
    [INT, TS],
    [intervalType({ start: 'DAY' }), INT],
    [intervalType({ start: 'DAY' }), DBL],
    [intervalType({ start: 'DAY' }), intervalType({ start: 'MONTH' })],
    [VARCHAR, t('BINARY', { length: 1 })],
    [t('VARBINARY'), VARCHAR],
    [INT, intervalType({ start: 'DAY' })],
  ];
  it.each(rejected)('rejects %p to %p at analysis time', (from, to) => {
    expect(canCast(from, to)).toBe(false);
    expect(() => typeFromCast(from, to)).toThrow(SqlTypeError);
    expect(() => castValue(null, from, to)).toThrow(SqlTypeError);
  });

  it('casts NULL to NULL', () => {
    expect(castValue(null, VARCHAR, INT)).toBeNull();
    expect(castValue(null, INT, VARCHAR)).toBeNull();
  });
});

describe('documented examples (sqlref/sql-reference-cast)', () => {
  const date = utc(2008, 8, 23);

  it("CAST(DATE '2008-08-23' AS VARCHAR(10)) = '2008-08-23'", () => {
    expect(castValue(date, DATE, vc(10))).toBe('2008-08-23');
  });

  it("CAST(DATE '2008-08-23' AS VARCHAR(9)) selects no row (the row fails)", () => {
    const e = errorOf(() => castValue(date, DATE, vc(9)));
    expect(e).toBeInstanceOf(SqlRuntimeError);
    expect(e).toMatchObject({ errorName: 'STRING_DATA_RIGHT_TRUNCATION' });
  });

  it('CAST(DATE … AS CHAR(n)) is blank-padded on the right', () => {
    expect(castValue(date, DATE, ch(16))).toBe('2008-08-23      ');
  });

  it('REAL/DECIMAL to INTEGER is rounded by the cast (… = -2)', () => {
    expect(castValue(-1.7, REAL, INT)).toBe(-2);
    expect(castValue(new Decimal(-15n, 1), dec(2, 1), INT)).toBe(-2);
    expect(castValue(-1.5, DBL, INT)).toBe(-2);
    expect(castValue(2.5, DBL, INT)).toBe(3);
    expect(castValue(2.4999, DBL, BIG)).toBe(2n);
    expect(castValue(new Decimal(1249n, 3), dec(4, 3), SMALL)).toBe(1);
  });

  it("CAST('2007-02-19 21:25:35' AS TIMESTAMP) parses 'yyyy-MM-dd HH:mm:ss[.SSS]'", () => {
    expect(castValue('2007-02-19 21:25:35', VARCHAR, TS)).toBe(utc(2007, 2, 19, 21, 25, 35));
    expect(castValue(' 2007-02-19 21:25:35.123 ', VARCHAR, TS)).toBe(utc(2007, 2, 19, 21, 25, 35, 123));
    expect(errorName(() => castValue('2007-02-19', VARCHAR, TS))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
    expect(errorName(() => castValue('2007-02-30 00:00:00', VARCHAR, TS))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
  });

  it("CAST(ABS(INTERVAL '-3 4:20' DAY TO MINUTE) AS VARCHAR(8)) = '+3 04:20' (sqlref/sql-reference-abs)", () => {
    const interval = new Interval('DAY_TIME', 3 * 86_400_000 + 4 * HOUR + 20 * 60_000);
    expect(castValue(interval, intervalType({ start: 'DAY', end: 'MINUTE' }), vc(8))).toBe('+3 04:20');
  });
});

describe('numbers to text (Java formatting)', () => {
  it('CAST(1.0E10 AS VARCHAR) = 1.0E10 and other doubles as Double.toString', () => {
    expect(castValue(1.0e10, DBL, VARCHAR)).toBe('1.0E10');
    expect(castValue(100, DBL, VARCHAR)).toBe('100.0');
    expect(castValue(0.001, DBL, VARCHAR)).toBe('0.001');
    expect(castValue(1e-4, DBL, VARCHAR)).toBe('1.0E-4');
    expect(castValue(NaN, DBL, VARCHAR)).toBe('NaN');
    expect(castValue(Math.fround(0.1), REAL, VARCHAR)).toBe('0.1');
    expect(castValue(Math.fround(1 / 3), REAL, VARCHAR)).toBe('0.33333334');
  });

  it('prints integers, decimals and booleans', () => {
    expect(castValue(-42, INT, VARCHAR)).toBe('-42');
    expect(castValue(-(2n ** 63n), BIG, VARCHAR)).toBe('-9223372036854775808');
    expect(castValue(new Decimal(150n, 2), dec(5, 2), VARCHAR)).toBe('1.50');
    expect(castValue(new Decimal(-5n, 3), dec(5, 3), VARCHAR)).toBe('-0.005');
    expect(castValue(true, BOOL, VARCHAR)).toBe('TRUE');
    expect(castValue(false, BOOL, ch(6))).toBe('FALSE ');
  });

  it('fails when a number does not fit CHAR(n)/VARCHAR(n), pads CHAR', () => {
    expect(errorName(() => castValue(12345, INT, vc(4)))).toBe('STRING_DATA_RIGHT_TRUNCATION');
    expect(castValue(12, INT, ch(4))).toBe('12  ');
  });

  it('prints datetimes', () => {
    expect(castValue(utc(2004, 9, 30, 13, 48, 23), TS, VARCHAR)).toBe('2004-09-30 13:48:23');
    expect(castValue(utc(2004, 9, 30, 13, 48, 23, 50), TS, VARCHAR)).toBe('2004-09-30 13:48:23.050');
    expect(castValue(13 * HOUR + 5, TIME, VARCHAR)).toBe('13:00:00.005');
    expect(valueToText(new Interval('YEAR_MONTH', 40), intervalType({ start: 'YEAR', end: 'MONTH' }))).toBe('+3-04');
  });
});

describe('text to numbers', () => {
  it('parses exact numeric literals, ignoring surrounding spaces', () => {
    expect(castValue(' 123 ', VARCHAR, INT)).toBe(123);
    expect(castValue('-0042', VARCHAR, INT)).toBe(-42);
    expect(castValue('+7', VARCHAR, TINY)).toBe(7);
    expect(castValue('9223372036854775807', VARCHAR, BIG)).toBe(2n ** 63n - 1n);
    expect(castValue('1.5', VARCHAR, INT)).toBe(2);
    expect(castValue('1e3', VARCHAR, INT)).toBe(1000);
    expect(castValue('123.456', VARCHAR, dec(5, 2))).toEqual(new Decimal(12346n, 2));
    expect(castValue('.5', VARCHAR, dec(2, 1))).toEqual(new Decimal(5n, 1));
  });

  it('parses doubles like Double.valueOf', () => {
    expect(castValue('1.5E3', VARCHAR, DBL)).toBe(1500);
    expect(castValue('-Infinity', VARCHAR, DBL)).toBe(-Infinity);
    expect(castValue('NaN', VARCHAR, DBL)).toBeNaN();
    expect(castValue('2.5f', VARCHAR, DBL)).toBe(2.5);
    expect(castValue('0.1', VARCHAR, REAL)).toBe(Math.fround(0.1));
  });

  it('raises INVALID_CHARACTER_VALUE_FOR_CAST for text that is not a number', () => {
    for (const bad of ['', ' ', 'abc', '1,000', '0x10', '1.2.3', '--1', '1e']) {
      expect(errorName(() => castValue(bad, VARCHAR, INT))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
      expect(errorName(() => castValue(bad, VARCHAR, DBL))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
    }
  });

  it('raises NUMERIC_VALUE_OUT_OF_RANGE when the number does not fit', () => {
    expect(errorName(() => castValue('2147483648', VARCHAR, INT))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(errorName(() => castValue('1234.5', VARCHAR, dec(4, 1)))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
  });
});

describe('between numbers', () => {
  it('checks integer ranges instead of wrapping', () => {
    expect(errorName(() => castValue(300, INT, TINY))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(errorName(() => castValue(2n ** 40n, BIG, INT))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(errorName(() => castValue(3.9e9, DBL, INT))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(errorName(() => castValue(NaN, DBL, BIG))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(errorName(() => castValue(Infinity, DBL, dec(5, 0)))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(castValue(-128, INT, TINY)).toBe(-128);
    expect(castValue(127n, BIG, TINY)).toBe(127);
  });

  it('rounds to the DECIMAL scale HALF_UP and checks the precision', () => {
    expect(castValue(new Decimal(123456n, 3), dec(6, 3), dec(5, 2))).toEqual(new Decimal(12346n, 2));
    expect(castValue(new Decimal(-125n, 3), dec(3, 3), dec(3, 2))).toEqual(new Decimal(-13n, 2));
    expect(castValue(0.1, DBL, dec(5, 3))).toEqual(new Decimal(100n, 3));
    expect(castValue(7, INT, dec(3, 2))).toEqual(new Decimal(700n, 2));
    expect(errorName(() => castValue(10, INT, dec(3, 2)))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
  });

  it('widens and narrows approximate numbers like Java', () => {
    expect(castValue(2n ** 53n + 1n, BIG, DBL)).toBe(2 ** 53);
    expect(castValue(new Decimal(1n, 1), dec(2, 1), DBL)).toBe(0.1);
    expect(castValue(0.1, DBL, REAL)).toBe(Math.fround(0.1));
    expect(castValue(1e39, DBL, REAL)).toBe(Infinity);
  });

  it('round-trips every INTEGER through text', () => {
    fc.assert(
      fc.property(fc.integer(), (n) => {
        expect(castValue(castValue(n, INT, VARCHAR), VARCHAR, INT)).toBe(n);
      }),
    );
  });

  it('round-trips every finite DOUBLE through text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        expect(castValue(castValue(d, DBL, VARCHAR), VARCHAR, DBL)).toBe(d);
      }),
    );
  });

  it('rounds a DOUBLE to INTEGER half away from zero', () => {
    fc.assert(
      fc.property(fc.double({ min: -2e9, max: 2e9, noNaN: true }), (d) => {
        expect(castValue(d, DBL, INT)).toBe(Math.sign(d) * Math.round(Math.abs(d)) || 0);
      }),
    );
  });
});

describe('strings to strings', () => {
  it('truncates to VARCHAR(n) and pads or truncates to CHAR(n)', () => {
    expect(castValue('abcdef', VARCHAR, vc(3))).toBe('abc');
    expect(castValue('ab', VARCHAR, vc(3))).toBe('ab');
    expect(castValue('ab', VARCHAR, ch(4))).toBe('ab  ');
    expect(castValue('abcdef', vc(6), ch(4))).toBe('abcd');
    expect(castValue('ab  ', ch(4), VARCHAR)).toBe('ab  ');
  });
});

describe('BOOLEAN', () => {
  it("accepts 'TRUE'/'false' in any case, with spaces", () => {
    expect(castValue('TRUE', VARCHAR, BOOL)).toBe(true);
    expect(castValue('false', VARCHAR, BOOL)).toBe(false);
    expect(castValue(' True ', ch(6), BOOL)).toBe(true);
    expect(errorName(() => castValue('yes', VARCHAR, BOOL))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
    expect(errorName(() => castValue('1', VARCHAR, BOOL))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
  });
});

describe('datetimes', () => {
  const stamp = utc(2004, 9, 30, 13, 48, 23, 5);

  it('converts between TIMESTAMP, DATE and TIME', () => {
    expect(castValue(stamp, TS, DATE)).toBe(utc(2004, 9, 30));
    expect(castValue(stamp, TS, TIME)).toBe(13 * HOUR + 48 * 60_000 + 23_005);
    expect(castValue(utc(2004, 9, 30), DATE, TS)).toBe(utc(2004, 9, 30));
    expect(castValue(13 * HOUR, TIME, TS)).toBe(13 * HOUR);
    expect(castValue(utc(1969, 12, 31, 23), TS, DATE)).toBe(utc(1969, 12, 31));
    expect(castValue(utc(1969, 12, 31, 23), TS, TIME)).toBe(23 * HOUR);
  });

  it('parses DATE and TIME text', () => {
    expect(castValue('2008-08-23', VARCHAR, DATE)).toBe(utc(2008, 8, 23));
    expect(castValue('13:48:23.5', VARCHAR, TIME)).toBe(13 * HOUR + 48 * 60_000 + 23_500);
    expect(errorName(() => castValue('2008-08-32', VARCHAR, DATE))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
    expect(errorName(() => castValue('25:00:00', VARCHAR, TIME))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
  });

  it('round-trips timestamps through VARCHAR', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6e13, max: 2.5e14 }), (v) => {
        expect(castValue(castValue(v, TS, VARCHAR), VARCHAR, TS)).toBe(v);
      }),
    );
  });
});

describe('intervals', () => {
  const minutes = intervalType({ start: 'MINUTE' });
  const seconds = intervalType({ start: 'SECOND' });
  const hourToMinute = intervalType({ start: 'HOUR', end: 'MINUTE' });

  it('to BIGINT and DECIMAL counts the end unit', () => {
    expect(castValue(new Interval('DAY_TIME', 90 * 60_000), minutes, BIG)).toBe(90n);
    expect(castValue(new Interval('DAY_TIME', 1500), seconds, BIG)).toBe(1n);
    expect(castValue(new Interval('DAY_TIME', -1500), seconds, BIG)).toBe(-1n);
    expect(castValue(new Interval('DAY_TIME', 1500), seconds, dec(10, 3))).toEqual(new Decimal(1500n, 3));
    expect(castValue(new Interval('DAY_TIME', 1500), seconds, dec(10, 0))).toEqual(new Decimal(2n, 0));
    expect(castValue(new Interval('YEAR_MONTH', 40), intervalType({ start: 'YEAR', end: 'MONTH' }), BIG)).toBe(40n);
    expect(castValue(new Interval('YEAR_MONTH', 40), intervalType({ start: 'YEAR' }), BIG)).toBe(3n);
  });

  it('from text uses the target qualifier’s layout', () => {
    expect(castValue('1:30', VARCHAR, hourToMinute)).toEqual(new Interval('DAY_TIME', 90 * 60_000));
    expect(castValue('-5', VARCHAR, minutes)).toEqual(new Interval('DAY_TIME', -5 * 60_000));
    expect(errorName(() => castValue('1:30:00', VARCHAR, hourToMinute))).toBe('INVALID_CHARACTER_VALUE_FOR_CAST');
  });

  it('to another interval truncates to the target end unit', () => {
    expect(castValue(new Interval('DAY_TIME', 90 * 60_000), minutes, intervalType({ start: 'HOUR' }))).toEqual(new Interval('DAY_TIME', HOUR));
    expect(castValue(new Interval('DAY_TIME', 1500), seconds, intervalType({ start: 'SECOND', fractionalPrecision: 0 }))).toEqual(new Interval('DAY_TIME', 1000));
  });

  it('to text uses the source qualifier', () => {
    expect(castValue(new Interval('DAY_TIME', 90 * 60_000), hourToMinute, VARCHAR)).toBe('+1:30');
    expect(castValue(new Interval('DAY_TIME', -90 * 60_000), minutes, VARCHAR)).toBe('-90');
  });
});

describe('binary and literal helpers', () => {
  it('pads BINARY with zero bytes and truncates', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    expect(castValue(bytes, t('VARBINARY'), t('BINARY', { length: 5 }))).toEqual(Uint8Array.of(1, 2, 3, 0, 0));
    expect(castValue(bytes, t('BINARY', { length: 3 }), t('VARBINARY', { length: 2 }))).toEqual(Uint8Array.of(1, 2));
  });

  it('parses DECIMAL literal text', () => {
    expect(decimalLiteral('-12.50')).toEqual(new Decimal(-1250n, 2));
    expect(() => decimalLiteral('1e5')).toThrow(SqlTypeError);
  });
});
