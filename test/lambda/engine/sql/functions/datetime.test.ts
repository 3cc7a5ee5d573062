import fc from 'fast-check';
import { Decimal, Interval } from '../../../../../lambda/engine/sql/types';
import { SqlRuntimeError, SqlTypeError } from '../../../../../lambda/engine/sql/functions/numeric';
import {
  IntervalQualifier,
  absInterval,
  addInterval,
  addIntervals,
  addMonths,
  ceilDatetime,
  ceilInterval,
  civilFromDays,
  datetimeMinus,
  daysFromCivil,
  divideInterval,
  extract,
  extractResultType,
  floorDatetime,
  floorInterval,
  formatDate,
  formatInterval,
  formatTime,
  formatTimestamp,
  intervalType,
  multiplyInterval,
  negateInterval,
  parseDateLiteral,
  parseIntervalLiteral,
  parseIntervalString,
  parseTimeLiteral,
  parseTimestampLiteral,
  parseTimestampString,
  stepDatetime,
  toTimestamp,
  tsdiff,
  unixTimestamp,
} from '../../../../../lambda/engine/sql/functions/datetime';
import { t, INT, BIG, DBL, TS, DATE, TIME, utc, errorOf } from '../support';

const DT = t('INTERVAL', { interval: 'DAY_TIME' });
const YM = t('INTERVAL', { interval: 'YEAR_MONTH' });

const q = (start: IntervalQualifier['start'], end?: IntervalQualifier['end']): IntervalQualifier => (end ? { start, end } : { start });
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MIN = 60_000;


const ts = utc(2004, 9, 30, 13, 48, 23);

describe('FLOOR / CEIL (datetime TO unit) (sqlref/sql-reference-floor, -ceil examples)', () => {
  it.each([
    ['HOUR', utc(2004, 9, 30, 13), utc(2004, 9, 30, 14)],
    ['MINUTE', utc(2004, 9, 30, 13, 48), utc(2004, 9, 30, 13, 49)],
    ['DAY', utc(2004, 9, 30), utc(2004, 10, 1)],
    ['YEAR', utc(2004, 1, 1), utc(2005, 1, 1)],
  ] as const)("TIMESTAMP '2004-09-30 13:48:23' TO %s", (unit, f, c) => {
    expect(floorDatetime(ts, TS, unit)).toBe(f);
    expect(ceilDatetime(ts, TS, unit)).toBe(c);
  });

  it('rounds to MONTH and SECOND, leaves aligned values alone, and handles pre-1970 times', () => {
    expect(floorDatetime(ts, TS, 'MONTH')).toBe(utc(2004, 9, 1));
    expect(ceilDatetime(ts, TS, 'MONTH')).toBe(utc(2004, 10, 1));
    expect(ceilDatetime(utc(2004, 12, 31, 23, 59, 59, 1), TS, 'MONTH')).toBe(utc(2005, 1, 1));
    expect(floorDatetime(ts + 789, TS, 'SECOND')).toBe(ts);
    expect(ceilDatetime(utc(2004, 9, 30), TS, 'DAY')).toBe(utc(2004, 9, 30));
    expect(floorDatetime(utc(1969, 12, 31, 23, 59, 30), TS, 'MINUTE')).toBe(utc(1969, 12, 31, 23, 59));
    expect(floorDatetime(-1, TS, 'DAY')).toBe(-DAY);
  });

  it('works on DATE and TIME', () => {
    expect(floorDatetime(utc(2004, 9, 30), DATE, 'MONTH')).toBe(utc(2004, 9, 1));
    expect(floorDatetime(utc(2004, 9, 30), DATE, 'HOUR')).toBe(utc(2004, 9, 30));
    expect(floorDatetime(13 * HOUR + 48 * MIN, TIME, 'HOUR')).toBe(13 * HOUR);
    expect(ceilDatetime(13 * HOUR + 48 * MIN, TIME, 'HOUR')).toBe(14 * HOUR);
    expect(ceilDatetime(23 * HOUR + 1, TIME, 'HOUR')).toBe(0);
  });

  it('propagates NULL and rejects non-datetimes', () => {
    expect(floorDatetime(null, TS, 'DAY')).toBeNull();
    expect(ceilDatetime(null, TS, 'DAY')).toBeNull();
    expect(() => floorDatetime(1, INT, 'DAY')).toThrow(SqlTypeError);
  });

  it('FLOOR(ts TO MINUTE) ≤ ts < FLOOR + 60 s, and CEIL is the next boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: -4e12, max: 4e12 }), (v) => {
        const f = floorDatetime(v, TS, 'MINUTE') as number;
        const c = ceilDatetime(v, TS, 'MINUTE') as number;
        expect(f).toBeLessThanOrEqual(v);
        expect(v).toBeLessThan(f + MIN);
        expect(f % MIN === 0).toBe(true);
        expect(c).toBe(f === v ? v : f + MIN);
      }),
    );
  });

  it('FLOOR(ts TO MONTH) is the first of the month, as the JavaScript calendar says', () => {
    fc.assert(
      fc.property(fc.integer({ min: -4e12, max: 4e12 }), (v) => {
        const d = new Date(v);
        expect(floorDatetime(v, TS, 'MONTH')).toBe(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        expect(floorDatetime(v, TS, 'YEAR')).toBe(Date.UTC(d.getUTCFullYear(), 0, 1));
      }),
    );
  });
});

