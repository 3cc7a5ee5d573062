import fc from 'fast-check';
import { CLICK_EVENT_COLUMNS, transformClickRecord } from '../../../../lambda/engine/clickstream/click-event';
import { COPY_OPTIONS_LENGTH, REDSHIFT_RETRY_SECONDS } from '../../../../lambda/engine/firehose/limits';
import {
  convertDate,
  convertTime,
  COPY_DEFAULTS,
  copyCommandText,
  CopyOptionsError,
  deliverToRedshift,
  errorManifestKey,
  IdentifierError,
  manifestFor,
  MAXERROR_LIMIT,
  parseColumnList,
  parseCopyOptions,
  parseStagedObject,
  parseTableName,
  prepareRow,
  quoteIdentifier,
  REDSHIFT_RETRY_INTERVAL_SECONDS,
  RedshiftLoadError,
} from '../../../../lambda/engine/firehose/redshift';
import type {
  CopyOptions,
  CopyOptionsRule,
  LoaderResult,
  RedshiftBatch,
  RedshiftLoaderPort,
  RetryTime,
  TargetColumn,
} from '../../../../lambda/engine/firehose/redshift';

function rejection(text: string): CopyOptionsError {
  try {
    parseCopyOptions(text);
  } catch (e) {
    if (e instanceof CopyOptionsError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const parse = (text: string | Buffer, columns: readonly string[], options: string) =>
  parseStagedObject(typeof text === 'string' ? bytes(text) : text, columns, parseCopyOptions(options));

describe('parseCopyOptions', () => {
  it("gives Redshift's defaults for empty options: pipe-delimited text, NULL AS '\\N', MAXERROR 0", () => {
    expect(parseCopyOptions('  ')).toEqual({
      text: '',
      format: 'text',
      json: null,
      delimiter: '|',
      quote: '"',
      gzip: false,
      timeFormat: null,
      dateFormat: null,
      ignoreHeader: 0,
      ignoreBlankLines: false,
      nullAs: '\\N',
      emptyAsNull: false,
      blanksAsNull: false,
      truncateColumns: false,
      maxError: 0,
      acceptInvChars: null,
      region: null,
    });
  });

  it("parses the construct's default options (plus the GZIP it adds) and keeps the text verbatim", () => {
    const o = parseCopyOptions(" JSON 'auto' TIMEFORMAT 'auto' GZIP ");
    expect(o).toMatchObject({ text: "JSON 'auto' TIMEFORMAT 'auto' GZIP", format: 'json', json: 'auto', timeFormat: { kind: 'auto' }, gzip: true });
  });

  it('takes keywords in any case, optional AS, FORMAT [AS], and a trailing semicolon', () => {
    const o = parseCopyOptions(
      "format as json as 'auto ignorecase' timeformat as 'epochmillisecs' maxerror as 5 ignoreheader 1 " +
        "emptyasnull blanksasnull truncatecolumns acceptinvchars as '^' region 'eu-west-1';",
    );
    expect(o).toMatchObject({
      format: 'json',
      json: 'auto ignorecase',
      timeFormat: { kind: 'epochmillisecs' },
      maxError: 5,
      ignoreHeader: 1,
      emptyAsNull: true,
      blanksAsNull: true,
      truncateColumns: true,
      acceptInvChars: '^',
      region: 'eu-west-1',
    });
  });

  it("reads SQL strings with '' for a quote, DELIMITER's \\t and octal escapes, and CSV's comma default", () => {
    expect(parseCopyOptions("CSV QUOTE AS '''' DELIMITER AS '\\t' NULL AS 'it''s null' IGNOREBLANKLINES")).toMatchObject({
      format: 'csv',
      quote: "'",
      delimiter: '\t',
      nullAs: "it's null",
      ignoreBlankLines: true,
    });
    expect(parseCopyOptions("DELIMITER '\\174'").delimiter).toBe('|');
    expect(parseCopyOptions('CSV').delimiter).toBe(',');
    expect(parseCopyOptions("DELIMITER '|~|'").delimiter).toBe('|~|');
    expect(parseCopyOptions('ACCEPTINVCHARS').acceptInvChars).toBe('?');
    expect(parseCopyOptions('JSON').json).toBe('auto');
  });

  it('tokenizes TIMEFORMAT and DATEFORMAT patterns (HH is HH24 in COPY)', () => {
    expect(parseCopyOptions("TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' DATEFORMAT 'MON DD YY'")).toMatchObject({
      timeFormat: {
        kind: 'pattern',
        pattern: 'YYYY-MM-DD HH:MI:SS',
        tokens: [
          { part: 'YYYY' }, { literal: '-' }, { part: 'MM' }, { literal: '-' }, { part: 'DD' }, { literal: ' ' },
          { part: 'HH24' }, { literal: ':' }, { part: 'MI' }, { literal: ':' }, { part: 'SS' },
        ],
      },
      dateFormat: { kind: 'pattern', tokens: [{ part: 'MON' }, { literal: ' ' }, { part: 'DD' }, { literal: ' ' }, { part: 'YY' }] },
    });
  });

  it('accepts COMPUPDATE, STATUPDATE and COMPROWS, which change no loaded row, and ignores them', () => {
    const plain = parseCopyOptions("JSON 'auto'");
    const withStats = parseCopyOptions("JSON 'auto' COMPUPDATE OFF STATUPDATE ON COMPROWS 100000");
    expect({ ...withStats, text: plain.text }).toEqual(plain);
    expect(() => parseCopyOptions('STATUPDATE PRESET')).toThrow('STATUPDATE takes ON, OFF, TRUE or FALSE');
    expect(() => parseCopyOptions('COMPROWS 5')).toThrow(CopyOptionsError);
  });

  const rejected: [string, string, CopyOptionsRule, string][] = [
    ["JSON 'auto' DELIMITER ','", 'DELIMITER', 'conflict', 'not supported with JSON'],
    ["JSON 'auto' NULL AS ''", 'NULL AS', 'conflict', 'not supported with JSON'],
    ["JSON 'auto' IGNOREBLANKLINES", 'IGNOREBLANKLINES', 'conflict', 'not supported with JSON'],
    ["QUOTE '\"'", 'QUOTE', 'conflict', 'only with the CSV'],
    ["CSV JSON 'auto'", 'CSV', 'conflict', 'one data format'],
    ["CSV DELIMITER '\"'", 'DELIMITER', 'conflict', 'quote character'],
    ["JSON 's3://bucket/jsonpaths.json'", 'JSON', 'not-modelled', 'jsonpaths'],
    ["JSON 'AUTO'", 'JSON', 'invalid-argument', 'lower case'],
    ["TIMEFORMAT 'AUTO'", 'TIMEFORMAT', 'invalid-argument', 'case-sensitive'],
    ["TIMEFORMAT 'Epochsecs'", 'TIMEFORMAT', 'invalid-argument', 'case-sensitive'],
    ["DATEFORMAT 'Auto'", 'DATEFORMAT', 'invalid-argument', 'case-sensitive'],
    ["TIMEFORMAT 'YYYY-MM-DD HH:MI:SS TZ'", 'TIMEFORMAT', 'invalid-argument', 'time zone specifier'],
    ["TIMEFORMAT 'YYYY-MM-DD HH:MI:SSOF'", 'TIMEFORMAT', 'invalid-argument', 'time zone specifier'],
    ["TIMEFORMAT 'YYYY-MM-DD HH:MI:XX'", 'TIMEFORMAT', 'invalid-argument', 'unknown datepart'],
    ["TIMEFORMAT 'HH:MI:SS'", 'TIMEFORMAT', 'invalid-argument', 'must contain a year'],
    ["TIMEFORMAT 'YYYY-MM-DD DD'", 'TIMEFORMAT', 'invalid-argument', 'repeats the datepart DD'],
    ['TIMEFORMAT', 'TIMEFORMAT', 'missing-argument', 'single quotes'],
    [`MAXERROR ${MAXERROR_LIMIT + 1}`, 'MAXERROR', 'invalid-argument', 'from 0 to 100000'],
    ['MAXERROR -1', 'MAXERROR', 'invalid-argument', 'from 0 to 100000'],
    ['MAXERROR', 'MAXERROR', 'missing-argument', 'integer'],
    ['IGNOREHEADER 1.5', 'IGNOREHEADER', 'invalid-argument', 'integer'],
    ['GZIP gzip', 'GZIP', 'duplicate-option', 'only once'],
    ["FORMAT JSON 'auto' JSON 'auto'", 'JSON', 'duplicate-option', 'only once'],
    ['LZOP', 'LZOP', 'unsupported-option', 'GZIP or uncompressed'],
    ['BZIP2', 'BZIP2', 'unsupported-option', 'GZIP or uncompressed'],
    ['MANIFEST', 'MANIFEST', 'unsupported-option', 'supplies the manifest'],
    ["IAM_ROLE 'arn:aws:iam::1:role/r'", 'IAM_ROLE', 'unsupported-option', 'credentials'],
    ['ESCAPE', 'ESCAPE', 'not-modelled', 'does not model'],
    ["FIXEDWIDTH 'a:1'", 'FIXEDWIDTH', 'not-modelled', 'does not model'],
    ['FORMAT AS PARQUET', 'PARQUET', 'not-modelled', 'not supported by the offline engine'],
    ['FORMAT AS', 'FORMAT', 'missing-argument', 'data format keyword'],
    ['Frobnicate', 'Frobnicate', 'unknown-option', 'not a COPY option'],
    ["JSON 'auto", 'CopyOptions', 'syntax', 'unterminated quoted string'],
    ["GZIP; JSON 'auto'", 'CopyOptions', 'syntax', "';' may only end"],
    ["'auto'", 'CopyOptions', 'syntax', 'expected an option keyword'],
    ['GZIP # x', 'CopyOptions', 'syntax', 'unexpected character "#"'],
    ["DELIMITER ''", 'DELIMITER', 'invalid-argument', 'must not be empty'],
    ['DELIMITER', 'DELIMITER', 'missing-argument', 'single quotes'],
    ["CSV QUOTE 'ab'", 'QUOTE', 'invalid-argument', 'exactly one character'],
    ["ACCEPTINVCHARS 'ab'", 'ACCEPTINVCHARS', 'invalid-argument', 'one ASCII character'],
    ["ACCEPTINVCHARS 'é'", 'ACCEPTINVCHARS', 'invalid-argument', 'one ASCII character'],
    ["NULL AS '\\n'", 'NULL AS', 'invalid-argument', 'newline'],
  ];

  it.each(rejected)('rejects %j: option %s, rule %s', (text, option, rule, fragment) => {
    const e = rejection(text);
    expect({ option: e.option, rule: e.rule }).toEqual({ option, rule });
    // The message names the option first, then the rule.
    expect(e.message.startsWith(option)).toBe(true);
    expect(e.message).toContain(fragment);
  });

  it("rejects options longer than the API's CopyOptions limit (from the model)", () => {
    const max = COPY_OPTIONS_LENGTH.max as number;
    const e = rejection(`GZIP${' '.repeat(max - 3)}`);
    expect({ option: e.option, rule: e.rule }).toEqual({ option: 'CopyOptions', rule: 'api-length' });
    expect(e.message).toContain(`at most ${max} characters`);
    expect(parseCopyOptions(`GZIP${' '.repeat(max - 4)}`).gzip).toBe(true);
  });

  it('property: keyword case and white space never change the meaning', () => {
    // Mutually compatible fragments for the delimited-text format; string arguments keep their case.
    const fragments = [
      'GZIP', "DELIMITER AS '\\t'", "NULL AS 'Na'", 'EMPTYASNULL', 'BLANKSASNULL', 'TRUNCATECOLUMNS', 'MAXERROR 3',
      'IGNOREHEADER AS 2', "TIMEFORMAT 'epochsecs'", "DATEFORMAT 'auto'", 'IGNOREBLANKLINES', "ACCEPTINVCHARS AS '^'", "REGION 'us-east-1'",
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(fragments),
        fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }),
        fc.array(fc.constantFrom(' ', '\n', '\t  ', '\r\n'), { minLength: 20, maxLength: 20 }),
        (chosen, upper, spaces) => {
          let k = 0;
          const recased = chosen.map((f) =>
            f
              .split("'")
              .map((part, i) => (i % 2 === 1 ? part : [...part].map((c) => (upper[k++ % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('')))
              .join("'"),
          );
          const text = recased.map((f, i) => `${spaces[i % spaces.length]}${f}`).join('');
          const { text: _a, ...canonical } = parseCopyOptions(chosen.join(' '));
          const { text: _b, ...variant } = parseCopyOptions(text);
          expect(variant).toEqual(canonical);
        },
      ),
    );
  });
});

describe('convertTime', () => {
  const cases: [string, string | null, 'timestamp' | 'timestamptz', string][] = [
    ['1764064800', 'epochsecs', 'timestamp', '2025-11-25T10:00:00'],
    ['1764064800.5', 'epochsecs', 'timestamptz', '2025-11-25T10:00:00.5Z'],
    ['-1.5', 'epochsecs', 'timestamptz', '1969-12-31T23:59:58.5Z'],
    ['1764064800123', 'epochmillisecs', 'timestamp', '2025-11-25T10:00:00.123'],
    ['0', 'epochmillisecs', 'timestamp', '1970-01-01T00:00:00'],
    // 'auto': ISO 8601 with and without zone; the examples of Redshift's automatic-recognition table.
    ['2026-11-25T10:00:00.000Z', 'auto', 'timestamp', '2026-11-25T10:00:00'],
    ['2026-11-25T10:00:00.000Z', 'auto', 'timestamptz', '2026-11-25T10:00:00Z'],
    ['2019-02-11T05:09:12.195Z', 'auto', 'timestamp', '2019-02-11T05:09:12.195'],
    ['1996-01-08 04:05:06.789', 'auto', 'timestamp', '1996-01-08T04:05:06.789'],
    ['1997-12-17 07:37:16-08', 'auto', 'timestamp', '1997-12-17T07:37:16'],
    ['1997-12-17 07:37:16-08', 'auto', 'timestamptz', '1997-12-17T15:37:16Z'],
    ['2026-11-25T10:00:00+05:30', 'auto', 'timestamptz', '2026-11-25T04:30:00Z'],
    ['19960108 040809', 'auto', 'timestamp', '1996-01-08T04:08:09'],
    ['12/17/1997 07:37:16.00', 'auto', 'timestamp', '1997-12-17T07:37:16'],
    ['J2451187', 'auto', 'timestamp', '1999-01-08T00:00:00'],
    ['2026-11-25', 'auto', 'timestamp', '2026-11-25T00:00:00'],
    ['2026-11-25 10:00 UTC', 'auto', 'timestamptz', '2026-11-25T10:00:00Z'],
    // Patterns, and the defaults (YYYY-MM-DD HH:MI:SS; TIMESTAMPTZ adds an offset).
    ['2026-11-25 10:00:00.1234567', null, 'timestamp', '2026-11-25T10:00:00.123456'],
    ['2026-11-25 10:00:00-8:00', null, 'timestamptz', '2026-11-25T18:00:00Z'],
    ['2026-11-25 10:00:00', null, 'timestamptz', '2026-11-25T10:00:00Z'],
    ['Jan-05-2026 01:02:03 PM', 'MON-DD-YYYY HH12:MI:SS AM', 'timestamp', '2026-01-05T13:02:03'],
    ['january-05-2026 12:00:00 am', 'MON-DD-YYYY HH12:MI:SS AM', 'timestamp', '2026-01-05T00:00:00'],
    ['05/01/26 23.59', 'DD/MM/YY HH24.MI', 'timestamp', '2026-01-05T23:59:00'],
    ['2026-11-25T10:00:00', 'YYYY-MM-DDTHH:MI:SS', 'timestamp', '2026-11-25T10:00:00'],
    ['2024-02-29 00:00:00', null, 'timestamp', '2024-02-29T00:00:00'],
  ];

  it.each(cases)('%j with %j into %s → %s', (value, format, target, expected) => {
    expect(convertTime(value, format, target)).toEqual({ ok: true, value: expected });
  });

  const failures: [string, string | null, string][] = [
    // Automatic recognition doesn't support epochsecs and epochmillisecs.
    ['1764064800', 'auto', 'not a date/time'],
    ['2026-11-25T10:00:00Z', null, 'does not match the format'],
    ['2026-02-29 00:00:00', null, '2026-02 has no day 29'],
    ['2026-11-25 24:00:00', null, 'not a time of day'],
    ['2026-11-25 10:00:00 PST', 'auto', 'not a date/time'],
    ['2026-11-25 10:00:00+16', 'auto', 'out of range'],
    ['ten', 'epochsecs', 'epochsecs'],
    ['253402300800', 'epochsecs', 'outside 0001-01-01..9999-12-31'],
    ['2026-11-25 10:00:00x', null, 'does not match'],
    ['13:02:03 PM', 'HH12:MI:SS AM YYYY-MM-DD', 'does not match'],
  ];

  it.each(failures)('%j with %j is an error (%s)', (value, format, fragment) => {
    const result = convertTime(value, format);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(fragment);
  });

  it('throws CopyOptionsError for an invalid format string', () => {
    expect(() => convertTime('x', 'YYYY-QQ')).toThrow(CopyOptionsError);
  });
});

describe('convertDate', () => {
  it('applies the default, patterns (time parts ignored) and auto', () => {
    expect(convertDate('2026-11-25', null)).toEqual({ ok: true, value: '2026-11-25' });
    expect(convertDate('11/25/2026', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2026-11-25' });
    expect(convertDate('2026-11-25 10:30', 'YYYY-MM-DD HH:MI')).toEqual({ ok: true, value: '2026-11-25' });
    expect(convertDate('2026-11-25T23:30:00-05:00', 'auto')).toEqual({ ok: true, value: '2026-11-25' });
    expect(convertDate('2026-13-01', null)).toEqual({ ok: false, error: 'month 13 is not 1..12' });
  });
});

describe('parseStagedObject: JSON', () => {
  const RAW_EVENTS = [
    { eventType: 'Page_View', timestamp: '2026-11-25T10:00:00Z', url: 'https://Shop.example.com/cart?x=1', userId: 'u-1', eventId: 'e-1' },
    {
      eventType: 'click',
      timestamp: 1764064800123,
      url: 'https://shop.example.com/',
      anonymousId: 'a-9',
      referrer: '',
      properties: { button: 'buy', price: 9.5, tags: ['a', 'b'] },
    },
  ];

  it("loads the project's transformed click events into CLICK_EVENT_COLUMNS (nested properties as JSON text)", () => {
    const lines = RAW_EVENTS.map((e) => {
      const outcome = transformClickRecord(bytes(JSON.stringify(e)));
      if (outcome.result !== 'Ok') throw new Error('fixture event must be valid');
      return typeof outcome.data === 'string' ? outcome.data : Buffer.from(outcome.data).toString('utf8');
    });
    const sessionKeys = lines.map((l) => (JSON.parse(l) as { session_key: string }).session_key);
    const result = parse(lines.join(''), CLICK_EVENT_COLUMNS.map((c) => c.name), "JSON 'auto' TIMEFORMAT 'auto' GZIP");
    expect(result).toEqual({
      rows: [
        ['e-1', 'page_view', '2026-11-25T10:00:00.000Z', 'https://Shop.example.com/cart?x=1', 'shop.example.com', '/cart', 'u-1', null, sessionKeys[0], null, null, '{}'],
        [
          null, 'click', '2025-11-25T10:00:00.123Z', 'https://shop.example.com/', 'shop.example.com', '/', null, 'a-9', sessionKeys[1], '', null,
          '{"button":"buy","price":9.5,"tags":["a","b"]}',
        ],
      ],
      rowLines: [1, 2],
      errors: [],
    });
  });

  it('reads concatenated objects, keeps numbers as written, loads nested values as JSON text, missing keys as NULL', () => {
    const text = '{"a":"x","b":{"n":1.50,"arr":[true,null]}}{"a":12345678901234567890,"c":false}{"c":1e3,"x":"ignored"}';
    expect(parse(text, ['a', 'b', 'c'], "JSON 'auto'")).toEqual({
      rows: [
        ['x', '{"n":1.50,"arr":[true,null]}', null],
        ['12345678901234567890', null, 'false'],
        [null, null, '1e3'],
      ],
      rowLines: [1, 1, 1],
      errors: [],
    });
  });

  it("matches keys case-sensitively for 'auto' and case-insensitively for 'auto ignorecase'", () => {
    const text = '{"Event_Type":"view","event_type":"click"}\n{"EVENT_TYPE":"buy"}\n';
    expect(parse(text, ['event_type'], "JSON 'auto'").rows).toEqual([['click'], [null]]);
    // With ignorecase both keys match; the later one wins, as in a JSON object with a duplicate key.
    expect(parse(text, ['event_type'], "JSON 'auto ignorecase'").rows).toEqual([['click'], ['buy']]);
  });

  it('reports junk between objects, top-level arrays and malformed objects with their lines, and reads on', () => {
    const text = ['{"a":"1"},', '[1,2]', '{"a": bad}', '{"a":', '"2"}', 'garbage {"a":"3"}'].join('\n');
    expect(parse(text, ['a'], "JSON 'auto'")).toEqual({
      rows: [['1'], ['2'], ['3']],
      // An object's line is its last line.
      rowLines: [1, 5, 6],
      errors: [
        { line: 1, message: 'Invalid JSON: unexpected "," outside a JSON object' },
        { line: 2, message: "Invalid JSON: a JSON array needs a JSONPaths file; JSON 'auto' loads objects" },
        { line: 3, message: 'Invalid JSON: expected a JSON value at "b"' },
        { line: 6, message: 'Invalid JSON: unexpected "garbage" outside a JSON object' },
      ],
    });
  });

  it('counts IGNOREHEADER in lines, applies EMPTYASNULL/BLANKSASNULL, never NULL AS', () => {
    const text = 'header line {not json\n{"a":"","b":"  ","c":"\\\\N"}\n';
    expect(parse(text, ['a', 'b', 'c'], "JSON 'auto' IGNOREHEADER 1")).toEqual({ rows: [['', '  ', '\\N']], rowLines: [2], errors: [] });
    expect(parse(text, ['a', 'b', 'c'], "JSON 'auto' IGNOREHEADER 1 EMPTYASNULL BLANKSASNULL").rows).toEqual([[null, null, '\\N']]);
  });

  it('property: any objects of string values, separated by any JSON white space, read back exactly', () => {
    const columns = ['a', 'b', 'c'];
    const record = fc.record({ a: fc.string(), b: fc.string({ unit: 'grapheme' }), c: fc.string({ minLength: 1 }) }, { requiredKeys: ['a'] });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\t\n  '), { minLength: 9, maxLength: 9 }), (objects, gaps) => {
        const text = objects.map((o, k) => `${gaps[k]}${JSON.stringify(o)}`).join('');
        const result = parse(text, columns, "JSON 'auto'");
        expect(result.errors).toEqual([]);
        expect(result.rows).toEqual(objects.map((o) => columns.map((c) => (o as Record<string, string>)[c] ?? null)));
      }),
    );
  });
});

describe('parseStagedObject: delimited text and CSV', () => {
  it("splits pipe-delimited lines, reads '\\N' as NULL, keeps white space and carriage returns", () => {
    expect(parse('a|\\N| c \nd||f\r', ['x', 'y', 'z'], '')).toEqual({
      rows: [['a', null, ' c '], ['d', '', 'f\r']],
      rowLines: [1, 2],
      errors: [],
    });
    expect(parse('a|~|b\n', ['x', 'y'], "DELIMITER '|~|'").rows).toEqual([['a', 'b']]);
  });

  it('rejects records with extra or missing fields (1202, 1214) and empty lines (1211) unless IGNOREBLANKLINES', () => {
    expect(parse('a|b|c\n\nd\ne|f\n', ['x', 'y'], '')).toEqual({
      rows: [['e', 'f']],
      rowLines: [4],
      errors: [
        { line: 1, message: 'Input data had more columns than were defined in the DDL (error 1202): expected 2 fields, found 3' },
        { line: 2, message: 'Input line contained no data (error 1211)' },
        { line: 3, message: 'Delimiter not found (error 1214): expected 2 fields, found 1' },
      ],
    });
    expect(parse('\n\na|b\n', ['x', 'y'], 'IGNOREBLANKLINES')).toEqual({ rows: [['a', 'b']], rowLines: [3], errors: [] });
  });

  it('reads RFC 4180 CSV: quoted delimiters, doubled quotes, newlines in quotes, blanks around quoted fields', () => {
    const text = 'id,name\n1,"Smith, Jo"\n2,  "say ""hi"""  \n3,"two\nlines"\n4, raw \n';
    expect(parse(text, ['id', 'name'], 'CSV IGNOREHEADER 1')).toEqual({
      rows: [['1', 'Smith, Jo'], ['2', 'say "hi"'], ['3', 'two\nlines'], ['4', ' raw ']],
      rowLines: [2, 3, 4, 6],
      errors: [],
    });
  });

  it('uses QUOTE, DELIMITER, NULL AS and EMPTYASNULL', () => {
    expect(parse("'a;b';NA;;'it''s'\n", ['w', 'x', 'y', 'z'], "CSV QUOTE '''' DELIMITER ';' NULL AS 'NA' EMPTYASNULL").rows).toEqual([
      ['a;b', null, null, "it's"],
    ]);
  });

  it('rejects a record with text after a closing quote (1216) and an unterminated quote, and reads on', () => {
    expect(parse('"a"x,b\nc,d\n"e,f\ng,h\n', ['x', 'y'], 'CSV')).toEqual({
      rows: [['c', 'd']],
      rowLines: [2],
      errors: [
        { line: 1, message: 'Input line is not valid (error 1216): unexpected "x" after a closing quote' },
        { line: 3, message: 'Input line is not valid (error 1216): unterminated quoted field' },
      ],
    });
  });

  it('property: always-quoted CSV of any strings reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string()), { maxLength: 10 }),
        fc.constantFrom(',', '|', '\t'),
        (rows, delimiter) => {
          const visible = rows.filter(([a, b]) => a !== COPY_DEFAULTS.nullAs && b !== COPY_DEFAULTS.nullAs);
          const text = visible.map((r) => `${r.map((v) => `"${v.replace(/"/g, '""')}"`).join(delimiter)}\n`).join('');
          const delimiterOption = delimiter === '\t' ? '\\t' : delimiter;
          const result = parse(text, ['a', 'b'], `CSV DELIMITER '${delimiterOption}'`);
          expect(result.errors).toEqual([]);
          expect(result.rows).toEqual(visible);
        },
      ),
    );
  });
});

