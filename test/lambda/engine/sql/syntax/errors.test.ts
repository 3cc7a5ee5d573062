import { SqlSyntaxError, formatSqlError } from '../../../../../lambda/engine/sql/syntax/errors';
import { parseApplication, parseExpression, parseQuery } from '../../../../../lambda/engine/sql/syntax/parser';
import { appError, exprError, syntaxError } from './helpers';

/** The error of a query: `SELECT STREAM ... FROM s <clause>`. */
const queryError = (source: string): string => syntaxError(() => parseQuery(source)).message;

describe('the error object', () => {
  it('carries the place, the offending token, what was expected and the token length', () => {
    const source = `SELECT STREAM ticker_symbol,
              price
         FORM "SOURCE_SQL_STREAM_001"`;
    const err = syntaxError(() => parseApplication(source));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('SqlSyntaxError');
    expect(err.message).toBe("line 3, column 10: expected FROM but found 'FORM'");
    expect([err.line, err.column, err.offset, err.length, err.found, err.expected, err.detail]).toEqual([
      3,
      10,
      58,
      4,
      "'FORM'",
      ['FROM'],
      "expected FROM but found 'FORM'",
    ]);
  });

  it('reports the brief\'s example at line 3, column 15', () => {
    const source = 'CREATE OR REPLACE PUMP p AS INSERT INTO d\n  SELECT STREAM a,\n         b, c FORM "SOURCE_SQL_STREAM_001";';
    expect(appError(source)).toBe("line 3, column 15: expected FROM but found 'FORM'");
  });
});

describe('which error is reported', () => {
  it('is the first in the text, even when a token the parser looked ahead at is malformed', () => {
    // Deciding whether b is an alias means looking at the token after it, an unterminated string.
    expect(appError("SELECT STREAM a b 'abc")).toBe("line 1, column 17: expected FROM but found 'b'");
    expect(appError("SELECT STREAM a 'abc")).toBe('line 1, column 17: unterminated string literal');
    // Here `s t` is fine (t is an alias), so the malformed number is the first error.
    expect(appError('SELECT STREAM a FROM s t 12abc')).toBe("line 1, column 26: malformed number '12abc'");
  });
});

