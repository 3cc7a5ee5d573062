import {
  InputSchemaError,
  parseInputSchema,
  parseSqlType,
  sqlTypeText,
  SqlTypeError,
} from '../../../../../lambda/engine/sql/input/input-schema';
import type { InputSchemaIssue } from '../../../../../lambda/engine/sql/input/input-schema';

/** dev/sch-mapping, "JSON Input Schema Example". */
const STOCK_JSON_SCHEMA = {
  RecordColumns: [
    { SqlType: 'VARCHAR(4)', Name: 'TICKER_SYMBOL', Mapping: '$.TICKER_SYMBOL' },
    { SqlType: 'VARCHAR(16)', Name: 'SECTOR', Mapping: '$.SECTOR' },
    { SqlType: 'TINYINT', Name: 'CHANGE', Mapping: '$.CHANGE' },
    { SqlType: 'DECIMAL(5,2)', Name: 'PRICE', Mapping: '$.PRICE' },
  ],
  RecordFormat: { MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } }, RecordFormatType: 'JSON' },
  RecordEncoding: 'UTF-8',
};

/** dev/sch-mapping, "CSV Input Schema Example". */
const CUSTOMER_CSV_SCHEMA = {
  RecordColumns: [
    { SqlType: 'VARCHAR(16)', Name: 'LastName' },
    { SqlType: 'VARCHAR(16)', Name: 'FirstName' },
    { SqlType: 'INTEGER', Name: 'CustomerId' },
  ],
  RecordFormat: { MappingParameters: { CSVMappingParameters: { RecordColumnDelimiter: ',', RecordRowDelimiter: '\n' } }, RecordFormatType: 'CSV' },
  RecordEncoding: 'UTF-8',
};

function issues(value: unknown): InputSchemaIssue[] {
  try {
    parseInputSchema(value);
  } catch (e) {
    if (e instanceof InputSchemaError) return [...e.issues];
    throw e;
  }
  throw new Error('expected an InputSchemaError');
}

function jsonSchema(columns: { Name: string; Mapping?: string; SqlType: string }[], recordRowPath = '$'): unknown {
  return { RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: recordRowPath } } }, RecordColumns: columns };
}

