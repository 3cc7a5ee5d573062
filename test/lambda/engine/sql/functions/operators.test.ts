import fc from 'fast-check';
import { Decimal, Interval, SqlType, SqlValue } from '../../../../../lambda/engine/sql/types';
import {
  SqlRuntimeError,
  SqlTypeError,
  and,
  arithmetic,
  arithmeticOperator,
  arithmeticResultType,
  between,
  checkComparable,
  coalesce,
  commonType,
  compare,
  compareValues,
  concat,
  concatResultType,
  datetimeDifference,
  datetimeDifferenceType,
  expectBoolean,
  isDistinctFrom,
  isNotDistinctFrom,
  isTruth,
  negate,
  not,
  nullif,
  or,
  searchedCase,
} from '../../../../../lambda/engine/sql/functions/operators';
import { intervalType } from '../../../../../lambda/engine/sql/functions/datetime';
import { t, TINY, SMALL, INT, BIG, DBL, REAL, BOOL, TS, DATE, TIME, VARCHAR, dec, utc, errorOf, errorName } from '../support';

const d = (unscaled: bigint, scale: number) => new Decimal(unscaled, scale);
const DAY_MS = 86_400_000;


describe('arithmetic result types', () => {
  it.each([
    ['+', INT, BIG, 'BIGINT'],
    ['*', SMALL, TINY, 'SMALLINT'],
    ['/', TINY, TINY, 'TINYINT'],
    ['+', INT, DBL, 'DOUBLE'],
    ['-', REAL, INT, 'REAL'],
    ['*', REAL, dec(5, 2), 'REAL'],
    ['/', REAL, DBL, 'DOUBLE'],
    ['%', DBL, dec(5, 2), 'DOUBLE'],
  ] as const)('%s on %p and %p is %s', (op, l, r, name) => {
    expect(arithmeticResultType(op, l, r).name).toBe(name);
  });

  it('follows the DECIMAL rules of sqlref/sql-reference-numeric-types-precision (capped at 19 digits)', () => {
    // Rule for Multiply: DECIMAL(10,1) * DECIMAL(10,3): p = p1 + p2 (capped), s = s1 + s2 = 4.
    expect(arithmeticResultType('*', dec(10, 1), dec(10, 3))).toEqual(dec(19, 4));
    // Rule for Divide: d = p1 - s1 + s2 = 12, s = max(6, s1 + p2 + 1) = 12, capped keeping s >= s1.
    expect(arithmeticResultType('/', dec(10, 1), dec(10, 3))).toEqual(dec(19, 7));
    expect(arithmeticResultType('/', dec(5, 2), dec(3, 1))).toEqual(dec(10, 6));
    expect(arithmeticResultType('/', dec(19, 10), dec(19, 0))).toEqual(dec(19, 10));
    // Sum: s = max(s1, s2), p = max(p1 - s1, p2 - s2) + s + 1.
    expect(arithmeticResultType('+', dec(5, 2), dec(7, 1))).toEqual(dec(9, 2));
    expect(arithmeticResultType('-', dec(19, 0), dec(19, 0))).toEqual(dec(19, 0));
    expect(arithmeticResultType('+', INT, dec(3, 1))).toEqual(dec(12, 1));
    expect(arithmeticResultType('%', dec(7, 2), dec(5, 3))).toEqual(dec(5, 3));
  });

  it('is nullable when either operand is', () => {
    expect(arithmeticResultType('+', { ...INT, nullable: false }, { ...INT, nullable: false }).nullable).toBe(false);
    expect(arithmeticResultType('+', { ...INT, nullable: false }, INT).nullable).toBe(true);
  });

  it('rejects non-numeric operands at analysis time', () => {
    expect(() => arithmeticResultType('+', INT, VARCHAR)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('+', BOOL, BOOL)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('+', TS, TS)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('*', TS, INT)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('-', TIME, TS)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('/', INT, intervalType({ start: 'DAY' }))).toThrow(SqlTypeError);
  });
});