describe('statements', () => {
  it.each([
    ['INSERT INTO x SELECT * FROM y', "line 1, column 1: expected CREATE or SELECT but found 'INSERT'"],
    ['CREATE TABLE t (a INT)', "line 1, column 8: expected OR REPLACE, STREAM or PUMP but found 'TABLE'"],
    ['CREATE OR STREAM s (a INT)', "line 1, column 11: expected REPLACE but found 'STREAM'"],
    ['CREATE OR REPLACE VIEW v', "line 1, column 19: expected STREAM or PUMP but found 'VIEW'"],
    ['CREATE STREAM a (x INT)\nCREATE STREAM b (y INT)', "line 2, column 1: expected DESCRIPTION or ';' but found 'CREATE'"],
    ["CREATE STREAM a (x INT) DESCRIPTION 'd' x", "line 1, column 41: expected ';' but found 'x'"],
    ['SELECT STREAM * FROM a\nCREATE STREAM b (y INT)', "line 2, column 1: expected ';' but found 'CREATE'"],
    ['CREATE STREAM (a INT)', "line 1, column 15: expected a stream name but found '('"],
    ['CREATE STREAM a. (x INT)', "line 1, column 18: expected an identifier but found '('"],
    ['CREATE STREAM s a INT', "line 1, column 17: expected '(' but found 'a'"],
    ['CREATE STREAM s (1 INT)', "line 1, column 18: expected a column name but found '1'"],
    ['CREATE STREAM s (a INTEGR)', "line 1, column 20: expected a data type but found 'INTEGR'"],
    ["CREATE STREAM s (a 'INT')", "line 1, column 20: expected a data type but found string 'INT'"],
    ['CREATE STREAM s (a INT NOT)', "line 1, column 27: expected NULL but found ')'"],
    ['CREATE STREAM s (a INT b INT)', "line 1, column 24: expected NOT NULL, ',' or ')' but found 'b'"],
    ['CREATE STREAM s (a INT NOT NULL b INT)', "line 1, column 33: expected ',' or ')' but found 'b'"],
    ['CREATE STREAM s (a INT NULL b INT)', "line 1, column 29: expected ',' or ')' but found 'b'"],
    ['CREATE STREAM s (a INT,)', "line 1, column 24: expected a column name but found ')'"],
    ['CREATE STREAM s (a INT', "line 1, column 23: expected NOT NULL, ',' or ')' but found end of input"],
    ['CREATE STREAM s (a VARCHAR(x))', "line 1, column 28: expected a length but found 'x'"],
    ['CREATE STREAM s (a VARCHAR(4.5))', "line 1, column 28: expected a length but found '4.5'"],
    ['CREATE STREAM s (a VARCHAR(99999999999999999999))', 'line 1, column 28: 99999999999999999999 is too large'],
    ['CREATE STREAM s (a VARCHAR(4', "line 1, column 29: expected ')' but found end of input"],
    ['CREATE STREAM s (a DECIMAL(5,))', "line 1, column 30: expected a scale but found ')'"],
    ['CREATE STREAM s (a DECIMAL(5 2))', "line 1, column 30: expected ',' or ')' but found '2'"],
    ['CREATE STREAM s (a INT) DESCRIPTION note', "line 1, column 37: expected a string but found 'note'"],
    ['CREATE PUMP p INSERT INTO s SELECT * FROM t', "line 1, column 15: expected DESCRIPTION or AS but found 'INSERT'"],
    ["CREATE PUMP p DESCRIPTION 'x' INSERT", "line 1, column 31: expected AS but found 'INSERT'"],
    ['CREATE PUMP p AS SELECT * FROM t', "line 1, column 18: expected INSERT but found 'SELECT'"],
    ['CREATE PUMP p AS INSERT s SELECT * FROM t', "line 1, column 25: expected INTO but found 's'"],
    ['CREATE PUMP p AS INSERT INTO SELECT * FROM t', "line 1, column 30: expected a stream name but found 'SELECT'"],
    ['CREATE PUMP p AS INSERT INTO s (a, ) SELECT * FROM t', "line 1, column 36: expected a column name but found ')'"],
    ['CREATE PUMP p AS INSERT INTO s (a b) SELECT * FROM t', "line 1, column 35: expected ',' or ')' but found 'b'"],
    ['CREATE PUMP p AS INSERT INTO s SELEC STREAM * FROM t', "line 1, column 32: expected SELECT, VALUES or '(' but found 'SELEC'"],
  ])('%s', (source, message) => {
    expect(appError(source)).toBe(message);
  });
});

