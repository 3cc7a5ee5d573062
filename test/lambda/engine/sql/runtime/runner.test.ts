import { SqlAnalysisError } from '../../../../../lambda/engine/sql/analyze';
import type { InputSchema } from '../../../../../lambda/engine/sql/input';
import { ApplicationRuntime, compileApplication, formatOutputRow, parseRowtime, runApplication, RunnerInputError } from '../../../../../lambda/engine/sql/runtime';
import { TICKERS, rec, bound } from './fixtures';


const run = (sql: string, lines: string[]): unknown[] => runApplication(compileApplication(sql, TICKERS), lines).map((l) => JSON.parse(l) as unknown);

describe('runApplication', () => {
  it('runs a filter/projection pump', () => {
    const sql = `
      CREATE STREAM "DEST" (ticker VARCHAR(3), total DOUBLE);
      CREATE PUMP p AS INSERT INTO "DEST"
        SELECT STREAM ticker, price * qty FROM SOURCE_SQL_STREAM_001 WHERE qty > 1;`;
    const lines = runApplication(compileApplication(sql, TICKERS), [rec('2024-01-01 00:00:01', 'AMZN', 10.5, 2), rec('2024-01-01T00:00:02Z', 'MSFT', 3, 1)]);
    // VARCHAR(8) into VARCHAR(3): truncated silently; ROWTIME carried through.
    expect(lines).toEqual(['{"stream":"DEST","rowtime":"2024-01-01T00:00:01.000Z","row":{"TICKER":"AMZ","TOTAL":21}}']);
  });

  it('chains two pumps and SELECT STREAM * omits ROWTIME', () => {
    const sql = `
      CREATE STREAM s1 (ticker VARCHAR(8), qty INTEGER);
      CREATE STREAM s2 (ticker VARCHAR(8), qty BIGINT, at TIMESTAMP);
      CREATE PUMP p1 AS INSERT INTO s1 SELECT STREAM ticker, qty FROM SOURCE_SQL_STREAM_001;
      CREATE PUMP p2 AS INSERT INTO s2 SELECT STREAM *, ROWTIME FROM s1 WHERE qty >= 5;`;
    expect(run(sql, [rec('2024-01-01 00:00:01.250', 'A', 1, 7), rec('2024-01-01 00:00:02', 'B', 1, 3)])).toEqual([
      { stream: 'S1', rowtime: '2024-01-01T00:00:01.250Z', row: { TICKER: 'A', QTY: 7 } },
      { stream: 'S2', rowtime: '2024-01-01T00:00:01.250Z', row: { TICKER: 'A', QTY: 7, AT: '2024-01-01 00:00:01.250' } },
      { stream: 'S1', rowtime: '2024-01-01T00:00:02.000Z', row: { TICKER: 'B', QTY: 3 } },
    ]);
  });

  it('runs a bare query into QUERY', () => {
    expect(run('SELECT STREAM * FROM SOURCE_SQL_STREAM_001', [rec('2024-01-01 00:00:00', 'A', 1.5, 2)])).toEqual([
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:00.000Z', row: { TICKER: 'A', PRICE: 1.5, QTY: 2 } },
    ]);
  });

  it('emits a one-minute tumbling count by key when a row or bound moves past the window', () => {
    const sql = `
      CREATE STREAM out (ticker VARCHAR(8), n BIGINT, total INTEGER, avgq INTEGER, lo DOUBLE, hi DOUBLE);
      CREATE PUMP p AS INSERT INTO out
        SELECT STREAM ticker, COUNT(*), SUM(qty), AVG(qty), MIN(price), MAX(price)
        FROM SOURCE_SQL_STREAM_001
        GROUP BY ticker, STEP(SOURCE_SQL_STREAM_001.ROWTIME BY INTERVAL '60' SECOND);`;
    const lines = run(sql, [
      rec('2024-01-01 00:00:05', 'A', 1, 1),
      rec('2024-01-01 00:00:10', 'B', 5, 4),
      rec('2024-01-01 00:00:59.999', 'A', 3, 2),
      bound('2024-01-01 00:00:59.999'), // not yet past the window: nothing
      'MARK',
      rec('2024-01-01 00:01:30', 'A', 2, 9), // closes [00:00, 00:01)
      'MARK',
      bound('2024-01-01 00:02:00'), // closes [00:01, 00:02)
    ].flatMap((l) => (l === 'MARK' ? [] : [l])));
    expect(lines).toEqual([
      { stream: 'OUT', rowtime: '2024-01-01T00:01:00.000Z', row: { TICKER: 'A', N: 2, TOTAL: 3, AVGQ: 1, LO: 1, HI: 3 } },
      { stream: 'OUT', rowtime: '2024-01-01T00:01:00.000Z', row: { TICKER: 'B', N: 1, TOTAL: 4, AVGQ: 4, LO: 5, HI: 5 } },
      { stream: 'OUT', rowtime: '2024-01-01T00:02:00.000Z', row: { TICKER: 'A', N: 1, TOTAL: 9, AVGQ: 9, LO: 2, HI: 2 } },
    ]);
  });

  it('makes the emission moment visible: nothing before the bound, the group right after it', () => {
    const sql = `SELECT STREAM FLOOR(ROWTIME TO MINUTE) AS w, COUNT(*) AS c FROM SOURCE_SQL_STREAM_001 GROUP BY FLOOR(ROWTIME TO MINUTE)`;
    const app = compileApplication(sql, TICKERS);
    expect(runApplication(app, [rec('2024-01-01 00:00:05', 'A', 1, 1), rec('2024-01-01 00:00:06', 'A', 1, 1)])).toEqual([]);
    expect(runApplication(app, [rec('2024-01-01 00:00:05', 'A', 1, 1), rec('2024-01-01 00:00:06', 'A', 1, 1), bound('2024-01-01 00:01:00')])).toEqual([
      '{"stream":"QUERY","rowtime":"2024-01-01T00:01:00.000Z","row":{"W":"2024-01-01 00:00:00","C":2}}',
    ]);
    // flushAtEnd closes the open window at the end of the input.
    expect(runApplication(app, [rec('2024-01-01 00:00:05', 'A', 1, 1)], { flushAtEnd: true })).toHaveLength(1);
  });

  it('supports the FLOOR((ROWTIME - epoch) SECOND / n TO SECOND) key with HAVING', () => {
    const sql = `SELECT STREAM ticker, COUNT(*) AS c FROM SOURCE_SQL_STREAM_001
      GROUP BY ticker, FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND / 10 TO SECOND) HAVING COUNT(*) > 1`;
    expect(
      run(sql, [rec('2024-01-01 00:00:01', 'A', 1, 1), rec('2024-01-01 00:00:02', 'A', 1, 1), rec('2024-01-01 00:00:03', 'B', 1, 1), rec('2024-01-01 00:00:10', 'A', 1, 1)]),
    ).toEqual([{ stream: 'QUERY', rowtime: '2024-01-01T00:00:10.000Z', row: { TICKER: 'A', C: 2 } }]);
  });

  it('propagates bounds through a pump to a downstream tumbling window', () => {
    const sql = `
      CREATE STREAM big (ticker VARCHAR(8), qty INTEGER NOT NULL);
      CREATE STREAM counts (ticker VARCHAR(8), c BIGINT);
      CREATE PUMP p1 AS INSERT INTO big SELECT STREAM ticker, qty FROM SOURCE_SQL_STREAM_001 WHERE qty > 5;
      CREATE PUMP p2 AS INSERT INTO counts SELECT STREAM ticker, COUNT(*) FROM big GROUP BY ticker, FLOOR(big.ROWTIME TO MINUTE);`;
    const app = compileApplication(sql, TICKERS);
    const lines = runApplication(app, [
      rec('2024-01-01 00:00:01', 'A', 1, 6),
      rec('2024-01-01 00:01:01', 'A', 1, 1), // filtered out by p1, but its time closes the window downstream
    ]);
    expect(lines).toEqual([
      '{"stream":"BIG","rowtime":"2024-01-01T00:00:01.000Z","row":{"TICKER":"A","QTY":6}}',
      '{"stream":"COUNTS","rowtime":"2024-01-01T00:01:00.000Z","row":{"TICKER":"A","C":1}}',
    ]);
    expect(runApplication(app, [rec('2024-01-01 00:00:01', 'A', 1, 6)], { streams: ['COUNTS'], flushAtEnd: true })).toEqual([
      '{"stream":"COUNTS","rowtime":"2024-01-01T00:01:00.000Z","row":{"TICKER":"A","C":1}}',
    ]);
  });

  it('sends a NULL into a NOT NULL column of a pump target to error_stream', () => {
    const sql = `CREATE STREAM d (q INTEGER NOT NULL); CREATE PUMP p AS INSERT INTO d SELECT STREAM qty FROM SOURCE_SQL_STREAM_001;`;
    const out = run(sql, [JSON.stringify({ rowtime: '2024-01-01 00:00:01', data: { ticker: 'A', price: 1 } })]);
    expect(out).toEqual([expect.objectContaining({ stream: 'error_stream', row: expect.objectContaining({ ERROR_NAME: 'NOT_NULL_VIOLATION', PUMP_NAME: 'P' }) })]);
  });

  it('emits a tumbling group exactly when a row or bound moves the monotonic key past it (push by push)', () => {
    const app = compileApplication(
      `SELECT STREAM ticker, COUNT(*) AS c FROM SOURCE_SQL_STREAM_001 GROUP BY ticker, STEP(ROWTIME BY INTERVAL '1' MINUTE)`,
      TICKERS,
    );
    const rt = new ApplicationRuntime(app);
    const at = (s: string): number => parseRowtime(s) as number;
    const step = (f: () => void): string[] => {
      f();
      return rt.drain().map(formatOutputRow);
    };
    expect(step(() => rt.pushRecord('{"ticker":"A","price":1,"qty":1}', at('2024-01-01 00:00:10')))).toEqual([]);
    expect(step(() => rt.pushBound(at('2024-01-01 00:00:59.999')))).toEqual([]);
    expect(step(() => rt.pushBound(at('2024-01-01 00:01:00')))).toEqual(['{"stream":"QUERY","rowtime":"2024-01-01T00:01:00.000Z","row":{"TICKER":"A","C":1}}']);
    expect(step(() => rt.pushRecord('{"ticker":"B","price":1,"qty":1}', at('2024-01-01 00:01:05')))).toEqual([]);
    // A late row (behind the high-water mark) is dropped.
    expect(step(() => rt.pushRecord('{"ticker":"B","price":1,"qty":1}', at('2024-01-01 00:00:30')))).toEqual([]);
    expect(step(() => rt.pushRecord('{"ticker":"C","price":1,"qty":1}', at('2024-01-01 00:03:00')))).toEqual([
      '{"stream":"QUERY","rowtime":"2024-01-01T00:02:00.000Z","row":{"TICKER":"B","C":1}}',
    ]);
  });

  it('reads CSV records given as strings', () => {
    const csv: InputSchema = {
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'K', SqlType: 'VARCHAR(4)' },
        { Name: 'V', SqlType: 'DECIMAL(5,2)' },
      ],
    };
    const app = compileApplication('SELECT STREAM k, v * 2 AS d FROM SOURCE_SQL_STREAM_001', csv);
    expect(runApplication(app, [JSON.stringify({ rowtime: '2024-01-01T00:00:00.5Z', data: 'x,1.25' })])).toEqual([
      '{"stream":"QUERY","rowtime":"2024-01-01T00:00:00.500Z","row":{"K":"x","D":2.5}}',
    ]);
  });

  it('sends a division by zero to error_stream with the documented columns', () => {
    const sql = `SELECT STREAM ticker, qty / (qty - 2) AS r FROM SOURCE_SQL_STREAM_001`;
    const out = run(sql, [rec('2024-01-01 00:00:01', 'A', 1, 2), rec('2024-01-01 00:00:02', 'B', 1, 3)]);
    expect(out).toEqual([
      {
        stream: 'error_stream',
        rowtime: '2024-01-01T00:00:01.000Z',
        row: {
          ERROR_TIME: '2024-01-01 00:00:01',
          ERROR_LEVEL: 'ERROR',
          ERROR_NAME: 'DIVISION_BY_ZERO',
          MESSAGE: 'Division by zero',
          DATA_ROWTIME: '2024-01-01 00:00:01',
          DATA_ROW: Buffer.from('{"TICKER":"A","PRICE":1,"QTY":2,"APPROXIMATE_ARRIVAL_TIME":1704067201000,"ROWTIME":1704067201000}').toString('hex'),
          PUMP_NAME: null,
        },
      },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:02.000Z', row: { TICKER: 'B', R: 3 } },
    ]);
  });

  it('sends an unmappable input record to error_stream', () => {
    const out = run('SELECT STREAM * FROM SOURCE_SQL_STREAM_001', [JSON.stringify({ rowtime: '2024-01-01 00:00:01', data: { ticker: 'A', price: 'x', qty: 1 } })]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ stream: 'error_stream', rowtime: '2024-01-01T00:00:01.000Z', row: { ERROR_NAME: 'COERCION_ERROR', PUMP_NAME: null } });
  });

  it('rejects malformed input lines', () => {
    const app = compileApplication('SELECT STREAM * FROM SOURCE_SQL_STREAM_001', TICKERS);
    expect(() => runApplication(app, ['{"rowtime": "yesterday", "bound": true}'])).toThrow(RunnerInputError);
    expect(() => runApplication(app, ['', 'nope'])).toThrow('input line 2');
  });
});

