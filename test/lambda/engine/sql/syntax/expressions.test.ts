import type { Expr } from '../../../../../lambda/engine/sql/syntax/ast';
import { parseExpression } from '../../../../../lambda/engine/sql/syntax/parser';
import { Interval } from '../../../../../lambda/engine/sql/types';
import { sx, tree } from './helpers';

/** The expression, narrowed to a kind (fails the test if it is another). */
function expr<K extends Expr['kind']>(source: string, kind: K): Extract<Expr, { kind: K }> {
  const e = parseExpression(source);
  expect(e.kind).toBe(kind);
  return e as Extract<Expr, { kind: K }>;
}

describe('precedence and associativity', () => {
  it.each([
    ['a OR b AND c', '(OR A (AND B C))'],
    ['a AND b OR c', '(OR (AND A B) C)'],
    ['NOT a AND b', '(AND (NOT A) B)'],
    ['NOT a = b', '(NOT (= A B))'],
    ['NOT NOT a', '(NOT (NOT A))'],
    // IS binds looser than comparisons (Calcite, PostgreSQL), tighter than NOT.
    ['a = b IS NULL', '(IS NULL (= A B))'],
    ['NOT a IS NULL', '(NOT (IS NULL A))'],
    ['a IS NULL = b', '(= (IS NULL A) B)'],
    ['a IS NOT NULL AND b IS TRUE', '(AND (IS NOT NULL A) (IS TRUE B))'],
    ['a < b + c * d', '(< A (+ B (* C D)))'],
    ['a = b < c', '(< (= A B) C)'],
    // BETWEEN, IN, LIKE bind tighter than comparisons; their operands take || and arithmetic.
    ['a = b LIKE c', '(= A (LIKE B C))'],
    ['a LIKE b || c', '(LIKE A (|| B C))'],
    ['a BETWEEN b AND c AND d', '(AND (BETWEEN A B C) D)'],
    ['a NOT BETWEEN b + 1 AND c * 2', '(NOT BETWEEN A (+ B 1) (* C 2))'],
    ['a IN (1, 2) OR b NOT IN (c)', '(OR (IN A 1 2) (NOT IN B C))'],
    // || sits below + and - (as in PostgreSQL).
    ['a || b + c', '(|| A (+ B C))'],
    ['a + b || c', '(|| (+ A B) C)'],
    ['a - b - c', '(- (- A B) C)'],
    ['a / b * c % d', '(% (* (/ A B) C) D)'],
    ['-a * b', '(* (- A) B)'],
    ['- - a', '(- (- A))'],
    ['+a - -b', '(- (+ A) (- B))'],
    ['(a + b) * c', '(* (+ A B) C)'],
    ['a * (b + c)', '(* A (+ B C))'],
    ['a <> b AND c != d', '(AND (<> A B) (<> C D))'],
    ['a <= b OR a >= b OR a > b', '(OR (OR (<= A B) (>= A B)) (> A B))'],
    ['x.y[1] + f(a).c', '(+ ([] X.Y 1) (. F(A) C))'],
  ])('%s', (source, shape) => {
    expect(tree(source)).toBe(shape);
  });

  it('keeps positions: a node spans from its first to its last token', () => {
    const e = expr('a +\n  b * c', 'BinaryOp');
    expect(e.pos).toEqual({ line: 1, column: 1, offset: 0 });
    expect(e.end).toBe(11);
    expect(e.right.pos).toEqual({ line: 2, column: 3, offset: 6 });
    expect(e.right.end).toBe(11);
  });
});

describe('predicates', () => {
  it('reads every IS test', () => {
    expect(tree('a IS TRUE')).toBe('(IS TRUE A)');
    expect(tree('a IS NOT FALSE')).toBe('(IS NOT FALSE A)');
    expect(tree('a IS UNKNOWN')).toBe('(IS UNKNOWN A)');
    expect(tree('a IS DISTINCT FROM b + 1')).toBe('(IS DISTINCT FROM A (+ B 1))');
    expect(tree('a IS NOT DISTINCT FROM b')).toBe('(IS NOT DISTINCT FROM A B)');
  });

  it('reads LIKE and SIMILAR TO with ESCAPE', () => {
    expect(tree("name LIKE 'a%' ESCAPE '!'")).toBe("(LIKE NAME 'a%' '!')");
    expect(tree("name NOT LIKE '_b'")).toBe("(NOT LIKE NAME '_b')");
    expect(tree("name SIMILAR TO '(a|b)+'")).toBe("(SIMILAR TO NAME '(a|b)+')");
    expect(tree("name NOT SIMILAR TO 'x' ESCAPE '#'")).toBe("(NOT SIMILAR TO NAME 'x' '#')");
  });

  it('reads IN with a subquery and EXISTS', () => {
    const e = expr('a NOT IN (SELECT b FROM t)', 'InSubquery');
    expect(e.negated).toBe(true);
    expect(e.query.kind).toBe('Select');
    expect(expr('EXISTS (SELECT * FROM t)', 'Exists').query.kind).toBe('Select');
  });
});

