import fc from 'fast-check';
import { parseTimestamp } from '../../../../../lambda/engine/sql/input/coerce';
import {
  discoveredColumnName,
  discoveredVarcharLength,
  discoverInputSchema,
  UnableToDetectSchemaError,
} from '../../../../../lambda/engine/sql/input/discover';
import { parseInputSchema } from '../../../../../lambda/engine/sql/input/input-schema';
import type { InputSchema } from '../../../../../lambda/engine/sql/input/input-schema';
import { parseJsonPath } from '../../../../../lambda/engine/sql/input/json-path';
import { compileRecordMapper } from '../../../../../lambda/engine/sql/input/record-mapper';
import type { SqlValue } from '../../../../../lambda/engine/sql/types';

const META = { approximateArrivalMs: 0 };

function jsonSchema(columns: [string, string, string][], recordRowPath = '$'): InputSchema {
  return {
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: recordRowPath } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns.map(([Name, Mapping, SqlType]) => ({ Name, Mapping, SqlType })),
  };
}

function unableToDetect(samples: string[]): string {
  try {
    discoverInputSchema(samples);
  } catch (e) {
    if (e instanceof UnableToDetectSchemaError) {
      expect(e.name).toBe('UnableToDetectSchemaException');
      return e.message;
    }
    throw e;
  }
  throw new Error('expected UnableToDetectSchemaError');
}

describe('dev/sch-dis-ref: discovery on the data.csv example', () => {
  const DATA_CSV =
    'year,month,state,producer_type,energy_source,units,consumption\r\n' +
    '2001,1,AK,TotalElectricPowerIndustry,Coal,ShortTons,47615\r\n' +
    '2001,1,AK,ElectricGeneratorsElectricUtilities,Coal,ShortTons,16535\r\n' +
    '2001,1,AK,CombinedHeatandPowerElectricPower,Coal,ShortTons,22890\r\n' +
    '2001,1,AL,TotalElectricPowerIndustry,Coal,ShortTons,3020601\r\n' +
    '2001,1,AL,ElectricGeneratorsElectricUtilities,Coal,ShortTons,2987681';

  it('returns the documented InputSchema', () => {
    expect(discoverInputSchema([DATA_CSV])).toEqual({
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { SqlType: 'INTEGER', Name: 'COL_year' },
        { SqlType: 'INTEGER', Name: 'COL_month' },
        { SqlType: 'VARCHAR(4)', Name: 'state' },
        { SqlType: 'VARCHAR(64)', Name: 'producer_type' },
        { SqlType: 'VARCHAR(4)', Name: 'energy_source' },
        { SqlType: 'VARCHAR(16)', Name: 'units' },
        { SqlType: 'INTEGER', Name: 'consumption' },
      ],
      RecordFormat: {
        RecordFormatType: 'CSV',
        MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\r\n', RecordColumnDelimiter: ',' } },
      },
    });
  });

  it('the discovered schema maps the data rows; the header row fails coercion', () => {
    const out = compileRecordMapper(discoverInputSchema([DATA_CSV]))(DATA_CSV, META);
    expect(out.rows).toEqual([
      { COL_year: 2001, COL_month: 1, state: 'AK', producer_type: 'TotalElectricPowerIndustry', energy_source: 'Coal', units: 'ShortTons', consumption: 47615 },
      { COL_year: 2001, COL_month: 1, state: 'AK', producer_type: 'ElectricGeneratorsElectricUtilities', energy_source: 'Coal', units: 'ShortTons', consumption: 16535 },
      { COL_year: 2001, COL_month: 1, state: 'AK', producer_type: 'CombinedHeatandPowerElectricPower', energy_source: 'Coal', units: 'ShortTons', consumption: 22890 },
      { COL_year: 2001, COL_month: 1, state: 'AL', producer_type: 'TotalElectricPowerIndustry', energy_source: 'Coal', units: 'ShortTons', consumption: 3020601 },
      { COL_year: 2001, COL_month: 1, state: 'AL', producer_type: 'ElectricGeneratorsElectricUtilities', energy_source: 'Coal', units: 'ShortTons', consumption: 2987681 },
    ]);
    expect(out.errors.map((e) => e.MESSAGE)).toEqual(["Column \"COL_year\" INTEGER (field 1): cannot convert string 'year' to INTEGER: not a number"]);
  });
});

