import { SqlAnalysisError } from '../../../../../lambda/engine/sql/analyze';
import type { InputSchema } from '../../../../../lambda/engine/sql/input';
import { ApplicationRuntime, ReferenceTableError, compileApplication, runInputs, type RunOptions } from '../../../../../lambda/engine/sql/runtime';
import { TICKERS, rec } from './fixtures';

const json = (columns: Record<string, string>): InputSchema => ({
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: Object.entries(columns).map(([name, type]) => ({ Name: name.toUpperCase(), Mapping: `$.${name}`, SqlType: type })),
});

const ORDERS = json({ orderid: 'INTEGER', amount: 'INTEGER' });
const SHIPMENTS = json({ orderid: 'INTEGER', carrier: 'VARCHAR(8)' });
const COMPANIES: InputSchema = {
  RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'TICKER', SqlType: 'VARCHAR(8)' },
    { Name: 'COMPANY', SqlType: 'VARCHAR(32)' },
  ],
};

const order = (t: string, orderid: number, amount: number): string => JSON.stringify({ rowtime: `2024-01-01 ${t}`, data: { orderid, amount } });
const shipment = (t: string, orderid: number, carrier: string): string => JSON.stringify({ rowtime: `2024-01-01 ${t}`, data: { orderid, carrier } });
const bound = (t: string): string => JSON.stringify({ rowtime: `2024-01-01 ${t}`, bound: true });

const compileJoin = (sql: string) => compileApplication(sql, ORDERS, { inputStream: 'ORDERS', inputs: { SHIPMENTS } });

/** `[HH:MM:SS, row]` for each output row, in emission order. */
function runJoin(sql: string, orders: string[], shipments: string[], options: RunOptions = {}): [string, unknown][] {
  const lines = runInputs(
    compileJoin(sql),
    [
      { stream: 'ORDERS', lines: orders },
      { stream: 'SHIPMENTS', lines: shipments },
    ],
    options,
  );
  return lines.map((l) => {
    const r = JSON.parse(l) as { rowtime: string; row: unknown };
    return [r.rowtime.slice(11, 19), r.row];
  });
}

const JOIN = (type: string, window = "RANGE INTERVAL '1' MINUTE PRECEDING"): string =>
  `SELECT STREAM o.orderid AS o_id, s.orderid AS s_id, s.carrier FROM ORDERS AS o ${type} JOIN SHIPMENTS OVER (${window}) AS s ON o.orderid = s.orderid`;

// Shipment 1 arrives before its order; shipment 2's order comes 70 s later (out of the 1-minute
// window); order 3 and shipment 3 share a ROWTIME (orders are given first, so the order arrives first);
// order 4 never ships; shipment 5 never had an order.
const ORDER_ROWS = [order('00:00:30', 1, 10), order('00:01:50', 2, 20), order('00:02:00', 3, 30), order('00:02:10', 4, 40)];
const SHIPMENT_ROWS = [shipment('00:00:00', 1, 'UPS'), shipment('00:00:40', 2, 'DHL'), shipment('00:02:00', 3, 'FEDEX'), shipment('00:02:05', 5, 'UPS')];

