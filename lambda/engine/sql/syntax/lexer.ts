/**
 * The lexer: source text to tokens, on demand, so that the first error in the text is the one reported.
 *
 * - Unquoted names (a letter or `_`, then letters, digits, `_`) fold to upper case; "quoted" names keep
 *   their case, `""` is a quote, and both are at most 128 characters (sqlref/sql-reference-identifiers).
 *   Quoted names may not contain control characters U+0000-U+001F (same page).
 * - Strings are '...' with `''` for a quote and may span lines; U&'...' strings keep their escapes for
 *   the parser (a UESCAPE clause may follow); X'...' is a binary string of hex digits.
 * - Numbers: `12`, `1.5`, `.5`, `5.`, `1e2`, `1.5E-6`. A letter straight after a number is an error
 *   rather than a silent alias (`SELECT STREAM 12abc` is a typo, not `12 AS abc`).
 * - `--` comments run to the end of the line; `/* ... *\/` comments do not nest.
 * - Whitespace is any Unicode space (copy-pasted docs carry non-breaking spaces); a line ends at
 *   `\n`, `\r\n` or `\r`.
 */
import { SqlSyntaxError } from './errors';
import { MAX_IDENTIFIER_LENGTH, type NumberKind, type SourcePos, type Token, type TokenKind } from './tokens';

const TWO_CHAR_OPS = new Set(['||', '<>', '<=', '>=', '!=']);
const ONE_CHAR_OPS = new Set(['=', '<', '>', '+', '-', '*', '/', '%', ',', '.', ';', '(', ')', '[', ']']);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHexDigit = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);
const isIdentStart = (c: string): boolean =>
  (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || (c > '\x7f' && /^\p{L}$/u.test(c));
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c) || (c > '\x7f' && /^[\p{N}\p{M}]$/u.test(c));
const isSpace = (c: string): boolean => /^\s$/u.test(c);

/** How a single character reads in a message: printable ones quoted, others as U+XXXX. */
export function describeChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || isSpace(c)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${c}'`;
}

