import fc from 'fast-check';
import { Decimal, SqlType } from '../../../../../lambda/engine/sql/types';
import {
  SqlRuntimeError,
  SqlTypeError,
  abs,
  ceil,
  ceilFloorResultType,
  decimalFromDouble,
  exp,
  floor,
  javaDoubleToString,
  javaFloatToString,
  ln,
  log10,
  mod,
  modResultType,
  power,
  sqrt,
  stepInteger,
  wrapInteger,
} from '../../../../../lambda/engine/sql/functions/numeric';
import { arithmetic } from '../../../../../lambda/engine/sql/functions/operators';
import { t, INT, BIG, DBL, dec, errorOf } from '../support';

/** A DECIMAL literal value and its type, as the parser types `2.0` (DECIMAL(2,1)). */
const lit = (text: string): [Decimal, SqlType] => {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const [i = '', f = ''] = body.split('.');
  const unscaled = BigInt(i + f) * (neg ? -1n : 1n);
  return [new Decimal(unscaled, f.length), dec((i + f).replace(/^0+(?=\d)/, '').length, f.length)];
};
const str = (v: unknown): string => (v instanceof Decimal ? v.toString() : String(v));


describe('ABS (sqlref/sql-reference-abs examples)', () => {
  it.each([
    ['2.0', '2.0'],
    ['-1.0', '1.0'],
  ])('ABS(%s) = %s', (input, expected) => {
    const [v, type] = lit(input);
    expect(str(abs(v, type))).toBe(expected);
  });

  it('ABS(0) = 0 and ABS(-3 * 3) = 9 on INTEGER', () => {
    expect(abs(0, INT)).toBe(0);
    expect(abs(arithmetic('*', -3, 3, INT, INT), INT)).toBe(9);
  });

  it('follows Java Math.abs: INTEGER and BIGINT minimum values stay negative', () => {
    expect(abs(-2147483648, INT)).toBe(-2147483648);
    expect(abs(-(2n ** 63n), BIG)).toBe(-(2n ** 63n));
    expect(abs(-2.5, DBL)).toBe(2.5);
    expect(abs(null, INT)).toBeNull();
  });

  it('rejects non-numeric arguments at analysis time', () => {
    expect(() => abs('x', t('VARCHAR'))).toThrow(SqlTypeError);
  });
});

describe('CEIL / FLOOR on numbers (sqlref/sql-reference-ceil, -floor examples)', () => {
  it.each([
    ['2.0', '2', '2'],
    ['-1.0', '-1', '-1'],
    ['5.2', '6', '5'],
    ['-3.3', '-3', '-4'],
  ])('CEIL(%s) = %s, FLOOR(%s) = %s', (input, c, f) => {
    const [v, type] = lit(input);
    expect(str(ceil(v, type))).toBe(c);
    expect(str(floor(v, type))).toBe(f);
  });

  it('CEILING(-3 * 3.1) = -9 and FLOOR(-3 * 3.1) = -10', () => {
    const [v, type] = lit('3.1');
    const product = arithmetic('*', -3, v, INT, type);
    const productType: SqlType = dec(12, 1);
    expect(str(product)).toBe('-9.3');
    expect(str(ceil(product, productType))).toBe('-9');
    expect(str(floor(product, productType))).toBe('-10');
  });

  it('keeps integers and doubles in their type; DECIMAL(p,s) becomes DECIMAL(p,0)', () => {
    expect(ceil(7, INT)).toBe(7);
    expect(floor(-2.5, DBL)).toBe(-3);
    expect(ceil(-0.5, DBL)).toBe(-0);
    expect(ceilFloorResultType(dec(5, 2))).toEqual(dec(5, 0));
    expect(ceilFloorResultType(INT)).toBe(INT);
    expect(ceil(null, DBL)).toBeNull();
  });
});

describe('MOD (sqlref/sql-reference-mod examples)', () => {
  it.each([
    [4, 2, 0],
    [5, 3, 2],
    [-4, 3, -1],
    [5, 12, 5],
  ])('MOD(%d,%d) = %d', (a, b, r) => {
    expect(mod(a, INT, b, INT)).toBe(r);
  });

  it('raises DIVISION_BY_ZERO for a zero divisor', () => {
    const e = errorOf(() => mod(1, INT, 0, INT));
    expect(e).toBeInstanceOf(SqlRuntimeError);
    expect(e).toMatchObject({ errorName: 'DIVISION_BY_ZERO' });
  });

  it('accepts only scale-0 arguments and has the divisor type', () => {
    expect(() => modResultType(dec(5, 2), INT)).toThrow(SqlTypeError);
    expect(() => modResultType(DBL, INT)).toThrow(SqlTypeError);
    expect(modResultType(BIG, INT).name).toBe('INTEGER');
    expect(mod(10n ** 15n + 7n, BIG, 10, INT)).toBe(7);
    expect(str(mod(new Decimal(-17n, 0), dec(5, 0), new Decimal(5n, 0), dec(3, 0)))).toBe('-2');
    expect(mod(null, INT, 3, INT)).toBeNull();
  });

  it('has the sign of the dividend, like Java %', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer().filter((b) => b !== 0), (a, b) => {
        const r = mod(a, INT, b, INT) as number;
        expect(r).toBe(a % b || 0);
        expect(Math.abs(r)).toBeLessThan(Math.abs(b));
      }),
    );
  });
});

