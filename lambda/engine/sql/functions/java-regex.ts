/**
 * Java regular expressions (java.util.regex.Pattern) for the Kinesis Analytics SQL functions that take
 * one: REGEX_REPLACE, REGEX_LOG_PARSE (../../../../../shared/reference/kda-sql.md §1, "Scalar
 * functions"). A Java pattern is parsed the way Pattern.compile parses it (JDK 9–18 behaviour, checked
 * against JDK 17) and translated to an equivalent ECMAScript RegExp; a construct with no equivalent
 * is rejected with a JavaRegexError naming it and its index in the pattern, never approximated.
 *
 * What the translation does about the differences between the two dialects:
 *
 *   Line terminators  Java's `.` excludes \n \r \u0085 \u2028 \u2029 (only \n under (?d)); `^`, `$`,
 *                     \Z follow Java exactly: non-multiline `$` also matches before a final line
 *                     terminator (\r\n counts as one), `(?m)^` never matches at the end of input, no
 *                     anchor matches between \r and \n. All are emitted as explicit classes and
 *                     lookarounds; the JavaScript `m` and `s` flags are never used.
 *   Inline flags      (?i) (?d) (?m) (?s) (?u) (?x), their negations, mid-pattern and scoped forms
 *                     (?i:...) are applied while parsing, so they may change anywhere. (?x) skips
 *                     whitespace and #-comments everywhere, character classes included, as Java does.
 *   Case              Java's (?i) is ASCII-only: ASCII letters are expanded to both cases ([kK]), and
 *                     \p{Lu} \p{Lower} \p{javaLowerCase} ... widen as Java widens them. (?iu) maps to
 *                     the ECMAScript `i` flag and is therefore only accepted when it covers the whole
 *                     pattern. Back-references under (?i) without (?u) are rejected.
 *   Classes           Unions, nesting, intersection (&&, including Java's operand quirks) and
 *                     complement (which applies to the whole class) are computed exactly for range-only
 *                     sets; with Unicode properties involved they are emitted with the `v` flag's set
 *                     operations (the regex gets `v` instead of `u` only then).
 *   \b \B             Java's word boundary counts Unicode letters and digits (Character.isLetterOrDigit)
 *                     and non-spacing marks after them, while \w is ASCII; emitted as lookarounds.
 *   \Q...\E           Removed first exactly like Pattern.RemoveQEQuoting (quoted text is literal, in
 *                     classes too).
 *   Escapes           \t \n \r \f \a \e \cX \0ooo \xhh \x{h...} \uhhhh (surrogate pairs combined), \h \H
 *                     \v \V \R \d \D \s \S \w \W, \A \z \Z, POSIX and Unicode properties (java-regex-properties.ts).
 *   \G                Supported only at the start of the pattern (every top-level alternative): the
 *                     RegExp is then sticky and find/replace stop after an empty match like Java.
 *   Atomic groups and possessive quantifiers  Emulated exactly with a lookahead and a back-reference,
 *                     `(?>X)` → `(?=(X))\N`; the hidden group N is not reported (javaFind maps groups).
 *   Groups in loops   ECMAScript clears a quantified group's captures at each iteration and refuses an
 *                     empty iteration (backtracking into the body for a longer one); Java keeps the
 *                     previous iteration's values and ends the loop at the first empty iteration, even
 *                     below the minimum. `X?` over groups is emitted as `(?:X|)` (which is what Java
 *                     compiles it to); `*`, `+`, `{n,m}` (m > 1) over groups are accepted when the
 *                     body cannot match empty and every group in it is set on every iteration, or
 *                     when the body has no groups and only one way to match empty; else rejected.
 *   Failed attempts   Java does not undo the groups a lookaround, atomic group or possessive
 *                     quantifier set when the match then fails, so a later match can report them.
 *                     Groups inside those constructs are accepted only when every match sets them
 *                     (never inside a negative lookaround).
 *   Back-references   ECMAScript's \N matches empty when group N did not participate, Java's fails: a
 *                     reference is accepted only when its group has certainly participated at that
 *                     point (a reference to a group that never exists is emitted as a failing `(?!)`).
 *   Lookbehind        Java's "obvious maximum length" rule is reproduced with its 32-bit arithmetic
 *                     (an unbounded repetition of one character is allowed, `(?:ab)*` is not);
 *                     lookbehinds whose computed length overflows to a wrong bound, and groups,
 *                     back-references, atomic groups or possessive quantifiers inside lookbehind are
 *                     rejected (ECMAScript matches lookbehind right to left, Java tries the shortest
 *                     candidate first).
 *
 * Unsupported (JavaRegexError kind 'unsupported'): (?U) UNICODE_CHARACTER_CLASS, (?c) CANON_EQ, \X,
 * \b{g}, \N{name}, Unicode blocks (\p{InGreek}), the cases above. Java syntax errors (kind 'syntax')
 * use Pattern's messages and are reported before unsupported constructs. The translation was checked
 * against OpenJDK 17 on a few thousand generated patterns (find, matches, successive finds, replace).
 * Known residual differences: Unicode data (properties, case folding under (?iu)) is the JavaScript
 * engine's; after an empty match the next search advances one code point, where Java advances one
 * UTF-16 unit and can split a surrogate pair.
 */

import { CharSet, EVERYTHING, NOTHING, asciiCaseClosure, emitCharSet, inter, needsUnicodeSets, not, ranges, union } from './java-regex-charset';
import { UnsupportedPropertyError, javaProperty } from './java-regex-properties';

export class JavaRegexError extends Error {
  constructor(
    /** 'syntax': Java would reject the pattern too; 'unsupported': valid Java with no ECMAScript equivalent; 'replacement': a bad replacement string. */
    readonly kind: 'syntax' | 'unsupported' | 'replacement',
    /** The construct at fault, e.g. `\X`, `(?U)`, `[a-\d]`. */
    readonly construct: string,
    /** Index (UTF-16) of the construct in the pattern or replacement string. */
    readonly index: number,
    readonly pattern: string,
    detail: string,
  ) {
    const what = kind === 'syntax' ? 'Invalid Java regular expression' : kind === 'unsupported' ? 'Unsupported Java regular expression construct' : 'Invalid regex replacement';
    super(`${what}: ${detail} ('${construct}' at index ${index} of ${JSON.stringify(pattern)})`);
    this.name = 'JavaRegexError';
  }
}

/** Java inline flag letters accepted by compileJavaRegex: i d m s u x (as in `(?imsx)`). */
export type JavaRegexFlags = string;

/** One match: `groups[0]` is the whole match, `groups[k]` Java group k (null when it did not participate). */
export interface JavaMatch {
  readonly start: number;
  readonly end: number;
  readonly groups: readonly (string | null)[];
}

interface Flags {
  i: boolean; // CASE_INSENSITIVE
  d: boolean; // UNIX_LINES
  m: boolean; // MULTILINE
  s: boolean; // DOTALL
  u: boolean; // UNICODE_CASE
  x: boolean; // COMMENTS
}

type GroupKind = 'capture' | 'noncapture' | 'atomic' | 'ahead' | 'notahead' | 'behind' | 'notbehind';

type Node =
  | { readonly t: 'empty' }
  | { readonly t: 'set'; readonly set: CharSet; readonly cp?: number }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  /** le: the alternation is \R (Java's LineEnding node, which matters for lookbehind lengths). */
  | { readonly t: 'alt'; readonly branches: readonly Node[]; readonly le?: true }
  /** pos: UTF-16 index of the construct in the pattern, src: its text (for error messages). */
  | { readonly t: 'group'; readonly kind: GroupKind; readonly index: number; readonly name?: string; readonly body: Node; readonly pos: number; readonly src: string }
  | { readonly t: 'quant'; readonly body: Node; readonly min: number; readonly max: number; readonly mode: 'greedy' | 'lazy' | 'possessive'; readonly pos: number; readonly src: string }
  | { readonly t: 'backref'; readonly group: number; readonly pos: number; readonly src: string }
  | { readonly t: 'assert'; readonly src: string }
  | { readonly t: 'G'; readonly pos: number };

const EOF = -1;
const MAX_REPS = 0x7fffffff;
const EMPTY: Node = { t: 'empty' };

