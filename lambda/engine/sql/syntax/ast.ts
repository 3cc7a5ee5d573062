/**
 * The syntax tree of a Kinesis Data Analytics SQL application: the contract between the parser and the
 * analyzer and runtime.
 *
 * Conventions:
 * - Every node has a string `kind` (the discriminant), `pos` (where its first token starts) and `end`
 *   (the offset just past its last token), so `source.slice(node.pos.offset, node.end)` is its text.
 * - Names are `Identifier`s: `name` is as stored (unquoted names upper-cased, quoted names as
 *   written) and `quoted` says which. Compare names with `===` on `name`.
 * - The parser is permissive where the dialect is decided by meaning rather than form: it records
 *   FOLLOWING frames, ORDER BY in windows, GROUP BY next to WINDOWED BY, SELECT without STREAM, set
 *   operators other than UNION ALL, and so on, and leaves the positioned rejection to the analyzer.
 * - Literal values are already checked and converted (see literals.ts): DATE/TIMESTAMP as epoch ms,
 *   TIME as ms of the day, INTERVAL as ../types.ts `Interval`. Numbers keep their text: their type
 *   (INTEGER, BIGINT, DECIMAL(p,s), DOUBLE) is the analyzer's decision.
 * - ROWTIME is not special here: it is a `ColumnRef` whose last part is ROWTIME (quoted or not).
 */
import type { Interval, SqlType } from '../types';
import type { NumberKind, SourcePos, TimeUnit } from './tokens';

export type { NumberKind, SourcePos, TimeUnit } from './tokens';

interface NodeBase {
  readonly pos: SourcePos;
  /** Offset just past the node's last token. */
  readonly end: number;
}

// =============================================================================================
// Names

/** A simple name. `name` is upper-cased if it was unquoted, exactly as written if "quoted". */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly quoted: boolean;
}

/** A possibly qualified object name: `S`, `AGGTEST.WEATHERSTREAM`. The last part is the object. */
export interface QualifiedName extends NodeBase {
  readonly kind: 'QualifiedName';
  readonly parts: readonly Identifier[];
}

// =============================================================================================
// Application and statements

/** A whole application: statements separated by `;` (a trailing `;` is optional, empty statements are skipped). */
export interface Application extends NodeBase {
  readonly kind: 'Application';
  readonly statements: readonly Statement[];
}

export type Statement = CreateStream | CreatePump | QueryStatement;

/** `CREATE [OR REPLACE] STREAM name (col type [NOT NULL], ...) [DESCRIPTION '...']`. */
export interface CreateStream extends NodeBase {
  readonly kind: 'CreateStream';
  readonly orReplace: boolean;
  readonly name: QualifiedName;
  /** At least one. */
  readonly columns: readonly ColumnDef[];
  readonly description?: StringLiteral;
}

/** One column of CREATE STREAM. `type.type.nullable` is false exactly when `notNull`. */
export interface ColumnDef extends NodeBase {
  readonly kind: 'ColumnDef';
  readonly name: Identifier;
  readonly type: TypeSpec;
  readonly notNull: boolean;
}

/**
 * A written data type. Synonyms are normalised in `type`: INT is INTEGER, DEC/NUMERIC are DECIMAL,
 * CHARACTER is CHAR, CHARACTER VARYING is VARCHAR, DOUBLE PRECISION and FLOAT are DOUBLE. Lengths and
 * precisions are kept only when written (VARCHAR without a length has no `length`). An INTERVAL type
 * (only valid in CAST) has `type.interval` and its `qualifier`.
 */
export interface TypeSpec extends NodeBase {
  readonly kind: 'TypeSpec';
  readonly type: SqlType;
  readonly qualifier?: IntervalQualifier;
}

/** `CREATE [OR REPLACE] PUMP name [DESCRIPTION '...'] AS INSERT INTO stream [(cols)] query`. */
export interface CreatePump extends NodeBase {
  readonly kind: 'CreatePump';
  readonly orReplace: boolean;
  readonly name: QualifiedName;
  readonly description?: StringLiteral;
  readonly insert: Insert;
}

