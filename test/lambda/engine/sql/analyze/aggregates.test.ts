import {
  AggregateRegistry,
  aggregateFunctionOf,
  collectAggregates,
  isAggregateCall,
  syntaxKey,
} from '../../../../../lambda/engine/sql/analyze/aggregates';
import { CompileOptions } from '../../../../../lambda/engine/sql/analyze/compile';
import { createScope } from '../../../../../lambda/engine/sql/analyze/scope';
import type { FunctionCall } from '../../../../../lambda/engine/sql/syntax/ast';
import { parseExpression } from '../../../../../lambda/engine/sql/syntax/parser';
import { Decimal } from '../../../../../lambda/engine/sql/types';
import { STOCK, analysisError, compile, rowValues, stockScope, ty, typeText } from './helpers';

const GROUP: CompileOptions = { aggregates: 'group', clause: 'SELECT' };
const WINDOW: CompileOptions = { aggregates: 'window', clause: 'SELECT' };

const summary = (source: string): string[] =>
  collectAggregates(parseExpression(source)).map((a) => `${a.fn}${a.windowed ? ' OVER' : ''}@${a.call.pos.column}`);

describe('collectAggregates', () => {
  it('finds the outermost aggregate and analytic calls in source order, with or without OVER', () => {
    expect(summary('SUM(x) + COUNT(*) * AVG(y) OVER w')).toEqual(['SUM@1', 'COUNT@10', 'AVG OVER@21']);
    expect(summary('SUM(MAX(x))')).toEqual(['SUM@1']);
    expect(summary("CASE WHEN std_dev(x) > 1 THEN 'a' ELSE UPPER(FIRST_VALUE(s) OVER (RANGE INTERVAL '1' MINUTE PRECEDING)) END")).toEqual([
      'STDDEV_SAMP@11',
      'FIRST_VALUE OVER@46',
    ]);
    expect(summary('UPPER(x) || LAG(x, 1) OVER w')).toEqual(['LAG OVER@13']);
    expect(summary('x IN (SELECT STREAM SUM(y) FROM s)')).toEqual([]);
    expect(summary('COALESCE(x, 0) + STEP(ROWTIME BY INTERVAL \'1\' MINUTE)')).toEqual([]);
  });

  it('names aggregate calls by their canonical function', () => {
    const call = parseExpression('std_dev(x)') as FunctionCall;
    expect(aggregateFunctionOf(call)).toBe('STDDEV_SAMP');
    expect(isAggregateCall(call)).toBe(true);
    expect(isAggregateCall(parseExpression('upper(x)'))).toBe(false);
    expect(isAggregateCall(parseExpression('s.sum(x)'))).toBe(false);
  });

  it('keys calls by structure, not spacing or quoting', () => {
    expect(syntaxKey(parseExpression('SUM( qty )'))).toBe(syntaxKey(parseExpression('sum(QTY)')));
    expect(syntaxKey(parseExpression('SUM("QTY")'))).toBe(syntaxKey(parseExpression('sum(qty)')));
    expect(syntaxKey(parseExpression('SUM(qty)'))).not.toBe(syntaxKey(parseExpression('SUM(qty) OVER w')));
    expect(syntaxKey(parseExpression('SUM("qty")'))).not.toBe(syntaxKey(parseExpression('SUM(qty)')));
  });
});

