/**
 * The expression analyzer and compiler: types every node of an expression against a Scope, reports
 * what is wrong with a positioned SqlAnalysisError, and compiles the expression once into a tree of
 * closures that the runtime calls per row (no syntax tree is walked per row).
 *
 * Semantics (kda-sql.md §1; the functions modules document each rule and its source):
 * - Typing uses the result-type rules of ../functions (operators.ts arithmetic and comparison,
 *   commonType for CASE/COALESCE, cast.ts, strings.ts, numeric.ts, datetime.ts). Numbers widen
 *   implicitly (INTEGER + DOUBLE is DOUBLE, INTEGER = DECIMAL compares exactly); strings are never
 *   converted to numbers or datetimes implicitly ('a' + 1 and TIMESTAMP = VARCHAR are analysis errors).
 * - Literals: 42 is INTEGER (BIGINT beyond 32 bits), 1.50 DECIMAL(3,2), 1e2 DOUBLE, 'abc' CHAR(3) (so
 *   CASE branches 'a' and 'bcd' give CHAR(3), 'a  ', as in Calcite — UNCONFIRMED for KDA), X'..' BINARY,
 *   DATE/TIME/TIMESTAMP/INTERVAL literals their type, all NOT NULL. A bare NULL takes the type its
 *   context gives it (the other operand, the other CASE branches, the function parameter); where there is
 *   none (`NULL + NULL`, a select item `NULL`), write CAST(NULL AS type).
 * - NULL propagates through operators and functions; AND/OR/NOT are three-valued; comparisons with
 *   NULL are UNKNOWN (NULL).
 * - Evaluation order and laziness: operands are evaluated left to right. AND stops at a FALSE left
 *   operand and OR at a TRUE one; CASE evaluates conditions in order and only the chosen branch;
 *   COALESCE stops at the first non-NULL argument. So an untaken branch cannot raise an error
 *   (CASE WHEN x = 0 THEN 0 ELSE 1 / x END never divides by zero).
 * - Per-row failures are SqlRuntimeError (../functions/numeric.ts) thrown out of `evaluate`: the
 *   runtime sends the row to error_stream with its errorName and message.
 * - Patterns and formats given as literals (LIKE, SIMILAR TO, REGEX_REPLACE, CHAR_TO_TIMESTAMP,
 *   TIMESTAMP_TO_CHAR, the *_LOG_PARSE arguments) are compiled once, at analysis, where an invalid one
 *   is a SqlAnalysisError; patterns that are row values are compiled per distinct value (cached) and an
 *   invalid one is a SqlRuntimeError.
 * - Aggregates are never evaluated here: see aggregates.ts and CompileOptions.aggregates.
 */
import type {
  Between,
  BinaryOp,
  Case,
  Cast,
  ColumnRef,
  CurrentDatetime,
  Expr,
  Extract,
  FloorCeil,
  FunctionCall,
  Identifier,
  InList,
  IntervalQualified,
  Like,
  Overlay,
  Position,
  Step,
  Substring,
  SubstringSimilar,
  Trim,
  UnaryOp,
} from '../syntax/ast';
import { typeFromCast, castValue } from '../functions/cast';
import {
  ceilDatetime,
  ceilInterval,
  datetimeMinus,
  datetimeMinusCheck,
  extract,
  extractResultType,
  floorDatetime,
  floorInterval,
  intervalType,
  qualifierText,
  stepDatetime,
} from '../functions/datetime';
import {
  ArithmeticOperator,
  ComparisonOperator,
  and,
  arithmeticOperator,
  checkComparable,
  commonType,
  compare,
  concat,
  concatResultType,
  isDistinctFrom,
  isTruth,
  negate,
  negateResultType,
  not,
} from '../functions/operators';
import { ceil, ceilFloorResultType, divisionByZero, floor, stepInteger } from '../functions/numeric';
import {
  StringMatcher,
  compileLike,
  compileSimilarTo,
  like,
  overlay,
  overlayResultType,
  position,
  similarTo,
  substring,
  substringSimilar,
  trim,
  varcharLike,
} from '../functions/strings';
import { Interval, MS_PER_DAY, SqlType, SqlValue } from '../types';
import {
  AGGREGATE_FUNCTION_NAMES,
  AggregateFunctionName,
  AggregateRegistry,
  CompiledAggregate,
  WINDOW_ONLY_FUNCTIONS,
  aggregateFunctionOf,
  syntaxKey,
} from './aggregates';
import { closeNames, sqlName, typeName } from './errors';
import { ParamKind, SCALAR_FUNCTIONS, ScalarFunction, TABLE_FUNCTIONS, UNSUPPORTED_FUNCTIONS, typeArgument } from './functions';
import { DAY_TO_SECOND, Eval, Node, coerce, compileConstant, fail, guard, nullNode, typedNull } from './internal';
import { ResolvedName, RowValues, Scope, resolveName } from './scope';
import {
  hexToBytes,
  intervalSqlType,
  isBooleanType,
  isDatetimeType,
  isIntegerType,
  isIntervalType,
  isNumberRepresented,
  isNumericType,
  isSmallIntegerType,
  isStringType,
  sameRepresentation,
  toQualifier,
  typeNumericLiteral,
  withNullable,
} from './typing';

// =============================================================================================
// Public contract

export interface CompileOptions {
  /**
   * Which aggregate calls the expression may contain (default 'forbidden'):
   * - 'forbidden': none (WHERE, GROUP BY keys, ON, PARTITION BY, aggregate arguments);
   * - 'group': GROUP BY aggregates, `SUM(x)` (SELECT and HAVING of a GROUP BY query);
   * - 'window': sliding-window aggregates only, `SUM(x) OVER w` (SELECT of a query without GROUP BY);
   * - 'any': both.
   * Each allowed call becomes a read of `RowValues.aggregates[slot]`, described in
   * `CompiledExpression.aggregates` and in the registry.
   */
  readonly aggregates?: 'forbidden' | 'group' | 'window' | 'any';
  /** The clause being compiled, for messages: 'WHERE', 'GROUP BY', 'SELECT', 'HAVING', 'ON'... */
  readonly clause?: string;
  /** Shared slot numbering for all expressions of one query (see AggregateRegistry); a fresh one by default. */
  readonly registry?: AggregateRegistry;
  /** The expression must be a BOOLEAN condition (WHERE, HAVING, ON): anything else is an analysis error. */
  readonly condition?: boolean;
  /**
   * The GROUP BY keys of the query (as written; resolved in the same scope). When given, a column
   * outside an aggregate's arguments must be a grouping column, or lie inside a sub-expression that is
   * one of the keys (compared structurally: `FLOOR(s.ROWTIME TO MINUTE)` matches the same text with
   * other spacing; a column key matches however the column is qualified). The runtime evaluates such
   * columns on a row of the group (they are equal on every row of it).
   */
  readonly groupKeys?: readonly Expr[];
}

/** A column an expression reads (aggregate arguments included). */
export interface ColumnReference {
  /** Index of the relation in the scope (and in RowValues.rows). */
  readonly relation: number;
  /** Index in the relation's row array (the relation's rowtimeIndex for ROWTIME). */
  readonly column: number;
  readonly name: string;
}

