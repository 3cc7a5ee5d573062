import { Decimal, Interval, SqlValue } from '../../../../../lambda/engine/sql/types';
import { SqlRuntimeError } from '../../../../../lambda/engine/sql/functions/numeric';
import { DEFAULT_ROW, T0, analysisError, compile, rowValues, run, runtimeError, stockRow, typeOf } from './helpers';

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('arithmetic', () => {
  it.each<[string, SqlValue, string]>([
    ['qty + 1', 8, 'INTEGER'],
    ['qty - 10', -3, 'INTEGER'],
    ['qty * 3', 21, 'INTEGER'],
    ['qty / 2', 3, 'INTEGER'],
    ['-qty / 2', -3, 'INTEGER'],
    ['-qty % 3', -1, 'INTEGER'],
    ['qty % -3', 1, 'INTEGER'],
    ['2147483647 + 1', -2147483648, 'INTEGER NOT NULL'],
    ['qty * 2147483647', 2147483641, 'INTEGER'],
    ['-(-2147483647 - 1)', -2147483648, 'INTEGER NOT NULL'],
    ['(-2147483647 - 1) / -1', -2147483648, 'INTEGER NOT NULL'],
    ['CAST(32767 AS SMALLINT) + CAST(1 AS SMALLINT)', -32768, 'SMALLINT NOT NULL'],
    ['CAST(100 AS TINYINT) * CAST(3 AS TINYINT)', 44, 'TINYINT NOT NULL'],
    ['CAST(1 AS SMALLINT) + CAST(1 AS TINYINT)', 2, 'SMALLINT NOT NULL'],
    ['big + qty', 17n, 'BIGINT'],
    ['9223372036854775807 + 1', -9223372036854775808n, 'BIGINT NOT NULL'],
    ['big / 3', 3n, 'BIGINT'],
    ['-big % 3', -1n, 'BIGINT'],
    ['rate * 3', 0.75, 'DOUBLE'],
    ['1e0 / 3', 1 / 3, 'DOUBLE NOT NULL'],
    ['price + 0.1', Math.fround(12.6), 'REAL'],
    ['price * qty', 87.5, 'REAL'],
    ['rate + price', 12.75, 'DOUBLE'],
    ['1.5 + 2.25', new Decimal(375n, 2), 'DECIMAL(4,2) NOT NULL'],
    ['1 / 3.0', new Decimal(333333n, 6), 'DECIMAL(17,6) NOT NULL'],
    ['amount * 2', new Decimal(700n, 2), 'DECIMAL(19,2)'],
    ['amount + big', new Decimal(1350n, 2), 'DECIMAL(19,2)'],
    ['-amount', new Decimal(-350n, 2), 'DECIMAL(10,2)'],
    ['+qty', 7, 'INTEGER'],
  ])('%s = %p (%s)', (source, value, type) => {
    expect(run(source, stockRow({ ...Object.fromEntries(STOCK_DEFAULTS), AMOUNT: new Decimal(350n, 2) }))).toEqual(value);
    expect(typeOf(source)).toBe(type);
  });

  it('propagates NULL', () => {
    const row = stockRow({});
    for (const source of ['qty + 1', 'big * 2', 'rate / 2', 'amount - 1', 'price % 2', '-qty', 'qty + NULL', 'NULL * rate']) {
      expect(run(source, row)).toBeNull();
    }
  });

  it('raises DIVISION_BY_ZERO for every numeric type, even REAL and DOUBLE', () => {
    for (const source of ['qty / 0', 'qty % 0', 'big / 0', 'big % 0', 'price / 0', 'rate % 0', 'amount / 0', '1.5 % 0.0', 'INTERVAL \'1\' DAY / 0']) {
      expect(runtimeError(source, stockRow({ ...Object.fromEntries(STOCK_DEFAULTS), AMOUNT: new Decimal(350n, 2) }))).toBe('DIVISION_BY_ZERO: Division by zero');
    }
    const c = compile('qty / (qty - 7)');
    expect(() => c.evaluate(rowValues())).toThrow(SqlRuntimeError);
  });

  it('rejects operands that are not numbers, with the operator and both types', () => {
    expect(analysisError("'a' + 1")).toBe("1:1 Cannot apply '+' to arguments of type <CHAR(1)> + <INTEGER>");
    expect(analysisError('qty * ticker_symbol')).toBe("1:1 Cannot apply '*' to arguments of type <INTEGER> * <VARCHAR(4)>");
    expect(analysisError('ts + 1')).toBe("1:1 Cannot apply '+' to arguments of type <TIMESTAMP> + <INTEGER>");
    expect(analysisError('qty + (flag - 1)')).toBe("1:8 Cannot apply '-' to arguments of type <BOOLEAN> - <INTEGER>");
    expect(analysisError("-'a'")).toBe("1:1 Cannot apply '-' to arguments of type <CHAR(1)>");
    expect(analysisError('NULL + NULL')).toBe('1:1 Cannot infer the types of NULL + NULL; write CAST(NULL AS <type>)');
    expect(analysisError('-NULL')).toBe('1:1 Cannot infer the types of -NULL; write CAST(NULL AS <type>)');
    expect(analysisError('99999999999999999999')).toBe(
      '1:1 Numeric literal 99999999999999999999 has 20 digits; exact numbers have at most 19 (write it with an exponent for a DOUBLE)',
    );
  });

  it('types literals: INTEGER, BIGINT beyond 32 bits, DECIMAL(p,s), DOUBLE, CHAR(n), BINARY(n)', () => {
    expect(typeOf('2147483647')).toBe('INTEGER NOT NULL');
    expect(typeOf('2147483648')).toBe('BIGINT NOT NULL');
    expect(typeOf('123456789012345678.9')).toBe('DECIMAL(19,1) NOT NULL');
    expect(typeOf('0.05')).toBe('DECIMAL(2,2) NOT NULL');
    expect(typeOf('.5')).toBe('DECIMAL(1,1) NOT NULL');
    expect(typeOf('1.50')).toBe('DECIMAL(3,2) NOT NULL');
    expect(typeOf('1e-3')).toBe('DOUBLE NOT NULL');
    expect(typeOf("'abc'")).toBe('CHAR(3) NOT NULL');
    expect(typeOf("X'0AFF'")).toBe('BINARY(2) NOT NULL');
    expect(run("X'0AFF'")).toEqual(new Uint8Array([10, 255]));
    expect(typeOf('TRUE')).toBe('BOOLEAN NOT NULL');
    expect(typeOf('UNKNOWN')).toBe('BOOLEAN');
    expect(typeOf("DATE '2020-01-02'")).toBe('DATE NOT NULL');
    expect(typeOf("TIME '10:00:00'")).toBe('TIME NOT NULL');
    expect(typeOf("INTERVAL '1:30' HOUR TO MINUTE")).toBe('INTERVAL HOUR TO MINUTE NOT NULL');
    expect(compile('-1.5').constant).toEqual({ value: new Decimal(-15n, 1) });
    expect(compile('qty').constant).toBeUndefined();
  });
});

