import fc from 'fast-check';
import { FlatScanner, flatPlan } from '../../../../../lambda/engine/sql/input/flat-json';
import { parseInputSchema } from '../../../../../lambda/engine/sql/input/input-schema';
import type { InputSchema } from '../../../../../lambda/engine/sql/input/input-schema';
import { compileExactRecordMapper, compileRecordMapper } from '../../../../../lambda/engine/sql/input/record-mapper';
import type { MappedRecord, RecordMeta } from '../../../../../lambda/engine/sql/input/record-mapper';
import { Decimal } from '../../../../../lambda/engine/sql/types';

// The fast path of the JSON record mapper (RecordRowPath `$`, one-member Mappings) against the exact
// path (compileExactRecordMapper): identical MappedRecords — rows, their key order and prototypes,
// errors with their messages and DATA_ROW — on random records, valid or not.

const META: RecordMeta = { approximateArrivalMs: 1_764_151_200_000, rowtime: 1_764_151_200_123 };

function json(columns: [string, string, string][], recordRowPath = '$'): InputSchema {
  return {
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: recordRowPath } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns.map(([Name, Mapping, SqlType]) => ({ Name, Mapping, SqlType })),
  };
}

const SCHEMAS: Record<string, InputSchema> = {
  'VARCHAR(4), INTEGER': json([
    ['K', '$.k', 'VARCHAR(4)'],
    ['V', '$.v', 'INTEGER'],
  ]),
  'BIGINT, DECIMAL(10,2), DOUBLE on one member': json([
    ['B', '$.v', 'BIGINT'],
    ['D', '$.v', 'DECIMAL(10,2)'],
    ['F', '$.v', 'DOUBLE'],
    ['D2', '$.d', 'DECIMAL(10,2)'],
  ]),
  'BOOLEAN, TIMESTAMP, NOT NULL, CHAR, REAL, SMALLINT, TINYINT': json([
    ['T', '$.t', 'TIMESTAMP'],
    ['OK', '$.b', 'BOOLEAN'],
    ['N', '$.v', 'INTEGER NOT NULL'],
    ['C', '$.k', 'CHAR(3)'],
    ['R', '$.d', 'REAL'],
    ['S', '$.v', 'SMALLINT'],
    ['Y', '$.d', 'TINYINT'],
  ]),
  'odd names: __proto__, toString, quoted, VARCHAR of anything': json([
    ['__proto__', '$.__proto__', 'VARCHAR(64)'],
    ['ts', '$.toString', 'VARCHAR(8)'],
    ['q', "$['a b']", 'VARCHAR(64)'],
    ['k', '$.k', 'VARCHAR(64)'],
    ['d', '$.d', 'VARCHAR(64)'],
    ['b', '$.b', 'VARBINARY(4)'],
    ['dt', '$.t', 'DATE'],
    ['tm', '$.t', 'TIME'],
  ]),
};

/** One column per type, so that a failing column elsewhere in the schema cannot hide a value. */
const TYPES = ['VARCHAR(4)', 'VARCHAR(64)', 'CHAR(3)', 'INTEGER', 'INTEGER NOT NULL', 'SMALLINT', 'TINYINT', 'BIGINT', 'DECIMAL(10,2)', 'DECIMAL', 'DOUBLE', 'REAL', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'TIME', 'VARBINARY(4)', 'BINARY(2)'];
const SINGLE: Record<string, InputSchema> = Object.fromEntries(TYPES.map((type) => [type, json([['C', '$.v', type]])]));

// --- random records ------------------------------------------------------------------------------