export interface CompiledExpression {
  readonly type: SqlType;
  /**
   * The value for the current row(s). Throws SqlRuntimeError for a per-row failure (division by
   * zero, bad cast, ...): the runtime sends the row to error_stream. Throws a plain Error when
   * RowValues lacks something the expression needs (a runtime bug).
   */
  readonly evaluate: (row: RowValues) => SqlValue;
  /** The aggregate slots this expression reads (in first-use order; empty without aggregates). */
  readonly aggregates: readonly CompiledAggregate[];
  /** Columns read, each once, in first-use order. */
  readonly references: readonly ColumnReference[];
  /** Set when the expression is a literal (or a typed NULL): its value, known without a row. */
  readonly constant?: { readonly value: SqlValue };
}

// =============================================================================================
// Context

type AggregateMode = 'forbidden' | 'group' | 'window' | 'any';

interface Ctx {
  readonly scope: Scope;
  readonly mode: AggregateMode;
  readonly clause: string;
  readonly registry: AggregateRegistry;
  refs: ColumnReference[];
  refKeys: Set<string>;
  readonly aggs: CompiledAggregate[];
  readonly groupKeys: { readonly columns: ReadonlySet<string>; readonly exprs: ReadonlySet<string> } | undefined;
  /** The enclosing aggregate's name while compiling its arguments. */
  inAggregate: string | undefined;
  /** True inside a sub-expression that is a GROUP BY key. */
  grouped: boolean;
}

function columnKey(r: ResolvedName & { kind: 'column' }, fields = r.fields.length): string {
  return `${r.relation.index}:${r.column}${r.fields
    .slice(0, fields)
    .map((f) => `.${f.name}`)
    .join('')}`;
}

/**
 * Analyzes `expr` in `scope` and compiles it. Throws SqlAnalysisError (with line, column and a
 * message saying what is wrong and what was expected) for anything that makes the expression invalid.
 */
export function compileExpression(expr: Expr, scope: Scope, options: CompileOptions = {}): CompiledExpression {
  let groupKeys: Ctx['groupKeys'];
  if (options.groupKeys !== undefined) {
    const columns = new Set<string>();
    const exprs = new Set<string>();
    for (const key of options.groupKeys) {
      if (key.kind === 'ColumnRef') {
        const r = resolveName(scope, key);
        columns.add(r.kind === 'rowtime' ? 'rowtime' : columnKey(r));
      } else {
        exprs.add(syntaxKey(key));
      }
    }
    groupKeys = { columns, exprs };
  }
  const ctx: Ctx = {
    scope,
    mode: options.aggregates ?? 'forbidden',
    clause: options.clause ?? 'this expression',
    registry: options.registry ?? new AggregateRegistry(),
    refs: [],
    refKeys: new Set(),
    aggs: [],
    groupKeys,
    inAggregate: undefined,
    grouped: false,
  };
  let node = compileNode(expr, ctx);
  if (node.untypedNull) {
    if (!options.condition) fail(expr, 'Cannot infer the type of NULL here; write CAST(NULL AS <type>)');
    node = typedNull({ name: 'BOOLEAN', nullable: true });
  }
  if (options.condition && !isBooleanType(node.type)) {
    fail(expr, `Expected a BOOLEAN condition in ${ctx.clause} but found an expression of type ${typeName(node.type)}`);
  }
  return {
    type: node.type,
    evaluate: node.ev,
    aggregates: ctx.aggs,
    references: ctx.refs,
    ...(node.constant !== undefined && { constant: node.constant }),
  };
}

// =============================================================================================
// Dispatch

const constNode = (type: SqlType, value: SqlValue): Node => ({ type, ev: () => value, constant: { value } });

function compileNode(expr: Expr, ctx: Ctx): Node {
  if (ctx.groupKeys !== undefined && !ctx.grouped && ctx.inAggregate === undefined && expr.kind !== 'ColumnRef' && ctx.groupKeys.exprs.has(syntaxKey(expr))) {
    ctx.grouped = true;
    try {
      return compileKind(expr, ctx);
    } finally {
      ctx.grouped = false;
    }
  }
  return compileKind(expr, ctx);
}

function compileKind(expr: Expr, ctx: Ctx): Node {
  switch (expr.kind) {
    case 'NumericLiteral': {
      const typed = typeNumericLiteral(expr);
      if (!typed.ok) return fail(expr, typed.message);
      return constNode(typed.type, typed.value);
    }
    case 'StringLiteral':
      return constNode({ name: 'CHAR', length: expr.value.length, nullable: false }, expr.value);
    case 'BinaryLiteral':
      return constNode({ name: 'BINARY', length: expr.hex.length / 2, nullable: false }, hexToBytes(expr.hex));
    case 'BooleanLiteral':
      return constNode({ name: 'BOOLEAN', nullable: expr.value === null }, expr.value);
    case 'NullLiteral':
      return nullNode();
    case 'DatetimeLiteral':
      return constNode({ name: expr.type, nullable: false }, expr.value);
    case 'IntervalLiteral':
      return constNode(intervalSqlType(expr.qualifier, false), expr.value);
    case 'ColumnRef':
      return compileColumn(expr, ctx);
    case 'FieldAccess':
      return accessFields(compileNode(expr.operand, ctx), [expr.field], 'the value');
    case 'UnaryOp':
      return compileUnary(expr, ctx);
    case 'BinaryOp':
      return compileBinary(expr, ctx);
    case 'IsTest': {
      const operand = compileNode(expr.operand, ctx);
      const ev = operand.ev;
      const negated = expr.negated;
      if (expr.test === 'NULL') return { type: { name: 'BOOLEAN', nullable: false }, ev: (rv) => (ev(rv) === null) !== negated };
      if (!operand.untypedNull && !isBooleanType(operand.type)) {
        fail(expr, `Cannot apply IS ${negated ? 'NOT ' : ''}${expr.test} to an operand of type ${typeName(operand.type)}; expected BOOLEAN`);
      }
      const test = expr.test;
      return { type: { name: 'BOOLEAN', nullable: false }, ev: (rv) => isTruth(ev(rv) as boolean | null, test, negated) };
    }
    case 'IsDistinctFrom': {
      const [l, r] = adoptTypes(compileNode(expr.left, ctx), compileNode(expr.right, ctx));
      const [lt, rt, lev, rev] = [l.type, r.type, l.ev, r.ev];
      guard(expr, () => checkComparable(lt, rt));
      const negated = expr.negated;
      return { type: { name: 'BOOLEAN', nullable: false }, ev: (rv) => isDistinctFrom(lev(rv), rev(rv), lt, rt) !== negated };
    }
    case 'Between':
      return compileBetween(expr, ctx);
    case 'InList':
      return compileInList(expr, ctx);
    case 'Like':
      return compileLikeNode(expr, ctx);
    case 'Case':
      return compileCase(expr, ctx);
    case 'Cast':
      return compileCast(expr, ctx);
    case 'FunctionCall':
      return compileCall(expr, ctx);
    case 'Step':
      return compileStep(expr, ctx);
    case 'FloorCeil':
      return compileFloorCeil(expr, ctx);
    case 'Extract':
      return compileExtract(expr, ctx);
    case 'Substring':
      return compileSubstring(expr, ctx);
    case 'SubstringSimilar':
      return compileSubstringSimilar(expr, ctx);
    case 'Position':
      return compilePosition(expr, ctx);
    case 'Trim':
      return compileTrim(expr, ctx);
    case 'Overlay':
      return compileOverlay(expr, ctx);
    case 'CurrentDatetime':
      return compileCurrent(expr);
    case 'IntervalQualified':
      return compileIntervalQualified(expr, ctx);
    case 'Subscript':
      return fail(expr, 'Subscripts (x[i]) are not supported: KDA SQL has no ARRAY or MAP values');
    case 'ScalarSubquery':
    case 'Exists':
    case 'InSubquery':
      return fail(expr, 'Subqueries are not supported in expressions; join the streams in FROM instead');
    case 'Cursor':
      return fail(expr, 'CURSOR(...) is only allowed as an argument of a table function in FROM TABLE(...)');
  }
}

