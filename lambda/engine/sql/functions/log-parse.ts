/**
 * The Kinesis Analytics log parsing functions (../../../../../shared/reference/kda-sql.md §1, "Scalar
 * functions"; sqlref "Log Parsing Functions"): REGEX_LOG_PARSE, FAST_REGEX_LOG_PARSE, W3C_LOG_PARSE,
 * VARIABLE_COLUMN_LOG_PARSE and FIXED_COLUMN_LOG_PARSE. Each returns a ROW; no match gives NULL.
 *
 * Every function is split in two: `compileXxx(arguments)` validates the constant arguments once
 * (throwing LogParseError, JavaRegexError or FastRegexSyntaxError) and returns a LogParser, a pure
 * function from the input string to the field values (`null` for no match or a NULL input), carrying
 * the ROW's fields. Values are strings: fields are VARCHAR(1024) unless a column list declares other
 * types, and values longer than the field's length are truncated (UTF-16 units, like Java). Declared
 * non-character types (INTEGER, TIMESTAMP 'format', ...) are reported in `fields` with the raw text
 * as value; converting it is the caller's cast.
 *
 * Decisions where the reference is silent:
 *   REGEX_LOG_PARSE       The whole input must match (Matcher.matches()). The reference's examples all
 *                         start with `.*` or a group anchored at the first character and end with a
 *                         `.*`/`.+` group, i.e. they are written to consume the whole string, and
 *                         FAST_REGEX_LOG_PARSE, described as working "similarly", requires every
 *                         character to be accounted for. Fields are COLUMN1..n for the n groups, or
 *                         named by the optional column list. A pattern without groups is rejected.
 *   FAST_REGEX_LOG_PARSE  See log-parse-fast-regex.ts.
 *   W3C_LOG_PARSE         The format is translated to one anchored regular expression: literal text
 *                         must match exactly, %t is the bracketed CLF time ("[...]", or the text
 *                         between literal brackets for "[%t]"), a specifier between literal quotes
 *                         takes Apache's escaped-quote content, %r %i %o %C %e %n %q %f %U and
 *                         %{format}t take free text, every other specifier one token (\S*). One
 *                         trailing line terminator is ignored. Fields are VARCHAR(1024) (the
 *                         reference's type inference for %b/%B contradicts Apache and itself). IIS is
 *                         Microsoft's fixed 15-field "IIS log file format" ("a, b, ..., o,"). Only the
 *                         predefined names COMMON, COMMON WITH VHOST, NCSA EXTENDED, REFERER, AGENT
 *                         and IIS exist (case-insensitive); anything without a % specifier is refused.
 *                         In a custom format a backslash escapes the next character, as in Apache's
 *                         LogFormat (the reference's '%h %l %u %t \"%r\" %>s %b' equals COMMON).
 *   Column lists          `name [TYPE] type ['format'] [NOT NULL]` (the TYPE keyword of the reference's
 *                         grammar is accepted but optional; REGEX_LOG_PARSE's list may omit the type);
 *                         unquoted names fold to upper case; VARCHAR without a length is VARCHAR(1024).
 *   VARIABLE_COLUMN_LOG_PARSE  Fields are split on the whole delimiter string. The escape character
 *                         makes the next character literal (and is removed); a quote character opens
 *                         a quoted section (the second quote character, or the same one, closes it)
 *                         in which delimiters are literal; quote characters are removed. Missing
 *                         trailing fields are NULL, extra fields are ignored, an empty field is ''.
 *                         A NOT NULL column without a value makes the result NULL.
 *   FIXED_COLUMN_LOG_PARSE  START is 0-based (as documented); without FOR the field runs to the end of
 *                         the input; a field starting past the end is NULL; text is not trimmed.
 */

import { DECIMAL_MAX_PRECISION, SqlType, SqlTypeName, SqlValue, typeToString } from '../types';
import { compileJavaRegex, javaGroupCount, javaMatchFull } from './java-regex';
import { compileFastRegex } from './log-parse-fast-regex';