const STOCK_DEFAULTS: [string, SqlValue][] = [
  ['TICKER_SYMBOL', 'AMZN'],
  ['PRICE', 12.5],
  ['QTY', 7],
  ['BIG', 10n],
  ['RATE', 0.25],
  ['TS', T0],
  ['FLAG', true],
];

describe('comparison', () => {
  it.each<[string, boolean | null]>([
    ['qty > 5', true],
    ['qty = 7.0', true],
    ['qty <> 7', false],
    ['price = 12.5', true],
    ['price >= qty', true],
    ['big > qty', true],
    ['big = 10', true],
    ['amount < 1', null],
    ["ticker_symbol = 'AMZN'", true],
    ["ticker_symbol = 'AMZN '", true], // CHAR comparison pads with spaces
    ["ticker_symbol < sector", true],
    ["'ab' = 'ab '", true],
    ["ts < TIMESTAMP '2020-01-02 00:00:00'", true],
    ['d = ts', false],
    ['d < ts', true],
    ['flag = TRUE', true],
    ['qty <> NULL', null],
    ['NULL = NULL', null],
    ["CAST('NaN' AS DOUBLE) = CAST('NaN' AS DOUBLE)", false],
    ["CAST('NaN' AS DOUBLE) <> CAST('NaN' AS DOUBLE)", true],
    ["INTERVAL '1' HOUR < INTERVAL '61' MINUTE", true],
  ])('%s is %p', (source, value) => {
    expect(run(source)).toBe(value);
  });

  it('types comparisons BOOLEAN, nullable when an operand is', () => {
    expect(typeOf('qty > 5')).toBe('BOOLEAN');
    expect(typeOf('1 > 5')).toBe('BOOLEAN NOT NULL');
  });

  it('rejects comparing types that are not comparable, without implicit conversion of strings', () => {
    expect(analysisError("ts = 'x'")).toBe('1:1 Cannot compare values of types <TIMESTAMP> and <CHAR(1)>');
    expect(analysisError('ticker_symbol < 1')).toBe('1:1 Cannot compare values of types <VARCHAR(4)> and <INTEGER>');
    expect(analysisError('flag = 1')).toBe('1:1 Cannot compare values of types <BOOLEAN> and <INTEGER>');
    expect(analysisError("INTERVAL '1' DAY = INTERVAL '1' MONTH")).toBe('1:1 Cannot compare values of types <INTERVAL> and <INTERVAL>');
  });
});