// =============================================================================================
// Names

const TIMESTAMP_NOT_NULL: SqlType = { name: 'TIMESTAMP', nullable: false };

function addReferences(ctx: Ctx, refs: readonly ColumnReference[]): void {
  for (const r of refs) {
    const k = `${r.relation}:${r.column}`;
    if (!ctx.refKeys.has(k)) {
      ctx.refKeys.add(k);
      ctx.refs.push(r);
    }
  }
}

function compileColumn(ref: ColumnRef, ctx: Ctx): Node {
  const r = resolveName(ctx.scope, ref);
  const display = ref.parts.map((p) => sqlName(p.name)).join('.');
  if (r.kind === 'rowtime') {
    return {
      type: TIMESTAMP_NOT_NULL,
      ev: (rv) => {
        const t = rv.rowtime;
        if (t === undefined) throw new Error('RowValues.rowtime is not set, but the expression reads the unqualified ROWTIME of the output row');
        return t;
      },
    };
  }
  if (ctx.groupKeys !== undefined && !ctx.grouped && ctx.inAggregate === undefined) {
    let grouped = false;
    for (let n = 0; n <= r.fields.length && !grouped; n++) grouped = ctx.groupKeys.columns.has(columnKey(r, n));
    if (!grouped) fail(ref, `Column ${display} must appear in GROUP BY or be used inside an aggregate function in ${ctx.clause}`);
  }
  addReferences(ctx, [{ relation: r.relation.index, column: r.column, name: r.name }]);
  const ri = r.relation.index;
  const ci = r.column;
  const node: Node = {
    type: r.type,
    ev: (rv) => {
      const row = rv.rows[ri];
      return row === null || row === undefined ? null : (row[ci] ?? null);
    },
  };
  return r.fields.length === 0 ? node : accessFields(node, r.fields, `column ${ref.parts.slice(0, ref.parts.length - r.fields.length).map((p) => sqlName(p.name)).join('.')}`);
}

/** `value.f1.f2...` on a ROW value. */
function accessFields(node: Node, fields: readonly Identifier[], what: string): Node {
  let current = node;
  let description = what;
  for (const field of fields) {
    const type = current.type;
    if (current.untypedNull || type.name !== 'ROW') {
      fail(field, `Cannot read field ${sqlName(field.name)} of ${description}: it is of type ${current.untypedNull ? 'NULL' : typeName(type)}, not a ROW`);
    }
    const fieldDefs = type.fields ?? [];
    const def = fieldDefs.find((f) => f.name === field.name);
    if (def === undefined) {
      const names = fieldDefs.map((f) => f.name);
      const close = closeNames(field.name, names);
      fail(
        field,
        `Field ${sqlName(field.name)} not found in ${description}${close.length > 0 ? `; did you mean ${close.map(sqlName).join(' or ')}?` : ''} (fields: ${names.map(sqlName).join(', ')})`,
        names.map(sqlName),
      );
    }
    const ev = current.ev;
    const name = field.name;
    current = {
      type: withNullable(def.type, def.type.nullable || type.nullable),
      ev: (rv) => {
        const v = ev(rv) as { readonly [f: string]: SqlValue } | null;
        return v === null ? null : (v[name] ?? null);
      },
    };
    description = `field ${sqlName(field.name)}`;
  }
  return current;
}

// =============================================================================================
// Operators

/** Gives a bare NULL the type of the other operand. */
function adoptTypes(l: Node, r: Node): [Node, Node] {
  if (l.untypedNull && !r.untypedNull) return [typedNull(r.type), r];
  if (r.untypedNull && !l.untypedNull) return [l, typedNull(l.type)];
  return [l, r];
}

const bothNull = (at: Expr, what: string): never => fail(at, `Cannot infer the types of ${what}; write CAST(NULL AS <type>)`);

function compileUnary(expr: UnaryOp, ctx: Ctx): Node {
  const operand = compileNode(expr.operand, ctx);
  const ev = operand.ev;
  if (expr.op === 'NOT') {
    if (!operand.untypedNull && !isBooleanType(operand.type)) fail(expr, `Cannot apply NOT to an operand of type ${typeName(operand.type)}; expected BOOLEAN`);
    return { type: withNullable({ name: 'BOOLEAN', nullable: true }, operand.type.nullable), ev: (rv) => not(ev(rv) as boolean | null) };
  }
  if (operand.untypedNull) return bothNull(expr, `${expr.op}NULL`);
  const type = operand.type;
  guard(expr, () => negateResultType(type));
  if (expr.op === '+') return operand;
  const f = negation(type);
  if (operand.constant) {
    const value = guard(expr, () => f(operand.constant?.value ?? null));
    return constNode(type, value);
  }
  return { type, ev: (rv) => f(ev(rv)) };
}

function negation(type: SqlType): (v: SqlValue) => SqlValue {
  switch (type.name) {
    case 'INTEGER':
      return (v) => (v === null ? null : -(v as number) | 0);
    case 'SMALLINT':
      return (v) => (v === null ? null : (-(v as number) << 16) >> 16);
    case 'TINYINT':
      return (v) => (v === null ? null : (-(v as number) << 24) >> 24);
    case 'DOUBLE':
    case 'REAL':
      return (v) => (v === null ? null : -(v as number));
    default:
      return (v) => negate(v, type);
  }
}

function compileBinary(expr: BinaryOp, ctx: Ctx): Node {
  const op = expr.op;
  if (op === 'AND' || op === 'OR') return compileLogical(expr, ctx);
  let l = compileNode(expr.left, ctx);
  let r = compileNode(expr.right, ctx);
  switch (op) {
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (l.untypedNull && r.untypedNull) return typedNull({ name: 'BOOLEAN', nullable: true });
      [l, r] = adoptTypes(l, r);
      const [lt, rt, lev, rev] = [l.type, r.type, l.ev, r.ev];
      guard(expr, () => checkComparable(lt, rt));
      const cmp = comparator(op, lt, rt);
      return { type: { name: 'BOOLEAN', nullable: lt.nullable || rt.nullable }, ev: (rv) => cmp(lev(rv), rev(rv)) };
    }
    case '||': {
      if (l.untypedNull && r.untypedNull) return bothNull(expr, 'NULL || NULL');
      [l, r] = adoptTypes(l, r);
      const [lt, rt, lev, rev] = [l.type, r.type, l.ev, r.ev];
      const type = guard(expr, () => concatResultType(lt, rt));
      return { type, ev: (rv) => concat(lev(rv), rev(rv)) };
    }
    default:
      return compileArithmetic(expr, op, l, r);
  }
}

function compileLogical(expr: BinaryOp, ctx: Ctx): Node {
  const l = compileNode(expr.left, ctx);
  const r = compileNode(expr.right, ctx);
  for (const side of [l, r]) {
    if (!side.untypedNull && !isBooleanType(side.type)) {
      fail(expr, `Cannot apply ${expr.op} to arguments of type ${operandText(l)} ${expr.op} ${operandText(r)}; expected BOOLEAN operands`);
    }
  }
  const [lev, rev] = [l.ev, r.ev];
  const type: SqlType = { name: 'BOOLEAN', nullable: l.type.nullable || r.type.nullable || l.untypedNull === true || r.untypedNull === true };
  if (expr.op === 'AND') {
    return {
      type,
      ev: (rv) => {
        const a = lev(rv);
        if (a === false) return false;
        const b = rev(rv);
        if (b === false) return false;
        return a === null || b === null ? null : true;
      },
    };
  }
  return {
    type,
    ev: (rv) => {
      const a = lev(rv);
      if (a === true) return true;
      const b = rev(rv);
      if (b === true) return true;
      return a === null || b === null ? null : false;
    },
  };
}