describe('integer arithmetic', () => {
  it('truncates division toward zero (2 / 3 = 0, -7 / 2 = -3) and keeps Java % signs', () => {
    expect(arithmetic('/', 2, 3, INT, INT)).toBe(0);
    expect(arithmetic('/', -7, 2, INT, INT)).toBe(-3);
    expect(arithmetic('%', -7, 2, INT, INT)).toBe(-1);
    expect(arithmetic('%', 7, -2, INT, INT)).toBe(1);
    expect(arithmetic('/', 7n, 2, BIG, INT)).toBe(3n);
  });

  it('divides like Java int division for all operands', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer().filter((b) => b !== 0), (a, b) => {
        const q = arithmetic('/', a, b, INT, INT) as number;
        const r = arithmetic('%', a, b, INT, INT) as number;
        if (!(a === -2147483648 && b === -1)) {
          expect(q).toBe(Math.trunc(a / b) || 0);
          expect(q * b + r).toBe(a);
        }
      }),
    );
  });

  it('wraps like Java int and long on overflow', () => {
    expect(arithmetic('+', 2147483647, 1, INT, INT)).toBe(-2147483648);
    expect(arithmetic('/', -2147483648, -1, INT, INT)).toBe(-2147483648);
    expect(arithmetic('+', 2n ** 63n - 1n, 1n, BIG, BIG)).toBe(-(2n ** 63n));
    expect(arithmetic('*', 2n ** 62n, 4, BIG, INT)).toBe(0n);
    expect(arithmetic('+', 127, 1, TINY, TINY)).toBe(-128);
    expect(negate(-2147483648, INT)).toBe(-2147483648);
    expect(negate(-(2n ** 63n), BIG)).toBe(-(2n ** 63n));
  });

  it('matches 64-bit two’s complement for BIGINT + - *', () => {
    const big = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(big, big, (a, b) => {
        expect(arithmetic('+', a, b, BIG, BIG)).toBe(BigInt.asIntN(64, a + b));
        expect(arithmetic('-', a, b, BIG, BIG)).toBe(BigInt.asIntN(64, a - b));
        expect(arithmetic('*', a, b, BIG, BIG)).toBe(BigInt.asIntN(64, a * b));
      }),
    );
  });

  it('mixes INTEGER and BIGINT operands into BIGINT values', () => {
    expect(arithmetic('+', 1, 2n, INT, BIG)).toBe(3n);
    expect(arithmetic('-', 1, 2, SMALL, INT)).toBe(-1);
  });
});

describe('division by zero (dev/app-explore-error-stream: price / 0 goes to error_stream)', () => {
  it.each([
    [INT, 5, INT, 0],
    [BIG, 5n, BIG, 0n],
    [REAL, 12.5, INT, 0],
    [DBL, 0, DBL, 0],
    [DBL, 1, DBL, -0],
    [dec(5, 2), d(100n, 2), dec(3, 1), d(0n, 1)],
  ])('%p / 0 raises DIVISION_BY_ZERO', (lt, l, rt, r) => {
    const e = errorOf(() => arithmetic('/', l, r, lt, rt));
    expect(e).toBeInstanceOf(SqlRuntimeError);
    expect(e).toMatchObject({ errorName: 'DIVISION_BY_ZERO' });
    expect(errorName(() => arithmetic('%', l, r, lt, rt))).toBe('DIVISION_BY_ZERO');
  });
});

describe('approximate arithmetic', () => {
  it('is IEEE double, REAL rounded to float', () => {
    expect(arithmetic('+', 0.1, 0.2, DBL, DBL)).toBe(0.30000000000000004);
    expect(arithmetic('+', Math.fround(0.1), Math.fround(0.2), REAL, REAL)).toBe(Math.fround(0.3));
    expect(arithmetic('*', Math.fround(0.1), 3, REAL, INT)).toBe(Math.fround(Math.fround(0.1) * 3));
    expect(arithmetic('/', 1, 3, DBL, INT)).toBe(1 / 3);
    expect(arithmetic('%', -5.5, 2, DBL, INT)).toBe(-1.5);
    expect(arithmetic('*', 1e308, 10, DBL, INT)).toBe(Infinity);
    expect(arithmetic('+', d(15n, 1), 1, dec(2, 1), DBL)).toBe(2.5);
    expect(arithmetic('+', 2n ** 53n, 1, BIG, DBL)).toBe(2 ** 53);
  });
});