describe('STEP on integers (sqlref/sql-reference-step examples)', () => {
  it('STEP(23 BY 5) = 20 and STEP(30 BY 10) = 30', () => {
    expect(stepInteger(23, INT, 5, INT)).toBe(20);
    expect(stepInteger(30, INT, 10, INT)).toBe(30);
  });

  it('floors negative values (largest multiple ≤ the value) and keeps BIGINT', () => {
    expect(stepInteger(-23, INT, 5, INT)).toBe(-25);
    expect(stepInteger(10n ** 18n + 3n, BIG, 10, INT)).toBe(10n ** 18n);
    expect(stepInteger(null, INT, 5, INT)).toBeNull();
  });

  it('rejects a non-positive width per row and non-integers at analysis', () => {
    expect(errorOf(() => stepInteger(1, INT, 0, INT))).toMatchObject({ errorName: 'INVALID_ARGUMENT' });
    expect(() => stepInteger(1, DBL, 1, INT)).toThrow(SqlTypeError);
  });

  it('returns the largest multiple of n not above the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 100000 }), (v, n) => {
        const s = stepInteger(v, INT, n, INT) as number;
        expect(s % n === 0).toBe(true);
        expect(s).toBeLessThanOrEqual(v);
        expect(v - s).toBeLessThan(n);
      }),
    );
  });
});

describe('EXP, LN, LOG10, POWER, SQRT follow java.lang.Math', () => {
  it('returns the Java values (checked with OpenJDK 17)', () => {
    expect(exp(1, INT)).toBe(2.718281828459045);
    expect(exp(2.5, DBL)).toBe(12.182493960703473);
    expect(ln(10, INT)).toBe(2.302585092994046);
    expect(log10(1000, INT)).toBe(3);
    expect(log10(2, INT)).toBe(0.3010299956639812);
    expect(sqrt(2, INT)).toBe(1.4142135623730951);
    expect(power(2, INT, 0.5, DBL)).toBe(1.4142135623730951);
    expect(power(2, INT, 10, INT)).toBe(1024);
  });

  it('gives Infinity/NaN instead of errors, like Java', () => {
    expect(ln(0, INT)).toBe(-Infinity);
    expect(ln(-1, INT)).toBeNaN();
    expect(power(0, INT, -1, INT)).toBe(Infinity);
    expect(power(1, INT, NaN, DBL)).toBeNaN();
    expect(sqrt(-1, INT)).toBeNaN();
  });

  it('accepts every numeric type and propagates NULL', () => {
    const [v, type] = lit('2.5');
    expect(exp(v, type)).toBe(12.182493960703473);
    expect(ln(10n, BIG)).toBe(2.302585092994046);
    expect(exp(null, DBL)).toBeNull();
    expect(power(2, INT, null, INT)).toBeNull();
    expect(() => exp('1', t('VARCHAR'))).toThrow(SqlTypeError);
  });
});

describe('Java number formatting', () => {
  it.each([
    [1.0e10, '1.0E10'],
    [1e7, '1.0E7'],
    [9999999.0, '9999999.0'],
    [0.001, '0.001'],
    [1e-4, '1.0E-4'],
    [123.456, '123.456'],
    [100.0, '100.0'],
    [-0.0, '-0.0'],
    [0, '0.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1.0E21'],
    [2.2250738585072014e-308, '2.2250738585072014E-308'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
    [1 / 3, '0.3333333333333333'],
    [12345678.9, '1.23456789E7'],
    [-1.5e-7, '-1.5E-7'],
    [0.00999, '0.00999'],
    [5.9e17, '5.9E17'],
    [123456789012345678, '1.2345678901234568E17'],
    [589860410835612928, '5.8986041083561293E17'],
    [9007199254740993, '9.007199254740992E15'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('Double.toString(%p) = %s', (value, expected) => {
    expect(javaDoubleToString(value)).toBe(expected);
  });

  it.each([
    [1.0e10, '1.0E10'],
    [0.1, '0.1'],
    [1 / 3, '0.33333334'],
    [16777216, '1.6777216E7'],
    [1e-5, '1.0E-5'],
    [3.4028235e38, '3.4028235E38'],
    [Math.fround(Math.fround(0.1) + Math.fround(0.2)), '0.3'],
    [123.456, '123.456'],
    [3300711.25, '3300711.2'],
    [93165488, '9.3165488E7'],
    [7725374.5, '7725374.5'],
  ])('Float.toString(%p) = %s', (value, expected) => {
    expect(javaFloatToString(value)).toBe(expected);
  });

  it('round-trips every double through its Java text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        expect(Number(javaDoubleToString(d))).toBe(d);
      }),
    );
  });

  it('converts doubles to exact decimals through their shortest digits (BigDecimal.valueOf)', () => {
    expect(decimalFromDouble(0.1).toString()).toBe('0.1');
    expect(decimalFromDouble(-2.5e-3).toString()).toBe('-0.0025');
    expect(decimalFromDouble(1e20).toString()).toBe('100000000000000000000');
    expect(() => decimalFromDouble(NaN)).toThrow(SqlRuntimeError);
  });
});

describe('wrapInteger', () => {
  it('wraps like Java int and long', () => {
    expect(wrapInteger(2147483648n, 'INTEGER')).toBe(-2147483648);
    expect(wrapInteger(2n ** 63n, 'BIGINT')).toBe(-(2n ** 63n));
    expect(wrapInteger(128n, 'TINYINT')).toBe(-128);
    expect(wrapInteger(-32769n, 'SMALLINT')).toBe(32767);
  });
});