const c = (s: string): number => s.charCodeAt(0);
const isAsciiSpace = (ch: number): boolean => ch === 0x20 || (ch >= 0x09 && ch <= 0x0d);
const isDigit = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;
const isAsciiAlpha = (ch: number): boolean => (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a);
const isHexDigit = (ch: number): boolean => isDigit(ch) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
const hexValue = (ch: number): number => (isDigit(ch) ? ch - 0x30 : (ch | 0x20) - 0x61 + 10);

// Java's line terminators (Pattern.DOT / Dollar / Caret), as class contents.
const LT = '\\n\\r\\u{85}\\u{2028}\\u{2029}';
const NOT_BETWEEN_CRLF = '(?!(?<=\\r)\\n)';
const ASSERT = {
  begin: '^',
  end: '$',
  caret: `(?:^|(?<=[${LT}]))${NOT_BETWEEN_CRLF}(?!$)`,
  unixCaret: '(?:^|(?<=\\n))(?!$)',
  dollar: `${NOT_BETWEEN_CRLF}(?=(?:\\r\\n|[${LT}])?$)`,
  dollarMultiline: `${NOT_BETWEEN_CRLF}(?=[${LT}]|$)`,
  unixDollar: '(?=\\n?$)',
  unixDollarMultiline: '(?=\\n|$)',
};
// Java's Bound: a word character is Character.isLetterOrDigit or '_', or a non-spacing mark after one.
const WORD_BEFORE = '[\\p{L}\\p{Nd}_]|[\\p{L}\\p{Nd}]\\p{Mn}+';
const WORD_AFTER = '[\\p{L}\\p{Nd}_]|\\p{Mn}(?<=[\\p{L}\\p{Nd}]\\p{Mn}+)';
const BOUNDARY = `(?:(?<=${WORD_BEFORE})(?!${WORD_AFTER})|(?<!${WORD_BEFORE})(?=${WORD_AFTER}))`;
const NON_BOUNDARY = `(?:(?<=${WORD_BEFORE})(?=${WORD_AFTER})|(?<!${WORD_BEFORE})(?!${WORD_AFTER}))`;

const DIGIT = ranges([0x30, 0x39]);
const SPACE = ranges(0x20, [0x09, 0x0d]);
const WORD = ranges([0x30, 0x39], [0x41, 0x5a], 0x5f, [0x61, 0x7a]);
const HORIZ = ranges(0x20, 0x09, 0xa0, 0x1680, 0x180e, [0x2000, 0x200a], 0x202f, 0x205f, 0x3000);
const VERT = ranges([0x0a, 0x0d], 0x85, 0x2028, 0x2029);

interface QuoteRemoved {
  readonly cps: number[];
  /** UTF-16 index in the original pattern of each code point of cps (and one past the end). */
  readonly at: number[];
}

/** Pattern.RemoveQEQuoting: \Q...\E becomes escaped literals (alphanumerics stay bare, a leading digit d becomes \x3d). */
function removeQEQuoting(pattern: string): QuoteRemoved {
  const src: number[] = [];
  const srcAt: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    const cp = pattern.codePointAt(i)!;
    src.push(cp);
    srcAt.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  srcAt.push(pattern.length);
  const cps: number[] = [];
  const at: number[] = [];
  const emit = (cp: number, pos: number): void => {
    cps.push(cp);
    at.push(pos);
  };
  let i = 0;
  let inQuote = false;
  let beginQuote = false;
  while (i < src.length) {
    const ch = src[i];
    const pos = srcAt[i];
    if (!inQuote) {
      if (ch === 0x5c && src[i + 1] === c('Q')) {
        inQuote = true;
        beginQuote = true;
        i += 2;
        continue;
      }
      emit(ch, pos);
      if (ch === 0x5c && i + 1 < src.length) emit(src[i + 1], srcAt[i + 1]), i++;
      i++;
      continue;
    }
    if (ch === 0x5c && src[i + 1] === c('E')) {
      inQuote = false;
      i += 2;
      continue;
    }
    if (ch > 0x7f || isAsciiAlpha(ch)) emit(ch, pos);
    else if (isDigit(ch)) {
      if (beginQuote) for (const q of '\\x3') emit(c(q), pos);
      emit(ch, pos);
    } else {
      emit(0x5c, pos);
      emit(ch, pos);
    }
    beginQuote = false;
    i++;
  }
  at.push(pattern.length);
  return { cps, at };
}

class Parser {
  private readonly cps: number[];
  private readonly at: number[];
  private readonly length: number;
  private cursor = 0;
  flags: Flags;
  groupCount = 0;
  readonly names = new Map<string, number>();
  needsV = false;

  constructor(
    private readonly pattern: string,
    initial: Flags,
    /** (?iu) applies to the whole pattern: the ECMAScript `i` flag does case folding. */
    readonly unicodeCase: boolean,
  ) {
    const q = removeQEQuoting(pattern);
    this.cps = q.cps;
    this.at = q.at;
    this.length = q.cps.length;
    this.flags = { ...initial };
  }

  // --- cursor primitives, as in Pattern (peek/read/next skip whitespace and comments under (?x)) ---

  private raw(i: number): number {
    return i < this.length && i >= 0 ? this.cps[i] : EOF;
  }

  private isLineSeparator(ch: number): boolean {
    return this.flags.d ? ch === 0x0a : ch === 0x0a || ch === 0x0d || (ch | 1) === 0x2029 || ch === 0x85;
  }

  private pastWhitespace(): number {
    let ch = this.raw(this.cursor);
    while (isAsciiSpace(ch) || ch === c('#')) {
      while (isAsciiSpace(ch)) ch = this.raw(++this.cursor);
      if (ch === c('#')) {
        ch = this.raw(++this.cursor);
        while (ch !== EOF && !this.isLineSeparator(ch)) ch = this.raw(++this.cursor);
      }
    }
    return ch;
  }

  private peek(): number {
    return this.flags.x ? this.pastWhitespace() : this.raw(this.cursor);
  }

  private read(): number {
    const ch = this.peek();
    this.cursor++;
    return ch;
  }

  private next(): number {
    this.cursor++;
    return this.peek();
  }

  private nextEscaped(): number {
    return this.raw(++this.cursor);
  }

  private skip(): number {
    const ch = this.raw(this.cursor + 1);
    this.cursor += 2;
    return ch;
  }

  private unread(): void {
    this.cursor--;
  }

  private indexOf(cpIndex: number): number {
    return this.at[Math.max(0, Math.min(cpIndex, this.at.length - 1))];
  }

  private text(from: number, to: number): string {
    return this.pattern.slice(this.indexOf(from), this.indexOf(Math.max(from + 1, to)));
  }

  error(message: string, from = this.cursor - 1, to = this.cursor): JavaRegexError {
    return new JavaRegexError('syntax', this.text(from, to), this.indexOf(from), this.pattern, message);
  }

  /** The first construct without an ECMAScript equivalent: reported once the pattern has parsed (Java's syntax errors win). */
  deferred: JavaRegexError | undefined;

  private unsupported(message: string, from: number, to: number): void {
    this.deferred ??= new JavaRegexError('unsupported', this.text(from, to), this.indexOf(from), this.pattern, message);
  }

  /** The pattern text of a node spanning code points [from, to). */
  origin(from: number): number {
    return this.indexOf(from);
  }

  /** Checks the case flags at a case-sensitive construct; true when Java's ASCII-only (?i) applies. */
  private asciiCase(from: number): boolean {
    const unicode = this.flags.i && this.flags.u;
    if (unicode && !this.unicodeCase)
      this.unsupported('(?iu) Unicode case-insensitive matching is only supported when it applies to the whole pattern', from, this.cursor);
    if (this.unicodeCase && !unicode)
      this.unsupported('a case-sensitive or ASCII-case-insensitive part inside a pattern that is (?iu) Unicode case-insensitive', from, this.cursor);
    return this.flags.i && !this.unicodeCase;
  }

  // --- grammar ---

  parse(): Node {
    const node = this.expr();
    if (this.peek() !== EOF) {
      // Only an unmatched ')' stops expr() before the end.
      this.next();
      throw this.error('Unmatched closing \')\'');
    }
    return node;
  }

