/**
 * KDA SQL expressions as Flink SQL text. Most operators and functions have the same spelling; the
 * others are mapped here (see FUNCTIONS), and anything without a faithful Flink equivalent is a
 * positioned error naming it.
 *
 * Parentheses follow KDA's precedence (OR < AND < NOT < comparisons < || < + - < * /), written out
 * wherever Calcite's differs: Flink binds `||` as tightly as `*`.
 */
import type { ColumnRef, Expr, FunctionCall, IntervalLiteral, IntervalQualifier, StringLiteral } from '../syntax/ast';
import { flinkDateFormat } from './date-format';
import { noFlinkEquivalent } from './errors';
import { str } from './identifiers';
import { flinkType } from './types';

/** What an expression needs from the query around it. */
export interface ExprContext {
  /** A column reference as Flink text. */
  column(ref: ColumnRef): string;
  /** Text that stands for a whole expression (a tumbling window key becomes window_start), or undefined. */
  replace?(e: Expr): string | undefined;
  /** The `OVER ...` text for a sliding-window aggregate. */
  over?(call: FunctionCall): string;
  /** Records where Flink's semantics differ. */
  note?(text: string): void;
}

export const NOTE_DATE_FORMAT = "Datetime patterns (TIMESTAMP_TO_CHAR → DATE_FORMAT, CHAR_TO_TIMESTAMP → TO_TIMESTAMP) are read by Flink with java.time.DateTimeFormatter rather than SimpleDateFormat: the letters that differ are rejected, and text missing date fields does not default to 1970-01-01 as in KDA.";

/** Aggregates Flink computes like KDA (NULLs ignored except by COUNT(*)). */
export const FLINK_AGGREGATES: ReadonlySet<string> = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', 'STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP']);

/** Scalar functions spelled and behaving the same in Flink. */
const SAME_NAME: ReadonlySet<string> = new Set(['UPPER', 'LOWER', 'INITCAP', 'CHAR_LENGTH', 'CHARACTER_LENGTH', 'ABS', 'EXP', 'LN', 'LOG10', 'SQRT', 'POWER', 'MOD', 'COALESCE', 'NULLIF']);

/** Functions with no faithful Flink equivalent, and why. */
const UNMAPPED: Readonly<Record<string, string>> = {
  EXP_AVG: 'Flink has no exponentially weighted average aggregate; write a user-defined aggregate function',
  LAG: "KDA's LAG reads within the sliding window's frame, Flink's LAG ignores the frame",
  NTH_VALUE: 'Flink has no NTH_VALUE over a sliding window',
  TSDIFF: 'Flink has no millisecond difference of two timestamps (TIMESTAMPDIFF counts whole seconds at best)',
  UNIX_TIMESTAMP: "KDA's UNIX_TIMESTAMP returns milliseconds, Flink's returns seconds of a string",
  TIME_TO_CHAR: 'Flink formats only timestamps',
  REGEX_LOG_PARSE: 'Flink has no ROW-returning regex parse; use REGEXP_EXTRACT per field',
  FAST_REGEX_LOG_PARSE: 'Flink has no ROW-returning regex parse; use REGEXP_EXTRACT per field',
  FIXED_COLUMN_LOG_PARSE: 'Flink has no fixed-column parse; use SUBSTRING per field',
  VARIABLE_COLUMN_LOG_PARSE: 'Flink has no ROW-returning split; SPLIT_INDEX per field is lossy',
  W3C_LOG_PARSE: 'Flink has no W3C log parser; SPLIT_INDEX per field is lossy',
  SYS_LOG_PARSE: 'Flink has no syslog parser',
};

const nameOf = (call: FunctionCall): string => call.name.parts.map((p) => p.name).join('.');

/** Translates expressions of one query. */
export class ExprTranslator {
  constructor(private readonly ctx: ExprContext) {}

