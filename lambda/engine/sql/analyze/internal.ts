/**
 * What the compiler builds for every node before it is wrapped into a CompiledExpression, and the
 * helpers shared by compile.ts and functions.ts. Not exported from index.ts.
 */
import type { SourcePos } from '../syntax/ast';
import { canCast, castValue } from '../functions/cast';
import { SqlRuntimeError, SqlTypeError } from '../functions/numeric';
import { intervalType } from '../functions/datetime';
import type { SqlType, SqlValue } from '../types';
import { SqlAnalysisError, typeName } from './errors';
import type { RowValues } from './scope';
import { sameRepresentation, withNullable } from './typing';

export type Eval = (rv: RowValues) => SqlValue;

/** A compiled node: its static type and its evaluator. */
export interface Node {
  readonly type: SqlType;
  readonly ev: Eval;
  /** A bare NULL literal: its type is a placeholder until the context gives it one (see typedNull). */
  readonly untypedNull?: true;
  /** Set when the value is known at analysis time (literals, typed NULLs): patterns and formats compile once. */
  readonly constant?: { readonly value: SqlValue };
}

interface Located {
  readonly pos: SourcePos;
  readonly end: number;
}

export function fail(at: Located, detail: string, candidates?: readonly string[]): never {
  throw new SqlAnalysisError(detail, at.pos, { length: Math.max(1, at.end - at.pos.offset), ...(candidates !== undefined && { candidates }) });
}

/** Runs a type rule of the functions modules, turning its SqlTypeError into a positioned SqlAnalysisError. */
export function guard<T>(at: Located, rule: () => T): T {
  try {
    return rule();
  } catch (e) {
    if (e instanceof SqlTypeError) fail(at, e.message);
    throw e;
  }
}

/**
 * Compiles a pattern or format given as a literal, turning the module's error (which would be a
 * per-row error for a non-constant argument) into a positioned SqlAnalysisError.
 */
export function compileConstant<T>(at: Located, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof SqlAnalysisError) throw e;
    if (e instanceof Error) fail(at, e.message);
    throw e;
  }
}

/** The default placeholder type of a bare NULL (replaced by the context's type whenever there is one). */
const NULL_PLACEHOLDER: SqlType = { name: 'VARCHAR', nullable: true };

export function nullNode(): Node {
  return { type: NULL_PLACEHOLDER, ev: () => null, untypedNull: true, constant: { value: null } };
}

/** A NULL of the given type. */
export function typedNull(type: SqlType): Node {
  return { type: withNullable(type, true), ev: () => null, constant: { value: null } };
}

export const DAY_TO_SECOND: SqlType = intervalType({ start: 'DAY', end: 'SECOND' });

/**
 * The node converted to `to` (assignment of a CASE branch, COALESCE argument... to their common
 * type): no conversion when the representation is the same, else CAST semantics per row.
 */
export function coerce(node: Node, to: SqlType): Node {
  if (node.untypedNull) return typedNull(to);
  const from = node.type;
  const target = withNullable(to, to.nullable || from.nullable);
  if (sameRepresentation(from, to)) return { ...node, type: target };
  if (!canCast(from, to)) throw new SqlTypeError(`Cannot convert ${typeName(from)} to ${typeName(to)}`);
  const ev = node.ev;
  return { type: target, ev: (rv) => castValue(ev(rv), from, to) };
}

/** Turns an error a library throws for a bad per-row argument (RangeError, regex or format errors) into the SqlRuntimeError the runtime routes to error_stream. */
export function asRuntimeError(e: unknown, name: 'INVALID_ARGUMENT' | 'INVALID_REGULAR_EXPRESSION'): unknown {
  if (e instanceof SqlRuntimeError) return e;
  if (e instanceof Error) return new SqlRuntimeError(name, e.message);
  return e;
}

/** A small per-call-site cache for patterns and formats that arrive as row values. */
export function memo<T>(build: (key: string) => T, limit = 64): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = build(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };
}
