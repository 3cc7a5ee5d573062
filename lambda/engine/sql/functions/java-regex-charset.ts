/**
 * Character sets for the Java → ECMAScript regular expression translator (java-regex.ts).
 *
 * A Java character class is built from code point ranges (literals, ranges, \d \w \s \h \v and the
 * ASCII POSIX classes), Unicode properties (\p{L}, \p{IsAlphabetic}, \p{script=Latin}, ...), union
 * (juxtaposition or nesting), intersection (&&) and complement ([^...]). Range-only sets are computed
 * exactly here; sets mixing properties with intersection or nested complement are emitted with the
 * ECMAScript `v` flag's set notation, everything else as a flat `u`-flag class.
 */

export const MAX_CODE_POINT = 0x10ffff;

/** Inclusive code point range. */
export type CodeRange = readonly [number, number];

export type CharSet =
  | { readonly k: 'ranges'; readonly r: readonly CodeRange[] }
  /** An ECMAScript property escape body (`L`, `Script=Latin`, `Alphabetic`), negated for \P. */
  | { readonly k: 'prop'; readonly p: string; readonly neg: boolean }
  | { readonly k: 'union'; readonly items: readonly CharSet[] }
  | { readonly k: 'inter'; readonly items: readonly CharSet[] }
  | { readonly k: 'not'; readonly item: CharSet };

