/**
 * String building blocks for the Kinesis Data Analytics SQL engine: CHAR_LENGTH, UPPER, LOWER, INITCAP,
 * SUBSTRING, POSITION, TRIM, OVERLAY, and the LIKE and SIMILAR TO matchers.
 *
 * Characters are Java `char`s (UTF-16 code units), as in Java's String.length/substring/indexOf; the
 * `_` and `%` of LIKE/SIMILAR TO match whole code points, as Java's regex `.` does.
 *
 * Sources (sqlref/ = docs.aws.amazon.com/kinesisanalytics/latest/sqlref/):
 * - sqlref/sql-reference-substring, -position, -trim, -overlay, -initcap, -char-length: semantics and the
 *   documented examples (repeated in the tests).
 * - SQL:2008 8.5 <like predicate> and 8.6 <similar predicate> for LIKE/SIMILAR TO (the AWS pages on
 *   string operators could not be retrieved in full; UNCONFIRMED details are marked).
 */
import { SqlType, SqlValue } from '../types';
import { SqlRuntimeError, SqlTypeError, integerToBigInt, isIntegerType } from './numeric';

const isString = (t: SqlType): boolean => t.name === 'CHAR' || t.name === 'VARCHAR';

function assertString(t: SqlType, fn: string): void {
  if (!isString(t)) throw new SqlTypeError(`Cannot apply ${fn} to ${t.name}; it needs a character string`);
}

/** VARCHAR of the same maximum length (the result type of SUBSTRING, TRIM, UPPER, LOWER, INITCAP). */
export function varcharLike(t: SqlType): SqlType {
  assertString(t, 'a string function');
  return t.length === undefined ? { name: 'VARCHAR', nullable: t.nullable } : { name: 'VARCHAR', length: t.length, nullable: t.nullable };
}

/** An integer argument (start position, length) as a JavaScript number, saturating outside ±2^53. */
function intArg(value: SqlValue, fn: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new SqlTypeError(`${fn} needs an integer argument`);
    return value;
  }
  if (typeof value === 'bigint') {
    const big = integerToBigInt(value);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
    if (big < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER;
    return Number(big);
  }
  throw new SqlTypeError(`${fn} needs an integer argument`);
}

// ---------------------------------------------------------------------------------------------
// Simple functions

/** CHAR_LENGTH / CHARACTER_LENGTH → INTEGER: the number of characters (UTF-16 code units, like Java). */
export function charLength(value: SqlValue): number | null {
  return value === null ? null : (value as string).length;
}

/** UPPER: Java's String.toUpperCase (full case mapping: 'ß' → 'SS'). */
export function upper(value: SqlValue): string | null {
  return value === null ? null : (value as string).toUpperCase();
}

/** LOWER: Java's String.toLowerCase. */
export function lower(value: SqlValue): string | null {
  return value === null ? null : (value as string).toLowerCase();
}