describe('compileApplication', () => {
  const error = (sql: string): SqlAnalysisError => {
    try {
      compileApplication(sql, TICKERS);
    } catch (e) {
      if (e instanceof SqlAnalysisError) return e;
      throw e;
    }
    throw new Error('expected an error');
  };

  it('reports unknown streams with their position', () => {
    const e = error('CREATE STREAM d (a INTEGER);\nCREATE PUMP p AS INSERT INTO d SELECT STREAM qty FROM nowhere;');
    expect(e.message).toMatch(/^line 2, column \d+: Stream NOWHERE not found/);
    expect(error('CREATE PUMP p AS INSERT INTO d SELECT STREAM qty FROM SOURCE_SQL_STREAM_001').detail).toMatch(/Stream D not found/);
  });

  it('reports INSERT column count and type mismatches', () => {
    expect(error('CREATE STREAM d (a INTEGER, b INTEGER); CREATE PUMP p AS INSERT INTO d SELECT STREAM qty FROM SOURCE_SQL_STREAM_001').detail).toMatch(
      /expects 2 columns but the query produces 1/,
    );
    expect(error('CREATE STREAM d (a BOOLEAN); CREATE PUMP p AS INSERT INTO d SELECT STREAM ROWTIME FROM SOURCE_SQL_STREAM_001').detail).toMatch(
      /Cannot insert a value of type TIMESTAMP into column A BOOLEAN/,
    );
  });

  it('names unsupported constructs', () => {
    expect(error('SELECT STREAM COUNT(DISTINCT qty) OVER (ROWS 1 PRECEDING) FROM SOURCE_SQL_STREAM_001').detail).toMatch(/COUNT\(DISTINCT ...\) OVER is not supported/);
    expect(error('SELECT STREAM ticker, COUNT(*) FROM SOURCE_SQL_STREAM_001 GROUP BY ticker').detail).toMatch(/monotonic ROWTIME key/);
    expect(error('SELECT STREAM * FROM SOURCE_SQL_STREAM_001 a JOIN SOURCE_SQL_STREAM_001 b ON a.qty = b.qty').detail).toMatch(/needs a window on at least one side/);
    expect(error('SELECT STREAM qty, COUNT(*) FROM SOURCE_SQL_STREAM_001').detail).toMatch(/GROUP BY/);
  });

  it('rejects a pump cycle', () => {
    expect(error('CREATE STREAM d (q INTEGER); CREATE PUMP p AS INSERT INTO d SELECT STREAM q FROM d').detail).toMatch(/cycle/);
  });

  it('accepts an INSERT column list, leaving other nullable columns NULL', () => {
    const app = compileApplication('CREATE STREAM d (a INTEGER, b VARCHAR(4)); CREATE PUMP p AS INSERT INTO d (b) SELECT STREAM ticker FROM SOURCE_SQL_STREAM_001', TICKERS);
    expect(runApplication(app, [rec('2024-01-01 00:00:00', 'ABCDEF', 1, 1)])).toEqual(['{"stream":"D","rowtime":"2024-01-01T00:00:00.000Z","row":{"A":null,"B":"ABCD"}}']);
  });
});