/** `INSERT INTO target [(col, ...)] query`, the body of a pump. */
export interface Insert extends NodeBase {
  readonly kind: 'Insert';
  readonly target: QualifiedName;
  readonly columns?: readonly Identifier[];
  readonly query: Query;
}

/** A query on its own, e.g. a file holding one `SELECT STREAM ...`. */
export interface QueryStatement extends NodeBase {
  readonly kind: 'QueryStatement';
  readonly query: Query;
}

// =============================================================================================
// Queries

export type Query = Select | SetOperation | Values;

/**
 * `SELECT [STREAM] [DISTINCT | ALL] items FROM from [WHERE] [GROUP BY] [HAVING] [WINDOW ...]
 * [WINDOWED BY STAGGER(...)] [ORDER BY]`.
 * WINDOWED BY is accepted where the developer guide puts it (right after WHERE) and at the end.
 */
export interface Select extends NodeBase {
  readonly kind: 'Select';
  /** True for `SELECT STREAM`. */
  readonly stream: boolean;
  readonly quantifier?: 'DISTINCT' | 'ALL';
  readonly items: readonly SelectItem[];
  readonly from: FromItem;
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly having?: Expr;
  /** Named windows of the WINDOW clause, in order; empty when there is none. */
  readonly windows: readonly WindowDef[];
  readonly windowedBy?: StaggerWindow;
  readonly orderBy?: readonly OrderItem[];
}

/**
 * `left op [ALL] right`. INTERSECT binds tighter than UNION and EXCEPT; all are left-associative
 * (sqlref/sql-reference-query). Only UNION ALL is valid on streams; the analyzer says so.
 * An ORDER BY after the last branch belongs to the whole operation.
 */
export interface SetOperation extends NodeBase {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'EXCEPT' | 'INTERSECT';
  readonly all: boolean;
  readonly left: Query;
  readonly right: Query;
  readonly orderBy?: readonly OrderItem[];
}

/** `VALUES (e, ...), ...`; a row may be written `ROW(e, ...)`, or as a bare expression for one column. */
export interface Values extends NodeBase {
  readonly kind: 'Values';
  readonly rows: readonly (readonly Expr[])[];
  readonly orderBy?: readonly OrderItem[];
}

export type SelectItem = SelectExpr | AllColumns;

/** `expr [[AS] alias]`. */
export interface SelectExpr extends NodeBase {
  readonly kind: 'SelectExpr';
  readonly expr: Expr;
  readonly alias?: Identifier;
}

/** `*` (no qualifier) or `t.*` / `schema.t.*`. */
export interface AllColumns extends NodeBase {
  readonly kind: 'AllColumns';
  readonly qualifier?: readonly Identifier[];
}

/** `expr [ASC | DESC] [NULLS FIRST | LAST]`. */
export interface OrderItem extends NodeBase {
  readonly kind: 'OrderItem';
  readonly expr: Expr;
  readonly direction?: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
}

// =============================================================================================
// FROM

export type FromItem = TableRef | SubqueryRef | TableFunctionRef | Join;

/**
 * What may follow a relation in FROM: a window (`S OVER (RANGE INTERVAL '1' MINUTE PRECEDING)` or
 * `S OVER w`, the windowed side of a join) and an alias with optional column names (`AS l(r)`).
 * OVER is accepted before or after the alias.
 */
interface RelationSuffix {
  readonly over?: WindowRef;
  readonly alias?: Identifier;
  readonly columnAliases?: readonly Identifier[];
}

/** A stream or reference table by name. */
export interface TableRef extends NodeBase, RelationSuffix {
  readonly kind: 'TableRef';
  readonly name: QualifiedName;
}

/** `(query) [AS] alias`; the alias is optional (the developer guide's throttled-alerts example has none). */
export interface SubqueryRef extends NodeBase, RelationSuffix {
  readonly kind: 'SubqueryRef';
  readonly query: Query;
}