export { FastRegexSyntaxError } from './log-parse-fast-regex';

/** The length of the VARCHAR fields the log parsing functions return. */
export const LOG_FIELD_LENGTH = 1024;

/** A bad argument to a log parsing function (KDA rejects the SQL). */
export class LogParseError extends Error {
  constructor(
    readonly functionName: string,
    detail: string,
  ) {
    super(`${functionName}: ${detail}`);
    this.name = 'LogParseError';
  }
}

export interface LogField {
  /** Field name as stored (case-sensitive): COLUMN1... or a declared column name. */
  readonly name: string;
  readonly type: SqlType;
  /** DATE/TIME/TIMESTAMP columns: the declared SimpleDateFormat pattern. */
  readonly format?: string;
}

/** The field values, in field order; null for a field without a value. */
export type LogRow = readonly (string | null)[];

/** A compiled log parsing function: input → field values (null: no match, or a NULL input). */
export interface LogParser {
  (input: string | null): LogRow | null;
  readonly fields: readonly LogField[];
  /** The ROW type, `ROW(COLUMN1 VARCHAR(1024), ...)`. */
  readonly rowType: SqlType;
}

const varchar = (length: number, nullable = true): SqlType => ({ name: 'VARCHAR', length, nullable });

function columnFields(n: number): LogField[] {
  return Array.from({ length: n }, (_, i) => ({ name: `COLUMN${i + 1}`, type: varchar(LOG_FIELD_LENGTH) }));
}

function fieldLength(f: LogField): number {
  return (f.type.name === 'VARCHAR' || f.type.name === 'CHAR') && f.type.length !== undefined ? f.type.length : LOG_FIELD_LENGTH;
}

function makeParser(fields: readonly LogField[], parse: (input: string) => (string | null)[] | null): LogParser {
  const lengths = fields.map(fieldLength);
  const fn = (input: string | null): LogRow | null => {
    if (input === null) return null;
    const values = parse(input);
    if (values === null) return null;
    const row = values.map((v, i) => (v !== null && v.length > lengths[i] ? v.slice(0, lengths[i]) : v));
    if (row.some((v, i) => v === null && !fields[i].type.nullable)) return null;
    return row;
  };
  const rowType: SqlType = { name: 'ROW', fields: fields.map((f) => ({ name: f.name, type: f.type })), nullable: true };
  return Object.assign(fn, { fields, rowType });
}

/** The ROW value (types.ts representation) of a parsed row: field name → value. */
export function logRowValue(parser: LogParser, row: LogRow | null): { readonly [field: string]: SqlValue } | null {
  if (row === null) return null;
  return Object.fromEntries(parser.fields.map((f, i) => [f.name, row[i]]));
}

// ---------------------------------------------------------------------------------------------------
// Column descriptions: `name [TYPE] <data type> ['format'] [NOT NULL] [START n [FOR m]]`

interface ColumnSpec extends LogField {
  readonly start?: number;
  readonly length?: number;
}

type Token = { kind: 'word' | 'quoted' | 'string' | 'number' | 'punct'; text: string; at: number };

function tokenize(spec: string, fn: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < spec.length) {
    const ch = spec[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(spec.slice(i))!;
      out.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+/.exec(spec.slice(i))!;
      out.push({ kind: 'number', text: m[0], at: i });
      i += m[0].length;
    } else if (ch === '"' || ch === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= spec.length) throw new LogParseError(fn, `unterminated ${ch === '"' ? 'identifier' : 'string'} at index ${i} of column list ${JSON.stringify(spec)}`);
        if (spec[j] === ch) {
          if (spec[j + 1] === ch) {
            text += ch;
            j += 2;
            continue;
          }
          break;
        }
        text += spec[j++];
      }
      out.push({ kind: ch === '"' ? 'quoted' : 'string', text, at: i });
      i = j + 1;
    } else if ('(),'.includes(ch)) {
      out.push({ kind: 'punct', text: ch, at: i });
      i++;
    } else {
      throw new LogParseError(fn, `unexpected '${ch}' at index ${i} of column list ${JSON.stringify(spec)}`);
    }
  }
  return out;
}