describe('queries', () => {
  it.each([
    ['SELECT STREAM FROM s', "line 1, column 15: expected an expression but found 'FROM'"],
    ['SELECT STREAM a,, b FROM s', "line 1, column 17: expected an expression but found ','"],
    ['SELECT STREAM a b c FROM s', "line 1, column 17: expected FROM but found 'b'"],
    ['SELECT STREAM a AS FROM s', "line 1, column 20: expected an alias but found 'FROM'"],
    ['SELECT STREAM a FROM', "line 1, column 21: expected a stream name, '(' or TABLE but found end of input"],
    ['SELECT STREAM a FROM s WHRE a > 1', "line 1, column 24: expected WHERE, GROUP BY, HAVING, WINDOW, WINDOWED BY or ORDER BY but found 'WHRE'"],
    ['SELECT STREAM a FROM s WHERE a > 1 GROUPBY a', "line 1, column 36: expected GROUP BY, HAVING, WINDOW, WINDOWED BY or ORDER BY but found 'GROUPBY'"],
    ['SELECT STREAM a FROM s GROUP BY a HAVNG a > 1', "line 1, column 35: expected HAVING, WINDOW, WINDOWED BY or ORDER BY but found 'HAVNG'"],
    ['SELECT STREAM a FROM s HAVING a > 1 5', "line 1, column 37: expected WINDOW, WINDOWED BY or ORDER BY but found '5'"],
    ['SELECT STREAM a FROM s WINDOW w AS (ROWS 1 PRECEDING) x', "line 1, column 55: expected WINDOWED BY or ORDER BY but found 'x'"],
    [
      "SELECT STREAM a FROM s WINDOWED BY STAGGER(PARTITION BY a RANGE INTERVAL '1' MINUTE) foo",
      "line 1, column 86: expected GROUP BY, HAVING, WINDOW or ORDER BY but found 'foo'",
    ],
    ['SELECT STREAM a FROM s GROUP a', "line 1, column 30: expected BY but found 'a'"],
    ['SELECT STREAM a FROM s ORDER a', "line 1, column 30: expected BY but found 'a'"],
    ['SELECT STREAM a FROM s ORDER BY a NULLS NONE', "line 1, column 41: expected FIRST or LAST but found 'NONE'"],
    ['(SELECT * FROM a ORDER BY x) ORDER BY y', 'line 1, column 30: this query already has an ORDER BY'],
    ['SELECT * FROM a UNION 5', "line 1, column 23: expected SELECT, VALUES or '(' but found '5'"],
    ['SELECT * FROM a UNION ALL', "line 1, column 26: expected SELECT, VALUES or '(' but found end of input"],
    ['(SELECT * FROM a', "line 1, column 17: expected ')' but found end of input"],
    ['VALUES (1, 2', "line 1, column 13: expected ',' or ')' but found end of input"],
    ['SELECT * FROM a; x', "line 1, column 18: expected end of input but found 'x'"],
  ])('%s', (source, message) => {
    expect(queryError(source)).toBe(message);
  });
});

describe('FROM', () => {
  const prefix = 'SELECT STREAM * FROM ';
  it.each([
    ['a OUTER JOIN b ON c', "line 1, column 24: expected LEFT, RIGHT or FULL but found 'OUTER'"],
    ['a NATURAL b', "line 1, column 32: expected JOIN, INNER, LEFT, RIGHT or FULL but found 'b'"],
    ['a LEFT b', "line 1, column 29: expected JOIN but found 'b'"],
    ['a LEFT OUTER b', "line 1, column 35: expected JOIN but found 'b'"],
    ['a CROSS b', "line 1, column 30: expected JOIN but found 'b'"],
    ['a JOIN ON x', "line 1, column 29: expected a stream name, '(' or TABLE but found 'ON'"],
    ['a JOIN b USING x', "line 1, column 37: expected '(' but found 'x'"],
    ['TABLE(f)', "line 1, column 29: expected '(' but found ')'"],
    ['TABLE(f(x)', "line 1, column 32: expected ')' but found end of input"],
    ['TABLE', "line 1, column 22: expected a stream name, '(' or TABLE but found 'TABLE'"],
    ['s AS', "line 1, column 26: expected an alias but found end of input"],
    ['s AS t(a,)', "line 1, column 31: expected a column name but found ')'"],
    ['s OVER', "line 1, column 28: expected a window name or '(' but found end of input"],
    ['(a JOIN b ON c', "line 1, column 36: expected ')' but found end of input"],
    ['(SELECT STREAM * FROM s AS t', "line 1, column 50: expected ')' but found end of input"],
  ])('%s', (clause, message) => {
    expect(queryError(prefix + clause)).toBe(message);
  });
});