describe('aggregate slots', () => {
  it('replaces each aggregate by a read of RowValues.aggregates[slot] and describes the call', () => {
    const c = compile('SUM(qty) * 2 + COUNT(*)', stockScope, GROUP);
    expect(c.evaluate(rowValues(undefined, { aggregates: [21, 3n] }))).toBe(45n);
    expect(c.evaluate(rowValues(undefined, { aggregates: [null, 3n] }))).toBeNull();
    expect(typeText(c.type)).toBe('BIGINT');
    expect(c.aggregates).toHaveLength(2);
    const sum = c.aggregates[0]!;
    const count = c.aggregates[1]!;
    expect(sum).toMatchObject({ slot: 0, fn: 'SUM', star: false, distinct: false });
    expect(sum.over).toBeUndefined();
    expect(sum.args.map((a) => a.evaluate(rowValues()))).toEqual([7]);
    expect(sum.args[0]?.references).toEqual([{ relation: 0, column: 4, name: 'QTY' }]);
    expect(typeText(sum.type)).toBe('INTEGER');
    expect(count).toMatchObject({ slot: 1, fn: 'COUNT', star: true, args: [] });
    expect(typeText(count.type)).toBe('BIGINT NOT NULL');
    expect(c.references).toEqual([{ relation: 0, column: 4, name: 'QTY' }]);
    expect(() => c.evaluate(rowValues())).toThrow('RowValues.aggregates is not set, but the expression reads aggregate slot 0');
  });

  it('numbers slots once per query through a shared registry, sharing identical calls', () => {
    const registry = new AggregateRegistry();
    const select = compile('SUM(qty) / COUNT(qty)', stockScope, { ...GROUP, registry });
    const having = compile('sum( QTY ) > 10', stockScope, { aggregates: 'group', clause: 'HAVING', registry, condition: true });
    const third = compile('MAX(price) - MIN(price) + COUNT(qty)', stockScope, { ...GROUP, registry });
    expect(registry.aggregates.map((a) => `${a.slot}:${a.fn}`)).toEqual(['0:SUM', '1:COUNT', '2:MAX', '3:MIN']);
    expect(select.aggregates.map((a) => a.slot)).toEqual([0, 1]);
    expect(having.aggregates.map((a) => a.slot)).toEqual([0]);
    expect(having.references).toEqual([{ relation: 0, column: 4, name: 'QTY' }]);
    expect(third.aggregates.map((a) => a.slot)).toEqual([2, 3, 1]);
    const slots = { aggregates: [20, 3n, 9.5, 1.5] };
    expect(select.evaluate(rowValues(undefined, slots))).toBe(6n);
    expect(having.evaluate(rowValues(undefined, slots))).toBe(true);
    expect(third.evaluate(rowValues(undefined, slots))).toBe(11);
  });

  it('types results by the aggregate rules', () => {
    const cases: [string, string, CompileOptions][] = [
      ['COUNT(*)', 'BIGINT NOT NULL', GROUP],
      ['COUNT(ticker_symbol)', 'BIGINT NOT NULL', GROUP],
      ['COUNT(NULL)', 'BIGINT NOT NULL', GROUP],
      ['SUM(qty)', 'INTEGER', GROUP],
      ['SUM(price)', 'REAL', GROUP],
      ['AVG(qty)', 'INTEGER', GROUP],
      ['AVG(amount)', 'DECIMAL(10,2)', GROUP],
      ['MIN(ticker_symbol)', 'VARCHAR(4)', GROUP],
      ['MAX(ts)', 'TIMESTAMP', GROUP],
      ['FIRST_VALUE(flag)', 'BOOLEAN', GROUP],
      ['LAST_VALUE(ROWTIME)', 'TIMESTAMP', GROUP],
      ['STDDEV_POP(rate)', 'DOUBLE', GROUP],
      ['VAR_SAMP(qty)', 'INTEGER', GROUP],
      ['STD_DEV(price)', 'REAL', GROUP],
      ["EXP_AVG(price, INTERVAL '10' SECOND) OVER w", 'REAL', WINDOW],
      ['LAG(qty) OVER w', 'INTEGER', WINDOW],
      ['LAG(qty, 1, 0.5) OVER w', 'DECIMAL(11,1)', WINDOW],
      ['NTH_VALUE(ticker_symbol, 2) FROM LAST OVER w', 'VARCHAR(4)', WINDOW],
      ['COUNT(DISTINCT qty) OVER (RANGE INTERVAL \'1\' MINUTE PRECEDING)', 'BIGINT NOT NULL', WINDOW],
    ];
    for (const [source, type, options] of cases) expect([source, typeText(compile(source, stockScope, options).type)]).toEqual([source, type]);
  });

  it('describes windows, DISTINCT, null treatment and FROM LAST for the runtime', () => {
    const lag = compile('LAG(qty, 1, 0.5) OVER w', stockScope, WINDOW).aggregates[0];
    expect(lag?.args.map((a) => a.evaluate(rowValues()))).toEqual([7, 1, new Decimal(5n, 1)]);
    expect(lag?.over).toMatchObject({ kind: 'NamedWindowRef', name: { name: 'W' } });
    const nth = compile('NTH_VALUE(ticker_symbol, 2) FROM LAST IGNORE NULLS OVER (PARTITION BY sector ROWS 3 PRECEDING)', stockScope, WINDOW).aggregates[0];
    expect(nth).toMatchObject({ fn: 'NTH_VALUE', fromEnd: 'LAST', nullTreatment: 'IGNORE NULLS', over: { kind: 'WindowSpec' } });
    const distinct = compile('SUM(DISTINCT qty) OVER w', stockScope, WINDOW).aggregates[0];
    expect(distinct).toMatchObject({ fn: 'SUM', distinct: true });
    const std = compile('std_dev(qty)', stockScope, GROUP).aggregates[0];
    expect(std?.fn).toBe('STDDEV_SAMP');
    const first = compile('FIRST_VALUE(qty) OVER w', stockScope, WINDOW).aggregates[0];
    expect(first?.nullTreatment).toBeUndefined();
  });
});