const TYPE_ALIASES: Record<string, SqlTypeName> = {
  VARCHAR: 'VARCHAR',
  CHAR: 'CHAR',
  CHARACTER: 'CHAR',
  INTEGER: 'INTEGER',
  INT: 'INTEGER',
  BIGINT: 'BIGINT',
  SMALLINT: 'SMALLINT',
  TINYINT: 'TINYINT',
  BOOLEAN: 'BOOLEAN',
  DECIMAL: 'DECIMAL',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  DOUBLE: 'DOUBLE',
  REAL: 'REAL',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  BINARY: 'BINARY',
  VARBINARY: 'VARBINARY',
};

interface ColumnOptions {
  /** The data type may be omitted (REGEX_LOG_PARSE): VARCHAR(1024). */
  readonly typeOptional: boolean;
  /** START n [FOR m] is required (FIXED_COLUMN_LOG_PARSE). */
  readonly positions: boolean;
}

function parseColumns(spec: string, fn: string, options: ColumnOptions): ColumnSpec[] {
  const tokens = tokenize(spec, fn);
  let k = 0;
  const fail = (detail: string): LogParseError => {
    const t = tokens[k];
    return new LogParseError(fn, `${detail} ${t === undefined ? 'at the end' : `at '${t.text}' (index ${t.at})`} of column list ${JSON.stringify(spec)}`);
  };
  const isWord = (w: string): boolean => tokens[k]?.kind === 'word' && tokens[k].text.toUpperCase() === w;
  const isPunct = (p: string): boolean => tokens[k]?.kind === 'punct' && tokens[k].text === p;
  const number = (what: string): number => {
    if (tokens[k]?.kind !== 'number') throw fail(`expected ${what}`);
    return Number(tokens[k++].text);
  };
  const columns: ColumnSpec[] = [];
  const names = new Set<string>();
  if (tokens.length === 0) throw fail('expected a column description');
  for (;;) {
    const nameToken = tokens[k];
    if (nameToken === undefined || (nameToken.kind !== 'word' && nameToken.kind !== 'quoted')) throw fail('expected a column name');
    const name = nameToken.kind === 'quoted' ? nameToken.text : nameToken.text.toUpperCase();
    if (name.length === 0 || name.length > 128) throw fail('invalid column name');
    if (names.has(name)) throw fail(`duplicate column name ${name}`);
    names.add(name);
    k++;
    if (isWord('TYPE')) k++;
    let type: SqlType = varchar(LOG_FIELD_LENGTH);
    let format: string | undefined;
    const typeWord = tokens[k]?.kind === 'word' ? TYPE_ALIASES[tokens[k].text.toUpperCase()] : undefined;
    if (typeWord !== undefined) {
      const typeName = tokens[k].text.toUpperCase();
      k++;
      if (typeName === 'DOUBLE' && isWord('PRECISION')) k++;
      if ((typeName === 'CHARACTER' || typeName === 'CHAR') && isWord('VARYING')) {
        k++;
        type = { name: 'VARCHAR', nullable: true };
      } else type = { name: typeWord, nullable: true };
      if (isPunct('(')) {
        k++;
        const first = number('a length or precision');
        let second: number | undefined;
        if (isPunct(',')) {
          k++;
          second = number('a scale');
        }
        if (!isPunct(')')) throw fail("expected ')'");
        k++;
        if (type.name === 'DECIMAL') {
          if (first < 1 || first > DECIMAL_MAX_PRECISION) throw fail(`DECIMAL precision must be 1 to ${DECIMAL_MAX_PRECISION}`);
          if (second !== undefined && second > first) throw fail('DECIMAL scale exceeds its precision');
          type = { ...type, precision: first, scale: second ?? 0 };
        } else if (['VARCHAR', 'CHAR', 'BINARY', 'VARBINARY'].includes(type.name) && second === undefined) {
          if (first < 1) throw fail(`${type.name} length must be positive`);
          type = { ...type, length: first };
        } else throw fail(`${type.name} takes no length`);
      } else if (type.name === 'VARCHAR' || type.name === 'VARBINARY') {
        type = { ...type, length: LOG_FIELD_LENGTH };
      } else if (type.name === 'CHAR' || type.name === 'BINARY') {
        type = { ...type, length: 1 };
      }
      if (tokens[k]?.kind === 'string') {
        if (type.name !== 'DATE' && type.name !== 'TIME' && type.name !== 'TIMESTAMP') throw fail('only DATE, TIME and TIMESTAMP columns take a format');
        format = tokens[k++].text;
      }
    } else if (!options.typeOptional) {
      throw fail('expected a data type');
    }
    if (isWord('NOT')) {
      k++;
      if (!isWord('NULL')) throw fail("expected 'NULL'");
      k++;
      type = { ...type, nullable: false };
    }
    let start: number | undefined;
    let length: number | undefined;
    if (options.positions) {
      if (!isWord('START')) throw fail("expected 'START'");
      k++;
      start = number('a start position');
      if (isWord('FOR')) {
        k++;
        length = number('a length');
        if (length < 1) throw fail('the length must be positive');
      }
    }
    columns.push({ name, type, ...(format !== undefined ? { format } : {}), ...(start !== undefined ? { start } : {}), ...(length !== undefined ? { length } : {}) });
    if (k === tokens.length) break;
    if (!isPunct(',')) throw fail("expected ',' or the end of the list");
    k++;
  }
  return columns;
}

