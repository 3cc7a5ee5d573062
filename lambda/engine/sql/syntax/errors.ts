/**
 * The one error the SQL lexer and parser raise, and how it is shown to a person.
 *
 * Every message starts with the place (`line 3, column 15: `) and then says what was wrong, usually as
 * `expected <what> but found <token>`. The CLI prints `formatSqlError(source, err)`, never a stack.
 */
import type { SourcePos, Token } from './tokens';

export interface SqlSyntaxErrorDetails {
  /** How the offending token reads in a message: `'FORM'`, `string 'abc'`, `end of input`. */
  readonly found?: string;
  /** What would have been accepted at that place, as written in messages: `FROM`, `')'`, `an expression`. */
  readonly expected?: readonly string[];
  /** Length of the offending text in UTF-16 code units (0 at end of input); the caret underlines it. */
  readonly length?: number;
}

/**
 * An error at a place in the SQL text: `line`/`column` 1-based (columns in code points),
 * `offset`/`length` of the offending text (UTF-16). The message starts `line L, column C: `.
 */
export abstract class PositionedSqlError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
  /** The message without the `line L, column C: ` prefix. */
  readonly detail: string;

  constructor(detail: string, pos: SourcePos, length = 1) {
    super(`line ${pos.line}, column ${pos.column}: ${detail}`);
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    this.detail = detail;
    this.length = length;
  }
}

export class SqlSyntaxError extends PositionedSqlError {
  override readonly name = 'SqlSyntaxError';
  readonly found?: string;
  readonly expected?: readonly string[];

  constructor(detail: string, pos: SourcePos, details: SqlSyntaxErrorDetails = {}) {
    super(detail, pos, details.length);
    if (details.found !== undefined) this.found = details.found;
    if (details.expected !== undefined) this.expected = details.expected;
  }
}

const MAX_SHOWN = 32;

/** How a token reads in a message. */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of input';
  const text = token.text.length > MAX_SHOWN ? `${token.text.slice(0, MAX_SHOWN)}...` : token.text;
  switch (token.kind) {
    case 'string':
    case 'ustring':
    case 'binary':
      return `string ${text}`;
    case 'quoted':
      return `identifier ${text}`;
    default:
      return `'${text}'`;
  }
}

/** `a`, `a or b`, `a, b or c`. */
export function listAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** The standard "expected ... but found ..." error at a token. */
export function expectedError(expected: readonly string[], token: Token): SqlSyntaxError {
  const found = describeToken(token);
  return new SqlSyntaxError(`expected ${listAlternatives(expected)} but found ${found}`, token, {
    found,
    expected,
    length: token.end - token.offset,
  });
}

/**
 * The message, then the source line with a caret under the offending text:
 *
 *     line 3, column 10: expected FROM but found 'FORM'
 *     3 |          FORM "SOURCE_SQL_STREAM_001"
 *       |          ^^^^
 *
 * Tabs before the caret are kept so it lines up in a terminal.
 */
export function formatSqlError(source: string, err: PositionedSqlError): string {
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[err.line - 1] ?? '';
  const chars = Array.from(text);
  const before = chars.slice(0, Math.max(0, err.column - 1));
  // Spaces beyond the line's end keep the caret in its column even if the error is stale.
  const pad = before.map((c) => (c === '\t' ? '\t' : ' ')).join('') + ' '.repeat(Math.max(0, err.column - 1 - before.length));
  // Underline the token, but only the part on this line.
  const tokenText = source.slice(err.offset, err.offset + err.length).split(/\r\n|\r|\n/)[0] ?? '';
  const width = Math.max(1, Math.min(Array.from(tokenText).length, chars.length - before.length));
  const gutter = String(err.line);
  return [err.message, `${gutter} | ${text}`, `${' '.repeat(gutter.length)} | ${pad}${'^'.repeat(width)}`].join('\n');
}
