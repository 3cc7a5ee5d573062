import { Decimal, Interval, SqlValue } from '../../../../../lambda/engine/sql/types';
import { compileJavaRegex } from '../../../../../lambda/engine/sql/functions/java-regex';
import { compileSimpleDateFormat } from '../../../../../lambda/engine/sql/functions/simple-date-format';
import { DEFAULT_ROW, T0, analysisError, analysisErrorOf, compile, rowValues, run, runtimeError, stockRow, typeOf } from './helpers';

const HOUR = 3_600_000;

/** Each case: source, value on DEFAULT_ROW, type. */
type Case = [string, SqlValue, string];

const check = (source: string, value: SqlValue, type: string, row: readonly SqlValue[] = DEFAULT_ROW): void => {
  expect(run(source, row)).toEqual(value);
  expect(typeOf(source)).toBe(type);
};

describe('string functions', () => {
  it.each<Case>([
    ["UPPER('abc')", 'ABC', 'VARCHAR(3) NOT NULL'],
    ['LOWER(ticker_symbol)', 'amzn', 'VARCHAR(4)'],
    ["INITCAP('hello wORLD')", 'Hello World', 'VARCHAR(11) NOT NULL'],
    ['CHAR_LENGTH(sector)', 6, 'INTEGER'],
    ["CHARACTER_LENGTH('ab ')", 3, 'INTEGER NOT NULL'],
    ['UPPER(NULL)', null, 'VARCHAR'],
    ["SUBSTRING('123456789' FROM 3 FOR 2)", '34', 'VARCHAR(9) NOT NULL'],
    ['SUBSTRING(ticker_symbol, 2)', 'MZN', 'VARCHAR(4)'],
    ['SUBSTRING(ticker_symbol, 2, 2)', 'MZ', 'VARCHAR(4)'],
    ["SUBSTRING('123456789' FROM -1 FOR 4)", '12', 'VARCHAR(9) NOT NULL'],
    ["SUBSTRING('abc' FROM 5)", '', 'VARCHAR(3) NOT NULL'],
    ["SUBSTRING('abcdef' SIMILAR 'a#\"bc#\"%' ESCAPE '#')", 'bc', 'VARCHAR(6)'],
    ["POSITION('Z' IN ticker_symbol)", 3, 'INTEGER'],
    ["POSITION('x' IN 'abc')", 0, 'INTEGER NOT NULL'],
    ["POSITION('' IN 'abc')", 1, 'INTEGER NOT NULL'],
    ["POSITION('a' IN 'banana' FROM 3)", 4, 'INTEGER NOT NULL'],
    ["POSITION('a' IN 'banana' FROM 10)", 0, 'INTEGER NOT NULL'],
    ["TRIM('  ab  ')", 'ab', 'VARCHAR(6) NOT NULL'],
    ["TRIM(LEADING 'x' FROM 'xxaxx')", 'axx', 'VARCHAR(5) NOT NULL'],
    ["TRIM(TRAILING FROM '  a  ')", '  a', 'VARCHAR(5) NOT NULL'],
    ["TRIM(BOTH 'A' FROM ticker_symbol)", 'MZN', 'VARCHAR(4)'],
    ["OVERLAY('12345' PLACING 'foo' FROM 2)", '1foo5', 'VARCHAR(8) NOT NULL'],
    ["OVERLAY('12345' PLACING 'foo' FROM 2 FOR 1)", '1foo345', 'VARCHAR(8) NOT NULL'],
    ["REGEX_REPLACE('http://x.com', 'http://', 'https://', 1, 0)", 'https://x.com', 'VARCHAR NOT NULL'],
    ["REGEX_REPLACE('2020-01-02', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1', 1, 0)", '02/01/2020', 'VARCHAR NOT NULL'],
    ["REGEX_REPLACE('aaa', 'a', 'b', 1, 2)", 'aba', 'VARCHAR NOT NULL'],
    ["REGEX_REPLACE('aaa', 'a', 'b', 2, 0)", 'abb', 'VARCHAR NOT NULL'],
    ["REGEX_REPLACE(sector, 'E', '3', 1, 0)", 'R3TAIL', 'VARCHAR'],
    ["REGEX_REPLACE(sector, ticker_symbol, 'x', 1, 0)", 'RETAIL', 'VARCHAR'],
  ])('%s = %p (%s)', check);

  it('raises per-row errors for bad positions, trim characters and row-value regexes', () => {
    expect(runtimeError("SUBSTRING('abc' FROM 1 FOR -1)")).toBe('SUBSTRING_ERROR: Substring error: negative substring length -1 not allowed');
    expect(runtimeError("TRIM(BOTH 'xy' FROM 'xya')")).toBe("TRIM_ERROR: Trim error: trim character must be exactly 1 character, not 'xy'");
    expect(runtimeError("REGEX_REPLACE('a', 'a', 'b', 0, 0)")).toBe('INVALID_ARGUMENT: REGEX_REPLACE startPosition must be at least 1, got 0');
    expect(runtimeError("REGEX_REPLACE('a', 'a', 'b', 1, -1)")).toBe('INVALID_ARGUMENT: REGEX_REPLACE occurrence must not be negative, got -1');
    expect(runtimeError("REGEX_REPLACE('a', 'a', '$2', 1, 0)")).toBe(`INVALID_REGULAR_EXPRESSION: Invalid regex replacement: No group 2 ('$2' at index 0 of "$2")`);
    expect(runtimeError("REGEX_REPLACE(sector, ticker_symbol, 'x', 1, 0)", stockRow({ SECTOR: 'abc', TICKER_SYMBOL: '(' }))).toBe(
      'INVALID_REGULAR_EXPRESSION: ' + errorMessageOf(() => compileJavaRegex('(')),
    );
  });

  it('compiles a literal regex at analysis and reports it there', () => {
    const e = analysisErrorOf("REGEX_REPLACE(sector, '(a', 'x', 1, 0)");
    expect([e.line, e.column, e.length]).toEqual([1, 23, 4]);
    expect(e.detail).toMatch(/^Invalid Java regular expression: /);
  });

  it('rejects wrong argument types and counts', () => {
    expect(analysisError('UPPER(qty)')).toBe('1:7 Cannot apply UPPER to arguments of type UPPER(<INTEGER>); expected UPPER(<CHARACTER>)');
    expect(analysisError('UPPER(sector, sector)')).toBe('1:1 Invalid number of arguments to UPPER: expected 1 but got 2');
    expect(analysisError("REGEX_REPLACE(sector, 'a', 'b')")).toBe('1:1 Invalid number of arguments to REGEX_REPLACE: expected 5 but got 3');
    expect(analysisError("REGEX_REPLACE(sector, 'a', 'b', '1', 0)")).toBe(
      '1:33 Cannot apply REGEX_REPLACE to arguments of type REGEX_REPLACE(<VARCHAR(16)>, <CHAR(1)>, <CHAR(1)>, <CHAR(1)>, <INTEGER>); expected REGEX_REPLACE(<CHARACTER> original, <CHARACTER> regex, <CHARACTER> replacement, <INTEGER> startPosition, <INTEGER> occurrence)',
    );
    expect(analysisError('SUBSTRING(qty FROM 1)')).toBe('1:11 The operand of SUBSTRING must be a character string, not INTEGER');
    expect(analysisError("SUBSTRING('a' FROM 'b')")).toBe('1:20 The start position of SUBSTRING must be an integer, not CHAR(1)');
    expect(analysisError("SUBSTRING('a' FROM 1 FOR 1.5)")).toBe('1:26 The length of SUBSTRING must be an integer, not DECIMAL(2,1)');
    expect(analysisError('POSITION(qty IN sector)')).toBe('1:10 The search string of POSITION must be a character string, not INTEGER');
    expect(analysisError("TRIM(1 FROM 'a')")).toBe('1:6 The trim character of TRIM must be a character string, not INTEGER');
    expect(analysisError("OVERLAY('a' PLACING 'b' FROM ts)")).toBe('1:30 The start position of OVERLAY must be an integer, not TIMESTAMP');
  });
});

function errorMessageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message.replace(/^line \d+, column \d+: /, '');
  }
  throw new Error('no error');
}

describe('numeric functions', () => {
  it.each<Case>([
    ['ABS(-qty)', 7, 'INTEGER'],
    ['ABS(change)', 0.5, 'REAL'],
    ['ABS(-2147483647 - 1)', -2147483648, 'INTEGER NOT NULL'],
    ['ABS(CAST(-32768 AS SMALLINT))', -32768, 'SMALLINT NOT NULL'],
    ['ABS(-big)', 10n, 'BIGINT'],
    ['ABS(-1.25)', new Decimal(125n, 2), 'DECIMAL(3,2) NOT NULL'],
    ["ABS(INTERVAL '-3 4:20' DAY TO MINUTE)", new Interval('DAY_TIME', 3 * 86_400_000 + 4 * HOUR + 20 * 60_000), 'INTERVAL DAY TO MINUTE NOT NULL'],
    ["CAST(ABS(INTERVAL '-3 4:20' DAY TO MINUTE) AS VARCHAR(8))", '+3 04:20', 'VARCHAR(8) NOT NULL'],
    ['EXP(0)', 1, 'DOUBLE NOT NULL'],
    ['LN(1)', 0, 'DOUBLE NOT NULL'],
    ['LN(0)', -Infinity, 'DOUBLE NOT NULL'],
    ['LOG10(1000)', 3, 'DOUBLE NOT NULL'],
    ['SQRT(price * 2 - 9)', 4, 'DOUBLE'],
    ['POWER(2, 10)', 1024, 'DOUBLE NOT NULL'],
    ['POWER(rate, 0.5)', 0.5, 'DOUBLE'],
    ['MOD(-4, 3)', -1, 'INTEGER NOT NULL'],
    ['MOD(big, 3)', 1, 'INTEGER'],
    ['FLOOR(2.5)', new Decimal(2n, 0), 'DECIMAL(2,0) NOT NULL'],
    ['FLOOR(-2.5)', new Decimal(-3n, 0), 'DECIMAL(2,0) NOT NULL'],
    ['CEIL(price)', 13, 'REAL'],
    ['CEILING(rate)', 1, 'DOUBLE'],
    ['FLOOR(qty)', 7, 'INTEGER'],
    ['STEP(23 BY 5)', 20, 'INTEGER NOT NULL'],
    ['STEP(-23 BY 5)', -25, 'INTEGER NOT NULL'],
    ['STEP(big BY 4)', 8n, 'BIGINT'],
  ])('%s = %p (%s)', check);

  it('raises per-row errors and rejects bad arguments', () => {
    expect(runtimeError('MOD(qty, 0)')).toBe('DIVISION_BY_ZERO: Division by zero');
    expect(runtimeError('STEP(qty BY 0)')).toBe('INVALID_ARGUMENT: STEP width must be positive, not 0');
    expect(analysisError('MOD(1.5, 2)')).toBe('1:1 MOD supports only arguments of scale 0, not DECIMAL(2,1)');
    expect(analysisError('MOD(rate, 2)')).toBe('1:5 Cannot apply MOD to arguments of type MOD(<DOUBLE>, <INTEGER>); expected MOD(<EXACT NUMERIC>, <EXACT NUMERIC>)');
    expect(analysisError('EXP(sector)')).toBe('1:5 Cannot apply EXP to arguments of type EXP(<VARCHAR(16)>); expected EXP(<NUMERIC>)');
    expect(analysisError('ABS(ts)')).toBe('1:5 Cannot apply ABS to arguments of type ABS(<TIMESTAMP>); expected ABS(<NUMERIC>) or ABS(<INTERVAL>)');
    expect(analysisError('POWER(2)')).toBe('1:1 Invalid number of arguments to POWER: expected 2 but got 1');
    expect(analysisError('FLOOR(ts)')).toBe('1:1 FLOOR of a TIMESTAMP needs a unit: FLOOR(x TO MINUTE); without one it takes a number');
    expect(analysisError('CEIL(qty TO HOUR)')).toBe('1:6 CEIL(... TO HOUR) needs a DATE, TIME, TIMESTAMP or INTERVAL, not INTEGER');
    expect(analysisError("FLOOR(CAST('1' AS INTERVAL MONTH) TO DAY)")).toBe('1:1 Cannot round an INTERVAL MONTH to DAY');
    expect(analysisError('FLOOR(NULL)')).toBe('1:7 Cannot infer the type of NULL in FLOOR; write CAST(NULL AS <type>)');
    expect(analysisError('STEP(ts BY 5)')).toBe("1:12 STEP on a TIMESTAMP needs an INTERVAL width (STEP(ts BY INTERVAL '1' MINUTE)), not INTEGER");
    expect(analysisError("STEP(qty BY INTERVAL '1' SECOND)")).toBe('1:13 STEP on an integer needs an integer width (STEP(x BY 5)), not INTERVAL SECOND');
    expect(analysisError('STEP(sector BY 5)')).toBe('1:6 STEP needs a DATE, TIME, TIMESTAMP or integer operand, not VARCHAR(16)');
  });
});