  private expr(): Node {
    const branches = [this.sequence()];
    while (this.peek() === c('|')) {
      this.next();
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (;;) {
      const ch = this.peek();
      const start = this.cursor;
      let node: Node;
      if (ch === c('(')) {
        const g = this.group0();
        if (g === null) continue;
        node = g;
      } else if (ch === c('[')) {
        node = this.setNode(this.clazz(true));
      } else if (ch === 0x5c) {
        const e = this.nextEscaped();
        if (e === c('p') || e === c('P')) {
          node = this.setNode(this.familyAfterP(e === c('P'), start));
        } else {
          this.unread();
          node = this.escapeAtom(start);
        }
      } else if (ch === c('^')) {
        this.next();
        node = { t: 'assert', src: this.flags.m ? (this.flags.d ? ASSERT.unixCaret : ASSERT.caret) : ASSERT.begin };
      } else if (ch === c('$')) {
        this.next();
        node = { t: 'assert', src: this.flags.d ? (this.flags.m ? ASSERT.unixDollarMultiline : ASSERT.unixDollar) : this.flags.m ? ASSERT.dollarMultiline : ASSERT.dollar };
      } else if (ch === c('.')) {
        this.next();
        node = { t: 'set', set: this.flags.s ? EVERYTHING : this.flags.d ? not(ranges(0x0a)) : not(LINE_TERMINATORS) };
      } else if (ch === c('|') || ch === c(')') || ch === EOF) {
        break;
      } else if (ch === c('?') || ch === c('*') || ch === c('+')) {
        this.next();
        throw this.error(`Dangling meta character '${String.fromCodePoint(ch)}'`);
      } else if (ch === c('{')) {
        // Pattern.atom() returns an empty slice here and closure() then parses (or rejects) the braces.
        node = EMPTY;
      } else {
        this.next();
        node = this.literal(ch, start);
      }
      items.push(this.closure(node, start));
    }
    return items.length === 1 ? items[0] : items.length === 0 ? EMPTY : { t: 'seq', items };
  }

  private literal(cp: number, from: number): Node {
    if (!this.asciiCase(from) || !isAsciiAlpha(cp)) return { t: 'set', set: ranges(cp), cp };
    return { t: 'set', set: asciiCaseClosure(ranges(cp)) };
  }

  private setNode(set: CharSet): Node {
    if (needsUnicodeSets(set)) this.needsV = true;
    return { t: 'set', set };
  }

  private closure(prev: Node, start: number): Node {
    const ch = this.peek();
    if (ch === c('?') || ch === c('*') || ch === c('+')) {
      const min = ch === c('+') ? 1 : 0;
      const max = ch === c('?') ? 1 : MAX_REPS;
      return this.quantMode(prev, min, max, start);
    }
    if (ch !== c('{')) return prev;
    if (!isDigit(this.raw(this.cursor + 1))) {
      this.next();
      throw this.error('Illegal repetition');
    }
    this.skip();
    let d = this.raw(this.cursor - 1);
    let min = 0;
    do {
      min = min * 10 + (d - 0x30);
      if (min > MAX_REPS) throw this.error('Repetition count is too large');
    } while (isDigit((d = this.read())));
    let max = min;
    if (d === c(',')) {
      d = this.read();
      max = MAX_REPS;
      if (d !== c('}')) {
        max = 0;
        while (isDigit(d)) {
          max = max * 10 + (d - 0x30);
          if (max > MAX_REPS) throw this.error('Repetition count is too large');
          d = this.read();
        }
      }
    }
    if (d !== c('}')) throw this.error('Unclosed counted closure');
    if (max < min) throw this.error('Illegal repetition range');
    this.unread();
    return this.quantMode(prev, min, max, start);
  }

  private quantMode(body: Node, min: number, max: number, start: number): Node {
    const ch = this.next();
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
    if (ch === c('?')) (mode = 'lazy'), this.next();
    else if (ch === c('+')) (mode = 'possessive'), this.next();
    return { t: 'quant', body, min, max: max === MAX_REPS ? Infinity : max, mode, pos: this.origin(start), src: this.text(start, this.cursor) };
  }

  private group0(): Node | null {
    const save = { ...this.flags };
    const start = this.cursor;
    let node: { kind: GroupKind; index: number; name?: string; body: Node };
    let ch = this.next();
    if (ch === c('?')) {
      ch = this.skip();
      switch (ch) {
        case c(':'):
          node = { kind: 'noncapture', index: 0, body: this.expr() };
          break;
        case c('='):
        case c('!'):
          node = { kind: ch === c('=') ? 'ahead' : 'notahead', index: 0, body: this.expr() };
          break;
        case c('>'):
          node = { kind: 'atomic', index: 0, body: this.expr() };
          break;
        case c('<'): {
          ch = this.read();
          if (ch !== c('=') && ch !== c('!')) {
            const name = this.groupname(ch);
            if (this.names.has(name)) throw this.error(`Named capturing group <${name}> is already defined`);
            const index = ++this.groupCount;
            this.names.set(name, index);
            node = { kind: 'capture', index, name, body: this.expr() };
            break;
          }
          node = { kind: ch === c('=') ? 'behind' : 'notbehind', index: 0, body: this.expr() };
          break;
        }
        case c('$'):
        case c('@'):
          throw this.error('Unknown group type');
        default: {
          this.unread();
          this.addFlag();
          ch = this.read();
          if (ch === c(')')) return null; // (?flags) lasts until the end of the enclosing group
          if (ch !== c(':')) throw this.error('Unknown inline modifier');
          node = { kind: 'noncapture', index: 0, body: this.expr() };
        }
      }
    } else {
      const index = ++this.groupCount;
      node = { kind: 'capture', index, body: this.expr() };
    }
    this.accept(c(')'), 'Unclosed group');
    this.flags = save;
    return { t: 'group', ...node, pos: this.origin(start), src: this.text(start, this.cursor) };
  }

  private accept(ch: number, message: string): void {
    const got = this.read();
    if (got !== ch) throw this.error(message);
  }

  private groupname(first: number): string {
    if (!isAsciiAlpha(first)) throw this.error('capturing group name does not start with a Latin letter');
    let name = String.fromCharCode(first);
    let ch: number;
    while (isAsciiAlpha((ch = this.read())) || isDigit(ch)) name += String.fromCharCode(ch);
    if (ch !== c('>')) throw this.error("named capturing group is missing trailing '>'");
    return name;
  }

  private addFlag(): void {
    let ch = this.peek();
    for (;;) {
      if (ch === c('-')) {
        this.next();
        this.subFlag();
        return;
      }
      if (!this.setFlag(ch, true)) return;
      ch = this.next();
    }
  }

  private subFlag(): void {
    let ch = this.peek();
    while (this.setFlag(ch, false)) ch = this.next();
  }

  private setFlag(ch: number, on: boolean): boolean {
    switch (ch) {
      case c('i'):
        this.flags.i = on;
        return true;
      case c('m'):
        this.flags.m = on;
        return true;
      case c('s'):
        this.flags.s = on;
        return true;
      case c('d'):
        this.flags.d = on;
        return true;
      case c('u'):
        this.flags.u = on;
        return true;
      case c('x'):
        this.flags.x = on;
        return true;
      case c('c'):
        if (on) this.unsupported('(?c) CANON_EQ canonical equivalence', this.cursor, this.cursor + 1);
        return true;
      case c('U'):
        if (on) this.unsupported('(?U) UNICODE_CHARACTER_CLASS', this.cursor, this.cursor + 1);
        this.flags.u = false;
        return true;
      default:
        return false;
    }
  }

  /** After `\p` or `\P` (cursor on the letter): `\pL` or `\p{name}`. */
  private familyAfterP(complement: boolean, from: number): CharSet {
    const ch = this.next();
    let oneLetter = true;
    if (ch !== c('{')) this.unread();
    else oneLetter = false;
    return this.family(oneLetter, complement, from);
  }

  /** \p / \P (Pattern.family); `from` is the backslash. */
  private family(oneLetter: boolean, complement: boolean, from: number): CharSet {
    this.next();
    let name: string;
    if (oneLetter) {
      const ch = this.raw(this.cursor);
      if (ch === EOF) throw this.error('Illegal character property');
      name = String.fromCodePoint(ch);
      this.read();
    } else {
      const i = this.cursor;
      let ch: number;
      while ((ch = this.read()) !== c('}')) if (ch === EOF) throw this.error('Unclosed character family');
      if (i + 1 >= this.cursor) throw this.error('Empty character family');
      name = String.fromCodePoint(...this.cps.slice(i, this.cursor - 1));
    }
    this.asciiCase(from);
    let set: CharSet | undefined;
    try {
      set = javaProperty(name, this.flags.i);
    } catch (e) {
      if (!(e instanceof UnsupportedPropertyError)) throw e;
      this.unsupported(e.message, from, this.cursor);
      set = NOTHING;
    }
    if (set === undefined) {
      if (name.includes('=')) {
        const eq = name.indexOf('=');
        throw this.error(`Unknown Unicode property {name=<${name.slice(0, eq).toLowerCase()}>, value=<${name.slice(eq + 1)}>}`);
      }
      throw this.error(`Unknown character property name {${name}}`);
    }
    return complement ? not(set) : set;
  }

  // --- escapes ---

  /** An escape outside a class (cursor on the backslash). */
  private escapeAtom(start: number): Node {
    const r = this.escape(false, false);
    if (typeof r === 'number') return this.literal(r, start);
    if ('set' in r) return this.setNode(r.set);
    return r.node;
  }

  private escape(inClass: boolean, isRange: boolean): number | { set: CharSet } | { node: Node } {
    const from = this.cursor;
    const ch = this.skip();
    const illegal = (): JavaRegexError => this.error('Illegal/unsupported escape sequence');
    switch (ch) {
      case c('0'):
        return this.octal();
      case c('1'):
      case c('2'):
      case c('3'):
      case c('4'):
      case c('5'):
      case c('6'):
      case c('7'):
      case c('8'):
      case c('9'):
        if (inClass) throw illegal();
        return { node: this.ref(ch - 0x30, from) };
      case c('A'):
        if (inClass) throw illegal();
        return { node: { t: 'assert', src: ASSERT.begin } };
      case c('B'):
        if (inClass) throw illegal();
        return { node: { t: 'assert', src: NON_BOUNDARY } };
      case c('D'):
        return { set: not(DIGIT) };
      case c('G'):
        if (inClass) throw illegal();
        return { node: { t: 'G', pos: this.origin(from) } };
      case c('H'):
        return { set: not(HORIZ) };
      case c('N'): {
        // Pattern.N(): \N{name}; the name is not looked up here.
        if (this.read() !== c('{')) throw this.error('Illegal character name escape sequence');
        let ch: number;
        while ((ch = this.read()) !== c('}')) if (ch === EOF) throw this.error('Unclosed character name escape sequence');
        this.unsupported('\\N{name} named characters', from, this.cursor);
        return 0xfffd;
      }
      case c('R'):
        if (inClass) throw illegal();
        return {
          node: {
            t: 'alt',
            le: true,
            branches: [{ t: 'seq', items: [{ t: 'set', set: ranges(0x0d), cp: 0x0d }, { t: 'set', set: ranges(0x0a), cp: 0x0a }] }, { t: 'set', set: VERT }],
          },
        };
      case c('S'):
        return { set: not(SPACE) };
      case c('V'):
        return { set: not(VERT) };
      case c('W'):
        return { set: not(WORD) };
      case c('X'):
        if (inClass) throw illegal();
        this.unsupported('\\X extended grapheme clusters', from, this.cursor);
        return { node: EMPTY };
      case c('Z'):
        if (inClass) throw illegal();
        return { node: { t: 'assert', src: this.flags.d ? ASSERT.unixDollar : ASSERT.dollar } };
      case c('a'):
        return 0x07;
      case c('b'):
        if (inClass) throw illegal();
        if (this.raw(this.cursor) === c('{')) {
          if (this.raw(this.cursor + 1) === c('g') && this.raw(this.cursor + 2) === c('}')) {
            this.cursor += 3;
            this.unsupported('\\b{g} grapheme cluster boundaries', from, this.cursor);
            return { node: EMPTY };
          }
        }
        return { node: { t: 'assert', src: BOUNDARY } };
      case c('c'):
        if (this.cursor >= this.length) throw this.error('Illegal control escape sequence');
        return this.read() ^ 64;
      case c('d'):
        return { set: DIGIT };
      case c('e'):
        return 0x1b;
      case c('f'):
        return 0x0c;
      case c('h'):
        return { set: HORIZ };
      case c('k'): {
        if (inClass) throw illegal();
        if (this.read() !== c('<')) throw this.error("\\k is not followed by '<' for named capturing group");
        const name = this.groupname(this.read());
        const group = this.names.get(name);
        if (group === undefined) throw this.error(`named capturing group <${name}> does not exist`);
        this.checkBackrefCase(from);
        return { node: { t: 'backref', group, pos: this.origin(from), src: this.text(from, this.cursor) } };
      }
      case c('n'):
        return 0x0a;
      case c('r'):
        return 0x0d;
      case c('s'):
        return { set: SPACE };
      case c('t'):
        return 0x09;
      case c('u'):
        return this.unicodeEscape();
      case c('v'):
        // Java 8+: \v is vertical whitespace, but a range endpoint \v is still U+000B.
        return isRange ? 0x0b : { set: VERT };
      case c('w'):
        return { set: WORD };
      case c('x'):
        return this.hexEscape();
      case c('z'):
        if (inClass) throw illegal();
        return { node: { t: 'assert', src: ASSERT.end } };
      case EOF:
        throw this.error('Unexpected internal error');
      default:
        if (isAsciiAlpha(ch)) throw illegal();
        return ch;
    }
  }

  private checkBackrefCase(from: number): void {
    if (!this.asciiCase(from)) return;
    this.unsupported('back-reference under (?i) (Java compares ASCII case-insensitively; ECMAScript cannot without the i flag)', from, this.cursor);
  }

  private ref(first: number, from: number): Node {
    let group = first;
    for (;;) {
      const ch = this.peek();
      if (!isDigit(ch)) break;
      const bigger = group * 10 + (ch - 0x30);
      if (this.groupCount < bigger) break;
      group = bigger;
      this.read();
    }
    this.checkBackrefCase(from);
    return { t: 'backref', group, pos: this.origin(from), src: this.text(from, this.cursor) };
  }

  private octal(): number {
    const isOct = (ch: number): boolean => ch >= 0x30 && ch <= 0x37;
    const n = this.read();
    if (isOct(n)) {
      const m = this.read();
      if (isOct(m)) {
        const o = this.read();
        if (isOct(o) && n <= 0x33) return (n - 0x30) * 64 + (m - 0x30) * 8 + (o - 0x30);
        this.unread();
        return (n - 0x30) * 8 + (m - 0x30);
      }
      this.unread();
      return n - 0x30;
    }
    throw this.error('Illegal octal escape sequence');
  }

  private hexEscape(): number {
    let n = this.read();
    if (isHexDigit(n)) {
      const m = this.read();
      if (isHexDigit(m)) return hexValue(n) * 16 + hexValue(m);
    } else if (n === c('{') && isHexDigit(this.peek())) {
      let cp = 0;
      while (isHexDigit((n = this.read()))) {
        cp = cp * 16 + hexValue(n);
        if (cp > 0x10ffff) throw this.error('Hexadecimal codepoint is too big');
      }
      if (n !== c('}')) throw this.error('Unclosed hexadecimal escape sequence');
      return cp;
    }
    throw this.error('Illegal hexadecimal escape sequence');
  }

  private uxxxx(): number {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = this.read();
      if (!isHexDigit(ch)) throw this.error('Illegal Unicode escape sequence');
      n = n * 16 + hexValue(ch);
    }
    return n;
  }