describe('stream-to-stream joins', () => {
  it('INNER: a row meets the rows in the other side window; the pair comes out at the later ROWTIME', () => {
    expect(runJoin(JOIN(''), ORDER_ROWS, [...SHIPMENT_ROWS, bound('00:10:00')])).toEqual([
      ['00:00:30', { O_ID: 1, S_ID: 1, CARRIER: 'UPS' }],
      // order 2 at 00:01:50: shipment 2 (00:00:40) left the window at 00:01:40
      // order 3 at 00:02:00 finds nothing; shipment 3 at 00:02:00 finds order 3 (an unwindowed side keeps its current row)
      ['00:02:00', { O_ID: 3, S_ID: 3, CARRIER: 'FEDEX' }],
    ]);
  });

  it('LEFT: an unmatched order comes out NULL-padded as soon as time moves past it (its side holds only the current row)', () => {
    expect(runJoin(JOIN('LEFT'), ORDER_ROWS, SHIPMENT_ROWS)).toEqual([
      ['00:00:30', { O_ID: 1, S_ID: 1, CARRIER: 'UPS' }],
      ['00:01:50', { O_ID: 2, S_ID: null, CARRIER: null }], // emitted when shipment 3 (00:02:00) arrives
      ['00:02:00', { O_ID: 3, S_ID: 3, CARRIER: 'FEDEX' }],
      // order 4 at 00:02:10 is still current when the input ends: KDA keeps it, as it keeps open windows
    ]);
  });

  it('RIGHT: an unmatched shipment comes out when it leaves its window, with the window bound as ROWTIME', () => {
    expect(runJoin(JOIN('RIGHT'), ORDER_ROWS, [...SHIPMENT_ROWS, bound('00:03:06')])).toEqual([
      ['00:00:30', { O_ID: 1, S_ID: 1, CARRIER: 'UPS' }],
      ['00:01:40', { O_ID: null, S_ID: 2, CARRIER: 'DHL' }], // shipment 2 (00:00:40) leaves at 00:01:40, seen at 00:01:50
      ['00:02:00', { O_ID: 3, S_ID: 3, CARRIER: 'FEDEX' }],
      ['00:03:05', { O_ID: null, S_ID: 5, CARRIER: 'UPS' }], // closed by the bound
    ]);
  });

  it('FULL: both sides keep their unmatched rows, in the order they settle', () => {
    expect(runJoin(JOIN('FULL'), ORDER_ROWS, [...SHIPMENT_ROWS, bound('00:03:06')])).toEqual([
      ['00:00:30', { O_ID: 1, S_ID: 1, CARRIER: 'UPS' }],
      ['00:01:40', { O_ID: null, S_ID: 2, CARRIER: 'DHL' }],
      ['00:01:50', { O_ID: 2, S_ID: null, CARRIER: null }],
      ['00:02:00', { O_ID: 3, S_ID: 3, CARRIER: 'FEDEX' }],
      ['00:02:10', { O_ID: 4, S_ID: null, CARRIER: null }],
      ['00:03:05', { O_ID: null, S_ID: 5, CARRIER: 'UPS' }],
    ]);
  });

  it('flushAtEnd settles what is still waiting', () => {
    expect(runJoin(JOIN('LEFT'), ORDER_ROWS, SHIPMENT_ROWS, { flushAtEnd: true }).slice(-1)).toEqual([['00:02:10', { O_ID: 4, S_ID: null, CARRIER: null }]]);
  });

  it('ROWS n PRECEDING: the side keeps its n + 1 latest rows, whatever their age', () => {
    const shipments = [shipment('00:00:00', 1, 'A'), shipment('00:00:01', 2, 'B'), shipment('00:00:02', 1, 'C')];
    const orders = [order('00:05:00', 1, 1), order('00:05:01', 2, 1)];
    // The window holds shipments 2 and 1/C; 1/A fell out when 1/C arrived.
    expect(runJoin(JOIN('', 'ROWS 1 PRECEDING'), orders, shipments)).toEqual([
      ['00:05:00', { O_ID: 1, S_ID: 1, CARRIER: 'C' }],
      ['00:05:01', { O_ID: 2, S_ID: 2, CARRIER: 'B' }],
    ]);
  });

  it('windows on both sides: a pair is made once, by whichever row arrives second', () => {
    const sql = `SELECT STREAM o.orderid AS id, o.ROWTIME AS ot, s.ROWTIME AS st, ROWTIME AS t
      FROM ORDERS OVER (RANGE INTERVAL '10' SECOND PRECEDING) AS o
      JOIN SHIPMENTS OVER (RANGE INTERVAL '10' SECOND PRECEDING) AS s ON o.orderid = s.orderid`;
    expect(runJoin(sql, [order('00:00:00', 1, 1), order('00:00:15', 2, 1)], [shipment('00:00:05', 1, 'A'), shipment('00:00:30', 2, 'B')])).toEqual([
      ['00:00:05', { ID: 1, OT: '2024-01-01 00:00:00', ST: '2024-01-01 00:00:05', T: '2024-01-01 00:00:05' }],
      // shipment 2 at 00:00:30: order 2 (00:00:15) is 15 s old, out of the orders' 10-second window
    ]);
  });

  it('CROSS JOIN and FROM a, b pair every row with the window', () => {
    const sql = (from: string) => `SELECT STREAM o.orderid AS o_id, s.orderid AS s_id FROM ${from}`;
    const orders = [order('00:00:10', 1, 1)];
    const shipments = [shipment('00:00:00', 7, 'A'), shipment('00:00:05', 8, 'B')];
    const expected = [
      ['00:00:10', { O_ID: 1, S_ID: 7 }],
      ['00:00:10', { O_ID: 1, S_ID: 8 }],
    ];
    expect(runJoin(sql("ORDERS AS o CROSS JOIN SHIPMENTS OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS s"), orders, shipments)).toEqual(expected);
    expect(runJoin(sql("ORDERS AS o, SHIPMENTS OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS s"), orders, shipments)).toEqual(expected);
  });

  it('a self-join over a window pairs each row with the earlier rows of the window and itself', () => {
    const sql = `SELECT STREAM a.qty AS a_qty, b.qty AS b_qty FROM SOURCE_SQL_STREAM_001 AS a
      JOIN SOURCE_SQL_STREAM_001 OVER (ROWS 1 PRECEDING) AS b ON a.ticker = b.ticker`;
    const app = compileApplication(sql, TICKERS);
    const out = runInputs(app, [{ stream: 'SOURCE_SQL_STREAM_001', lines: [rec('2024-01-01 00:00:00', 'A', 1, 1), rec('2024-01-01 00:00:01', 'A', 1, 2)] }]);
    expect(out.map((l) => (JSON.parse(l) as { row: unknown }).row)).toEqual([
      { A_QTY: 1, B_QTY: 1 },
      { A_QTY: 2, B_QTY: 1 },
      { A_QTY: 2, B_QTY: 2 },
    ]);
  });

  it('SELECT * lists both sides, and a join feeds GROUP BY like any rows', () => {
    const star = runJoin(`SELECT STREAM * FROM ORDERS AS o JOIN SHIPMENTS OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS s ON o.orderid = s.orderid`, ORDER_ROWS, SHIPMENT_ROWS);
    expect(star[0]).toEqual(['00:00:30', { ORDERID: 1, AMOUNT: 10, CARRIER: 'UPS' }]); // the second ORDERID takes the same key in JSON
    const grouped = `SELECT STREAM s.carrier, COUNT(*) AS n, SUM(o.amount) AS total
      FROM ORDERS AS o JOIN SHIPMENTS OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS s ON o.orderid = s.orderid
      GROUP BY s.carrier, STEP(o.ROWTIME BY INTERVAL '5' MINUTE)`;
    expect(runJoin(grouped, ORDER_ROWS, [...SHIPMENT_ROWS, bound('00:05:00')])).toEqual([
      ['00:05:00', { CARRIER: 'UPS', N: 1, TOTAL: 10 }],
      ['00:05:00', { CARRIER: 'FEDEX', N: 1, TOTAL: 30 }],
    ]);
  });

  it('keeps join state bounded by the windows', () => {
    const app = compileJoin(JOIN('FULL'));
    const runtime = new ApplicationRuntime(app);
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 2000; i++) {
      runtime.pushRecord(JSON.stringify({ orderid: i, amount: 1 }), t0 + i * 1000, 'ORDERS');
      runtime.pushRecord(JSON.stringify({ orderid: i + 5, carrier: 'X' }), t0 + i * 1000, 'SHIPMENTS');
    }
    expect(runtime.stateSize().joinRows).toBeLessThanOrEqual(62); // one minute of shipments + the current order
    expect(runtime.drain().length).toBeGreaterThan(1990);
  });

  it('an ON that fails at runtime sends the pair to error_stream and the row goes on', () => {
    const sql = `SELECT STREAM o.orderid FROM ORDERS AS o LEFT JOIN SHIPMENTS OVER (ROWS 5 PRECEDING) AS s ON o.amount / (s.orderid - 1) = 10`;
    const out = runJoin(sql, [order('00:00:10', 1, 10), bound('00:00:11')], [shipment('00:00:00', 1, 'A')]);
    expect(out.map(([t, r]) => [t, (r as Record<string, unknown>)['ERROR_NAME'] ?? r])).toEqual([
      ['00:00:10', 'DIVISION_BY_ZERO'],
      ['00:00:10', { ORDERID: 1 }],
    ]);
  });
});