describe('literals', () => {
  it('reads numbers, strings, booleans and NULL', () => {
    const n = expr('1.5E-6', 'NumericLiteral');
    expect([n.text, n.numberKind]).toEqual(['1.5E-6', 'APPROXIMATE']);
    expect(expr("'it''s'", 'StringLiteral')).toMatchObject({ value: "it's", unicode: false });
    expect(tree('TRUE OR FALSE OR UNKNOWN OR NULL')).toBe('(OR (OR (OR TRUE FALSE) UNKNOWN) NULL)');
  });

  it('reads Unicode strings with and without UESCAPE, and binary strings', () => {
    expect(expr("U&'\\0041\\+01F600'", 'StringLiteral')).toMatchObject({ value: 'A😀', unicode: true });
    const s = expr("u&'!0009!!' UESCAPE '!'", 'StringLiteral');
    expect(s.value).toBe('\t!');
    expect(s.end).toBe("u&'!0009!!' UESCAPE '!'".length);
    expect(expr("X'0aff'", 'BinaryLiteral').hex).toBe('0AFF');
  });

  it('reads datetime literals into epoch milliseconds', () => {
    expect(expr("TIMESTAMP '2016-09-23 04:29:26.234'", 'DatetimeLiteral')).toMatchObject({
      type: 'TIMESTAMP',
      text: '2016-09-23 04:29:26.234',
      value: Date.UTC(2016, 8, 23, 4, 29, 26, 234),
    });
    expect(expr("date '2004-09-30'", 'DatetimeLiteral')).toMatchObject({ type: 'DATE', value: Date.UTC(2004, 8, 30) });
    expect(expr("TIME '11:57:23'", 'DatetimeLiteral')).toMatchObject({ type: 'TIME', value: 43_043_000 });
  });

  it('reads interval literals, signed inside and outside the quotes', () => {
    const i = expr("INTERVAL '1:30' HOUR TO MINUTE", 'IntervalLiteral');
    expect(i.value).toEqual(new Interval('DAY_TIME', 5_400_000));
    expect(i.qualifier).toMatchObject({ from: 'HOUR', to: 'MINUTE' });
    expect(expr("INTERVAL -'1' DAY", 'IntervalLiteral')).toMatchObject({ sign: -1, text: '1', value: new Interval('DAY_TIME', -86_400_000) });
    expect(expr("INTERVAL '-2 04' DAY TO HOUR", 'IntervalLiteral').value).toEqual(new Interval('DAY_TIME', -52 * 3_600_000));
    expect(expr("INTERVAL + '3-4' YEAR TO MONTH", 'IntervalLiteral').value).toEqual(new Interval('YEAR_MONTH', 40));
    // A minus before INTERVAL is ordinary negation.
    expect(tree("-INTERVAL '1' DAY")).toBe('(- INTERVAL(86400000ms))');
  });

  it('records interval precisions', () => {
    expect(expr("INTERVAL '100' DAY(3)", 'IntervalLiteral').qualifier).toMatchObject({ from: 'DAY', leadingPrecision: 3 });
    expect(expr("INTERVAL '1.5' SECOND(2, 3)", 'IntervalLiteral').qualifier).toMatchObject({
      from: 'SECOND',
      leadingPrecision: 2,
      fractionalPrecision: 3,
    });
    expect(expr("INTERVAL '1 2:3:4.5' DAY(2) TO SECOND(3)", 'IntervalLiteral').qualifier).toMatchObject({
      from: 'DAY',
      to: 'SECOND',
      leadingPrecision: 2,
      fractionalPrecision: 3,
    });
  });
});