  private unicodeEscape(): number {
    const n = this.uxxxx();
    if (n >= 0xd800 && n <= 0xdbff) {
      const save = this.cursor;
      if (this.read() === 0x5c && this.read() === c('u')) {
        const low = this.uxxxx();
        if (low >= 0xdc00 && low <= 0xdfff) return (n - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
      }
      this.cursor = save;
    }
    return n;
  }

  // --- character classes (Pattern.clazz / range, JDK 9+) ---

  private clazz(consume: boolean): CharSet {
    let prev: CharSet | null = null;
    let curr: CharSet | null = null;
    let bits: CharSet = ranges();
    let hasBits = false;
    let isNeg = false;
    let ch = this.next();
    if (ch === c('^') && this.raw(this.cursor - 1) === c('[')) {
      ch = this.next();
      isNeg = true;
    }
    for (;;) {
      if (ch === c('[')) {
        curr = this.clazz(true);
        prev = prev === null ? curr : union(prev, curr);
        ch = this.peek();
        continue;
      }
      if (ch === c('&')) {
        ch = this.next();
        if (ch === c('&')) {
          ch = this.next();
          let right: CharSet | null = null;
          while (ch !== c(']') && ch !== c('&')) {
            if (ch === EOF) throw this.error('Unclosed character class');
            if (ch === c('[')) right = right === null ? this.clazz(true) : union(right, this.clazz(true));
            else {
              this.unread();
              right = right === null ? this.clazz(false) : union(right, this.clazz(false));
            }
            ch = this.peek();
          }
          if (hasBits) {
            if (prev === null) prev = curr = bits;
            else prev = union(prev, bits);
            hasBits = false;
            bits = ranges();
          }
          if (right !== null) curr = right;
          if (prev === null) {
            if (right === null) throw this.error('Bad class syntax');
            prev = right;
          } else {
            prev = inter(prev, curr ?? ranges());
          }
          continue;
        }
        // A single '&' is literal.
        this.unread();
      } else if (ch === EOF) {
        throw this.error('Unclosed character class');
      } else if (ch === c(']') && (prev !== null || hasBits)) {
        if (consume) this.next();
        let result: CharSet = prev === null ? bits : hasBits ? union(prev, bits) : prev;
        if (isNeg) result = not(result);
        return result;
      }
      const r = this.range();
      if (r.single !== undefined) {
        bits = union(bits, r.single);
        hasBits = true;
      } else {
        curr = r.set!;
        prev = prev === null ? curr : union(prev, curr);
      }
      ch = this.peek();
    }
  }

  /** One class item: a character, a range, an escape class or a property. Single characters go to the "bits". */
  private range(): { single?: CharSet; set?: CharSet } {
    const from = this.cursor;
    let ch = this.peek();
    if (ch === 0x5c) {
      ch = this.nextEscaped();
      if (ch === c('p') || ch === c('P')) return { set: this.familyAfterP(ch === c('P'), from) };
      const isRange = this.raw(this.cursor + 1) === c('-');
      this.unread();
      const e = this.escape(true, isRange);
      if (typeof e !== 'number') return { set: 'set' in e ? e.set : ranges() };
      ch = e;
    } else {
      this.next();
    }
    if (this.peek() === c('-')) {
      const endRange = this.raw(this.cursor + 1);
      if (endRange === c('[')) return { single: this.single(ch, from) };
      if (endRange !== c(']')) {
        this.next();
        let m = this.peek();
        if (m === 0x5c) {
          const e = this.escape(true, true);
          m = typeof e === 'number' ? e : -1;
        } else {
          this.next();
        }
        if (m < ch) throw this.error('Illegal character range');
        const set = ranges([ch, m]);
        return { set: this.asciiCase(from) ? asciiCaseClosure(set) : set };
      }
    }
    return { single: this.single(ch, from) };
  }

  private single(cp: number, from: number): CharSet {
    return this.asciiCase(from) ? asciiCaseClosure(ranges(cp)) : ranges(cp);
  }
}

// Java's DOT excludes exactly the line terminators.
const LINE_TERMINATORS = ranges(0x0a, 0x0d, 0x85, 0x2028, 0x2029);

// ---------------------------------------------------------------------------------------------------
// Validation: constructs whose ECMAScript behaviour would differ from Java's.

interface Analysis {
  readonly groupCount: number;
  readonly pattern: string;
  /** Groups set by every successful match. */
  readonly always: ReadonlySet<number>;
}

/** Pattern.TreeInfo, with Java's 32-bit int arithmetic; trueMax is the real maximum length (may be Infinity). */
interface TreeInfo {
  min: number;
  max: number;
  valid: boolean;
  det: boolean;
  trueMax: number;
}

const freshInfo = (): TreeInfo => ({ min: 0, max: 0, valid: true, det: true, trueMax: 0 });
const mulTrue = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);
const add32 = (a: number, b: number): number => (a + b) | 0;