describe('windows', () => {
  const over = (spec: string): string => exprError(`SUM(x) OVER ${spec}`);
  it.each([
    ['(PARTITION a)', "line 1, column 24: expected BY but found 'a'"],
    ['(PARTITION BY a ROWZ 1 PRECEDING)', "line 1, column 29: expected ',', ORDER BY, ROWS, RANGE or ')' but found 'ROWZ'"],
    ['(ORDER BY a ROWZ)', "line 1, column 25: expected ',', ROWS, RANGE or ')' but found 'ROWZ'"],
    ['(ROWS 1 PRECEDING x)', "line 1, column 31: expected ')' but found 'x'"],
    ['(w y)', "line 1, column 16: expected ORDER BY, ROWS, RANGE or ')' but found 'y'"],
    ['(1)', "line 1, column 14: expected a window name, PARTITION BY, ORDER BY, ROWS, RANGE or ')' but found '1'"],
    ['(ROWS UNBOUNDED x)', "line 1, column 29: expected PRECEDING or FOLLOWING but found 'x'"],
    ['(ROWS 2 PRECEEDING)', "line 1, column 21: expected PRECEDING or FOLLOWING but found 'PRECEEDING'"],
    ['(ROWS BETWEEN 1 PRECEDING CURRENT ROW)', "line 1, column 39: expected AND but found 'CURRENT'"],
    ["(RANGE INTERVAL '1' MINUTES PRECEDING)", "line 1, column 33: expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND but found 'MINUTES'"],
    ['5', "line 1, column 13: expected a window name or '(' but found '5'"],
  ])('OVER %s', (spec, message) => {
    expect(over(spec)).toBe(message);
  });

  it.each([
    ['WINDOW w (ROWS 1 PRECEDING)', "line 1, column 33: expected AS but found '('"],
    ['WINDOW w AS ROWS 1 PRECEDING', "line 1, column 36: expected '(' but found 'ROWS'"],
    ['WINDOW AS (ROWS 1 PRECEDING)', "line 1, column 31: expected a window name but found 'AS'"],
    ['WINDOWED STAGGER(PARTITION BY a RANGE x)', "line 1, column 33: expected BY but found 'STAGGER'"],
    ['WINDOWED BY TUMBLE(a)', "line 1, column 36: expected STAGGER but found 'TUMBLE'"],
    ['WINDOWED BY STAGGER PARTITION BY a', "line 1, column 44: expected '(' but found 'PARTITION'"],
    ["WINDOWED BY STAGGER(RANGE INTERVAL '1' MINUTE)", "line 1, column 44: expected PARTITION BY but found 'RANGE'"],
    ["WINDOWED BY STAGGER(PARTITION BY a INTERVAL '1' MINUTE)", "line 1, column 59: expected ',' or RANGE but found 'INTERVAL'"],
    ["WINDOWED BY STAGGER(PARTITION BY a RANGE INTERVAL '1' MINUTE", "line 1, column 84: expected ')' but found end of input"],
  ])('%s', (clause, message) => {
    expect(queryError(`SELECT STREAM a FROM s ${clause}`)).toBe(message);
  });
});

