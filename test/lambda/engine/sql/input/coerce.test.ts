import { coerceValue, parseExactNumber, parseTime, parseTimestamp } from '../../../../../lambda/engine/sql/input/coerce';
import type { Coercion } from '../../../../../lambda/engine/sql/input/coerce';
import { parseSqlType } from '../../../../../lambda/engine/sql/input/input-schema';
import { JsonNumber, parseJson } from '../../../../../lambda/engine/sql/input/json';
import type { JsonValue } from '../../../../../lambda/engine/sql/input/json';
import { Decimal } from '../../../../../lambda/engine/sql/types';
import type { SqlValue } from '../../../../../lambda/engine/sql/types';

const num = (text: string): JsonNumber => new JsonNumber(text);

function value(source: JsonValue | undefined, type: string): SqlValue {
  const result = coerceValue(source, parseSqlType(type));
  if (!result.ok) throw new Error(`expected success, got: ${result.reason}`);
  return result.value;
}

function reason(source: JsonValue | undefined, type: string): string {
  const result: Coercion = coerceValue(source, parseSqlType(type));
  if (result.ok) throw new Error(`expected a failure, got ${String(result.value)}`);
  return result.reason;
}

const ALL_TYPES = ['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'DECIMAL(5,2)', 'DOUBLE', 'REAL', 'BOOLEAN', 'CHAR(3)', 'VARCHAR(3)', 'BINARY(2)', 'VARBINARY(2)', 'DATE', 'TIME', 'TIMESTAMP'];

describe('null literal and missing elements (dev/sch-mapping "Null Literal", dev/about-json-path)', () => {
  it.each(ALL_TYPES)('JSON null → NULL for %s', (type) => {
    expect(value(null, type)).toBeNull();
  });
  it.each(ALL_TYPES)('a missing element → NULL for %s', (type) => {
    expect(value(undefined, type)).toBeNull();
  });
});

describe('boolean literal (dev/sch-mapping "Boolean Literal")', () => {
  it('numeric types: true → 1, false → 0', () => {
    expect(value(true, 'INTEGER')).toBe(1);
    expect(value(false, 'INTEGER')).toBe(0);
    expect(value(true, 'TINYINT')).toBe(1);
    expect(value(true, 'BIGINT')).toBe(1n);
    expect(value(false, 'BIGINT')).toBe(0n);
    expect(value(true, 'DECIMAL(5,2)')).toEqual(new Decimal(100n, 2));
    expect(value(false, 'DECIMAL(5,2)')).toEqual(new Decimal(0n, 2));
    expect(value(true, 'DOUBLE')).toBe(1);
    expect(value(false, 'REAL')).toBe(0);
  });
  it('binary: lowest bit set or all bits clear; VARBINARY is 1 byte long', () => {
    expect(value(true, 'VARBINARY(4)')).toEqual(Uint8Array.from([1]));
    expect(value(false, 'VARBINARY(4)')).toEqual(Uint8Array.from([0]));
    expect(value(true, 'BINARY(3)')).toEqual(Uint8Array.from([0, 0, 1]));
    expect(value(false, 'BINARY')).toEqual(Uint8Array.from([0]));
  });
  it('BOOLEAN keeps the value', () => {
    expect(value(true, 'BOOLEAN')).toBe(true);
    expect(value(false, 'BOOLEAN')).toBe(false);
  });
  it('character types get "true"/"false", truncated to the length', () => {
    expect(value(true, 'VARCHAR(8)')).toBe('true');
    expect(value(false, 'VARCHAR(8)')).toBe('false');
    expect(value(false, 'VARCHAR(3)')).toBe('fal');
    expect(value(true, 'CHAR(6)')).toBe('true  ');
  });
  it.each(['DATE', 'TIME', 'TIMESTAMP'])('%s fails', (type) => {
    expect(reason(true, type)).toBe(`cannot convert boolean true to ${type}`);
  });
});

describe('number (dev/sch-mapping "Number")', () => {
  it('converts directly to numeric types, exactly', () => {
    expect(value(num('67321'), 'INTEGER')).toBe(67321);
    expect(value(num('-32768'), 'SMALLINT')).toBe(-32768);
    expect(value(num('127'), 'TINYINT')).toBe(127);
    expect(value(num('9223372036854775807'), 'BIGINT')).toBe(9223372036854775807n);
    expect(value(num('-9223372036854775808'), 'BIGINT')).toBe(-9223372036854775808n);
    expect(value(num('84.51'), 'DECIMAL(5,2)')).toEqual(new Decimal(8451n, 2));
    expect(value(num('0.10'), 'DECIMAL(5,2)')).toEqual(new Decimal(10n, 2));
    expect(value(num('-999.99'), 'DECIMAL(5,2)')).toEqual(new Decimal(-99999n, 2));
    expect(value(num('1234567890123456789'), 'DECIMAL(19)')).toEqual(new Decimal(1234567890123456789n, 0));
    expect(value(num('0.1'), 'DOUBLE')).toBe(0.1);
    expect(value(num('1.7976931348623157e308'), 'DOUBLE')).toBe(1.7976931348623157e308);
  });
  it('REAL is a 32-bit float', () => {
    expect(value(num('0.1'), 'REAL')).toBe(0.10000000149011612);
    expect(value(num('84.51'), 'REAL')).toBe(84.51000213623047);
    expect(value(num('3.4e38'), 'REAL')).toBe(Math.fround(3.4e38));
  });
  it('an integral value written with a fraction or exponent fits an integer type', () => {
    expect(value(num('1.0'), 'INTEGER')).toBe(1);
    expect(value(num('1E2'), 'SMALLINT')).toBe(100);
    expect(value(num('-2.50e1'), 'BIGINT')).toBe(-25n);
    expect(value(num('12.3e1'), 'INTEGER')).toBe(123);
  });
  it('fails when the value exceeds the size or precision of the type (123.4 to INT)', () => {
    expect(reason(num('123.4'), 'INTEGER')).toBe('cannot convert number 123.4 to INTEGER: not an integer');
    expect(reason(num('2147483648'), 'INTEGER')).toBe('cannot convert number 2147483648 to INTEGER: out of range [-2147483648, 2147483647]');
    expect(reason(num('128'), 'TINYINT')).toBe('cannot convert number 128 to TINYINT: out of range [-128, 127]');
    expect(reason(num('32768'), 'SMALLINT')).toBe('cannot convert number 32768 to SMALLINT: out of range [-32768, 32767]');
    expect(reason(num('-9223372036854775809'), 'BIGINT')).toBe(
      'cannot convert number -9223372036854775809 to BIGINT: out of range [-9223372036854775808, 9223372036854775807]',
    );
    expect(reason(num('1e999999999999'), 'BIGINT')).toBe(
      'cannot convert number 1e999999999999 to BIGINT: out of range [-9223372036854775808, 9223372036854775807]',
    );
    expect(reason(num('84.515'), 'DECIMAL(5,2)')).toBe('cannot convert number 84.515 to DECIMAL(5,2): more than 2 digits after the decimal point');
    expect(reason(num('1234.5'), 'DECIMAL(5,2)')).toBe('cannot convert number 1234.5 to DECIMAL(5,2): more than 3 digits before the decimal point');
    expect(reason(num('1.5'), 'DECIMAL')).toBe('cannot convert number 1.5 to DECIMAL(19,0): more than 0 digits after the decimal point');
    expect(reason(num('3.5e38'), 'REAL')).toBe('cannot convert number 3.5e38 to REAL: out of range');
    expect(reason(num('1e309'), 'DOUBLE')).toBe('cannot convert number 1e309 to DOUBLE: out of range');
  });
  it('binary fails', () => {
    expect(reason(num('1'), 'VARBINARY(4)')).toBe('cannot convert number 1 to VARBINARY(4)');
    expect(reason(num('1'), 'BINARY(4)')).toBe('cannot convert number 1 to BINARY(4)');
  });
  it('BOOLEAN: 0 is false, every other number true', () => {
    expect(value(num('0'), 'BOOLEAN')).toBe(false);
    expect(value(num('-0.0'), 'BOOLEAN')).toBe(false);
    expect(value(num('0e5'), 'BOOLEAN')).toBe(false);
    expect(value(num('1'), 'BOOLEAN')).toBe(true);
    expect(value(num('-2.5'), 'BOOLEAN')).toBe(true);
    expect(value(num('0.001'), 'BOOLEAN')).toBe(true);
  });
  it('character types get the number as written, truncated', () => {
    expect(value(num('1.50'), 'VARCHAR(8)')).toBe('1.50');
    expect(value(num('-1E3'), 'VARCHAR(8)')).toBe('-1E3');
    expect(value(num('12345'), 'VARCHAR(2)')).toBe('12');
    expect(value(num('7'), 'CHAR(3)')).toBe('7  ');
  });
  it.each(['DATE', 'TIME', 'TIMESTAMP'])('%s fails', (type) => {
    expect(reason(num('1533154640797'), type)).toBe(`cannot convert number 1533154640797 to ${type}`);
  });
});

describe('string (dev/sch-mapping "String")', () => {
  it('numeric types: converted when the text is a number (blanks trimmed)', () => {
    expect(value('42', 'INTEGER')).toBe(42);
    expect(value(' 42 ', 'INTEGER')).toBe(42);
    expect(value('+7', 'TINYINT')).toBe(7);
    expect(value('1e3', 'SMALLINT')).toBe(1000);
    expect(value('9223372036854775807', 'BIGINT')).toBe(9223372036854775807n);
    expect(value('33.99', 'DECIMAL(5,2)')).toEqual(new Decimal(3399n, 2));
    expect(value('.5', 'DECIMAL(3,1)')).toEqual(new Decimal(5n, 1));
    expect(value('7.', 'DOUBLE')).toBe(7);
    expect(value('-0.05', 'REAL')).toBe(-0.05000000074505806);
  });
  it('numeric types: a string that is not a number fails', () => {
    expect(reason('abc', 'INTEGER')).toBe("cannot convert string 'abc' to INTEGER: not a number");
    expect(reason('', 'BIGINT')).toBe("cannot convert string '' to BIGINT: not a number");
    expect(reason('12abc', 'DECIMAL(5,2)')).toBe("cannot convert string '12abc' to DECIMAL(5,2): not a number");
    expect(reason('NaN', 'DOUBLE')).toBe("cannot convert string 'NaN' to DOUBLE: not a number");
    expect(reason('Infinity', 'REAL')).toBe("cannot convert string 'Infinity' to REAL: not a number");
    expect(reason('0x10', 'INTEGER')).toBe("cannot convert string '0x10' to INTEGER: not a number");
    expect(reason('1.5', 'INTEGER')).toBe("cannot convert string '1.5' to INTEGER: not an integer");
  });
  it('binary: a literal X\'...\' with an even number of hex digits', () => {
    expect(value("X'3F67A23A'", 'VARBINARY(4)')).toEqual(Uint8Array.from([0x3f, 0x67, 0xa2, 0x3a]));
    expect(value("x'0a'", 'VARBINARY(4)')).toEqual(Uint8Array.from([0x0a]));
    expect(value("X''", 'VARBINARY(4)')).toEqual(new Uint8Array(0));
    expect(value("X'01'", 'BINARY(4)')).toEqual(Uint8Array.from([1, 0, 0, 0]));
    expect(reason("X'3F6'", 'VARBINARY(4)')).toBe("cannot convert string 'X'3F6'' to VARBINARY(4): not a binary literal X'...' with an even number of hex digits");
    expect(reason('3F67', 'VARBINARY(4)')).toBe("cannot convert string '3F67' to VARBINARY(4): not a binary literal X'...' with an even number of hex digits");
    expect(reason("X'3F67A2'", 'VARBINARY(2)')).toBe("cannot convert string 'X'3F67A2'' to VARBINARY(2): 3 bytes is longer than 2");
  });
  it('BOOLEAN: "true" in any case is true, anything else false', () => {
    expect(value('true', 'BOOLEAN')).toBe(true);
    expect(value('TRUE', 'BOOLEAN')).toBe(true);
    expect(value('True', 'BOOLEAN')).toBe(true);
    expect(value('false', 'BOOLEAN')).toBe(false);
    expect(value('yes', 'BOOLEAN')).toBe(false);
    expect(value('1', 'BOOLEAN')).toBe(false);
    expect(value('', 'BOOLEAN')).toBe(false);
    expect(value(' true', 'BOOLEAN')).toBe(false);
  });
  it('character types: as is; longer values are truncated silently; CHAR is blank-padded', () => {
    expect(value('John Doe', 'VARCHAR(16)')).toBe('John Doe');
    expect(value('HEALTHCARE', 'VARCHAR(4)')).toBe('HEAL');
    expect(value('HEALTHCARE', 'CHAR(4)')).toBe('HEAL');
    expect(value('ab', 'CHAR(4)')).toBe('ab  ');
    expect(value('', 'VARCHAR(4)')).toBe('');
  });
  it('TIMESTAMP: the documented formats and ISO 8601', () => {
    expect(value('1992-02-14 18:35:44.0', 'TIMESTAMP')).toBe(698092544000);
    expect(value('1992-02-14', 'TIMESTAMP')).toBe(698025600000);
    expect(value('2018-08-01T20:17:20.797945', 'TIMESTAMP')).toBe(1533154640797);
    expect(value('2018-08-01 20:17:20', 'TIMESTAMP')).toBe(1533154640000);
    expect(value('2018-08-01T20:17:20Z', 'TIMESTAMP')).toBe(1533154640000);
    expect(value('2018-08-01T22:17:20+02:00', 'TIMESTAMP')).toBe(1533154640000);
    expect(value('2018-08-01T15:17:20-0500', 'TIMESTAMP')).toBe(1533154640000);
    expect(value(' 2018-08-01 20:17 ', 'TIMESTAMP')).toBe(1533154620000);
    expect(value('2020-02-29 00:00:00', 'TIMESTAMP')).toBe(1582934400000);
    expect(value('1969-12-31 23:59:59.999', 'TIMESTAMP')).toBe(-1);
    expect(value('2018-8-1 20:17:20', 'TIMESTAMP')).toBe(1533154640000);
  });
  it('TIMESTAMP: other text fails', () => {
    for (const text of ['2019-02-29 00:00:00', '1992-02-14 24:00:00', '1992-13-01', '1992-02-14 18:60:00', '14/02/1992', '1533154640797', 'now', '']) {
      expect(reason(text, 'TIMESTAMP')).toBe(`cannot convert string '${text}' to TIMESTAMP: not a valid timestamp`);
    }
  });
  it('DATE is the day at UTC midnight; TIME the milliseconds since midnight', () => {
    expect(value('1992-02-14', 'DATE')).toBe(698025600000);
    expect(value('1992-02-14 18:35:44.0', 'DATE')).toBe(698025600000);
    expect(value('1969-12-31 23:00:00', 'DATE')).toBe(-86400000);
    expect(value('18:35:44.123', 'TIME')).toBe(66944123);
    expect(value('1992-02-14 18:35:44.123', 'TIME')).toBe(66944123);
    expect(reason('1992-02-14', 'TIME')).toBe("cannot convert string '1992-02-14' to TIME: not a valid time");
    expect(reason('25:00:00', 'TIME')).toBe("cannot convert string '25:00:00' to TIME: not a valid time");
    expect(reason('18:35', 'DATE')).toBe("cannot convert string '18:35' to DATE: not a valid date");
  });
  it('long strings are abbreviated in messages', () => {
    expect(reason('x'.repeat(150), 'INTEGER')).toBe(`cannot convert string '${'x'.repeat(100)}...' to INTEGER: not a number`);
  });
});

describe('array or object (dev/sch-mapping "Array or Object")', () => {
  it('character types get the JSON text (compact, members in source order)', () => {
    expect(value(parseJson('[ 1, 2 ]'), 'VARCHAR(32)')).toBe('[1,2]');
    expect(value(parseJson('{ "b": 1, "a": [true, null, "x"] }'), 'VARCHAR(32)')).toBe('{"b":1,"a":[true,null,"x"]}');
    expect(value(parseJson('{ "b": 1 }'), 'VARCHAR(4)')).toBe('{"b"');
  });
  it.each(['BIGINT', 'INTEGER', 'DECIMAL(5,2)', 'DOUBLE', 'REAL', 'BOOLEAN', 'VARBINARY(2)', 'TIMESTAMP'])('%s fails', (type) => {
    expect(reason(parseJson('[1]'), type)).toBe(`cannot convert array to ${type}`);
    expect(reason(parseJson('{}'), type)).toBe(`cannot convert object to ${type}`);
  });
});

describe('helpers', () => {
  it('parseExactNumber normalises digits and exponent', () => {
    expect(parseExactNumber('-012.3400')).toEqual({ negative: true, digits: '1234', exponent: -2 });
    expect(parseExactNumber('1200')).toEqual({ negative: false, digits: '12', exponent: 2 });
    expect(parseExactNumber('-0.000')).toEqual({ negative: false, digits: '', exponent: 0 });
    expect(parseExactNumber('.5e-3')).toEqual({ negative: false, digits: '5', exponent: -4 });
    expect(parseExactNumber('.')).toBeUndefined();
    expect(parseExactNumber('1e')).toBeUndefined();
    expect(parseExactNumber('- 1')).toBeUndefined();
  });
  it('parseTimestamp and parseTime', () => {
    expect(parseTimestamp('2001-01-01')).toBe(978307200000);
    expect(parseTimestamp('0001-01-01 00:00:00')).toBe(-62135596800000);
    expect(parseTimestamp('2001-01-01T00:00:00+24:00')).toBeUndefined();
    expect(parseTime('00:00')).toBe(0);
    expect(parseTime('23:59:59.999999')).toBe(86399999);
  });
});