describe('logic', () => {
  it.each<[string, boolean | null]>([
    ['TRUE AND UNKNOWN', null],
    ['FALSE AND UNKNOWN', false],
    ['UNKNOWN AND FALSE', false],
    ['TRUE AND TRUE', true],
    ['TRUE OR UNKNOWN', true],
    ['UNKNOWN OR TRUE', true],
    ['FALSE OR UNKNOWN', null],
    ['FALSE OR FALSE', false],
    ['NOT UNKNOWN', null],
    ['NOT TRUE', false],
    ['NULL AND FALSE', false],
    ['NULL OR TRUE', true],
    ['NOT NULL', null],
  ])('%s is %p', (source, value) => {
    expect(run(source)).toBe(value);
  });

  it('requires BOOLEAN operands', () => {
    expect(analysisError('qty AND flag')).toBe('1:1 Cannot apply AND to arguments of type <INTEGER> AND <BOOLEAN>; expected BOOLEAN operands');
    expect(analysisError("flag OR 'x'")).toBe('1:1 Cannot apply OR to arguments of type <BOOLEAN> OR <CHAR(1)>; expected BOOLEAN operands');
    expect(analysisError('NOT qty')).toBe('1:1 Cannot apply NOT to an operand of type INTEGER; expected BOOLEAN');
  });

  it.each<[string, boolean | null]>([
    ['qty IS NULL', false],
    ['qty IS NOT NULL', true],
    ['NULL IS NULL', true],
    ['flag IS TRUE', true],
    ['flag IS NOT TRUE', false],
    ['(qty > 10) IS FALSE', true],
    ['(qty > NULL) IS UNKNOWN', true],
    ['(qty > NULL) IS NOT UNKNOWN', false],
    ['qty IS DISTINCT FROM NULL', true],
    ['qty IS DISTINCT FROM 7', false],
    ['qty IS NOT DISTINCT FROM 7.0', true],
    ['NULL IS NOT DISTINCT FROM NULL', true],
  ])('%s is %p (never UNKNOWN)', (source, value) => {
    expect(run(source)).toBe(value);
    expect(typeOf(source)).toBe('BOOLEAN NOT NULL');
  });

  it('rejects IS TRUE on non-booleans and IS DISTINCT FROM on incomparable types', () => {
    expect(analysisError('qty IS TRUE')).toBe('1:1 Cannot apply IS TRUE to an operand of type INTEGER; expected BOOLEAN');
    expect(analysisError('qty IS NOT UNKNOWN')).toBe('1:1 Cannot apply IS NOT UNKNOWN to an operand of type INTEGER; expected BOOLEAN');
    expect(analysisError("qty IS DISTINCT FROM 'a'")).toBe('1:1 Cannot compare values of types <INTEGER> and <CHAR(1)>');
  });
});

