import { walkAst, type AstNode, type CreatePump, type CreateStream, type SetOperation, type WindowSpec } from '../../../../../lambda/engine/sql/syntax/ast';
import { parseApplication, parseQuery } from '../../../../../lambda/engine/sql/syntax/parser';
import { asSelect, fromShape, nameOf, onlyStatement, select, sx } from './helpers';

const createStream = (source: string): CreateStream => {
  const s = onlyStatement(source);
  if (s.kind !== 'CreateStream') throw new Error(s.kind);
  return s;
};
const createPump = (source: string): CreatePump => {
  const s = onlyStatement(source);
  if (s.kind !== 'CreatePump') throw new Error(s.kind);
  return s;
};
/** The inline window of the first select item, `f(x) OVER (...)`. */
const windowOf = (source: string): WindowSpec => {
  const item = select(`SELECT STREAM f(x) OVER (${source}) FROM s`).items[0];
  if (item?.kind !== 'SelectExpr' || item.expr.kind !== 'FunctionCall' || item.expr.over?.kind !== 'WindowSpec') throw new Error('no window');
  return item.expr.over;
};

describe('applications', () => {
  it('separates statements by ; with the last one optional and empty ones skipped', () => {
    const app = parseApplication(';CREATE STREAM a (x INT);;\nSELECT STREAM * FROM a\n');
    expect(app.statements.map((s) => s.kind)).toEqual(['CreateStream', 'QueryStatement']);
    expect(parseApplication('SELECT STREAM * FROM a;').statements).toHaveLength(1);
  });

  it('parses an empty application (only comments) as no statements', () => {
    expect(parseApplication('-- nothing yet\n/* still nothing */').statements).toEqual([]);
  });

  it('gives each statement its span, without the semicolon', () => {
    const source = 'CREATE STREAM a (x INT);\n  SELECT STREAM * FROM a ;';
    const [first, second] = parseApplication(source).statements;
    expect(source.slice(first?.pos.offset, first?.end)).toBe('CREATE STREAM a (x INT)');
    expect(source.slice(second?.pos.offset, second?.end)).toBe('SELECT STREAM * FROM a');
    expect(second?.pos).toEqual({ line: 2, column: 3, offset: 27 });
  });
});

