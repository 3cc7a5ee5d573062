import { SqlAnalysisError } from '../../../../../lambda/engine/sql/analyze/errors';
import { createScope } from '../../../../../lambda/engine/sql/analyze/scope';
import { SqlValue } from '../../../../../lambda/engine/sql/types';
import { DEFAULT_ROW, T0, analysisError, analysisErrorOf, compile, rowValues, ty, typeOf } from './helpers';

const ROW_TYPE = ty('ROW', {
  fields: [
    { name: 'COLUMN1', type: ty('VARCHAR', { length: 1024 }) },
    { name: 'COLUMN2', type: ty('VARCHAR', { length: 1024 }) },
  ],
});

/** An order stream O joined with an optional customer table C (the padded side of an outer join). */
const joinScope = createScope([
  {
    alias: 'O',
    columns: [
      { name: 'ID', type: ty('INTEGER', { nullable: false }) },
      { name: 'AMOUNT', type: ty('DECIMAL', { precision: 8, scale: 2 }) },
      { name: 'R', type: ROW_TYPE },
    ],
  },
  {
    alias: 'C',
    columns: [
      { name: 'ID', type: ty('INTEGER', { nullable: false }) },
      { name: 'NAME', type: ty('VARCHAR', { length: 10 }) },
    ],
    optional: true,
  },
]);

const O_ROW: SqlValue[] = [1, null, { COLUMN1: 'a', COLUMN2: 'b' }, 1000];
const C_ROW: SqlValue[] = [2, 'acme', 2000];

const evalJoin = (source: string, rows: (SqlValue[] | null)[] = [O_ROW, C_ROW], extra = {}): SqlValue =>
  compile(source, joinScope).evaluate({ rows, ...extra });

