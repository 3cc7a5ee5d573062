/**
 * Tokens of the Kinesis Data Analytics SQL dialect and the word lists the lexer and parser share.
 *
 * Keywords are not a token kind of their own: every unquoted name is a `word` token whose `value` is
 * upper-cased, and the parser decides from context whether a word is a keyword. Only the words in
 * RESERVED_WORDS can never be names; the rest (YEAR, ROWTIME, TIMESTAMP, POSITION, ...) stay usable as
 * column names, which is what lets `SELECT STREAM hour FROM s` and `TIMESTAMP '2020-01-01 00:00:00'`
 * coexist.
 */

/**
 * A place in the source. `line` and `column` are 1-based; columns count Unicode code points, so a
 * caret lines up under the character a reader sees. `offset` is the 0-based UTF-16 index into the
 * source string (what `String.prototype.slice` takes).
 */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export type TokenKind =
  /** An unquoted name or keyword; `value` is upper-cased. */
  | 'word'
  /** A "double-quoted" identifier; `value` is the name with `""` unescaped, case kept. */
  | 'quoted'
  /** A 'single-quoted' string; `value` is the text with `''` unescaped. */
  | 'string'
  /** A U&'...' string; `value` is the body with `''` unescaped but Unicode escapes not yet decoded (UESCAPE may follow). */
  | 'ustring'
  /** An X'...' binary string; `value` is the hex digits, upper-cased. */
  | 'binary'
  /** A numeric literal; `value` is the source text and `numberKind` says which form. */
  | 'number'
  /** An operator or punctuation mark; `value` is the operator. */
  | 'op'
  /** End of input; `text` and `value` are empty. */
  | 'eof';

/** INTEGER: digits only. DECIMAL: with a point. APPROXIMATE: with an exponent (1e2, -1.5E-6). */
export type NumberKind = 'INTEGER' | 'DECIMAL' | 'APPROXIMATE';

export type Operator = '||' | '=' | '<>' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | ',' | '.' | ';' | '(' | ')' | '[' | ']';

export interface Token extends SourcePos {
  readonly kind: TokenKind;
  /** The exact source text of the token. */
  readonly text: string;
  readonly value: string;
  readonly numberKind?: NumberKind;
  /** Offset just past the token. */
  readonly end: number;
}

/** Longest identifier the service stores (sqlref/sql-reference-identifiers), quoted or not. */
export const MAX_IDENTIFIER_LENGTH = 128;

/**
 * Words that are never names when unquoted. Deliberately smaller than SQL:2008's reserved list: these
 * are the words whose use as a name would make the grammar ambiguous (clause starts, join words,
 * operators, literals). Quoting lifts the restriction: "FROM" is a valid column name.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL',
  'AND',
  'AS',
  'BETWEEN',
  'BY',
  'CASE',
  'CAST',
  'CREATE',
  'CROSS',
  'CURRENT_DATE',
  'CURRENT_ROW_TIMESTAMP',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'DISTINCT',
  'ELSE',
  'END',
  'ESCAPE',
  'EXCEPT',
  'EXISTS',
  'FALSE',
  'FROM',
  'FULL',
  'GROUP',
  'HAVING',
  'IN',
  'INNER',
  'INSERT',
  'INTERSECT',
  'INTO',
  'IS',
  'JOIN',
  'LEFT',
  'LIKE',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'NATURAL',
  'NOT',
  'NULL',
  'ON',
  'OR',
  'ORDER',
  'OUTER',
  'OVER',
  'PARTITION',
  'RIGHT',
  'SELECT',
  'SIMILAR',
  'TABLE',
  'THEN',
  'TRUE',
  'UNION',
  'UNKNOWN',
  'USING',
  'VALUES',
  'WHEN',
  'WHERE',
  'WINDOW',
  'WINDOWED',
]);

/** The datetime fields of interval qualifiers, FLOOR/CEIL ... TO, EXTRACT and STEP, most significant first. */
export const TIME_UNITS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export function isTimeUnit(word: string): word is TimeUnit {
  return (TIME_UNITS as readonly string[]).includes(word);
}
