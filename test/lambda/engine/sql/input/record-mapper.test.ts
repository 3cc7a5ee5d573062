import { InputSchemaError, parseInputSchema } from '../../../../../lambda/engine/sql/input/input-schema';
import type { InputSchema } from '../../../../../lambda/engine/sql/input/input-schema';
import { compileRecordMapper, compileValuesMapper } from '../../../../../lambda/engine/sql/input/record-mapper';
import type { RecordMeta } from '../../../../../lambda/engine/sql/input/record-mapper';
import { Decimal } from '../../../../../lambda/engine/sql/types';

const META: RecordMeta = { approximateArrivalMs: 1_533_154_640_000 };

function json(columns: [string, string, string][], recordRowPath = '$'): InputSchema {
  return {
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: recordRowPath } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns.map(([Name, Mapping, SqlType]) => ({ Name, Mapping, SqlType })),
  };
}

function csv(columns: [string, string][], rowDelimiter = '\n', columnDelimiter = ','): InputSchema {
  return {
    RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: rowDelimiter, RecordColumnDelimiter: columnDelimiter } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns.map(([Name, SqlType]) => ({ Name, SqlType })),
  };
}

/** dev/about-json-path's sample record (its `streetAddress` fixed to the object its paths imply). */
const CUSTOMER = JSON.stringify({
  customerName: 'John Doe',
  address: { streetAddress: { number: '123', street: 'AnyStreet' }, city: 'Anytown' },
  orders: [
    { orderId: '23284', itemName: 'Widget', itemPrice: '33.99' },
    { orderId: '63122', itemName: 'Gadget', itemPrice: '22.50' },
    { orderId: '77284', itemName: 'Sprocket', itemPrice: '12.00' },
  ],
});

describe('JSON: dev/about-json-path examples', () => {
  it('elements, nested elements, case-sensitivity, missing elements and a whole array', () => {
    const map = compileRecordMapper(
      json([
        ['customerName', '$.customerName', 'VARCHAR(16)'],
        ['Name', '$.Name', 'VARCHAR(16)'],
        ['customerId', '$.customerId', 'INTEGER'],
        ['city', '$.address.city', 'VARCHAR(16)'],
        ['street', '$.address.streetAddress.street', 'VARCHAR(16)'],
        ['orders', '$.orders[0:]', 'VARCHAR(256)'],
      ]),
    );
    expect(map(CUSTOMER, META)).toEqual({
      rows: [
        {
          customerName: 'John Doe',
          Name: null,
          customerId: null,
          city: 'Anytown',
          street: 'AnyStreet',
          orders:
            '[{"orderId":"23284","itemName":"Widget","itemPrice":"33.99"},{"orderId":"63122","itemName":"Gadget","itemPrice":"22.50"},' +
            '{"orderId":"77284","itemName":"Sprocket","itemPrice":"12.00"}]',
        },
      ],
      errors: [],
    });
  });

  it('$.orders[0:].orderId flattens: one row per element, non-array elements repeated', () => {
    const map = compileRecordMapper(
      json([
        ['customerName', '$.customerName', 'VARCHAR(16)'],
        ['orderId', '$.orders[0:].orderId', 'INTEGER'],
        ['itemPrice', '$.orders[0:].itemPrice', 'DECIMAL(5,2)'],
      ]),
    );
    expect(map(CUSTOMER, META)).toEqual({
      rows: [
        { customerName: 'John Doe', orderId: 23284, itemPrice: new Decimal(3399n, 2) },
        { customerName: 'John Doe', orderId: 63122, itemPrice: new Decimal(2250n, 2) },
        { customerName: 'John Doe', orderId: 77284, itemPrice: new Decimal(1200n, 2) },
      ],
      errors: [],
    });
  });

  it('$.orders[0:].itemId: no matching element gives nulls', () => {
    const map = compileRecordMapper(json([['itemId', '$.orders[0:].itemId', 'VARCHAR(8)']]));
    expect(map(CUSTOMER, META)).toEqual({ rows: [{ itemId: null }, { itemId: null }, { itemId: null }], errors: [] });
  });

  it('an empty or absent array still gives one row, its element columns null', () => {
    const map = compileRecordMapper(
      json([
        ['customerName', '$.customerName', 'VARCHAR(16)'],
        ['orderId', '$.orders[0:].orderId', 'VARCHAR(8)'],
      ]),
    );
    expect(map('{"customerName":"A","orders":[]}', META).rows).toEqual([{ customerName: 'A', orderId: null }]);
    expect(map('{"customerName":"B"}', META).rows).toEqual([{ customerName: 'B', orderId: null }]);
    expect(map('{"customerName":"C","orders":{"orderId":"1"}}', META).rows).toEqual([{ customerName: 'C', orderId: null }]);
  });

  it('missing elements of a flattened array are null; non-object elements too', () => {
    const map = compileRecordMapper(json([['id', '$.items[0:].id', 'INTEGER']]));
    expect(map('{"items":[{"id":1},{"other":2},7,null,{"id":null},{"id":"3"}]}', META).rows).toEqual([
      { id: 1 },
      { id: null },
      { id: null },
      { id: null },
      { id: null },
      { id: 3 },
    ]);
  });

  it('a second array is returned whole, repeated for every element of the flattened one', () => {
    const map = compileRecordMapper(
      json([
        ['element', '$.arrayObjectOne[0:].element', 'INTEGER'],
        ['two', '$.arrayObjectTwo[0:]', 'VARCHAR(16)'],
      ]),
    );
    expect(map('{"arrayObjectOne":[{"element":1},{"element":2}],"arrayObjectTwo":[ "x", {"y": 1.50} ]}', META).rows).toEqual([
      { element: 1, two: '["x",{"y":1.50}]' },
      { element: 2, two: '["x",{"y":1.50}]' },
    ]);
  });

  it('a final [0:] on a non-array matches nothing; [n] picks one element', () => {
    const map = compileRecordMapper(
      json([
        ['whole', '$.a[0:]', 'VARCHAR(16)'],
        ['second', '$.a[1]', 'INTEGER'],
        ['past', '$.a[5]', 'INTEGER'],
        ['quoted', "$['odd.key']", 'VARCHAR(4)'],
      ]),
    );
    expect(map('{"a":[10,20],"odd.key":"v"}', META).rows).toEqual([{ whole: '[10,20]', second: 20, past: null, quoted: 'v' }]);
    expect(map('{"a":"text"}', META).rows).toEqual([{ whole: null, second: null, past: null, quoted: null }]);
  });
});