const operandText = (n: Node): string => (n.untypedNull ? '<NULL>' : `<${typeName(n.type)}>`);

/**
 * `a op b` for comparable static types, NULL-safe. Types whose values JavaScript compares exactly
 * as Java does (numbers of INTEGER/SMALLINT/TINYINT/REAL/DOUBLE among themselves, DATE/TIMESTAMP,
 * TIME, BIGINT with BIGINT, VARCHAR with VARCHAR by UTF-16 units) are compared directly; the rest
 * through operators.ts compare.
 */
export function comparator(op: ComparisonOperator, lt: SqlType, rt: SqlType): (a: SqlValue, b: SqlValue) => boolean | null {
  const direct = (isNumberRepresented(lt) && isNumberRepresented(rt)) || (lt.name === 'BIGINT' && rt.name === 'BIGINT') || (lt.name === 'VARCHAR' && rt.name === 'VARCHAR');
  if (!direct) return (a, b) => compare(op, a, b, lt, rt);
  // The casts only satisfy the type checker: the values are numbers, bigints or strings, which
  // JavaScript's relational operators compare as Java does for these type pairs.
  switch (op) {
    case '=':
      return (a, b) => (a === null || b === null ? null : a === b);
    case '<>':
      return (a, b) => (a === null || b === null ? null : a !== b);
    case '<':
      return (a, b) => (a === null || b === null ? null : (a as number) < (b as number));
    case '<=':
      return (a, b) => (a === null || b === null ? null : (a as number) <= (b as number));
    case '>':
      return (a, b) => (a === null || b === null ? null : (a as number) > (b as number));
    case '>=':
      return (a, b) => (a === null || b === null ? null : (a as number) >= (b as number));
  }
}

function compileArithmetic(expr: BinaryOp, op: ArithmeticOperator, left: Node, right: Node): Node {
  let l = left;
  let r = right;
  if (l.untypedNull && r.untypedNull) return bothNull(expr, `NULL ${op} NULL`);
  // A NULL next to an interval is its factor (INTERVAL * NULL), next to a datetime its interval (ts + NULL).
  const nullTypeFor = (other: SqlType): SqlType =>
    isIntervalType(other) && (op === '*' || op === '/') ? { name: 'INTEGER', nullable: true } : isDatetimeType(other) && op === '+' ? DAY_TO_SECOND : other;
  if (l.untypedNull) l = typedNull(nullTypeFor(r.type));
  if (r.untypedNull) r = typedNull(nullTypeFor(l.type));
  const [lt, rt, lev, rev] = [l.type, r.type, l.ev, r.ev];
  const compiled = guard(expr, () => arithmeticOperator(op, lt, rt));
  const fast = fastArithmetic(op, lt, rt, compiled.type, lev, rev);
  if (fast !== undefined) return { type: compiled.type, ev: fast };
  const apply = compiled.apply;
  return { type: compiled.type, ev: (rv) => apply(lev(rv), rev(rv)) };
}

/**
 * Arithmetic on JavaScript numbers and bigints for the common types, equal to operators.ts
 * arithmeticOperator (Java int/short/byte/long wrapping, truncating division, IEEE doubles, floats
 * rounded with Math.fround, DIVISION_BY_ZERO for every type); undefined for the other type pairs.
 */
function fastArithmetic(op: ArithmeticOperator, lt: SqlType, rt: SqlType, type: SqlType, l: Eval, r: Eval): Eval | undefined {
  const numberOperands = (isSmallIntegerType(lt) || lt.name === 'DOUBLE' || lt.name === 'REAL') && (isSmallIntegerType(rt) || rt.name === 'DOUBLE' || rt.name === 'REAL');
  if (numberOperands && isSmallIntegerType(type)) {
    const shift = type.name === 'INTEGER' ? 0 : type.name === 'SMALLINT' ? 16 : 24;
    const wrap = shift === 0 ? (x: number) => x | 0 : (x: number) => (x << shift) >> shift;
    const f = (a: number, b: number): number => {
      switch (op) {
        case '+':
          return wrap(a + b);
        case '-':
          return wrap(a - b);
        case '*':
          return shift === 0 ? Math.imul(a, b) : wrap(a * b);
        case '/':
          if (b === 0) throw divisionByZero();
          return wrap(Math.trunc(a / b));
        case '%':
          if (b === 0) throw divisionByZero();
          return wrap(a % b);
      }
    };
    return binaryNumbers(l, r, f);
  }
  if (numberOperands && (type.name === 'DOUBLE' || type.name === 'REAL')) {
    const real = type.name === 'REAL';
    let f: (a: number, b: number) => number;
    switch (op) {
      case '+':
        f = (a, b) => a + b;
        break;
      case '-':
        f = (a, b) => a - b;
        break;
      case '*':
        f = (a, b) => a * b;
        break;
      case '/':
        f = (a, b) => {
          if (b === 0) throw divisionByZero();
          return a / b;
        };
        break;
      case '%':
        f = (a, b) => {
          if (b === 0) throw divisionByZero();
          return a % b;
        };
        break;
    }
    const g = f;
    return binaryNumbers(l, r, real ? (a, b) => Math.fround(g(a, b)) : g);
  }
  if (type.name === 'BIGINT' && isIntegerType(lt) && isIntegerType(rt)) {
    const big = (v: SqlValue): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));
    let f: (a: bigint, b: bigint) => bigint;
    switch (op) {
      case '+':
        f = (a, b) => BigInt.asIntN(64, a + b);
        break;
      case '-':
        f = (a, b) => BigInt.asIntN(64, a - b);
        break;
      case '*':
        f = (a, b) => BigInt.asIntN(64, a * b);
        break;
      case '/':
        f = (a, b) => {
          if (b === 0n) throw divisionByZero();
          return BigInt.asIntN(64, a / b);
        };
        break;
      case '%':
        f = (a, b) => {
          if (b === 0n) throw divisionByZero();
          return a % b;
        };
        break;
    }
    const g = f;
    return (rv) => {
      const a = l(rv);
      const b = r(rv);
      return a === null || b === null ? null : g(big(a), big(b));
    };
  }
  return undefined;
}

function binaryNumbers(l: Eval, r: Eval, f: (a: number, b: number) => number): Eval {
  return (rv) => {
    const a = l(rv);
    const b = r(rv);
    return a === null || b === null ? null : f(a as number, b as number);
  };
}

// =============================================================================================
// Predicates

function compileBetween(expr: Between, ctx: Ctx): Node {
  let o = compileNode(expr.operand, ctx);
  let lo = compileNode(expr.low, ctx);
  let hi = compileNode(expr.high, ctx);
  if (o.untypedNull) {
    const other = !lo.untypedNull ? lo : !hi.untypedNull ? hi : undefined;
    if (other === undefined) return typedNull({ name: 'BOOLEAN', nullable: true });
    o = typedNull(other.type);
  }
  if (lo.untypedNull) lo = typedNull(o.type);
  if (hi.untypedNull) hi = typedNull(o.type);
  const [ot, lt, ht] = [o.type, lo.type, hi.type];
  guard(expr, () => checkComparable(ot, lt));
  guard(expr, () => checkComparable(ot, ht));
  const ge = comparator('>=', ot, lt);
  const le = comparator('<=', ot, ht);
  const [oev, lev, hev] = [o.ev, lo.ev, hi.ev];
  const negated = expr.negated;
  return {
    type: { name: 'BOOLEAN', nullable: ot.nullable || lt.nullable || ht.nullable },
    ev: (rv) => {
      const v = oev(rv);
      const result = and(ge(v, lev(rv)), le(v, hev(rv)));
      return negated ? not(result) : result;
    },
  };
}