/**
 * `TABLE(fn(args))`: TOP_K_ITEMS_TUMBLING, RANDOM_CUT_FOREST, HOTSPOTS, ... The call is generic;
 * its stream argument is a `Cursor` expression.
 */
export interface TableFunctionRef extends NodeBase, RelationSuffix {
  readonly kind: 'TableFunctionRef';
  readonly call: FunctionCall;
}

/**
 * `left [NATURAL] type JOIN right [ON cond | USING (cols)]`, `left CROSS JOIN right`, or `left, right`
 * (type COMMA: a cross join that binds looser than JOIN). Joins are left-deep.
 */
export interface Join extends NodeBase {
  readonly kind: 'Join';
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'COMMA';
  readonly natural: boolean;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on?: Expr;
  readonly using?: readonly Identifier[];
}

// =============================================================================================
// Windows

/** `OVER w` (a name from the WINDOW clause) or `OVER (spec)`. */
export type WindowRef = NamedWindowRef | WindowSpec;

export interface NamedWindowRef extends NodeBase {
  readonly kind: 'NamedWindowRef';
  readonly name: Identifier;
}

/**
 * `( [base] [PARTITION BY e, ...] [ORDER BY ...] [frame] )`. KDA allows only frames that end at the
 * current row and no ORDER BY for aggregation (sqlref/sql-reference-allowed-disallowed-window); the
 * parser records whatever is written so the analyzer can point at it.
 */
export interface WindowSpec extends NodeBase {
  readonly kind: 'WindowSpec';
  /** `OVER (w ...)`: a named window this one refines. */
  readonly base?: Identifier;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
}

/** `ROWS|RANGE from` or `ROWS|RANGE BETWEEN from AND to`. */
export interface WindowFrame extends NodeBase {
  readonly kind: 'WindowFrame';
  readonly unit: 'ROWS' | 'RANGE';
  /** The only bound of the short form, or the first of BETWEEN. */
  readonly from: FrameBound;
  /** Only in the BETWEEN form. */
  readonly to?: FrameBound;
}

/** `UNBOUNDED PRECEDING|FOLLOWING`, `CURRENT ROW`, `n PRECEDING|FOLLOWING`, `INTERVAL '1' MINUTE PRECEDING`. */
export interface FrameBound extends NodeBase {
  readonly kind: 'FrameBound';
  readonly bound: 'UNBOUNDED_PRECEDING' | 'UNBOUNDED_FOLLOWING' | 'CURRENT_ROW' | 'PRECEDING' | 'FOLLOWING';
  /** The row count or interval, for PRECEDING and FOLLOWING. */
  readonly offset?: Expr;
}

/** `name AS (spec)` in the WINDOW clause. */
export interface WindowDef extends NodeBase {
  readonly kind: 'WindowDef';
  readonly name: Identifier;
  readonly spec: WindowSpec;
}

/** `WINDOWED BY STAGGER (PARTITION BY e, ... RANGE INTERVAL 'n' unit)` (dev/stagger-window-concepts). */
export interface StaggerWindow extends NodeBase {
  readonly kind: 'StaggerWindow';
  readonly partitionBy: readonly Expr[];
  /** The window length; an interval literal in every documented example. */
  readonly range: Expr;
}

// =============================================================================================
// Expressions

export type Expr =
  | NumericLiteral
  | StringLiteral
  | BinaryLiteral
  | BooleanLiteral
  | NullLiteral
  | DatetimeLiteral
  | IntervalLiteral
  | ColumnRef
  | FieldAccess
  | Subscript
  | UnaryOp
  | BinaryOp
  | IsTest
  | IsDistinctFrom
  | Between
  | InList
  | InSubquery
  | Like
  | Case
  | Cast
  | FunctionCall
  | Step
  | FloorCeil
  | Extract
  | Substring
  | SubstringSimilar
  | Position
  | Trim
  | Overlay
  | CurrentDatetime
  | IntervalQualified
  | ScalarSubquery
  | Exists
  | Cursor;