/** The chain of nodes Pattern.study walks: groups without quantifiers are inlined. */
function chainOf(n: Node, out: Node[] = []): Node[] {
  if (n.t === 'seq') n.items.forEach((i) => chainOf(i, out));
  else if (n.t === 'group' && (n.kind === 'capture' || n.kind === 'noncapture' || n.kind === 'atomic')) chainOf(n.body, out);
  else if (n.t !== 'empty') out.push(n);
  return out;
}

function studyCurly(info: TreeInfo, atom: TreeInfo, cmin: number, cmax: number): void {
  const minL = info.min;
  const maxL = info.max;
  const maxV = info.valid;
  let temp = add32(Math.imul(atom.min, cmin), minL);
  if (temp < minL) temp = 0xfffffff;
  info.min = temp;
  info.trueMax += mulTrue(atom.trueMax, cmax === MAX_REPS ? Infinity : cmax);
  if (maxV && atom.valid) {
    temp = add32(Math.imul(atom.max, cmax), maxL);
    info.max = temp;
    if (temp < maxL) info.valid = false;
  } else {
    info.valid = false;
  }
  info.det = atom.det && cmin === cmax ? info.det : false;
}

function studyBranch(chain: readonly Node[], k: number, branches: readonly (readonly Node[])[], info: TreeInfo): void {
  let minL = info.min;
  let maxL = info.max;
  let maxV = info.valid;
  let min2 = 0x7fffffff;
  let max2 = -1;
  let trueMax = 0;
  for (const b of branches) {
    const bi = freshInfo();
    study(b, 0, bi);
    min2 = Math.min(min2, bi.min);
    max2 = Math.max(max2, bi.max);
    maxV = maxV && bi.valid;
    trueMax = Math.max(trueMax, bi.trueMax);
  }
  minL = add32(minL, min2);
  maxL = add32(maxL, max2);
  const rest = freshInfo();
  study(chain, k + 1, rest);
  info.min = add32(rest.min, minL);
  info.max = add32(rest.max, maxL);
  info.valid = rest.valid && maxV;
  info.det = false;
  info.trueMax += trueMax + rest.trueMax;
}

/** Node.study over chain[k..]: lengths and whether the maximum is known (lookbehind needs it). */
function study(chain: readonly Node[], k: number, info: TreeInfo): void {
  for (; k < chain.length; k++) {
    const n = chain[k];
    switch (n.t) {
      case 'set':
        info.min = add32(info.min, 1);
        info.max = add32(info.max, 1);
        info.trueMax += 1;
        break;
      case 'backref':
        info.valid = false;
        break;
      case 'alt':
        if (n.le) {
          info.min = add32(info.min, 1);
          info.max = add32(info.max, 2);
          info.trueMax += 2;
          break;
        }
        return studyBranch(chain, k, n.branches.map((b) => chainOf(b)), info);
      case 'quant': {
        const { body, min, max, mode } = n;
        const cmax = max === Infinity ? MAX_REPS : max;
        const groupBody = body.t === 'group' && (body.kind === 'capture' || body.kind === 'noncapture');
        if (groupBody && min === 0 && max === 1 && mode !== 'possessive') return studyBranch(chain, k, [chainOf(body), []], info);
        const atom = freshInfo();
        study(chainOf(body), 0, atom);
        if (body.t === 'set' && mode === 'greedy' && max === Infinity) {
          // CharPropertyGreedy: the maximum grows by MAX_REPS without any overflow check.
          info.min = add32(info.min, min);
          if (info.valid) info.max = add32(info.max, MAX_REPS);
          info.det = false;
          info.trueMax = Infinity;
        } else if (min === 0 && max === 1 && !groupBody) {
          info.max = add32(info.max, atom.max);
          info.valid = info.valid && atom.valid;
          info.det = false;
          info.trueMax += atom.trueMax;
        } else if (groupBody && mode !== 'possessive' && !atom.det) {
          info.valid = false; // Loop
          info.det = false;
        } else {
          studyCurly(info, atom, min, cmax);
        }
        break;
      }
      default:
        break; // zero-width: assertions and lookarounds
    }
  }
}