  expr(e: Expr): string {
    const replaced = this.ctx.replace?.(e);
    if (replaced !== undefined) return replaced;
    switch (e.kind) {
      case 'NumericLiteral':
        return e.text;
      case 'StringLiteral':
        return str(e.value);
      case 'BinaryLiteral':
        return `X'${e.hex}'`;
      case 'BooleanLiteral':
        return e.value === null ? 'CAST(NULL AS BOOLEAN)' : e.value ? 'TRUE' : 'FALSE';
      case 'NullLiteral':
        return 'NULL';
      case 'DatetimeLiteral':
        return `${e.type} ${str(e.text)}`;
      case 'IntervalLiteral':
        return intervalText(e);
      case 'ColumnRef':
        return this.ctx.column(e);
      case 'UnaryOp':
        return e.op === 'NOT' ? `NOT ${this.wrap(e.operand, 3)}` : `${e.op}${this.wrap(e.operand, 9)}`;
      case 'BinaryOp':
        return this.binary(e.op, e.left, e.right);
      case 'IsTest':
        return `${this.wrap(e.operand, 4)} IS ${e.negated ? 'NOT ' : ''}${e.test}`;
      case 'IsDistinctFrom':
        return `${this.wrap(e.left, 4)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${this.wrap(e.right, 4)}`;
      case 'Between':
        return `${this.wrap(e.operand, 4)} ${e.negated ? 'NOT ' : ''}BETWEEN ${this.wrap(e.low, 4)} AND ${this.wrap(e.high, 4)}`;
      case 'InList':
        return `${this.wrap(e.operand, 4)} ${e.negated ? 'NOT ' : ''}IN (${e.values.map((v) => this.expr(v)).join(', ')})`;
      case 'Like': {
        const escape = e.escape === undefined ? '' : ` ESCAPE ${this.expr(e.escape)}`;
        return `${this.wrap(e.operand, 4)} ${e.negated ? 'NOT ' : ''}${e.operator} ${this.wrap(e.pattern, 4)}${escape}`;
      }
      case 'Case': {
        const parts = ['CASE'];
        if (e.operand !== undefined) parts.push(this.expr(e.operand));
        for (const w of e.whens) parts.push(`WHEN ${this.expr(w.when)} THEN ${this.expr(w.then)}`);
        if (e.else !== undefined) parts.push(`ELSE ${this.expr(e.else)}`);
        parts.push('END');
        return parts.join(' ');
      }
      case 'Cast':
        if (e.target.type.name === 'INTERVAL') throw noFlinkEquivalent(e, 'CAST to an INTERVAL type');
        return `CAST(${this.expr(e.operand)} AS ${flinkType(e.target.type)})`;
      case 'FunctionCall':
        return this.call(e);
      case 'FloorCeil':
        return e.unit === undefined ? `${e.fn}(${this.expr(e.operand)})` : `${e.fn}(${this.expr(e.operand)} TO ${e.unit})`;
      case 'Extract':
        return `EXTRACT(${e.field} FROM ${this.expr(e.operand)})`;
      case 'Substring':
        return `SUBSTRING(${this.expr(e.operand)} FROM ${this.expr(e.start)}${e.length === undefined ? '' : ` FOR ${this.expr(e.length)}`})`;
      case 'Position':
        // Flink's POSITION has no FROM; LOCATE takes the start position.
        if (e.start !== undefined) return `LOCATE(${this.expr(e.needle)}, ${this.expr(e.haystack)}, ${this.expr(e.start)})`;
        return `POSITION(${this.expr(e.needle)} IN ${this.expr(e.haystack)})`;
      case 'Trim': {
        const spec = e.spec ?? 'BOTH';
        const chars = e.characters === undefined ? '' : `${this.expr(e.characters)} `;
        return `TRIM(${spec} ${chars}FROM ${this.expr(e.operand)})`;
      }
      case 'Overlay':
        return `OVERLAY(${this.expr(e.operand)} PLACING ${this.expr(e.replacement)} FROM ${this.expr(e.start)}${e.length === undefined ? '' : ` FOR ${this.expr(e.length)}`})`;
      case 'CurrentDatetime':
        return e.name === 'CURRENT_ROW_TIMESTAMP' ? 'CURRENT_ROW_TIMESTAMP()' : e.name;
      case 'Step':
        throw noFlinkEquivalent(e, 'STEP', 'Flink has no STEP function; only STEP(ROWTIME BY INTERVAL ...) as a GROUP BY key is translated (to a TUMBLE window)');
      case 'IntervalQualified':
        throw noFlinkEquivalent(e, 'A datetime difference as an interval', "only FLOOR((ROWTIME - TIMESTAMP '...') SECOND / n TO SECOND) as a GROUP BY key is translated (to a TUMBLE window)");
      case 'SubstringSimilar':
        throw noFlinkEquivalent(e, 'SUBSTRING ... SIMILAR', 'Flink has no regular-expression SUBSTRING; use REGEXP_EXTRACT');
      case 'FieldAccess':
        this.expr(e.operand); // a *_LOG_PARSE call names itself
        throw noFlinkEquivalent(e, 'A ROW field access', 'the ROW-returning functions are not translated');
      case 'Subscript':
        throw noFlinkEquivalent(e, 'A subscript');
      case 'ScalarSubquery':
      case 'Exists':
      case 'InSubquery':
        throw noFlinkEquivalent(e, 'A subquery in an expression');
      case 'Cursor':
        throw noFlinkEquivalent(e, 'CURSOR outside a table function');
    }
  }