describe('datetime functions', () => {
  it.each<Case>([
    ['FLOOR(ts TO HOUR)', Date.UTC(2020, 0, 1, 10), 'TIMESTAMP'],
    ['CEIL(ts TO DAY)', Date.UTC(2020, 0, 2), 'TIMESTAMP'],
    ['FLOOR(ts TO MONTH)', Date.UTC(2020, 0, 1), 'TIMESTAMP'],
    ["FLOOR(TIMESTAMP '2004-09-30 13:48:23' TO HOUR)", Date.UTC(2004, 8, 30, 13), 'TIMESTAMP NOT NULL'],
    ["CEIL(TIMESTAMP '2004-09-30 13:48:23' TO DAY)", Date.UTC(2004, 9, 1), 'TIMESTAMP NOT NULL'],
    ["FLOOR(TIME '10:20:30' TO MINUTE)", (10 * 60 + 20) * 60_000, 'TIME NOT NULL'],
    ["STEP(ts BY INTERVAL '10' MINUTE)", Date.UTC(2020, 0, 1, 10, 30), 'TIMESTAMP'],
    ["STEP(ROWTIME BY INTERVAL '1' HOUR)", Date.UTC(2020, 0, 1, 11), 'TIMESTAMP NOT NULL'],
    ['EXTRACT(HOUR FROM ts)', 10n, 'BIGINT'],
    ['EXTRACT(SECOND FROM ts)', new Decimal(15250n, 3), 'DECIMAL(5,3)'],
    ['EXTRACT(YEAR FROM d)', 2020n, 'BIGINT'],
    ["EXTRACT(DAY FROM INTERVAL '3 4' DAY TO HOUR)", 3n, 'BIGINT NOT NULL'],
    ['TSDIFF(ts, ROWTIME)', 3_600_000n, 'BIGINT'],
    ['TSDIFF(big, 15)', 5n, 'BIGINT'],
    ['UNIX_TIMESTAMP(ts)', BigInt(T0), 'BIGINT'],
    ['TO_TIMESTAMP(1577836800000)', Date.UTC(2020, 0, 1), 'TIMESTAMP NOT NULL'],
    ['TO_TIMESTAMP(big)', 10, 'TIMESTAMP'],
    ["CHAR_TO_TIMESTAMP('yyyy-MM-dd hh:mm:ss', '2009-09-16 03:15:24')", Date.UTC(2009, 8, 16, 3, 15, 24), 'TIMESTAMP NOT NULL'],
    ["CHAR_TO_TIMESTAMP('yyyy-hh-mm', '2009-09-16 03:15:24')", Date.UTC(2009, 0, 1, 9, 16), 'TIMESTAMP NOT NULL'],
    ["CHAR_TO_TIMESTAMP('MMM dd, yyyy', 'March 7, 2010')", Date.UTC(2010, 2, 7), 'TIMESTAMP NOT NULL'],
    ["CHAR_TO_TIMESTAMP('yyyy', sector)", null, 'TIMESTAMP'],
    ["CHAR_TO_DATE('yyyy-MM-dd HH:mm', '2020-02-03 10:15')", Date.UTC(2020, 1, 3), 'DATE NOT NULL'],
    ["CHAR_TO_TIME('yyyy-MM-dd HH:mm', '2020-02-03 10:15')", (10 * 60 + 15) * 60_000, 'TIME NOT NULL'],
    ["TIMESTAMP_TO_CHAR('yyyy-MM-dd HH:mm:ss.SSS', ts)", '2020-01-01 10:30:15.250', 'VARCHAR'],
    ["TIMESTAMP_TO_CHAR('EEE, d MMM yyyy', ROWTIME)", 'Wed, 1 Jan 2020', 'VARCHAR NOT NULL'],
    ["DATE_TO_CHAR('dd/MM/yyyy', d)", '01/01/2020', 'VARCHAR'],
    ["TIME_TO_CHAR('HH:mm', TIME '10:15:00')", '10:15', 'VARCHAR NOT NULL'],
    ["TIMESTAMP_TO_CHAR('yyyy', NULL)", null, 'VARCHAR'],
    ['MONOTONIC(ROWTIME)', T0 + HOUR, 'TIMESTAMP NOT NULL'],
  ])('%s = %p (%s)', (source, value, type) => check(source, value, type, stockRow({ ...rowOf(DEFAULT_ROW), SECTOR: null })));

  it('compiles a literal format once at analysis, a row-value format per distinct value', () => {
    const c = compile('CHAR_TO_TIMESTAMP(sector, ticker_symbol)');
    const rows = [
      ['yyyy', '2009'],
      ['yyyy-MM', '2009-02'],
      ['yyyy', '2010'],
    ].map(([s, t]) => stockRow({ SECTOR: s ?? null, TICKER_SYMBOL: t ?? null }));
    expect(rows.map((r) => c.evaluate(rowValues(r)))).toEqual([Date.UTC(2009, 0, 1), Date.UTC(2009, 1, 1), Date.UTC(2010, 0, 1)]);
    const formatError = errorMessageOf(() => compileSimpleDateFormat('yyyy-bb'));
    expect(formatError).toMatch(/^Invalid SimpleDateFormat pattern "yyyy-bb" at position 5: /);
    expect(analysisError("CHAR_TO_TIMESTAMP('yyyy-bb', sector)")).toBe(`1:19 ${formatError}`);
    expect(runtimeError('CHAR_TO_TIMESTAMP(sector, ticker_symbol)', stockRow({ SECTOR: 'yyyy-bb', TICKER_SYMBOL: '2009' }))).toMatch(
      /^INVALID_ARGUMENT: Invalid SimpleDateFormat pattern "yyyy-bb" at position 5: /,
    );
  });

  it('sends text the format cannot parse to error_stream (the reference: "no rows selected")', () => {
    expect(runtimeError("CHAR_TO_TIMESTAMP('MMM dd yyyy', 'March 7, 2010')")).toBe(
      "INVALID_CHARACTER_VALUE_FOR_CAST: Cannot parse 'March 7, 2010' as a TIMESTAMP with format 'MMM dd yyyy'",
    );
    expect(runtimeError("CHAR_TO_DATE('yyyy-MM-dd', 'x')")).toBe("INVALID_CHARACTER_VALUE_FOR_CAST: Cannot parse 'x' as a DATE with format 'yyyy-MM-dd'");
  });

  it('rejects wrong argument types', () => {
    expect(analysisError("TIMESTAMP_TO_CHAR(ts, 'yyyy')")).toBe(
      '1:19 Cannot apply TIMESTAMP_TO_CHAR to arguments of type TIMESTAMP_TO_CHAR(<TIMESTAMP>, <CHAR(4)>); expected TIMESTAMP_TO_CHAR(<CHARACTER> format, <TIMESTAMP>)',
    );
    expect(analysisError("TSDIFF('a', ts)")).toBe(
      "1:8 Cannot apply TSDIFF to arguments of type TSDIFF(<CHAR(1)>, <TIMESTAMP>); expected TSDIFF(<TIMESTAMP|BIGINT> start, <TIMESTAMP|BIGINT> end)",
    );
    expect(analysisError('EXTRACT(HOUR FROM d)')).toBe('1:1 Cannot extract HOUR from a DATE');
    expect(analysisError('TO_TIMESTAMP(ts)')).toBe('1:14 Cannot apply TO_TIMESTAMP to arguments of type TO_TIMESTAMP(<TIMESTAMP>); expected TO_TIMESTAMP(<BIGINT>)');
    expect(analysisError('MONOTONIC(NULL)')).toBe('1:11 Cannot infer the type of NULL as argument 1 of MONOTONIC; write CAST(NULL AS <type>)');
  });
});