describe('DECIMAL arithmetic', () => {
  it('is exact at the result scale', () => {
    expect(arithmetic('+', d(15n, 1), d(225n, 2), dec(2, 1), dec(3, 2))).toEqual(d(375n, 2));
    expect(arithmetic('-', d(1n, 1), d(3n, 1), dec(1, 1), dec(1, 1))).toEqual(d(-2n, 1));
    expect(arithmetic('*', d(1n, 1), d(2n, 1), dec(1, 1), dec(1, 1))).toEqual(d(2n, 2));
    expect(arithmetic('*', -3, d(31n, 1), INT, dec(2, 1))).toEqual(d(-93n, 1));
    expect(arithmetic('+', 1, d(5n, 1), INT, dec(1, 1))).toEqual(d(15n, 1));
  });

  it('divides to the result scale, truncating', () => {
    // 2.0 / 3: DECIMAL(2,1) / INTEGER → d = 1, s = max(6, 1 + 10 + 1) = 12.
    expect(arithmetic('/', d(20n, 1), 3, dec(2, 1), INT)).toEqual(d(666666666666n, 12));
    expect(arithmetic('/', d(-20n, 1), 3, dec(2, 1), INT)).toEqual(d(-666666666666n, 12));
    expect(arithmetic('/', d(1n, 0), d(8n, 0), dec(1, 0), dec(1, 0))).toEqual(d(125000n, 6));
  });

  it('takes remainders exactly', () => {
    expect(arithmetic('%', d(755n, 2), d(2n, 0), dec(3, 2), dec(1, 0))).toEqual(d(155n, 2));
    expect(arithmetic('%', d(-755n, 2), d(2n, 0), dec(3, 2), dec(1, 0))).toEqual(d(-155n, 2));
  });

  it('raises NUMERIC_VALUE_OUT_OF_RANGE beyond 19 digits', () => {
    const max = d(10n ** 19n - 1n, 0);
    expect(errorName(() => arithmetic('+', max, d(1n, 0), dec(19, 0), dec(1, 0)))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
    expect(errorName(() => arithmetic('*', max, d(2n, 0), dec(19, 0), dec(1, 0)))).toBe('NUMERIC_VALUE_OUT_OF_RANGE');
  });

  it('adds and subtracts exactly: (a + b) - b = a', () => {
    const decimal = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((u) => d(u, 4));
    const type = dec(16, 4);
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const sum = arithmetic('+', a, b, type, type) as Decimal;
        expect(sum.unscaled).toBe(a.unscaled + b.unscaled);
        const back = arithmetic('-', sum, b, arithmeticResultType('+', type, type), type) as Decimal;
        expect(back.unscaled).toBe(a.unscaled);
      }),
    );
  });

  it('negates exactly', () => {
    expect(negate(d(15n, 1), dec(2, 1))).toEqual(d(-15n, 1));
    expect(negate(2.5, DBL)).toBe(-2.5);
    expect(negate(null, INT)).toBeNull();
    expect(() => negate('a', VARCHAR)).toThrow(SqlTypeError);
  });
});

describe('NULL propagation', () => {
  it('gives NULL for any NULL operand', () => {
    for (const op of ['+', '-', '*', '/', '%'] as const) {
      expect(arithmetic(op, null, 1, INT, INT)).toBeNull();
      expect(arithmetic(op, 1, null, INT, INT)).toBeNull();
      expect(arithmetic(op, null, 0, INT, INT)).toBeNull();
    }
    expect(arithmetic('+', null, new Interval('DAY_TIME', 1), TS, intervalType({ start: 'DAY' }))).toBeNull();
  });
});