describe('predicates', () => {
  it.each<[string, boolean | null]>([
    ['qty BETWEEN 1 AND 7', true],
    ['qty BETWEEN 8 AND 10', false],
    ['qty NOT BETWEEN 1 AND 6', true],
    ['qty BETWEEN NULL AND 10', null],
    ['qty BETWEEN 8 AND NULL', false],
    ["'b' BETWEEN 'a' AND 'c'", true],
    ['price BETWEEN 12 AND 12.5', true],
    ['qty IN (1, 7)', true],
    ['qty IN (1, 2)', false],
    ['qty IN (1, NULL)', null],
    ['qty IN (7, NULL)', true],
    ['qty NOT IN (1, NULL)', null],
    ['qty NOT IN (1, 2)', true],
    ['qty NOT IN (7, 2)', false],
    ['NULL IN (1, 2)', null],
    ["ticker_symbol IN ('GOOG', 'AMZN')", true],
  ])('%s is %p', (source, value) => {
    expect(run(source)).toBe(value);
  });

  it('rejects incomparable BETWEEN bounds and IN values, at the value', () => {
    expect(analysisError("qty BETWEEN 'a' AND 2")).toBe('1:1 Cannot compare values of types <INTEGER> and <CHAR(1)>');
    expect(analysisError("qty IN (1, 'a')")).toBe('1:12 Cannot compare values of types <INTEGER> and <CHAR(1)>');
  });

  it.each<[string, boolean | null]>([
    ["ticker_symbol LIKE 'AM%'", true],
    ["ticker_symbol LIKE 'am%'", false],
    ["ticker_symbol NOT LIKE 'A_Z_'", false],
    ["ticker_symbol LIKE '_MZ'", false],
    ["'a%b' LIKE 'a\\%b' ESCAPE '\\'", true],
    ["'axb' LIKE 'a\\%b' ESCAPE '\\'", false],
    ["ticker_symbol LIKE NULL", null],
    ['ticker_symbol LIKE sector', false],
    ["ticker_symbol SIMILAR TO '(AMZN|GOOG)'", true],
    ["ticker_symbol SIMILAR TO 'A[A-Z]{3}'", true],
    ["ticker_symbol NOT SIMILAR TO 'A[a-z]+'", true],
    ["'a.c' SIMILAR TO 'a.c'", true],
    ["'abc' SIMILAR TO 'a.c'", false],
  ])('%s is %p', (source, value) => {
    expect(run(source)).toBe(value);
  });

  it('matches LIKE patterns that are row values, compiling each distinct pattern once', () => {
    const c = compile('ticker_symbol LIKE sector');
    const rows = ['AM%', '%N', 'G%', null].map((p) => stockRow({ TICKER_SYMBOL: 'AMZN', SECTOR: p }));
    expect(rows.map((r) => c.evaluate(rowValues(r)))).toEqual([true, true, false, null]);
    const e = compile("ticker_symbol LIKE sector ESCAPE '!'");
    expect(() => e.evaluate(rowValues(stockRow({ TICKER_SYMBOL: 'AMZN', SECTOR: 'a!b' })))).toThrow("Invalid escape sequence in LIKE pattern 'a!b'");
  });

  it('reports an invalid literal pattern at analysis, where it is written', () => {
    expect(analysisError("ticker_symbol LIKE 'a' ESCAPE 'xy'")).toBe("1:31 Invalid escape character 'xy': it must be exactly one character");
    expect(analysisError("ticker_symbol LIKE 'a!b' ESCAPE '!'")).toBe("1:20 Invalid escape sequence in LIKE pattern 'a!b'");
    expect(analysisError("ticker_symbol SIMILAR TO '[b-a]'")).toBe("1:26 Invalid SIMILAR TO pattern '[b-a]': bad range b-a");
    expect(analysisError("qty LIKE 'a'")).toBe('1:1 The operand of LIKE must be a character string, not INTEGER');
    expect(analysisError('ticker_symbol LIKE qty')).toBe('1:20 The pattern of LIKE must be a character string, not INTEGER');
  });
});