/** `42`, `1.5`, `.5`, `1e2`. `text` is as written (no sign: `-1` is a UnaryOp). */
export interface NumericLiteral extends NodeBase {
  readonly kind: 'NumericLiteral';
  readonly text: string;
  readonly numberKind: NumberKind;
}

/** `'text'` (`''` is a quote) or `U&'\0041' [UESCAPE '!']`; `value` is decoded. */
export interface StringLiteral extends NodeBase {
  readonly kind: 'StringLiteral';
  readonly value: string;
  readonly unicode: boolean;
}

/** `X'0AFF'`; `hex` is upper-case with an even number of digits. */
export interface BinaryLiteral extends NodeBase {
  readonly kind: 'BinaryLiteral';
  readonly hex: string;
}

/** TRUE, FALSE or UNKNOWN (`value` null: the boolean null). */
export interface BooleanLiteral extends NodeBase {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean | null;
}

export interface NullLiteral extends NodeBase {
  readonly kind: 'NullLiteral';
}

/**
 * `DATE 'yyyy-mm-dd'`, `TIME 'hh:mm:ss[.fff]'`, `TIMESTAMP 'yyyy-mm-dd hh:mm:ss[.fff]'`. `value` is
 * epoch milliseconds (DATE: of the UTC midnight; TIME: milliseconds of the day), as in ../types.ts.
 */
export interface DatetimeLiteral extends NodeBase {
  readonly kind: 'DatetimeLiteral';
  readonly type: 'DATE' | 'TIME' | 'TIMESTAMP';
  /** The text between the quotes. */
  readonly text: string;
  readonly value: number;
}

/**
 * `INTERVAL [+|-] 'text' qualifier`, e.g. `INTERVAL '1:30' HOUR TO MINUTE`, `INTERVAL -'1' DAY`,
 * `INTERVAL '-2 04' DAY TO HOUR`. `value` has both signs applied.
 */
export interface IntervalLiteral extends NodeBase {
  readonly kind: 'IntervalLiteral';
  /** The sign written before the quote (a sign inside the text is part of `text`). */
  readonly sign: 1 | -1;
  readonly text: string;
  readonly qualifier: IntervalQualifier;
  readonly value: Interval;
}

/** `from [(p[, s])] [TO to [(s)]]`: `MINUTE`, `DAY(3) TO SECOND`, `HOUR TO MINUTE`. Always a valid pair. */
export interface IntervalQualifier extends NodeBase {
  readonly kind: 'IntervalQualifier';
  readonly from: TimeUnit;
  readonly to?: TimeUnit;
  /** Digits of the leading field, when written. */
  readonly leadingPrecision?: number;
  /** Digits of the fraction of SECOND, when written (`SECOND(2, 3)` or `TO SECOND(3)`). */
  readonly fractionalPrecision?: number;
}

/**
 * A column, qualified or not: `price`, `o.orderId`, `"SOURCE_SQL_STREAM_001".ROWTIME`, or a ROW
 * field through a relation alias, `l.r.COLUMN1`. Which part is a relation, a column or a field is
 * the analyzer's call.
 */
export interface ColumnRef extends NodeBase {
  readonly kind: 'ColumnRef';
  readonly parts: readonly Identifier[];
}

/** A field of a ROW value that is not a plain column: `(REGEX_LOG_PARSE(s, p)).COLUMN1`. */
export interface FieldAccess extends NodeBase {
  readonly kind: 'FieldAccess';
  readonly operand: Expr;
  readonly field: Identifier;
}

/** `operand[index]`. */
export interface Subscript extends NodeBase {
  readonly kind: 'Subscript';
  readonly operand: Expr;
  readonly index: Expr;
}

export interface UnaryOp extends NodeBase {
  readonly kind: 'UnaryOp';
  readonly op: 'NOT' | '-' | '+';
  readonly operand: Expr;
}