describe('STEP (datetime BY interval) (sqlref/sql-reference-step)', () => {
  it.each([
    [new Interval('DAY_TIME', 10_000), utc(2004, 9, 30, 13, 48, 20)],
    [new Interval('DAY_TIME', 2 * HOUR), utc(2004, 9, 30, 12)],
    [new Interval('DAY_TIME', 5 * MIN), utc(2004, 9, 30, 13, 45)],
    [new Interval('DAY_TIME', DAY), utc(2004, 9, 30)],
    [new Interval('YEAR_MONTH', 1), utc(2004, 9, 1)],
    [new Interval('YEAR_MONTH', 12), utc(2004, 1, 1)],
    [new Interval('YEAR_MONTH', 5), utc(2004, 8, 1)], // month 416 since 1970-01 → 415
  ])("STEP(TIMESTAMP '2004-09-30 13:48:23' BY %p)", (by, expected) => {
    expect(stepDatetime(ts, TS, by)).toBe(expected);
  });

  it('is epoch-aligned and never above the input', () => {
    fc.assert(
      fc.property(fc.integer({ min: -4e12, max: 4e12 }), fc.integer({ min: 1, max: 10 * DAY }), (v, width) => {
        const s = stepDatetime(v, TS, new Interval('DAY_TIME', width)) as number;
        expect(s % width === 0).toBe(true);
        expect(s).toBeLessThanOrEqual(v);
        expect(v - s).toBeLessThan(width);
      }),
    );
  });

  it('rejects a non-positive interval per row and propagates NULL', () => {
    expect(errorOf(() => stepDatetime(ts, TS, new Interval('DAY_TIME', 0)))).toMatchObject({ errorName: 'INVALID_ARGUMENT' });
    expect(stepDatetime(null, TS, new Interval('DAY_TIME', 1))).toBeNull();
    expect(stepDatetime(ts, TS, null)).toBeNull();
  });
});