describe('where aggregates are allowed', () => {
  it('rejects aggregates where the clause forbids them, naming the clause', () => {
    expect(analysisError('SUM(qty) > 1', stockScope, { clause: 'WHERE' })).toBe('1:1 Aggregate function SUM is not allowed in WHERE');
    expect(analysisError('qty + max(qty)')).toBe('1:7 Aggregate function MAX is not allowed in this expression');
    expect(analysisError('AVG(price) OVER w > 1', stockScope, { clause: 'WHERE' })).toBe('1:1 Windowed aggregate AVG(...) OVER is not allowed in WHERE');
    expect(analysisError('SUM(qty) OVER w', stockScope, GROUP)).toBe(
      '1:1 SUM(...) OVER (a sliding-window aggregate) cannot be combined with GROUP BY aggregation in SELECT',
    );
    expect(analysisError('SUM(qty)', stockScope, WINDOW)).toBe('1:1 Aggregate function SUM needs an OVER window in SELECT, since the query has no GROUP BY');
    expect(analysisError('LAG(qty)', stockScope, { aggregates: 'any' })).toBe('1:1 LAG is an analytic function: it needs an OVER window');
    expect(compile('SUM(qty) + SUM(qty) OVER w', stockScope, { aggregates: 'any' }).aggregates.map((a) => a.over !== undefined)).toEqual([false, true]);
  });

  it('rejects nested aggregates, DISTINCT without OVER and misplaced modifiers', () => {
    expect(analysisError('SUM(MAX(qty))', stockScope, GROUP)).toBe('1:5 Aggregate function MAX cannot be nested inside SUM');
    expect(analysisError('SUM(qty + COUNT(*) OVER w) OVER w', stockScope, WINDOW)).toBe('1:11 Aggregate function COUNT cannot be nested inside SUM');
    expect(analysisError('COUNT(DISTINCT qty)', stockScope, GROUP)).toBe(
      '1:1 COUNT(DISTINCT ...) is only supported with OVER; DISTINCT is not allowed in GROUP BY aggregates',
    );
    expect(analysisError('SUM(*)', stockScope, GROUP)).toBe('1:1 SUM(*) is not valid: only COUNT accepts *');
    expect(analysisError('SUM(qty) IGNORE NULLS', stockScope, GROUP)).toBe(
      '1:1 IGNORE NULLS is only valid after FIRST_VALUE, LAST_VALUE, LAG or NTH_VALUE, not SUM',
    );
  });

  it('checks aggregate arguments', () => {
    expect(analysisError('SUM(ticker_symbol)', stockScope, GROUP)).toBe('1:5 Cannot apply SUM to arguments of type SUM(<VARCHAR(4)>); expected SUM(<NUMERIC>)');
    expect(analysisError('std_dev(ts)', stockScope, GROUP)).toBe('1:9 Cannot apply STD_DEV to arguments of type STD_DEV(<TIMESTAMP>); expected STD_DEV(<NUMERIC>)');
    expect(analysisError('SUM(qty, 1)', stockScope, GROUP)).toBe('1:1 Invalid number of arguments to SUM: expected 1 but got 2');
    expect(analysisError('COUNT()', stockScope, GROUP)).toBe('1:1 Invalid number of arguments to COUNT: expected 1 but got 0');
    expect(analysisError('NTH_VALUE(qty) OVER w', stockScope, WINDOW)).toBe('1:1 Invalid number of arguments to NTH_VALUE: expected 2 but got 1');
    expect(analysisError('LAG(qty, 1, 0, 4) OVER w', stockScope, WINDOW)).toBe('1:1 Invalid number of arguments to LAG: expected 1 to 3 but got 4');
    expect(analysisError("LAG(qty, 'a') OVER w", stockScope, WINDOW)).toBe(
      "1:10 Cannot apply LAG to arguments of type LAG(<INTEGER>, <CHAR(1)>); expected LAG(<ANY> [, <INTEGER> offset [, <ANY> default]])",
    );
    expect(analysisError("LAG(qty, 1, 'a') OVER w", stockScope, WINDOW)).toBe('1:1 Cannot find a common type for INTEGER, CHAR(1)');
    expect(analysisError('EXP_AVG(price, 10) OVER w', stockScope, WINDOW)).toBe(
      "1:16 The half-life of EXP_AVG must be a day-time INTERVAL (EXP_AVG(x, INTERVAL '10' SECOND)), not INTEGER",
    );
    expect(analysisError("MAX(REGEX_LOG_PARSE(log, '(a)'))", stockScope, GROUP)).toBe(
      '1:5 Cannot compare values of types <ROW(COLUMN1 VARCHAR(1024))> and <ROW(COLUMN1 VARCHAR(1024))>',
    );
    expect(analysisError('FIRST_VALUE(NULL)', stockScope, GROUP)).toBe('1:13 Cannot infer the type of NULL as argument 1 of FIRST_VALUE; write CAST(NULL AS <type>)');
  });
});