/** Java rejects a lookbehind whose maximum length it cannot bound (Pattern.group0 with TreeInfo). */
function checkLookbehindLength(n: Extract<Node, { t: 'group' }>, pattern: string): void {
  const info = freshInfo();
  study(chainOf(n.body), 0, info);
  if (!info.valid) throw new JavaRegexError('syntax', n.src, n.pos, pattern, 'Look-behind group does not have an obvious maximum length');
  // Java looks back at most `max` characters. A maximum that wrapped to (nearly) -2^31 or is huge is in
  // effect unbounded; any other value below the real maximum truncates (or disables) the lookbehind.
  const unbounded = info.max >= 2 ** 30 || info.max <= -(2 ** 31) + 2 ** 20;
  if (!unbounded && info.max < info.trueMax)
    throw new JavaRegexError('unsupported', n.src, n.pos, pattern, `Java computes a maximum length of ${info.max} for this lookbehind (32-bit overflow) and so does not look back far enough`);
}

/**
 * Java does not undo the groups a lookaround, atomic group or possessive quantifier set when the match
 * then fails, so a later successful match can report them; ECMAScript never does. Such groups are
 * accepted only when every successful match sets them again.
 */
function checkLeakingGroups(n: Extract<Node, { t: 'group' | 'quant' }>, a: Analysis, negative: boolean): void {
  const inner = new Set<number>();
  collectCaptures(n.body, inner);
  if (inner.size === 0) return;
  const what = n.t === 'quant' ? 'a possessive quantifier' : n.kind === 'atomic' ? 'an atomic group' : 'a lookaround';
  if (negative)
    throw new JavaRegexError('unsupported', n.src, n.pos, a.pattern, 'capturing group inside a negative lookaround (Java reports values left by failed attempts)');
  const loose = [...inner].find((g) => !a.always.has(g));
  if (loose !== undefined)
    throw new JavaRegexError(
      'unsupported',
      n.src,
      n.pos,
      a.pattern,
      `group ${loose} inside ${what} is not set by every match (Java keeps the value a failed attempt left, ECMAScript does not)`,
    );
}

function hasCapture(n: Node): boolean {
  switch (n.t) {
    case 'group':
      return n.kind === 'capture' || hasCapture(n.body);
    case 'seq':
      return n.items.some(hasCapture);
    case 'alt':
      return n.branches.some(hasCapture);
    case 'quant':
      return hasCapture(n.body);
    default:
      return false;
  }
}

function nullable(n: Node): boolean {
  switch (n.t) {
    case 'set':
      return false;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.branches.some(nullable);
    case 'group':
      return n.kind === 'capture' || n.kind === 'noncapture' || n.kind === 'atomic' ? nullable(n.body) : true;
    case 'quant':
      return n.min === 0 || nullable(n.body);
    default:
      return true;
  }
}

/** Groups certainly set after `n` matched, starting from the set `before` (checks back-references on the way). */
function settled(n: Node, before: ReadonlySet<number>, a: Analysis, inBehind: boolean): ReadonlySet<number> {
  switch (n.t) {
    case 'seq': {
      let s = before;
      for (const item of n.items) s = settled(item, s, a, inBehind);
      return s;
    }
    case 'alt': {
      const outs = n.branches.map((b) => settled(b, before, a, inBehind));
      return new Set([...outs[0]].filter((g) => outs.every((o) => o.has(g))));
    }
    case 'group': {
      const behind = n.kind === 'behind' || n.kind === 'notbehind';
      if (behind && hasCapture(n.body))
        throw new JavaRegexError('unsupported', n.src, n.pos, a.pattern, 'capturing group inside lookbehind (ECMAScript matches lookbehind right to left, Java tries the shortest candidate first)');
      if (n.kind === 'atomic' && inBehind)
        throw new JavaRegexError('unsupported', n.src, n.pos, a.pattern, 'atomic group or possessive quantifier inside lookbehind');
      if (n.kind === 'ahead' || n.kind === 'atomic' || n.kind === 'notahead') checkLeakingGroups(n, a, n.kind === 'notahead');
      const body = settled(n.body, before, a, inBehind || behind);
      if (n.kind === 'notahead' || n.kind === 'notbehind' || behind) return before;
      return n.kind === 'capture' ? new Set([...body, n.index]) : body;
    }
    case 'quant': {
      if (n.mode === 'possessive' && inBehind)
        throw new JavaRegexError('unsupported', n.src, n.pos, a.pattern, 'atomic group or possessive quantifier inside lookbehind');
      if (n.mode === 'possessive') checkLeakingGroups(n, a, false);
      // Back-references inside the body see only what this iteration has set (ECMAScript resets the body's groups).
      const once = settled(n.body, before, a, inBehind);
      if (n.max > 1 && n.body.t === 'group' && (n.body.kind === 'capture' || n.body.kind === 'noncapture') && nullable(n.body)) {
        const body = freshInfo();
        study(chainOf(n.body), 0, body);
        if (!body.det)
          throw new JavaRegexError(
            'unsupported',
            n.src,
            n.pos,
            a.pattern,
            'a repeated group that can match the empty string in more than one way (Java ends the loop at the first empty iteration, ECMAScript backtracks into it)',
          );
      }
      if (n.max > 1 && hasCapture(n.body)) {
        const own = mandatory(n.body);
        const inner = new Set<number>();
        collectCaptures(n.body, inner);
        const missing = [...inner].filter((g) => !own.has(g));
        if (nullable(n.body) || missing.length > 0)
          throw new JavaRegexError(
            'unsupported',
            n.src,
            n.pos,
            a.pattern,
            nullable(n.body)
              ? 'a repeated group that can match the empty string (Java records a final empty iteration, ECMAScript does not)'
              : `group ${missing[0]} inside a repetition is not set on every iteration (Java keeps the previous iteration's value, ECMAScript clears it)`,
          );
      }
      return n.min >= 1 ? once : before;
    }
    case 'backref': {
      if (inBehind) throw new JavaRegexError('unsupported', n.src, n.pos, a.pattern, 'back-reference inside lookbehind');
      if (n.group <= a.groupCount && !before.has(n.group))
        throw new JavaRegexError(
          'unsupported',
          n.src,
          n.pos,
          a.pattern,
          `back-reference to group ${n.group}, which may not have participated at this point (Java fails, ECMAScript matches the empty string)`,
        );
      return before;
    }
    default:
      return before;
  }
}

function forEachNode(n: Node, visit: (n: Node) => void): void {
  visit(n);
  if (n.t === 'seq') n.items.forEach((i) => forEachNode(i, visit));
  else if (n.t === 'alt') n.branches.forEach((b) => forEachNode(b, visit));
  else if (n.t === 'group' || n.t === 'quant') forEachNode(n.body, visit);
}

/** Groups set whenever `n` matches. */
function mandatory(n: Node): Set<number> {
  switch (n.t) {
    case 'seq':
      return new Set(n.items.flatMap((i) => [...mandatory(i)]));
    case 'alt': {
      const sets = n.branches.map(mandatory);
      return new Set([...sets[0]].filter((g) => sets.every((s) => s.has(g))));
    }
    case 'group': {
      if (n.kind === 'notahead' || n.kind === 'behind' || n.kind === 'notbehind') return new Set();
      const body = mandatory(n.body);
      if (n.kind === 'capture') body.add(n.index);
      return body;
    }
    case 'quant':
      return n.min >= 1 ? mandatory(n.body) : new Set();
    default:
      return new Set();
  }
}

function collectCaptures(n: Node, out: Set<number>): void {
  if (n.t === 'group') {
    if (n.kind === 'capture') out.add(n.index);
    collectCaptures(n.body, out);
  } else if (n.t === 'seq') n.items.forEach((i) => collectCaptures(i, out));
  else if (n.t === 'alt') n.branches.forEach((b) => collectCaptures(b, out));
  else if (n.t === 'quant') collectCaptures(n.body, out);
}