describe('JSON discovery', () => {
  it('the getting-started stock stream: VARCHAR(4), VARCHAR(16), REAL, REAL', () => {
    const samples = [
      '{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-0.05,"PRICE":84.51}',
      '{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":1.2,"PRICE":900.1}',
      '{"TICKER_SYMBOL":"TBV","SECTOR":"RETAIL","CHANGE":-2,"PRICE":33}',
    ];
    const schema = discoverInputSchema(samples);
    expect(schema).toEqual(
      jsonSchema([
        ['TICKER_SYMBOL', '$.TICKER_SYMBOL', 'VARCHAR(4)'],
        ['SECTOR', '$.SECTOR', 'VARCHAR(16)'],
        ['CHANGE', '$.CHANGE', 'REAL'],
        ['PRICE', '$.PRICE', 'REAL'],
      ]),
    );
    expect(compileRecordMapper(schema)(samples[0] as string, META).rows).toEqual([{ TICKER_SYMBOL: 'QXZ', SECTOR: 'HEALTHCARE', CHANGE: -0.05000000074505806, PRICE: 84.51000213623047 }]);
  });

  it('nested objects become leaf columns, arrays one VARCHAR of their JSON text; columns are the union in first-seen order', () => {
    const samples = [
      '{"customerName":"John Doe","address":{"streetAddress":{"number":"123","street":"AnyStreet"},"city":"Anytown"},"orders":[{"orderId":"23284"}]}',
      '{"customerName":"Jane Roe","address":{"city":"Othertown","zip":12345},"tags":[],"active":true,"empty":{}}',
    ];
    const schema = discoverInputSchema(samples);
    expect(schema).toEqual(
      jsonSchema([
        ['customerName', '$.customerName', 'VARCHAR(8)'],
        ['number', '$.address.streetAddress.number', 'VARCHAR(4)'],
        ['street', '$.address.streetAddress.street', 'VARCHAR(16)'],
        ['city', '$.address.city', 'VARCHAR(16)'],
        ['orders', '$.orders[0:]', 'VARCHAR(32)'],
        ['zip', '$.address.zip', 'INTEGER'],
        ['tags', '$.tags[0:]', 'VARCHAR(4)'],
        ['active', '$.active', 'BOOLEAN'],
        ['empty', '$.empty', 'VARCHAR(4)'],
      ]),
    );
    expect(compileRecordMapper(schema)(samples[1] as string, META).rows).toEqual([
      { customerName: 'Jane Roe', number: null, street: null, city: 'Othertown', orders: null, zip: 12345, tags: '[]', active: true, empty: '{}' },
    ]);
  });

  it('numbers: INTEGER, BIGINT beyond 32 bits, REAL with a fraction, DOUBLE beyond REAL', () => {
    const schema = discoverInputSchema([
      '{"i":1,"b":1,"r":1,"d":1.5,"big":1,"n":null}',
      '{"i":-2147483648,"b":2147483648,"r":2.5,"d":1e300,"big":99999999999999999999}',
    ]);
    expect(schema.RecordColumns).toEqual([
      { Name: 'i', Mapping: '$.i', SqlType: 'INTEGER' },
      { Name: 'b', Mapping: '$.b', SqlType: 'BIGINT' },
      { Name: 'r', Mapping: '$.r', SqlType: 'REAL' },
      { Name: 'd', Mapping: '$.d', SqlType: 'DOUBLE' },
      { Name: 'big', Mapping: '$.big', SqlType: 'REAL' },
      { Name: 'n', Mapping: '$.n', SqlType: 'VARCHAR(4)' },
    ]);
  });

  it('mixed types fall back to VARCHAR sized on the longest text form', () => {
    expect(discoverInputSchema(['{"m":12345}', '{"m":"ab"}', '{"m":true}']).RecordColumns).toEqual([{ Name: 'm', Mapping: '$.m', SqlType: 'VARCHAR(8)' }]);
    expect(discoverInputSchema(['{"m":{"x":1}}', '{"m":"a"}']).RecordColumns).toEqual([
      { Name: 'x', Mapping: '$.m.x', SqlType: 'INTEGER' },
      { Name: 'm', Mapping: '$.m', SqlType: 'VARCHAR(8)' },
    ]);
  });

  it('TIMESTAMP for the SQL form only; an ISO T string stays VARCHAR (dev/examples-window-stagger)', () => {
    expect(discoverInputSchema(['{"t":"2018-08-01 20:17:20"}', '{"t":"2018-08-01 20:18:21.043"}']).RecordColumns).toEqual([{ Name: 't', Mapping: '$.t', SqlType: 'TIMESTAMP' }]);
    expect(discoverInputSchema(['{"EVENT_TIME":"2018-08-01T20:17:20.797945","TICKER":"AMZN"}']).RecordColumns).toEqual([
      { Name: 'EVENT_TIME', Mapping: '$.EVENT_TIME', SqlType: 'VARCHAR(32)' },
      { Name: 'TICKER', Mapping: '$.TICKER', SqlType: 'VARCHAR(4)' },
    ]);
    expect(discoverInputSchema(['{"t":"2019-02-30 00:00:00"}']).RecordColumns).toEqual([{ Name: 't', Mapping: '$.t', SqlType: 'VARCHAR(32)' }]);
  });

  it('names are sanitised like AWS; mappings quote keys that need it; duplicates get a suffix', () => {
    const schema = discoverInputSchema(['{"USER":1,"USER@DOMAIN":2,"@@":3,"1abc":4,"timestamp":5,"a b":6,"x.y":7,"a":{"id":8},"b":{"id":9},"Ünï":10}']);
    expect(schema.RecordColumns).toEqual([
      { Name: 'COL_USER', Mapping: '$.USER', SqlType: 'INTEGER' },
      { Name: 'COL_USERDOMAIN', Mapping: '$.USER@DOMAIN', SqlType: 'INTEGER' },
      { Name: 'COL_2', Mapping: '$.@@', SqlType: 'INTEGER' },
      { Name: 'COL_1abc', Mapping: '$.1abc', SqlType: 'INTEGER' },
      { Name: 'COL_timestamp', Mapping: '$.timestamp', SqlType: 'INTEGER' },
      { Name: 'COL_ab', Mapping: "$['a b']", SqlType: 'INTEGER' },
      { Name: 'COL_xy', Mapping: "$['x.y']", SqlType: 'INTEGER' },
      { Name: 'id', Mapping: '$.a.id', SqlType: 'INTEGER' },
      { Name: 'id_2', Mapping: '$.b.id', SqlType: 'INTEGER' },
      { Name: 'COL_n', Mapping: '$.Ünï', SqlType: 'INTEGER' },
    ]);
    expect(compileRecordMapper(schema)('{"USER@DOMAIN":2,"a b":6,"x.y":7,"b":{"id":9}}', META).rows).toEqual([
      { COL_USER: null, COL_USERDOMAIN: 2, COL_2: null, COL_1abc: null, COL_timestamp: null, COL_ab: 6, COL_xy: 7, id: null, id_2: 9, COL_n: null },
    ]);
  });

  it('a top-level array of objects is read with RecordRowPath $[0:]', () => {
    expect(discoverInputSchema(['[{"a":1},{"a":2,"b":"x"}]', '[{"a":3}]'])).toEqual(
      jsonSchema(
        [
          ['a', '$.a', 'INTEGER'],
          ['b', '$.b', 'VARCHAR(4)'],
        ],
        '$[0:]',
      ),
    );
  });

  it('cannot detect a schema without samples or fields', () => {
    expect(unableToDetect([])).toBe('No sample records to discover a schema from');
    expect(unableToDetect(['{}', '{}'])).toBe('The sample records have no fields');
    expect(unableToDetect(['', '\n'])).toBe('The sample records have no rows');
  });
});

