/**
 * A hand-written recursive-descent parser for Kinesis Data Analytics SQL, producing the AST of ast.ts.
 *
 * Why by hand rather than with a parser generator or combinator library:
 * - Errors. Every failure names the place (line and column of the offending token), what was found
 *   and what the grammar wanted at that exact point (`line 3, column 15: expected FROM but found
 *   'FORM'`), with wording chosen per context. Generated parsers report token-class soup or the
 *   furthest failure of some alternative, and would need a second layer to say this well.
 * - The dialect's odd corners are context decisions, simplest to make in code: keywords that are
 *   also column names (TIMESTAMP is a type, a literal prefix and a fine column name; YEAR is a column
 *   unless it follows `(a - b)`); `(ts1 - ts2) SECOND` as an interval-qualified difference;
 *   `FLOOR(x TO MINUTE)`, `STEP(x BY i)`, `POSITION(a IN b)`, `SUBSTRING(s FROM i FOR n)`,
 *   `TRIM(LEADING 'x' FROM s)` and `NTH_VALUE(x, n) FROM LAST`, where FROM, IN, BY and TO mean
 *   something else than elsewhere; `S OVER (RANGE ...) AS t` in FROM; implicit aliases that must not
 *   swallow a misspelt clause keyword; WINDOWED BY where the developer guide puts it.
 * - No dependency, and the engine stays pure and deterministic (DESIGN.md).
 *
 * Expression precedence, loosest first (a Pratt loop with these binding powers):
 *   OR · AND · NOT · IS [NOT] NULL/TRUE/FALSE/UNKNOWN/DISTINCT FROM · comparisons (= <> != < <= > >=)
 *   · [NOT] BETWEEN / IN / LIKE / SIMILAR TO · || · + - · * / % · unary + - · [index], .field
 * IS binds looser than comparisons as in Calcite and PostgreSQL (`a = b IS NULL` tests `a = b`);
 * `||` binds looser than `+` as in PostgreSQL. All binary operators are left-associative.
 *
 * Nesting deeper than MAX_DEPTH levels is reported as a syntax error rather than overflowing the stack.
 */
import type {
  AllColumns,
  Application,
  CaseWhen,
  ColumnDef,
  CreatePump,
  CreateStream,
  Expr,
  FrameBound,
  FromItem,
  FunctionCall,
  Identifier,
  Insert,
  IntervalQualifier,
  OrderItem,
  QualifiedName,
  Query,
  Select,
  SelectItem,
  StaggerWindow,
  Statement,
  StringLiteral,
  TypeSpec,
  WindowDef,
  WindowFrame,
  WindowRef,
  WindowSpec,
} from './ast';
import type { SqlType, SqlTypeName } from '../types';
import { SqlSyntaxError, expectedError } from './errors';
import { Lexer } from './lexer';
import {
  checkUescapeChar,
  decodeUnicodeString,
  isValidIntervalRange,
  parseDateText,
  parseIntervalText,
  parseTimeText,
  parseTimestampText,
} from './literals';
import { RESERVED_WORDS, TIME_UNITS, isTimeUnit, type SourcePos, type TimeUnit, type Token } from './tokens';

/** Deepest nesting of expressions, queries and FROM items before we give up (the stack would be next). */
export const MAX_DEPTH = 200;

/** Binding powers of the expression operators (see the module header). */
const BP = { OR: 10, AND: 20, NOT: 26, IS: 28, COMPARE: 30, PREDICATE: 32, CONCAT: 35, ADD: 40, MUL: 50, UNARY: 60, POSTFIX: 70 } as const;

const COMPARISONS: Record<string, '=' | '<>' | '<' | '<=' | '>' | '>='> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const TIME_UNIT_NAMES = TIME_UNITS.slice();
const CURRENT_DATETIME = ['CURRENT_ROW_TIMESTAMP', 'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIMESTAMP', 'LOCALTIME'] as const;
type CurrentDatetimeName = (typeof CURRENT_DATETIME)[number];

const posOf = (t: SourcePos): SourcePos => ({ line: t.line, column: t.column, offset: t.offset });

class Parser {
  private readonly lexer: Lexer;
  private readonly ahead: Token[] = [];
  /** End offset of the last consumed token: the `end` of the node being finished. */
  private lastEnd = 0;
  private depth = 0;
  /** A lexical error met while looking ahead, and the stand-in token that carries it. */
  private pending: { readonly token: Token; readonly error: SqlSyntaxError } | undefined;
  /** True while reading the first operand of SUBSTRING, where a bare SIMILAR ends it. */
  private substringOperand = false;

  constructor(private readonly source: string) {
    this.lexer = new Lexer(source);
  }

  // ===========================================================================================
  // Tokens

  /**
   * Looks k tokens ahead. A lexical error in a token we only look at must not pre-empt a syntax
   * error before it, so it waits in a stand-in token and is thrown when that token becomes current.
   */
  private peek(k = 0): Token {
    while (this.ahead.length <= k) this.ahead.push(this.lex());
    if (this.pending !== undefined && this.ahead[0] === this.pending.token) throw this.pending.error;
    return this.ahead[k] as Token;
  }

  private lex(): Token {
    if (this.pending !== undefined) return this.pending.token;
    try {
      return this.lexer.next();
    } catch (e) {
      if (!(e instanceof SqlSyntaxError)) throw e;
      const token: Token = { kind: 'eof', text: '', value: '', line: e.line, column: e.column, offset: e.offset, end: e.offset };
      this.pending = { token, error: e };
      return token;
    }
  }