function compileInList(expr: InList, ctx: Ctx): Node {
  let o = compileNode(expr.operand, ctx);
  let values = expr.values.map((v) => compileNode(v, ctx));
  if (o.untypedNull) {
    const typed = values.find((v) => !v.untypedNull);
    if (typed === undefined) return typedNull({ name: 'BOOLEAN', nullable: true });
    o = typedNull(typed.type);
  }
  const ot = o.type;
  values = values.map((v) => (v.untypedNull ? typedNull(ot) : v));
  values.forEach((v, i) => guard(expr.values[i] as Expr, () => checkComparable(ot, v.type)));
  const eqs = values.map((v) => comparator('=', ot, v.type));
  const evs = values.map((v) => v.ev);
  const oev = o.ev;
  const negated = expr.negated;
  return {
    type: { name: 'BOOLEAN', nullable: ot.nullable || values.some((v) => v.type.nullable) },
    ev: (rv) => {
      const x = oev(rv);
      if (x === null) return null;
      let sawNull = false;
      for (let i = 0; i < evs.length; i++) {
        const eq = (eqs[i] as (a: SqlValue, b: SqlValue) => boolean | null)(x, (evs[i] as Eval)(rv));
        if (eq === true) return !negated;
        if (eq === null) sawNull = true;
      }
      return sawNull ? null : negated;
    },
  };
}

function stringOperand(node: Node, at: Expr, what: string): Node {
  if (node.untypedNull) return typedNull({ name: 'VARCHAR', nullable: true });
  if (!isStringType(node.type)) fail(at, `${what} must be a character string, not ${typeName(node.type)}`);
  return node;
}

function integerOperand(node: Node, at: Expr, what: string): Node {
  if (node.untypedNull) return typedNull({ name: 'INTEGER', nullable: true });
  if (!isIntegerType(node.type)) fail(at, `${what} must be an integer, not ${typeName(node.type)}`);
  return node;
}

function compileLikeNode(expr: Like, ctx: Ctx): Node {
  const op = expr.operator;
  const o = stringOperand(compileNode(expr.operand, ctx), expr.operand, `The operand of ${op}`);
  const p = stringOperand(compileNode(expr.pattern, ctx), expr.pattern, `The pattern of ${op}`);
  const e = expr.escape === undefined ? undefined : stringOperand(compileNode(expr.escape, ctx), expr.escape, `The escape of ${op}`);
  const negated = expr.negated;
  const type: SqlType = { name: 'BOOLEAN', nullable: o.type.nullable || p.type.nullable || e?.type.nullable === true };
  const oev = o.ev;
  if (p.constant && (e === undefined || e.constant)) {
    const pattern = p.constant.value as string | null;
    const escape = e?.constant?.value as string | null | undefined;
    if (pattern === null || escape === null) return typedNull({ name: 'BOOLEAN', nullable: true });
    // An escape that is not one character is the escape's fault; anything else is the pattern's.
    const badEscape = expr.escape !== undefined && escape !== undefined && [...escape].length !== 1;
    const at = badEscape && expr.escape !== undefined ? expr.escape : expr.pattern;
    const matcher: StringMatcher = compileConstant(at, () => (op === 'LIKE' ? compileLike(pattern, escape) : compileSimilarTo(pattern, escape)));
    return {
      type,
      ev: (rv) => {
        const v = oev(rv);
        return v === null ? null : matcher(v as string) !== negated;
      },
    };
  }
  const pev = p.ev;
  const eev = e?.ev;
  const match = op === 'LIKE' ? like : similarTo;
  return {
    type,
    ev: (rv) => {
      const v = oev(rv);
      const pat = pev(rv);
      const r = eev === undefined ? match(v, pat) : match(v, pat, eev(rv));
      return r === null ? null : r !== negated;
    },
  };
}

// =============================================================================================
// CASE, COALESCE, NULLIF, CAST

/** The common type of value nodes (bare NULLs left out), or an analysis error at `at`. */
function unify(nodes: readonly Node[], at: Expr, what: string): SqlType {
  const typed = nodes.filter((n) => !n.untypedNull).map((n) => n.type);
  if (typed.length === 0) return fail(at, `Cannot infer the type of ${what}: every value is NULL; write CAST(NULL AS <type>)`);
  return guard(at, () => commonType(typed));
}

function compileCase(expr: Case, ctx: Ctx): Node {
  const operand = expr.operand === undefined ? undefined : compileNode(expr.operand, ctx);
  const conditions: Eval[] = [];
  const results: Node[] = [];
  for (const w of expr.whens) {
    let cond = compileNode(w.when, ctx);
    if (operand === undefined) {
      if (!cond.untypedNull && !isBooleanType(cond.type)) fail(w.when, `A CASE WHEN condition must be BOOLEAN, not ${typeName(cond.type)}`);
      conditions.push(cond.ev);
    } else {
      let o = operand;
      if (o.untypedNull && cond.untypedNull) {
        conditions.push(() => null);
      } else {
        [o, cond] = adoptTypes(o, cond);
        const [ot, ct] = [o.type, cond.type];
        guard(w.when, () => checkComparable(ot, ct));
        const eq = comparator('=', ot, ct);
        const [oev, cev] = [o.ev, cond.ev];
        // The operand is evaluated again for each WHEN; it has no side effects.
        conditions.push((rv) => eq(oev(rv), cev(rv)));
      }
    }
    results.push(compileNode(w.then, ctx));
  }
  const otherwise = expr.else === undefined ? undefined : compileNode(expr.else, ctx);
  const all = otherwise === undefined ? results : [...results, otherwise];
  const common = unify(all, expr, 'CASE');
  const type = withNullable(common, common.nullable || otherwise === undefined || all.some((n) => n.untypedNull));
  const evs = results.map((n) => guard(expr, () => coerce(n, type)).ev);
  const elseEv = otherwise === undefined ? undefined : guard(expr, () => coerce(otherwise, type)).ev;
  return {
    type,
    ev: (rv) => {
      for (let i = 0; i < conditions.length; i++) {
        if ((conditions[i] as Eval)(rv) === true) return (evs[i] as Eval)(rv);
      }
      return elseEv === undefined ? null : elseEv(rv);
    },
  };
}

function compileCoalesce(call: FunctionCall, args: readonly Node[]): Node {
  if (args.length === 0) fail(call, 'Invalid number of arguments to COALESCE: expected at least 1 but got 0');
  const common = unify(args, call, 'COALESCE');
  const type = withNullable(common, args.every((a) => a.untypedNull || a.type.nullable));
  const evs = args.map((a) => guard(call, () => coerce(a, type)).ev);
  return {
    type,
    ev: (rv) => {
      for (const ev of evs) {
        const v = ev(rv);
        if (v !== null) return v;
      }
      return null;
    },
  };
}