/** \G is supported as the first element of every top-level alternative; returns the tree without it. */
function stripLeadingG(root: Node, pattern: string): { node: Node; sticky: boolean } {
  const findG = (n: Node): number | undefined => {
    switch (n.t) {
      case 'G':
        return n.pos;
      case 'seq':
        return n.items.map(findG).find((p) => p !== undefined);
      case 'alt':
        return n.branches.map(findG).find((p) => p !== undefined);
      case 'group':
      case 'quant':
        return findG(n.body);
      default:
        return undefined;
    }
  };
  const first = findG(root);
  if (first === undefined) return { node: root, sticky: false };
  const branches = root.t === 'alt' ? root.branches : [root];
  const leads = (b: Node): boolean => b.t === 'G' || (b.t === 'seq' && b.items[0].t === 'G');
  const rest = branches.map((b) => (!leads(b) ? b : b.t === 'seq' ? ({ t: 'seq', items: b.items.slice(1) } as Node) : EMPTY));
  const misplaced = branches.every(leads) ? rest.map(findG).find((p) => p !== undefined) : first;
  if (misplaced !== undefined)
    throw new JavaRegexError('unsupported', '\\G', misplaced, pattern, '\\G is only supported at the start of the pattern (of every top-level alternative)');
  return { node: rest.length === 1 ? rest[0] : { t: 'alt', branches: rest }, sticky: true };
}

// ---------------------------------------------------------------------------------------------------
// Emission

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split('').map(c));