describe('stream-to-table joins', () => {
  const compileTable = (sql: string) => compileApplication(sql, TICKERS, { tables: { COMPANIES } });
  const tableRows = ['AMZN,Amazon', 'MSFT,Microsoft'];
  const runTable = (sql: string, lines: string[], tables: Record<string, string[]> = { COMPANIES: tableRows }) =>
    runInputs(compileTable(sql), [{ stream: 'SOURCE_SQL_STREAM_001', lines }], { tables }).map((l) => (JSON.parse(l) as { row: unknown }).row);

  it('JOIN and LEFT JOIN look each row up at once', () => {
    const lines = [rec('2024-01-01 00:00:00', 'AMZN', 1, 1), rec('2024-01-01 00:00:01', 'XYZ', 1, 2)];
    expect(runTable('SELECT STREAM t.ticker, c.company FROM SOURCE_SQL_STREAM_001 AS t JOIN COMPANIES AS c ON t.ticker = c.ticker', lines)).toEqual([
      { TICKER: 'AMZN', COMPANY: 'Amazon' },
    ]);
    expect(runTable('SELECT STREAM t.ticker, c.company FROM SOURCE_SQL_STREAM_001 AS t LEFT JOIN COMPANIES AS c ON t.ticker = c.ticker', lines)).toEqual([
      { TICKER: 'AMZN', COMPANY: 'Amazon' },
      { TICKER: 'XYZ', COMPANY: null },
    ]);
    // The table on the left of an inner join works the same.
    expect(runTable('SELECT STREAM c.company, t.qty FROM COMPANIES AS c JOIN SOURCE_SQL_STREAM_001 AS t ON t.ticker = c.ticker', lines)).toEqual([{ COMPANY: 'Amazon', QTY: 1 }]);
  });

  it('a record of the table that is not a row stops the run with its number', () => {
    const app = compileApplication('SELECT STREAM t.ticker FROM SOURCE_SQL_STREAM_001 AS t JOIN C ON t.qty = c.n', TICKERS, {
      tables: { C: { ...COMPANIES, RecordColumns: [{ Name: 'N', SqlType: 'INTEGER' }] } },
    });
    expect(() => new ApplicationRuntime(app, { tables: { C: ['1', 'one'] } })).toThrow(ReferenceTableError);
    expect(() => new ApplicationRuntime(app, { tables: { C: ['1', 'one'] } })).toThrow(/reference table C, record 2: /);
  });
});