describe('concatenation', () => {
  it('concatenates character strings, typing by the lengths', () => {
    expect(run("ticker_symbol || '-' || sector")).toBe('AMZN-RETAIL');
    expect(typeOf("ticker_symbol || '-' || sector")).toBe('VARCHAR(21)');
    expect(typeOf("'a' || 'bc'")).toBe('CHAR(3) NOT NULL');
    expect(run("NULL || 'a'")).toBeNull();
    expect(run("sector || 'x'", stockRow({}))).toBeNull();
    expect(analysisError("qty || 'a'")).toBe("1:1 Cannot apply '||' to arguments of type <INTEGER> || <CHAR(1)>");
  });
});

describe('CASE, COALESCE, NULLIF', () => {
  it('evaluates searched and simple CASE to the common type of the branches', () => {
    expect(run("CASE WHEN qty > 5 THEN 'big' ELSE 'small' END")).toBe('big  '); // CHAR(5), as Calcite types it
    expect(typeOf("CASE WHEN qty > 5 THEN 'big' ELSE 'small' END")).toBe('CHAR(5) NOT NULL');
    expect(run("CASE WHEN qty > 5 THEN ticker_symbol ELSE 'small' END")).toBe('AMZN');
    expect(typeOf("CASE WHEN qty > 5 THEN ticker_symbol ELSE 'small' END")).toBe('VARCHAR(5)');
    expect(run('CASE WHEN qty > 10 THEN 1 END')).toBeNull();
    expect(typeOf('CASE WHEN qty > 10 THEN 1 END')).toBe('INTEGER');
    expect(run('CASE WHEN flag THEN qty ELSE 2.5 END')).toEqual(new Decimal(70n, 1));
    expect(typeOf('CASE WHEN flag THEN qty ELSE 2.5 END')).toBe('DECIMAL(11,1)');
    expect(run('CASE WHEN flag THEN big ELSE qty END', stockRow({ FLAG: false, QTY: 3 }))).toBe(3n);
    expect(run("CASE qty WHEN 1 THEN 'one' WHEN 7 THEN 'seven' END")).toBe('seven');
    expect(run("CASE qty WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END")).toBe('many');
    expect(run("CASE NULL WHEN 1 THEN 'one' ELSE 'else' END")).toBe('else');
    expect(run('CASE WHEN flag THEN NULL ELSE qty END')).toBeNull();
    expect(run('CASE WHEN UNKNOWN THEN 1 ELSE 2 END')).toBe(2);
  });

  it('rejects non-boolean conditions, incompatible branches and all-NULL branches', () => {
    expect(analysisError('CASE WHEN qty THEN 1 END')).toBe('1:11 A CASE WHEN condition must be BOOLEAN, not INTEGER');
    expect(analysisError("CASE WHEN flag THEN 1 ELSE 'a' END")).toBe('1:1 Cannot find a common type for INTEGER, CHAR(1)');
    expect(analysisError('CASE WHEN flag THEN NULL END')).toBe('1:1 Cannot infer the type of CASE: every value is NULL; write CAST(NULL AS <type>)');
    expect(analysisError("CASE qty WHEN 'a' THEN 1 END")).toBe('1:15 Cannot compare values of types <INTEGER> and <CHAR(1)>');
  });

  it('returns the first non-NULL COALESCE argument in the common type', () => {
    expect(run('COALESCE(NULL, qty)')).toBe(7);
    expect(typeOf('COALESCE(NULL, qty)')).toBe('INTEGER');
    expect(typeOf('COALESCE(qty, 0)')).toBe('INTEGER NOT NULL');
    expect(run('COALESCE(big, qty)', stockRow({ QTY: 3 }))).toBe(3n);
    expect(run('COALESCE(qty, rate)', stockRow({ QTY: 3 }))).toBe(3);
    expect(typeOf('COALESCE(qty, rate)')).toBe('DOUBLE');
    expect(run('COALESCE(amount, 1)', stockRow({}))).toEqual(new Decimal(100n, 2));
    expect(analysisError('COALESCE(NULL, NULL)')).toBe('1:1 Cannot infer the type of COALESCE: every value is NULL; write CAST(NULL AS <type>)');
    expect(analysisError('COALESCE()')).toBe('1:1 Invalid number of arguments to COALESCE: expected at least 1 but got 0');
    expect(analysisError("COALESCE(qty, 'a')")).toBe('1:1 Cannot find a common type for INTEGER, CHAR(1)');
  });

  it('gives NULL from NULLIF when the arguments are equal', () => {
    expect(run('NULLIF(qty, 7)')).toBeNull();
    expect(run('NULLIF(qty, 8)')).toBe(7);
    expect(typeOf('NULLIF(1, 8)')).toBe('INTEGER');
    expect(analysisError("NULLIF(qty, 'a')")).toBe('1:1 Cannot compare values of types <INTEGER> and <CHAR(1)>');
    expect(analysisError('NULLIF(qty)')).toBe('1:1 Invalid number of arguments to NULLIF: expected 2 but got 1');
  });
});