describe('CREATE STREAM', () => {
  it('reads OR REPLACE, a qualified name, columns with NOT NULL, and DESCRIPTION', () => {
    const s = createStream(`CREATE OR REPLACE STREAM aggtest.weatherStream (
      city VARCHAR(20) NOT NULL, "temp" DOUBLE PRECISION NULL, at TIMESTAMP) DESCRIPTION 'Weather, by city'`);
    expect(s.orReplace).toBe(true);
    expect(s.name.parts.map(nameOf)).toEqual(['AGGTEST', 'WEATHERSTREAM']);
    expect(s.columns.map((c) => [nameOf(c.name), c.type.type, c.notNull])).toEqual([
      ['CITY', { name: 'VARCHAR', length: 20, nullable: false }, true],
      ['"temp"', { name: 'DOUBLE', nullable: true }, false],
      ['AT', { name: 'TIMESTAMP', nullable: true }, false],
    ]);
    expect(s.description?.value).toBe('Weather, by city');
  });

  it('takes non-reserved keywords as column names and needs quotes for reserved ones', () => {
    const s = createStream('CREATE STREAM s (time TIMESTAMP, year INT, value DOUBLE, "from" VARCHAR(4), "ROWTIME" TIMESTAMP)');
    expect(s.columns.map((c) => nameOf(c.name))).toEqual(['TIME', 'YEAR', 'VALUE', '"from"', '"ROWTIME"']);
  });

  it('reads a plain CREATE STREAM without OR REPLACE or DESCRIPTION', () => {
    const s = createStream('create stream s (a int)');
    expect([s.orReplace, s.description, s.columns.length]).toEqual([false, undefined, 1]);
  });

  it.each([
    ['BIGINT', { name: 'BIGINT' }],
    ['INTEGER', { name: 'INTEGER' }],
    ['INT', { name: 'INTEGER' }],
    ['SMALLINT', { name: 'SMALLINT' }],
    ['TINYINT', { name: 'TINYINT' }],
    ['BOOLEAN', { name: 'BOOLEAN' }],
    ['CHAR(3)', { name: 'CHAR', length: 3 }],
    ['CHARACTER(3)', { name: 'CHAR', length: 3 }],
    ['CHAR', { name: 'CHAR' }],
    ['VARCHAR(32)', { name: 'VARCHAR', length: 32 }],
    ['CHARACTER VARYING(32)', { name: 'VARCHAR', length: 32 }],
    ['CHAR VARYING(5)', { name: 'VARCHAR', length: 5 }],
    ['DECIMAL', { name: 'DECIMAL' }],
    ['DECIMAL(4,2)', { name: 'DECIMAL', precision: 4, scale: 2 }],
    ['DEC(19)', { name: 'DECIMAL', precision: 19 }],
    ['NUMERIC(10, 0)', { name: 'DECIMAL', precision: 10, scale: 0 }],
    ['DOUBLE', { name: 'DOUBLE' }],
    ['DOUBLE PRECISION', { name: 'DOUBLE' }],
    ['FLOAT', { name: 'DOUBLE' }],
    ['REAL', { name: 'REAL' }],
    ['DATE', { name: 'DATE' }],
    ['TIME', { name: 'TIME' }],
    ['TIMESTAMP', { name: 'TIMESTAMP' }],
    ['BINARY(16)', { name: 'BINARY', length: 16 }],
    ['VARBINARY(64)', { name: 'VARBINARY', length: 64 }],
    ['BINARY VARYING(8)', { name: 'VARBINARY', length: 8 }],
  ])('type %s', (written, type) => {
    const s = createStream(`CREATE STREAM s (c ${written})`);
    expect(s.columns[0]?.type.type).toStrictEqual({ ...type, nullable: true });
    expect(s.columns[0]?.type.end).toBe(`CREATE STREAM s (c ${written}`.length);
  });
});

describe('CREATE PUMP', () => {
  it('reads DESCRIPTION, the target with a column list, and the query', () => {
    const p = createPump(`CREATE OR REPLACE PUMP "p1" DESCRIPTION 'copies' AS
      INSERT INTO "CALC" ("TICKER", "TRADETIME") SELECT STREAM a, b FROM s`);
    expect([nameOf(p.name.parts[0]!), p.description?.value, nameOf(p.insert.target.parts[0]!)]).toEqual(['"p1"', 'copies', '"CALC"']);
    expect(p.insert.columns?.map(nameOf)).toEqual(['"TICKER"', '"TRADETIME"']);
    expect(p.insert.query.kind).toBe('Select');
  });

  it('tells a parenthesised query from a column list', () => {
    const p = createPump('CREATE PUMP p AS INSERT INTO t (SELECT STREAM * FROM s)');
    expect([p.insert.columns, p.insert.query.kind]).toEqual([undefined, 'Select']);
  });

  it('inserts into a qualified stream', () => {
    const p = createPump('CREATE PUMP p AS INSERT INTO aggtest.out SELECT STREAM * FROM aggtest.weatherstream');
    expect(p.insert.target.parts.map(nameOf)).toEqual(['AGGTEST', 'OUT']);
  });
});