const asField = ({ name, type, format }: ColumnSpec): LogField => (format !== undefined ? { name, type, format } : { name, type });

// ---------------------------------------------------------------------------------------------------
// REGEX_LOG_PARSE

/**
 * REGEX_LOG_PARSE(input, regex [, columns]): a Java regular expression that must match the whole
 * input; one field per capturing group.
 */
export function compileRegexLogParse(regex: string, columns?: string | null): LogParser {
  const fn = 'REGEX_LOG_PARSE';
  const re = compileJavaRegex(regex);
  const groups = javaGroupCount(re);
  if (groups === 0) throw new LogParseError(fn, `the regular expression ${JSON.stringify(regex)} has no capturing group, so the ROW would have no field`);
  let fields: LogField[] = columnFields(groups);
  if (columns !== undefined && columns !== null) {
    fields = parseColumns(columns, fn, { typeOptional: true, positions: false }).map(asField);
    if (fields.length !== groups) throw new LogParseError(fn, `the column list names ${fields.length} columns but the regular expression has ${groups} groups`);
  }
  return makeParser(fields, (input) => {
    const m = javaMatchFull(re, input);
    return m === null ? null : m.groups.slice(1);
  });
}

// ---------------------------------------------------------------------------------------------------
// FAST_REGEX_LOG_PARSE

/** FAST_REGEX_LOG_PARSE(input, pattern): see log-parse-fast-regex.ts. */
export function compileFastRegexLogParse(pattern: string): LogParser {
  const matcher = compileFastRegex(pattern);
  if (matcher.groupCount === 0) throw new LogParseError('FAST_REGEX_LOG_PARSE', `the pattern ${JSON.stringify(pattern)} has no group, so the ROW would have no field`);
  return makeParser(columnFields(matcher.groupCount), (input) => matcher.match(input));
}

// ---------------------------------------------------------------------------------------------------
// W3C_LOG_PARSE

/** The predefined formats (sqlref W3C_LOG_PARSE, "W3C Predefined Formats"). */
export const W3C_PREDEFINED_FORMATS: Readonly<Record<string, string>> = {
  COMMON: '%h %l %u %t "%r" %>s %b',
  'COMMON WITH VHOST': '%v %h %l %u %t "%r" %>s %b',
  'NCSA EXTENDED': '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"',
  REFERER: '%{Referer}i ---> %U',
  AGENT: '%{User-agent}i',
};

/** Microsoft's IIS log file format: 15 fields, each followed by ", " (the last by ","). */
const IIS_FIELDS = 15;