const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** JSON number text: signs, leading zero, long integers, fractions, exponents (some beyond a double). */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, 24)).map(([a, b]) => a + b)),
    fc.option(digits(1, 22), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.oneof(digits(1, 2), fc.constantFrom('308', '309', '400', '0000000001'))), { nil: undefined }),
  )
  .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : exp.join('')}`);

const NUMBERS = ['0', '-0', '1.0', '1e2', '127', '128', '-129', '32767', '32768', '2147483647', '2147483648', '-2147483648', '-2147483649', '999999999999999', '1000000000000000', '9007199254740993', '-9007199254740993', '12345678901234567', '9223372036854775807', '9223372036854775808', '12345678.9', '1.005', '0.1e1', '99999999.99', '100000000', '3.4028235e38', '3.5e38', '1e39', '1e-400', '1e309', '-1e400', '1.7976931348623157e308', '1.8e308', '4.9e-324'];

const plainNumber = fc.oneof(numberText, fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }).map(String), fc.constantFrom(...NUMBERS));

/** String literal text (with its quotes): plain, escaped, or shaped like numbers, booleans, timestamps. */
const stringText = fc.oneof(
  fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: 'binary', maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('key-7', 'abc', 'abcdef', '', ' 12 ', '1e3', '12.345', 'TRUE', 'true', 'no', "X'3F67'", '2026-11-26', '2026-11-26 10:00:00.123', '2026-11-26T10:00:00Z', '2026-02-30', '10:11:12', 'é€😀').map((s) => JSON.stringify(s)),
  fc.constantFrom('"a\\u0041b"', '"a\\/b"', '"\\ud83d\\ude00"', '"tab\\there"', '"q\\"q"'),
);

const KEYS = ['k', 'v', 'd', 't', 'b', 'x', '__proto__', 'toString', 'constructor', 'a b', 'K', 'v\\u0000', '\\u006b'];

const ws = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  ');

const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plainNumber,
    plainNumber,
    stringText,
    stringText,
    fc.constantFrom('true', 'false', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 3 }).map((members) => `{${members.map(([k, v]) => `"${k}":${v}`).join(',')}}`),
})).value as fc.Arbitrary<string>;

/** A record object, members with random keys (repeats included) and whitespace between tokens. */
const objectRecord = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...KEYS), value, ws, ws, ws), { maxLength: 6 }), ws, ws, fc.boolean())
  .map(([members, before, after, bom]) => `${bom ? '\ufeff' : ''}${before}{${members.map(([k, v, a, b, c]) => `${a}"${k}"${b}:${c}${v}`).join(',')}}${after}`);

/** A flat record of scalars (what the fast path reads): no nesting. */
const flatRecord = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(plainNumber, stringText, fc.constantFrom('true', 'false', 'null'))), { maxLength: 6 })
  .map((members) => `{${members.map(([k, v]) => `"${k}":${v}`).join(',')}}`);

/** Damage: cut the text, or insert / replace a character at some position. */
const damaged = fc
  .tuple(fc.oneof(objectRecord, flatRecord), fc.nat(), fc.constantFrom('', '"', ',', '}', '{', ']', ':', '\\', '-', '.', 'e', '0', ' ', '\u0001', 'x', 'tru', 'nul', '\f', '\v', '\u00a0', '\ufeff'), fc.constantFrom('cut', 'insert', 'replace'))
  .map(([text, at, c, how]) => {
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    if (how === 'cut') return text.slice(0, i);
    if (how === 'insert') return text.slice(0, i) + c + text.slice(i);
    return text.slice(0, i) + c + text.slice(i + 1);
  });

const record = fc.oneof(flatRecord, flatRecord, objectRecord, damaged, value, fc.string({ maxLength: 12 }));

// --- comparison ----------------------------------------------------------------------------------

/** toEqual plus what it does not look at: key order and the prototype of each row. */
function expectSame(fast: MappedRecord, exact: MappedRecord): void {
  expect(fast).toEqual(exact);
  expect(fast.rows.map((r) => Reflect.ownKeys(r))).toEqual(exact.rows.map((r) => Reflect.ownKeys(r)));
  for (const row of fast.rows) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  for (const [i, row] of fast.rows.entries()) {
    for (const key of Object.keys(row)) {
      // the same kind of value; primitives the same by Object.is (-0 is not 0), a Decimal with the same scale
      const a = row[key];
      const b = (exact.rows[i] as Record<string, unknown>)[key];
      if (a instanceof Decimal) {
        expect(b).toBeInstanceOf(Decimal);
        expect(String(a)).toBe(String(b));
      } else if (typeof a === 'object' && a !== null) expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
      else expect(Object.is(a, b)).toBe(true);
    }
  }
}

describe('the fast path (flat-json.ts) equals the exact path', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name}: random records as text and as bytes`, () => {
      expect(flatPlan(parseInputSchema(schema))).toBeDefined();
      const fast = compileRecordMapper(schema);
      const exact = compileExactRecordMapper(schema);
      fc.assert(
        fc.property(record, (text) => {
          expectSame(fast(text, META), exact(text, META));
          const bytes = Buffer.from(text, 'utf8');
          expectSame(fast(bytes, META), exact(bytes, META));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('one column of each type: random records', () => {
    const mappers = Object.values(SINGLE).map((schema) => [compileRecordMapper(schema), compileExactRecordMapper(schema)] as const);
    fc.assert(
      fc.property(fc.nat(mappers.length - 1), record, (i, text) => {
        const [fast, exact] = mappers[i]!;
        expectSame(fast(text, META), exact(text, META));
      }),
      { numRuns: 3000 },
    );
  });

  it('records of every shape the scanner may take, each checked', () => {
    const schema = SCHEMAS['VARCHAR(4), INTEGER'] as InputSchema;
    const fast = compileRecordMapper(schema);
    const exact = compileExactRecordMapper(schema);
    const cases = [
      '{"k":"key-7","v":123}',
      ' {"k" : "key-7" , "v" : -0 } ',
      '\ufeff{"v":1,"v":2}',
      '{"v":1,"v":{"a":1}}',
      '{"v":1.0}',
      '{"v":1.0000000000000000001}',
      '{"v":1e-400}',
      '{"v":100000000000000000000}',
      '{"v":2147483648}',
      '{"v":"12"}',
      '{"v":true}',
      '{"k":"a\\"bcdef"}',
      '{"k":12345.5}',
      '{"k":null,"v":null}',
      '{}',
      '[]',
      '"x"',
      '{"k":"x",}',
      '{"k":"x"} x',
      '{"k":01}',
      '{"k":-}',
      '{"k":1.}',
      '{"k":1e}',
      '{"k":"\u0001"}',
      '{"k":"x"',
      '',
      '{"k":tru}',
    ];
    for (const text of cases) expectSame(fast(text, META), exact(text, META));
  });
});

describe('the fast path equals the exact path on every edge-case number and string, in every column', () => {
  const strings = ['key-7', 'abc', 'abcdef', '', ' 12 ', '1e3', '12.345', 'TRUE', 'true', 'no', "X'3F67'", '2026-11-26', '2026-11-26 10:00:00.123', '2026-11-26T10:00:00Z', '2026-02-30', '10:11:12', 'é€😀'];
  const values = [...NUMBERS, ...strings.map((s) => JSON.stringify(s)), 'true', 'false', 'null'];
  for (const [name, schema] of Object.entries({ ...SCHEMAS, ...SINGLE })) {
    it(name, () => {
      const fast = compileRecordMapper(schema);
      const exact = compileExactRecordMapper(schema);
      for (const v of values) {
        for (const text of [`{"k":${v},"v":${v},"d":${v},"t":${v},"b":${v},"__proto__":${v},"toString":${v},"a b":${v}}`, `{"k":"x","v":${v}}`, `{"d":${v},"t":${v}}`, `{"b":${v}}`]) {
          expectSame(fast(text, META), exact(text, META));
        }
      }
    });
  }
});

describe('FlatScanner', () => {
  it('reads every flat record of scalars without escapes (the fast path is taken)', () => {
    const scanner = new FlatScanner(['k', 'v']);
    fc.assert(
      fc.property(flatRecord, (text) => {
        fc.pre(!text.includes('\\'));
        expect(scanner.scan(text, 0)).toBe(true);
      }),
    );
  });

  it('keeps the last value of a repeated member, and number text as written', () => {
    const scanner = new FlatScanner(['k', 'v']);
    const text = '{"v":1,"k":"a","v":-1.50e3}';
    expect(scanner.scan(text, 0)).toBe(true);
    expect(scanner.jsonValue(text, 0)).toBe('a');
    expect(scanner.jsonValue(text, 1)).toEqual({ text: '-1.50e3' });
  });

  it('leaves nested values, escapes and syntax errors to the exact path', () => {
    const scanner = new FlatScanner(['k']);
    for (const text of ['{"k":[1]}', '{"x":{}}', '{"k":"\\n"}', '{"k\\u0000":1}', '{"k":1,}', '{"k":1', '[1]', '1', '{"k":1}x']) {
      expect(scanner.scan(text, 0)).toBe(false);
    }
  });
});

describe('flatPlan', () => {
  it('applies to RecordRowPath $ with one-member Mappings only', () => {
    const plan = flatPlan(parseInputSchema(json([['A', '$.a', 'INTEGER'], ['B', "$['b c']", 'VARCHAR(4)'], ['C', '$.a', 'DOUBLE']])));
    expect(plan).toEqual({ names: ['a', 'b c'], columnSlots: [0, 1, 0] });
    expect(flatPlan(parseInputSchema(json([['A', '$.a.b', 'INTEGER']])))).toBeUndefined();
    expect(flatPlan(parseInputSchema(json([['A', '$.a[0]', 'INTEGER']])))).toBeUndefined();
    expect(flatPlan(parseInputSchema(json([['A', '$.a[0:]', 'VARCHAR(8)']])))).toBeUndefined();
    expect(flatPlan(parseInputSchema(json([['A', '$.a[0:].b', 'INTEGER']])))).toBeUndefined();
    expect(flatPlan(parseInputSchema(json([['A', '$', 'VARCHAR(8)']])))).toBeUndefined();
    expect(flatPlan(parseInputSchema(json([['A', '$.a', 'INTEGER']], '$.rows[0:]')))).toBeUndefined();
  });
});