describe('interval literals', () => {
  it.each([
    ['1:30', q('HOUR', 'MINUTE'), 90 * MIN],
    ['-2', q('DAY'), -2 * DAY],
    ['3 4', q('DAY', 'HOUR'), 3 * DAY + 4 * HOUR],
    ['-3 4:20', q('DAY', 'MINUTE'), -(3 * DAY + 4 * HOUR + 20 * MIN)],
    ['1 2:03:04.5', q('DAY', 'SECOND'), DAY + 2 * HOUR + 3 * MIN + 4500],
    ['2:03:04', q('HOUR', 'SECOND'), 2 * HOUR + 3 * MIN + 4000],
    ['5:30', q('MINUTE', 'SECOND'), 5 * MIN + 30_000],
    ['10', q('SECOND'), 10_000],
    ['5.25', q('SECOND'), 5250],
    ['120', q('SECOND'), 120_000],
    ['+7', q('MINUTE'), 7 * MIN],
  ])("INTERVAL '%s' %p (day-time)", (text, qualifier, ms) => {
    expect(parseIntervalLiteral(text, qualifier)).toEqual(new Interval('DAY_TIME', ms));
  });

  it('parses year-month literals', () => {
    expect(parseIntervalLiteral('3-4', q('YEAR', 'MONTH'))).toEqual(new Interval('YEAR_MONTH', 40));
    expect(parseIntervalLiteral('2', q('YEAR'))).toEqual(new Interval('YEAR_MONTH', 24));
    expect(parseIntervalLiteral('-14', q('MONTH'))).toEqual(new Interval('YEAR_MONTH', -14));
  });

  it('applies the sign written before the quote', () => {
    expect(parseIntervalLiteral('2', q('DAY'), -1)).toEqual(new Interval('DAY_TIME', -2 * DAY));
    expect(parseIntervalLiteral('-2', q('DAY'), -1)).toEqual(new Interval('DAY_TIME', 2 * DAY));
  });

  it('rejects malformed literals at analysis time and strings at run time', () => {
    for (const [text, qualifier] of [
      ['1:30', q('HOUR')],
      ['1 25', q('DAY', 'HOUR')],
      ['1:60', q('HOUR', 'MINUTE')],
      ['1-12', q('YEAR', 'MONTH')],
      ['abc', q('DAY')],
      ['', q('DAY')],
    ] as const) {
      expect(() => parseIntervalLiteral(text, qualifier)).toThrow(SqlTypeError);
      expect(errorOf(() => parseIntervalString(text, qualifier))).toMatchObject({ errorName: 'INVALID_CHARACTER_VALUE_FOR_CAST' });
    }
    expect(() => parseIntervalLiteral('100', { start: 'DAY', leadingPrecision: 2 })).toThrow(SqlTypeError);
    expect(parseIntervalLiteral('100', { start: 'DAY', leadingPrecision: 3 })).toEqual(new Interval('DAY_TIME', 100 * DAY));
    expect(() => parseIntervalLiteral('1', q('HOUR', 'DAY'))).toThrow(SqlTypeError);
    expect(() => intervalType(q('YEAR', 'DAY'))).toThrow(SqlTypeError);
  });

  it('formats intervals as KDA prints them (sqlref/sql-reference-abs: +3 04:20)', () => {
    expect(formatInterval(absInterval(parseIntervalLiteral('-3 4:20', q('DAY', 'MINUTE'))) as Interval, q('DAY', 'MINUTE'))).toBe('+3 04:20');
    expect(formatInterval(new Interval('DAY_TIME', -(2 * DAY + 4 * HOUR)), q('DAY', 'HOUR'))).toBe('-2 04');
    expect(formatInterval(new Interval('YEAR_MONTH', 52), q('YEAR', 'MONTH'))).toBe('+4-04');
    expect(formatInterval(new Interval('DAY_TIME', 90_500), q('MINUTE', 'SECOND'))).toBe('+1:30.500');
    expect(formatInterval(new Interval('DAY_TIME', 26 * HOUR), q('HOUR'))).toBe('+26');
    expect(formatInterval(new Interval('YEAR_MONTH', -5), q('MONTH'))).toBe('-5');
  });

  it('formats back to a literal that parses to the same value', () => {
    const qualifiers = [q('DAY', 'SECOND'), q('HOUR', 'SECOND'), q('MINUTE', 'SECOND'), q('SECOND')];
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom(...qualifiers), (ms, qualifier) => {
        const i = new Interval('DAY_TIME', ms);
        expect(parseIntervalLiteral(formatInterval(i, qualifier), qualifier)).toEqual(i);
      }),
    );
  });
});