const W3C_DIRECTIVES = new Set('aABbCDefhHilmnopPqrstTuUvVXIOkLRc'.split(''));
/** Specifiers whose value is free text (may contain spaces). */
const W3C_TEXT = new Set('riCeonqfU'.split(''));

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

interface W3cItem {
  readonly literal?: string;
  readonly directive?: string;
  readonly param?: string;
}

function parseW3cFormat(format: string, fn: string): W3cItem[] {
  const items: W3cItem[] = [];
  let literal = '';
  let i = 0;
  while (i < format.length) {
    if (format[i] === '\\' && i + 1 < format.length) {
      // As in an Apache LogFormat: \" is a quote, \n and \t are a newline and a tab.
      const e = format[i + 1];
      literal += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      i += 2;
      continue;
    }
    if (format[i] !== '%') {
      literal += format[i++];
      continue;
    }
    const at = i;
    i++;
    if (format[i] === '%') {
      literal += '%';
      i++;
      continue;
    }
    // Modifiers: status-code conditions (!400,501), < or >, then {param} or [param].
    const mods = /^!?(?:[0-9]{3}(?:,[0-9]{3})*)?[<>]?/.exec(format.slice(i))![0];
    i += mods.length;
    let param: string | undefined;
    if (format[i] === '{' || format[i] === '[') {
      const close = format[i] === '{' ? '}' : ']';
      const end = format.indexOf(close, i + 1);
      if (end === -1) throw new LogParseError(fn, `unterminated ${format[i]}...${close} at index ${i} of format ${JSON.stringify(format)}`);
      param = format.slice(i + 1, end);
      i = end + 1;
    }
    const d = format[i];
    if (d === undefined || !W3C_DIRECTIVES.has(d)) throw new LogParseError(fn, `unknown format specifier '${format.slice(at, i + 1)}' at index ${at} of format ${JSON.stringify(format)}`);
    i++;
    if (literal.length > 0) items.push({ literal });
    literal = '';
    items.push({ directive: d, ...(param !== undefined ? { param } : {}) });
  }
  if (literal.length > 0) items.push({ literal });
  return items;
}

function w3cRegex(items: readonly W3cItem[]): RegExp {
  let src = '^';
  items.forEach((item, k) => {
    if (item.literal !== undefined) {
      src += escapeRegex(item.literal);
      return;
    }
    const before = items[k - 1]?.literal ?? '';
    const after = items[k + 1]?.literal ?? '';
    let body: string;
    if (item.directive === 't' && item.param === undefined) {
      body = before.endsWith('[') && after.startsWith(']') ? '[^\\]]*' : '\\[[^\\]]*\\]|[^\\[\\]]*?';
    } else if (before.endsWith('"') && after.startsWith('"')) {
      body = '(?:[^"\\\\]|\\\\.)*';
    } else if (W3C_TEXT.has(item.directive!) || item.directive === 't') {
      body = '.*?';
    } else {
      body = '\\S*';
    }
    src += `(${body})`;
  });
  return new RegExp(`${src}(?:\\r?\\n)?$`, 'u');
}

/** W3C_LOG_PARSE(input, format): a predefined format name or an Apache LogFormat string. */
export function compileW3cLogParse(format: string): LogParser {
  const fn = 'W3C_LOG_PARSE';
  const name = format.trim().replace(/\s+/g, ' ').toUpperCase();
  if (name === 'IIS') {
    const re = new RegExp(`^${Array.from({ length: IIS_FIELDS }, () => '(.*?)').join(', ')},?(?:\\r?\\n)?$`, 'u');
    return makeParser(columnFields(IIS_FIELDS), (input) => re.exec(input)?.slice(1) ?? null);
  }
  const spec = W3C_PREDEFINED_FORMATS[name] ?? format;
  if (!spec.includes('%'))
    throw new LogParseError(fn, `${JSON.stringify(format)} is neither a predefined format (${[...Object.keys(W3C_PREDEFINED_FORMATS), 'IIS'].join(', ')}) nor a format with % specifiers`);
  const items = parseW3cFormat(spec, fn);
  const count = items.filter((i) => i.directive !== undefined).length;
  if (count === 0) throw new LogParseError(fn, `the format ${JSON.stringify(format)} has no specifier`);
  const re = w3cRegex(items);
  return makeParser(columnFields(count), (input) => re.exec(input)?.slice(1) ?? null);
}