describe('names', () => {
  it('reads qualified column references, ROW fields and ROWTIME as column references', () => {
    expect(expr('l.r.COLUMN1', 'ColumnRef').parts.map((p) => p.name)).toEqual(['L', 'R', 'COLUMN1']);
    const quoted = expr('"SOURCE_SQL_STREAM_001"."ROWTIME"', 'ColumnRef');
    expect(quoted.parts.map((p) => [p.name, p.quoted])).toEqual([
      ['SOURCE_SQL_STREAM_001', true],
      ['ROWTIME', true],
    ]);
    expect(tree('rowtime')).toBe('ROWTIME');
  });

  it('lets keywords that are not reserved be column names', () => {
    expect(tree('hour + timestamp + position + step + interval + floor + stream + rows')).toBe(
      '(+ (+ (+ (+ (+ (+ (+ HOUR TIMESTAMP) POSITION) STEP) INTERVAL) FLOOR) STREAM) ROWS)',
    );
  });
});

describe('calls', () => {
  it('reads COUNT(*), DISTINCT and ALL, empty and qualified calls', () => {
    expect(tree('COUNT(*)')).toBe('COUNT(*)');
    expect(tree('count(DISTINCT x)')).toBe('COUNT(DISTINCT X)');
    expect(tree('SUM(ALL x)')).toBe('SUM(ALL X)');
    expect(tree('f()')).toBe('F()');
    expect(tree('"MySchema".myFn(1, \'a\')')).toBe('"MySchema".MYFN(1 \'a\')');
  });

  it('reads analytic suffixes: OVER a name or a spec, null treatment, FROM FIRST/LAST', () => {
    const avg = expr('AVG(price) OVER w1', 'FunctionCall');
    expect(avg.over).toMatchObject({ kind: 'NamedWindowRef', name: { name: 'W1' } });
    const inline = expr("SUM(x) OVER (PARTITION BY t RANGE INTERVAL '1' MINUTE PRECEDING)", 'FunctionCall');
    expect(inline.over?.kind).toBe('WindowSpec');
    const lag = expr('LAG(price, 2, 0) IGNORE NULLS OVER w', 'FunctionCall');
    expect([lag.args.length, lag.nullTreatment]).toEqual([3, 'IGNORE NULLS']);
    const nth = expr('NTH_VALUE(x, 2) FROM LAST RESPECT NULLS OVER w', 'FunctionCall');
    expect([nth.fromEnd, nth.nullTreatment]).toEqual(['LAST', 'RESPECT NULLS']);
    expect(expr('FIRST_VALUE(x) IGNORE NULLS OVER w', 'FunctionCall').nullTreatment).toBe('IGNORE NULLS');
  });

  it('reads STEP, FLOOR and CEIL with and without TO, and EXTRACT', () => {
    const step = expr('STEP("S".ROWTIME BY INTERVAL \'10\' SECOND)', 'Step');
    expect([sx(step.operand), sx(step.step)]).toEqual(['"S".ROWTIME', 'INTERVAL(10000ms)']);
    expect(sx(expr('STEP(23 BY 5)', 'Step').step)).toBe('5');
    expect(expr('FLOOR(ts TO MINUTE)', 'FloorCeil')).toMatchObject({ fn: 'FLOOR', unit: 'MINUTE' });
    expect(expr('floor(2.5)', 'FloorCeil').unit).toBeUndefined();
    expect(expr('CEILING(ts TO HOUR)', 'FloorCeil')).toMatchObject({ fn: 'CEIL', unit: 'HOUR' });
    expect(expr('CEIL(x)', 'FloorCeil').fn).toBe('CEIL');
    expect(expr('EXTRACT(SECOND FROM ts)', 'Extract').field).toBe('SECOND');
  });

  it('reads the documented FLOOR of an interval-qualified difference', () => {
    const f = expr("FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND / 10 TO SECOND)", 'FloorCeil');
    expect(f.unit).toBe('SECOND');
    expect(sx(f.operand)).toBe('(/ (QUALIFY (- ROWTIME TIMESTAMP(0)) SECOND) 10)');
    expect(tree("(time '12:03:34' - time '11:57:23') minute to second")).toBe('(QUALIFY (- TIME(43414000) TIME(43043000)) MINUTE TO SECOND)');
  });

  it('reads the three SUBSTRING forms', () => {
    expect(expr('SUBSTRING(s FROM 2 FOR 3)', 'Substring')).toMatchObject({ syntax: 'FROM', start: { text: '2' }, length: { text: '3' } });
    expect(expr('SUBSTRING(s FROM 2)', 'Substring').length).toBeUndefined();
    expect(expr('SUBSTRING(s, 12, 4)', 'Substring')).toMatchObject({ syntax: 'COMMA', length: { text: '4' } });
    expect(expr('SUBSTRING(s, 12)', 'Substring').length).toBeUndefined();
    expect(expr("SUBSTRING(s SIMILAR '\"%\"' ESCAPE '#')", 'SubstringSimilar')).toMatchObject({
      pattern: { value: '"%"' },
      escape: { value: '#' },
    });
  });

  it('reads POSITION, whose IN separates the arguments', () => {
    const p = expr("POSITION('.com' IN referrer)", 'Position');
    expect([sx(p.needle), sx(p.haystack), p.start]).toEqual(["'.com'", 'REFERRER', undefined]);
    expect(sx(expr('POSITION(a || b IN c FROM 3)', 'Position').needle)).toBe('(|| A B)');
  });

  it('reads every TRIM form', () => {
    expect(expr("TRIM(' x ')", 'Trim')).toMatchObject({ operand: { value: ' x ' } });
    expect(expr('TRIM(s)', 'Trim').spec).toBeUndefined();
    expect(expr("TRIM(BOTH FROM ' x ')", 'Trim')).toMatchObject({ spec: 'BOTH' });
    expect(expr("TRIM(BOTH ' ' FROM s)", 'Trim')).toMatchObject({ spec: 'BOTH', characters: { value: ' ' } });
    expect(expr("TRIM(LEADING 'x' FROM s)", 'Trim')).toMatchObject({ spec: 'LEADING', characters: { value: 'x' } });
    expect(expr("TRIM(TRAILING 'x' FROM s)", 'Trim').spec).toBe('TRAILING');
    expect(expr("TRIM('x' FROM s)", 'Trim')).toMatchObject({ characters: { value: 'x' }, operand: { kind: 'ColumnRef' } });
  });

  it('reads OVERLAY with and without FOR', () => {
    expect(expr("OVERLAY('12345' PLACING 'foo' FROM 2 FOR 2)", 'Overlay')).toMatchObject({
      replacement: { value: 'foo' },
      start: { text: '2' },
      length: { text: '2' },
    });
    expect(expr("OVERLAY('12345' PLACING 'foo' FROM 1)", 'Overlay').length).toBeUndefined();
  });

  it('reads CAST to every kind of type', () => {
    expect(expr('CAST(x AS VARCHAR(8))', 'Cast').target.type).toEqual({ name: 'VARCHAR', length: 8, nullable: true });
    expect(expr('CAST(x AS DECIMAL(10, 2))', 'Cast').target.type).toEqual({ name: 'DECIMAL', precision: 10, scale: 2, nullable: true });
    const i = expr('CAST(x AS INTERVAL MINUTE TO SECOND)', 'Cast').target;
    expect([i.type, i.qualifier?.from, i.qualifier?.to]).toEqual([{ name: 'INTERVAL', interval: 'DAY_TIME', nullable: true }, 'MINUTE', 'SECOND']);
    expect(expr("CAST('2004-09-30 13:48:23' as TIMESTAMP)", 'Cast').target.type.name).toBe('TIMESTAMP');
  });

  it('reads the niladic datetime values without parentheses', () => {
    for (const name of ['CURRENT_ROW_TIMESTAMP', 'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIMESTAMP', 'LOCALTIME']) {
      expect(expr(name.toLowerCase(), 'CurrentDatetime').name).toBe(name);
    }
  });
});

describe('CASE, subqueries and cursors', () => {
  it('reads simple and searched CASE', () => {
    const simple = expr("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END", 'Case');
    expect([simple.operand && sx(simple.operand), simple.whens.map((w) => `${sx(w.when)}->${sx(w.then)}`), simple.else && sx(simple.else)]).toEqual([
      'X',
      ["1->'a'", "2->'b'"],
      "'c'",
    ]);
    const searched = expr('CASE WHEN a > 1 THEN b END', 'Case');
    expect([searched.operand, searched.whens.length, searched.else]).toEqual([undefined, 1, undefined]);
  });

  it('reads a scalar subquery and a cursor', () => {
    expect(expr('(SELECT MAX(x) FROM t)', 'ScalarSubquery').query.kind).toBe('Select');
    const c = expr('CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001")', 'Cursor');
    expect(c.query).toMatchObject({ kind: 'Select', stream: true });
  });
});