/** Java's Character.isWhitespace. */
function isJavaWhitespace(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  if (code === 0x00a0 || code === 0x2007 || code === 0x202f) return false;
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x2006) ||
    (code >= 0x2008 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** One code point's case mapping, kept to a single character as Java's Character.toUpperCase does. */
function charCase(c: string, toUpper: boolean): string {
  const mapped = toUpper ? c.toUpperCase() : c.toLowerCase();
  return [...mapped].length === 1 ? mapped : c;
}

/**
 * INITCAP (sqlref/sql-reference-initcap): "the first character of each space-delimited word is
 * upper-cased, and all other characters are lower-cased". Words are separated by whitespace (Java's
 * Character.isWhitespace; UNCONFIRMED whether tabs and newlines count), so 'o''neil-smith' gives
 * "O'neil-smith" (only whitespace starts a word). Case mapping is per character (no 'ß' → 'SS').
 */
export function initcap(value: SqlValue): string | null {
  if (value === null) return null;
  let out = '';
  let atWordStart = true;
  for (const c of value as string) {
    if (isJavaWhitespace(c)) {
      out += c;
      atWordStart = true;
    } else {
      out += charCase(c, atWordStart);
      atWordStart = false;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SUBSTRING, POSITION, TRIM, OVERLAY

/**
 * SUBSTRING(s FROM start [FOR length]) with SQL:2008 semantics (sqlref/sql-reference-substring):
 * positions are 1-based; a start below 1 shortens the length by (1 - start) (FROM -1 FOR 4 of
 * '123456789' is '12'); a start past the end or a zero length gives ''. A negative length raises
 * SUBSTRING_ERROR (SQL:2008 "data exception — substring error"). (The page also says a start beyond
 * the length returns null; its examples return the empty string, which we follow.)
 */
export function substring(value: SqlValue, start: SqlValue, length?: SqlValue): string | null {
  if (value === null || start === null || length === null) return null;
  const s = value as string;
  const from = intArg(start, 'SUBSTRING');
  let end: number; // exclusive, 1-based
  if (length === undefined) {
    end = Math.max(s.length + 1, from);
  } else {
    const len = intArg(length, 'SUBSTRING');
    if (len < 0) throw new SqlRuntimeError('SUBSTRING_ERROR', `Substring error: negative substring length ${len} not allowed`);
    end = from + len;
  }
  const first = Math.max(from, 1);
  const last = Math.min(end, s.length + 1);
  if (last <= first) return '';
  return s.slice(first - 1, last - 1);
}

/**
 * POSITION(search IN source) → INTEGER (sqlref/sql-reference-position): the 1-based position of the first
 * occurrence, 0 when absent, 1 for an empty search string, null when either is null.
 */
export function position(search: SqlValue, source: SqlValue): number | null {
  if (search === null || source === null) return null;
  return (source as string).indexOf(search as string) + 1;
}

export type TrimSpec = 'BOTH' | 'LEADING' | 'TRAILING';

/**
 * TRIM([BOTH|LEADING|TRAILING] [char] FROM source) (sqlref/sql-reference-trim): removes repetitions of
 * one trim character (default ' '). "Only one trim character is allowed; specifying an empty string or
 * a string longer than one character results in an exception": TRIM_ERROR (a per-row error, since the
 * trim character may be an expression). Null when any input is null.
 */
export function trim(spec: TrimSpec, character: SqlValue, source: SqlValue): string | null {
  if (character === null || source === null) return null;
  const c = character as string;
  if (c.length !== 1) throw new SqlRuntimeError('TRIM_ERROR', `Trim error: trim character must be exactly 1 character, not '${c}'`);
  const s = source as string;
  let from = 0;
  let to = s.length;
  if (spec !== 'TRAILING') while (from < to && s[from] === c) from++;
  if (spec !== 'LEADING') while (to > from && s[to - 1] === c) to--;
  return s.slice(from, to);
}

/**
 * OVERLAY(original PLACING replacement FROM start [FOR length]) (sqlref/sql-reference-overlay): the
 * SQL:2008 definition SUBSTRING(original FROM 1 FOR start - 1) || replacement || SUBSTRING(original
 * FROM start + length), with KDA's lenient handling of start < 1 ('12345' PLACING 'foo' FROM 0 gives
 * 'foo345', FROM -2 gives 'foo12345'). The length defaults to the replacement's length; a negative
 * length raises SUBSTRING_ERROR ("If the string length is less than zero, an exception is raised").
 */
export function overlay(original: SqlValue, replacement: SqlValue, start: SqlValue, length?: SqlValue): string | null {
  if (original === null || replacement === null || start === null || length === null) return null;
  const s = original as string;
  const r = replacement as string;
  const from = intArg(start, 'OVERLAY');
  const len = length === undefined ? r.length : intArg(length, 'OVERLAY');
  if (len < 0) throw new SqlRuntimeError('SUBSTRING_ERROR', `Overlay error: negative length ${len} not allowed`);
  const head = from - 1 <= 0 ? '' : s.slice(0, Math.min(from - 1, s.length));
  const tailStart = from + len; // 1-based
  const tail = tailStart <= 1 ? s : s.slice(Math.min(tailStart - 1, s.length));
  return head + r + tail;
}

/** Result type of OVERLAY: VARCHAR(len(original) + len(replacement)). */
export function overlayResultType(original: SqlType, replacement: SqlType): SqlType {
  assertString(original, 'OVERLAY');
  assertString(replacement, 'OVERLAY');
  const nullable = original.nullable || replacement.nullable;
  if (original.length === undefined || replacement.length === undefined) return { name: 'VARCHAR', nullable };
  return { name: 'VARCHAR', length: original.length + replacement.length, nullable };
}

/** Argument check for SUBSTRING/OVERLAY positions: integer types only. */
export function assertIntegerArgument(t: SqlType, fn: string): void {
  if (!isIntegerType(t)) throw new SqlTypeError(`${fn} needs an integer position or length, not ${t.name}`);
}

// ---------------------------------------------------------------------------------------------
// LIKE and SIMILAR TO

export type StringMatcher = (value: string) => boolean;

/** A code point as a regex atom that is valid inside and outside classes in `u` mode. */
function literal(c: string): string {
  return /^[A-Za-z0-9]$/.test(c) ? c : `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
}

function checkEscape(escape: string | undefined): string | undefined {
  if (escape === undefined) return undefined;
  if ([...escape].length !== 1) {
    throw new SqlRuntimeError('INVALID_ESCAPE_CHARACTER', `Invalid escape character '${escape}': it must be exactly one character`);
  }
  return escape;
}

const ANY = '[\\s\\S]';

const cache = new Map<string, StringMatcher>();
const CACHE_LIMIT = 256;

function cached(key: string, build: () => StringMatcher): StringMatcher {
  const hit = cache.get(key);
  if (hit) return hit;
  const matcher = build();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, matcher);
  return matcher;
}

function anchored(source: string, pattern: string): StringMatcher {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, 'u');
  } catch (e) {
    throw new SqlRuntimeError('INVALID_REGULAR_EXPRESSION', `Invalid pattern '${pattern}': ${(e as Error).message}`);
  }
  return (value) => re.test(value);
}

/**
 * Compiles `value LIKE pattern [ESCAPE escape]` to a matcher of the whole value (SQL:2008 8.5):
 * `%` matches any sequence, `_` any single character, everything else itself (case-sensitively).
 * With an escape character, escape followed by `%`, `_` or the escape itself is that literal
 * character; anything else after it, or a trailing escape, raises INVALID_ESCAPE_SEQUENCE; an escape
 * that is not one character raises INVALID_ESCAPE_CHARACTER. Without ESCAPE there is no escape
 * character (a backslash is literal).
 */
export function compileLike(pattern: string, escape?: string): StringMatcher {
  const esc = checkEscape(escape);
  return cached(`L\u0000${esc ?? ''}\u0000${pattern}`, () => {
    const chars = [...pattern];
    let source = '';
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i] as string;
      if (esc !== undefined && c === esc) {
        const next = chars[i + 1];
        if (next === undefined || (next !== '%' && next !== '_' && next !== esc)) {
          throw new SqlRuntimeError('INVALID_ESCAPE_SEQUENCE', `Invalid escape sequence in LIKE pattern '${pattern}'`);
        }
        source += literal(next);
        i++;
      } else if (c === '%') source += `${ANY}*`;
      else if (c === '_') source += ANY;
      else source += literal(c);
    }
    return anchored(source, pattern);
  });
}

/** SQL:2008 <regular character set identifier>s, as Calcite maps them (ASCII classes, like Java's \p{Alpha}). */
const CHARACTER_CLASSES: Readonly<Record<string, string>> = {
  ALPHA: 'a-zA-Z',
  UPPER: 'A-Z',
  LOWER: 'a-z',
  DIGIT: '0-9',
  ALNUM: 'a-zA-Z0-9',
  SPACE: '\\u{20}',
  WHITESPACE: '\\u{20}\\t\\n\\u{b}\\f\\r',
};

/**
 * Compiles `value SIMILAR TO pattern [ESCAPE escape]` to a matcher of the whole value (SQL:2008 8.6):
 * `%` and `_` as in LIKE; `|` alternation; `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` repetition; `( )`
 * grouping; `[...]` bracket expressions with ranges `a-z`, negation `[^...]` and the classes
 * `[:ALPHA:]`, `[:UPPER:]`, `[:LOWER:]`, `[:DIGIT:]`, `[:ALNUM:]`, `[:SPACE:]`, `[:WHITESPACE:]`. Other
 * characters, including `.`, `$` and `\`, are literal. The escape character makes the next character
 * literal (UNCONFIRMED: the standard allows it only before special characters; we accept any). A
 * malformed pattern raises INVALID_REGULAR_EXPRESSION (the pattern may be a per-row value).
 */
export function compileSimilarTo(pattern: string, escape?: string): StringMatcher {
  const esc = checkEscape(escape);
  return cached(`S\u0000${esc ?? ''}\u0000${pattern}`, () => anchored(similarToRegex(pattern, esc), pattern));
}

function similarToRegex(pattern: string, esc: string | undefined): string {
  const chars = [...pattern];
  const fail = (why: string): never => {
    throw new SqlRuntimeError('INVALID_REGULAR_EXPRESSION', `Invalid SIMILAR TO pattern '${pattern}': ${why}`);
  };
  let source = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] as string;
    if (esc !== undefined && c === esc) {
      const next = chars[i + 1];
      if (next === undefined) fail('it ends with the escape character');
      source += literal(next as string);
      i += 2;
      continue;
    }
    switch (c) {
      case '%':
        source += `${ANY}*`;
        break;
      case '_':
        source += ANY;
        break;
      case '|':
      case '*':
      case '+':
      case '?':
      case '(':
      case ')':
        source += c;
        break;
      case '{': {
        let j = i + 1;
        let body = '';
        while (j < chars.length && chars[j] !== '}') body += chars[j++];
        if (j >= chars.length || !/^\d+(,\d*)?$/.test(body)) fail(`bad repetition {${body}`);
        source += `{${body}}`;
        i = j + 1;
        continue;
      }
      case '[': {
        const { text, next } = bracket(chars, i, esc, fail);
        source += text;
        i = next;
        continue;
      }
      default:
        source += literal(c);
    }
    i++;
  }
  return source;
}

function bracket(chars: string[], open: number, esc: string | undefined, fail: (why: string) => never): { text: string; next: number } {
  let i = open + 1;
  let negate = false;
  if (chars[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let items = 0;
  while (i < chars.length && chars[i] !== ']') {
    const c = chars[i] as string;
    if (c === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(':', i + 2);
      const name = close < 0 ? '' : chars.slice(i + 2, close).join('');
      const cls = CHARACTER_CLASSES[name];
      if (cls === undefined || chars[close + 1] !== ']') fail(`unknown character class [:${name}:]`);
      body += cls;
      items++;
      i = close + 2;
      continue;
    }
    let atom: string;
    if (esc !== undefined && c === esc) {
      const next = chars[i + 1];
      if (next === undefined) fail('it ends with the escape character');
      atom = next as string;
      i += 2;
    } else {
      atom = c;
      i++;
    }
    if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
      const hi = chars[i + 1] as string;
      if ((hi.codePointAt(0) ?? 0) < (atom.codePointAt(0) ?? 0)) fail(`bad range ${atom}-${hi}`);
      body += `${literal(atom)}-${literal(hi)}`;
      i += 2;
    } else {
      body += literal(atom);
    }
    items++;
  }
  if (i >= chars.length) fail('unclosed [');
  if (items === 0) fail('empty []');
  return { text: `[${negate ? '^' : ''}${body}]`, next: i + 1 };
}

/** `value [NOT] LIKE pattern [ESCAPE escape]` with NULL propagation (any null operand gives null). */
export function like(value: SqlValue, pattern: SqlValue, escape?: SqlValue): boolean | null {
  if (value === null || pattern === null || escape === null) return null;
  return compileLike(pattern as string, escape as string | undefined)(value as string);
}

/** `value SIMILAR TO pattern [ESCAPE escape]` with NULL propagation. */
export function similarTo(value: SqlValue, pattern: SqlValue, escape?: SqlValue): boolean | null {
  if (value === null || pattern === null || escape === null) return null;
  return compileSimilarTo(pattern as string, escape as string | undefined)(value as string);
}

/**
 * SUBSTRING(s SIMILAR pattern ESCAPE esc) (sqlref/sql-reference-substring; SQL:2008 6.29): the pattern is
 * R1 esc" R2 esc" R3; when the whole string matches R1 R2 R3, returns the part matched by R2 with the
 * shortest R1 prefix and then the shortest R3 suffix; null when there is no match. A pattern without
 * exactly two esc" separators raises INVALID_ESCAPE_SEQUENCE.
 */
export function substringSimilar(value: SqlValue, pattern: SqlValue, escape: SqlValue): string | null {
  if (value === null || pattern === null || escape === null) return null;
  const esc = checkEscape(escape as string) as string;
  const p = pattern as string;
  const parts = p.split(`${esc}"`);
  if (parts.length !== 3) {
    throw new SqlRuntimeError('INVALID_ESCAPE_SEQUENCE', `SUBSTRING pattern '${p}' needs exactly two ${esc}" separators`);
  }
  const [r1, r2, r3] = parts.map((part) => compileSimilarTo(part, esc)) as [StringMatcher, StringMatcher, StringMatcher];
  const s = value as string;
  for (let i = 0; i <= s.length; i++) {
    if (!r1(s.slice(0, i))) continue;
    for (let k = s.length; k >= i; k--) {
      if (r3(s.slice(k)) && r2(s.slice(i, k))) return s.slice(i, k);
    }
  }
  return null;
}