function rowOf(row: readonly SqlValue[]): Record<string, SqlValue> {
  const names = ['TICKER_SYMBOL', 'SECTOR', 'CHANGE', 'PRICE', 'QTY', 'BIG', 'AMOUNT', 'RATE', 'TS', 'D', 'FLAG', 'LOG', 'Oid'];
  return Object.fromEntries(names.map((n, i) => [n, row[i] ?? null]));
}

describe('log parsing functions', () => {
  it('returns a ROW whose fields are read with .COLUMNn; NULL when the input does not match', () => {
    expect(run("REGEX_LOG_PARSE(log, '(\\S+) - (\\S+) .*').COLUMN2")).toBe('frank');
    expect(typeOf("REGEX_LOG_PARSE(log, '(\\S+) - (\\S+) .*').COLUMN2")).toBe('VARCHAR(1024)');
    expect(run("REGEX_LOG_PARSE('a b', '(\\S+) (\\S+)')")).toEqual({ COLUMN1: 'a', COLUMN2: 'b' });
    expect(typeOf("REGEX_LOG_PARSE('a b', '(\\S+) (\\S+)')")).toBe('ROW(COLUMN1 VARCHAR(1024), COLUMN2 VARCHAR(1024))');
    expect(run("REGEX_LOG_PARSE('a b c', '(\\S+) (\\S+)')")).toBeNull();
    expect(run("REGEX_LOG_PARSE(sector, '(\\S+)')", stockRow({}))).toBeNull();
    expect(run("W3C_LOG_PARSE(log, 'COMMON').COLUMN1")).toBe('127.0.0.1');
    expect(run("W3C_LOG_PARSE(log, 'COMMON').COLUMN6")).toBe('200');
    expect(run("VARIABLE_COLUMN_LOG_PARSE('a,b,c', 3, ',')")).toEqual({ COLUMN1: 'a', COLUMN2: 'b', COLUMN3: 'c' });
    expect(run("FAST_REGEX_LOG_PARSE('Mary_had_a_little_lamb', '(.*)_(._.*)_.*').COLUMN2")).toBe('a_little');
  });

  it('casts fields declared with other types from their text', () => {
    expect(run("REGEX_LOG_PARSE('404 missing', '(\\d+) (\\w+)', 'code INTEGER, \"Word\" VARCHAR(3)')")).toEqual({ CODE: 404, Word: 'mis' });
    expect(typeOf("REGEX_LOG_PARSE('404 missing', '(\\d+) (\\w+)', 'code INTEGER, \"Word\" VARCHAR(3)').code")).toBe('INTEGER');
    expect(
      run("FIXED_COLUMN_LOG_PARSE('10/Oct/2000:13:55:36 200', '\"name\" TYPE TIMESTAMP ''dd/MMM/yyyy:HH:mm:ss'' START 0 FOR 20, status TYPE INTEGER START 21 FOR 3')"),
    ).toEqual({ name: Date.UTC(2000, 9, 10, 13, 55, 36), STATUS: 200 });
    expect(runtimeError("REGEX_LOG_PARSE('x y', '(\\S+) (\\S+)', 'a INTEGER, b VARCHAR(3)')")).toBe("INVALID_CHARACTER_VALUE_FOR_CAST: Cannot cast 'x' to INTEGER");
  });

  it('requires literal arguments and reports invalid ones at analysis', () => {
    expect(analysisError('REGEX_LOG_PARSE(log, sector)')).toBe('1:22 Argument 2 of REGEX_LOG_PARSE must be a literal: the ROW it returns depends on it');
    expect(analysisError("VARIABLE_COLUMN_LOG_PARSE(log, 3, ',', NULL)")).toBe('1:40 Argument 4 of VARIABLE_COLUMN_LOG_PARSE must not be NULL');
    expect(analysisError("REGEX_LOG_PARSE(log, 'abc')")).toBe(
      '1:1 REGEX_LOG_PARSE: the regular expression "abc" has no capturing group, so the ROW would have no field',
    );
    expect(analysisError("REGEX_LOG_PARSE(log, '(a)', 'x INTEGER, y INTEGER')")).toBe(
      '1:1 REGEX_LOG_PARSE: the column list names 2 columns but the regular expression has 1 groups',
    );
    expect(analysisError('REGEX_LOG_PARSE(qty, \'(a)\')')).toBe(
      "1:17 Cannot apply REGEX_LOG_PARSE to arguments of type REGEX_LOG_PARSE(<INTEGER>, <CHAR(3)>); expected REGEX_LOG_PARSE(<CHARACTER> input, <CHARACTER> regex [, <CHARACTER> columns])",
    );
    expect(analysisError("SYS_LOG_PARSE(log)")).toBe('1:1 SYS_LOG_PARSE is not supported by this engine (its output format is not documented)');
  });
});