function compileNullif(call: FunctionCall, args: readonly Node[]): Node {
  if (args.length !== 2) fail(call, `Invalid number of arguments to NULLIF: expected 2 but got ${args.length}`);
  const [a0, b0] = args as [Node, Node];
  if (a0.untypedNull && b0.untypedNull) return bothNull(call, 'NULLIF(NULL, NULL)');
  const [a, b] = adoptTypes(a0, b0);
  const [at, bt, aev, bev] = [a.type, b.type, a.ev, b.ev];
  guard(call, () => checkComparable(at, bt));
  const eq = comparator('=', at, bt);
  return {
    type: withNullable(at, true),
    ev: (rv) => {
      const x = aev(rv);
      return eq(x, bev(rv)) === true ? null : x;
    },
  };
}

function compileCast(expr: Cast, ctx: Ctx): Node {
  const operand = compileNode(expr.operand, ctx);
  const spec = expr.target;
  const target: SqlType = spec.type.name === 'INTERVAL' && spec.qualifier !== undefined ? intervalSqlType(spec.qualifier, true) : spec.type;
  if (operand.untypedNull) return typedNull(target);
  const from = operand.type;
  const type = guard(expr, () => typeFromCast(from, target));
  const ev = operand.ev;
  if (sameRepresentation(from, target)) return { ...operand, type };
  return { type, ev: (rv) => castValue(ev(rv), from, target) };
}

// =============================================================================================
// Keyword forms

function compileStep(expr: Step, ctx: Ctx): Node {
  let o = compileNode(expr.operand, ctx);
  let s = compileNode(expr.step, ctx);
  if (s.untypedNull) s = typedNull(o.untypedNull || isDatetimeType(o.type) ? DAY_TO_SECOND : { name: 'INTEGER', nullable: true });
  if (o.untypedNull) o = typedNull(isIntervalType(s.type) ? TIMESTAMP_NOT_NULL : { name: 'INTEGER', nullable: true });
  const [ot, st, oev, sev] = [o.type, s.type, o.ev, s.ev];
  if (isDatetimeType(ot)) {
    if (!isIntervalType(st)) fail(expr.step, `STEP on a ${ot.name} needs an INTERVAL width (STEP(ts BY INTERVAL '1' MINUTE)), not ${typeName(st)}`);
    return { type: withNullable(ot, ot.nullable || st.nullable), ev: (rv) => stepDatetime(oev(rv) as number | null, ot, sev(rv) as Interval | null) };
  }
  if (isIntegerType(ot)) {
    if (!isIntegerType(st)) fail(expr.step, `STEP on an integer needs an integer width (STEP(x BY 5)), not ${typeName(st)}`);
    return { type: withNullable(ot, ot.nullable || st.nullable), ev: (rv) => stepInteger(oev(rv), ot, sev(rv), st) };
  }
  return fail(expr.operand, `STEP needs a DATE, TIME, TIMESTAMP or integer operand, not ${typeName(ot)}`);
}

function compileFloorCeil(expr: FloorCeil, ctx: Ctx): Node {
  const fn = expr.fn;
  const o = compileNode(expr.operand, ctx);
  if (o.untypedNull) return fail(expr.operand, `Cannot infer the type of NULL in ${fn}; write CAST(NULL AS <type>)`);
  const [type, ev] = [o.type, o.ev];
  const unit = expr.unit;
  if (unit === undefined) {
    if (!isNumericType(type)) fail(expr, `${fn} of a ${typeName(type)} needs a unit: ${fn}(x TO MINUTE); without one it takes a number`);
    const result = guard(expr, () => ceilFloorResultType(type));
    const f = fn === 'FLOOR' ? floor : ceil;
    return { type: result, ev: (rv) => f(ev(rv), type) };
  }
  if (isDatetimeType(type)) {
    const f = fn === 'FLOOR' ? floorDatetime : ceilDatetime;
    return { type, ev: (rv) => f(ev(rv) as number | null, type, unit) };
  }
  if (isIntervalType(type)) {
    const yearMonth = unit === 'YEAR' || unit === 'MONTH';
    if ((type.interval === 'YEAR_MONTH') !== yearMonth) fail(expr, `Cannot round an ${typeName(type)} to ${unit}`);
    const f = fn === 'FLOOR' ? floorInterval : ceilInterval;
    return { type, ev: (rv) => f(ev(rv) as Interval | null, unit) };
  }
  return fail(expr.operand, `${fn}(... TO ${unit}) needs a DATE, TIME, TIMESTAMP or INTERVAL, not ${typeName(type)}`);
}

function compileExtract(expr: Extract, ctx: Ctx): Node {
  const o = compileNode(expr.operand, ctx);
  if (o.untypedNull) return fail(expr.operand, 'Cannot infer the type of NULL in EXTRACT; write CAST(NULL AS <type>)');
  const [type, ev, unit] = [o.type, o.ev, expr.field];
  const result = guard(expr, () => extractResultType(unit, type));
  return { type: result, ev: (rv) => extract(unit, ev(rv), type) };
}

function compileSubstring(expr: Substring, ctx: Ctx): Node {
  const o = stringOperand(compileNode(expr.operand, ctx), expr.operand, 'The operand of SUBSTRING');
  const s = integerOperand(compileNode(expr.start, ctx), expr.start, 'The start position of SUBSTRING');
  const l = expr.length === undefined ? undefined : integerOperand(compileNode(expr.length, ctx), expr.length, 'The length of SUBSTRING');
  const type = withNullable(varcharLike(o.type), o.type.nullable || s.type.nullable || l?.type.nullable === true);
  const [oev, sev, lev] = [o.ev, s.ev, l?.ev];
  if (lev === undefined) return { type, ev: (rv) => substring(oev(rv), sev(rv)) };
  return { type, ev: (rv) => substring(oev(rv), sev(rv), lev(rv)) };
}

function compileSubstringSimilar(expr: SubstringSimilar, ctx: Ctx): Node {
  const o = stringOperand(compileNode(expr.operand, ctx), expr.operand, 'The operand of SUBSTRING ... SIMILAR');
  const p = stringOperand(compileNode(expr.pattern, ctx), expr.pattern, 'The pattern of SUBSTRING ... SIMILAR');
  const e = stringOperand(compileNode(expr.escape, ctx), expr.escape, 'The escape of SUBSTRING ... SIMILAR');
  const [oev, pev, eev] = [o.ev, p.ev, e.ev];
  return { type: withNullable(varcharLike(o.type), true), ev: (rv) => substringSimilar(oev(rv), pev(rv), eev(rv)) };
}

function compilePosition(expr: Position, ctx: Ctx): Node {
  const n = stringOperand(compileNode(expr.needle, ctx), expr.needle, 'The search string of POSITION');
  const h = stringOperand(compileNode(expr.haystack, ctx), expr.haystack, 'The searched string of POSITION');
  const s = expr.start === undefined ? undefined : integerOperand(compileNode(expr.start, ctx), expr.start, 'The start position of POSITION');
  const type: SqlType = { name: 'INTEGER', nullable: n.type.nullable || h.type.nullable || s?.type.nullable === true };
  const [nev, hev, sev] = [n.ev, h.ev, s?.ev];
  if (sev === undefined) return { type, ev: (rv) => position(nev(rv), hev(rv)) };
  // POSITION(a IN b FROM n) (Calcite's rule): search from the n-th character; 0 when n is outside 1..len+1.
  return {
    type,
    ev: (rv) => {
      const needle = nev(rv);
      const hay = hev(rv);
      const from = sev(rv);
      if (needle === null || hay === null || from === null) return null;
      const start = Number(from) - 1;
      const text = hay as string;
      if (start < 0 || start > text.length) return 0;
      return text.indexOf(needle as string, start) + 1;
    },
  };
}