describe('lazy evaluation', () => {
  it('does not evaluate untaken CASE branches or conditions after the chosen one', () => {
    expect(run('CASE WHEN qty = 7 THEN 0 ELSE 1 / (qty - 7) END')).toBe(0);
    expect(run('CASE WHEN qty = 7 THEN 1 WHEN 1 / 0 = 1 THEN 2 END')).toBe(1);
    expect(run('CASE qty WHEN 7 THEN 1 WHEN 1 / 0 THEN 2 END')).toBe(1);
    expect(runtimeError('CASE WHEN qty = 8 THEN 0 ELSE 1 / (qty - 7) END')).toBe('DIVISION_BY_ZERO: Division by zero');
  });

  it('stops COALESCE at the first non-NULL argument', () => {
    expect(run('COALESCE(qty, 1 / 0)')).toBe(7);
    expect(runtimeError('COALESCE(qty, 1 / 0)', stockRow({}))).toBe('DIVISION_BY_ZERO: Division by zero');
  });

  it('short-circuits AND on FALSE and OR on TRUE, left to right', () => {
    const zero = stockRow({ QTY: 0 });
    expect(run('qty = 0 OR 10 / qty > 1', zero)).toBe(true);
    expect(run('qty <> 0 AND 10 / qty > 1', zero)).toBe(false);
    expect(runtimeError('qty = 0 AND 10 / qty > 1', zero)).toBe('DIVISION_BY_ZERO: Division by zero');
    expect(run('qty IN (0, 1 / qty)', zero)).toBe(true);
  });
});

