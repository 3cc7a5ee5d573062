/**
 * The JSONPath subset Kinesis Data Analytics accepts in `RecordRowPath` and in a column's `Mapping`
 * (dev/about-json-path):
 *
 *   $                 the root (for a column: the row's element)
 *   .name             a member, case-sensitive (`$.Name` does not match `name`)
 *   ['name'] ["name"] a member whose name needs quoting (dots, brackets, spaces...)
 *   [n]               the n-th element of an array (0-based)
 *   [0:]              every element of an array: the array as one value at the end of a column
 *                     mapping, or "flattening" (one row per element) when more path follows
 *
 * "Currently, the only index expression supported is `0:`" (dev/about-json-path): `[n]` is accepted
 * as an extension (UNCONFIRMED against the service); `[*]`, `[1:]`, `..` and filters are rejected.
 */

import { isJsonArray, isJsonObject } from './json';
import type { JsonValue } from './json';

export type PathSegment =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' };

export interface JsonPath {
  /** The path as written. */
  readonly text: string;
  readonly segments: readonly PathSegment[];
}

export class JsonPathSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'JsonPathSyntaxError';
  }
}

/** Parse a path such as `$.orders[0:].orderId`. Throws JsonPathSyntaxError. */
export function parseJsonPath(text: string): JsonPath {
  if (!text.startsWith('$')) throw new JsonPathSyntaxError("A path must start with '$'", 0);
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '.') throw new JsonPathSyntaxError("Deep scan '..' is not supported", i);
      let j = i + 1;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      const name = text.slice(i + 1, j);
      if (name === '') throw new JsonPathSyntaxError("Expected a member name after '.'", i + 1);
      if (name === '*') throw new JsonPathSyntaxError("Wildcard '*' is not supported", i + 1);
      segments.push({ kind: 'member', name });
      i = j;
    } else if (c === '[') {
      const q = text[i + 1];
      if (q === "'" || q === '"') {
        let j = i + 2;
        let name = '';
        for (;;) {
          if (j >= text.length) throw new JsonPathSyntaxError('Unterminated quoted member name', i + 1);
          const d = text[j] as string;
          if (d === '\\') {
            if (j + 1 >= text.length) throw new JsonPathSyntaxError('Unterminated quoted member name', i + 1);
            name += text[j + 1];
            j += 2;
            continue;
          }
          if (d === q) break;
          name += d;
          j++;
        }
        if (text[j + 1] !== ']') throw new JsonPathSyntaxError(`Expected ']' after the quoted member name`, j + 1);
        segments.push({ kind: 'member', name });
        i = j + 2;
        continue;
      }
      const close = text.indexOf(']', i);
      if (close === -1) throw new JsonPathSyntaxError("Unterminated '['", i);
      const inner = text.slice(i + 1, close);
      if (inner === '0:') segments.push({ kind: 'all' });
      else if (/^(?:0|[1-9]\d{0,8})$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else throw new JsonPathSyntaxError(`Unsupported array index expression '[${inner}]': only [0:] and [n] are supported`, i);
      i = close + 1;
    } else {
      throw new JsonPathSyntaxError(`Unexpected character '${c}'`, i);
    }
  }
  return { text, segments };
}

/** How discovery writes a member: dot notation when the name needs no quoting. */
const PLAIN_NAME = /^[^.[\]'"\\\s\u0000-\u001f]+$/u;

/** The canonical text of a path (dot notation where possible, `['...']` otherwise). */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const s of segments) {
    if (s.kind === 'member') {
      out += PLAIN_NAME.test(s.name) && s.name !== '*' ? `.${s.name}` : `['${s.name.replace(/[\\']/g, (m) => `\\${m}`)}']`;
    } else if (s.kind === 'index') {
      out += `[${s.index}]`;
    } else {
      out += '[0:]';
    }
  }
  return out;
}

/** Index of the first `[0:]`, or -1. */
export function firstAllIndex(segments: readonly PathSegment[]): number {
  return segments.findIndex((s) => s.kind === 'all');
}

/** Two segment lists are the same path (member names compared case-sensitively). */
export function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((s, i) => {
    const t = b[i] as PathSegment;
    if (s.kind !== t.kind) return false;
    if (s.kind === 'member') return s.name === (t as { name: string }).name;
    if (s.kind === 'index') return s.index === (t as { index: number }).index;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Evaluation over parsed records.

/**
 * Follow a path to one value; `undefined` when nothing is there (a missing member, an index past the
 * end, a member of a non-object). A `[0:]` selects the array itself and may only be the last segment
 * (callers split flattening paths first); on a non-array it matches nothing.
 */
export function selectOne(root: JsonValue, segments: readonly PathSegment[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (let i = 0; i < segments.length && current !== undefined; i++) {
    const s = segments[i] as PathSegment;
    if (s.kind === 'member') current = isJsonObject(current) ? current.get(s.name) : undefined;
    else if (s.kind === 'index') current = isJsonArray(current) ? current[s.index] : undefined;
    else {
      if (i !== segments.length - 1) throw new Error('selectOne: [0:] must be the last segment');
      current = isJsonArray(current) ? current : undefined;
    }
  }
  return current;
}

/** Follow a path, producing one value per element at every `[0:]` (RecordRowPath semantics). */
export function selectAll(root: JsonValue, segments: readonly PathSegment[]): JsonValue[] {
  let current: JsonValue[] = [root];
  for (const s of segments) {
    const next: JsonValue[] = [];
    for (const v of current) {
      if (s.kind === 'member') {
        if (isJsonObject(v) && v.has(s.name)) next.push(v.get(s.name) as JsonValue);
      } else if (s.kind === 'index') {
        if (isJsonArray(v) && s.index < v.length) next.push(v[s.index] as JsonValue);
      } else if (isJsonArray(v)) {
        next.push(...v);
      }
    }
    current = next;
  }
  return current;
}
