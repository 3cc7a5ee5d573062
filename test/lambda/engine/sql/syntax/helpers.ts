import type { AstNode, Expr, FromItem, Identifier, Query, Select, Statement } from '../../../../../lambda/engine/sql/syntax/ast';
import { SqlSyntaxError } from '../../../../../lambda/engine/sql/syntax/errors';
import { parseApplication, parseExpression, parseQuery } from '../../../../../lambda/engine/sql/syntax/parser';

/** A name as a reader writes it: quoted names in double quotes. */
export function nameOf(id: Identifier): string {
  return id.quoted ? `"${id.name}"` : id.name;
}

/**
 * An expression as an S-expression, to assert tree shapes compactly: `a + b * c` is `(+ A (* B C))`.
 * Test-only; it covers what the tests use and names anything else by its kind.
 */
export function sx(e: Expr): string {
  switch (e.kind) {
    case 'NumericLiteral':
      return e.text;
    case 'StringLiteral':
      return `'${e.value}'`;
    case 'BooleanLiteral':
      return e.value === null ? 'UNKNOWN' : String(e.value).toUpperCase();
    case 'NullLiteral':
      return 'NULL';
    case 'ColumnRef':
      return e.parts.map(nameOf).join('.');
    case 'BinaryOp':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'UnaryOp':
      return `(${e.op} ${sx(e.operand)})`;
    case 'IsTest':
      return `(IS${e.negated ? ' NOT' : ''} ${e.test} ${sx(e.operand)})`;
    case 'IsDistinctFrom':
      return `(IS${e.negated ? ' NOT' : ''} DISTINCT FROM ${sx(e.left)} ${sx(e.right)})`;
    case 'Between':
      return `(${e.negated ? 'NOT ' : ''}BETWEEN ${sx(e.operand)} ${sx(e.low)} ${sx(e.high)})`;
    case 'InList':
      return `(${e.negated ? 'NOT ' : ''}IN ${sx(e.operand)} ${e.values.map(sx).join(' ')})`;
    case 'Like':
      return `(${e.negated ? 'NOT ' : ''}${e.operator} ${sx(e.operand)} ${sx(e.pattern)}${e.escape ? ` ${sx(e.escape)}` : ''})`;
    case 'FunctionCall':
      return `${e.name.parts.map(nameOf).join('.')}(${e.star ? '*' : ''}${e.quantifier ? `${e.quantifier} ` : ''}${e.args.map(sx).join(' ')})`;
    case 'IntervalLiteral':
      return `INTERVAL(${e.value.amount}${e.value.family === 'YEAR_MONTH' ? 'mo' : 'ms'})`;
    case 'DatetimeLiteral':
      return `${e.type}(${e.value})`;
    case 'IntervalQualified':
      return `(QUALIFY ${sx(e.operand)} ${e.qualifier.from}${e.qualifier.to ? ` TO ${e.qualifier.to}` : ''})`;
    case 'FieldAccess':
      return `(. ${sx(e.operand)} ${nameOf(e.field)})`;
    case 'Subscript':
      return `([] ${sx(e.operand)} ${sx(e.index)})`;
    default:
      return e.kind;
  }
}

/** The expression parsed and printed. */
export const tree = (source: string): string => sx(parseExpression(source));

/** The SqlSyntaxError a call throws; fails the test if it throws anything else or nothing. */
export function syntaxError(fn: () => unknown): SqlSyntaxError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a SqlSyntaxError, but parsing succeeded');
}

/** The message of the error parsing `source` as an application throws. */
export const appError = (source: string): string => syntaxError(() => parseApplication(source)).message;
export const exprError = (source: string): string => syntaxError(() => parseExpression(source)).message;

export function onlyStatement(source: string): Statement {
  const app = parseApplication(source);
  expect(app.statements).toHaveLength(1);
  return app.statements[0] as Statement;
}

/** The query of a source that is one SELECT. */
export function select(source: string): Select {
  const q = parseQuery(source);
  if (q.kind !== 'Select') throw new Error(`expected a Select, got ${q.kind}`);
  return q;
}

/** The query of a pump or query statement. */
export function queryOf(statement: Statement): Query {
  if (statement.kind === 'CreatePump') return statement.insert.query;
  if (statement.kind === 'QueryStatement') return statement.query;
  throw new Error(`${statement.kind} has no query`);
}

export function asSelect(q: Query): Select {
  if (q.kind !== 'Select') throw new Error(`expected a Select, got ${q.kind}`);
  return q;
}

/** A FROM tree as text: `(JOIN LEFT S (OVER T))`, names with their aliases. */
export function fromShape(f: FromItem): string {
  const suffix = (item: { alias?: Identifier; over?: unknown; columnAliases?: readonly Identifier[] }): string =>
    `${item.over ? ' OVER' : ''}${item.alias ? ` AS ${nameOf(item.alias)}` : ''}${item.columnAliases ? `(${item.columnAliases.map(nameOf).join(',')})` : ''}`;
  switch (f.kind) {
    case 'TableRef':
      return `${f.name.parts.map(nameOf).join('.')}${suffix(f)}`;
    case 'SubqueryRef':
      return `(subquery)${suffix(f)}`;
    case 'TableFunctionRef':
      return `TABLE(${f.call.name.parts.map(nameOf).join('.')})${suffix(f)}`;
    case 'Join':
      return `(${f.natural ? 'NATURAL ' : ''}${f.joinType} ${fromShape(f.left)} ${fromShape(f.right)}${f.on ? ` ON ${sx(f.on)}` : ''}${f.using ? ` USING ${f.using.map(nameOf).join(',')}` : ''})`;
  }
}

/** Every node's `pos`/`end` pair, for checks that positions are consistent. */
export function allNodes(node: AstNode): AstNode[] {
  const out: AstNode[] = [node];
  const visit = (value: unknown): void => {
    if (typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && 'pos' in value) {
      out.push(...allNodes(value as AstNode));
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const [key, value] of Object.entries(node)) if (key !== 'pos') visit(value);
  return out;
}

/** The line and column (code points) of an offset, computed independently of the lexer. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1] ?? '';
  return { line: lines.length, column: Array.from(last).length + 1 };
}