describe('parseSqlType', () => {
  it.each([
    ['VARCHAR(16)', { name: 'VARCHAR', length: 16, nullable: true }],
    ['varchar( 4 )', { name: 'VARCHAR', length: 4, nullable: true }],
    ['CHAR(3)', { name: 'CHAR', length: 3, nullable: true }],
    ['CHARACTER(3)', { name: 'CHAR', length: 3, nullable: true }],
    ['CHAR', { name: 'CHAR', length: 1, nullable: true }],
    ['CHAR(65534)', { name: 'CHAR', length: 65534, nullable: true }],
    ['VARCHAR(65535)', { name: 'VARCHAR', length: 65535, nullable: true }],
    ['BINARY', { name: 'BINARY', length: 1, nullable: true }],
    ['VARBINARY(8)', { name: 'VARBINARY', length: 8, nullable: true }],
    ['DECIMAL(10,2)', { name: 'DECIMAL', precision: 10, scale: 2, nullable: true }],
    ['decimal(10, 2)', { name: 'DECIMAL', precision: 10, scale: 2, nullable: true }],
    ['NUMERIC(19,19)', { name: 'DECIMAL', precision: 19, scale: 19, nullable: true }],
    ['DEC(5)', { name: 'DECIMAL', precision: 5, scale: 0, nullable: true }],
    ['DECIMAL', { name: 'DECIMAL', nullable: true }],
    ['TIMESTAMP', { name: 'TIMESTAMP', nullable: true }],
    ['timestamp', { name: 'TIMESTAMP', nullable: true }],
    ['DATE', { name: 'DATE', nullable: true }],
    ['TIME', { name: 'TIME', nullable: true }],
    ['INT', { name: 'INTEGER', nullable: true }],
    ['INTEGER', { name: 'INTEGER', nullable: true }],
    ['BIGINT', { name: 'BIGINT', nullable: true }],
    ['SMALLINT', { name: 'SMALLINT', nullable: true }],
    ['TINYINT', { name: 'TINYINT', nullable: true }],
    ['BOOLEAN', { name: 'BOOLEAN', nullable: true }],
    ['REAL', { name: 'REAL', nullable: true }],
    ['DOUBLE', { name: 'DOUBLE', nullable: true }],
    ['DOUBLE  PRECISION', { name: 'DOUBLE', nullable: true }],
    ['INTEGER NOT NULL', { name: 'INTEGER', nullable: false }],
    ['VARCHAR(8) not null', { name: 'VARCHAR', length: 8, nullable: false }],
  ])('%s', (text, expected) => {
    expect(parseSqlType(text)).toEqual(expected);
  });

  it.each([
    ['VARCHAR', 'VARCHAR requires a length, e.g. VARCHAR(16)'],
    ['VARBINARY', 'VARBINARY requires a length, e.g. VARBINARY(16)'],
    ['VARCHAR(0)', 'VARCHAR length must be between 1 and 65535'],
    ['VARCHAR(65536)', 'VARCHAR length must be between 1 and 65535'],
    ['CHAR(65535)', 'CHAR length must be between 1 and 65534'],
    ['VARCHAR(4,2)', 'VARCHAR takes one length, not a precision and scale'],
    ['DECIMAL(20,2)', 'DECIMAL precision must be between 1 and 19'],
    ['DECIMAL(0)', 'DECIMAL precision must be between 1 and 19'],
    ['DECIMAL(5,6)', 'DECIMAL scale must be between 0 and the precision (5)'],
    ['INTEGER(4)', 'INTEGER takes no length or precision'],
    ['TIMESTAMP(3)', 'TIMESTAMP takes no length or precision'],
    ['INTERVAL', 'INTERVAL is allowed in expressions only, not as a column type'],
    ['INTERVAL DAY', 'INTERVAL is allowed in expressions only, not as a column type'],
    ['STRING', 'unknown type STRING'],
    ['VARCHAR2(4)', 'expected a type name, an optional (length) or (precision, scale), and an optional NOT NULL'],
    ['VARCHAR(4', 'expected a type name, an optional (length) or (precision, scale), and an optional NOT NULL'],
    ['', 'expected a type name, an optional (length) or (precision, scale), and an optional NOT NULL'],
    ['INTEGER NULL', 'unknown type INTEGER NULL'],
  ])('%s is rejected: %s', (text, reason) => {
    let error: unknown;
    try {
      parseSqlType(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlTypeError);
    expect((error as SqlTypeError).reason).toBe(reason);
    expect((error as SqlTypeError).message).toBe(`Invalid SqlType '${text}': ${reason}`);
  });

  it('sqlTypeText writes the canonical form', () => {
    expect(sqlTypeText(parseSqlType('decimal(10, 2)'))).toBe('DECIMAL(10,2)');
    expect(sqlTypeText(parseSqlType('int not null'))).toBe('INTEGER NOT NULL');
    expect(sqlTypeText(parseSqlType('character'))).toBe('CHAR(1)');
  });
});

describe('parseInputSchema: the AWS documentation examples', () => {
  it('the JSON stock ticker schema', () => {
    expect(parseInputSchema(STOCK_JSON_SCHEMA)).toEqual({
      format: { type: 'JSON', recordRowPath: { text: '$', segments: [] } },
      encoding: 'UTF-8',
      columns: [
        {
          name: 'TICKER_SYMBOL',
          type: { name: 'VARCHAR', length: 4, nullable: true },
          index: 0,
          mapping: { text: '$.TICKER_SYMBOL', segments: [{ kind: 'member', name: 'TICKER_SYMBOL' }] },
          selector: { kind: 'plain', segments: [{ kind: 'member', name: 'TICKER_SYMBOL' }] },
        },
        {
          name: 'SECTOR',
          type: { name: 'VARCHAR', length: 16, nullable: true },
          index: 1,
          mapping: { text: '$.SECTOR', segments: [{ kind: 'member', name: 'SECTOR' }] },
          selector: { kind: 'plain', segments: [{ kind: 'member', name: 'SECTOR' }] },
        },
        {
          name: 'CHANGE',
          type: { name: 'TINYINT', nullable: true },
          index: 2,
          mapping: { text: '$.CHANGE', segments: [{ kind: 'member', name: 'CHANGE' }] },
          selector: { kind: 'plain', segments: [{ kind: 'member', name: 'CHANGE' }] },
        },
        {
          name: 'PRICE',
          type: { name: 'DECIMAL', precision: 5, scale: 2, nullable: true },
          index: 3,
          mapping: { text: '$.PRICE', segments: [{ kind: 'member', name: 'PRICE' }] },
          selector: { kind: 'plain', segments: [{ kind: 'member', name: 'PRICE' }] },
        },
      ],
    });
  });

  it('the CSV customer schema (no Mapping: columns by position)', () => {
    expect(parseInputSchema(CUSTOMER_CSV_SCHEMA)).toEqual({
      format: { type: 'CSV', rowDelimiter: '\n', columnDelimiter: ',' },
      encoding: 'UTF-8',
      columns: [
        { name: 'LastName', type: { name: 'VARCHAR', length: 16, nullable: true }, index: 0 },
        { name: 'FirstName', type: { name: 'VARCHAR', length: 16, nullable: true }, index: 1 },
        { name: 'CustomerId', type: { name: 'INTEGER', nullable: true }, index: 2 },
      ],
    });
  });

  it('a flattening schema records the flattened array and each column selector', () => {
    const parsed = parseInputSchema(
      jsonSchema([
        { Name: 'customerName', Mapping: '$.customerName', SqlType: 'VARCHAR(16)' },
        { Name: 'orderId', Mapping: '$.orders[0:].orderId', SqlType: 'INTEGER' },
        { Name: 'itemName', Mapping: "$.orders[0:]['itemName']", SqlType: 'VARCHAR(16)' },
        { Name: 'orders', Mapping: '$.orders[0:]', SqlType: 'VARCHAR(256)' },
      ]),
    );
    expect(parsed.flattenedArray).toEqual([{ kind: 'member', name: 'orders' }]);
    expect(parsed.columns.map((c) => c.selector)).toEqual([
      { kind: 'plain', segments: [{ kind: 'member', name: 'customerName' }] },
      { kind: 'element', rest: [{ kind: 'member', name: 'orderId' }] },
      { kind: 'element', rest: [{ kind: 'member', name: 'itemName' }] },
      { kind: 'plain', segments: [{ kind: 'member', name: 'orders' }, { kind: 'all' }] },
    ]);
  });

  it('defaults: no MappingParameters, no RecordEncoding (UNCONFIRMED defaults)', () => {
    expect(parseInputSchema({ RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'a', Mapping: '$.a', SqlType: 'INT' }] }).format).toEqual({
      type: 'JSON',
      recordRowPath: { text: '$', segments: [] },
    });
    expect(parseInputSchema({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: [{ Name: 'a', SqlType: 'INT' }] }).format).toEqual({
      type: 'CSV',
      rowDelimiter: '\n',
      columnDelimiter: ',',
    });
  });

  it('a Mapping on a CSV column is ignored', () => {
    const parsed = parseInputSchema({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: [{ Name: 'review_id', Mapping: 'review_id', SqlType: 'VARCHAR(14)' }] });
    expect(parsed.columns).toEqual([{ name: 'review_id', type: { name: 'VARCHAR', length: 14, nullable: true }, index: 0 }]);
  });
});

