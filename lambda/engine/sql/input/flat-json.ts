/**
 * The record mapper's fast path for the common JSON schema: RecordRowPath `$` and every column mapped
 * to one member of the record (`$.name` / `$['name']`), no arrays. It reads the record with a scanner
 * that accepts only a subset of JSON — one object whose member values are strings without escapes,
 * numbers, `true`, `false` or `null` — and gives exactly the values ./json.ts would give for it: the
 * same strings (slices of the text), numbers as their source text, and for a repeated member its last
 * value (a JSON object keeps the last value, ./json.ts). Anything outside the subset (a nested value, an
 * escape, a syntax error, a root that is not an object) is not read: `scanFlatRecord` returns false and
 * the mapper takes the exact path (./json.ts, ./json-path.ts), so results, error messages and error
 * positions are those of the exact path by construction.
 *
 * Values are left in preallocated slot arrays (kind, start and end in the text, and for a plain
 * integer of at most 15 digits its value), and columns are coerced from them by precompiled coercers
 * that fall back to `coerceValue` (./coerce.ts) for anything but the cheap common cases, with the
 * JsonValue the exact parser would have produced.
 */
import { INTEGER_RANGES } from '../types';
import type { SqlType, SqlValue } from '../types';
import { coerceValue } from './coerce';
import type { Coercion } from './coerce';
import type { InputColumn, ParsedInputSchema } from './input-schema';
import { JsonNumber } from './json';
import type { JsonValue } from './json';

export const MISSING = 0;
export const STRING = 1;
export const NUMBER = 2;
export const TRUE = 3;
export const FALSE = 4;
export const NULL = 5;

/** The JSON members the columns read, and where each column reads (-1: never a value). */
export interface FlatPlan {
  /** Distinct member names, one slot each. */
  readonly names: readonly string[];
  /** Per column: its slot, or -1 for a column without a selector. */
  readonly columnSlots: readonly number[];
}

/** The plan when the schema is the common case (RecordRowPath `$`, each Mapping one member), else undefined. */
export function flatPlan(schema: ParsedInputSchema): FlatPlan | undefined {
  if (schema.format.type !== 'JSON' || schema.format.recordRowPath.segments.length !== 0 || schema.flattenedArray !== undefined) return undefined;
  const names: string[] = [];
  const columnSlots: number[] = [];
  for (const column of schema.columns) {
    const selector = column.selector;
    if (selector === undefined) {
      columnSlots.push(-1);
      continue;
    }
    if (selector.kind !== 'plain' || selector.segments.length !== 1) return undefined;
    const segment = selector.segments[0]!;
    if (segment.kind !== 'member') return undefined;
    let slot = names.indexOf(segment.name);
    if (slot === -1) slot = names.push(segment.name) - 1;
    columnSlots.push(slot);
  }
  return { names, columnSlots };
}

/** What one scan leaves: per slot, the kind of its last value and its text span. Reused across records. */
export class FlatScanner {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** NUMBER: 1 when written as an integer of at most 15 digits (no fraction, no exponent). */
  readonly simple: Uint8Array;
  /** NUMBER with simple = 1: its value (-0 for `-0`). */
  readonly ints: Float64Array;
  /** Slots by member name length: names[slot].length === length for every slot in byLength[length]. */
  private readonly byLength: (number[] | undefined)[] = [];

  constructor(readonly names: readonly string[]) {
    const n = names.length;
    this.kinds = new Uint8Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.simple = new Uint8Array(n);
    this.ints = new Float64Array(n);
    names.forEach((name, slot) => {
      (this.byLength[name.length] ??= []).push(slot);
    });
  }

  /** The slot of the member name text[start, end) (no escapes in it), or -1. */
  private slotOf(text: string, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return -1;
    for (let i = 0; i < candidates.length; i++) {
      const slot = candidates[i]!;
      if (text.startsWith(this.names[slot]!, start)) return slot;
    }
    return -1;
  }