describe('name resolution', () => {
  it('finds unquoted names upper-cased and quoted names exactly', () => {
    expect(compile('ticker_symbol').evaluate(rowValues())).toBe('AMZN');
    expect(compile('"TICKER_SYMBOL"').evaluate(rowValues())).toBe('AMZN');
    expect(compile('"Oid"').evaluate(rowValues())).toBe('o-1');
    expect(analysisError('oid')).toBe(
      '1:1 Column OID not found; did you mean "Oid"? (columns: TICKER_SYMBOL, SECTOR, CHANGE, PRICE, QTY, BIG, AMOUNT, RATE, TS, D, FLAG, LOG, "Oid", ROWTIME)',
    );
    expect(analysisError('"ticker_symbol"')).toBe(
      '1:1 Column "ticker_symbol" not found; did you mean TICKER_SYMBOL? (columns: TICKER_SYMBOL, SECTOR, CHANGE, PRICE, QTY, BIG, AMOUNT, RATE, TS, D, FLAG, LOG, "Oid", ROWTIME)',
    );
  });

  it('resolves columns qualified by the relation, and ROWTIME as the TIMESTAMP NOT NULL after the columns', () => {
    expect(compile('"SOURCE_SQL_STREAM_001".price').evaluate(rowValues())).toBe(12.5);
    expect(compile('source_sql_stream_001.ROWTIME').evaluate(rowValues())).toBe(T0 + 3_600_000);
    expect(compile('ROWTIME').evaluate(rowValues())).toBe(T0 + 3_600_000);
    expect(typeOf('ROWTIME')).toBe('TIMESTAMP NOT NULL');
    expect(typeOf('"ROWTIME"')).toBe('TIMESTAMP NOT NULL');
  });

  it('reports unknown columns with their position, close names and every candidate', () => {
    const e = analysisErrorOf('qty + prce * 2');
    expect(e).toBeInstanceOf(SqlAnalysisError);
    expect(e.message).toBe(
      'line 1, column 7: Column PRCE not found; did you mean PRICE? (columns: TICKER_SYMBOL, SECTOR, CHANGE, PRICE, QTY, BIG, AMOUNT, RATE, TS, D, FLAG, LOG, "Oid", ROWTIME)',
    );
    expect([e.line, e.column, e.offset, e.length]).toEqual([1, 7, 6, 4]);
    expect(e.candidates).toEqual(['TICKER_SYMBOL', 'SECTOR', 'CHANGE', 'PRICE', 'QTY', 'BIG', 'AMOUNT', 'RATE', 'TS', 'D', 'FLAG', 'LOG', '"Oid"', 'ROWTIME']);
    expect(analysisError('qty +\n  nothing_like_it')).toBe(
      '2:3 Column NOTHING_LIKE_IT not found (columns: TICKER_SYMBOL, SECTOR, CHANGE, PRICE, QTY, BIG, AMOUNT, RATE, TS, D, FLAG, LOG, "Oid", ROWTIME)',
    );
  });

  it('qualifies columns by relation in a join and reports ambiguity with the alternatives', () => {
    expect(evalJoin('O.ID')).toBe(1);
    expect(evalJoin('C.ID')).toBe(2);
    expect(evalJoin('NAME')).toBe('acme');
    const e = analysisErrorOf('amount + ID', joinScope);
    expect(e.message).toBe('line 1, column 10: Column ID is ambiguous: it could be O.ID or C.ID; qualify it with its relation');
    expect(e.candidates).toEqual(['O.ID', 'C.ID']);
    expect(analysisError('ROWTIME', joinScope)).toBe('1:1 Column ROWTIME is ambiguous: it could be O.ROWTIME or C.ROWTIME; qualify it with its relation');
    expect(analysisError('O.NAME', joinScope)).toBe('1:3 Column NAME not found in O (columns: O.ID, O.AMOUNT, O.R, O.ROWTIME)');
    expect(analysisError('C.NAMES', joinScope)).toBe('1:3 Column NAMES not found in C; did you mean NAME? (columns: C.ID, C.NAME, C.ROWTIME)');
    expect(analysisError('X.ID', joinScope)).toBe(
      '1:1 No relation or column named X (relations: O, C; columns: O.ID, O.AMOUNT, O.R, O.ROWTIME, C.ID, C.NAME, C.ROWTIME)',
    );
    expect(analysisError('"o".ID', joinScope)).toBe(
      '1:1 No relation or column named "o"; did you mean O? (relations: O, C; columns: O.ID, O.AMOUNT, O.R, O.ROWTIME, C.ID, C.NAME, C.ROWTIME)',
    );
  });

  it('types the columns of an optional relation nullable and reads a missing row as NULLs', () => {
    expect(typeOf('C.ID', joinScope)).toBe('INTEGER');
    expect(typeOf('O.ID', joinScope)).toBe('INTEGER NOT NULL');
    expect(typeOf('C.ROWTIME', joinScope)).toBe('TIMESTAMP');
    expect(typeOf('O.ROWTIME', joinScope)).toBe('TIMESTAMP NOT NULL');
    expect(evalJoin('C.ROWTIME')).toBe(2000);
    expect(evalJoin('C.NAME', [O_ROW, null])).toBeNull();
    expect(evalJoin('C.ROWTIME', [O_ROW, null])).toBeNull();
    expect(evalJoin('C.NAME IS NULL', [O_ROW])).toBe(true);
    expect(evalJoin('O.ID', [[]])).toBeNull(); // a short array reads as NULLs
  });

  it('reads fields of ROW columns: s.r.COLUMN1, r.COLUMN1 and (expr).COLUMN1', () => {
    expect(evalJoin('O.R.COLUMN1')).toBe('a');
    expect(evalJoin('R.COLUMN2')).toBe('b');
    expect(evalJoin('(O.R).COLUMN2')).toBe('b');
    expect(typeOf('O.R.COLUMN1', joinScope)).toBe('VARCHAR(1024)');
    expect(evalJoin('O.R.COLUMN1', [[1, null, null, 0], C_ROW])).toBeNull();
    expect(analysisError('O.R.COLUMN3', joinScope)).toBe('1:5 Field COLUMN3 not found in column O.R; did you mean COLUMN1 or COLUMN2? (fields: COLUMN1, COLUMN2)');
    expect(analysisError('O.ID.X', joinScope)).toBe('1:6 Cannot read field X of column O.ID: it is of type INTEGER, not a ROW');
    expect(analysisError('R.COLUMN1.X', joinScope)).toBe('1:11 Cannot read field X of field COLUMN1: it is of type VARCHAR(1024), not a ROW');
  });

  it('accepts a stream written with its schema by its full name, its last name and unqualified', () => {
    const scope = createScope([{ alias: 'WEATHERSTREAM', qualifiedName: ['AGGTEST', 'WEATHERSTREAM'], columns: [{ name: 'TEMP', type: ty('INTEGER') }] }]);
    for (const source of ['AGGTEST.WEATHERSTREAM.TEMP', 'WEATHERSTREAM.TEMP', 'TEMP', 'aggtest.weatherstream.temp']) {
      expect(compile(source, scope).evaluate({ rows: [[29, 0]] })).toBe(29);
    }
    expect(compile('AGGTEST.WEATHERSTREAM.ROWTIME', scope).evaluate({ rows: [[29, 5]] })).toBe(5);
    expect(analysisError('AGGTEST.TEMP', scope)).toBe('1:1 No relation or column named AGGTEST (relations: WEATHERSTREAM; columns: TEMP, ROWTIME)');
  });

  it("gives an unqualified ROWTIME the output row's time when the scope says so", () => {
    const scope = createScope(
      [
        { alias: 'L', columns: [{ name: 'A', type: ty('INTEGER') }] },
        { alias: 'R', columns: [{ name: 'A', type: ty('INTEGER') }] },
      ],
      { rowtime: 'row' },
    );
    const c = compile('ROWTIME', scope);
    expect(typeText(c.type.nullable)).toBe('NOT NULL');
    expect(c.evaluate({ rows: [[1, 10], [2, 20]], rowtime: 99 })).toBe(99);
    expect(compile('R.ROWTIME', scope).evaluate({ rows: [[1, 10], [2, 20]], rowtime: 99 })).toBe(20);
    expect(() => c.evaluate({ rows: [[1, 10], [2, 20]] })).toThrow(
      'RowValues.rowtime is not set, but the expression reads the unqualified ROWTIME of the output row',
    );
  });

  it('reports a relation name that two relations share, and duplicate column names', () => {
    const scope = createScope([
      { alias: 'S1', qualifiedName: ['X', 'S'], columns: [{ name: 'A', type: ty('INTEGER') }] },
      { alias: 'S2', qualifiedName: ['Y', 'S'], columns: [{ name: 'A', type: ty('INTEGER') }] },
      { alias: 'D', columns: [{ name: 'B', type: ty('INTEGER') }, { name: 'B', type: ty('INTEGER') }] },
    ]);
    expect(compile('X.S.A', scope).evaluate({ rows: [[1, 0], [2, 0], [3, 4, 0]] })).toBe(1);
    expect(analysisError('B', scope)).toBe('1:1 Column B is ambiguous: D has 2 columns with that name');
    expect(analysisError('D.B', scope)).toBe('1:3 Column B is ambiguous: D has 2 columns with that name');
  });

  it('reports a reference through a name two relations share (a self-join without aliases) where it is used', () => {
    const scope = createScope([
      { alias: 'S', columns: [{ name: 'A', type: ty('INTEGER') }] },
      { alias: 'S', columns: [{ name: 'A', type: ty('INTEGER') }] },
    ]);
    const e = analysisErrorOf('1 + s.a', scope);
    expect(e.message).toBe('line 1, column 5: Relation name S is ambiguous: 2 relations in FROM have it; give each an alias');
    expect(e.length).toBe(1);
    const q = createScope([
      { alias: 'A', qualifiedName: ['X', 'S'], columns: [{ name: 'C', type: ty('INTEGER') }] },
      { alias: 'B', qualifiedName: ['X', 'S'], columns: [{ name: 'C', type: ty('INTEGER') }] },
    ]);
    expect(analysisErrorOf('X.S.C', q).detail).toBe('Relation name X.S is ambiguous: 2 relations in FROM have it; give each an alias');
    expect(analysisErrorOf('X.S.C', q).length).toBe(3);
    expect(compile('B.C', q).evaluate({ rows: [[1, 0], [2, 0]] })).toBe(2);
  });

  it('rejects malformed scopes with a plain Error', () => {
    expect(() => createScope([{ alias: 'S', columns: [{ name: 'ROWTIME', type: ty('TIMESTAMP') }] }])).toThrow(
      'createScope: relation S lists ROWTIME; it is implicit',
    );
  });

  it('lists the columns an expression reads, once each, in first-use order', () => {
    expect(compile('CASE WHEN O.ID + C.ID + O.ID > 0 THEN (O.ROWTIME - C.ROWTIME) SECOND END', joinScope).references).toEqual([
      { relation: 0, column: 0, name: 'ID' },
      { relation: 1, column: 0, name: 'ID' },
      { relation: 0, column: 3, name: 'ROWTIME' },
      { relation: 1, column: 2, name: 'ROWTIME' },
    ]);
    expect(compile('42', joinScope).references).toEqual([]);
  });
});

function typeText(nullable: boolean): string {
  return nullable ? 'NULL' : 'NOT NULL';
}

it('evaluates the same compiled expression on many rows (no state kept between rows)', () => {
  const c = compile('qty * 2');
  const rows = [3, null, -4].map((q) => [...DEFAULT_ROW.slice(0, 4), q, ...DEFAULT_ROW.slice(5)]);
  expect(rows.map((r) => c.evaluate(rowValues(r)))).toEqual([6, null, -8]);
});