describe('SELECT', () => {
  it('reads STREAM and the set quantifier', () => {
    expect(select('SELECT STREAM * FROM s')).toMatchObject({ stream: true });
    expect(select('SELECT * FROM s').stream).toBe(false);
    expect(select('SELECT STREAM DISTINCT a FROM s').quantifier).toBe('DISTINCT');
    expect(select('SELECT ALL a FROM s').quantifier).toBe('ALL');
  });

  it('reads *, qualified stars and aliases with and without AS', () => {
    const s = select('SELECT STREAM *, t.*, "s".t.*, a AS x, b y, c "Mixed", d FROM t');
    expect(
      s.items.map((i) => (i.kind === 'AllColumns' ? `*${(i.qualifier ?? []).map(nameOf).join('.')}` : `${sx(i.expr)}${i.alias ? `=${nameOf(i.alias)}` : ''}`)),
    ).toEqual(['*', '*T', '*"s".T', 'A=X', 'B=Y', 'C="Mixed"', 'D']);
  });

  it('reads WHERE, GROUP BY, HAVING, WINDOW and ORDER BY', () => {
    const q = parseQuery(`SELECT STREAM a, COUNT(*) FROM s WHERE a > 1
      GROUP BY a, STEP(s.ROWTIME BY INTERVAL '1' MINUTE) HAVING COUNT(*) > 2
      WINDOW w1 AS (ROWS 2 PRECEDING), w2 AS (PARTITION BY a RANGE INTERVAL '1' HOUR PRECEDING)
      ORDER BY a DESC NULLS LAST, 2`);
    const s = asSelect(q);
    expect(s.where && sx(s.where)).toBe('(> A 1)');
    expect(s.groupBy?.map((g) => g.kind)).toEqual(['ColumnRef', 'Step']);
    expect(s.having && sx(s.having)).toBe('(> COUNT(*) 2)');
    expect(s.windows.map((w) => nameOf(w.name))).toEqual(['W1', 'W2']);
    expect(s.orderBy?.map((o) => [sx(o.expr), o.direction, o.nulls])).toEqual([
      ['A', 'DESC', 'LAST'],
      ['2', undefined, undefined],
    ]);
  });

  it('reads WINDOWED BY STAGGER after WHERE, as the developer guide writes it', () => {
    const s = select(`SELECT STREAM ticker, COUNT(*) FROM s WHERE price > 0
      WINDOWED BY STAGGER (PARTITION BY FLOOR(event_time TO MINUTE), ticker RANGE INTERVAL '1' MINUTE)`);
    expect(s.windowedBy?.partitionBy.map((e) => e.kind)).toEqual(['FloorCeil', 'ColumnRef']);
    expect(s.windowedBy && sx(s.windowedBy.range)).toBe('INTERVAL(60000ms)');
  });

  it('also reads WINDOWED BY at the end, and records GROUP BY next to it for the analyzer', () => {
    expect(select("SELECT STREAM a FROM s WINDOW w AS (ROWS 1 PRECEDING) WINDOWED BY STAGGER(PARTITION BY a RANGE INTERVAL '1' SECOND)").windowedBy).toBeDefined();
    const both = select("SELECT STREAM a FROM s WINDOWED BY STAGGER(PARTITION BY a RANGE INTERVAL '1' SECOND) GROUP BY a");
    expect([both.windowedBy?.kind, both.groupBy?.length]).toEqual(['StaggerWindow', 1]);
  });
});