  /**
   * Read `text` (from `from`, past a byte order mark) when it is in the subset; false when it is not
   * (the slots are then meaningless). Whitespace is JSON's four characters, as ./json.ts skips.
   */
  scan(text: string, from: number): boolean {
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) kinds[i] = MISSING;
    const n = text.length;
    let p = skipWhitespace(text, from);
    if (text.charCodeAt(p) !== 0x7b) return false; // {
    p = skipWhitespace(text, p + 1);
    if (text.charCodeAt(p) === 0x7d) return skipWhitespace(text, p + 1) === n; // }
    for (;;) {
      if (text.charCodeAt(p) !== 0x22) return false;
      const keyStart = ++p;
      for (;;) {
        const c = text.charCodeAt(p); // NaN past the end
        if (c === 0x22) break;
        if (c === 0x5c || c < 0x20 || p >= n) return false; // an escape, a control character, the end
        p++;
      }
      const slot = this.slotOf(text, keyStart, p);
      p = skipWhitespace(text, p + 1);
      if (text.charCodeAt(p) !== 0x3a) return false; // :
      p = skipWhitespace(text, p + 1);
      const c = text.charCodeAt(p);
      let kind: number;
      const start = p;
      if (c === 0x22) {
        // "
        p++;
        for (;;) {
          const d = text.charCodeAt(p);
          if (d === 0x22) break;
          if (d === 0x5c || d < 0x20 || p >= n) return false;
          p++;
        }
        if (slot !== -1) {
          kinds[slot] = STRING;
          this.starts[slot] = start + 1;
          this.ends[slot] = p;
        }
        p++;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? — as ./json.ts's NUMBER matches it
        let d = c;
        if (d === 0x2d) d = text.charCodeAt(++p);
        let value = 0;
        let isSimple = 1;
        if (d === 0x30) d = text.charCodeAt(++p);
        else if (d >= 0x31 && d <= 0x39) {
          const digitsStart = p;
          do {
            value = value * 10 + (d - 0x30);
            d = text.charCodeAt(++p);
          } while (d >= 0x30 && d <= 0x39);
          if (p - digitsStart > 15) isSimple = 0;
        } else return false;
        if (d === 0x2e) {
          // .
          isSimple = 0;
          d = text.charCodeAt(++p);
          if (!(d >= 0x30 && d <= 0x39)) return false;
          do d = text.charCodeAt(++p);
          while (d >= 0x30 && d <= 0x39);
        }
        if (d === 0x65 || d === 0x45) {
          // e E
          isSimple = 0;
          d = text.charCodeAt(++p);
          if (d === 0x2b || d === 0x2d) d = text.charCodeAt(++p);
          if (!(d >= 0x30 && d <= 0x39)) return false;
          do d = text.charCodeAt(++p);
          while (d >= 0x30 && d <= 0x39);
        }
        if (slot !== -1) {
          kinds[slot] = NUMBER;
          this.starts[slot] = start;
          this.ends[slot] = p;
          this.simple[slot] = isSimple;
          this.ints[slot] = c === 0x2d ? -value : value;
        }
      } else {
        if (c === 0x74 && text.startsWith('true', p)) kind = TRUE;
        else if (c === 0x66 && text.startsWith('false', p)) kind = FALSE;
        else if (c === 0x6e && text.startsWith('null', p)) kind = NULL;
        else return false; // a nested value, or not JSON
        p += kind === FALSE ? 5 : 4;
        if (slot !== -1) kinds[slot] = kind;
      }
      p = skipWhitespace(text, p);
      const e = text.charCodeAt(p);
      if (e === 0x2c) {
        // ,
        p = skipWhitespace(text, p + 1);
        continue;
      }
      if (e === 0x7d) return skipWhitespace(text, p + 1) === n; // }
      return false;
    }
  }

  /** The JsonValue the exact parser gives for a slot (undefined: missing). */
  jsonValue(text: string, slot: number): JsonValue | undefined {
    switch (this.kinds[slot]) {
      case STRING:
        return text.slice(this.starts[slot], this.ends[slot]);
      case NUMBER:
        return new JsonNumber(text.slice(this.starts[slot], this.ends[slot]));
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      default:
        return undefined;
    }
  }
}