// ---------------------------------------------------------------------------------------------------
// VARIABLE_COLUMN_LOG_PARSE

/**
 * VARIABLE_COLUMN_LOG_PARSE(input, columns, delimiter [, escape, quote]): `columns` is a count or a
 * column list ('name TYPE type [NOT NULL], ...'); `quote` is one character (begin and end) or two.
 */
export function compileVariableColumnLogParse(columns: number | string, delimiter: string, escape?: string | null, quote?: string | null): LogParser {
  const fn = 'VARIABLE_COLUMN_LOG_PARSE';
  let fields: LogField[];
  if (typeof columns === 'number') {
    if (!Number.isInteger(columns) || columns < 1) throw new LogParseError(fn, `the number of columns must be a positive integer, got ${columns}`);
    fields = columnFields(columns);
  } else {
    fields = parseColumns(columns, fn, { typeOptional: false, positions: false }).map(asField);
  }
  if (delimiter.length === 0) throw new LogParseError(fn, 'the delimiter must not be empty');
  const esc = escape ?? '';
  if (esc.length > 1) throw new LogParseError(fn, `the escape string must be one character, got ${JSON.stringify(esc)}`);
  if (esc.length === 1 && delimiter.includes(esc)) throw new LogParseError(fn, 'the escape character must not be part of the delimiter');
  const q = quote ?? '';
  if (q.length > 2) throw new LogParseError(fn, `the quote string must be one or two characters, got ${JSON.stringify(q)}`);
  const open = q.length > 0 ? q[0] : undefined;
  const close = q.length > 1 ? q[1] : open;
  if ((open !== undefined && delimiter.includes(open)) || (close !== undefined && delimiter.includes(close)))
    throw new LogParseError(fn, 'the quote characters must not be part of the delimiter');
  const n = fields.length;
  return makeParser(fields, (input) => {
    const values: (string | null)[] = [];
    let current = '';
    let quoted = false;
    let i = 0;
    while (i < input.length && values.length < n) {
      const ch = input[i];
      if (esc.length === 1 && ch === esc && i + 1 < input.length) {
        current += input[i + 1];
        i += 2;
      } else if (quoted && ch === close) {
        quoted = false;
        i++;
      } else if (!quoted && ch === open) {
        quoted = true;
        i++;
      } else if (!quoted && input.startsWith(delimiter, i)) {
        values.push(current);
        current = '';
        i += delimiter.length;
      } else {
        current += ch;
        i++;
      }
    }
    if (values.length < n) values.push(current);
    while (values.length < n) values.push(null);
    return values;
  });
}

// ---------------------------------------------------------------------------------------------------
// FIXED_COLUMN_LOG_PARSE

/** FIXED_COLUMN_LOG_PARSE(input, 'name TYPE type [NOT NULL] START n [FOR m], ...'), START 0-based. */
export function compileFixedColumnLogParse(columns: string): LogParser {
  const specs = parseColumns(columns, 'FIXED_COLUMN_LOG_PARSE', { typeOptional: false, positions: true });
  return makeParser(specs.map(asField), (input) =>
    specs.map(({ start, length }) => {
      const from = start!;
      if (from >= input.length) return null;
      return length === undefined ? input.slice(from) : input.slice(from, from + length);
    }),
  );
}

/** How a field is declared, e.g. `COLUMN1 VARCHAR(1024)` (for messages). */
export function describeField(f: LogField): string {
  return `${f.name} ${typeToString(f.type)}${f.format !== undefined ? ` '${f.format}'` : ''}${f.type.nullable ? '' : ' NOT NULL'}`;
}