describe('calls that are not scalar functions', () => {
  it('reports unknown functions with close names', () => {
    const e = analysisErrorOf('UPPPER(sector)');
    expect(e.message).toBe('line 1, column 1: Unknown function UPPPER; did you mean UPPER?');
    expect(e.candidates).toEqual(['UPPER']);
    expect(e.length).toBe(6);
    expect(analysisError('FOO(1)')).toBe('1:1 Unknown function FOO');
    expect(analysisError('STDDEV(qty)')).toBe('1:1 Unknown function STDDEV; did you mean STD_DEV?');
    expect(analysisError('CHAR_TO_TIMESTMP(sector, sector)')).toBe('1:1 Unknown function CHAR_TO_TIMESTMP; did you mean CHAR_TO_TIMESTAMP?');
    expect(analysisError('my.fn(1)')).toBe('1:1 Unknown function MY.FN');
    expect(analysisError('"upper"(sector)')).toBe('1:1 Unknown function "upper"; did you mean UPPER?');
  });

  it('points table functions to FROM TABLE(...) and rejects aggregate syntax on scalar functions', () => {
    expect(analysisError('TOP_K_ITEMS_TUMBLING(1)')).toBe(
      '1:1 TOP_K_ITEMS_TUMBLING is a table function: call it in FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM ...), ...))',
    );
    expect(analysisError('UPPER(sector) OVER w')).toBe('1:20 OVER can only follow an aggregate or analytic function; UPPER is a scalar function');
    expect(analysisError('UPPER(*)')).toBe('1:1 UPPER(*) is not valid: only COUNT accepts *');
    expect(analysisError('UPPER(DISTINCT sector)')).toBe('1:1 DISTINCT is only valid in an aggregate function, not in UPPER');
    expect(analysisError('UPPER(sector) IGNORE NULLS')).toBe('1:1 IGNORE NULLS is only valid after FIRST_VALUE, LAST_VALUE, LAG or NTH_VALUE, not UPPER');
  });
});
