/**
 * The scalar functions written as ordinary calls `NAME(arg, ...)` (sqlref function list; kda-sql.md
 * §1 "Scalar functions"): their signatures, result types and compiled evaluators, built on the
 * functions modules. The keyword forms (SUBSTRING ... FROM, POSITION ... IN, TRIM, OVERLAY, FLOOR/CEIL,
 * STEP, EXTRACT, CAST, CASE) are compiled in compile.ts, aggregates in aggregates.ts/compile.ts.
 *
 *   UPPER, LOWER, INITCAP (string) → VARCHAR of the argument's length; CHAR_LENGTH, CHARACTER_LENGTH → INTEGER
 *   REGEX_REPLACE(s, regex, replacement, startPosition, occurrence) → VARCHAR (Java regex; a literal
 *     regex is compiled once, at analysis; errors on row values go to error_stream)
 *   ABS (number or interval) → same type; EXP, LN, LOG10, SQRT, POWER → DOUBLE; MOD (scale 0) → divisor's type
 *   TSDIFF(TIMESTAMP|BIGINT, TIMESTAMP|BIGINT) → BIGINT ms (end - start); UNIX_TIMESTAMP(TIMESTAMP) → BIGINT;
 *   TO_TIMESTAMP(BIGINT) → TIMESTAMP
 *   CHAR_TO_TIMESTAMP / CHAR_TO_DATE / CHAR_TO_TIME (format, text) → TIMESTAMP / DATE / TIME;
 *   TIMESTAMP_TO_CHAR / DATE_TO_CHAR / TIME_TO_CHAR (format, value) → VARCHAR. SimpleDateFormat patterns;
 *     a literal format is compiled once, at analysis. Text the format cannot parse raises
 *     INVALID_CHARACTER_VALUE_FOR_CAST (the row goes to error_stream: the reference's "no rows selected").
 *   COALESCE(v, ...) → common type, lazy; NULLIF(a, b) → a's type
 *   MONOTONIC(x) → x (a declaration for the runtime that x never decreases; no effect on the value)
 *   REGEX_LOG_PARSE, FAST_REGEX_LOG_PARSE, W3C_LOG_PARSE, VARIABLE_COLUMN_LOG_PARSE,
 *     FIXED_COLUMN_LOG_PARSE → ROW (../functions/log-parse.ts); every argument but the input must be a
 *     literal, since the ROW type depends on it. Declared non-character columns are cast from the text
 *     (DATE/TIME/TIMESTAMP with their format); a value that does not convert raises the cast's error.
 */
import type { Expr, FunctionCall } from '../syntax/ast';
import { canCast, castValue } from '../functions/cast';
import { absInterval, floorDiv, floorMod, toTimestamp, tsdiff, unixTimestamp } from '../functions/datetime';
import { JavaRegexError, compileJavaRegex, javaReplace } from '../functions/java-regex';
import {
  LogField,
  LogParser,
  compileFastRegexLogParse,
  compileFixedColumnLogParse,
  compileRegexLogParse,
  compileVariableColumnLogParse,
  compileW3cLogParse,
} from '../functions/log-parse';
import { SqlRuntimeError, abs, exp, ln, log10, modResultType, mod, power, sqrt } from '../functions/numeric';
import { CompiledDateFormat, compileSimpleDateFormat } from '../functions/simple-date-format';
import { charLength, initcap, lower, upper, varcharLike } from '../functions/strings';
import { MS_PER_DAY, SqlType, SqlValue } from '../types';
import { typeName } from './errors';
import { Eval, Node, asRuntimeError, compileConstant, fail, guard, memo } from './internal';
import {
  isDatetimeType,
  isExactType,
  isIntegerType,
  isIntervalType,
  isNumericType,
  isStringType,
} from './typing';

export type ParamKind =
  | 'STRING'
  | 'NUMERIC'
  | 'INTEGER'
  | 'EXACT'
  | 'NUMERIC_OR_INTERVAL'
  | 'TIMESTAMP'
  | 'TIMESTAMP_OR_BIGINT'
  | 'DATE'
  | 'TIME'
  | 'STRING_OR_INTEGER'
  | 'ANY';

function accepts(kind: ParamKind, t: SqlType): boolean {
  switch (kind) {
    case 'STRING':
      return isStringType(t);
    case 'NUMERIC':
      return isNumericType(t);
    case 'INTEGER':
      return isIntegerType(t);
    case 'EXACT':
      return isExactType(t);
    case 'NUMERIC_OR_INTERVAL':
      return isNumericType(t) || isIntervalType(t);
    case 'TIMESTAMP':
      return t.name === 'TIMESTAMP' || t.name === 'DATE';
    case 'TIMESTAMP_OR_BIGINT':
      return t.name === 'TIMESTAMP' || t.name === 'DATE' || isIntegerType(t);
    case 'DATE':
      return t.name === 'DATE';
    case 'TIME':
      return t.name === 'TIME';
    case 'STRING_OR_INTEGER':
      return isStringType(t) || isIntegerType(t);
    case 'ANY':
      return true;
  }
}