describe('parseStagedObject: UTF-8', () => {
  // "a|" + an encoded surrogate (ED A0 80: invalid UTF-8) + "\nb|c"
  const invalid = Buffer.from([0x61, 0x7c, 0xed, 0xa0, 0x80, 0x0a, 0x62, 0x7c, 0x63]);

  it('rejects the records holding invalid UTF-8 (1220) and loads the others', () => {
    expect(parse(invalid, ['x', 'y'], '')).toEqual({
      rows: [['b', 'c']],
      rowLines: [2],
      errors: [{ line: 1, message: 'String contains invalid or unsupported UTF-8 code points (error 1220): use ACCEPTINVCHARS to replace them' }],
    });
  });

  it('replaces each invalid byte with the ACCEPTINVCHARS character', () => {
    expect(parse(invalid, ['x', 'y'], "ACCEPTINVCHARS AS '^'").rows).toEqual([['a', '^^^'], ['b', 'c']]);
    const json = Buffer.concat([bytes('{"a":"x'), Buffer.from([0xff]), bytes('y"}')]);
    expect(parse(json, ['a'], "JSON 'auto' ACCEPTINVCHARS").rows).toEqual([['x?y']]);
  });
});

describe('prepareRow', () => {
  const columns: TargetColumn[] = [
    { name: 'code', kind: 'char', maxBytes: 5, nullable: true },
    { name: 'at', kind: 'timestamp', maxBytes: null, nullable: true },
    { name: 'day', kind: 'date', maxBytes: null, nullable: true },
    { name: 'n', kind: 'other', maxBytes: null, nullable: true },
    { name: 'id', kind: 'char', maxBytes: null, nullable: false },
  ];
  const options = (text: string): CopyOptions => parseCopyOptions(text);

  it('converts timestamps and dates, nulls empty and blank non-character values, keeps empty strings', () => {
    expect(prepareRow(['', '1764064800', '2026-11-25', '  ', 'k'], columns, options("TIMEFORMAT 'epochsecs'"))).toEqual({
      ok: true,
      values: ['', '2025-11-25T10:00:00', '2026-11-25', null, 'k'],
    });
    expect(prepareRow([null, ' ', '', '7', 'k'], columns, options(''))).toEqual({
      ok: true,
      values: [null, null, null, '7', 'k'],
    });
  });

  it('measures VARCHAR lengths in bytes: rejects (1204) or, with TRUNCATECOLUMNS, cuts at a character boundary', () => {
    expect(prepareRow(['ééé', null, null, null, 'k'], columns, options(''))).toEqual({
      ok: false,
      column: 'code',
      message: 'String length exceeds DDL length (error 1204): 6 bytes > 5',
    });
    expect(prepareRow(['ééé', null, null, null, 'k'], columns, options('TRUNCATECOLUMNS'))).toEqual({ ok: true, values: ['éé', null, null, null, 'k'] });
    expect(prepareRow(['abcdefgh', null, null, null, 'k'], columns, options('TRUNCATECOLUMNS'))).toEqual({ ok: true, values: ['abcde', null, null, null, 'k'] });
  });

  it('rejects bad timestamps (1206), bad dates (1205) and NULL in a NOT NULL column (1213)', () => {
    expect(prepareRow([null, 'soon', null, null, 'k'], columns, options("TIMEFORMAT 'auto'"))).toEqual({
      ok: false,
      column: 'at',
      message: expect.stringMatching(/^Timestamp format is not valid \(error 1206\): "soon" is not a date\/time/) as unknown as string,
    });
    expect(prepareRow([null, null, '2026-02-30', null, 'k'], columns, options(''))).toEqual({
      ok: false,
      column: 'day',
      message: 'Date format is not valid (error 1205): 2026-02 has no day 30',
    });
    expect(prepareRow([null, null, null, null, null], columns, options(''))).toEqual({
      ok: false,
      column: 'id',
      message: 'A field specified as NOT NULL contained no data (error 1213)',
    });
  });
});