describe('expressions', () => {
  it.each([
    ['a +', "line 1, column 4: expected an expression but found end of input"],
    ['(a + b', "line 1, column 7: expected ')' but found end of input"],
    ['a b', "line 1, column 3: expected end of input but found 'b'"],
    ['a = SELECT', "line 1, column 5: expected an expression but found 'SELECT'"],
    ['a IS 5', "line 1, column 6: expected NOT, NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM but found '5'"],
    ['a IS NOT 5', "line 1, column 10: expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM but found '5'"],
    ['a IS DISTINCT b', "line 1, column 15: expected FROM but found 'b'"],
    ['a BETWEEN 1 OR 2', "line 1, column 13: expected AND but found 'OR'"],
    ['a IN 1', "line 1, column 6: expected '(' but found '1'"],
    ['a IN (1 2)', "line 1, column 9: expected ',' or ')' but found '2'"],
    ["a SIMILAR 'x'", "line 1, column 11: expected TO but found string 'x'"],
    ['a NOT NULL', "line 1, column 3: expected end of input but found 'NOT'"],
    ['CASE END', "line 1, column 6: expected an expression but found 'END'"],
    ['CASE x END', "line 1, column 8: expected WHEN but found 'END'"],
    ['CASE WHEN a b', "line 1, column 13: expected THEN but found 'b'"],
    ['CASE WHEN a THEN b', "line 1, column 19: expected WHEN, ELSE or END but found end of input"],
    ['CASE WHEN a THEN b ELSE c', "line 1, column 26: expected END but found end of input"],
    ['CAST a', "line 1, column 6: expected '(' but found 'a'"],
    ['CAST(a VARCHAR)', "line 1, column 8: expected AS but found 'VARCHAR'"],
    ['CAST(a AS INTEGR)', "line 1, column 11: expected a data type but found 'INTEGR'"],
    ['CAST(a AS INT', "line 1, column 14: expected ')' but found end of input"],
    ['f(a b)', "line 1, column 5: expected ',' or ')' but found 'b'"],
    ['f(', "line 1, column 3: expected an expression but found end of input"],
    ['COUNT(DISTINCT)', "line 1, column 15: expected an expression but found ')'"],
    ['f(*, 1)', "line 1, column 3: expected an expression but found '*'"],
    ['STEP(a, b)', "line 1, column 7: expected BY but found ','"],
    ['FLOOR(a TO WEEK)', "line 1, column 12: expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND but found 'WEEK'"],
    ['FLOOR(a, 2)', "line 1, column 8: expected TO or ')' but found ','"],
    ['EXTRACT(WEEK FROM x)', "line 1, column 9: expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND but found 'WEEK'"],
    ['EXTRACT(DAY x)', "line 1, column 13: expected FROM but found 'x'"],
    ['SUBSTRING(s 1)', "line 1, column 13: expected FROM, ',' or SIMILAR but found '1'"],
    ['SUBSTRING(s FROM 1 2)', "line 1, column 20: expected FOR or ')' but found '2'"],
    ['SUBSTRING(s, 1 2)', "line 1, column 16: expected ',' or ')' but found '2'"],
    ['SUBSTRING(s FROM 1 FOR 2 3)', "line 1, column 26: expected ')' but found '3'"],
    ['SUBSTRING(s SIMILAR p)', "line 1, column 22: expected ESCAPE but found ')'"],
    ['POSITION(a, b)', "line 1, column 11: expected IN but found ','"],
    ['POSITION(a IN b c)', "line 1, column 17: expected FROM or ')' but found 'c'"],
    ['TRIM(LEADING s)', "line 1, column 15: expected FROM but found ')'"],
    ['TRIM(a b)', "line 1, column 8: expected FROM or ')' but found 'b'"],
    ['OVERLAY(a b)', "line 1, column 11: expected PLACING but found 'b'"],
    ['OVERLAY(a PLACING b 1)', "line 1, column 21: expected FROM but found '1'"],
    ['OVERLAY(a PLACING b FROM 1 2)', "line 1, column 28: expected FOR or ')' but found '2'"],
    ['a[1', "line 1, column 4: expected ']' but found end of input"],
    ['f(x).*', "line 1, column 6: expected a field name but found '*'"],
    ["U&'x' UESCAPE x", "line 1, column 15: expected a string but found 'x'"],
  ])('%s', (source, message) => {
    expect(exprError(source)).toBe(message);
  });

  it('reports bad literal text at the literal', () => {
    expect(exprError("INTERVAL '1:75' HOUR TO MINUTE")).toBe("line 1, column 10: interval literal '1:75': MINUTE field 75 is out of range (0-59)");
    expect(exprError("INTERVAL '1' MINUTE TO HOUR")).toBe('line 1, column 14: MINUTE TO HOUR is not a valid interval qualifier');
    expect(exprError("INTERVAL '1' DAY(x)")).toBe("line 1, column 18: expected a precision but found 'x'");
    expect(exprError("INTERVAL 'one' DAY")).toBe("line 1, column 10: interval literal 'one' does not match DAY (expected 'D')");
    expect(exprError("x + TIMESTAMP '2020-13-01 00:00:00'")).toBe("line 1, column 15: '2020-13-01 00:00:00' has month 13, which is not 1-12");
    expect(exprError("DATE 'today'")).toBe("line 1, column 6: DATE literal 'today' is not 'yyyy-mm-dd'");
    expect(exprError("U&'\\00G1'")).toBe("line 1, column 1: bad Unicode escape '\\00G1' (expected \\XXXX or \\+XXXXXX in hex)");
    expect(exprError("U&'x' UESCAPE 'ab'")).toBe("line 1, column 15: UESCAPE needs exactly one character, not 'ab'");
  });

  it('does not mistake FROM after NTH_VALUE for FROM FIRST when it starts the FROM clause', () => {
    const s = parseQuery('SELECT STREAM NTH_VALUE(x, 2) OVER w FROM s WINDOW w AS (ROWS 2 PRECEDING)');
    expect(s.kind === 'Select' && s.from.kind).toBe('TableRef');
  });

  it('lets SIMILAR end the operand of SUBSTRING only at its top level', () => {
    expect(exprError("SUBSTRING(f(a SIMILAR 'x') SIMILAR 'p' ESCAPE '#')")).toBe("line 1, column 15: expected ',' or ')' but found 'SIMILAR'");
  });
});