describe('parseInputSchema: errors name the field path and the rule', () => {
  it('structure from the API model', () => {
    expect(issues(null)).toEqual([{ path: 'InputSchema', rule: 'type', message: 'must be an object, not null' }]);
    expect(issues({})).toEqual([
      { path: 'InputSchema.RecordFormat', rule: 'required', message: 'RecordFormat is required' },
      { path: 'InputSchema.RecordColumns', rule: 'required', message: 'RecordColumns is required' },
    ]);
    expect(issues({ RecordFormat: {}, RecordColumns: [] })).toEqual([
      { path: 'InputSchema.RecordFormat.RecordFormatType', rule: 'required', message: 'RecordFormatType is required' },
      { path: 'InputSchema.RecordColumns', rule: 'minItems', message: 'must have at least 1 item(s), has 0' },
    ]);
    expect(issues({ RecordFormat: { RecordFormatType: 'XML' }, RecordEncoding: 'UTF-16', RecordColumns: 'a' })).toEqual([
      { path: 'InputSchema.RecordFormat.RecordFormatType', rule: 'enum', message: "'XML' must be one of JSON, CSV" },
      { path: 'InputSchema.RecordEncoding', rule: 'pattern', message: "'UTF-16' must match UTF-8" },
      { path: 'InputSchema.RecordColumns', rule: 'type', message: 'must be an array, not a string' },
    ]);
  });

  it('at most 1000 columns (model: RecordColumns max 1000)', () => {
    const columns = Array.from({ length: 1001 }, (_, i) => ({ Name: `c${i}`, SqlType: 'INT' }));
    expect(issues({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: columns })).toEqual([
      { path: 'InputSchema.RecordColumns', rule: 'maxItems', message: 'must have at most 1000 items, has 1001' },
    ]);
    expect(parseInputSchema({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: columns.slice(0, 1000) }).columns).toHaveLength(1000);
  });

  it('column members: required, types, SqlType min length', () => {
    expect(issues({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: [{ Name: 7, SqlType: '' }, null, {}] })).toEqual([
      { path: 'InputSchema.RecordColumns[0].Name', rule: 'type', message: 'must be a string, not a number' },
      { path: 'InputSchema.RecordColumns[0].SqlType', rule: 'minLength', message: 'must have length at least 1' },
      { path: 'InputSchema.RecordColumns[1]', rule: 'required', message: 'must not be null' },
      { path: 'InputSchema.RecordColumns[2].Name', rule: 'required', message: 'Name is required' },
      { path: 'InputSchema.RecordColumns[2].SqlType', rule: 'required', message: 'SqlType is required' },
    ]);
  });

  it('delimiters and RecordRowPath', () => {
    expect(
      issues({
        RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '', RecordColumnDelimiter: ',' } } },
        RecordColumns: [{ Name: 'a', SqlType: 'INT' }],
      }),
    ).toEqual([{ path: 'InputSchema.RecordFormat.MappingParameters.CSVMappingParameters.RecordRowDelimiter', rule: 'minLength', message: 'must have length at least 1' }]);
    expect(
      issues({
        RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '|', RecordColumnDelimiter: '|' } } },
        RecordColumns: [{ Name: 'a', SqlType: 'INT' }],
      }),
    ).toEqual([{ path: 'InputSchema.RecordFormat.MappingParameters.CSVMappingParameters', rule: 'delimiter', message: 'RecordRowDelimiter and RecordColumnDelimiter are both "|"' }]);
    expect(issues(jsonSchema([{ Name: 'a', Mapping: '$.a', SqlType: 'INT' }], '$ .data'))).toEqual([
      { path: 'InputSchema.RecordFormat.MappingParameters.JSONMappingParameters.RecordRowPath', rule: 'pattern', message: "'$ .data' must start with '$' and contain no whitespace" },
    ]);
    expect(issues(jsonSchema([{ Name: 'a', Mapping: '$.a', SqlType: 'INT' }], 'data'))).toEqual([
      { path: 'InputSchema.RecordFormat.MappingParameters.JSONMappingParameters.RecordRowPath', rule: 'pattern', message: "'data' must start with '$' and contain no whitespace" },
    ]);
    expect(issues(jsonSchema([{ Name: 'a', Mapping: '$.a', SqlType: 'INT' }], '$.data[*]'))).toEqual([
      {
        path: 'InputSchema.RecordFormat.MappingParameters.JSONMappingParameters.RecordRowPath',
        rule: 'jsonPath',
        message: "'$.data[*]': Unsupported array index expression '[*]': only [0:] and [n] are supported at position 6",
      },
    ]);
  });

  it('mapping parameters of the other format', () => {
    expect(
      issues({
        RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
        RecordColumns: [{ Name: 'a', Mapping: '$.a', SqlType: 'INT' }],
      }),
    ).toEqual([{ path: 'InputSchema.RecordFormat.MappingParameters.CSVMappingParameters', rule: 'mappingParameters', message: 'CSVMappingParameters cannot be used when RecordFormatType is JSON' }]);
    expect(
      issues({
        RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
        RecordColumns: [{ Name: 'a', SqlType: 'INT' }],
      }),
    ).toEqual([{ path: 'InputSchema.RecordFormat.MappingParameters.JSONMappingParameters', rule: 'mappingParameters', message: 'JSONMappingParameters cannot be used when RecordFormatType is CSV' }]);
  });

  it('column names, duplicates, SqlType and Mapping, all reported at once', () => {
    expect(
      issues(
        jsonSchema([
          { Name: 'my-col', Mapping: '$.a', SqlType: 'INT' },
          { Name: '1st', Mapping: '$.b', SqlType: 'INT' },
          { Name: 'ok', Mapping: '$.c', SqlType: 'VARCHAR2(4)' },
          { Name: 'ok', SqlType: 'INT' },
          { Name: 'Ok', Mapping: 'customerName', SqlType: 'INT' },
          { Name: 'deep', Mapping: '$..name', SqlType: 'INT' },
        ]),
      ),
    ).toEqual([
      { path: 'InputSchema.RecordColumns[0].Name', rule: 'columnName', message: "'my-col' must match [a-zA-Z_][a-zA-Z0-9_]*" },
      { path: 'InputSchema.RecordColumns[1].Name', rule: 'columnName', message: "'1st' must match [a-zA-Z_][a-zA-Z0-9_]*" },
      {
        path: 'InputSchema.RecordColumns[2].SqlType',
        rule: 'sqlType',
        message: "Invalid SqlType 'VARCHAR2(4)': expected a type name, an optional (length) or (precision, scale), and an optional NOT NULL",
      },
      { path: 'InputSchema.RecordColumns[3].Name', rule: 'duplicateColumn', message: "'ok' is already the name of RecordColumns[2]" },
      { path: 'InputSchema.RecordColumns[3].Mapping', rule: 'required', message: 'Mapping is required when RecordFormatType is JSON' },
      { path: 'InputSchema.RecordColumns[4].Mapping', rule: 'jsonPath', message: "'customerName': A path must start with '$' at position 0" },
      { path: 'InputSchema.RecordColumns[5].Mapping', rule: 'jsonPath', message: "'$..name': Deep scan '..' is not supported at position 1" },
    ]);
  });

  it('array expressions: one level of dereferencing, one flattened array (dev/about-json-path)', () => {
    expect(issues(jsonSchema([{ Name: 'x', Mapping: '$.arrayObject[0:].element[0:].subElement', SqlType: 'INT' }]))).toEqual([
      {
        path: 'InputSchema.RecordColumns[0].Mapping',
        rule: 'flatten',
        message: "'$.arrayObject[0:].element[0:].subElement': only one level of dereferencing is supported in an array expression",
      },
    ]);
    expect(
      issues(
        jsonSchema([
          { Name: 'a', Mapping: '$.arrayObjectOne[0:].element', SqlType: 'INT' },
          { Name: 'b', Mapping: '$.arrayObjectTwo[0:].element', SqlType: 'INT' },
        ]),
      ),
    ).toEqual([
      {
        path: 'InputSchema.RecordColumns[1].Mapping',
        rule: 'flatten',
        message: "'$.arrayObjectTwo[0:].element' flattens a different array than '$.arrayObjectOne[0:].element': only one array can be flattened in a schema",
      },
    ]);
    // Valid: the second array is returned whole, repeated for every element of the first.
    const parsed = parseInputSchema(
      jsonSchema([
        { Name: 'a', Mapping: '$.arrayObjectOne[0:].element', SqlType: 'INT' },
        { Name: 'b', Mapping: '$.arrayObjectTwo[0:]', SqlType: 'VARCHAR(64)' },
      ]),
    );
    expect(parsed.flattenedArray).toEqual([{ kind: 'member', name: 'arrayObjectOne' }]);
  });

  it('the error message lists every issue', () => {
    let error: unknown;
    try {
      parseInputSchema({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: [{ Name: 'a-b', SqlType: 'TEXT' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputSchemaError);
    expect((error as Error).message).toBe(
      "Invalid InputSchema: InputSchema.RecordColumns[0].Name: 'a-b' must match [a-zA-Z_][a-zA-Z0-9_]* [columnName]; " +
        "InputSchema.RecordColumns[0].SqlType: Invalid SqlType 'TEXT': unknown type TEXT [sqlType]",
    );
  });
});