describe('FROM', () => {
  const from = (clause: string): string => fromShape(select(`SELECT STREAM * FROM ${clause}`).from);

  it('reads names with and without aliases', () => {
    expect(from('s')).toBe('S');
    expect(from('s AS t')).toBe('S AS T');
    expect(from('s t')).toBe('S AS T');
    expect(from('aggtest.weatherstream w')).toBe('AGGTEST.WEATHERSTREAM AS W');
    expect(from('"CompanyName" as "c"')).toBe('"CompanyName" AS "c"');
  });

  it('reads a window on a relation, before or after the alias', () => {
    expect(from("TradeStream OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t")).toBe('TRADESTREAM OVER AS T');
    expect(from('TradeStream OVER t')).toBe('TRADESTREAM OVER');
    expect(from('TradeStream AS t OVER (ROWS 10 PRECEDING)')).toBe('TRADESTREAM OVER AS T');
    const s = select('SELECT STREAM * FROM s OVER w1');
    expect(s.from.kind === 'TableRef' && s.from.over).toMatchObject({ kind: 'NamedWindowRef', name: { name: 'W1' } });
  });

  it('reads subqueries with an alias, with column aliases, and with none', () => {
    expect(from('(SELECT STREAM * FROM s) AS t')).toBe('(subquery) AS T');
    expect(from('(SELECT STREAM W3C_LOG_PARSE("log", \'COMMON\') FROM s) AS l(r)')).toBe('(subquery) AS L(R)');
    expect(from('(SELECT STREAM * FROM s)')).toBe('(subquery)');
    expect(from('(SELECT STREAM * FROM s) OVER (RANGE CURRENT ROW) AS r')).toBe('(subquery) OVER AS R');
  });

  it('reads table functions, with or without a space after TABLE', () => {
    const s = select("SELECT STREAM * FROM TABLE (TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM s), 'TICKER', 5, 60)) AS k");
    expect(fromShape(s.from)).toBe('TABLE(TOP_K_ITEMS_TUMBLING) AS K');
    if (s.from.kind !== 'TableFunctionRef') throw new Error(s.from.kind);
    expect(s.from.call.args.map((a) => a.kind)).toEqual(['Cursor', 'StringLiteral', 'NumericLiteral', 'NumericLiteral']);
    expect(from('TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM * FROM s)))')).toBe('TABLE(RANDOM_CUT_FOREST)');
  });

  it('reads every join type', () => {
    expect(from('a JOIN b ON a.x = b.x')).toBe('(INNER A B ON (= A.X B.X))');
    expect(from('a INNER JOIN b ON TRUE')).toBe('(INNER A B ON TRUE)');
    expect(from('a LEFT JOIN b ON c')).toBe('(LEFT A B ON C)');
    expect(from('a LEFT OUTER JOIN b ON c')).toBe('(LEFT A B ON C)');
    expect(from('a RIGHT JOIN b ON c')).toBe('(RIGHT A B ON C)');
    expect(from('a RIGHT OUTER JOIN b ON c')).toBe('(RIGHT A B ON C)');
    expect(from('a FULL JOIN b ON c')).toBe('(FULL A B ON C)');
    expect(from('a FULL OUTER JOIN b ON c')).toBe('(FULL A B ON C)');
    expect(from('a CROSS JOIN b')).toBe('(CROSS A B)');
    expect(from('a NATURAL JOIN b')).toBe('(NATURAL INNER A B)');
    expect(from('a NATURAL LEFT JOIN b')).toBe('(NATURAL LEFT A B)');
    expect(from('a JOIN b USING (x, y)')).toBe('(INNER A B USING X,Y)');
    // The grammar shows ON as optional; the analyzer decides.
    expect(from('a JOIN b')).toBe('(INNER A B)');
  });

  it('makes joins left-deep, with commas binding looser than JOIN', () => {
    expect(from('a JOIN b ON p LEFT JOIN c ON q')).toBe('(LEFT (INNER A B ON P) C ON Q)');
    expect(from('a, b JOIN c ON p')).toBe('(COMMA A (INNER B C ON P))');
    expect(from('a, b, c')).toBe('(COMMA (COMMA A B) C)');
    expect(from('(a JOIN b ON p) JOIN c ON q')).toBe('(INNER (INNER A B ON P) C ON Q)');
  });
});