function compileTrim(expr: Trim, ctx: Ctx): Node {
  const o = stringOperand(compileNode(expr.operand, ctx), expr.operand, 'The operand of TRIM');
  const c = expr.characters === undefined ? undefined : stringOperand(compileNode(expr.characters, ctx), expr.characters, 'The trim character of TRIM');
  const spec = expr.spec ?? 'BOTH';
  const [oev, cev] = [o.ev, c?.ev];
  const type = withNullable(varcharLike(o.type), o.type.nullable || c?.type.nullable === true);
  if (cev === undefined) return { type, ev: (rv) => trim(spec, ' ', oev(rv)) };
  return { type, ev: (rv) => trim(spec, cev(rv), oev(rv)) };
}

function compileOverlay(expr: Overlay, ctx: Ctx): Node {
  const o = stringOperand(compileNode(expr.operand, ctx), expr.operand, 'The operand of OVERLAY');
  const r = stringOperand(compileNode(expr.replacement, ctx), expr.replacement, 'The replacement of OVERLAY');
  const s = integerOperand(compileNode(expr.start, ctx), expr.start, 'The start position of OVERLAY');
  const l = expr.length === undefined ? undefined : integerOperand(compileNode(expr.length, ctx), expr.length, 'The length of OVERLAY');
  const base = guard(expr, () => overlayResultType(o.type, r.type));
  const type = withNullable(base, base.nullable || s.type.nullable || l?.type.nullable === true);
  const [oev, rev, sev, lev] = [o.ev, r.ev, s.ev, l?.ev];
  if (lev === undefined) return { type, ev: (rv) => overlay(oev(rv), rev(rv), sev(rv)) };
  return { type, ev: (rv) => overlay(oev(rv), rev(rv), sev(rv), lev(rv)) };
}

function compileCurrent(expr: CurrentDatetime): Node {
  if (expr.name === 'CURRENT_ROW_TIMESTAMP') {
    return {
      type: TIMESTAMP_NOT_NULL,
      ev: (rv) => {
        const t = rv.currentRowTimestamp;
        if (t === undefined) throw new Error('RowValues.currentRowTimestamp is not set, but the expression reads CURRENT_ROW_TIMESTAMP');
        return t;
      },
    };
  }
  const name = expr.name;
  const start = (rv: RowValues): number => {
    const t = rv.queryStartTimestamp;
    if (t === undefined) throw new Error(`RowValues.queryStartTimestamp is not set, but the expression reads ${name}`);
    return t;
  };
  switch (name) {
    case 'CURRENT_DATE':
      return { type: { name: 'DATE', nullable: false }, ev: (rv) => Math.floor(start(rv) / MS_PER_DAY) * MS_PER_DAY };
    case 'CURRENT_TIME':
    case 'LOCALTIME':
      return { type: { name: 'TIME', nullable: false }, ev: (rv) => start(rv) - Math.floor(start(rv) / MS_PER_DAY) * MS_PER_DAY };
    default:
      return { type: TIMESTAMP_NOT_NULL, ev: start };
  }
}

function compileIntervalQualified(expr: IntervalQualified, ctx: Ctx): Node {
  const q = toQualifier(expr.qualifier);
  const inner = expr.operand;
  if (inner.kind !== 'BinaryOp' || inner.op !== '-') {
    return fail(expr, `Expected the difference of two datetimes, (a - b), before ${qualifierText(q)}`);
  }
  let a = compileNode(inner.left, ctx);
  let b = compileNode(inner.right, ctx);
  if (a.untypedNull && b.untypedNull) return bothNull(expr, 'NULL - NULL');
  [a, b] = adoptTypes(a, b);
  const [at, bt, aev, bev] = [a.type, b.type, a.ev, b.ev];
  guard(expr, () => datetimeMinusCheck(at, bt, q));
  return { type: intervalType(q, at.nullable || bt.nullable), ev: (rv) => datetimeMinus(aev(rv) as number | null, at, bev(rv) as number | null, bt, q) };
}

// =============================================================================================
// Calls

const KEYWORD_FORMS = ['SUBSTRING', 'POSITION', 'TRIM', 'OVERLAY', 'FLOOR', 'CEIL', 'CEILING', 'STEP', 'EXTRACT', 'CAST'];

function compileCall(call: FunctionCall, ctx: Ctx): Node {
  const parts = call.name.parts;
  const fullName = parts.map((p) => sqlName(p.name)).join('.');
  const nameAt = { pos: call.name.pos, end: call.name.end };
  const name = parts.length === 1 ? (parts[0] as Identifier).name : fullName;
  const fn = aggregateFunctionOf(call);
  if (fn !== undefined) return compileAggregate(call, fn, ctx);
  if (TABLE_FUNCTIONS.has(name)) fail(nameAt, `${name} is a table function: call it in FROM TABLE(${name}(CURSOR(SELECT STREAM ...), ...))`);
  const unsupported = UNSUPPORTED_FUNCTIONS[name];
  if (unsupported !== undefined) fail(nameAt, unsupported);
  const def = parts.length === 1 ? SCALAR_FUNCTIONS[name] : undefined;
  const raw = name === 'COALESCE' || name === 'NULLIF';
  if (def === undefined && !raw) {
    const known = [...Object.keys(SCALAR_FUNCTIONS), 'COALESCE', 'NULLIF', ...AGGREGATE_FUNCTION_NAMES, ...KEYWORD_FORMS];
    const close = closeNames(name, known);
    fail(nameAt, `Unknown function ${fullName}${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}`, close);
  }
  if (call.over !== undefined) fail(call.over, `OVER can only follow an aggregate or analytic function; ${name} is a scalar function`);
  if (call.star) fail(call, `${name}(*) is not valid: only COUNT accepts *`);
  if (call.quantifier !== undefined) fail(call, `${call.quantifier} is only valid in an aggregate function, not in ${name}`);
  if (call.nullTreatment !== undefined) fail(call, `${call.nullTreatment} is only valid after FIRST_VALUE, LAST_VALUE, LAG or NTH_VALUE, not ${name}`);
  const args = call.args.map((a) => compileNode(a, ctx));
  if (name === 'COALESCE') return compileCoalesce(call, args);
  if (name === 'NULLIF') return compileNullif(call, args);
  const scalar = def as ScalarFunction;
  checkArity(call, name, scalar.min, scalar.params.length, args.length);
  const typed = args.map((_, i) => typeArgument(name, scalar, args, i, call.args[i] as Expr));
  return scalar.build(typed, call);
}

function checkArity(call: FunctionCall, name: string, min: number, max: number, got: number): void {
  if (got >= min && got <= max) return;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  fail(call, `Invalid number of arguments to ${name}: expected ${expected} but got ${got}`);
}

// =============================================================================================
// Aggregates

interface AggregateDef {
  readonly params: readonly ParamKind[];
  readonly min: number;
  readonly signature: string;
  /** The result type from the typed arguments (may coerce them, e.g. LAG's default). */
  resultType(args: Node[], call: FunctionCall): SqlType;
}

const sameAsArg = (nullable = true) => (args: Node[]): SqlType => withNullable((args[0] as Node).type, nullable);