function emitLiteral(cp: number): string {
  if (SYNTAX_CHARS.has(cp)) return `\\${String.fromCharCode(cp)}`;
  if (cp >= 0x20 && cp <= 0x7e) return String.fromCharCode(cp);
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

class Emitter {
  jsGroups = 0;
  /** JS group number of each Java group (index 0 = whole match). */
  readonly jsGroupOf: number[] = [0];

  constructor(
    private readonly v: boolean,
    private readonly javaGroupCount: number,
  ) {}

  emit(n: Node): string {
    switch (n.t) {
      case 'empty':
        return '';
      case 'G':
        return '';
      case 'set':
        return n.cp !== undefined ? emitLiteral(n.cp) : emitCharSet(n.set, this.v);
      case 'assert':
        return n.src;
      case 'seq':
        return n.items.map((i) => (i.t === 'alt' ? `(?:${this.emit(i)})` : this.emit(i))).join('');
      case 'alt':
        return n.branches.map((b) => this.emit(b)).join('|');
      case 'backref': {
        if (n.group > this.javaGroupCount) return '(?!)';
        return `(?:\\${this.jsGroupOf[n.group]})`;
      }
      case 'group':
        return this.emitGroup(n);
      case 'quant':
        return this.emitQuant(n);
    }
  }

  private emitGroup(n: Extract<Node, { t: 'group' }>): string {
    switch (n.kind) {
      case 'capture': {
        this.jsGroupOf[n.index] = ++this.jsGroups;
        const body = this.emit(n.body);
        return n.name !== undefined ? `(?<${n.name}>${body})` : `(${body})`;
      }
      case 'noncapture':
        return `(?:${this.emit(n.body)})`;
      case 'atomic':
        return this.atomic(() => this.emit(n.body));
      case 'ahead':
        return `(?=${this.emit(n.body)})`;
      case 'notahead':
        return `(?!${this.emit(n.body)})`;
      case 'behind':
        return `(?<=${this.emit(n.body)})`;
      case 'notbehind':
        return `(?<!${this.emit(n.body)})`;
    }
  }

  /** `(?>X)` as `(?=(X))\N`: the lookahead is atomic and keeps X's captures, \N consumes what X matched. */
  private atomic(body: () => string): string {
    const hidden = ++this.jsGroups;
    return `(?=(${body()}))(?:\\${hidden})`;
  }

  private emitQuant(n: Extract<Node, { t: 'quant' }>): string {
    const { min, max, mode } = n;
    const plain = (): string => {
      if (min === 1 && max === 1) return this.atom(n.body);
      if (max === 1 && hasCapture(n.body)) {
        // Java compiles a group's `?` as a branch, which (unlike an ECMAScript quantifier) may match empty.
        const body = this.emit(n.body);
        return mode === 'lazy' ? `(?:|${body})` : `(?:${body}|)`;
      }
      const atom = this.atom(n.body);
      const q = min === 0 && max === Infinity ? '*' : min === 1 && max === Infinity ? '+' : min === 0 && max === 1 ? '?' : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
      return atom + q + (mode === 'lazy' ? '?' : '');
    };
    return mode === 'possessive' ? this.atomic(plain) : plain();
  }

  /** The body as something a quantifier can follow. */
  private atom(n: Node): string {
    if (n.t === 'set' || (n.t === 'group' && (n.kind === 'capture' || n.kind === 'noncapture'))) return this.emit(n);
    return `(?:${this.emit(n)})`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Public API

interface CompiledInfo {
  readonly javaPattern: string;
  readonly groupCount: number;
  readonly groupNames: ReadonlyMap<string, number>;
  readonly jsGroupOf: readonly number[];
  readonly sticky: boolean;
  /** Same source, flags + 'g' (or 'y' when sticky): for find loops. */
  readonly scanner: RegExp;
  /** `^(?:source)$`: for full matches. */
  readonly full: RegExp;
}

const INFO = new WeakMap<RegExp, CompiledInfo>();

function parseFlags(flags: JavaRegexFlags | undefined, pattern: string): Flags {
  const f: Flags = { i: false, d: false, m: false, s: false, u: false, x: false };
  for (const [k, ch] of [...(flags ?? '')].entries()) {
    if (ch === 'U' || ch === 'c') throw new JavaRegexError('unsupported', ch, k, flags ?? '', ch === 'U' ? 'UNICODE_CHARACTER_CLASS' : 'CANON_EQ');
    if (!'idmsux'.includes(ch)) throw new JavaRegexError('syntax', ch, k, flags ?? '', `unknown flag for pattern ${JSON.stringify(pattern)}`);
    f[ch as keyof Flags] = true;
  }
  return f;
}

/** Whether (?iu) holds from the start (flags or a leading `(?iu)`) — then the ECMAScript `i` flag is used. */
function leadingUnicodeCase(pattern: string, f: Flags): boolean {
  if (f.i && f.u) return true;
  const m = /^\(\?([idmsux]*)\)/.exec(pattern);
  return m !== null && m[1].includes('i') && m[1].includes('u');
}

/**
 * Translates a Java regular expression to an ECMAScript RegExp (flags `u` or `v`, plus `i` for a
 * whole-pattern (?iu) and `y` for a leading \G). Throws JavaRegexError for invalid patterns and for
 * constructs with no equivalent. Use javaFind / javaMatches / javaReplace on the result: they map
 * Java group numbers through any hidden groups the translation added.
 */
export function compileJavaRegex(pattern: string, flags?: JavaRegexFlags): RegExp {
  const initial = parseFlags(flags, pattern);
  const unicodeCase = leadingUnicodeCase(pattern, initial);
  const parser = new Parser(pattern, initial, unicodeCase);
  const tree = parser.parse();
  // Java's own syntax errors first, then the constructs without an ECMAScript equivalent.
  forEachNode(tree, (n) => {
    if (n.t === 'group' && (n.kind === 'behind' || n.kind === 'notbehind')) checkLookbehindLength(n, pattern);
  });
  if (parser.deferred !== undefined) throw parser.deferred;
  const { node, sticky } = stripLeadingG(tree, pattern);
  settled(node, new Set(), { groupCount: parser.groupCount, pattern, always: mandatory(node) }, false);
  const v = parser.needsV;
  const emitter = new Emitter(v, parser.groupCount);
  const source = emitter.emit(node);
  const base = (v ? 'v' : 'u') + (unicodeCase ? 'i' : '');
  let re: RegExp;
  try {
    re = new RegExp(source, base + (sticky ? 'y' : ''));
  } catch (e) {
    throw new JavaRegexError('unsupported', pattern, 0, pattern, `the translation is not a valid ECMAScript regular expression (${(e as Error).message})`);
  }
  INFO.set(re, {
    javaPattern: pattern,
    groupCount: parser.groupCount,
    groupNames: parser.names,
    jsGroupOf: emitter.jsGroupOf,
    sticky,
    scanner: new RegExp(source, base + (sticky ? 'y' : 'g')),
    full: new RegExp(`^(?:${source})$`, base),
  });
  return re;
}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 256;

/** compileJavaRegex with a small LRU cache (for patterns that arrive as row values). */
export function compileJavaRegexCached(pattern: string, flags?: JavaRegexFlags): RegExp {
  const key = `${flags ?? ''}/${pattern}`;
  let re = cache.get(key);
  if (re !== undefined) {
    cache.delete(key);
  } else {
    re = compileJavaRegex(pattern, flags);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, re);
  return re;
}

function infoOf(re: RegExp): CompiledInfo {
  const known = INFO.get(re);
  if (known !== undefined) return known;
  // A plain ECMAScript RegExp: use it as is.
  const base = re.flags.replace(/[gy]/g, '');
  const groupCount = new RegExp(`${re.source}|`, base).exec('')!.length - 1;
  const info: CompiledInfo = {
    javaPattern: re.source,
    groupCount,
    groupNames: new Map(),
    jsGroupOf: Array.from({ length: groupCount + 1 }, (_, k) => k),
    sticky: re.sticky,
    scanner: new RegExp(re.source, base + (re.sticky ? 'y' : 'g')),
    full: new RegExp(`^(?:${re.source})$`, base),
  };
  INFO.set(re, info);
  return info;
}

/** Number of capturing groups of the Java pattern (Matcher.groupCount()). */
export function javaGroupCount(re: RegExp): number {
  return infoOf(re).groupCount;
}

/** Java group names → group numbers. */
export function javaGroupNames(re: RegExp): ReadonlyMap<string, number> {
  return infoOf(re).groupNames;
}

function toMatch(info: CompiledInfo, m: RegExpExecArray): JavaMatch {
  const groups: (string | null)[] = [];
  for (let k = 0; k <= info.groupCount; k++) groups.push(m[info.jsGroupOf[k]] ?? null);
  return { start: m.index, end: m.index + m[0].length, groups };
}

/** Matcher.matches(): the whole text must match; null when it does not. */
export function javaMatchFull(re: RegExp, text: string): JavaMatch | null {
  const info = infoOf(re);
  const m = info.full.exec(text);
  return m === null ? null : toMatch(info, m);
}

/** String.matches / Matcher.matches(). */
export function javaMatches(re: RegExp, text: string): boolean {
  return infoOf(re).full.test(text);
}

/** Matcher.find(from): the first match starting at or after `from` (a UTF-16 index). */
export function javaFind(re: RegExp, text: string, from = 0): JavaMatch | null {
  const info = infoOf(re);
  if (from < 0 || from > text.length) throw new RangeError(`Illegal start index ${from}`);
  info.scanner.lastIndex = from;
  const m = info.scanner.exec(text);
  return m === null ? null : toMatch(info, m);
}

/** Successive matches like repeated Matcher.find(): after an empty match the search resumes one character later. */
export function* javaFindAll(re: RegExp, text: string): Generator<JavaMatch> {
  const info = infoOf(re);
  let from = 0;
  for (;;) {
    if (from > text.length) return;
    info.scanner.lastIndex = from;
    const m = info.scanner.exec(text);
    if (m === null) return;
    const match = toMatch(info, m);
    yield match;
    if (match.end === match.start) {
      if (info.sticky) return; // \G needs the next match to start where this one ended
      from = match.end + (isSurrogatePairAt(text, match.end) ? 2 : 1);
    } else {
      from = match.end;
    }
  }
}

function isSurrogatePairAt(text: string, i: number): boolean {
  const hi = text.charCodeAt(i);
  const lo = text.charCodeAt(i + 1);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

type ReplacementPart = string | number;

/** Parses a java.util.regex replacement string ($n, ${name}, \x) the way Matcher.appendExpandedReplacement does. */
export function parseJavaReplacement(replacement: string, re: RegExp): ReplacementPart[] {
  const info = infoOf(re);
  const parts: ReplacementPart[] = [];
  let literal = '';
  const fail = (at: number, message: string): JavaRegexError => new JavaRegexError('replacement', replacement.slice(at, at + 2), at, replacement, message);
  let i = 0;
  while (i < replacement.length) {
    const ch = replacement[i];
    if (ch === '\\') {
      if (i + 1 === replacement.length) throw fail(i, 'character to be escaped is missing');
      literal += replacement[i + 1];
      i += 2;
    } else if (ch === '$') {
      const at = i;
      i++;
      if (i === replacement.length) throw fail(at, 'Illegal group reference: group index is missing');
      let group: number;
      if (replacement[i] === '{') {
        i++;
        let name = '';
        while (i < replacement.length && /[A-Za-z0-9]/.test(replacement[i])) name += replacement[i++];
        if (name.length === 0) throw fail(at, 'named capturing group has 0 length name');
        if (replacement[i] !== '}') throw fail(at, "named capturing group is missing trailing '}'");
        if (/^[0-9]/.test(name)) throw fail(at, `capturing group name {${name}} starts with digit character`);
        const found = info.groupNames.get(name);
        if (found === undefined) throw fail(at, `No group with name {${name}}`);
        group = found;
        i++;
      } else {
        const d = replacement.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9) throw fail(at, 'Illegal group reference');
        group = d;
        i++;
        while (i < replacement.length) {
          const nd = replacement.charCodeAt(i) - 0x30;
          if (nd < 0 || nd > 9) break;
          const bigger = group * 10 + nd;
          if (info.groupCount < bigger) break;
          group = bigger;
          i++;
        }
        if (group > info.groupCount) throw fail(at, `No group ${group}`);
      }
      if (literal.length > 0) parts.push(literal), (literal = '');
      parts.push(group);
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal.length > 0) parts.push(literal);
  return parts;
}

function replaceMatches(input: string, regex: RegExp, replacement: string, occurrence: number): string {
  let parts: ReplacementPart[] | undefined;
  let out = '';
  let last = 0;
  let count = 0;
  for (const m of javaFindAll(regex, input)) {
    count++;
    if (occurrence !== 0 && count < occurrence) continue;
    parts ??= parseJavaReplacement(replacement, regex);
    out += input.slice(last, m.start);
    for (const p of parts) out += typeof p === 'string' ? p : (m.groups[p] ?? '');
    last = m.end;
    if (occurrence !== 0) break;
  }
  return out + input.slice(last);
}

/** Matcher.replaceAll / String.replaceAll(regex, replacement). */
export function javaReplaceAll(text: string, re: RegExp, replacement: string): string {
  return replaceMatches(text, re, replacement, 0);
}

/**
 * REGEX_REPLACE(original, regex, replacement, startPosition, occurrence): Java's replaceAll semantics
 * applied from the 1-based startPosition (the text before it is kept as is, and the search sees the
 * text from there on as the whole input: `^` matches there, lookbehind cannot see before it, like a
 * Matcher region). occurrence 0 replaces every match, n > 0 only the n-th. startPosition past the end
 * returns the original. Null arguments give null. startPosition < 1 and occurrence < 0 throw a
 * RangeError (KDA writes them to the error stream); a bad replacement string throws JavaRegexError
 * (kind 'replacement') when a match is to be replaced, as Java does.
 */
export function javaReplace(
  text: string | null,
  re: RegExp | string | null,
  replacement: string | null,
  start: number | null,
  occurrence: number | null,
): string | null {
  if (text === null || re === null || replacement === null || start === null || occurrence === null) return null;
  if (start < 1) throw new RangeError(`REGEX_REPLACE startPosition must be at least 1, got ${start}`);
  if (occurrence < 0) throw new RangeError(`REGEX_REPLACE occurrence must not be negative, got ${occurrence}`);
  if (start > text.length) return text;
  const regex = typeof re === 'string' ? compileJavaRegexCached(re) : re;
  return text.slice(0, start - 1) + replaceMatches(text.slice(start - 1), regex, replacement, occurrence);
}