/** The type a bare NULL argument takes for each kind of parameter (undefined: it cannot be inferred). */
const NULL_DEFAULT: Readonly<Record<ParamKind, SqlType | undefined>> = {
  STRING: { name: 'VARCHAR', nullable: true },
  NUMERIC: { name: 'INTEGER', nullable: true },
  INTEGER: { name: 'INTEGER', nullable: true },
  EXACT: { name: 'INTEGER', nullable: true },
  NUMERIC_OR_INTERVAL: { name: 'INTEGER', nullable: true },
  TIMESTAMP: { name: 'TIMESTAMP', nullable: true },
  TIMESTAMP_OR_BIGINT: { name: 'TIMESTAMP', nullable: true },
  DATE: { name: 'DATE', nullable: true },
  TIME: { name: 'TIME', nullable: true },
  STRING_OR_INTEGER: { name: 'VARCHAR', nullable: true },
  ANY: undefined,
};

export interface ScalarFunction {
  /** Parameter kinds by position; arguments beyond `min` are optional. */
  readonly params: readonly ParamKind[];
  readonly min: number;
  /** How the accepted form reads in messages, e.g. `UPPER(<CHARACTER>)`. */
  readonly signature: string;
  /** Receives the arguments typed (bare NULLs already given their parameter's default type). */
  build(args: readonly Node[], call: FunctionCall): Node;
}

/** COALESCE and NULLIF get the raw arguments (bare NULLs included): they type them from each other. */
export type RawFunction = (args: readonly Node[], call: FunctionCall) => Node;

const anyNullable = (args: readonly Node[]): boolean => args.some((a) => a.type.nullable);
const t = (name: SqlType['name'], nullable: boolean, extra: Partial<SqlType> = {}): SqlType => ({ name, nullable, ...extra });

function unary(type: (arg: SqlType) => SqlType, fn: (v: SqlValue, t: SqlType) => SqlValue): (args: readonly Node[]) => Node {
  return (args) => {
    const [a] = args as [Node];
    const at = a.type;
    const ev = a.ev;
    return { type: type(at), ev: (rv) => fn(ev(rv), at) };
  };
}

// ---------------------------------------------------------------------------------------------
// Date formats

function formatCompiler(call: FunctionCall, fmt: Node): (rv: Parameters<Eval>[0]) => CompiledDateFormat | null {
  const at = call.args[0] as Expr;
  if (fmt.constant) {
    const text = fmt.constant.value;
    if (text === null) return () => null;
    const compiled = compileConstant(at, () => compileSimpleDateFormat(text as string));
    return () => compiled;
  }
  const ev = fmt.ev;
  const cached = memo((pattern) => {
    try {
      return compileSimpleDateFormat(pattern);
    } catch (e) {
      throw asRuntimeError(e, 'INVALID_ARGUMENT');
    }
  });
  return (rv) => {
    const p = ev(rv);
    return p === null ? null : cached(p as string);
  };
}

function charToDatetime(result: 'TIMESTAMP' | 'DATE' | 'TIME'): ScalarFunction {
  const name = `CHAR_TO_${result}`;
  return {
    params: ['STRING', 'STRING'],
    min: 2,
    signature: `${name}(<CHARACTER> format, <CHARACTER> text)`,
    build(args, call) {
      const [fmtNode, text] = args as [Node, Node];
      const format = formatCompiler(call, fmtNode);
      const tev = text.ev;
      const convert = result === 'TIMESTAMP' ? (ms: number) => ms : result === 'DATE' ? (ms: number) => floorDiv(ms, MS_PER_DAY) * MS_PER_DAY : (ms: number) => floorMod(ms, MS_PER_DAY);
      return {
        type: t(result, anyNullable(args)),
        ev: (rv) => {
          const f = format(rv);
          const s = tev(rv);
          if (f === null || s === null) return null;
          const ms = f.parse(s as string);
          if (ms === null) throw new SqlRuntimeError('INVALID_CHARACTER_VALUE_FOR_CAST', `Cannot parse '${s as string}' as a ${result} with format '${f.pattern}'`);
          return convert(ms);
        },
      };
    },
  };
}