describe('datetime and interval operators', () => {
  const day = intervalType({ start: 'DAY' });
  const dayHour = intervalType({ start: 'DAY', end: 'HOUR' });
  const month = intervalType({ start: 'MONTH' });

  it('types datetime ± interval, interval ± interval, interval × number', () => {
    expect(arithmeticResultType('+', TS, day)).toEqual(TS);
    expect(arithmeticResultType('+', day, DATE)).toEqual(DATE);
    expect(arithmeticResultType('-', DATE, month)).toEqual(DATE);
    expect(arithmeticResultType('+', day, dayHour)).toEqual(dayHour);
    expect(arithmeticResultType('*', INT, dayHour)).toEqual(dayHour);
    expect(arithmeticResultType('/', dayHour, dec(3, 1))).toEqual(dayHour);
    expect(arithmeticResultType('-', TS, DATE)).toEqual(intervalType({ start: 'DAY', end: 'SECOND' }));
    expect(() => arithmeticResultType('+', TIME, month)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('+', day, month)).toThrow(SqlTypeError);
    expect(() => arithmeticResultType('-', day, TS)).toThrow(SqlTypeError);
  });

  it('evaluates them', () => {
    const ts = utc(2004, 1, 31, 10);
    expect(arithmetic('+', ts, new Interval('YEAR_MONTH', 1), TS, month)).toBe(utc(2004, 2, 29, 10));
    expect(arithmetic('+', new Interval('DAY_TIME', DAY_MS), ts, day, TS)).toBe(utc(2004, 2, 1, 10));
    expect(arithmetic('-', utc(2008, 8, 23), new Interval('DAY_TIME', 5 * DAY_MS), DATE, day)).toBe(utc(2008, 8, 18));
    expect(arithmetic('-', utc(2004, 2, 1, 12), ts, TS, TS)).toEqual(new Interval('DAY_TIME', DAY_MS + 2 * 3_600_000));
    expect(arithmetic('+', new Interval('DAY_TIME', DAY_MS), new Interval('DAY_TIME', 4 * 3_600_000), day, dayHour)).toEqual(
      new Interval('DAY_TIME', DAY_MS + 4 * 3_600_000),
    );
    expect(arithmetic('*', 2, new Interval('DAY_TIME', 76 * 3_600_000), INT, dayHour)).toEqual(new Interval('DAY_TIME', 152 * 3_600_000));
    expect(arithmetic('/', new Interval('DAY_TIME', 76 * 3_600_000), 2, dayHour, INT)).toEqual(new Interval('DAY_TIME', 38 * 3_600_000));
    expect(negate(new Interval('DAY_TIME', 5), dayHour)).toEqual(new Interval('DAY_TIME', -5));
  });

  it('evaluates (t1 - t2) SECOND / MINUTE / DAY', () => {
    const t1 = utc(2024, 1, 2, 0, 1, 30, 250);
    const t2 = utc(2024, 1, 1, 0, 0, 0);
    expect(datetimeDifference(t1, TS, t2, TS, { start: 'SECOND' })).toEqual(new Interval('DAY_TIME', t1 - t2));
    expect(datetimeDifference(t1, TS, t2, TS, { start: 'MINUTE' })).toEqual(new Interval('DAY_TIME', DAY_MS + 60_000));
    expect(datetimeDifference(t1, TS, t2, TS, { start: 'DAY' })).toEqual(new Interval('DAY_TIME', DAY_MS));
    expect(datetimeDifference(null, TS, t2, TS, { start: 'DAY' })).toBeNull();
    expect(datetimeDifferenceType(TS, TS, { start: 'MINUTE' })).toEqual(intervalType({ start: 'MINUTE' }));
    expect(() => datetimeDifferenceType(TS, INT, { start: 'MINUTE' })).toThrow(SqlTypeError);
  });

  it('compiles once for many rows', () => {
    const plus = arithmeticOperator('+', TS, day);
    expect(plus.type).toEqual(TS);
    expect(plus.apply(0, new Interval('DAY_TIME', DAY_MS))).toBe(DAY_MS);
    expect(plus.apply(null, new Interval('DAY_TIME', DAY_MS))).toBeNull();
  });
});