function skipWhitespace(text: string, p: number): number {
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else return p;
  }
}

/** Returned by a column coercer when the value cannot be coerced; the reason is then `coerceValue`'s. */
export const FAILED: unique symbol = Symbol('coercion failed');

/** A column's coercion from a scanned slot: the value, or FAILED. */
export type SlotCoercer = (scanner: FlatScanner, text: string, slot: number) => SqlValue | typeof FAILED;

/** The exact coercion (./coerce.ts) of the slot's JsonValue: the reference every fast case must agree with. */
export function exactCoercion(scanner: FlatScanner, text: string, slot: number, type: SqlType): Coercion {
  return coerceValue(slot === -1 ? undefined : scanner.jsonValue(text, slot), type);
}

/** A coercer for `type` with cheap cases for the common ones and coerceValue for the rest. */
export function slotCoercer(type: SqlType): SlotCoercer {
  const generic: SlotCoercer = (scanner, text, slot) => {
    const result = coerceValue(scanner.jsonValue(text, slot), type);
    return result.ok ? result.value : FAILED;
  };
  const length = type.length;
  switch (type.name) {
    case 'VARCHAR':
      return (scanner, text, slot) => {
        const kind = scanner.kinds[slot];
        if (kind === STRING || kind === NUMBER) {
          // a string as is, a number as written; truncated to the length
          const start = scanner.starts[slot]!;
          const end = scanner.ends[slot]!;
          return text.slice(start, length !== undefined && end - start > length ? start + length : end);
        }
        if (kind === MISSING || kind === NULL) return null;
        return generic(scanner, text, slot);
      };
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT': {
      const { min, max } = INTEGER_RANGES[type.name];
      return (scanner, text, slot) => {
        const kind = scanner.kinds[slot];
        if (kind === NUMBER && scanner.simple[slot] === 1) {
          const value = scanner.ints[slot]!;
          if (value >= min && value <= max) return value + 0; // -0 is 0
        } else if (kind === MISSING || kind === NULL) return null;
        return generic(scanner, text, slot);
      };
    }
    case 'BIGINT':
      return (scanner, text, slot) => {
        const kind = scanner.kinds[slot];
        if (kind === NUMBER && scanner.simple[slot] === 1) return BigInt(scanner.ints[slot]!); // 15 digits fit
        if (kind === MISSING || kind === NULL) return null;
        return generic(scanner, text, slot);
      };
    case 'DOUBLE':
      return (scanner, text, slot) => {
        const kind = scanner.kinds[slot];
        if (kind === NUMBER) {
          // Number(text) as coerce.ts's toFloat; a simple integer is exact in a double (-0 stays -0)
          const value = scanner.simple[slot] === 1 ? scanner.ints[slot]! : Number(text.slice(scanner.starts[slot], scanner.ends[slot]));
          if (Number.isFinite(value)) return value;
        } else if (kind === MISSING || kind === NULL) return null;
        return generic(scanner, text, slot);
      };
    case 'BOOLEAN':
      return (scanner, text, slot) => {
        const kind = scanner.kinds[slot];
        if (kind === TRUE) return true;
        if (kind === FALSE) return false;
        if (kind === MISSING || kind === NULL) return null;
        return generic(scanner, text, slot);
      };
    default:
      return (scanner, text, slot) => {
        const kind = scanner.kinds[slot];
        if (kind === MISSING || kind === NULL) return null;
        return generic(scanner, text, slot);
      };
  }
}

/** A row with own properties in schema order, as Object.fromEntries makes it (a column named __proto__ is an own property). */
export function rowFactory(columns: readonly InputColumn[]): (values: readonly SqlValue[]) => Readonly<Record<string, SqlValue>> {
  const names = columns.map((c) => c.name);
  if (names.includes('__proto__')) return (values) => Object.fromEntries(names.map((name, i) => [name, values[i] as SqlValue]));
  return (values) => {
    const row: Record<string, SqlValue> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i] as SqlValue;
    return row;
  };
}
