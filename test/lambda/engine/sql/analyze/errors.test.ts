import { SqlAnalysisError, closeNames, formatAnalysisError, sqlName } from '../../../../../lambda/engine/sql/analyze/errors';
import { analysisError, analysisErrorOf, compile, rowValues, stockRow, typeText } from './helpers';

describe('SqlAnalysisError', () => {
  it('carries the position, the length of the offending text and a message that starts with the place', () => {
    const e = analysisErrorOf('qty +\n  prce * 2');
    expect(e).toBeInstanceOf(SqlAnalysisError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SqlAnalysisError');
    expect([e.line, e.column, e.offset, e.length]).toEqual([2, 3, 8, 4]);
    expect(e.message).toBe(`line 2, column 3: ${e.detail}`);
  });

  it('formats with the source line and a caret under the offending text', () => {
    const source = 'qty +\n  prce * 2';
    const e = analysisErrorOf(source);
    expect(formatAnalysisError(source, e).split('\n')).toEqual([e.message, '2 |   prce * 2', '  |   ^^^^']);
    const call = "1 + UPPER(qty)";
    expect(formatAnalysisError(call, analysisErrorOf(call)).split('\n').slice(1)).toEqual(['1 | 1 + UPPER(qty)', '  |           ^^^']);
    const whole = "'a' + 1";
    expect(formatAnalysisError(whole, analysisErrorOf(whole)).split('\n').slice(1)).toEqual(["1 | 'a' + 1", '  | ^^^^^^^']);
  });

  it('counts columns in code points, like the parser', () => {
    expect(analysisError("'😀' || qty")).toBe("1:1 Cannot apply '||' to arguments of type <CHAR(2)> || <INTEGER>");
    expect(analysisError("'😀' = 'x' AND qty")).toBe("1:1 Cannot apply AND to arguments of type <BOOLEAN> AND <INTEGER>; expected BOOLEAN operands");
    expect(analysisErrorOf("UPPER('😀') || prce").column).toBe(15);
  });
});

describe('conditions', () => {
  it('requires a BOOLEAN where the clause needs a condition', () => {
    expect(analysisError('qty', undefined, { condition: true, clause: 'WHERE' })).toBe(
      '1:1 Expected a BOOLEAN condition in WHERE but found an expression of type INTEGER',
    );
    expect(analysisError("ticker_symbol || 'x'", undefined, { condition: true, clause: 'ON' })).toBe(
      '1:1 Expected a BOOLEAN condition in ON but found an expression of type VARCHAR(5)',
    );
    const c = compile('price > 10 AND ticker_symbol LIKE \'A%\'', undefined, { condition: true, clause: 'WHERE' });
    expect(typeText(c.type)).toBe('BOOLEAN');
    expect(c.evaluate(rowValues())).toBe(true);
    expect(c.evaluate(rowValues(stockRow({ PRICE: 11 })))).toBeNull();
    const n = compile('NULL', undefined, { condition: true });
    expect(typeText(n.type)).toBe('BOOLEAN');
    expect(n.evaluate(rowValues())).toBeNull();
    expect(analysisError('NULL')).toBe('1:1 Cannot infer the type of NULL here; write CAST(NULL AS <type>)');
  });
});

describe('message helpers', () => {
  it('writes names as SQL needs them', () => {
    expect(sqlName('PRICE')).toBe('PRICE');
    expect(sqlName('Oid')).toBe('"Oid"');
    expect(sqlName('FROM')).toBe('"FROM"');
    expect(sqlName('A B')).toBe('"A B"');
    expect(sqlName('a"b')).toBe('"a""b"');
    expect(sqlName('_X')).toBe('"_X"');
  });

  it('suggests close names: same letters in another case, or a few edits away', () => {
    expect(closeNames('price', ['PRICE', 'PRIZE', 'QTY'])).toEqual(['PRICE', 'PRIZE']);
    expect(closeNames('X', ['Y', 'Z', 'x'])).toEqual(['x']);
    expect(closeNames('TIMESTAMP_TO_CHR', ['TIMESTAMP_TO_CHAR', 'DATE_TO_CHAR', 'TIME_TO_CHAR'])).toEqual(['TIMESTAMP_TO_CHAR']);
    expect(closeNames('ABCD', ['WXYZ'])).toEqual([]);
  });
});