describe('comparison', () => {
  it('compares numbers across types exactly', () => {
    expect(compare('=', 1, d(10n, 1), INT, dec(2, 1))).toBe(true);
    expect(compare('<', 2n ** 62n, 2n ** 62n + 1n, BIG, BIG)).toBe(true);
    expect(compare('>', d(10000000000000000001n, 0), 10n ** 19n, dec(20, 0), BIG)).toBe(true);
    expect(compare('<', 1, 1.5, INT, DBL)).toBe(true);
    expect(compare('=', 2n ** 53n + 1n, 2 ** 53, BIG, DBL)).toBe(true);
    expect(compare('<>', d(15n, 1), d(150n, 2), dec(2, 1), dec(3, 2))).toBe(false);
  });

  it('follows Java for NaN', () => {
    expect(compare('=', NaN, NaN, DBL, DBL)).toBe(false);
    expect(compare('<>', NaN, NaN, DBL, DBL)).toBe(true);
    expect(compare('<', NaN, 1, DBL, INT)).toBe(false);
    expect(compare('>=', NaN, 1, DBL, INT)).toBe(false);
  });

  it('pads CHAR values with spaces but compares VARCHAR exactly', () => {
    const ch = t('CHAR', { length: 3 });
    expect(compare('=', 'ab', 'ab ', VARCHAR, VARCHAR)).toBe(false);
    expect(compare('<', 'ab', 'ab ', VARCHAR, VARCHAR)).toBe(true);
    expect(compare('=', 'ab ', 'ab', ch, VARCHAR)).toBe(true);
    expect(compare('>', 'a', 'a\t', ch, VARCHAR)).toBe(true);
    expect(compare('<', 'B', 'a', VARCHAR, VARCHAR)).toBe(true);
    expect(compare('<', 'é', 'z', VARCHAR, VARCHAR)).toBe(false);
  });

  it('compares booleans, datetimes, intervals and binaries', () => {
    expect(compare('<', false, true, BOOL, BOOL)).toBe(true);
    expect(compare('=', utc(2008, 8, 23), utc(2008, 8, 23), DATE, TS)).toBe(true);
    expect(compare('<', 1, 2, TIME, TIME)).toBe(true);
    const day = intervalType({ start: 'DAY' });
    expect(compare('>', new Interval('DAY_TIME', 2), new Interval('DAY_TIME', -2), day, day)).toBe(true);
    const bin = t('VARBINARY');
    expect(compare('<', Uint8Array.of(1, 255), Uint8Array.of(2), bin, bin)).toBe(true);
    expect(compare('<', Uint8Array.of(1), Uint8Array.of(1, 0), bin, bin)).toBe(true);
  });

  it('is UNKNOWN (null) when either side is NULL', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>='] as const) {
      expect(compare(op, null, 1, INT, INT)).toBeNull();
      expect(compare(op, 'a', null, VARCHAR, VARCHAR)).toBeNull();
    }
  });

  it('rejects incomparable types at analysis time', () => {
    expect(() => checkComparable(INT, VARCHAR)).toThrow(SqlTypeError);
    expect(() => checkComparable(TS, TIME)).toThrow(SqlTypeError);
    expect(() => checkComparable(BOOL, INT)).toThrow(SqlTypeError);
    expect(() => checkComparable(intervalType({ start: 'DAY' }), intervalType({ start: 'YEAR' }))).toThrow(SqlTypeError);
    expect(() => compare('=', null, null, DATE, INT)).toThrow(SqlTypeError);
  });

  it('is antisymmetric and consistent across INTEGER, BIGINT and DECIMAL', () => {
    const value = fc.oneof(
      fc.integer().map((n): [SqlValue, SqlType] => [n, INT]),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n): [SqlValue, SqlType] => [n, BIG]),
      fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).map((n): [SqlValue, SqlType] => [d(n, 3), dec(19, 3)]),
    );
    fc.assert(
      fc.property(value, value, ([a, at], [b, bt]) => {
        const c = compareValues(a, b, at, bt);
        expect(compareValues(b, a, bt, at)).toBe(-c || 0);
        const exact = (v: SqlValue): bigint => (v instanceof Decimal ? v.unscaled : BigInt(v as number | bigint) * 1000n);
        expect(c).toBe(exact(a) < exact(b) ? -1 : exact(a) > exact(b) ? 1 : 0);
      }),
    );
  });

  it('BETWEEN is >= AND <=, three-valued', () => {
    expect(between(5, 1, 10, INT, INT, INT)).toBe(true);
    expect(between(0, 1, 10, INT, INT, INT)).toBe(false);
    expect(between(5, null, 10, INT, INT, INT)).toBeNull();
    expect(between(50, null, 10, INT, INT, INT)).toBe(false);
  });
});

describe('IS [NOT] DISTINCT FROM', () => {
  it.each([
    [null, null, false],
    [null, 1, true],
    [1, null, true],
    [1, 1, false],
    [1, 2, true],
  ])('%p IS DISTINCT FROM %p is %p', (a, b, expected) => {
    expect(isDistinctFrom(a, b, INT, INT)).toBe(expected);
    expect(isNotDistinctFrom(a, b, INT, INT)).toBe(!expected);
  });

  it('uses the comparison rules (CHAR padding, exact decimals)', () => {
    expect(isDistinctFrom('a ', 'a', t('CHAR', { length: 2 }), VARCHAR)).toBe(false);
    expect(isDistinctFrom(1, d(10n, 1), INT, dec(2, 1))).toBe(false);
  });
});