  private call(call: FunctionCall): string {
    const name = nameOf(call);
    const args = call.args.map((a) => this.expr(a));
    if (FLINK_AGGREGATES.has(name)) {
      const inner = call.star ? '*' : `${call.quantifier === 'DISTINCT' ? 'DISTINCT ' : ''}${args.join(', ')}`;
      const over = call.over === undefined ? '' : ` ${this.over(call)}`;
      return `${name}(${inner})${over}`;
    }
    if (SAME_NAME.has(name)) return `${name}(${args.join(', ')})`;
    const why = UNMAPPED[name];
    if (why !== undefined) throw noFlinkEquivalent(call.name, name, why);
    switch (name) {
      case 'REGEX_REPLACE':
        return this.regexReplace(call, args);
      case 'CHAR_TO_TIMESTAMP':
        return `TO_TIMESTAMP(${args[1] ?? ''}, ${this.format(call, 0)})`;
      case 'CHAR_TO_DATE':
        return `TO_DATE(${args[1] ?? ''}, ${this.format(call, 0)})`;
      case 'CHAR_TO_TIME':
        return `CAST(TO_TIMESTAMP(${args[1] ?? ''}, ${this.format(call, 0)}) AS TIME(3))`;
      case 'TIMESTAMP_TO_CHAR':
        return `DATE_FORMAT(${args[1] ?? ''}, ${this.format(call, 0)})`;
      case 'DATE_TO_CHAR':
        return `DATE_FORMAT(CAST(${args[1] ?? ''} AS TIMESTAMP(3)), ${this.format(call, 0)})`;
      case 'TO_TIMESTAMP':
        // KDA reads epoch milliseconds as a UTC TIMESTAMP; the cast from TIMESTAMP_LTZ assumes a UTC session.
        return `CAST(TO_TIMESTAMP_LTZ(${args[0] ?? ''}, 3) AS TIMESTAMP(3))`;
      case 'MONOTONIC':
        throw noFlinkEquivalent(call.name, 'MONOTONIC', 'only MONOTONIC of a ROWTIME window key (STEP or FLOOR of ROWTIME) in GROUP BY is translated, to a TUMBLE window');
      case 'RANDOM_CUT_FOREST':
      case 'RANDOM_CUT_FOREST_WITH_EXPLANATION':
      case 'HOTSPOTS':
      case 'TOP_K_ITEMS_TUMBLING':
      case 'COUNT_DISTINCT_ITEMS_TUMBLING':
        throw noFlinkEquivalent(call.name, name, 'a table function is only translated in FROM TABLE(...)');
      default:
        throw noFlinkEquivalent(call.name, `The function ${name}`, 'no Flink mapping is known for it');
    }
  }

  private over(call: FunctionCall): string {
    if (this.ctx.over === undefined) throw noFlinkEquivalent(call, 'OVER here');
    return this.ctx.over(call);
  }