describe('interval arithmetic (sqlref date, timestamp and interval operators examples)', () => {
  const day = (n: number) => new Interval('DAY_TIME', n * DAY);
  const dayHour = parseIntervalLiteral('3 4', q('DAY', 'HOUR'));

  it("INTERVAL '1' DAY + INTERVAL '3' DAY = INTERVAL '4' DAY", () => {
    expect(addIntervals(day(1), day(3))).toEqual(day(4));
  });

  it("INTERVAL '1' DAY + INTERVAL '3 4' DAY TO HOUR = INTERVAL '+4 04' DAY TO HOUR", () => {
    expect(formatInterval(addIntervals(day(1), dayHour) as Interval, q('DAY', 'HOUR'))).toBe('+4 04');
  });

  it("INTERVAL '1' DAY - INTERVAL '3 4' DAY TO HOUR = INTERVAL '-2 04' DAY TO HOUR (minus 52 hours)", () => {
    const r = addIntervals(day(1), dayHour, -1) as Interval;
    expect(r.amount).toBe(-52 * HOUR);
    expect(formatInterval(r, q('DAY', 'HOUR'))).toBe('-2 04');
  });

  it("INTERVAL '1' YEAR + INTERVAL '3-4' YEAR TO MONTH = INTERVAL '+4-04' YEAR TO MONTH", () => {
    const r = addIntervals(parseIntervalLiteral('1', q('YEAR')), parseIntervalLiteral('3-4', q('YEAR', 'MONTH'))) as Interval;
    expect(formatInterval(r, q('YEAR', 'MONTH'))).toBe('+4-04');
  });

  it("2 * INTERVAL '3 4' DAY TO HOUR = INTERVAL '6 8' DAY TO HOUR", () => {
    expect(multiplyInterval(dayHour, 2, INT)).toEqual(new Interval('DAY_TIME', 6 * DAY + 8 * HOUR));
  });

  it("INTERVAL '3 4' DAY TO HOUR / 2 = INTERVAL '1 14' DAY TO HOUR (38 hours)", () => {
    expect(divideInterval(dayHour, 2, INT)).toEqual(new Interval('DAY_TIME', 38 * HOUR));
  });

  it('multiplies and divides by other numbers, truncating to whole milliseconds or months', () => {
    expect(multiplyInterval(new Interval('DAY_TIME', 1000), 1.5, DBL)).toEqual(new Interval('DAY_TIME', 1500));
    expect(multiplyInterval(new Interval('DAY_TIME', 1), new Decimal(25n, 1), t('DECIMAL', { precision: 2, scale: 1 }))).toEqual(new Interval('DAY_TIME', 2));
    expect(divideInterval(new Interval('YEAR_MONTH', 7), 2, INT)).toEqual(new Interval('YEAR_MONTH', 3));
    expect(divideInterval(new Interval('DAY_TIME', -7), 2n, BIG)).toEqual(new Interval('DAY_TIME', -3));
    expect(errorOf(() => divideInterval(dayHour, 0, INT))).toMatchObject({ errorName: 'DIVISION_BY_ZERO' });
    expect(errorOf(() => divideInterval(dayHour, 0, DBL))).toBeInstanceOf(SqlRuntimeError);
    expect(multiplyInterval(null, 2, INT)).toBeNull();
    expect(() => multiplyInterval(dayHour, 'x', t('VARCHAR'))).toThrow(SqlTypeError);
  });

  it('does not mix the families; negation and ABS', () => {
    expect(() => addIntervals(day(1), new Interval('YEAR_MONTH', 1))).toThrow(SqlTypeError);
    expect(negateInterval(day(2))).toEqual(day(-2));
    expect(absInterval(day(-2))).toEqual(day(2));
    expect(addIntervals(null, day(1))).toBeNull();
  });
});