describe('identifiers', () => {
  it('resolves table names like Redshift: unquoted and (by default) quoted parts are lower-cased', () => {
    expect(parseTableName('events')).toEqual({ schema: null, name: 'events' });
    expect(parseTableName(' Public . Events ')).toEqual({ schema: 'public', name: 'events' });
    expect(parseTableName('"Mixed"."Ta""ble"')).toEqual({ schema: 'mixed', name: 'ta"ble' });
    expect(parseTableName('"Mixed"."Ta""ble"', { caseSensitiveIdentifiers: true })).toEqual({ schema: 'Mixed', name: 'Ta"ble' });
    expect(parseColumnList('a, "B,c" ,D', { caseSensitiveIdentifiers: true })).toEqual(['a', 'B,c', 'd']);
    expect(parseColumnList(' ')).toEqual([]);
  });

  it.each(['a.b.c', '"open', '', 'a-b', '""', '1abc'])('rejects %j', (text) => {
    expect(() => parseTableName(text)).toThrow(IdentifierError);
  });

  it('quotes any name safely', () => {
    expect(quoteIdentifier('Ta"ble; DROP')).toBe('"Ta""ble; DROP"');
    expect(() => quoteIdentifier('a\0b')).toThrow(IdentifierError);
  });
});

describe('manifests and the COPY statement', () => {
  it('writes a Redshift manifest with every object mandatory', () => {
    expect(manifestFor([{ bucket: 'stage', key: 'redshift-staging/2026/11/25/10/s-1-a.gz' }, { bucket: 'stage', key: 'b c' }])).toBe(
      '{"entries":[{"url":"s3://stage/redshift-staging/2026/11/25/10/s-1-a.gz","mandatory":true},{"url":"s3://stage/b c","mandatory":true}]}',
    );
    expect(manifestFor([])).toBe('{"entries":[]}');
  });

  it('puts skipped-batch manifests under <prefix>errors/manifests/YYYY/MM/DD/HH/ (UTC)', () => {
    const at = Date.UTC(2026, 10, 25, 23, 5, 7, 9);
    expect(errorManifestKey('redshift-staging/', at, 'b1')).toBe('redshift-staging/errors/manifests/2026/11/25/23/2026-11-25-23-05-07-009-b1');
    expect(errorManifestKey('', new Date(at))).toBe('errors/manifests/2026/11/25/23/2026-11-25-23-05-07-009');
  });

  it('renders the COPY Firehose issues, credentials redacted', () => {
    const options = parseCopyOptions("JSON 'auto' TIMEFORMAT 'auto' GZIP");
    expect(copyCommandText('public.clickstream_events', ['event_id', 'event_type'], "s3://stage/manifests/it's", options)).toBe(
      "COPY public.clickstream_events (event_id,event_type) FROM 's3://stage/manifests/it''s' CREDENTIALS 'aws_iam_role=<redacted>' MANIFEST JSON 'auto' TIMEFORMAT 'auto' GZIP",
    );
    expect(copyCommandText('t', [], 's3://b/m', '  ', 'aws_iam_role=arn:aws:iam::1:role/r')).toBe(
      "COPY t FROM 's3://b/m' CREDENTIALS 'aws_iam_role=arn:aws:iam::1:role/r' MANIFEST",
    );
  });
});