  /** REGEX_REPLACE(s, re, rep, start, occurrence): Flink's REGEXP_REPLACE replaces all matches from the start. */
  private regexReplace(call: FunctionCall, args: readonly string[]): string {
    const [, , , start, occurrence] = call.args;
    const isLiteral = (e: Expr | undefined, v: string): boolean => e?.kind === 'NumericLiteral' && Number(e.text) === Number(v);
    if (!isLiteral(start, '1') || !isLiteral(occurrence, '0')) {
      throw noFlinkEquivalent(call.name, 'REGEX_REPLACE with a start position other than 1 or one occurrence', "Flink's REGEXP_REPLACE replaces every match in the whole string (write startPosition 1, occurrence 0)");
    }
    return `REGEXP_REPLACE(${args.slice(0, 3).join(', ')})`;
  }

  /** The format argument: a literal is checked for letters Flink reads differently. */
  private format(call: FunctionCall, index: number): string {
    const arg = call.args[index] as Expr;
    this.ctx.note?.(NOTE_DATE_FORMAT);
    if (arg.kind === 'StringLiteral') return str(flinkDateFormat(arg as StringLiteral));
    return this.expr(arg);
  }

  private binary(op: string, left: Expr, right: Expr): string {
    if (op === '%') return `MOD(${this.expr(left)}, ${this.expr(right)})`;
    if (op === '||') {
      // Calcite binds || like *, KDA looser than + -: parenthesize every operator operand.
      const l = left.kind === 'BinaryOp' && left.op === '||' ? this.expr(left) : this.wrap(left, 9);
      return `${l} || ${this.wrap(right, 9)}`;
    }
    const p = binaryPrecedence(op);
    const associative = op === 'AND' || op === 'OR';
    return `${this.wrap(left, p)} ${op} ${this.wrap(right, associative ? p : p + 1)}`;
  }

  /** The text of `e`, parenthesized when it binds more loosely than `min`. */
  private wrap(e: Expr, min: number): string {
    const text = this.expr(e);
    if (this.ctx.replace?.(e) !== undefined) return text;
    return precedence(e) < min ? `(${text})` : text;
  }
}

function binaryPrecedence(op: string): number {
  switch (op) {
    case 'OR':
      return 1;
    case 'AND':
      return 2;
    case '||':
      return 5;
    case '+':
    case '-':
      return 6;
    case '*':
    case '/':
      return 7;
    case '%':
      return 9; // written as MOD(...)
    default:
      return 4; // comparisons
  }
}

/** How tightly an expression binds: 1 OR, 2 AND, 3 NOT, 4 comparisons and predicates, 5 ||, 6 + -, 7 * /, 8 unary sign, 9 atoms. */
function precedence(e: Expr): number {
  switch (e.kind) {
    case 'BinaryOp':
      return binaryPrecedence(e.op);
    case 'UnaryOp':
      return e.op === 'NOT' ? 3 : 8;
    case 'IsTest':
    case 'IsDistinctFrom':
    case 'Between':
    case 'InList':
    case 'InSubquery':
    case 'Like':
      return 4;
    case 'IntervalLiteral':
      return e.sign < 0 ? 8 : 9;
    default:
      return 9;
  }
}

/** `INTERVAL '10' SECOND`, `-INTERVAL '1' DAY`, `INTERVAL '1:30' HOUR TO MINUTE`. */
export function intervalText(e: IntervalLiteral): string {
  return `${e.sign < 0 ? '-' : ''}INTERVAL ${str(e.text)} ${qualifierText(e.qualifier)}`;
}

export function qualifierText(qualifier: IntervalQualifier): string {
  const lead = qualifier.leadingPrecision === undefined ? '' : `(${qualifier.leadingPrecision})`;
  if (qualifier.to === undefined) {
    const frac = qualifier.from === 'SECOND' && qualifier.fractionalPrecision !== undefined ? `(${qualifier.leadingPrecision ?? 2}, ${qualifier.fractionalPrecision})` : lead;
    return `${qualifier.from}${frac}`;
  }
  const frac = qualifier.to === 'SECOND' && qualifier.fractionalPrecision !== undefined ? `(${qualifier.fractionalPrecision})` : '';
  return `${qualifier.from}${lead} TO ${qualifier.to}${frac}`;
}