describe('datetime ± interval', () => {
  it('adds day-time intervals to timestamps', () => {
    expect(addInterval(ts, TS, new Interval('DAY_TIME', 90 * MIN))).toBe(utc(2004, 9, 30, 15, 18, 23));
    expect(addInterval(ts, TS, new Interval('DAY_TIME', DAY), -1)).toBe(utc(2004, 9, 29, 13, 48, 23));
  });

  it('clamps the day when adding months (leap years included)', () => {
    const month = new Interval('YEAR_MONTH', 1);
    expect(addInterval(utc(2004, 1, 31, 10), TS, month)).toBe(utc(2004, 2, 29, 10));
    expect(addInterval(utc(2005, 1, 31, 10), TS, month)).toBe(utc(2005, 2, 28, 10));
    expect(addInterval(utc(2004, 3, 31), DATE, month, -1)).toBe(utc(2004, 2, 29));
    expect(addInterval(utc(2000, 2, 29), DATE, new Interval('YEAR_MONTH', 12))).toBe(utc(2001, 2, 28));
    expect(addInterval(utc(2000, 2, 29), DATE, new Interval('YEAR_MONTH', 48))).toBe(utc(2004, 2, 29));
    expect(addInterval(utc(2004, 12, 15), DATE, new Interval('YEAR_MONTH', 1))).toBe(utc(2005, 1, 15));
    expect(addInterval(utc(1970, 1, 31, 23, 59), TS, new Interval('YEAR_MONTH', -1))).toBe(utc(1969, 12, 31, 23, 59));
  });

  it('adds whole days to DATE and wraps TIME around midnight', () => {
    expect(addInterval(utc(2008, 8, 23), DATE, new Interval('DAY_TIME', 5 * DAY))).toBe(utc(2008, 8, 28));
    expect(addInterval(utc(2008, 8, 23), DATE, new Interval('DAY_TIME', 25 * HOUR))).toBe(utc(2008, 8, 24));
    expect(addInterval(23 * HOUR, TIME, new Interval('DAY_TIME', 2 * HOUR))).toBe(HOUR);
    expect(addInterval(HOUR, TIME, new Interval('DAY_TIME', 2 * HOUR), -1)).toBe(23 * HOUR);
    expect(() => addInterval(HOUR, TIME, new Interval('YEAR_MONTH', 1))).toThrow(SqlTypeError);
    expect(addInterval(null, TS, new Interval('DAY_TIME', 1))).toBeNull();
  });

  it('matches the JavaScript calendar for day-of-month-safe month arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: -600, max: 600 }), (y, m, d, n) => {
        expect(addMonths(utc(y, m, d, 5), n)).toBe(Date.UTC(y, m - 1 + n, d, 5));
      }),
    );
  });

  it('never lands past the end of the month', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3e12, max: 3e12 }), fc.integer({ min: -100, max: 100 }), (v, n) => {
        const r = new Date(addMonths(v, n));
        const src = new Date(v);
        const expectedMonth = (((src.getUTCMonth() + n) % 12) + 12) % 12;
        expect(r.getUTCMonth()).toBe(expectedMonth);
        expect(r.getUTCDate()).toBeLessThanOrEqual(src.getUTCDate());
        expect(r.getUTCHours()).toBe(src.getUTCHours());
      }),
    );
  });
});