describe('naming and sizing rules', () => {
  it.each([
    ['TICKER_SYMBOL', 0, 'TICKER_SYMBOL'],
    ['Oid', 0, 'Oid'],
    ['USER', 0, 'COL_USER'],
    ['values', 3, 'COL_values'],
    ['YEAR', 0, 'COL_YEAR'],
    ['USER@DOMAIN', 0, 'COL_USERDOMAIN'],
    ['@@', 0, 'COL_0'],
    ['@@', 7, 'COL_7'],
    ['', 4, 'COL_4'],
    ['2fast', 0, 'COL_2fast'],
    ['_x', 0, '_x'],
    ['a'.repeat(100), 0, 'a'.repeat(100)],
    ['a'.repeat(101), 0, `COL_${'a'.repeat(96)}`],
  ])('%s at position %d → %s', (source, position, expected) => {
    expect(discoveredColumnName(source, position)).toBe(expected);
  });

  it.each([
    [0, 4],
    [1, 4],
    [2, 4],
    [4, 4],
    [5, 8],
    [9, 16],
    [10, 16],
    [16, 16],
    [35, 64],
    [40000, 65535],
    [70000, 65535],
  ])('longest value %d → VARCHAR(%d)', (length, expected) => {
    expect(discoveredVarcharLength(length)).toBe(expected);
  });
});

describe('CSV discovery', () => {
  it('headerless rows: COL_0, COL_1...; types from all rows', () => {
    expect(discoverInputSchema(['1,abc,true,2018-08-01 20:17:20', '2,de,FALSE,2018-08-01 20:17:21.5\n3,,true,'])).toEqual({
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'COL_0', SqlType: 'INTEGER' },
        { Name: 'COL_1', SqlType: 'VARCHAR(4)' },
        { Name: 'COL_2', SqlType: 'BOOLEAN' },
        { Name: 'COL_3', SqlType: 'TIMESTAMP' },
      ],
    });
  });

  it('detects tab, pipe and semicolon delimiters', () => {
    expect(discoverInputSchema(['a\tb\n1\t2.5']).RecordFormat.MappingParameters).toEqual({ CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: '\t' } });
    expect(discoverInputSchema(['a|b\n1|2.5']).RecordColumns).toEqual([
      { Name: 'a', SqlType: 'INTEGER' },
      { Name: 'b', SqlType: 'REAL' },
    ]);
    expect(discoverInputSchema(['x;1', 'y;2']).RecordFormat.MappingParameters).toEqual({ CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ';' } });
  });

  it('a single column of text', () => {
    expect(discoverInputSchema(['GET /index.html 200', 'GET /a 404']).RecordColumns).toEqual([{ Name: 'COL_0', SqlType: 'VARCHAR(32)' }]);
  });

  it('quoted header names are sanitised', () => {
    expect(discoverInputSchema(['"first name","e-mail",age\n"Jane","j@x",30']).RecordColumns).toEqual([
      { Name: 'COL_firstname', SqlType: 'VARCHAR(4)' },
      { Name: 'COL_email', SqlType: 'VARCHAR(4)' },
      { Name: 'age', SqlType: 'INTEGER' },
    ]);
  });
});