describe('GROUP BY keys', () => {
  const grouped = (keys: string[], options: CompileOptions = GROUP): CompileOptions => ({ ...options, groupKeys: keys.map((k) => parseExpression(k)) });

  it('accepts grouping columns and expressions outside aggregates, however they are written', () => {
    const c = compile("ticker_symbol || ':' || CAST(SUM(qty) AS VARCHAR(10))", stockScope, grouped(['"SOURCE_SQL_STREAM_001".ticker_symbol']));
    expect(c.evaluate(rowValues(undefined, { aggregates: [42] }))).toBe('AMZN:42');
    expect(compile("STEP(ts BY INTERVAL '1'   MINUTE)", stockScope, grouped(["STEP(ts BY INTERVAL '1' MINUTE)", 'sector'])).evaluate(rowValues())).toBe(
      Date.UTC(2020, 0, 1, 10, 30),
    );
    expect(compile('SUM(price * qty) / COUNT(*)', stockScope, grouped(['sector'])).aggregates).toHaveLength(2);
  });

  it('rejects other columns outside aggregates', () => {
    expect(analysisError('sector', stockScope, grouped(['ticker_symbol']))).toBe(
      '1:1 Column SECTOR must appear in GROUP BY or be used inside an aggregate function in SELECT',
    );
    expect(analysisError("STEP(ts BY INTERVAL '2' MINUTE)", stockScope, grouped(["STEP(ts BY INTERVAL '1' MINUTE)"]))).toBe(
      '1:6 Column TS must appear in GROUP BY or be used inside an aggregate function in SELECT',
    );
    expect(analysisError('ROWTIME', stockScope, grouped(['sector']))).toBe(
      '1:1 Column ROWTIME must appear in GROUP BY or be used inside an aggregate function in SELECT',
    );
  });

  it("accepts ROWTIME as the output row's time and fields of a grouped ROW column", () => {
    const rowScope = createScope(
      [
        {
          alias: 'S',
          columns: [
            ...STOCK.columns.slice(0, 2),
            { name: 'R', type: ty('ROW', { fields: [{ name: 'COLUMN1', type: ty('VARCHAR', { length: 9 }) }] }) },
          ],
        },
      ],
      { rowtime: 'row' },
    );
    const c = compile('ROWTIME', rowScope, grouped(['FLOOR(S.ROWTIME TO MINUTE)']));
    expect(c.evaluate({ rows: [['A', 'B', null, 0]], rowtime: 60_000 })).toBe(60_000);
    expect(compile('r.COLUMN1', rowScope, grouped(['s.r'])).evaluate({ rows: [['A', 'B', { COLUMN1: 'x' }, 0]] })).toBe('x');
    expect(compile('s.r.column1', rowScope, grouped(['r.COLUMN1'])).evaluate({ rows: [['A', 'B', { COLUMN1: 'x' }, 0]] })).toBe('x');
    expect(analysisError('r', rowScope, grouped(['r.COLUMN1']))).toBe('1:1 Column R must appear in GROUP BY or be used inside an aggregate function in SELECT');
  });
});