describe('(datetime - datetime) <qualifier>', () => {
  const a = utc(2004, 9, 30, 13, 48, 23, 500);
  const b = utc(2004, 9, 28, 10, 0, 0);

  it('truncates toward zero to the qualifier’s end unit', () => {
    const diff = a - b;
    expect(datetimeMinus(a, TS, b, TS, q('SECOND'))).toEqual(new Interval('DAY_TIME', diff));
    expect(datetimeMinus(a, TS, b, TS, { start: 'SECOND', fractionalPrecision: 0 })).toEqual(new Interval('DAY_TIME', diff - 500));
    expect(datetimeMinus(a, TS, b, TS, q('MINUTE'))).toEqual(new Interval('DAY_TIME', 2 * DAY + 3 * HOUR + 48 * MIN));
    expect(datetimeMinus(a, TS, b, TS, q('HOUR'))).toEqual(new Interval('DAY_TIME', 2 * DAY + 3 * HOUR));
    expect(datetimeMinus(a, TS, b, TS, q('DAY'))).toEqual(new Interval('DAY_TIME', 2 * DAY));
    expect(datetimeMinus(b, TS, a, TS, q('DAY'))).toEqual(new Interval('DAY_TIME', -2 * DAY));
    expect(datetimeMinus(a, TS, b, TS)).toEqual(new Interval('DAY_TIME', diff));
    expect(datetimeMinus(utc(2010, 1, 1), DATE, utc(2009, 12, 31), DATE, q('DAY'))).toEqual(new Interval('DAY_TIME', DAY));
  });

  it('counts whole months and years', () => {
    expect(datetimeMinus(utc(2004, 3, 31), TS, utc(2004, 1, 31), TS, q('MONTH'))).toEqual(new Interval('YEAR_MONTH', 2));
    expect(datetimeMinus(utc(2004, 3, 30), TS, utc(2004, 1, 31), TS, q('MONTH'))).toEqual(new Interval('YEAR_MONTH', 1));
    expect(datetimeMinus(utc(2004, 1, 31), TS, utc(2004, 3, 30), TS, q('MONTH'))).toEqual(new Interval('YEAR_MONTH', -1));
    expect(datetimeMinus(utc(2007, 2, 1), TS, utc(2004, 3, 1), TS, q('YEAR', 'MONTH'))).toEqual(new Interval('YEAR_MONTH', 35));
    expect(datetimeMinus(utc(2007, 2, 1), TS, utc(2004, 3, 1), TS, q('YEAR'))).toEqual(new Interval('YEAR_MONTH', 24));
  });

  it('the FLOOR((ROWTIME - epoch) SECOND / 10 TO SECOND) tumbling key of kda-sql.md', () => {
    const rowtime = utc(2024, 5, 1, 12, 0, 37, 250);
    const seconds = datetimeMinus(rowtime, TS, 0, TS, q('SECOND'));
    const key = floorInterval(divideInterval(seconds, 10, INT), 'SECOND') as Interval;
    expect(key.amount).toBe(Math.floor(rowtime / 10_000) * 1000);
    expect(ceilInterval(new Interval('DAY_TIME', 1500), 'SECOND')).toEqual(new Interval('DAY_TIME', 2000));
    expect(floorInterval(new Interval('DAY_TIME', -1500), 'SECOND')).toEqual(new Interval('DAY_TIME', -2000));
    expect(floorInterval(new Interval('YEAR_MONTH', 29), 'YEAR')).toEqual(new Interval('YEAR_MONTH', 24));
    expect(() => floorInterval(new Interval('YEAR_MONTH', 29), 'DAY')).toThrow(SqlTypeError);
  });

  it('checks operand types and propagates NULL', () => {
    expect(() => datetimeMinus(HOUR, TIME, ts, TS, q('HOUR'))).toThrow(SqlTypeError);
    expect(() => datetimeMinus(HOUR, TIME, 0, TIME, q('MONTH'))).toThrow(SqlTypeError);
    expect(datetimeMinus(2 * HOUR, TIME, HOUR, TIME, q('MINUTE'))).toEqual(new Interval('DAY_TIME', HOUR));
    expect(datetimeMinus(null, TS, ts, TS, q('DAY'))).toBeNull();
  });

  it('adding the difference back gives the later value (SECOND keeps milliseconds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -4e12, max: 4e12 }), fc.integer({ min: -4e12, max: 4e12 }), (x, y) => {
        const d = datetimeMinus(x, TS, y, TS, q('SECOND')) as Interval;
        expect(addInterval(y, TS, d)).toBe(x);
        const m = datetimeMinus(x, TS, y, TS, q('MINUTE')) as Interval;
        expect(Math.abs(m.amount)).toBeLessThanOrEqual(Math.abs(x - y));
        expect(Math.abs(x - y) - Math.abs(m.amount)).toBeLessThan(MIN);
      }),
    );
  });
});