export class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;

  constructor(private readonly src: string) {}

  /** The next token; after the last one, an `eof` token forever. */
  next(): Token {
    this.skipSpaceAndComments();
    const start = this.here();
    if (this.i >= this.src.length) return { kind: 'eof', text: '', value: '', ...start, end: this.i };
    const c = this.char();
    const c1 = this.src[this.i + 1] ?? '';
    const c2 = this.src[this.i + 2] ?? '';
    if ((c === 'U' || c === 'u') && c1 === '&' && c2 === "'") {
      this.bump();
      this.bump();
      return this.quotedText(start, 'ustring', "'", 'unterminated string literal');
    }
    if ((c === 'X' || c === 'x') && c1 === "'") {
      this.bump();
      return this.binaryString(start);
    }
    if (isIdentStart(c)) return this.word(start);
    if (isDigit(c) || (c === '.' && isDigit(c1))) return this.number(start);
    if (c === "'") return this.quotedText(start, 'string', "'", 'unterminated string literal');
    if (c === '"') return this.quotedIdentifier(start);
    const two = c + c1;
    if (TWO_CHAR_OPS.has(two)) {
      this.bump();
      this.bump();
      return this.token('op', start, two);
    }
    if (ONE_CHAR_OPS.has(c)) {
      this.bump();
      return this.token('op', start, c);
    }
    throw new SqlSyntaxError(`unexpected character ${describeChar(c)}`, start, { found: describeChar(c), length: c.length });
  }

  // -------------------------------------------------------------------------------------------
  // Cursor

  private here(): SourcePos {
    return { line: this.line, column: this.col, offset: this.i };
  }

  /** The character (code point) at the cursor, or '' at the end. */
  private char(): string {
    const cp = this.src.codePointAt(this.i);
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }

  /** Moves past one code point, keeping line and column right (`\r\n` is one line break). */
  private bump(): void {
    const c = this.src.charCodeAt(this.i);
    if (c === 10) {
      this.i++;
      this.line++;
      this.col = 1;
    } else if (c === 13) {
      this.i += this.src.charCodeAt(this.i + 1) === 10 ? 2 : 1;
      this.line++;
      this.col = 1;
    } else {
      this.i += c >= 0xd800 && c <= 0xdbff && this.i + 1 < this.src.length ? this.char().length : 1;
      this.col++;
    }
  }

  private token(kind: TokenKind, start: SourcePos, value: string, numberKind?: NumberKind): Token {
    const text = this.src.slice(start.offset, this.i);
    return numberKind === undefined
      ? { kind, text, value, ...start, end: this.i }
      : { kind, text, value, numberKind, ...start, end: this.i };
  }

  // -------------------------------------------------------------------------------------------
  // Space and comments

  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.char();
      if (c === '') return;
      if (isSpace(c)) {
        this.bump();
      } else if (c === '-' && this.src[this.i + 1] === '-') {
        while (this.i < this.src.length && this.src[this.i] !== '\n' && this.src[this.i] !== '\r') this.bump();
      } else if (c === '/' && this.src[this.i + 1] === '*') {
        const start = this.here();
        this.bump();
        this.bump();
        for (;;) {
          if (this.i >= this.src.length) throw new SqlSyntaxError('unterminated comment', start, { length: 2 });
          if (this.src[this.i] === '*' && this.src[this.i + 1] === '/') {
            this.bump();
            this.bump();
            break;
          }
          this.bump();
        }
      } else {
        return;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Token kinds

  private word(start: SourcePos): Token {
    let length = 0;
    while (isIdentPart(this.char())) {
      this.bump();
      length++;
    }
    const text = this.src.slice(start.offset, this.i);
    if (length > MAX_IDENTIFIER_LENGTH) {
      throw new SqlSyntaxError(`identifier is longer than ${MAX_IDENTIFIER_LENGTH} characters`, start, { length: text.length });
    }
    return this.token('word', start, text.toUpperCase());
  }

  private number(start: SourcePos): Token {
    let kind: NumberKind = 'INTEGER';
    while (isDigit(this.char())) this.bump();
    if (this.char() === '.') {
      kind = 'DECIMAL';
      this.bump();
      while (isDigit(this.char())) this.bump();
    }
    const c = this.char();
    if (c === 'e' || c === 'E') {
      const next = this.src[this.i + 1] ?? '';
      const afterSign = this.src[this.i + 2] ?? '';
      if (isDigit(next) || ((next === '+' || next === '-') && isDigit(afterSign))) {
        kind = 'APPROXIMATE';
        this.bump();
        if (next === '+' || next === '-') this.bump();
        while (isDigit(this.char())) this.bump();
      }
    }
    if (isIdentPart(this.char()) || this.char() === '.') {
      // 12abc, 1e, 1.2.3: one malformed number, reported whole.
      while (isIdentPart(this.char()) || this.char() === '.') this.bump();
      const text = this.src.slice(start.offset, this.i);
      throw new SqlSyntaxError(`malformed number '${text}'`, start, { found: `'${text}'`, length: text.length });
    }
    const text = this.src.slice(start.offset, this.i);
    return this.token('number', start, text, kind);
  }

  /** '...' or U&'...': the body up to the closing quote, with doubled quotes unescaped. */
  private quotedText(start: SourcePos, kind: 'string' | 'ustring', quote: string, unterminated: string): Token {
    this.bump(); // opening quote
    let value = '';
    for (;;) {
      if (this.i >= this.src.length) throw new SqlSyntaxError(unterminated, start, { length: this.i - start.offset });
      const c = this.char();
      if (c === quote) {
        this.bump();
        if (this.char() !== quote) break;
        this.bump();
        value += quote;
      } else {
        value += this.src.slice(this.i, this.i + c.length);
        this.bump();
        // `\r\n` is consumed by one bump; keep both characters in the value.
        if (c === '\r' && this.src[this.i - 1] === '\n') value += '\n';
      }
    }
    return this.token(kind, start, value);
  }

  private quotedIdentifier(start: SourcePos): Token {
    this.bump();
    let value = '';
    let length = 0;
    for (;;) {
      if (this.i >= this.src.length) {
        throw new SqlSyntaxError('unterminated quoted identifier', start, { length: this.i - start.offset });
      }
      const c = this.char();
      if (c === '"') {
        this.bump();
        if (this.char() !== '"') break;
        this.bump();
        value += '"';
      } else if (c < ' ') {
        throw new SqlSyntaxError(`quoted identifier contains the control character ${describeChar(c)}`, this.here());
      } else {
        value += c;
        this.bump();
      }
      length++;
    }
    const text = this.src.slice(start.offset, this.i);
    if (length === 0) throw new SqlSyntaxError('quoted identifier is empty', start, { length: text.length });
    if (length > MAX_IDENTIFIER_LENGTH) {
      throw new SqlSyntaxError(`identifier is longer than ${MAX_IDENTIFIER_LENGTH} characters`, start, { length: text.length });
    }
    return this.token('quoted', start, value);
  }

  private binaryString(start: SourcePos): Token {
    const token = this.quotedText(start, 'string', "'", 'unterminated binary string');
    const bad = Array.from(token.value).find((c) => !isHexDigit(c));
    if (bad !== undefined) {
      throw new SqlSyntaxError(`binary string contains ${describeChar(bad)}, which is not a hex digit`, start, { length: token.text.length });
    }
    if (token.value.length % 2 !== 0) {
      throw new SqlSyntaxError('binary string has an odd number of hex digits', start, { length: token.text.length });
    }
    return { ...token, kind: 'binary', value: token.value.toUpperCase() };
  }
}

/** All tokens of a source, ending with the `eof` token. */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.kind === 'eof') return tokens;
  }
}