describe('deliverToRedshift', () => {
  class FakeTime implements RetryTime {
    t = Date.UTC(2026, 10, 25, 10, 0, 0);
    readonly slept: number[] = [];
    now(): number {
      return this.t;
    }
    async sleep(ms: number): Promise<void> {
      this.slept.push(ms);
      this.t += ms;
    }
  }

  interface Call {
    readonly table: string;
    readonly columns: readonly string[];
    readonly rows: readonly (string | null)[][];
    readonly maxError: number;
    readonly at: number;
  }

  /** A loader whose k-th call (0-based) does what `script(k)` says; it may take fake time. */
  class ScriptedLoader implements RedshiftLoaderPort {
    readonly calls: Call[] = [];
    constructor(
      private readonly time: FakeTime,
      private readonly script: (call: number, rows: readonly (string | null)[][]) => LoaderResult | Error,
      private readonly takesMs = 0,
    ) {}
    async load(table: string, columns: readonly string[], rows: readonly (string | null)[][], options: CopyOptions): Promise<LoaderResult> {
      this.calls.push({ table, columns, rows, maxError: options.maxError, at: this.time.now() });
      this.time.t += this.takesMs;
      const outcome = this.script(this.calls.length - 1, rows);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
  }

  const INTERVAL_MS = REDSHIFT_RETRY_INTERVAL_SECONDS * 1000;

  function batch(options = "JSON 'auto'", objects: [string, string][] = [['k1', '{"a":"1"}\n{"a":"2"}\n'], ['k2', '{"a":"3"}']]): RedshiftBatch {
    return {
      table: 'public.events',
      columns: ['a'],
      options: parseCopyOptions(options),
      objects: objects.map(([key, body]) => ({ bucket: 'stage', key, body: bytes(body) })),
      prefix: 'redshift-staging/',
      id: 'batch-7',
    };
  }

  it('loads every object of the batch in one attempt when the COPY succeeds', async () => {
    const time = new FakeTime();
    const loader = new ScriptedLoader(time, (_, rows) => ({ loaded: rows.length, rejected: [] }));
    expect(await deliverToRedshift(batch(), loader, time, 3600)).toEqual({ skipped: false, loaded: 3, rejected: [], attempts: 1 });
    expect(loader.calls).toEqual([{ table: 'public.events', columns: ['a'], rows: [['1'], ['2'], ['3']], maxError: 0, at: time.t }]);
    expect(time.slept).toEqual([]);
  });

  it('retries every 5 minutes until a COPY succeeds', async () => {
    const time = new FakeTime();
    const start = time.t;
    const loader = new ScriptedLoader(time, (k, rows) => (k < 2 ? new Error('cluster in maintenance') : { loaded: rows.length, rejected: [] }));
    expect(await deliverToRedshift(batch(), loader, time, 3600)).toMatchObject({ skipped: false, loaded: 3, attempts: 3 });
    expect(loader.calls.map((c) => c.at - start)).toEqual([0, INTERVAL_MS, 2 * INTERVAL_MS]);
  });

  it('makes one attempt with a retry duration of 0, then skips the batch with its manifest under errors/', async () => {
    const time = new FakeTime();
    const failure = new RedshiftLoadError('table-not-found', 'Cannot COPY into nonexistent table public.events');
    const loader = new ScriptedLoader(time, () => failure);
    expect(await deliverToRedshift(batch(), loader, time, 0)).toEqual({
      skipped: true,
      manifest: '{"entries":[{"url":"s3://stage/k1","mandatory":true},{"url":"s3://stage/k2","mandatory":true}]}',
      manifestKey: 'redshift-staging/errors/manifests/2026/11/25/10/2026-11-25-10-00-00-000-batch-7',
      error: failure,
      attempts: 1,
    });
    expect(time.slept).toEqual([]);
  });

  it('retries for the whole duration (3600 s with instant failures: attempts at 0, 5, …, 60 min)', async () => {
    const time = new FakeTime();
    const loader = new ScriptedLoader(time, () => new Error('connection refused'));
    const result = await deliverToRedshift(batch(), loader, time, REDSHIFT_RETRY_SECONDS.default);
    expect(result).toMatchObject({ skipped: true, attempts: 13 });
    expect(time.slept).toEqual(Array(12).fill(INTERVAL_MS));
  });

  it('counts slow attempts against the duration, and does not retry when the first attempt outlasts it', async () => {
    const time = new FakeTime();
    const start = time.t;
    // 900 s window, 200 s attempts: 0–200 fails, retry at 500 fails at 700, the next (1000) is too late.
    const slow = new ScriptedLoader(time, () => new Error('timeout'), 200_000);
    expect(await deliverToRedshift(batch(), slow, time, 900)).toMatchObject({ skipped: true, attempts: 2 });
    expect(slow.calls.map((c) => c.at - start)).toEqual([0, 500_000]);

    const time2 = new FakeTime();
    const slower = new ScriptedLoader(time2, () => new Error('timeout'), 120_000);
    expect(await deliverToRedshift(batch(), slower, time2, 60)).toMatchObject({ skipped: true, attempts: 1 });
  });

  it('counts parse errors toward MAXERROR and maps rejections back to object and line', async () => {
    const time = new FakeTime();
    const loader = new ScriptedLoader(time, (_, rows) => ({ loaded: rows.length - 1, rejected: [{ row: 3, message: 'row 3, column "a": bad' }] }));
    const objects: [string, string][] = [['k1', '{"a":"1"}\n{"a": oops}\n{"a":"2"}\n'], ['k2', '\n{"a":"x"}']];
    expect(await deliverToRedshift(batch("JSON 'auto' MAXERROR 2", objects), loader, time, 0)).toEqual({
      skipped: false,
      loaded: 2,
      rejected: [
        { key: 'k1', line: 2, message: 'Invalid JSON: expected a JSON value at "o"' },
        { key: 'k2', line: 2, message: 'row 3, column "a": bad' },
      ],
      attempts: 1,
    });
    // The loader may only reject what the parse errors left of MAXERROR.
    expect(loader.calls[0]?.maxError).toBe(1);
  });

  it('fails the load without calling the loader when parse errors alone exceed MAXERROR', async () => {
    const time = new FakeTime();
    const loader = new ScriptedLoader(time, () => ({ loaded: 0, rejected: [] }));
    const result = await deliverToRedshift(batch("JSON 'auto'", [['k1', '{"a":"1"} junk']]), loader, time, 0);
    expect(result.skipped).toBe(true);
    const error = result.skipped ? result.error : undefined;
    expect(error).toBeInstanceOf(RedshiftLoadError);
    expect((error as RedshiftLoadError).kind).toBe('max-errors-exceeded');
    expect(error?.message).toBe(
      "Load into table 'public.events' failed. Check 'stl_load_errors' system table for details. 1 row(s) rejected, MAXERROR 0; first: row 1: k1 line 1: Invalid JSON: unexpected \"junk\" outside a JSON object",
    );
    expect(loader.calls).toEqual([]);
  });

  it.each([-1, 7201, 1.5])('rejects a retry duration of %j (0–7200 s)', async (seconds) => {
    const time = new FakeTime();
    await expect(deliverToRedshift(batch(), new ScriptedLoader(time, () => ({ loaded: 0, rejected: [] })), time, seconds)).rejects.toThrow(RangeError);
  });
});