describe('CAST', () => {
  it.each<[string, SqlValue, string]>([
    ['CAST(qty AS VARCHAR(5))', '7', 'VARCHAR(5)'],
    ["CAST('12' AS INTEGER)", 12, 'INTEGER NOT NULL'],
    ['CAST(price AS DECIMAL(5,2))', new Decimal(1250n, 2), 'DECIMAL(5,2)'],
    ['CAST(price AS INTEGER)', 13, 'INTEGER'],
    ['CAST(qty AS DOUBLE)', 7, 'DOUBLE'],
    ['CAST(qty AS BIGINT)', 7n, 'BIGINT'],
    ['CAST(ts AS DATE)', Date.UTC(2020, 0, 1), 'DATE'],
    ['CAST(ts AS VARCHAR(30))', '2020-01-01 10:30:15.250', 'VARCHAR(30)'],
    ['CAST(NULL AS INTEGER)', null, 'INTEGER'],
    ["CAST('1:30' AS INTERVAL HOUR TO MINUTE)", new Interval('DAY_TIME', 5_400_000), 'INTERVAL HOUR TO MINUTE NOT NULL'],
    ["CAST(INTERVAL '90' MINUTE AS BIGINT)", 90n, 'BIGINT NOT NULL'],
    ["CAST(INTERVAL '90' MINUTE AS INTERVAL HOUR)", new Interval('DAY_TIME', 3_600_000), 'INTERVAL HOUR NOT NULL'],
    ["CASE WHEN flag THEN INTERVAL '2' DAY ELSE INTERVAL '1 12' DAY TO HOUR END", new Interval('DAY_TIME', 2 * 86_400_000), 'INTERVAL DAY TO HOUR NOT NULL'],
    ["CAST(ticker_symbol AS CHAR(6))", 'AMZN  ', 'CHAR(6)'],
  ])('%s = %p (%s)', (source, value, type) => {
    expect(run(source)).toEqual(value);
    expect(typeOf(source)).toBe(type);
  });

  it('rejects conversions the reference does not allow and fails per row on bad text', () => {
    expect(analysisError('CAST(ts AS BOOLEAN)')).toBe('1:1 Cast function cannot convert value of type TIMESTAMP to type BOOLEAN');
    expect(runtimeError("CAST('x' AS INTEGER)")).toBe("INVALID_CHARACTER_VALUE_FOR_CAST: Cannot cast 'x' to INTEGER");
    expect(runtimeError('CAST(big * 1000000000000 AS INTEGER)')).toBe('NUMERIC_VALUE_OUT_OF_RANGE: Numeric value out of range for type INTEGER');
  });
});