describe('EXTRACT', () => {
  const stamp = utc(2008, 8, 29, 12, 11, 46, 123);

  it.each([
    ['YEAR', 2008n],
    ['MONTH', 8n],
    ['DAY', 29n],
    ['HOUR', 12n],
    ['MINUTE', 11n],
  ] as const)('EXTRACT(%s FROM TIMESTAMP) = %p', (unit, expected) => {
    expect(extract(unit, stamp, TS)).toBe(expected);
  });

  it('returns SECOND as DECIMAL(5,3) including milliseconds', () => {
    expect((extract('SECOND', stamp, TS) as Decimal).toString()).toBe('46.123');
    expect(extractResultType('SECOND', TS)).toEqual(t('DECIMAL', { precision: 5, scale: 3 }));
    expect(extractResultType('DAY', TS)).toEqual(BIG);
  });

  it('extracts from DATE, TIME and intervals', () => {
    expect(extract('DAY', utc(2008, 2, 29), DATE)).toBe(29n);
    expect(extract('HOUR', 13 * HOUR, TIME)).toBe(13n);
    const i = parseIntervalLiteral('2 3:4:5.678', q('DAY', 'SECOND'));
    expect(extract('DAY', i, DT)).toBe(2n);
    expect(extract('HOUR', i, DT)).toBe(3n);
    expect(extract('MINUTE', i, DT)).toBe(4n);
    expect((extract('SECOND', i, DT) as Decimal).toString()).toBe('5.678');
    expect(extract('HOUR', new Interval('DAY_TIME', 50 * HOUR), DT)).toBe(2n);
    expect(extract('DAY', new Interval('DAY_TIME', -50 * HOUR), DT)).toBe(-2n);
    expect(extract('YEAR', new Interval('YEAR_MONTH', 40), YM)).toBe(3n);
    expect(extract('MONTH', new Interval('YEAR_MONTH', -40), YM)).toBe(-4n);
    expect(extract('YEAR', null, TS)).toBeNull();
  });

  it('rejects fields the type does not have', () => {
    expect(() => extractResultType('HOUR', DATE)).toThrow(SqlTypeError);
    expect(() => extractResultType('YEAR', TIME)).toThrow(SqlTypeError);
    expect(() => extractResultType('DAY', YM)).toThrow(SqlTypeError);
    expect(() => extractResultType('DAY', INT)).toThrow(SqlTypeError);
  });

  it('agrees with the JavaScript calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6e13, max: 6e13 }), (v) => {
        const d = new Date(v);
        expect(extract('YEAR', v, TS)).toBe(BigInt(d.getUTCFullYear()));
        expect(extract('MONTH', v, TS)).toBe(BigInt(d.getUTCMonth() + 1));
        expect(extract('DAY', v, TS)).toBe(BigInt(d.getUTCDate()));
        expect(extract('HOUR', v, TS)).toBe(BigInt(d.getUTCHours()));
      }),
    );
  });
});

describe('TSDIFF, UNIX_TIMESTAMP, TO_TIMESTAMP', () => {
  it('TSDIFF returns milliseconds (end - start) for TIMESTAMP or BIGINT arguments', () => {
    expect(tsdiff(utc(2004, 9, 30), TS, utc(2004, 9, 30, 0, 0, 1, 500), TS)).toBe(1500n);
    expect(tsdiff(2000n, BIG, 500n, BIG)).toBe(-1500n);
    expect(tsdiff(null, TS, 1, TS)).toBeNull();
    expect(() => tsdiff(1, INT, 2, INT)).toThrow(SqlTypeError);
  });

  it('UNIX_TIMESTAMP gives BIGINT milliseconds since the epoch; TO_TIMESTAMP inverts it', () => {
    expect(unixTimestamp(utc(2007, 5, 4, 10, 22, 15, 123), TS)).toBe(1178274135123n);
    expect(unixTimestamp(0, TS)).toBe(0n);
    expect(toTimestamp(1178274135123n, BIG)).toBe(utc(2007, 5, 4, 10, 22, 15, 123));
    expect(toTimestamp(-1n, BIG)).toBe(-1);
    expect(unixTimestamp(null, TS)).toBeNull();
    expect(toTimestamp(null, BIG)).toBeNull();
    expect(errorOf(() => toTimestamp(10n ** 17n, BIG))).toMatchObject({ errorName: 'DATETIME_FIELD_OVERFLOW' });
    expect(() => toTimestamp(1.5, DBL)).toThrow(SqlTypeError);
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (v) => {
        expect(toTimestamp(unixTimestamp(v, TS), BIG)).toBe(v);
      }),
    );
  });
});