describe('JSON: RecordRowPath', () => {
  it('$.data[0:] gives one row per element; Mappings are relative to the row element', () => {
    const map = compileRecordMapper(
      json(
        [
          ['a', '$.a', 'INTEGER'],
          ['meta', '$.meta', 'VARCHAR(4)'],
          ['row', '$', 'VARCHAR(32)'],
        ],
        '$.data[0:]',
      ),
    );
    expect(map('{"meta":"x","data":[{"a":1},{"a":2,"meta":"y"}]}', META)).toEqual({
      rows: [
        { a: 1, meta: null, row: '{"a":1}' },
        { a: 2, meta: 'y', row: '{"a":2,"meta":"y"}' },
      ],
      errors: [],
    });
  });

  it('$.data selects one object; a top-level array with $[0:]', () => {
    expect(compileRecordMapper(json([['a', '$.a', 'INTEGER']], '$.data'))('{"data":{"a":5}}', META).rows).toEqual([{ a: 5 }]);
    expect(compileRecordMapper(json([['a', '$.a', 'INTEGER']], '$[0:]'))('[{"a":1},{"a":2}]', META).rows).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('a RecordRowPath that selects nothing is reported, not dropped', () => {
    const map = compileRecordMapper(json([['a', '$.a', 'INTEGER']], '$.data[0:]'));
    expect(map('{"data":{}}', META)).toEqual({
      rows: [],
      errors: [
        {
          ERROR_TIME: 1_533_154_640_000,
          ERROR_LEVEL: 'ERROR',
          ERROR_NAME: 'PARSE_ERROR',
          MESSAGE: 'RecordRowPath $.data[0:] selects no row in the record',
          DATA_ROWTIME: 1_533_154_640_000,
          DATA_ROW: '7b2264617461223a7b7d7d',
          PUMP_NAME: null,
        },
      ],
    });
  });
});

describe('JSON: the stock ticker schema of dev/sch-mapping', () => {
  const STOCK = json([
    ['TICKER_SYMBOL', '$.TICKER_SYMBOL', 'VARCHAR(4)'],
    ['SECTOR', '$.SECTOR', 'VARCHAR(16)'],
    ['CHANGE', '$.CHANGE', 'TINYINT'],
    ['PRICE', '$.PRICE', 'DECIMAL(5,2)'],
  ]);

  it('maps a record', () => {
    expect(compileRecordMapper(STOCK)('{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":-3,"PRICE":900.12}', META)).toEqual({
      rows: [{ TICKER_SYMBOL: 'AMZN', SECTOR: 'TECHNOLOGY', CHANGE: -3, PRICE: new Decimal(90012n, 2) }],
      errors: [],
    });
  });

  it('a fractional CHANGE does not fit TINYINT: the row goes to error_stream with the whole record in hex', () => {
    const record = '{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-0.05,"PRICE":84.51}';
    expect(compileRecordMapper(STOCK)(Buffer.from(record), { approximateArrivalMs: 1000, rowtime: 2000, errorTime: 3000 })).toEqual({
      rows: [],
      errors: [
        {
          ERROR_TIME: 3000,
          ERROR_LEVEL: 'ERROR',
          ERROR_NAME: 'COERCION_ERROR',
          MESSAGE: 'Column "CHANGE" TINYINT at $.CHANGE: cannot convert number -0.05 to TINYINT: not an integer',
          DATA_ROWTIME: 2000,
          DATA_ROW:
            '7b225449434b45525f53594d424f4c223a2251585a222c22534543544f52223a224845414c544843415245222c224348414e4745223a2d302e30352c225052494345223a38342e35317d',
          PUMP_NAME: null,
        },
      ],
    });
  });

  it('changing TICKER_SYMBOL to INTEGER sends every row to error_stream (dev/app-explore-error-stream)', () => {
    const schema = { ...STOCK, RecordColumns: STOCK.RecordColumns.map((c) => (c.Name === 'TICKER_SYMBOL' ? { ...c, SqlType: 'INTEGER' } : c)) };
    const out = compileRecordMapper(schema)('{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-1,"PRICE":84.51}', META);
    expect(out.rows).toEqual([]);
    expect(out.errors.map((e) => [e.ERROR_NAME, e.MESSAGE])).toEqual([
      ['COERCION_ERROR', "Column \"TICKER_SYMBOL\" INTEGER at $.TICKER_SYMBOL: cannot convert string 'QXZ' to INTEGER: not a number"],
    ]);
  });
});

describe('JSON: errors and decoding', () => {
  const map = compileRecordMapper(json([['id', '$.id', 'INTEGER NOT NULL']]));

  it('a record that is not JSON', () => {
    expect(map('{"a":1', META).errors).toEqual([
      {
        ERROR_TIME: 1_533_154_640_000,
        ERROR_LEVEL: 'ERROR',
        ERROR_NAME: 'PARSE_ERROR',
        MESSAGE: "Record is not valid JSON: Expected ',' or '}' but found end of input at position 6",
        DATA_ROWTIME: 1_533_154_640_000,
        DATA_ROW: '7b2261223a31',
        PUMP_NAME: null,
      },
    ]);
  });

  it('NULL in a NOT NULL column: explicit null and a missing element', () => {
    expect(map('{"id":null}', { approximateArrivalMs: 5 })).toEqual({
      rows: [],
      errors: [
        {
          ERROR_TIME: 5,
          ERROR_LEVEL: 'ERROR',
          ERROR_NAME: 'NOT_NULL_VIOLATION',
          MESSAGE: 'Column "id" INTEGER NOT NULL at $.id: NULL value for a NOT NULL column',
          DATA_ROWTIME: 5,
          DATA_ROW: '7b226964223a6e756c6c7d',
          PUMP_NAME: null,
        },
      ],
    });
    expect(map('{}', { approximateArrivalMs: 5 }).errors.map((e) => [e.ERROR_NAME, e.DATA_ROW])).toEqual([['NOT_NULL_VIOLATION', '7b7d']]);
  });

  it('only the failing rows of a flattened record become errors; the first failing column is reported', () => {
    const m = compileRecordMapper(
      json([
        ['a', '$.items[0:].a', 'INTEGER'],
        ['b', '$.items[0:].b', 'BOOLEAN'],
      ]),
    );
    const out = m('{"items":[{"a":1,"b":true},{"a":"x","b":[1]},{"a":3,"b":"TRUE"}]}', META);
    expect(out.rows).toEqual([
      { a: 1, b: true },
      { a: 3, b: true },
    ]);
    expect(out.errors.map((e) => e.MESSAGE)).toEqual(['Column "a" INTEGER at $.items[0:].a: cannot convert string \'x\' to INTEGER: not a number']);
  });

  it('UTF-8: a leading BOM is skipped, malformed bytes become U+FFFD, DATA_ROW is the raw bytes', () => {
    const m = compileRecordMapper(json([['s', '$.s', 'VARCHAR(8)']]));
    const record = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"s":"a'), Buffer.from([0xff]), Buffer.from('é"}')]);
    expect(m(record, META).rows).toEqual([{ s: 'a\ufffdé' }]);
    expect(compileRecordMapper(json([['s', '$.s', 'INTEGER']]))(record, META).errors[0]?.DATA_ROW).toBe('efbbbf7b2273223a2261ffc3a9227d');
  });

  it('MESSAGE and DATA_ROW are truncated to the error_stream column widths', () => {
    const long = 'c'.repeat(5000);
    const m = compileRecordMapper(json([[long, '$.x', 'INTEGER']]));
    const error = m('{"x":"y"}', META).errors[0];
    expect(error?.MESSAGE).toBe(`Column "${long}`.slice(0, 4096));
    const garbage = m('x'.repeat(30000), META).errors[0];
    expect(garbage?.DATA_ROW).toBe('78'.repeat(24576));
  });

  it('a string record is encoded as UTF-8 for DATA_ROW', () => {
    expect(map('"é"', META).errors[0]?.DATA_ROW).toBe('22c3a922');
  });

  it('a JSON record that is not an object gives NULLs for member paths', () => {
    const m = compileRecordMapper(json([['id', '$.id', 'INTEGER'], ['all', '$', 'VARCHAR(8)']]));
    expect(m('42', META).rows).toEqual([{ id: null, all: '42' }]);
  });
});

describe('CSV', () => {
  /** dev/sch-mapping, "CSV Input Schema Example". */
  const CUSTOMERS = csv([
    ['LastName', 'VARCHAR(16)'],
    ['FirstName', 'VARCHAR(16)'],
    ['CustomerId', 'INTEGER'],
  ]);

  it('columns by position; a record may hold several rows', () => {
    expect(compileRecordMapper(CUSTOMERS)('Doe,John,1234\nRoe,Jane,5678\n', META)).toEqual({
      rows: [
        { LastName: 'Doe', FirstName: 'John', CustomerId: 1234 },
        { LastName: 'Roe', FirstName: 'Jane', CustomerId: 5678 },
      ],
      errors: [],
    });
  });

  it('the CSVMappingParameters example: quoted fields with a blank after the comma', () => {
    const map = compileRecordMapper(csv([['name', 'VARCHAR(8)'], ['address', 'VARCHAR(8)']]));
    expect(map('"name1", "address1"\n"name2", "address2"', META).rows).toEqual([
      { name: 'name1', address: 'address1' },
      { name: 'name2', address: 'address2' },
    ]);
  });

  it('quoting: delimiters and doubled quotes inside quotes', () => {
    expect(compileRecordMapper(CUSTOMERS)('"Doe, Jr.","say ""hi""\nthere",7', META).rows).toEqual([
      { LastName: 'Doe, Jr.', FirstName: 'say "hi"\nthere', CustomerId: 7 },
    ]);
  });

  it('missing trailing fields are NULL, extra fields ignored, empty unquoted fields NULL, "" the empty string', () => {
    const map = compileRecordMapper(CUSTOMERS);
    expect(map('Doe\nRoe,Jane,1,extra,more\n,"",\n', META).rows).toEqual([
      { LastName: 'Doe', FirstName: null, CustomerId: null },
      { LastName: 'Roe', FirstName: 'Jane', CustomerId: 1 },
      { LastName: null, FirstName: '', CustomerId: null },
    ]);
  });

  it('blanks around unquoted values are kept for VARCHAR and trimmed for numbers', () => {
    expect(compileRecordMapper(CUSTOMERS)('Doe , John, 12 ', META).rows).toEqual([{ LastName: 'Doe ', FirstName: ' John', CustomerId: 12 }]);
  });

  it('multi-character delimiters and \\r\\n rows', () => {
    expect(compileRecordMapper(csv([['a', 'VARCHAR(4)'], ['b', 'INTEGER']], '|~|', '::'))('x::1|~|y::2|~|', META).rows).toEqual([
      { a: 'x', b: 1 },
      { a: 'y', b: 2 },
    ]);
    expect(compileRecordMapper(csv([['a', 'VARCHAR(4)'], ['b', 'INTEGER']], '\r\n', '\t'))('x\t1\r\ny\t2', META).rows).toEqual([
      { a: 'x', b: 1 },
      { a: 'y', b: 2 },
    ]);
  });

  it('a row that fails coercion becomes an error; the other rows are kept', () => {
    expect(compileRecordMapper(CUSTOMERS)('Doe,John,1\nRoe,Jane,x\n', META)).toEqual({
      rows: [{ LastName: 'Doe', FirstName: 'John', CustomerId: 1 }],
      errors: [
        {
          ERROR_TIME: 1_533_154_640_000,
          ERROR_LEVEL: 'ERROR',
          ERROR_NAME: 'COERCION_ERROR',
          MESSAGE: "Column \"CustomerId\" INTEGER (field 3): cannot convert string 'x' to INTEGER: not a number",
          DATA_ROWTIME: 1_533_154_640_000,
          DATA_ROW: '446f652c4a6f686e2c310a526f652c4a616e652c780a',
          PUMP_NAME: null,
        },
      ],
    });
  });

  it('unparseable CSV and records without rows are errors', () => {
    const map = compileRecordMapper(CUSTOMERS);
    expect(map('"abc', META).errors.map((e) => [e.ERROR_NAME, e.MESSAGE, e.DATA_ROW])).toEqual([
      ['PARSE_ERROR', 'Record is not valid CSV: Unterminated quoted field at position 0', '22616263'],
    ]);
    expect(map('"a"b,1', META).errors.map((e) => [e.ERROR_NAME, e.MESSAGE, e.DATA_ROW])).toEqual([
      ['PARSE_ERROR', "Record is not valid CSV: Unexpected character 'b' after a closing quote at position 3", '226122622c31'],
    ]);
    expect(map('\n\n', META).errors.map((e) => [e.ERROR_NAME, e.MESSAGE, e.DATA_ROW])).toEqual([['PARSE_ERROR', 'Record contains no rows', '0a0a']]);
  });

  it('NOT NULL on CSV', () => {
    const map = compileRecordMapper(csv([['a', 'VARCHAR(4) NOT NULL'], ['b', 'INTEGER']]));
    expect(map(',1', META).errors.map((e) => e.MESSAGE)).toEqual(['Column "a" VARCHAR(4) NOT NULL (field 1): NULL value for a NOT NULL column']);
  });
});

describe('compileRecordMapper', () => {
  it('accepts a parsed schema and rejects an invalid one', () => {
    const parsed = parseInputSchema(csv([['a', 'INTEGER']]));
    expect(compileRecordMapper(parsed)('1', META).rows).toEqual([{ a: 1 }]);
    expect(() => compileRecordMapper(csv([['a', 'STRING']]))).toThrow(InputSchemaError);
  });

  it('a column named __proto__ is an ordinary row field', () => {
    const row = compileRecordMapper(json([['__proto__', '$.p', 'INTEGER']]))('{"p":1}', META).rows[0] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(1);
  });
});

describe('compileValuesMapper', () => {
  const json: InputSchema = {
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: [
      { Name: 'K', Mapping: '$.k', SqlType: 'VARCHAR(3)' },
      { Name: 'V', Mapping: '$.v', SqlType: 'INTEGER NOT NULL' },
      { Name: 'D', Mapping: '$.d', SqlType: 'DECIMAL(6,2)' },
    ],
  };
  const csv: InputSchema = {
    RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: [
      { Name: 'A', SqlType: 'VARCHAR(8)' },
      { Name: 'B', SqlType: 'BIGINT' },
    ],
  };
  const meta = { approximateArrivalMs: 1_700_000_000_000 };

  it.each([
    [json, '{"k":"abcd","v":7,"d":1.5}'], // the flat fast path, with truncation
    [json, '{"k":"x","v":7,"d":1.5,"n":{"deep":[1]}}'], // nested: the exact parser
    [json, '{"k":"x","d":2}'], // NULL into NOT NULL: an error row
    [json, '{"k":'], // not JSON
    [csv, 'a,1\nb,2'], // two rows from one record
    [csv, 'a,x'], // a value that does not coerce
  ])('gives compileRecordMapper rows as arrays in column order, with the extra slots: %#', (schema, record) => {
    const objects = compileRecordMapper(schema)(record, meta);
    const arrays = compileValuesMapper(schema, 2)(record, meta);
    const names = schema.RecordColumns.map((c) => c.Name);
    expect(arrays.rows).toEqual(objects.rows.map((row) => [...names.map((n) => row[n]), null, null]));
    expect(arrays.errors).toEqual(objects.errors);
  });
});
