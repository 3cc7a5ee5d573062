/**
 * FAST_REGEX_LOG_PARSE (sqlref "FAST_REGEX_LOG_PARSER"): the "fast regex" dialect and its lazy,
 * non-backtracking scan. Used through compileFastRegexLogParse in log-parse.ts.
 *
 * Syntax (the reference's symbol table, which is that of the dk.brics.automaton RegExp class):
 *   a|b union, a&b intersection, ? * + {n} {n,} {n,m} repetition, [..] [^..] classes with ranges,
 *   . any character, # the empty language, @ any string, "..." a literal string, () the empty string,
 *   (..) precedence, <Name> a named pattern (the POSIX names listed by the reference: Digit Upper
 *   Lower ASCII Alpha Alnum Punct Blank Space Cntrl XDigit Print Graph), <n-m> a decimal number in
 *   [n, m] (zero-padded to a fixed width when n and m are written with the same number of digits),
 *   \c a literal character. `~` (brics' optional complement) is not in the reference's table and is
 *   a literal. Characters are UTF-16 code units, as in brics.
 *
 * Semantics. The reference describes the evaluation as: split the pattern into one expression per
 * group and one per run outside groups, move any fixed-length prefix of an expression to the end of
 * the previous one (merging entirely fixed-length expressions into the previous one), then evaluate
 * the series "using lazy semantics with no backtracking", and require every input character to be
 * accounted for. Implemented here as:
 *   - The pattern must be a concatenation at the top level; each top-level parenthesised expression
 *     is a group (a column, left to right); nested parentheses only group. A quantified top-level
 *     group is rejected (it cannot be one column).
 *   - Segments are matched left to right without backtracking. A segment may end at position e only
 *     where it matches the text from its start to e AND its delimiter matches at e: the delimiter is
 *     the fixed-length prefix of the next segment (X+ contributing X, X{n,m} contributing X{n}),
 *     extended through following segments that are entirely fixed-length; when the delimiter runs to
 *     the end of the pattern it must also end the input. The last segment must end the input.
 *   - A group takes the first such e (lazy). A segment outside groups takes the last e before its
 *     expression can no longer match (the reference's Example B: `_+` between two `(.*)` groups
 *     consumes all four underscores, "after finding the multiple underscores required by the _+
 *     specification, the group-2 specification accepts all remaining characters").
 * This reproduces the reference's examples A, B and C. Its first example prints COLUMN2 =
 * 'a_little_lamb' for '(.*)_(._.*)_.*', which no reading can produce (the `_.*` after the group must
 * consume an underscore after COLUMN2); this implementation returns 'a_little'.
 */