describe('three-valued logic', () => {
  const values = [true, false, null] as const;
  const AND: Record<string, boolean | null> = {
    'true,true': true,
    'true,false': false,
    'true,null': null,
    'false,true': false,
    'false,false': false,
    'false,null': false,
    'null,true': null,
    'null,false': false,
    'null,null': null,
  };
  const OR: Record<string, boolean | null> = {
    'true,true': true,
    'true,false': true,
    'true,null': true,
    'false,true': true,
    'false,false': false,
    'false,null': null,
    'null,true': true,
    'null,false': null,
    'null,null': null,
  };

  it('follows the truth tables for AND and OR', () => {
    for (const a of values) {
      for (const b of values) {
        expect(and(a, b)).toBe(AND[`${a},${b}`]);
        expect(or(a, b)).toBe(OR[`${a},${b}`]);
      }
    }
  });

  it('NOT keeps UNKNOWN and De Morgan holds', () => {
    expect(not(true)).toBe(false);
    expect(not(false)).toBe(true);
    expect(not(null)).toBeNull();
    for (const a of values) for (const b of values) expect(not(and(a, b))).toBe(or(not(a), not(b)));
  });

  it('IS [NOT] TRUE / FALSE / UNKNOWN is never UNKNOWN', () => {
    expect(isTruth(null, 'UNKNOWN')).toBe(true);
    expect(isTruth(null, 'TRUE')).toBe(false);
    expect(isTruth(null, 'FALSE', true)).toBe(true);
    expect(isTruth(false, 'FALSE')).toBe(true);
    expect(isTruth(true, 'TRUE', true)).toBe(false);
  });

  it('accepts only booleans where a condition is expected', () => {
    expect(expectBoolean(null)).toBeNull();
    expect(expectBoolean(true)).toBe(true);
    expect(errorOf(() => expectBoolean(1))).toBeInstanceOf(SqlRuntimeError);
  });
});

describe('concatenation', () => {
  it('concatenates, keeping CHAR padding, and propagates NULL', () => {
    expect(concat('SQL', 'stream')).toBe('SQLstream');
    expect(concat('ab ', 'c')).toBe('ab c');
    expect(concat(null, 'a')).toBeNull();
    expect(concat('a', null)).toBeNull();
  });

  it('types the result', () => {
    expect(concatResultType(t('CHAR', { length: 2 }), t('CHAR', { length: 3 }))).toEqual(t('CHAR', { length: 5 }));
    expect(concatResultType(t('CHAR', { length: 2 }), t('VARCHAR', { length: 3 }))).toEqual(t('VARCHAR', { length: 5 }));
    expect(concatResultType(VARCHAR, t('VARCHAR', { length: 3 }))).toEqual(VARCHAR);
    expect(() => concatResultType(t('VARBINARY'), t('VARBINARY'))).toThrow(SqlTypeError);
    expect(() => concatResultType(INT, VARCHAR)).toThrow(SqlTypeError);
  });
});

describe('CASE, COALESCE, NULLIF', () => {
  it('finds the common type', () => {
    expect(commonType([INT, BIG])).toEqual(BIG);
    expect(commonType([INT, dec(5, 2)])).toEqual(dec(12, 2));
    expect(commonType([dec(5, 2), dec(7, 1)])).toEqual(dec(8, 2));
    expect(commonType([REAL, INT])).toEqual(REAL);
    expect(commonType([REAL, DBL])).toEqual(DBL);
    expect(commonType([t('CHAR', { length: 2 }), t('CHAR', { length: 5 })])).toEqual(t('CHAR', { length: 5 }));
    expect(commonType([t('CHAR', { length: 2 }), t('VARCHAR', { length: 1 })])).toEqual(t('VARCHAR', { length: 2 }));
    expect(commonType([DATE, TS])).toEqual(TS);
    expect(commonType([{ ...BOOL, nullable: false }, BOOL])).toEqual(BOOL);
    expect(commonType([intervalType({ start: 'DAY' }), intervalType({ start: 'HOUR', end: 'MINUTE' })])).toEqual(
      intervalType({ start: 'DAY', end: 'MINUTE' }),
    );
    expect(() => commonType([INT, VARCHAR])).toThrow(SqlTypeError);
    expect(() => commonType([TIME, TS])).toThrow(SqlTypeError);
    expect(() => commonType([])).toThrow(SqlTypeError);
  });

  it('COALESCE returns the first non-NULL value', () => {
    expect(coalesce([null, null, 3, 4])).toBe(3);
    expect(coalesce([null])).toBeNull();
  });

  it('NULLIF returns NULL when equal, else the first value', () => {
    expect(nullif(1, 1, INT, INT)).toBeNull();
    expect(nullif(1, 2, INT, INT)).toBe(1);
    expect(nullif(1, null, INT, INT)).toBe(1);
    expect(nullif(null, 1, INT, INT)).toBeNull();
  });

  it('searched CASE takes the first TRUE branch; UNKNOWN is not TRUE', () => {
    expect(searchedCase([[null, 'a'], [false, 'b'], [true, 'c'], [true, 'd']])).toBe('c');
    expect(searchedCase([[null, 'a']], 'else')).toBe('else');
    expect(searchedCase([[false, 'a']])).toBeNull();
  });
});