describe('property: discover → map round-trips JSON objects of scalar fields', () => {
  type Scalar = { kind: 'int'; value: number } | { kind: 'big'; value: bigint } | { kind: 'double'; value: number } | { kind: 'bool'; value: boolean } | { kind: 'string'; value: string };
  const KIND_VALUES = {
    int: fc.integer().map((value): Scalar => ({ kind: 'int', value })),
    big: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value): Scalar => ({ kind: 'big', value })),
    double: fc.double({ noNaN: true, noDefaultInfinity: true }).map((value): Scalar => ({ kind: 'double', value })),
    bool: fc.boolean().map((value): Scalar => ({ kind: 'bool', value })),
    string: fc.string({ unit: 'grapheme', maxLength: 40 }).map((value): Scalar => ({ kind: 'string', value })),
  };
  const text = (s: Scalar | null): string =>
    s === null ? 'null' : s.kind === 'big' ? s.value.toString() : JSON.stringify(s.value);

  /** What a column of the discovered type must hold for the sample value. */
  function expected(s: Scalar | null, sqlType: string): SqlValue {
    if (s === null) return null;
    const t = text(s);
    switch (sqlType) {
      case 'INTEGER':
        return Number(t);
      case 'BIGINT':
        return BigInt(t);
      case 'REAL':
        return Math.fround(Number(t));
      case 'DOUBLE':
        return Number(t);
      case 'BOOLEAN':
        return s.value as boolean;
      case 'TIMESTAMP':
        return parseTimestamp(s.value as string) ?? 'not a timestamp';
      default:
        return s.kind === 'string' ? s.value : t;
    }
  }

  it('every field comes back with the value the discovered type gives it', () => {
    // A field set: distinct keys (any text), each with one kind; samples give each field a value of
    // its kind, null, or leave it out.
    const fields = fc.uniqueArray(fc.record({ key: fc.string({ maxLength: 12 }), kind: fc.constantFrom(...(Object.keys(KIND_VALUES) as (keyof typeof KIND_VALUES)[])) }), {
      selector: (f) => f.key,
      minLength: 1,
      maxLength: 6,
    });
    const scenario = fields.chain((fs) =>
      fc.tuple(
        fc.constant(fs),
        fc.array(
          fc.tuple(...fs.map((f) => fc.option(fc.oneof({ weight: 4, arbitrary: KIND_VALUES[f.kind] }, { weight: 1, arbitrary: fc.constant(null) }), { nil: undefined }))),
          { minLength: 1, maxLength: 5 },
        ),
      ),
    );
    fc.assert(
      fc.property(scenario, ([fs, samples]) => {
        const records = samples.map((values) => `{${fs.flatMap((f, i) => (values[i] === undefined ? [] : [`${JSON.stringify(f.key)}:${text(values[i] as Scalar | null)}`])).join(',')}}`);
        fc.pre(records.some((r) => r !== '{}'));
        const schema = discoverInputSchema(records);
        expect(() => parseInputSchema(schema)).not.toThrow();
        const map = compileRecordMapper(schema);
        records.forEach((record, r) => {
          const out = map(record, META);
          expect(out.errors).toEqual([]);
          expect(out.rows).toHaveLength(1);
          const row = out.rows[0] as Record<string, SqlValue>;
          fs.forEach((f, i) => {
            const column = schema.RecordColumns.find((c) => {
              const segments = parseJsonPath(c.Mapping as string).segments;
              return segments.length === 1 && segments[0]?.kind === 'member' && segments[0].name === f.key;
            });
            const value = (samples[r] as (Scalar | null | undefined)[])[i];
            if (column === undefined) {
              // Only a field that no sample carries is absent from the schema.
              expect(samples.every((s) => s[i] === undefined)).toBe(true);
              return;
            }
            expect(Object.getOwnPropertyDescriptor(row, column.Name)?.value).toEqual(value === undefined ? null : expected(value, column.SqlType));
          });
        });
      }),
    );
  });
});