function normalizeRanges(input: readonly CodeRange[]): CodeRange[] {
  const sorted = [...input].filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complementRanges(r: readonly CodeRange[]): CodeRange[] {
  const out: CodeRange[] = [];
  let next = 0;
  for (const [lo, hi] of r) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function intersectRanges(a: readonly CodeRange[], b: readonly CodeRange[]): CodeRange[] {
  const out: CodeRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

export function ranges(...pairs: (number | CodeRange)[]): CharSet {
  return { k: 'ranges', r: normalizeRanges(pairs.map((p) => (typeof p === 'number' ? ([p, p] as const) : p))) };
}

export function prop(p: string, neg = false): CharSet {
  return { k: 'prop', p, neg };
}

export const NOTHING: CharSet = { k: 'ranges', r: [] };
export const EVERYTHING: CharSet = { k: 'ranges', r: [[0, MAX_CODE_POINT]] };

export function union(...items: CharSet[]): CharSet {
  const flat: CharSet[] = [];
  const rs: CodeRange[] = [];
  const visit = (s: CharSet): void => {
    if (s.k === 'union') s.items.forEach(visit);
    else if (s.k === 'ranges') rs.push(...s.r);
    else flat.push(s);
  };
  items.forEach(visit);
  const merged = normalizeRanges(rs);
  if (flat.length === 0) return { k: 'ranges', r: merged };
  if (merged.length === 1 && merged[0][0] === 0 && merged[0][1] === MAX_CODE_POINT) return EVERYTHING;
  const out = merged.length > 0 ? [{ k: 'ranges', r: merged } as CharSet, ...flat] : flat;
  return out.length === 1 ? out[0] : { k: 'union', items: out };
}

export function inter(...items: CharSet[]): CharSet {
  const flat: CharSet[] = [];
  let rs: CodeRange[] | undefined;
  const visit = (s: CharSet): void => {
    if (s.k === 'inter') s.items.forEach(visit);
    else if (s.k === 'ranges') rs = rs === undefined ? [...s.r] : intersectRanges(rs, s.r);
    else flat.push(s);
  };
  items.forEach(visit);
  if (rs !== undefined && rs.length === 0) return NOTHING;
  if (flat.length === 0) return rs === undefined ? EVERYTHING : { k: 'ranges', r: rs };
  const isAll = rs !== undefined && rs.length === 1 && rs[0][0] === 0 && rs[0][1] === MAX_CODE_POINT;
  const out = rs !== undefined && !isAll ? [{ k: 'ranges', r: rs } as CharSet, ...flat] : flat;
  return out.length === 1 ? out[0] : { k: 'inter', items: out };
}

export function not(s: CharSet): CharSet {
  switch (s.k) {
    case 'ranges':
      return { k: 'ranges', r: complementRanges(s.r) };
    case 'prop':
      return { k: 'prop', p: s.p, neg: !s.neg };
    case 'not':
      return s.item;
    default:
      return { k: 'not', item: s };
  }
}

/** ASCII case-insensitive closure (Java's default CASE_INSENSITIVE): adds the other case of ASCII letters. */
export function asciiCaseClosure(s: CharSet): CharSet {
  if (s.k !== 'ranges') return s;
  const extra: CodeRange[] = [];
  for (const [lo, hi] of s.r) {
    const up = intersectRanges([[lo, hi]], [[0x41, 0x5a]]);
    const low = intersectRanges([[lo, hi]], [[0x61, 0x7a]]);
    for (const [a, b] of up) extra.push([a + 32, b + 32]);
    for (const [a, b] of low) extra.push([a - 32, b - 32]);
  }
  return extra.length === 0 ? s : union(s, { k: 'ranges', r: extra });
}

// ---------------------------------------------------------------------------------------------------
// Emission

/** A class member: ASCII letters and digits as themselves, anything else as \u{...} (valid under u and v). */
function hex(cp: number): string {
  const alnum = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return alnum ? String.fromCharCode(cp) : `\\u{${cp.toString(16).toUpperCase()}}`;
}

function emitRangeItems(r: readonly CodeRange[]): string {
  return r.map(([lo, hi]) => (lo === hi ? hex(lo) : hi === lo + 1 ? hex(lo) + hex(hi) : `${hex(lo)}-${hex(hi)}`)).join('');
}

function emitProp(s: { p: string; neg: boolean }): string {
  return `\\${s.neg ? 'P' : 'p'}{${s.p}}`;
}

/** Items of a union of ranges and properties (the only shape a `u`-flag class can hold), else undefined. */
function flatItems(s: CharSet): CharSet[] | undefined {
  if (s.k === 'ranges' || s.k === 'prop') return [s];
  if (s.k === 'union' && s.items.every((i) => i.k === 'ranges' || i.k === 'prop')) return [...s.items];
  return undefined;
}

function emitFlat(items: readonly CharSet[]): string {
  return items.map((i) => (i.k === 'ranges' ? emitRangeItems(i.r) : emitProp(i as { p: string; neg: boolean }))).join('');
}

/** Whether the set needs the `v` flag's nested class / intersection syntax. */
export function needsUnicodeSets(s: CharSet): boolean {
  if (flatItems(s) !== undefined) return false;
  return !(s.k === 'not' && flatItems(s.item) !== undefined);
}

function isAll(r: readonly CodeRange[]): boolean {
  return r.length === 1 && r[0][0] === 0 && r[0][1] === MAX_CODE_POINT;
}

/** A class expression for the set, valid under the `u` flag when !needsUnicodeSets(s), else under `v`. */
export function emitCharSet(s: CharSet, v: boolean): string {
  if (s.k === 'ranges') {
    if (s.r.length === 0) return '[]';
    if (isAll(s.r)) return '[^]';
    if (s.r.length === 1 && s.r[0][0] === s.r[0][1]) return `[${hex(s.r[0][0])}]`;
    const comp = complementRanges(s.r);
    // A complement that is much smaller (".", \W, \S) reads better negated.
    if (comp.length < s.r.length) return `[^${emitRangeItems(comp)}]`;
    return `[${emitRangeItems(s.r)}]`;
  }
  if (s.k === 'prop') return emitProp(s);
  const flat = flatItems(s);
  if (flat !== undefined) return `[${emitFlat(flat)}]`;
  if (s.k === 'not') {
    const inner = flatItems(s.item);
    if (inner !== undefined) return `[^${emitFlat(inner)}]`;
  }
  if (!v) throw new Error('internal: character set needs the v flag');
  return emitV(s);
}

function emitV(s: CharSet): string {
  switch (s.k) {
    case 'ranges':
      return s.r.length === 0 ? '[]' : `[${emitRangeItems(s.r)}]`;
    case 'prop':
      return `[${emitProp(s)}]`;
    case 'union':
      return `[${s.items.map(emitV).join('')}]`;
    case 'inter':
      return `[${s.items.map(emitV).join('&&')}]`;
    case 'not':
      return `[^${emitV(s.item)}]`;
  }
}