function datetimeToChar(source: 'TIMESTAMP' | 'DATE' | 'TIME'): ScalarFunction {
  const name = `${source}_TO_CHAR`;
  return {
    params: ['STRING', source],
    min: 2,
    signature: `${name}(<CHARACTER> format, <${source}>)`,
    build(args, call) {
      const [fmtNode, value] = args as [Node, Node];
      const format = formatCompiler(call, fmtNode);
      const vev = value.ev;
      return {
        type: t('VARCHAR', anyNullable(args)),
        ev: (rv) => {
          const f = format(rv);
          const v = vev(rv);
          return f === null || v === null ? null : f.format(v as number);
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// REGEX_REPLACE

const REGEX_REPLACE: ScalarFunction = {
  params: ['STRING', 'STRING', 'STRING', 'INTEGER', 'INTEGER'],
  min: 5,
  signature: 'REGEX_REPLACE(<CHARACTER> original, <CHARACTER> regex, <CHARACTER> replacement, <INTEGER> startPosition, <INTEGER> occurrence)',
  build(args, call) {
    const [s, re, rep, start, occ] = args.map((a) => a.ev) as [Eval, Eval, Eval, Eval, Eval];
    const reNode = args[1] as Node;
    let regex = re as (rv: Parameters<Eval>[0]) => RegExp | string | null;
    if (reNode.constant && reNode.constant.value !== null) {
      const compiled = compileConstant(call.args[1] as Expr, () => compileJavaRegex(reNode.constant?.value as string));
      regex = () => compiled;
    }
    return {
      type: t('VARCHAR', anyNullable(args)),
      ev: (rv) => {
        const text = s(rv);
        const r = regex(rv);
        const replacement = rep(rv);
        const from = start(rv);
        const occurrence = occ(rv);
        try {
          return javaReplace(
            text as string | null,
            r,
            replacement as string | null,
            from === null ? null : Number(from),
            occurrence === null ? null : Number(occurrence),
          );
        } catch (e) {
          throw asRuntimeError(e, e instanceof JavaRegexError ? 'INVALID_REGULAR_EXPRESSION' : 'INVALID_ARGUMENT');
        }
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Log parsing

function logParse(
  name: string,
  params: readonly ParamKind[],
  min: number,
  signature: string,
  compile: (constants: readonly (string | number | undefined)[]) => LogParser,
): ScalarFunction {
  return {
    params,
    min,
    signature,
    build(args, call) {
      const constants = args.slice(1).map((a, i) => {
        const expr = call.args[i + 1] as Expr;
        if (!a.constant) fail(expr, `Argument ${i + 2} of ${name} must be a literal: the ROW it returns depends on it`);
        const v = a.constant.value;
        if (v === null) fail(expr, `Argument ${i + 2} of ${name} must not be NULL`);
        return typeof v === 'bigint' ? Number(v) : (v as string | number);
      });
      const parser = compileConstant(call, () => compile(constants));
      const convert = parser.fields.map(fieldConverter);
      const names = parser.fields.map((f) => f.name);
      const input = (args[0] as Node).ev;
      return {
        type: parser.rowType,
        ev: (rv) => {
          const row = parser(input(rv) as string | null);
          if (row === null) return null;
          const out: Record<string, SqlValue> = {};
          for (let i = 0; i < names.length; i++) {
            const v = row[i] ?? null;
            out[names[i] as string] = v === null ? null : (convert[i] as (s: string) => SqlValue)(v);
          }
          return out;
        },
      };
    },
  };
}

const VARCHAR_ANY: SqlType = { name: 'VARCHAR', nullable: true };

/** The conversion of a log field's text to its declared type. */
function fieldConverter(f: LogField): (text: string) => SqlValue {
  const type = f.type;
  if (type.name === 'VARCHAR') return (s) => s;
  if (isDatetimeType(type) && f.format !== undefined) {
    const format = compileSimpleDateFormat(f.format);
    return (s) => {
      const ms = format.parse(s);
      if (ms === null) throw new SqlRuntimeError('INVALID_CHARACTER_VALUE_FOR_CAST', `Cannot parse '${s}' as a ${type.name} with format '${f.format ?? ''}'`);
      return type.name === 'TIMESTAMP' ? ms : type.name === 'DATE' ? floorDiv(ms, MS_PER_DAY) * MS_PER_DAY : floorMod(ms, MS_PER_DAY);
    };
  }
  if (!canCast(VARCHAR_ANY, type)) return (s) => s;
  return (s) => castValue(s, VARCHAR_ANY, type);
}

const LOG_PARSE: Readonly<Record<string, ScalarFunction>> = {
  REGEX_LOG_PARSE: logParse('REGEX_LOG_PARSE', ['STRING', 'STRING', 'STRING'], 2, 'REGEX_LOG_PARSE(<CHARACTER> input, <CHARACTER> regex [, <CHARACTER> columns])', (c) =>
    compileRegexLogParse(c[0] as string, c[1] as string | undefined),
  ),
  FAST_REGEX_LOG_PARSE: logParse('FAST_REGEX_LOG_PARSE', ['STRING', 'STRING'], 2, 'FAST_REGEX_LOG_PARSE(<CHARACTER> input, <CHARACTER> pattern)', (c) =>
    compileFastRegexLogParse(c[0] as string),
  ),
  W3C_LOG_PARSE: logParse('W3C_LOG_PARSE', ['STRING', 'STRING'], 2, 'W3C_LOG_PARSE(<CHARACTER> input, <CHARACTER> format)', (c) => compileW3cLogParse(c[0] as string)),
  VARIABLE_COLUMN_LOG_PARSE: logParse(
    'VARIABLE_COLUMN_LOG_PARSE',
    ['STRING', 'STRING_OR_INTEGER', 'STRING', 'STRING', 'STRING'],
    3,
    'VARIABLE_COLUMN_LOG_PARSE(<CHARACTER> input, <INTEGER|CHARACTER> columns, <CHARACTER> delimiter [, <CHARACTER> escape [, <CHARACTER> quote]])',
    (c) => compileVariableColumnLogParse(c[0] as number | string, c[1] as string, c[2] as string | undefined, c[3] as string | undefined),
  ),
  FIXED_COLUMN_LOG_PARSE: logParse('FIXED_COLUMN_LOG_PARSE', ['STRING', 'STRING'], 2, 'FIXED_COLUMN_LOG_PARSE(<CHARACTER> input, <CHARACTER> columns)', (c) =>
    compileFixedColumnLogParse(c[0] as string),
  ),
};

// ---------------------------------------------------------------------------------------------
// The table

const stringFn = (name: string, fn: (v: SqlValue) => SqlValue): ScalarFunction => ({
  params: ['STRING'],
  min: 1,
  signature: `${name}(<CHARACTER>)`,
  build: unary(varcharLike, fn),
});

const doubleFn = (name: string, fn: (v: SqlValue, t: SqlType) => SqlValue): ScalarFunction => ({
  params: ['NUMERIC'],
  min: 1,
  signature: `${name}(<NUMERIC>)`,
  build: unary((a) => t('DOUBLE', a.nullable), fn),
});

const CHAR_LENGTH: ScalarFunction = {
  params: ['STRING'],
  min: 1,
  signature: 'CHAR_LENGTH(<CHARACTER>)',
  build: unary((a) => t('INTEGER', a.nullable), (v) => charLength(v)),
};

function absEvaluator(type: SqlType): (v: SqlValue) => SqlValue {
  switch (type.name) {
    case 'INTEGER':
      return (v) => (v === null ? null : Math.abs(v as number) | 0); // Java: Math.abs(MIN_VALUE) is MIN_VALUE
    case 'SMALLINT':
      return (v) => (v === null ? null : (Math.abs(v as number) << 16) >> 16);
    case 'TINYINT':
      return (v) => (v === null ? null : (Math.abs(v as number) << 24) >> 24);
    case 'DOUBLE':
    case 'REAL':
      return (v) => (v === null ? null : Math.abs(v as number));
    case 'INTERVAL':
      return (v) => absInterval(v as never);
    default:
      return (v) => abs(v, type);
  }
}

export const SCALAR_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  UPPER: stringFn('UPPER', upper),
  LOWER: stringFn('LOWER', lower),
  INITCAP: stringFn('INITCAP', initcap),
  CHAR_LENGTH,
  CHARACTER_LENGTH: { ...CHAR_LENGTH, signature: 'CHARACTER_LENGTH(<CHARACTER>)' },
  REGEX_REPLACE,
  ABS: {
    params: ['NUMERIC_OR_INTERVAL'],
    min: 1,
    signature: 'ABS(<NUMERIC>) or ABS(<INTERVAL>)',
    build(args) {
      const [a] = args as [Node];
      const f = absEvaluator(a.type);
      const ev = a.ev;
      return { type: a.type, ev: (rv) => f(ev(rv)) };
    },
  },
  EXP: doubleFn('EXP', exp),
  LN: doubleFn('LN', ln),
  LOG10: doubleFn('LOG10', log10),
  SQRT: doubleFn('SQRT', sqrt),
  POWER: {
    params: ['NUMERIC', 'NUMERIC'],
    min: 2,
    signature: 'POWER(<NUMERIC>, <NUMERIC>)',
    build(args) {
      const [a, b] = args as [Node, Node];
      const [at, bt, aev, bev] = [a.type, b.type, a.ev, b.ev];
      return { type: t('DOUBLE', anyNullable(args)), ev: (rv) => power(aev(rv), at, bev(rv), bt) };
    },
  },
  MOD: {
    params: ['EXACT', 'EXACT'],
    min: 2,
    signature: 'MOD(<EXACT NUMERIC>, <EXACT NUMERIC>)',
    build(args, call) {
      const [a, b] = args as [Node, Node];
      const [at, bt, aev, bev] = [a.type, b.type, a.ev, b.ev];
      const type = guard(call, () => modResultType(at, bt));
      return { type, ev: (rv) => mod(aev(rv), at, bev(rv), bt) };
    },
  },
  TSDIFF: {
    params: ['TIMESTAMP_OR_BIGINT', 'TIMESTAMP_OR_BIGINT'],
    min: 2,
    signature: 'TSDIFF(<TIMESTAMP|BIGINT> start, <TIMESTAMP|BIGINT> end)',
    build(args) {
      const [a, b] = args as [Node, Node];
      // tsdiff reads BIGINT values as bigint: other integer types are widened first.
      const widen = (n: Node): Eval => {
        const ev = n.ev;
        if (!isIntegerType(n.type) || n.type.name === 'BIGINT') return ev;
        return (rv) => {
          const v = ev(rv);
          return v === null ? null : BigInt(v as number);
        };
      };
      const at: SqlType = isIntegerType(a.type) ? t('BIGINT', a.type.nullable) : a.type;
      const bt: SqlType = isIntegerType(b.type) ? t('BIGINT', b.type.nullable) : b.type;
      const [aev, bev] = [widen(a), widen(b)];
      return { type: t('BIGINT', anyNullable(args)), ev: (rv) => tsdiff(aev(rv), at, bev(rv), bt) };
    },
  },
  UNIX_TIMESTAMP: {
    params: ['TIMESTAMP'],
    min: 1,
    signature: 'UNIX_TIMESTAMP(<TIMESTAMP>)',
    build: unary((a) => t('BIGINT', a.nullable), unixTimestamp),
  },
  TO_TIMESTAMP: {
    params: ['INTEGER'],
    min: 1,
    signature: 'TO_TIMESTAMP(<BIGINT>)',
    build: unary((a) => t('TIMESTAMP', a.nullable), toTimestamp),
  },
  CHAR_TO_TIMESTAMP: charToDatetime('TIMESTAMP'),
  CHAR_TO_DATE: charToDatetime('DATE'),
  CHAR_TO_TIME: charToDatetime('TIME'),
  TIMESTAMP_TO_CHAR: datetimeToChar('TIMESTAMP'),
  DATE_TO_CHAR: datetimeToChar('DATE'),
  TIME_TO_CHAR: datetimeToChar('TIME'),
  MONOTONIC: {
    params: ['ANY'],
    min: 1,
    signature: 'MONOTONIC(<ANY>)',
    build: (args) => args[0] as Node,
  },
  ...LOG_PARSE,
};

/** Table functions: valid only in FROM TABLE(...), named here for a helpful error. */
export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'TOP_K_ITEMS_TUMBLING',
  'COUNT_DISTINCT_ITEMS_TUMBLING',
  'RANDOM_CUT_FOREST',
  'RANDOM_CUT_FOREST_WITH_EXPLANATION',
  'HOTSPOTS',
]);

/** Functions of the KDA reference this engine does not implement. */
export const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = {
  SYS_LOG_PARSE: 'SYS_LOG_PARSE is not supported by this engine (its output format is not documented)',
};

/** Checks an argument against its parameter kind; returns it typed. */
export function typeArgument(fn: string, def: ScalarFunction, args: readonly Node[], index: number, expr: Expr): Node {
  const kind = def.params[index] as ParamKind;
  const arg = args[index] as Node;
  if (arg.untypedNull) {
    const type = NULL_DEFAULT[kind];
    if (type === undefined) fail(expr, `Cannot infer the type of NULL as argument ${index + 1} of ${fn}; write CAST(NULL AS <type>)`);
    return { type, ev: () => null, constant: { value: null } };
  }
  if (!accepts(kind, arg.type)) {
    const actual = `${fn}(${args.map((a) => (a.untypedNull ? '<NULL>' : `<${typeName(a.type)}>`)).join(', ')})`;
    fail(expr, `Cannot apply ${fn} to arguments of type ${actual}; expected ${def.signature}`);
  }
  return arg;
}