describe('datetime and interval arithmetic', () => {
  it.each<[string, SqlValue, string]>([
    ["ts + INTERVAL '1' HOUR", T0 + HOUR, 'TIMESTAMP'],
    ["INTERVAL '1' HOUR + ts", T0 + HOUR, 'TIMESTAMP'],
    ["ts - INTERVAL '1' MONTH", Date.UTC(2019, 11, 1, 10, 30, 15, 250), 'TIMESTAMP'],
    ["d + INTERVAL '25' HOUR", Date.UTC(2020, 0, 2), 'DATE'],
    ["INTERVAL '1' DAY - INTERVAL '3 4' DAY TO HOUR", new Interval('DAY_TIME', -(2 * DAY + 4 * HOUR)), 'INTERVAL DAY TO HOUR NOT NULL'],
    ["2 * INTERVAL '3 4' DAY TO HOUR", new Interval('DAY_TIME', 6 * DAY + 8 * HOUR), 'INTERVAL DAY TO HOUR NOT NULL'],
    ["INTERVAL '3 4' DAY TO HOUR / 2", new Interval('DAY_TIME', DAY + 14 * HOUR), 'INTERVAL DAY TO HOUR NOT NULL'],
    ["-INTERVAL '2' DAY", new Interval('DAY_TIME', -2 * DAY), 'INTERVAL DAY NOT NULL'],
    ["ts - TIMESTAMP '2020-01-01 00:00:00'", new Interval('DAY_TIME', 37_815_250), 'INTERVAL DAY TO SECOND'],
    ["(ts - TIMESTAMP '2020-01-01 00:00:00') MINUTE", new Interval('DAY_TIME', 37_800_000), 'INTERVAL MINUTE'],
    ["(ts - TIMESTAMP '2019-11-15 00:00:00') MONTH", new Interval('YEAR_MONTH', 1), 'INTERVAL MONTH'],
    ["(TIMESTAMP '2020-01-01 00:00:00' - ts) HOUR TO MINUTE", new Interval('DAY_TIME', -37_800_000), 'INTERVAL HOUR TO MINUTE'],
    [
      "FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND / 10 TO SECOND)",
      new Interval('DAY_TIME', Math.floor((T0 + HOUR) / 10 / 1000) * 1000),
      'INTERVAL SECOND NOT NULL',
    ],
  ])('%s = %p (%s)', (source, value, type) => {
    expect(run(source)).toEqual(value);
    expect(typeOf(source)).toBe(type);
  });

  it('rejects (a - b) unit on anything but a difference of datetimes', () => {
    expect(analysisError("(qty - TIMESTAMP '2020-01-01 00:00:00') SECOND")).toBe('1:1 Cannot subtract TIMESTAMP from INTEGER as INTERVAL SECOND');
    expect(analysisError('(qty) SECOND')).toBe('1:1 Expected the difference of two datetimes, (a - b), before SECOND');
    expect(analysisError("INTERVAL '1' DAY + INTERVAL '1' MONTH")).toBe("1:1 Cannot apply '+' to arguments of type <INTERVAL> + <INTERVAL>");
  });

  it('reads CURRENT_ROW_TIMESTAMP and the query start time from RowValues', () => {
    expect(run('CURRENT_ROW_TIMESTAMP')).toBe(Date.UTC(2021, 5, 1, 12));
    expect(run('CURRENT_TIMESTAMP')).toBe(Date.UTC(2021, 5, 1, 8, 15, 30, 5));
    expect(run('LOCALTIMESTAMP')).toBe(Date.UTC(2021, 5, 1, 8, 15, 30, 5));
    expect(run('CURRENT_DATE')).toBe(Date.UTC(2021, 5, 1));
    expect(run('CURRENT_TIME')).toBe(((8 * 60 + 15) * 60 + 30) * 1000 + 5);
    expect(run('LOCALTIME')).toBe(((8 * 60 + 15) * 60 + 30) * 1000 + 5);
    expect(typeOf('CURRENT_ROW_TIMESTAMP')).toBe('TIMESTAMP NOT NULL');
    expect(typeOf('CURRENT_DATE')).toBe('DATE NOT NULL');
    expect(run('TSDIFF(ROWTIME, CURRENT_ROW_TIMESTAMP)')).toBe(BigInt(Date.UTC(2021, 5, 1, 12) - (T0 + HOUR)));
    expect(() => compile('CURRENT_ROW_TIMESTAMP').evaluate({ rows: [DEFAULT_ROW] })).toThrow(
      'RowValues.currentRowTimestamp is not set, but the expression reads CURRENT_ROW_TIMESTAMP',
    );
    expect(() => compile('CURRENT_DATE').evaluate({ rows: [DEFAULT_ROW] })).toThrow(
      'RowValues.queryStartTimestamp is not set, but the expression reads CURRENT_DATE',
    );
  });
});

describe('unsupported expression forms', () => {
  it('reports subqueries, subscripts and cursors', () => {
    expect(analysisError('qty IN (SELECT STREAM a FROM s)')).toBe('1:1 Subqueries are not supported in expressions; join the streams in FROM instead');
    expect(analysisError('1 + (SELECT STREAM a FROM s)')).toBe('1:5 Subqueries are not supported in expressions; join the streams in FROM instead');
    expect(analysisError('log[1]')).toBe('1:1 Subscripts (x[i]) are not supported: KDA SQL has no ARRAY or MAP values');
    expect(analysisError('CURSOR(SELECT STREAM * FROM s)')).toBe('1:1 CURSOR(...) is only allowed as an argument of a table function in FROM TABLE(...)');
  });
});