describe('join analysis errors', () => {
  const error = (sql: string): SqlAnalysisError => {
    try {
      compileApplication(sql, ORDERS, { inputStream: 'ORDERS', inputs: { SHIPMENTS }, tables: { COMPANIES } });
    } catch (e) {
      if (e instanceof SqlAnalysisError) return e;
      throw e;
    }
    throw new Error('expected an analysis error');
  };

  it('positions each rule', () => {
    const twoStreams = error('SELECT STREAM * FROM ORDERS AS o JOIN SHIPMENTS AS s ON o.orderid = s.orderid');
    expect([twoStreams.line, twoStreams.column, twoStreams.detail]).toEqual([1, 22, "A join of two streams needs a window on at least one side, e.g. S OVER (RANGE INTERVAL '1' MINUTE PRECEDING)"]);
    expect(error("SELECT STREAM * FROM ORDERS AS o JOIN COMPANIES OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS c ON TRUE").detail).toBe(
      'Reference table COMPANIES cannot have a window: every row of it is always there',
    );
    expect(error('SELECT STREAM * FROM ORDERS AS o RIGHT JOIN COMPANIES AS c ON TRUE').detail).toBe(
      'A RIGHT JOIN that keeps the unmatched rows of reference table COMPANIES is not supported yet by this engine',
    );
    expect(error('SELECT STREAM * FROM COMPANIES').detail).toBe('Reference table COMPANIES can only be joined to a stream: a query reads a stream');
    expect(error("SELECT STREAM * FROM ORDERS AS o JOIN SHIPMENTS OVER (RANGE INTERVAL '1' HOUR FOLLOWING) AS s ON TRUE").detail).toMatch(/A FOLLOWING join window is not supported yet/);
    expect(error("SELECT STREAM * FROM ORDERS AS o JOIN SHIPMENTS OVER (ROWS 1 PRECEDING) AS s ON TRUE JOIN COMPANIES AS c ON TRUE").detail).toBe(
      'A join of more than two relations is not supported yet by this engine',
    );
    const ambiguous = error("SELECT STREAM orderid FROM ORDERS AS o JOIN SHIPMENTS OVER (ROWS 1 PRECEDING) AS s ON TRUE");
    expect([ambiguous.column, ambiguous.detail]).toEqual([15, expect.stringMatching(/ambiguous/i)]);
    expect(error("SELECT STREAM * FROM ORDERS AS o JOIN SHIPMENTS OVER (ROWS 1 PRECEDING) AS s ON o.orderid").detail).toMatch(/BOOLEAN condition in ON/);
  });
});