describe('nesting limits', () => {
  it('stops at 200 levels of parentheses instead of overflowing the stack', () => {
    const deep = `${'('.repeat(300)}1${')'.repeat(300)}`;
    // parseExpr is entered once per '(' after the outermost call: the 201st entry is at column 201.
    expect(exprError(deep)).toBe('line 1, column 201: nesting is deeper than 200 levels');
    const ok = `${'('.repeat(150)}1${')'.repeat(150)}`;
    expect(parseExpression(ok)).toMatchObject({ kind: 'NumericLiteral' });
  });

  it('stops deep chains of prefix operators and of subqueries in FROM', () => {
    // Spaced, since `--` starts a comment.
    expect(exprError(`${'- '.repeat(5000)}1`)).toBe('line 1, column 401: nesting is deeper than 200 levels');
    expect(exprError(`${'NOT '.repeat(300)}a`)).toBe('line 1, column 801: nesting is deeper than 200 levels');
    const from = `SELECT * FROM ${'(SELECT * FROM '.repeat(150)}s${')'.repeat(150)}`;
    expect(syntaxError(() => parseQuery(from)).detail).toBe('nesting is deeper than 200 levels');
  });
});

describe('formatSqlError', () => {
  const render = (source: string, parse: (s: string) => unknown = parseApplication): string => {
    const err = syntaxError(() => parse(source));
    return formatSqlError(source, err);
  };

  it('shows the line with a caret under the whole offending token', () => {
    const source = 'SELECT STREAM ticker_symbol,\n              price\n         FORM "SOURCE_SQL_STREAM_001"';
    expect(render(source)).toBe(
      ["line 3, column 10: expected FROM but found 'FORM'", '3 |          FORM "SOURCE_SQL_STREAM_001"', '  |          ^^^^'].join('\n'),
    );
  });

  it('keeps tabs before the caret and counts astral characters as one column', () => {
    expect(render("\tSELECT '😀', x FORM s")).toBe(
      ["line 1, column 16: expected FROM but found 'FORM'", "1 | \tSELECT '😀', x FORM s", `  | \t${' '.repeat(14)}^^^^`].join('\n'),
    );
  });

  it('puts the caret after the last character at end of input, and widens the gutter for long files', () => {
    const source = `${'\n'.repeat(11)}SELECT STREAM a FROM`;
    expect(render(source)).toBe(
      ["line 12, column 21: expected a stream name, '(' or TABLE but found end of input", '12 | SELECT STREAM a FROM', '   |                     ^'].join(
        '\n',
      ),
    );
  });

  it('underlines a token that spans lines only on its first line, and handles \\r\\n', () => {
    expect(render("SELECT STREAM a\r\nFROM s WHERE x = 'abc\r\ndef")).toBe(
      ['line 2, column 18: unterminated string literal', "2 | FROM s WHERE x = 'abc", '  |                  ^^^^'].join('\n'),
    );
  });

  it('is a pure function of the source and the error', () => {
    const err = new SqlSyntaxError('custom', { line: 2, column: 3, offset: 6 }, { length: 2 });
    expect(formatSqlError('ab\ncdefg', err)).toBe(['line 2, column 3: custom', '2 | cdefg', '  |   ^^'].join('\n'));
    // A position past the text (a stale error) still renders.
    expect(formatSqlError('', err)).toBe(['line 2, column 3: custom', '2 | ', '  |   ^'].join('\n'));
  });
});