describe('datetime literals and text', () => {
  it('parses TIMESTAMP, DATE and TIME literals', () => {
    expect(parseTimestampLiteral('2004-09-30 13:48:23')).toBe(ts);
    expect(parseTimestampLiteral('2004-09-30 13:48:23.0')).toBe(ts);
    expect(parseTimestampLiteral('2004-09-30 13:48:23.5')).toBe(ts + 500);
    expect(parseTimestampLiteral('2004-09-30 13:48:23.123456')).toBe(ts + 123);
    expect(parseTimestampLiteral('1970-01-01 00:00:00')).toBe(0);
    expect(parseDateLiteral('2008-08-23')).toBe(utc(2008, 8, 23));
    expect(parseDateLiteral('2008-2-9')).toBe(utc(2008, 2, 9));
    expect(parseTimeLiteral('13:48:23.250')).toBe(13 * HOUR + 48 * MIN + 23_250);
  });

  it('rejects impossible values: literals at analysis time, CAST input per row', () => {
    for (const bad of ['2004-02-30 00:00:00', '2004-13-01 00:00:00', '2004-09-30 24:00:00', '2004-09-30', 'yesterday', '2004-09-30T13:48:23']) {
      expect(() => parseTimestampLiteral(bad)).toThrow(SqlTypeError);
      expect(errorOf(() => parseTimestampString(bad))).toMatchObject({ errorName: 'INVALID_CHARACTER_VALUE_FOR_CAST' });
    }
    expect(parseTimestampLiteral('2004-02-29 00:00:00')).toBe(utc(2004, 2, 29));
    expect(() => parseTimestampLiteral('2100-02-29 00:00:00')).toThrow(SqlTypeError);
    expect(() => parseDateLiteral('1900-02-29')).toThrow(SqlTypeError);
    expect(parseDateLiteral('2000-02-29')).toBe(utc(2000, 2, 29));
    expect(() => parseTimeLiteral('12:60:00')).toThrow(SqlTypeError);
  });

  it('formats TIMESTAMP, DATE and TIME', () => {
    expect(formatTimestamp(ts)).toBe('2004-09-30 13:48:23');
    expect(formatTimestamp(ts + 7)).toBe('2004-09-30 13:48:23.007');
    expect(formatTimestamp(-1)).toBe('1969-12-31 23:59:59.999');
    expect(formatDate(utc(2008, 8, 23))).toBe('2008-08-23');
    expect(formatDate(daysFromCivil(5, 1, 2) * DAY)).toBe('0005-01-02');
    expect(formatTime(9 * HOUR + 5 * MIN + 3000)).toBe('09:05:03');
  });

  it('round-trips timestamps through their text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6e13, max: 2.5e14 }), (v) => {
        expect(parseTimestampLiteral(formatTimestamp(v))).toBe(v);
      }),
    );
  });

  it('has a calendar that agrees with Date.UTC, leap years included', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3_000_000, max: 3_000_000 }), (days) => {
        const { year, month, day } = civilFromDays(days);
        expect(Date.UTC(year, month - 1, day)).toBe(days * DAY);
        expect(daysFromCivil(year, month, day)).toBe(days);
      }),
    );
  });
});