describe('window specifications', () => {
  it('reads the documented sliding windows', () => {
    const range = windowOf("PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING");
    expect(range.partitionBy.map(sx)).toEqual(['TICKER_SYMBOL']);
    expect(range.frame).toMatchObject({ unit: 'RANGE', from: { bound: 'PRECEDING', offset: { kind: 'IntervalLiteral' } } });
    expect(range.frame?.to).toBeUndefined();
    expect(windowOf('ROWS 10 PRECEDING').frame).toMatchObject({ unit: 'ROWS', from: { bound: 'PRECEDING', offset: { text: '10' } } });
    expect(windowOf('ROWS CURRENT ROW').frame?.from.bound).toBe('CURRENT_ROW');
    expect(windowOf('RANGE CURRENT ROW').frame).toMatchObject({ unit: 'RANGE', from: { bound: 'CURRENT_ROW' } });
  });

  it('reads BETWEEN frames, UNBOUNDED and FOLLOWING, for the analyzer to judge', () => {
    const between = windowOf('ROWS BETWEEN 4 PRECEDING AND CURRENT ROW').frame;
    expect([between?.from.bound, between?.to?.bound]).toEqual(['PRECEDING', 'CURRENT_ROW']);
    const range = windowOf("RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW").frame;
    expect(range?.from.offset?.kind).toBe('IntervalLiteral');
    const unbounded = windowOf('ROWS BETWEEN UNBOUNDED PRECEDING AND 4 FOLLOWING').frame;
    expect([unbounded?.from.bound, unbounded?.to?.bound, unbounded?.to?.offset && sx(unbounded.to.offset)]).toEqual([
      'UNBOUNDED_PRECEDING',
      'FOLLOWING',
      '4',
    ]);
    expect(windowOf('ROWS UNBOUNDED FOLLOWING').frame?.from.bound).toBe('UNBOUNDED_FOLLOWING');
    expect(windowOf('ROWS 2 FOLLOWING').frame?.from.bound).toBe('FOLLOWING');
  });

  it('records ORDER BY and a base window name, with their positions', () => {
    const w = windowOf('w1 PARTITION BY a ORDER BY ROWTIME DESC ROWS 3 PRECEDING');
    expect([w.base && nameOf(w.base), w.orderBy.map((o) => `${sx(o.expr)} ${o.direction ?? ''}`)]).toEqual(['W1', ['ROWTIME DESC']]);
    // `SELECT STREAM f(x) OVER (` is 25 characters, so ROWTIME starts in column 25 + 28.
    expect(w.orderBy[0]?.pos.column).toBe(53);
    expect(windowOf('').partitionBy).toEqual([]);
  });
});

describe('set operations and VALUES', () => {
  const shape = (source: string): string => {
    const walk = (q: ReturnType<typeof parseQuery>): string =>
      q.kind === 'SetOperation' ? `(${q.op}${q.all ? ' ALL' : ''} ${walk(q.left)} ${walk(q.right)})` : q.kind === 'Values' ? 'VALUES' : fromShape(q.from);
    return walk(parseQuery(source));
  };

  it('reads UNION ALL and makes INTERSECT bind tighter than UNION and EXCEPT', () => {
    expect(shape('SELECT STREAM * FROM a UNION ALL SELECT STREAM * FROM b')).toBe('(UNION ALL A B)');
    expect(shape('SELECT * FROM a UNION SELECT * FROM b INTERSECT SELECT * FROM c EXCEPT SELECT * FROM d')).toBe('(EXCEPT (UNION A (INTERSECT B C)) D)');
    expect(shape('SELECT * FROM a UNION DISTINCT (SELECT * FROM b UNION ALL SELECT * FROM c)')).toBe('(UNION A (UNION ALL B C))');
  });

  it('gives a trailing ORDER BY to the whole set operation', () => {
    const q = parseQuery('SELECT STREAM x FROM a UNION ALL SELECT STREAM x FROM b ORDER BY x') as SetOperation;
    expect([q.kind, q.orderBy?.length, asSelect(q.right).orderBy]).toEqual(['SetOperation', 1, undefined]);
  });

  it('reads VALUES rows, with or without ROW', () => {
    const q = parseQuery("VALUES (1, 'a'), ROW(2, 'b')");
    expect(q.kind === 'Values' && q.rows.map((r) => r.map(sx))).toEqual([
      ['1', "'a'"],
      ['2', "'b'"],
    ]);
  });
});

describe('walking the tree', () => {
  it('visits parents before children, children in the order of their properties', () => {
    const kinds: string[] = [];
    walkAst(parseQuery('SELECT STREAM a + 1 AS b FROM s WHERE c'), (node: AstNode) => kinds.push(node.kind));
    expect(kinds).toEqual([
      'Select',
      'SelectExpr',
      'BinaryOp',
      'ColumnRef',
      'Identifier',
      'NumericLiteral',
      'Identifier',
      'TableRef',
      'QualifiedName',
      'Identifier',
      'ColumnRef',
      'Identifier',
    ]);
  });
});