  private advance(): Token {
    const t = this.peek();
    this.ahead.shift();
    this.lastEnd = t.end;
    return t;
  }

  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.value === word;
  }

  private isOp(op: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.value === op;
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.advance();
    return true;
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.advance();
    return true;
  }

  private expectWord(word: string, expected: readonly string[] = [word]): Token {
    if (!this.isWord(word)) this.fail(expected);
    return this.advance();
  }

  private expectOp(op: string, expected: readonly string[] = [`'${op}'`]): Token {
    if (!this.isOp(op)) this.fail(expected);
    return this.advance();
  }

  private fail(expected: readonly string[], token: Token = this.peek()): never {
    throw expectedError(expected, token);
  }

  private failAt(detail: string, token: Token): never {
    throw new SqlSyntaxError(detail, token, { length: token.end - token.offset });
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.failAt(`nesting is deeper than ${MAX_DEPTH} levels`, this.peek());
  }

  private leave(): void {
    this.depth--;
  }

  /** A name token: "quoted", or an unquoted word that is not reserved. */
  private isIdentToken(k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'quoted' || (t.kind === 'word' && !RESERVED_WORDS.has(t.value));
  }

  private startsQuery(k = 0): boolean {
    return this.isWord('SELECT', k) || this.isWord('VALUES', k) || this.isOp('(', k);
  }

  // ===========================================================================================
  // Names

  private parseIdentifier(what = 'an identifier'): Identifier {
    if (!this.isIdentToken()) this.fail([what]);
    const t = this.advance();
    return { kind: 'Identifier', pos: posOf(t), end: t.end, name: t.value, quoted: t.kind === 'quoted' };
  }

  private parseQualifiedName(what: string): QualifiedName {
    const first = this.parseIdentifier(what);
    const parts = [first];
    while (this.acceptOp('.')) parts.push(this.parseIdentifier('an identifier'));
    return { kind: 'QualifiedName', pos: first.pos, end: this.lastEnd, parts };
  }

  /** `(a, b, ...)` */
  private parseIdentifierList(what: string): Identifier[] {
    this.expectOp('(');
    const names = [this.parseIdentifier(what)];
    while (this.acceptOp(',')) names.push(this.parseIdentifier(what));
    this.expectOp(')', ["','", "')'"]);
    return names;
  }

  private parseStringLiteral(): StringLiteral {
    const t = this.peek();
    if (t.kind !== 'string' && t.kind !== 'ustring') this.fail(['a string']);
    return this.parseStringToken();
  }

  private parseUnsignedInteger(what: string): number {
    const t = this.peek();
    if (t.kind !== 'number' || t.numberKind !== 'INTEGER') this.fail([what]);
    const value = Number(t.value);
    if (!Number.isSafeInteger(value)) this.failAt(`${t.value} is too large`, t);
    this.advance();
    return value;
  }

  // ===========================================================================================
  // Application and statements

  parseApplication(): Application {
    const statements: Statement[] = [];
    for (;;) {
      while (this.acceptOp(';'));
      if (this.peek().kind === 'eof') break;
      const statement = this.parseStatement();
      statements.push(statement);
      if (this.acceptOp(';')) continue;
      if (this.peek().kind === 'eof') break;
      this.fail(statement.kind === 'CreateStream' && statement.description === undefined ? ['DESCRIPTION', "';'"] : ["';'"]);
    }
    return { kind: 'Application', pos: { line: 1, column: 1, offset: 0 }, end: this.source.length, statements };
  }

  /** A lone query (a trailing `;` allowed), for callers that hold just a SELECT. */
  parseSingleQuery(): Query {
    const query = this.parseQuery();
    this.acceptOp(';');
    if (this.peek().kind !== 'eof') this.fail(['end of input']);
    return query;
  }

  parseSingleExpression(): Expr {
    const expr = this.parseExpr();
    if (this.peek().kind !== 'eof') this.fail(['end of input']);
    return expr;
  }

  private parseStatement(): Statement {
    if (this.isWord('CREATE')) return this.parseCreate();
    if (this.startsQuery()) {
      const start = this.peek();
      const query = this.parseQuery();
      return { kind: 'QueryStatement', pos: posOf(start), end: this.lastEnd, query };
    }
    return this.fail(['CREATE', 'SELECT']);
  }

  private parseCreate(): CreateStream | CreatePump {
    const start = this.advance();
    let orReplace = false;
    if (this.acceptWord('OR')) {
      this.expectWord('REPLACE');
      orReplace = true;
    }
    if (this.acceptWord('STREAM')) return this.parseCreateStream(start, orReplace);
    if (this.acceptWord('PUMP')) return this.parseCreatePump(start, orReplace);
    return this.fail(orReplace ? ['STREAM', 'PUMP'] : ['OR REPLACE', 'STREAM', 'PUMP']);
  }

  private parseCreateStream(start: Token, orReplace: boolean): CreateStream {
    const name = this.parseQualifiedName('a stream name');
    this.expectOp('(');
    const columns: ColumnDef[] = [];
    for (;;) {
      const { column, constrained } = this.parseColumnDef();
      columns.push(column);
      if (this.acceptOp(',')) continue;
      this.expectOp(')', constrained ? ["','", "')'"] : ['NOT NULL', "','", "')'"]);
      break;
    }
    const description = this.acceptWord('DESCRIPTION') ? this.parseStringLiteral() : undefined;
    return {
      kind: 'CreateStream',
      pos: posOf(start),
      end: this.lastEnd,
      orReplace,
      name,
      columns,
      ...(description && { description }),
    };
  }

  /** A column and whether a NULL or NOT NULL constraint was written (for the next error message). */
  private parseColumnDef(): { column: ColumnDef; constrained: boolean } {
    const name = this.parseIdentifier('a column name');
    let type = this.parseType();
    let notNull = false;
    let constrained = false;
    if (this.acceptWord('NOT')) {
      this.expectWord('NULL');
      notNull = true;
      constrained = true;
      type = { ...type, type: { ...type.type, nullable: false } };
    } else {
      constrained = this.acceptWord('NULL'); // an explicit NULL constraint changes nothing else
    }
    return { column: { kind: 'ColumnDef', pos: name.pos, end: this.lastEnd, name, type, notNull }, constrained };
  }

  private parseCreatePump(start: Token, orReplace: boolean): CreatePump {
    const name = this.parseQualifiedName('a pump name');
    const description = this.acceptWord('DESCRIPTION') ? this.parseStringLiteral() : undefined;
    this.expectWord('AS', description ? ['AS'] : ['DESCRIPTION', 'AS']);
    const insert = this.parseInsert();
    return {
      kind: 'CreatePump',
      pos: posOf(start),
      end: this.lastEnd,
      orReplace,
      name,
      ...(description && { description }),
      insert,
    };
  }

  private parseInsert(): Insert {
    const start = this.expectWord('INSERT');
    this.expectWord('INTO');
    const target = this.parseQualifiedName('a stream name');
    // `(` opens a column list unless a query starts inside it.
    const columns = this.isOp('(') && !this.startsQuery(1) ? this.parseIdentifierList('a column name') : undefined;
    const query = this.parseQuery();
    return { kind: 'Insert', pos: posOf(start), end: this.lastEnd, target, ...(columns && { columns }), query };
  }

  // ===========================================================================================
  // Types

  private parseType(): TypeSpec {
    const t = this.peek();
    if (t.kind !== 'word') this.fail(['a data type']);
    const simple = (name: SqlTypeName): TypeSpec => {
      return { kind: 'TypeSpec', pos: posOf(t), end: this.lastEnd, type: { name, nullable: true } };
    };
    const withLength = (name: SqlTypeName): TypeSpec => {
      if (!this.acceptOp('(')) return simple(name);
      const length = this.parseUnsignedInteger('a length');
      this.expectOp(')');
      return { kind: 'TypeSpec', pos: posOf(t), end: this.lastEnd, type: { name, length, nullable: true } };
    };
    switch (t.value) {
      case 'BIGINT':
      case 'SMALLINT':
      case 'TINYINT':
      case 'BOOLEAN':
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
      case 'REAL':
      case 'INTEGER':
        this.advance();
        return simple(t.value);
      case 'INT':
        this.advance();
        return simple('INTEGER');
      case 'FLOAT': // Java's and SQL's FLOAT without precision is a double
        this.advance();
        return simple('DOUBLE');
      case 'DOUBLE':
        this.advance();
        this.acceptWord('PRECISION');
        return simple('DOUBLE');
      case 'CHAR':
      case 'CHARACTER':
        this.advance();
        return withLength(this.acceptWord('VARYING') ? 'VARCHAR' : 'CHAR');
      case 'VARCHAR':
        this.advance();
        return withLength('VARCHAR');
      case 'BINARY':
        this.advance();
        return withLength(this.acceptWord('VARYING') ? 'VARBINARY' : 'BINARY');
      case 'VARBINARY':
        this.advance();
        return withLength('VARBINARY');
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC': {
        this.advance();
        if (!this.acceptOp('(')) return simple('DECIMAL');
        const precision = this.parseUnsignedInteger('a precision');
        const scale = this.acceptOp(',') ? this.parseUnsignedInteger('a scale') : undefined;
        this.expectOp(')', scale === undefined ? ["','", "')'"] : ["')'"]);
        const type: SqlType = { name: 'DECIMAL', precision, ...(scale !== undefined && { scale }), nullable: true };
        return { kind: 'TypeSpec', pos: posOf(t), end: this.lastEnd, type };
      }
      case 'INTERVAL': {
        this.advance();
        const qualifier = this.parseIntervalQualifier();
        const interval = qualifier.from === 'YEAR' || qualifier.from === 'MONTH' ? 'YEAR_MONTH' : 'DAY_TIME';
        return { kind: 'TypeSpec', pos: posOf(t), end: this.lastEnd, type: { name: 'INTERVAL', interval, nullable: true }, qualifier };
      }
      default:
        return this.fail(['a data type']);
    }
  }

  /** `unit [(p [, s])] [TO unit [(s)]]`, a valid pair only. */
  private parseIntervalQualifier(): IntervalQualifier {
    const startTok = this.peek();
    const from = this.parseTimeUnit();
    let leadingPrecision: number | undefined;
    let fractionalPrecision: number | undefined;
    if (this.acceptOp('(')) {
      leadingPrecision = this.parseUnsignedInteger('a precision');
      if (from === 'SECOND' && this.acceptOp(',')) fractionalPrecision = this.parseUnsignedInteger('a precision');
      this.expectOp(')');
    }
    let to: TimeUnit | undefined;
    if (this.acceptWord('TO')) {
      to = this.parseTimeUnit();
      if (!isValidIntervalRange(from, to)) this.failAt(`${from} TO ${to} is not a valid interval qualifier`, startTok);
      if (to === 'SECOND' && this.acceptOp('(')) {
        fractionalPrecision = this.parseUnsignedInteger('a precision');
        this.expectOp(')');
      }
    }
    return {
      kind: 'IntervalQualifier',
      pos: posOf(startTok),
      end: this.lastEnd,
      from,
      ...(to !== undefined && { to }),
      ...(leadingPrecision !== undefined && { leadingPrecision }),
      ...(fractionalPrecision !== undefined && { fractionalPrecision }),
    };
  }

  private parseTimeUnit(): TimeUnit {
    const t = this.peek();
    if (t.kind !== 'word' || !isTimeUnit(t.value)) this.fail(TIME_UNIT_NAMES);
    this.advance();
    return t.value;
  }

  // ===========================================================================================
  // Queries

  /** Set operations of query terms, then an ORDER BY for the whole. */
  private parseQuery(): Query {
    this.enter();
    const start = this.peek();
    let query = this.parseQueryTerm();
    while (this.isWord('UNION') || this.isWord('EXCEPT')) {
      const op = this.advance().value as 'UNION' | 'EXCEPT';
      const all = this.parseSetQuantifier();
      const right = this.parseQueryTerm();
      query = { kind: 'SetOperation', pos: posOf(start), end: this.lastEnd, op, all, left: query, right };
    }
    if (this.isWord('ORDER')) {
      const orderTok = this.peek();
      const orderBy = this.parseOrderBy();
      if (query.orderBy !== undefined) this.failAt('this query already has an ORDER BY', orderTok);
      query = { ...query, end: this.lastEnd, orderBy };
    }
    this.leave();
    return query;
  }

  /** INTERSECT binds tighter than UNION and EXCEPT. */
  private parseQueryTerm(): Query {
    const start = this.peek();
    let query = this.parseQueryPrimary();
    while (this.isWord('INTERSECT')) {
      this.advance();
      const all = this.parseSetQuantifier();
      const right = this.parseQueryPrimary();
      query = { kind: 'SetOperation', pos: posOf(start), end: this.lastEnd, op: 'INTERSECT', all, left: query, right };
    }
    return query;
  }

  private parseSetQuantifier(): boolean {
    if (this.acceptWord('ALL')) return true;
    this.acceptWord('DISTINCT');
    return false;
  }

  private parseQueryPrimary(): Query {
    if (this.isWord('SELECT')) return this.parseSelect();
    if (this.isWord('VALUES')) return this.parseValues();
    if (this.acceptOp('(')) {
      const query = this.parseQuery();
      this.expectOp(')');
      return query;
    }
    return this.fail(['SELECT', 'VALUES', "'('"]);
  }

  private parseValues(): Query {
    const start = this.advance();
    const rows: Expr[][] = [];
    do {
      if ((this.isWord('ROW') && this.isOp('(', 1)) || this.isOp('(')) {
        this.acceptWord('ROW');
        this.advance();
        const row = this.parseExprList();
        this.expectOp(')', ["','", "')'"]);
        rows.push(row);
      } else {
        // A bare expression is a one-column row: sqlref writes `values cast(... as varchar(8))`.
        rows.push([this.parseExpr()]);
      }
    } while (this.acceptOp(','));
    return { kind: 'Values', pos: posOf(start), end: this.lastEnd, rows };
  }

  private parseSelect(): Select {
    const start = this.advance();
    const stream = this.acceptWord('STREAM');
    const quantifier = this.acceptWord('DISTINCT') ? 'DISTINCT' : this.acceptWord('ALL') ? 'ALL' : undefined;
    const items = [this.parseSelectItem()];
    while (this.acceptOp(',')) items.push(this.parseSelectItem());
    this.expectWord('FROM');
    const from = this.parseFromClause();

    // Clauses in order; `stage` is the last one seen, for the error message below.
    let stage = 0;
    let where: Expr | undefined;
    let groupBy: Expr[] | undefined;
    let having: Expr | undefined;
    let windows: WindowDef[] = [];
    let windowedBy: StaggerWindow | undefined;
    if (this.acceptWord('WHERE')) {
      where = this.parseExpr();
      stage = 1;
    }
    // The developer guide puts WINDOWED BY straight after WHERE; we also take it after WINDOW.
    if (this.isWord('WINDOWED')) {
      windowedBy = this.parseWindowedBy();
      stage = 1; // WHERE cannot follow it
    }
    if (this.acceptWord('GROUP')) {
      this.expectWord('BY');
      groupBy = this.parseExprList();
      stage = 2;
    }
    if (this.acceptWord('HAVING')) {
      having = this.parseExpr();
      stage = 3;
    }
    if (this.acceptWord('WINDOW')) {
      windows = [this.parseWindowDef()];
      while (this.acceptOp(',')) windows.push(this.parseWindowDef());
      stage = 4;
    }
    if (windowedBy === undefined && this.isWord('WINDOWED')) windowedBy = this.parseWindowedBy();

    // Nothing but a closing token or a keyword can follow a complete SELECT. An unknown word here is
    // most likely a misspelt clause keyword (the implicit-alias rules refuse to swallow it), so say
    // which clauses could have come.
    const t = this.peek();
    const closes = t.kind === 'eof' || (t.kind === 'op' && (t.value === ')' || t.value === ';')) || (t.kind === 'word' && RESERVED_WORDS.has(t.value));
    if (!closes) {
      const clauses = ['WHERE', 'GROUP BY', 'HAVING', 'WINDOW'].slice(stage);
      if (windowedBy === undefined) clauses.push('WINDOWED BY');
      clauses.push('ORDER BY');
      this.fail(clauses);
    }

    return {
      kind: 'Select',
      pos: posOf(start),
      end: this.lastEnd,
      stream,
      ...(quantifier && { quantifier }),
      items,
      from,
      ...(where && { where }),
      ...(groupBy && { groupBy }),
      ...(having && { having }),
      windows,
      ...(windowedBy && { windowedBy }),
    };
  }

  private parseSelectItem(): SelectItem {
    const start = this.peek();
    if (this.isOp('*')) {
      this.advance();
      return { kind: 'AllColumns', pos: posOf(start), end: this.lastEnd };
    }
    // name.name.* : look ahead over the dotted name for a star.
    let k = 0;
    while (this.isIdentToken(k) && this.isOp('.', k + 1)) k += 2;
    if (k > 0 && this.isOp('*', k)) {
      const qualifier: Identifier[] = [];
      while (!this.isOp('*')) {
        qualifier.push(this.parseIdentifier());
        this.advance(); // '.'
      }
      this.advance(); // '*'
      const item: AllColumns = { kind: 'AllColumns', pos: posOf(start), end: this.lastEnd, qualifier };
      return item;
    }
    const expr = this.parseExpr();
    let alias: Identifier | undefined;
    if (this.acceptWord('AS')) alias = this.parseIdentifier('an alias');
    // Without AS, a name is an alias only where a select item can end: `a b, ...` or `a b FROM`.
    else if (this.isIdentToken() && (this.isOp(',', 1) || this.isWord('FROM', 1))) alias = this.parseIdentifier();
    return { kind: 'SelectExpr', pos: expr.pos, end: this.lastEnd, expr, ...(alias && { alias }) };
  }

  private parseOrderBy(): OrderItem[] {
    this.advance(); // ORDER
    this.expectWord('BY');
    const items: OrderItem[] = [];
    do {
      const expr = this.parseExpr();
      const direction = this.acceptWord('ASC') ? 'ASC' : this.acceptWord('DESC') ? 'DESC' : undefined;
      let nulls: 'FIRST' | 'LAST' | undefined;
      if (this.acceptWord('NULLS')) {
        if (this.acceptWord('FIRST')) nulls = 'FIRST';
        else if (this.acceptWord('LAST')) nulls = 'LAST';
        else this.fail(['FIRST', 'LAST']);
      }
      items.push({ kind: 'OrderItem', pos: expr.pos, end: this.lastEnd, expr, ...(direction && { direction }), ...(nulls && { nulls }) });
    } while (this.acceptOp(','));
    return items;
  }

  private parseExprList(): Expr[] {
    const list = [this.parseExpr()];
    while (this.acceptOp(',')) list.push(this.parseExpr());
    return list;
  }

  // ===========================================================================================
  // FROM

  /** Comma-separated joined tables; a comma is a cross join that binds looser than JOIN. */
  private parseFromClause(): FromItem {
    let left = this.parseJoinedTable();
    while (this.acceptOp(',')) {
      const right = this.parseJoinedTable();
      left = { kind: 'Join', pos: left.pos, end: this.lastEnd, joinType: 'COMMA', natural: false, left, right };
    }
    return left;
  }

  private parseJoinedTable(): FromItem {
    let left = this.parseTablePrimary();
    for (;;) {
      let joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | undefined;
      let natural = false;
      if (this.isWord('CROSS')) {
        this.advance();
        this.expectWord('JOIN');
        joinType = 'CROSS';
      } else {
        natural = this.acceptWord('NATURAL');
        if (this.acceptWord('INNER')) joinType = 'INNER';
        else if (this.isWord('LEFT') || this.isWord('RIGHT') || this.isWord('FULL')) {
          joinType = this.advance().value as 'LEFT' | 'RIGHT' | 'FULL';
          this.acceptWord('OUTER');
        } else if (this.isWord('OUTER')) {
          this.fail(['LEFT', 'RIGHT', 'FULL']); // a bare OUTER JOIN (the dev guide's typo) names no side
        }
        if (joinType === undefined && !this.isWord('JOIN')) {
          if (natural) this.fail(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL']);
          return left;
        }
        this.expectWord('JOIN');
        joinType ??= 'INNER';
      }
      const right = this.parseTablePrimary();
      let on: Expr | undefined;
      let using: Identifier[] | undefined;
      if (this.acceptWord('ON')) on = this.parseExpr();
      else if (this.acceptWord('USING')) using = this.parseIdentifierList('a column name');
      left = { kind: 'Join', pos: left.pos, end: this.lastEnd, joinType, natural, left, right, ...(on && { on }), ...(using && { using }) };
    }
  }

  private parseTablePrimary(): FromItem {
    this.enter();
    const start = this.peek();
    let item: FromItem;
    if (this.isWord('TABLE') && this.isOp('(', 1)) {
      this.advance();
      this.advance();
      const name = this.parseQualifiedName('a table function name');
      if (!this.isOp('(')) this.fail(["'('"]);
      const call = this.parseCall(name);
      this.expectOp(')');
      item = { kind: 'TableFunctionRef', pos: posOf(start), end: this.lastEnd, call };
    } else if (this.isOp('(')) {
      this.advance();
      if (!this.startsQuery()) {
        // A parenthesised join: `(a JOIN b ON ...)`.
        const inner = this.parseFromClause();
        this.expectOp(')');
        this.leave();
        return inner;
      }
      const query = this.parseQuery();
      this.expectOp(')');
      item = { kind: 'SubqueryRef', pos: posOf(start), end: this.lastEnd, query };
    } else if (this.isIdentToken()) {
      const name = this.parseQualifiedName('a stream name');
      item = { kind: 'TableRef', pos: posOf(start), end: this.lastEnd, name };
    } else {
      return this.fail(['a stream name', "'('", 'TABLE']);
    }
    const result = this.parseRelationSuffix(item);
    this.leave();
    return result;
  }

  /** `[OVER window] [[AS] alias [(columns)]] [OVER window]` */
  private parseRelationSuffix<T extends FromItem>(item: T): T {
    let over: WindowRef | undefined;
    let alias: Identifier | undefined;
    let columnAliases: Identifier[] | undefined;
    if (this.acceptWord('OVER')) over = this.parseWindowRef();
    if (this.acceptWord('AS')) alias = this.parseIdentifier('an alias');
    else if (this.isIdentToken() && this.canFollowAlias(1)) alias = this.parseIdentifier();
    if (alias !== undefined && this.isOp('(')) columnAliases = this.parseIdentifierList('a column name');
    if (over === undefined && alias !== undefined && this.acceptWord('OVER')) over = this.parseWindowRef();
    if (over === undefined && alias === undefined) return item;
    return { ...item, end: this.lastEnd, ...(over && { over }), ...(alias && { alias }), ...(columnAliases && { columnAliases }) };
  }

  /**
   * Whether the token after a would-be implicit alias can follow a FROM item. It keeps `FROM s WHRE x`
   * from reading WHRE as an alias, so the error lands on the misspelt keyword.
   */
  private canFollowAlias(k: number): boolean {
    const t = this.peek(k);
    if (t.kind === 'eof') return true;
    if (t.kind === 'op') return t.value === ';' || t.value === ')' || t.value === ',' || t.value === '(';
    return t.kind === 'word' && RESERVED_WORDS.has(t.value);
  }

  // ===========================================================================================
  // Windows

  private parseWindowRef(): WindowRef {
    if (this.isOp('(')) return this.parseWindowSpec();
    if (!this.isIdentToken()) this.fail(['a window name', "'('"]);
    const name = this.parseIdentifier();
    return { kind: 'NamedWindowRef', pos: name.pos, end: name.end, name };
  }

  private parseWindowSpec(): WindowSpec {
    const start = this.expectOp('(');
    const base = this.isIdentToken() && !this.isWord('ROWS') && !this.isWord('RANGE') ? this.parseIdentifier() : undefined;
    let partitionBy: Expr[] = [];
    let orderBy: OrderItem[] = [];
    let frame: WindowFrame | undefined;
    if (this.acceptWord('PARTITION')) {
      this.expectWord('BY');
      partitionBy = this.parseExprList();
    }
    if (this.isWord('ORDER')) orderBy = this.parseOrderBy();
    if (this.isWord('ROWS') || this.isWord('RANGE')) frame = this.parseWindowFrame();
    if (!this.isOp(')')) {
      const expected: string[] = [];
      if (frame === undefined) {
        if (orderBy.length > 0) expected.push("','");
        else {
          if (partitionBy.length > 0) expected.push("','");
          else if (base === undefined) expected.push('a window name', 'PARTITION BY');
          expected.push('ORDER BY');
        }
        expected.push('ROWS', 'RANGE');
      }
      expected.push("')'");
      this.fail(expected);
    }
    this.advance();
    return {
      kind: 'WindowSpec',
      pos: posOf(start),
      end: this.lastEnd,
      ...(base && { base }),
      partitionBy,
      orderBy,
      ...(frame && { frame }),
    };
  }

  private parseWindowFrame(): WindowFrame {
    const start = this.advance();
    const unit = start.value as 'ROWS' | 'RANGE';
    if (this.acceptWord('BETWEEN')) {
      const from = this.parseFrameBound();
      this.expectWord('AND');
      const to = this.parseFrameBound();
      return { kind: 'WindowFrame', pos: posOf(start), end: this.lastEnd, unit, from, to };
    }
    const from = this.parseFrameBound();
    return { kind: 'WindowFrame', pos: posOf(start), end: this.lastEnd, unit, from };
  }

  private parseFrameBound(): FrameBound {
    const start = this.peek();
    const done = (bound: FrameBound['bound'], offset?: Expr): FrameBound => ({
      kind: 'FrameBound',
      pos: posOf(start),
      end: this.lastEnd,
      bound,
      ...(offset && { offset }),
    });
    if (this.acceptWord('UNBOUNDED')) {
      if (this.acceptWord('PRECEDING')) return done('UNBOUNDED_PRECEDING');
      if (this.acceptWord('FOLLOWING')) return done('UNBOUNDED_FOLLOWING');
      return this.fail(['PRECEDING', 'FOLLOWING']);
    }
    if (this.isWord('CURRENT') && this.isWord('ROW', 1)) {
      this.advance();
      this.advance();
      return done('CURRENT_ROW');
    }
    const offset = this.parseExpr(BP.PREDICATE + 1);
    if (this.acceptWord('PRECEDING')) return done('PRECEDING', offset);
    if (this.acceptWord('FOLLOWING')) return done('FOLLOWING', offset);
    return this.fail(['PRECEDING', 'FOLLOWING']);
  }

  private parseWindowDef(): WindowDef {
    const name = this.parseIdentifier('a window name');
    this.expectWord('AS');
    if (!this.isOp('(')) this.fail(["'('"]);
    const spec = this.parseWindowSpec();
    return { kind: 'WindowDef', pos: name.pos, end: this.lastEnd, name, spec };
  }

  private parseWindowedBy(): StaggerWindow {
    const start = this.advance(); // WINDOWED
    this.expectWord('BY');
    this.expectWord('STAGGER');
    this.expectOp('(');
    this.expectWord('PARTITION', ['PARTITION BY']);
    this.expectWord('BY');
    const partitionBy = this.parseExprList();
    this.expectWord('RANGE', ["','", 'RANGE']);
    const range = this.parseExpr(BP.PREDICATE + 1);
    this.expectOp(')');
    return { kind: 'StaggerWindow', pos: posOf(start), end: this.lastEnd, partitionBy, range };
  }

  // ===========================================================================================
  // Expressions

  private parseExpr(minBp = 0): Expr {
    this.enter();
    let left = this.parsePrefix();
    for (;;) {
      const next = this.parseInfix(left, minBp);
      if (next === undefined) break;
      left = next;
    }
    this.leave();
    return left;
  }

  private parsePrefix(): Expr {
    const t = this.peek();
    if (this.isWord('NOT')) {
      this.advance();
      const operand = this.parseExpr(BP.NOT);
      return { kind: 'UnaryOp', pos: posOf(t), end: this.lastEnd, op: 'NOT', operand };
    }
    if (this.isOp('-') || this.isOp('+')) {
      this.advance();
      const operand = this.parseExpr(BP.UNARY);
      return { kind: 'UnaryOp', pos: posOf(t), end: this.lastEnd, op: t.value as '-' | '+', operand };
    }
    if (this.isWord('EXISTS')) {
      this.advance();
      this.expectOp('(');
      const query = this.parseQuery();
      this.expectOp(')');
      return { kind: 'Exists', pos: posOf(t), end: this.lastEnd, query };
    }
    return this.parsePrimary();
  }

  /** One operator applied to `left`, if the next token is one that binds at least `minBp`. */
  private parseInfix(left: Expr, minBp: number): Expr | undefined {
    const t = this.peek();
    const binary = (op: Extract<Expr, { kind: 'BinaryOp' }>['op'], bp: number): Expr | undefined => {
      if (bp < minBp) return undefined;
      this.advance();
      const right = this.parseExpr(bp + 1);
      return { kind: 'BinaryOp', pos: left.pos, end: this.lastEnd, op, left, right };
    };
    if (t.kind === 'op') {
      const comparison = COMPARISONS[t.value];
      if (comparison !== undefined) return binary(comparison, BP.COMPARE);
      switch (t.value) {
        case '||':
          return binary('||', BP.CONCAT);
        case '+':
        case '-':
          return binary(t.value, BP.ADD);
        case '*':
        case '/':
        case '%':
          return binary(t.value, BP.MUL);
        case '[': {
          if (BP.POSTFIX < minBp) return undefined;
          this.advance();
          const index = this.parseExpr();
          this.expectOp(']');
          return { kind: 'Subscript', pos: left.pos, end: this.lastEnd, operand: left, index };
        }
        case '.': {
          if (BP.POSTFIX < minBp) return undefined;
          this.advance();
          const field = this.parseIdentifier('a field name');
          return { kind: 'FieldAccess', pos: left.pos, end: this.lastEnd, operand: left, field };
        }
        default:
          return undefined;
      }
    }
    if (t.kind !== 'word') return undefined;
    switch (t.value) {
      case 'OR':
        return binary('OR', BP.OR);
      case 'AND':
        return binary('AND', BP.AND);
      case 'IS':
        return BP.IS < minBp ? undefined : this.parseIs(left);
      case 'NOT': {
        const after = this.peek(1);
        const isPredicate = after.kind === 'word' && ['LIKE', 'IN', 'BETWEEN', 'SIMILAR'].includes(after.value);
        if (!isPredicate || BP.PREDICATE < minBp) return undefined;
        this.advance();
        return this.parsePredicate(left, true);
      }
      case 'LIKE':
      case 'IN':
      case 'BETWEEN':
        return BP.PREDICATE < minBp ? undefined : this.parsePredicate(left, false);
      case 'SIMILAR':
        if (BP.PREDICATE < minBp) return undefined;
        if (!this.isWord('TO', 1)) {
          // Without TO, SIMILAR belongs to SUBSTRING(s SIMILAR p ESCAPE e) and ends its operand.
          if (this.substringOperand) return undefined;
          this.fail(['TO'], this.peek(1));
        }
        return this.parsePredicate(left, false);
      default:
        return undefined;
    }
  }

  private parseIs(left: Expr): Expr {
    this.advance(); // IS
    const negated = this.acceptWord('NOT');
    const t = this.peek();
    if (t.kind === 'word' && ['NULL', 'TRUE', 'FALSE', 'UNKNOWN'].includes(t.value)) {
      this.advance();
      return { kind: 'IsTest', pos: left.pos, end: this.lastEnd, operand: left, negated, test: t.value as 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN' };
    }
    if (this.acceptWord('DISTINCT')) {
      this.expectWord('FROM');
      const right = this.parseExpr(BP.COMPARE + 1);
      return { kind: 'IsDistinctFrom', pos: left.pos, end: this.lastEnd, left, right, negated };
    }
    return this.fail(negated ? ['NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'DISTINCT FROM'] : ['NOT', 'NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'DISTINCT FROM']);
  }

  /** After `left [NOT]`: LIKE, SIMILAR TO, IN or BETWEEN. */
  private parsePredicate(left: Expr, negated: boolean): Expr {
    const op = this.advance().value;
    const operand = BP.PREDICATE + 1;
    switch (op) {
      case 'BETWEEN': {
        const low = this.parseExpr(operand);
        this.expectWord('AND');
        const high = this.parseExpr(operand);
        return { kind: 'Between', pos: left.pos, end: this.lastEnd, operand: left, low, high, negated };
      }
      case 'IN': {
        this.expectOp('(');
        if (this.isWord('SELECT') || this.isWord('VALUES')) {
          const query = this.parseQuery();
          this.expectOp(')');
          return { kind: 'InSubquery', pos: left.pos, end: this.lastEnd, operand: left, query, negated };
        }
        const values = this.parseExprList();
        this.expectOp(')', ["','", "')'"]);
        return { kind: 'InList', pos: left.pos, end: this.lastEnd, operand: left, values, negated };
      }
      default: {
        // LIKE, or SIMILAR TO
        const operator = op === 'LIKE' ? 'LIKE' : 'SIMILAR TO';
        if (op === 'SIMILAR') this.expectWord('TO');
        const pattern = this.parseExpr(operand);
        const escape = this.acceptWord('ESCAPE') ? this.parseExpr(operand) : undefined;
        return { kind: 'Like', pos: left.pos, end: this.lastEnd, operator, operand: left, pattern, ...(escape && { escape }), negated };
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.advance();
        return { kind: 'NumericLiteral', pos: posOf(t), end: t.end, text: t.value, numberKind: t.numberKind ?? 'INTEGER' };
      case 'string':
      case 'ustring':
        return this.parseStringToken();
      case 'binary':
        this.advance();
        return { kind: 'BinaryLiteral', pos: posOf(t), end: t.end, hex: t.value };
      case 'quoted':
        return this.parseNameExpr();
      case 'word':
        return this.parseWordPrimary(t);
      case 'op':
        if (t.value === '(') return this.parseParenthesized();
        return this.fail(['an expression']);
      default:
        return this.fail(['an expression']);
    }
  }

  private parseStringToken(): StringLiteral {
    const t = this.advance();
    if (t.kind === 'string') return { kind: 'StringLiteral', pos: posOf(t), end: t.end, value: t.value, unicode: false };
    let escape = '\\';
    if (this.acceptWord('UESCAPE')) {
      const e = this.peek();
      if (e.kind !== 'string') this.fail(['a string']);
      this.advance();
      const problem = checkUescapeChar(e.value);
      if (problem !== undefined) this.failAt(problem, e);
      escape = e.value;
    }
    const decoded = decodeUnicodeString(t.value, escape);
    if (!decoded.ok) this.failAt(decoded.message, t);
    return { kind: 'StringLiteral', pos: posOf(t), end: this.lastEnd, value: decoded.value, unicode: true };
  }

  private parseWordPrimary(t: Token): Expr {
    const pos = posOf(t);
    const call = this.isOp('(', 1);
    switch (t.value) {
      case 'NULL':
        this.advance();
        return { kind: 'NullLiteral', pos, end: t.end };
      case 'TRUE':
      case 'FALSE':
      case 'UNKNOWN':
        this.advance();
        return { kind: 'BooleanLiteral', pos, end: t.end, value: t.value === 'UNKNOWN' ? null : t.value === 'TRUE' };
      case 'CASE':
        return this.parseCase();
      case 'CAST':
        return this.parseCast();
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
        if (this.peek(1).kind === 'string') return this.parseDatetimeLiteral();
        break;
      case 'INTERVAL':
        if (this.peek(1).kind === 'string' || ((this.isOp('-', 1) || this.isOp('+', 1)) && this.peek(2).kind === 'string')) {
          return this.parseIntervalLiteral();
        }
        break;
      case 'CURSOR':
        if (call) {
          this.advance();
          this.advance();
          const query = this.parseQuery();
          this.expectOp(')');
          return { kind: 'Cursor', pos, end: this.lastEnd, query };
        }
        break;
      case 'STEP':
      case 'FLOOR':
      case 'CEIL':
      case 'CEILING':
      case 'EXTRACT':
      case 'SUBSTRING':
      case 'POSITION':
      case 'TRIM':
      case 'OVERLAY':
        if (call) return this.parseSpecialForm(t);
        break;
      default:
        if ((CURRENT_DATETIME as readonly string[]).includes(t.value)) {
          this.advance();
          return { kind: 'CurrentDatetime', pos, end: t.end, name: t.value as CurrentDatetimeName };
        }
    }
    if (RESERVED_WORDS.has(t.value)) return this.fail(['an expression']);
    return this.parseNameExpr();
  }

  /** A column reference `a.b.c` or a call `name(...)` / `schema.name(...)`. */
  private parseNameExpr(): Expr {
    const first = this.parseIdentifier();
    const parts = [first];
    while (this.isOp('.') && this.isIdentToken(1)) {
      this.advance();
      parts.push(this.parseIdentifier());
    }
    if (this.isOp('(')) {
      return this.parseCall({ kind: 'QualifiedName', pos: first.pos, end: this.lastEnd, parts });
    }
    return { kind: 'ColumnRef', pos: first.pos, end: this.lastEnd, parts };
  }

  /** `(args) [FROM FIRST|LAST] [IGNORE|RESPECT NULLS] [OVER window]` after a function name. */
  private parseCall(name: QualifiedName): FunctionCall {
    this.advance(); // (
    let star = false;
    let quantifier: 'DISTINCT' | 'ALL' | undefined;
    const args: Expr[] = [];
    if (this.isOp('*') && this.isOp(')', 1)) {
      this.advance();
      star = true;
    } else if (!this.isOp(')')) {
      quantifier = this.acceptWord('DISTINCT') ? 'DISTINCT' : this.acceptWord('ALL') ? 'ALL' : undefined;
      args.push(...this.parseExprList());
    }
    this.expectOp(')', args.length > 0 ? ["','", "')'"] : ["')'"]);
    let fromEnd: 'FIRST' | 'LAST' | undefined;
    const simpleName = name.parts.length === 1 ? name.parts[0]?.name : undefined;
    if (simpleName === 'NTH_VALUE' && this.isWord('FROM') && (this.isWord('FIRST', 1) || this.isWord('LAST', 1))) {
      this.advance();
      fromEnd = this.advance().value as 'FIRST' | 'LAST';
    }
    let nullTreatment: 'IGNORE NULLS' | 'RESPECT NULLS' | undefined;
    if ((this.isWord('IGNORE') || this.isWord('RESPECT')) && this.isWord('NULLS', 1)) {
      nullTreatment = this.advance().value === 'IGNORE' ? 'IGNORE NULLS' : 'RESPECT NULLS';
      this.advance();
    }
    const over = this.acceptWord('OVER') ? this.parseWindowRef() : undefined;
    return {
      kind: 'FunctionCall',
      pos: name.pos,
      end: this.lastEnd,
      name,
      args,
      star,
      ...(quantifier && { quantifier }),
      ...(fromEnd && { fromEnd }),
      ...(nullTreatment && { nullTreatment }),
      ...(over && { over }),
    };
  }

  /** `( expr )`, `( query )`, or `( expr ) qualifier` — the interval between two datetimes. */
  private parseParenthesized(): Expr {
    const open = this.advance();
    if (this.isWord('SELECT') || this.isWord('VALUES')) {
      const query = this.parseQuery();
      this.expectOp(')');
      return { kind: 'ScalarSubquery', pos: posOf(open), end: this.lastEnd, query };
    }
    const inner = this.parseExpr();
    this.expectOp(')');
    const next = this.peek();
    if (next.kind === 'word' && isTimeUnit(next.value)) {
      const qualifier = this.parseIntervalQualifier();
      return { kind: 'IntervalQualified', pos: posOf(open), end: this.lastEnd, operand: inner, qualifier };
    }
    return inner;
  }

  private parseDatetimeLiteral(): Expr {
    const kw = this.advance();
    const text = this.advance();
    const type = kw.value as 'DATE' | 'TIME' | 'TIMESTAMP';
    const result = type === 'DATE' ? parseDateText(text.value) : type === 'TIME' ? parseTimeText(text.value) : parseTimestampText(text.value);
    if (!result.ok) this.failAt(result.message, text);
    return { kind: 'DatetimeLiteral', pos: posOf(kw), end: this.lastEnd, type, text: text.value, value: result.value };
  }

  private parseIntervalLiteral(): Expr {
    const kw = this.advance();
    let sign: 1 | -1 = 1;
    if (this.acceptOp('-')) sign = -1;
    else this.acceptOp('+');
    const text = this.advance();
    const qualifier = this.parseIntervalQualifier();
    const result = parseIntervalText(text.value, qualifier.from, qualifier.to, sign);
    if (!result.ok) this.failAt(result.message, text);
    return { kind: 'IntervalLiteral', pos: posOf(kw), end: this.lastEnd, sign, text: text.value, qualifier, value: result.value };
  }

  private parseCase(): Expr {
    const start = this.advance();
    const operand = this.isWord('WHEN') ? undefined : this.parseExpr();
    const whens: CaseWhen[] = [];
    while (this.isWord('WHEN')) {
      const w = this.advance();
      const when = this.parseExpr();
      this.expectWord('THEN');
      const then = this.parseExpr();
      whens.push({ kind: 'CaseWhen', pos: posOf(w), end: this.lastEnd, when, then });
    }
    if (whens.length === 0) this.fail(['WHEN']);
    const otherwise = this.acceptWord('ELSE') ? this.parseExpr() : undefined;
    this.expectWord('END', otherwise === undefined ? ['WHEN', 'ELSE', 'END'] : ['END']);
    return {
      kind: 'Case',
      pos: posOf(start),
      end: this.lastEnd,
      ...(operand && { operand }),
      whens,
      ...(otherwise && { else: otherwise }),
    };
  }

  private parseCast(): Expr {
    const start = this.advance();
    this.expectOp('(');
    const operand = this.parseExpr();
    this.expectWord('AS');
    const target = this.parseType();
    this.expectOp(')');
    return { kind: 'Cast', pos: posOf(start), end: this.lastEnd, operand, target };
  }

  /** Functions whose arguments are separated by keywords: STEP, FLOOR/CEIL, EXTRACT, SUBSTRING, POSITION, TRIM, OVERLAY. */
  private parseSpecialForm(t: Token): Expr {
    const pos = posOf(t);
    this.advance(); // name
    this.advance(); // (
    switch (t.value) {
      case 'STEP': {
        const operand = this.parseExpr();
        this.expectWord('BY');
        const step = this.parseExpr();
        return { kind: 'Step', pos, end: this.closeParen(), operand, step };
      }
      case 'FLOOR':
      case 'CEIL':
      case 'CEILING': {
        const fn = t.value === 'FLOOR' ? 'FLOOR' : 'CEIL';
        const operand = this.parseExpr();
        const unit = this.acceptWord('TO') ? this.parseTimeUnit() : undefined;
        if (unit === undefined && !this.isOp(')')) this.fail(['TO', "')'"]);
        return { kind: 'FloorCeil', pos, end: this.closeParen(), fn, operand, ...(unit && { unit }) };
      }
      case 'EXTRACT': {
        const field = this.parseTimeUnit();
        this.expectWord('FROM');
        const operand = this.parseExpr();
        return { kind: 'Extract', pos, end: this.closeParen(), field, operand };
      }
      case 'SUBSTRING': {
        const outer = this.substringOperand;
        this.substringOperand = true;
        const operand = this.parseExpr();
        this.substringOperand = outer;
        if (this.isWord('FROM') || this.isOp(',')) {
          const syntax = this.advance().value === ',' ? 'COMMA' : 'FROM';
          const start = this.parseExpr();
          const length = (syntax === 'FROM' ? this.acceptWord('FOR') : this.acceptOp(',')) ? this.parseExpr() : undefined;
          if (length === undefined && !this.isOp(')')) this.fail([syntax === 'FROM' ? 'FOR' : "','", "')'"]);
          return { kind: 'Substring', pos, end: this.closeParen(), operand, start, ...(length && { length }), syntax };
        }
        if (this.acceptWord('SIMILAR')) {
          const pattern = this.parseExpr();
          this.expectWord('ESCAPE');
          const escape = this.parseExpr();
          return { kind: 'SubstringSimilar', pos, end: this.closeParen(), operand, pattern, escape };
        }
        return this.fail(['FROM', "','", 'SIMILAR']);
      }
      case 'POSITION': {
        // The needle stops short of IN, which here separates the arguments.
        const needle = this.parseExpr(BP.PREDICATE + 1);
        this.expectWord('IN');
        const haystack = this.parseExpr();
        const start = this.acceptWord('FROM') ? this.parseExpr() : undefined;
        if (start === undefined && !this.isOp(')')) this.fail(['FROM', "')'"]);
        return { kind: 'Position', pos, end: this.closeParen(), needle, haystack, ...(start && { start }) };
      }
      case 'TRIM': {
        const specWord = this.peek();
        const spec =
          specWord.kind === 'word' && ['BOTH', 'LEADING', 'TRAILING'].includes(specWord.value)
            ? (this.advance().value as 'BOTH' | 'LEADING' | 'TRAILING')
            : undefined;
        let characters: Expr | undefined;
        let operand: Expr;
        if (this.acceptWord('FROM')) {
          operand = this.parseExpr();
        } else {
          const first = this.parseExpr();
          if (this.acceptWord('FROM')) {
            characters = first;
            operand = this.parseExpr();
          } else {
            if (spec !== undefined || !this.isOp(')')) this.fail(spec !== undefined ? ['FROM'] : ['FROM', "')'"]);
            operand = first;
          }
        }
        return { kind: 'Trim', pos, end: this.closeParen(), ...(spec && { spec }), ...(characters && { characters }), operand };
      }
      default: {
        // OVERLAY
        const operand = this.parseExpr();
        this.expectWord('PLACING');
        const replacement = this.parseExpr();
        this.expectWord('FROM');
        const start = this.parseExpr();
        const length = this.acceptWord('FOR') ? this.parseExpr() : undefined;
        if (length === undefined && !this.isOp(')')) this.fail(['FOR', "')'"]);
        return { kind: 'Overlay', pos, end: this.closeParen(), operand, replacement, start, ...(length && { length }) };
      }
    }
  }

  /** Consumes the `)` that ends a special form; its end is the node's end. */
  private closeParen(): number {
    this.expectOp(')');
    return this.lastEnd;
  }
}

// =============================================================================================
// Public entry points

/**
 * Parses a whole application: CREATE STREAM and CREATE PUMP statements and bare queries, separated
 * by `;`. Throws SqlSyntaxError (and nothing else) on any input that is not one.
 */
export function parseApplication(source: string): Application {
  return new Parser(source).parseApplication();
}

/** Parses exactly one query (`SELECT ...`, a set operation or VALUES), optionally followed by `;`. */
export function parseQuery(source: string): Query {
  return new Parser(source).parseSingleQuery();
}

/** Parses exactly one expression. */
export function parseExpression(source: string): Expr {
  return new Parser(source).parseSingleExpression();
}