const AGGREGATES: Readonly<Record<AggregateFunctionName, AggregateDef>> = {
  COUNT: { params: ['ANY'], min: 1, signature: 'COUNT(*) or COUNT(<ANY>)', resultType: () => ({ name: 'BIGINT', nullable: false }) },
  SUM: { params: ['NUMERIC'], min: 1, signature: 'SUM(<NUMERIC>)', resultType: sameAsArg() },
  AVG: { params: ['NUMERIC'], min: 1, signature: 'AVG(<NUMERIC>)', resultType: sameAsArg() },
  STDDEV_POP: { params: ['NUMERIC'], min: 1, signature: 'STDDEV_POP(<NUMERIC>)', resultType: sameAsArg() },
  STDDEV_SAMP: { params: ['NUMERIC'], min: 1, signature: 'STDDEV_SAMP(<NUMERIC>)', resultType: sameAsArg() },
  VAR_POP: { params: ['NUMERIC'], min: 1, signature: 'VAR_POP(<NUMERIC>)', resultType: sameAsArg() },
  VAR_SAMP: { params: ['NUMERIC'], min: 1, signature: 'VAR_SAMP(<NUMERIC>)', resultType: sameAsArg() },
  MIN: {
    params: ['ANY'],
    min: 1,
    signature: 'MIN(<comparable type>)',
    resultType(args, call) {
      const t = (args[0] as Node).type;
      guard(call.args[0] as Expr, () => checkComparable(t, t));
      return withNullable(t, true);
    },
  },
  MAX: {
    params: ['ANY'],
    min: 1,
    signature: 'MAX(<comparable type>)',
    resultType(args, call) {
      const t = (args[0] as Node).type;
      guard(call.args[0] as Expr, () => checkComparable(t, t));
      return withNullable(t, true);
    },
  },
  FIRST_VALUE: { params: ['ANY'], min: 1, signature: 'FIRST_VALUE(<ANY>)', resultType: sameAsArg() },
  LAST_VALUE: { params: ['ANY'], min: 1, signature: 'LAST_VALUE(<ANY>)', resultType: sameAsArg() },
  EXP_AVG: {
    params: ['NUMERIC', 'ANY'],
    min: 2,
    signature: 'EXP_AVG(<NUMERIC>, <INTERVAL DAY TO SECOND>)',
    resultType(args, call) {
      const iv = args[1] as Node;
      if (iv.untypedNull || iv.type.name !== 'INTERVAL' || iv.type.interval !== 'DAY_TIME') {
        fail(call.args[1] as Expr, `The half-life of EXP_AVG must be a day-time INTERVAL (EXP_AVG(x, INTERVAL '10' SECOND)), not ${iv.untypedNull ? 'NULL' : typeName(iv.type)}`);
      }
      return withNullable((args[0] as Node).type, true);
    },
  },
  LAG: {
    params: ['ANY', 'INTEGER', 'ANY'],
    min: 1,
    signature: 'LAG(<ANY> [, <INTEGER> offset [, <ANY> default]])',
    resultType(args, call) {
      const x = args[0] as Node;
      const d = args[2];
      if (d === undefined) return withNullable(x.type, true);
      const type = withNullable(guard(call, () => commonType([x.type, d.type])), true);
      args[2] = guard(call, () => coerce(d, type));
      return type;
    },
  },
  NTH_VALUE: { params: ['ANY', 'INTEGER'], min: 2, signature: 'NTH_VALUE(<ANY>, <INTEGER>)', resultType: sameAsArg() },
};

const NULL_TREATMENT_FUNCTIONS = new Set<AggregateFunctionName>(['FIRST_VALUE', 'LAST_VALUE', 'LAG', 'NTH_VALUE']);

function compileAggregate(call: FunctionCall, fn: AggregateFunctionName, ctx: Ctx): Node {
  const written = (call.name.parts[0] as Identifier).name;
  const windowed = call.over !== undefined;
  if (ctx.inAggregate !== undefined) fail(call, `Aggregate function ${written} cannot be nested inside ${ctx.inAggregate}`);
  const mode = ctx.mode;
  if (mode === 'forbidden') {
    fail(call, windowed ? `Windowed aggregate ${written}(...) OVER is not allowed in ${ctx.clause}` : `Aggregate function ${written} is not allowed in ${ctx.clause}`);
  }
  if (WINDOW_ONLY_FUNCTIONS.has(fn) && !windowed) fail(call, `${written} is an analytic function: it needs an OVER window`);
  if (mode === 'group' && windowed) fail(call, `${written}(...) OVER (a sliding-window aggregate) cannot be combined with GROUP BY aggregation in ${ctx.clause}`);
  if (mode === 'window' && !windowed) fail(call, `Aggregate function ${written} needs an OVER window in ${ctx.clause}, since the query has no GROUP BY`);
  if (call.star && fn !== 'COUNT') fail(call, `${written}(*) is not valid: only COUNT accepts *`);
  if (call.quantifier === 'DISTINCT' && !windowed) {
    fail(call, `${written}(DISTINCT ...) is only supported with OVER; DISTINCT is not allowed in GROUP BY aggregates`);
  }
  if (call.nullTreatment !== undefined && !NULL_TREATMENT_FUNCTIONS.has(fn)) {
    fail(call, `${call.nullTreatment} is only valid after FIRST_VALUE, LAST_VALUE, LAG or NTH_VALUE, not ${written}`);
  }
  const key = syntaxKey(call);
  let agg = ctx.registry.get(key);
  if (agg === undefined) {
    const def = AGGREGATES[fn];
    const args: Node[] = [];
    const argRefs: ColumnReference[][] = [];
    const [outerRefs, outerKeys] = [ctx.refs, ctx.refKeys];
    ctx.inAggregate = written;
    try {
      for (const a of call.args) {
        ctx.refs = [];
        ctx.refKeys = new Set();
        args.push(compileNode(a, ctx));
        argRefs.push(ctx.refs);
      }
    } finally {
      ctx.inAggregate = undefined;
      ctx.refs = outerRefs;
      ctx.refKeys = outerKeys;
    }
    for (const refs of argRefs) addReferences(ctx, refs);
    if (!call.star) {
      checkArity(call, written, def.min, def.params.length, args.length);
      const asScalar: ScalarFunction = { params: def.params, min: def.min, signature: def.signature.replace(/^[A-Z_]+/, written), build: () => nullNode() };
      for (let i = 0; i < args.length; i++) {
        // COUNT(NULL) counts nothing, but is valid; elsewhere a bare NULL takes its parameter's type.
        const countNull = fn === 'COUNT' && (args[i] as Node).untypedNull === true;
        args[i] = countNull ? typedNull({ name: 'VARCHAR', nullable: true }) : typeArgument(written, asScalar, args, i, call.args[i] as Expr);
      }
    }
    const type = def.resultType(args, call);
    const compiledArgs: CompiledExpression[] = args.map((n, i) => ({
      type: n.type,
      evaluate: n.ev,
      aggregates: [],
      references: argRefs[i] ?? [],
      ...(n.constant !== undefined && { constant: n.constant }),
    }));
    agg = ctx.registry.add((slot) => ({
      slot,
      fn,
      call,
      args: compiledArgs,
      type,
      star: call.star,
      distinct: call.quantifier === 'DISTINCT',
      ...(call.over !== undefined && { over: call.over }),
      ...(call.nullTreatment !== undefined && { nullTreatment: call.nullTreatment }),
      ...(call.fromEnd !== undefined && { fromEnd: call.fromEnd }),
      key,
    }));
  } else {
    // Same call as an earlier expression of the query: reuse its slot, but record its columns here too.
    for (const arg of agg.args) addReferences(ctx, arg.references);
  }
  if (!ctx.aggs.includes(agg)) ctx.aggs.push(agg);
  const slot = agg.slot;
  return {
    type: agg.type,
    ev: (rv) => {
      const values = rv.aggregates;
      if (values === undefined) throw new Error(`RowValues.aggregates is not set, but the expression reads aggregate slot ${slot}`);
      return values[slot] ?? null;
    },
  };
}