/**
 * Binary operators, loosest first: OR; AND; comparisons (= <> < <= > >=; `!=` is read as `<>`); `||`;
 * `+ -`; `* / %`. All left-associative. See parser.ts for where IS, BETWEEN, IN, LIKE sit.
 */
export interface BinaryOp extends NodeBase {
  readonly kind: 'BinaryOp';
  readonly op: 'OR' | 'AND' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '||' | '+' | '-' | '*' | '/' | '%';
  readonly left: Expr;
  readonly right: Expr;
}

/** `operand IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface IsTest extends NodeBase {
  readonly kind: 'IsTest';
  readonly operand: Expr;
  readonly negated: boolean;
  readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN';
}

/** `left IS [NOT] DISTINCT FROM right`. */
export interface IsDistinctFrom extends NodeBase {
  readonly kind: 'IsDistinctFrom';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
}

/** `operand [NOT] BETWEEN low AND high`. */
export interface Between extends NodeBase {
  readonly kind: 'Between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}

/** `operand [NOT] IN (e, ...)`. */
export interface InList extends NodeBase {
  readonly kind: 'InList';
  readonly operand: Expr;
  readonly values: readonly Expr[];
  readonly negated: boolean;
}

/** `operand [NOT] IN (query)`. */
export interface InSubquery extends NodeBase {
  readonly kind: 'InSubquery';
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

/** `operand [NOT] LIKE pattern [ESCAPE e]` and `operand [NOT] SIMILAR TO pattern [ESCAPE e]`. */
export interface Like extends NodeBase {
  readonly kind: 'Like';
  readonly operator: 'LIKE' | 'SIMILAR TO';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
}

/** Simple (`CASE operand WHEN value THEN ...`) when `operand` is set, searched (`CASE WHEN cond THEN ...`) otherwise. */
export interface Case extends NodeBase {
  readonly kind: 'Case';
  readonly operand?: Expr;
  /** At least one. */
  readonly whens: readonly CaseWhen[];
  readonly else?: Expr;
}

export interface CaseWhen extends NodeBase {
  readonly kind: 'CaseWhen';
  readonly when: Expr;
  readonly then: Expr;
}

/** `CAST(operand AS type)`. */
export interface Cast extends NodeBase {
  readonly kind: 'Cast';
  readonly operand: Expr;
  readonly target: TypeSpec;
}

/**
 * Any other call: scalar, aggregate or analytic. `COUNT(*)` has `star`; `COUNT(DISTINCT x)` has a
 * quantifier; `LAG(x, 1) IGNORE NULLS OVER w`, `NTH_VALUE(x, 2) FROM LAST OVER w` and
 * `AVG(p) OVER (...)` carry their suffixes. Inside TABLE(...) the same node is the table function.
 */
export interface FunctionCall extends NodeBase {
  readonly kind: 'FunctionCall';
  readonly name: QualifiedName;
  readonly args: readonly Expr[];
  readonly star: boolean;
  readonly quantifier?: 'DISTINCT' | 'ALL';
  /** NTH_VALUE only: `FROM FIRST` / `FROM LAST`. */
  readonly fromEnd?: 'FIRST' | 'LAST';
  readonly nullTreatment?: 'IGNORE NULLS' | 'RESPECT NULLS';
  readonly over?: WindowRef;
}

/** `STEP(operand BY step)`: `STEP(ROWTIME BY INTERVAL '10' SECOND)`, `STEP(23 BY 5)`. */
export interface Step extends NodeBase {
  readonly kind: 'Step';
  readonly operand: Expr;
  readonly step: Expr;
}

/** `FLOOR(x)`, `CEIL(x)` / `CEILING(x)`, and the datetime forms `FLOOR(ts TO MINUTE)`, `CEIL(ts TO HOUR)`. */
export interface FloorCeil extends NodeBase {
  readonly kind: 'FloorCeil';
  readonly fn: 'FLOOR' | 'CEIL';
  readonly operand: Expr;
  readonly unit?: TimeUnit;
}

/** `EXTRACT(field FROM operand)`. */
export interface Extract extends NodeBase {
  readonly kind: 'Extract';
  readonly field: TimeUnit;
  readonly operand: Expr;
}

/** `SUBSTRING(s FROM start [FOR length])` (syntax FROM) or `SUBSTRING(s, start [, length])` (syntax COMMA). */
export interface Substring extends NodeBase {
  readonly kind: 'Substring';
  readonly operand: Expr;
  readonly start: Expr;
  readonly length?: Expr;
  readonly syntax: 'FROM' | 'COMMA';
}

/** `SUBSTRING(s SIMILAR pattern ESCAPE escape)`. */
export interface SubstringSimilar extends NodeBase {
  readonly kind: 'SubstringSimilar';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape: Expr;
}

/** `POSITION(needle IN haystack [FROM start])`. */
export interface Position extends NodeBase {
  readonly kind: 'Position';
  readonly needle: Expr;
  readonly haystack: Expr;
  readonly start?: Expr;
}

/** `TRIM([BOTH | LEADING | TRAILING] [characters] FROM operand)` or `TRIM(operand)`. */
export interface Trim extends NodeBase {
  readonly kind: 'Trim';
  /** As written; absent means BOTH. */
  readonly spec?: 'BOTH' | 'LEADING' | 'TRAILING';
  /** As written; absent means a space. */
  readonly characters?: Expr;
  readonly operand: Expr;
}

/** `OVERLAY(operand PLACING replacement FROM start [FOR length])`. */
export interface Overlay extends NodeBase {
  readonly kind: 'Overlay';
  readonly operand: Expr;
  readonly replacement: Expr;
  readonly start: Expr;
  readonly length?: Expr;
}

/** The niladic datetime values, written without parentheses. */
export interface CurrentDatetime extends NodeBase {
  readonly kind: 'CurrentDatetime';
  readonly name: 'CURRENT_ROW_TIMESTAMP' | 'CURRENT_TIMESTAMP' | 'CURRENT_DATE' | 'CURRENT_TIME' | 'LOCALTIMESTAMP' | 'LOCALTIME';
}

/**
 * `(operand) qualifier`: the interval between two datetimes in the given unit, as in
 * `(ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND` (sqlref/sql-reference-date-timestamp-interval).
 * `operand` is the parenthesised expression; the analyzer checks it is a datetime difference.
 */
export interface IntervalQualified extends NodeBase {
  readonly kind: 'IntervalQualified';
  readonly operand: Expr;
  readonly qualifier: IntervalQualifier;
}

/** `(query)` used as a value. */
export interface ScalarSubquery extends NodeBase {
  readonly kind: 'ScalarSubquery';
  readonly query: Query;
}

/** `EXISTS (query)`. */
export interface Exists extends NodeBase {
  readonly kind: 'Exists';
  readonly query: Query;
}

/** `CURSOR(query)`, the stream argument of a table function. */
export interface Cursor extends NodeBase {
  readonly kind: 'Cursor';
  readonly query: Query;
}

// =============================================================================================
// Walking

/** Every node type, for code that walks trees generically. */
export type AstNode =
  | Application
  | Statement
  | ColumnDef
  | TypeSpec
  | Insert
  | Query
  | SelectItem
  | OrderItem
  | FromItem
  | WindowRef
  | WindowFrame
  | FrameBound
  | WindowDef
  | StaggerWindow
  | Expr
  | CaseWhen
  | IntervalQualifier
  | Identifier
  | QualifiedName;

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && 'pos' in value;
}

/** The direct children of a node, in the order of its properties (source order, except OVER written after an alias). */
export function childNodes(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (value: unknown): void => {
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'pos') visit(value);
  }
  return out;
}

/** Calls `fn` on `node` and every node below it, parents first. */
export function walkAst(node: AstNode, fn: (node: AstNode) => void): void {
  fn(node);
  for (const child of childNodes(node)) walkAst(child, fn);
}