export class FastRegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly index: number,
    detail: string,
  ) {
    super(`Invalid FAST_REGEX_LOG_PARSE pattern: ${detail} at index ${index} of ${JSON.stringify(pattern)}`);
    this.name = 'FastRegexSyntaxError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Syntax tree

type Range = readonly [number, number];

type Ast =
  | { readonly k: 'set'; readonly r: readonly Range[] }
  | { readonly k: 'str'; readonly s: string }
  | { readonly k: 'none' } // #
  | { readonly k: 'any' } // @
  | { readonly k: 'seq'; readonly items: readonly Ast[] }
  | { readonly k: 'or'; readonly items: readonly Ast[] }
  | { readonly k: 'and'; readonly items: readonly Ast[] }
  | { readonly k: 'rep'; readonly body: Ast; readonly min: number; readonly max: number }
  | { readonly k: 'interval'; readonly min: bigint; readonly max: bigint; readonly digits: number }
  /** A parenthesised expression (top-level ones are the groups). */
  | { readonly k: 'paren'; readonly body: Ast };

const MAX_UNIT = 0xffff;
const ANY_CHAR: Ast = { k: 'set', r: [[0, MAX_UNIT]] };

function cls(...pairs: (number | Range)[]): Ast {
  return { k: 'set', r: normalize(pairs.map((p) => (typeof p === 'number' ? ([p, p] as const) : p))) };
}

function normalize(rs: readonly Range[]): Range[] {
  const sorted = [...rs].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

const code = (s: string): number => s.charCodeAt(0);
const DIGIT: Range = [0x30, 0x39];
const UPPER: Range = [0x41, 0x5a];
const LOWER: Range = [0x61, 0x7a];
const PUNCT: Range[] = [
  [0x21, 0x2f],
  [0x3a, 0x40],
  [0x5b, 0x60],
  [0x7b, 0x7e],
];

/** The named patterns the reference lists (Print and Graph are "<Alnum>|<Punct>", without space). */
const NAMED: Record<string, () => Ast> = {
  Digit: () => cls(DIGIT),
  Upper: () => cls(UPPER),
  Lower: () => cls(LOWER),
  ASCII: () => cls([0, 0x7f]),
  Alpha: () => cls(LOWER, UPPER),
  Alnum: () => cls(LOWER, UPPER, DIGIT),
  Punct: () => cls(...PUNCT),
  Blank: () => cls(0x20, 0x09),
  Space: () => cls(0x20, 0x09, 0x0a, 0x0c, 0x0d, 0x0b),
  Cntrl: () => cls([0, 0x1f], 0x7f),
  XDigit: () => cls(DIGIT, [0x61, 0x66], [0x41, 0x46]),
  Print: () => cls(LOWER, UPPER, DIGIT, ...PUNCT),
  Graph: () => cls(LOWER, UPPER, DIGIT, ...PUNCT),
};

/** Recursive-descent parser following dk.brics.automaton.RegExp (flags: all but COMPLEMENT). */
class FastRegexParser {
  private pos = 0;

  constructor(private readonly p: string) {}

  private fail(detail: string, at = this.pos): FastRegexSyntaxError {
    return new FastRegexSyntaxError(this.p, at, detail);
  }

  private more(): boolean {
    return this.pos < this.p.length;
  }

  private peek(chars: string): boolean {
    return this.more() && chars.includes(this.p[this.pos]);
  }

  private match(ch: string): boolean {
    if (this.more() && this.p[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  private next(): string {
    if (!this.more()) throw this.fail('unexpected end of pattern');
    return this.p[this.pos++];
  }

  parse(): Ast {
    const e = this.union();
    if (this.more()) throw this.fail(`unexpected '${this.p[this.pos]}'`);
    return e;
  }

  private union(): Ast {
    const items = [this.inter()];
    while (this.match('|')) items.push(this.inter());
    return items.length === 1 ? items[0] : { k: 'or', items };
  }

  private inter(): Ast {
    const items = [this.concat()];
    while (this.match('&')) items.push(this.concat());
    return items.length === 1 ? items[0] : { k: 'and', items };
  }

  private concat(): Ast {
    const items: Ast[] = [];
    // An empty concatenation (e.g. "a|") is an error in brics as well.
    do items.push(this.repeat());
    while (this.more() && !this.peek(')|&'));
    return items.length === 1 ? items[0] : { k: 'seq', items };
  }

  private repeat(): Ast {
    let e = this.charClass();
    while (this.peek('?*+{')) {
      const at = this.pos;
      if (this.match('?')) e = { k: 'rep', body: e, min: 0, max: 1 };
      else if (this.match('*')) e = { k: 'rep', body: e, min: 0, max: Infinity };
      else if (this.match('+')) e = { k: 'rep', body: e, min: 1, max: Infinity };
      else if (this.match('{')) {
        const n = this.integer();
        let m = n;
        if (this.match(',')) m = this.peek('0123456789') ? this.integer() : Infinity;
        if (!this.match('}')) throw this.fail("expected '}'");
        if (m < n) throw this.fail('invalid repetition range', at);
        e = { k: 'rep', body: e, min: n, max: m };
      }
    }
    return e;
  }

  private integer(): number {
    const start = this.pos;
    while (this.peek('0123456789')) this.pos++;
    if (start === this.pos) throw this.fail('integer expected');
    return Number(this.p.slice(start, this.pos));
  }

  private charClass(): Ast {
    if (!this.match('[')) return this.simple();
    const negate = this.match('^');
    const ranges: Range[] = [];
    do {
      const c = code(this.charExp());
      if (this.match('-')) {
        if (this.peek(']')) ranges.push([c, c], [0x2d, 0x2d]);
        else {
          const at = this.pos;
          const d = code(this.charExp());
          if (d < c) throw this.fail('invalid character range', at);
          ranges.push([c, d]);
        }
      } else ranges.push([c, c]);
    } while (this.more() && !this.peek(']'));
    if (!this.match(']')) throw this.fail("expected ']'");
    const set = normalize(ranges);
    return { k: 'set', r: negate ? complement(set) : set };
  }

  private charExp(): string {
    this.match('\\');
    return this.next();
  }

  private simple(): Ast {
    const at = this.pos;
    if (this.match('.')) return ANY_CHAR;
    if (this.match('#')) return { k: 'none' };
    if (this.match('@')) return { k: 'any' };
    if (this.match('"')) {
      const start = this.pos;
      while (this.more() && !this.peek('"')) this.pos++;
      if (!this.match('"')) throw this.fail("expected '\"'");
      return { k: 'str', s: this.p.slice(start, this.pos - 1) };
    }
    if (this.match('(')) {
      if (this.match(')')) return { k: 'paren', body: { k: 'str', s: '' } };
      const body = this.union();
      if (!this.match(')')) throw this.fail("expected ')'");
      return { k: 'paren', body };
    }
    if (this.match('<')) {
      const start = this.pos;
      while (this.more() && !this.peek('>')) this.pos++;
      if (!this.match('>')) throw this.fail("expected '>'");
      const s = this.p.slice(start, this.pos - 1);
      const dash = s.indexOf('-');
      if (dash === -1) {
        const named = NAMED[s];
        if (named === undefined) throw this.fail(`unknown named pattern <${s}>`, at);
        return named();
      }
      const lo = s.slice(0, dash);
      const hi = s.slice(dash + 1);
      if (!/^[0-9]+$/.test(lo) || !/^[0-9]+$/.test(hi)) throw this.fail(`invalid interval <${s}>`, at);
      let min = BigInt(lo);
      let max = BigInt(hi);
      if (min > max) [min, max] = [max, min];
      return { k: 'interval', min, max, digits: lo.length === hi.length ? lo.length : 0 };
    }
    return { k: 'str', s: this.charExp() };
  }
}

function complement(r: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of r) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Matching with Brzozowski derivatives (hash-consed terms, memoised per pattern)

type Term =
  | { readonly id: number; readonly k: 'empty' }
  | { readonly id: number; readonly k: 'eps' }
  | { readonly id: number; readonly k: 'set'; readonly r: readonly Range[] }
  | { readonly id: number; readonly k: 'seq'; readonly a: Term; readonly b: Term }
  | { readonly id: number; readonly k: 'or'; readonly items: readonly Term[] }
  | { readonly id: number; readonly k: 'and'; readonly items: readonly Term[] }
  | { readonly id: number; readonly k: 'star'; readonly a: Term }
  /** acc: the digits read so far. */
  | { readonly id: number; readonly k: 'interval'; readonly min: bigint; readonly max: bigint; readonly digits: number; readonly acc: string };

class Terms {
  private readonly table = new Map<string, Term>();
  private readonly derivs = new Map<number, Map<number, Term>>();
  private readonly nullables = new Map<number, boolean>();
  private nextId = 0;
  readonly empty: Term = this.intern('empty', () => ({ id: this.nextId++, k: 'empty' }));
  readonly eps: Term = this.intern('eps', () => ({ id: this.nextId++, k: 'eps' }));

  private intern(key: string, make: () => Term): Term {
    let t = this.table.get(key);
    if (t === undefined) this.table.set(key, (t = make()));
    return t;
  }

  set(r: readonly Range[]): Term {
    if (r.length === 0) return this.empty;
    return this.intern(`s${r.map(([a, b]) => `${a}-${b}`).join(',')}`, () => ({ id: this.nextId++, k: 'set', r }));
  }

  seq(a: Term, b: Term): Term {
    if (a.k === 'empty' || b.k === 'empty') return this.empty;
    if (a.k === 'eps') return b;
    if (b.k === 'eps') return a;
    if (a.k === 'seq') return this.seq(a.a, this.seq(a.b, b));
    return this.intern(`q${a.id},${b.id}`, () => ({ id: this.nextId++, k: 'seq', a, b }));
  }

  or(items: readonly Term[]): Term {
    const flat = new Map<number, Term>();
    for (const t of items) {
      if (t.k === 'or') t.items.forEach((i) => flat.set(i.id, i));
      else if (t.k !== 'empty') flat.set(t.id, t);
    }
    const sorted = [...flat.values()].sort((x, y) => x.id - y.id);
    if (sorted.length === 0) return this.empty;
    if (sorted.length === 1) return sorted[0];
    return this.intern(`o${sorted.map((t) => t.id).join(',')}`, () => ({ id: this.nextId++, k: 'or', items: sorted }));
  }

  and(items: readonly Term[]): Term {
    const flat = new Map<number, Term>();
    for (const t of items) {
      if (t.k === 'empty') return this.empty;
      if (t.k === 'and') t.items.forEach((i) => flat.set(i.id, i));
      else flat.set(t.id, t);
    }
    const sorted = [...flat.values()].sort((x, y) => x.id - y.id);
    if (sorted.length === 1) return sorted[0];
    return this.intern(`a${sorted.map((t) => t.id).join(',')}`, () => ({ id: this.nextId++, k: 'and', items: sorted }));
  }

  star(a: Term): Term {
    if (a.k === 'empty' || a.k === 'eps') return this.eps;
    if (a.k === 'star') return a;
    return this.intern(`*${a.id}`, () => ({ id: this.nextId++, k: 'star', a }));
  }

  interval(min: bigint, max: bigint, digits: number, acc: string): Term {
    return this.intern(`i${min},${max},${digits},${acc}`, () => ({ id: this.nextId++, k: 'interval', min, max, digits, acc }));
  }

  fromAst(e: Ast): Term {
    switch (e.k) {
      case 'set':
        return this.set(e.r);
      case 'str':
        return [...e.s].reduceRight<Term>((t, ch) => {
          let out = t;
          for (let i = ch.length - 1; i >= 0; i--) out = this.seq(this.set([[ch.charCodeAt(i), ch.charCodeAt(i)]]), out);
          return out;
        }, this.eps);
      case 'none':
        return this.empty;
      case 'any':
        return this.star(this.set([[0, MAX_UNIT]]));
      case 'seq':
        return e.items.reduceRight<Term>((t, i) => this.seq(this.fromAst(i), t), this.eps);
      case 'or':
        return this.or(e.items.map((i) => this.fromAst(i)));
      case 'and':
        return this.and(e.items.map((i) => this.fromAst(i)));
      case 'paren':
        return this.fromAst(e.body);
      case 'interval':
        return this.interval(e.min, e.max, e.digits, '');
      case 'rep': {
        const body = this.fromAst(e.body);
        let t: Term = e.max === Infinity ? this.star(body) : this.eps;
        if (e.max !== Infinity) for (let i = e.min; i < e.max; i++) t = this.or([this.eps, this.seq(body, t)]);
        for (let i = 0; i < e.min; i++) t = this.seq(body, t);
        return t;
      }
    }
  }

  nullable(t: Term): boolean {
    let v = this.nullables.get(t.id);
    if (v !== undefined) return v;
    switch (t.k) {
      case 'empty':
      case 'set':
        v = false;
        break;
      case 'eps':
      case 'star':
        v = true;
        break;
      case 'seq':
        v = this.nullable(t.a) && this.nullable(t.b);
        break;
      case 'or':
        v = t.items.some((i) => this.nullable(i));
        break;
      case 'and':
        v = t.items.every((i) => this.nullable(i));
        break;
      case 'interval': {
        if (t.acc === '' || (t.digits > 0 && t.acc.length !== t.digits)) v = false;
        else {
          const n = BigInt(t.acc);
          v = n >= t.min && n <= t.max;
        }
        break;
      }
    }
    this.nullables.set(t.id, v);
    return v;
  }

  derive(t: Term, c: number): Term {
    let memo = this.derivs.get(t.id);
    if (memo === undefined) this.derivs.set(t.id, (memo = new Map()));
    let d = memo.get(c);
    if (d !== undefined) return d;
    switch (t.k) {
      case 'empty':
      case 'eps':
        d = this.empty;
        break;
      case 'set':
        d = t.r.some(([lo, hi]) => c >= lo && c <= hi) ? this.eps : this.empty;
        break;
      case 'seq': {
        const first = this.seq(this.derive(t.a, c), t.b);
        d = this.nullable(t.a) ? this.or([first, this.derive(t.b, c)]) : first;
        break;
      }
      case 'or':
        d = this.or(t.items.map((i) => this.derive(i, c)));
        break;
      case 'and':
        d = this.and(t.items.map((i) => this.derive(i, c)));
        break;
      case 'star':
        d = this.seq(this.derive(t.a, c), t);
        break;
      case 'interval': {
        if (c < 0x30 || c > 0x39) d = this.empty;
        else {
          const acc = t.acc + String.fromCharCode(c);
          d = this.intervalFeasible(t, acc) ? this.interval(t.min, t.max, t.digits, acc) : this.empty;
        }
        break;
      }
    }
    memo.set(c, d);
    return d;
  }

  /** Whether some continuation of the digits `acc` is in the interval. */
  private intervalFeasible(t: Extract<Term, { k: 'interval' }>, acc: string): boolean {
    if (t.digits > 0) {
      if (acc.length > t.digits) return false;
      const scale = 10n ** BigInt(t.digits - acc.length);
      const lo = BigInt(acc) * scale;
      const hi = lo + scale - 1n;
      return hi >= t.min && lo <= t.max;
    }
    // Any number of leading zeros; the value only grows as digits are appended.
    return BigInt(acc) <= t.max;
  }
}

// ---------------------------------------------------------------------------------------------------
// Segments

/** Fixed match length of an expression, or undefined when it varies. */
function fixedLength(e: Ast): number | undefined {
  switch (e.k) {
    case 'set':
      return 1;
    case 'str':
      return e.s.length;
    case 'none':
      return 0;
    case 'any':
      return undefined;
    case 'interval':
      return e.digits > 0 ? e.digits : undefined;
    case 'paren':
      return fixedLength(e.body);
    case 'seq': {
      let total = 0;
      for (const i of e.items) {
        const l = fixedLength(i);
        if (l === undefined) return undefined;
        total += l;
      }
      return total;
    }
    case 'or': {
      const ls = e.items.map(fixedLength);
      return ls.every((l) => l !== undefined && l === ls[0]) ? ls[0] : undefined;
    }
    case 'and':
      return e.items.map(fixedLength).find((l) => l !== undefined);
    case 'rep': {
      const l = fixedLength(e.body);
      if (l === 0) return 0;
      return l !== undefined && e.min === e.max ? l * e.min : undefined;
    }
  }
}

/** The fixed-length prefix of a sequence of items (X+ gives X, X{n,m} gives X{n}). */
function fixedPrefix(items: readonly Ast[]): { prefix: Ast[]; whole: boolean } {
  const prefix: Ast[] = [];
  for (const item of items) {
    if (fixedLength(item) !== undefined) {
      prefix.push(item);
      continue;
    }
    if (item.k === 'rep' && item.min > 0 && fixedLength(item.body) !== undefined)
      prefix.push({ k: 'rep', body: item.body, min: item.min, max: item.min });
    return { prefix, whole: false };
  }
  return { prefix, whole: true };
}

interface Segment {
  readonly group: boolean;
  readonly term: Term;
  readonly items: readonly Ast[];
}

interface Delimiter {
  readonly term: Term;
  readonly length: number;
  /** The delimiter runs to the end of the pattern: it must end the input. */
  readonly atEnd: boolean;
}

/** The columns (groups) of a FAST_REGEX_LOG_PARSE pattern and its matcher. */
export interface FastRegexMatcher {
  readonly groupCount: number;
  /** The group texts, or null when the input is not entirely accounted for. */
  match(input: string): string[] | null;
}

export function compileFastRegex(pattern: string): FastRegexMatcher {
  const ast = new FastRegexParser(pattern).parse();
  if (ast.k === 'or' || ast.k === 'and')
    throw new FastRegexSyntaxError(pattern, 0, 'the pattern must be a concatenation at the top level (put alternatives inside parentheses)');
  const top = ast.k === 'seq' ? ast.items : [ast];
  const terms = new Terms();

  const segments: Segment[] = [];
  let run: Ast[] = [];
  const flush = (): void => {
    if (run.length > 0) segments.push({ group: false, items: run, term: terms.fromAst({ k: 'seq', items: run }) });
    run = [];
  };
  for (const item of top) {
    if (item.k === 'paren') {
      flush();
      const body = item.body;
      const items = body.k === 'seq' ? body.items : [body];
      segments.push({ group: true, items, term: terms.fromAst(body) });
    } else {
      if (item.k === 'rep' && item.body.k === 'paren')
        throw new FastRegexSyntaxError(pattern, 0, 'a quantified parenthesised expression cannot be a column (nest it inside a group)');
      run.push(item);
    }
  }
  flush();

  const delimiters: Delimiter[] = segments.map((_, i) => {
    const parts: Ast[] = [];
    let atEnd = true;
    for (let j = i + 1; j < segments.length; j++) {
      const { prefix, whole } = fixedPrefix(segments[j].items);
      parts.push(...prefix);
      if (!whole) {
        atEnd = false;
        break;
      }
    }
    const seq: Ast = { k: 'seq', items: parts };
    return { term: terms.fromAst(seq), length: fixedLength(seq) ?? 0, atEnd };
  });

  const delimiterAt = (d: Delimiter, input: string, e: number): boolean => {
    if (e + d.length > input.length || (d.atEnd && e + d.length !== input.length)) return false;
    let t = d.term;
    for (let i = e; i < e + d.length && t.k !== 'empty'; i++) t = terms.derive(t, input.charCodeAt(i));
    return terms.nullable(t);
  };

  const groupCount = segments.filter((s) => s.group).length;
  return {
    groupCount,
    match(input: string): string[] | null {
      const out: string[] = [];
      let start = 0;
      for (const [i, seg] of segments.entries()) {
        const last = i === segments.length - 1;
        let end = -1;
        let t = seg.term;
        for (let e = start; ; e++) {
          if (terms.nullable(t) && (last ? e === input.length : delimiterAt(delimiters[i], input, e))) {
            end = e;
            if (seg.group) break; // lazy
          }
          if (e === input.length) break;
          t = terms.derive(t, input.charCodeAt(e));
          if (t.k === 'empty') break;
        }
        if (end < 0) return null;
        if (seg.group) out.push(input.slice(start, end));
        start = end;
      }
      return out;
    },
  };
}
