/**
 * KDA's window forms, recognised in the syntax tree and written as Flink window clauses:
 * - a tumbling GROUP BY key (kda-sql.md §1 "Tumbling") → the TUMBLE TVF's size (and offset);
 * - a sliding `OVER` window (§1 "Sliding") → an OVER window ordered by the time attribute;
 * - a join side's `OVER (RANGE ...)` window (§1 "Joins") → the bounds of an interval join.
 */
import { syntaxKey } from '../analyze/aggregates';
import type { Expr, FrameBound, Identifier, WindowDef, WindowFrame, WindowRef } from '../syntax/ast';
import { noFlinkEquivalent } from './errors';
import { intervalText } from './expressions';

/** A tumbling window: TUMBLE(..., size[, offset]). */
export interface Tumble {
  readonly size: string;
  readonly offset?: string;
}

const FIXED_UNITS: ReadonlySet<string> = new Set(['SECOND', 'MINUTE', 'HOUR', 'DAY']);
const UNIT_MS: Readonly<Record<string, number>> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

export const isRowtime = (e: Expr): boolean => e.kind === 'ColumnRef' && (e.parts[e.parts.length - 1] as Identifier).name === 'ROWTIME';

/** The argument of MONOTONIC(e), or undefined. */
export function unwrapMonotonic(e: Expr): Expr | undefined {
  if (e.kind !== 'FunctionCall' || e.name.parts.length !== 1 || (e.name.parts[0] as Identifier).name !== 'MONOTONIC') return undefined;
  return e.args[0];
}

/**
 * The tumbling window a GROUP BY key stands for: STEP(ROWTIME BY INTERVAL ...), FLOOR(ROWTIME TO
 * unit), FLOOR((ROWTIME - TIMESTAMP 'origin') unit / n TO unit), each optionally inside MONOTONIC.
 */
export function tumbleOf(key: Expr): Tumble | undefined {
  const e = unwrapMonotonic(key) ?? key;
  if (e.kind === 'Step' && isRowtime(e.operand) && e.step.kind === 'IntervalLiteral' && e.step.value.family === 'DAY_TIME' && e.step.value.amount > 0) {
    return { size: intervalText(e.step) };
  }
  if (e.kind !== 'FloorCeil' || e.fn !== 'FLOOR' || e.unit === undefined || !FIXED_UNITS.has(e.unit)) return undefined;
  if (isRowtime(e.operand)) return { size: `INTERVAL '1' ${e.unit}` };
  const div = e.operand;
  if (div.kind !== 'BinaryOp' || div.op !== '/' || div.right.kind !== 'NumericLiteral' || div.left.kind !== 'IntervalQualified') return undefined;
  const n = Number(div.right.text);
  const unit = div.left.qualifier.to ?? div.left.qualifier.from;
  const diff = div.left.operand;
  if (!Number.isInteger(n) || n <= 0 || unit !== e.unit) return undefined;
  if (diff.kind !== 'BinaryOp' || diff.op !== '-' || !isRowtime(diff.left) || diff.right.kind !== 'DatetimeLiteral' || diff.right.type !== 'TIMESTAMP') return undefined;
  const sizeMs = n * (UNIT_MS[unit] as number);
  const offsetMs = ((diff.right.value % sizeMs) + sizeMs) % sizeMs;
  const size = `INTERVAL '${n}' ${unit}`;
  return offsetMs === 0 ? { size } : { size, offset: `INTERVAL '${offsetMs / 1000}' SECOND` };
}

export const sameTumble = (a: Tumble, b: Tumble): boolean => a.size === b.size && a.offset === b.offset;

/** A window as KDA resolves it: its PARTITION BY and frame, after following named windows. */
export interface ResolvedWindow {
  readonly partitionBy: readonly Expr[];
  readonly frame: WindowFrame;
  /** The WINDOW clause name, when the reference is a bare `OVER name`. */
  readonly name?: string;
  /** Equal for windows Flink would see as the same. */
  readonly key: string;
}

export function resolveWindow(ref: WindowRef, defs: readonly WindowDef[]): ResolvedWindow {
  if (ref.kind === 'NamedWindowRef') {
    const def = findDef(ref.name, defs);
    return { ...resolveWindow(def.spec, defs), name: ref.name.name };
  }
  let partitionBy = ref.partitionBy;
  let frame = ref.frame;
  if (ref.base !== undefined) {
    const base = resolveWindow(findDef(ref.base, defs).spec, defs);
    if (partitionBy.length === 0) partitionBy = base.partitionBy;
    frame = frame ?? base.frame;
  }
  if (frame === undefined) throw noFlinkEquivalent(ref, 'A window without a frame', "write RANGE INTERVAL 'n' unit PRECEDING or ROWS n PRECEDING");
  return { partitionBy, frame, key: `${partitionBy.map(syntaxKey).join(',')}|${syntaxKey(frame)}` };
}

function findDef(name: Identifier, defs: readonly WindowDef[]): WindowDef {
  const def = defs.find((d) => d.name.name === name.name);
  // The engine has already rejected unknown window names.
  if (def === undefined) throw noFlinkEquivalent(name, `The window ${name.name}`, 'it is not defined');
  return def;
}

/** `RANGE BETWEEN INTERVAL '2' MINUTE PRECEDING AND CURRENT ROW` / `ROWS BETWEEN 5 PRECEDING AND CURRENT ROW`. */
export function frameText(frame: WindowFrame): string {
  if (frame.to !== undefined && frame.to.bound !== 'CURRENT_ROW') throw noFlinkEquivalent(frame.to, 'A frame that does not end at the current row');
  return `${frame.unit} BETWEEN ${boundText(frame.from)} AND CURRENT ROW`;
}

function boundText(b: FrameBound): string {
  if (b.bound === 'CURRENT_ROW') return 'CURRENT ROW';
  if (b.bound !== 'PRECEDING' || b.offset === undefined) throw noFlinkEquivalent(b, `A ${b.bound.replace('_', ' ')} frame bound`);
  if (b.offset.kind === 'IntervalLiteral') return `${intervalText(b.offset)} PRECEDING`;
  if (b.offset.kind === 'NumericLiteral') return `${b.offset.text} PRECEDING`;
  throw noFlinkEquivalent(b.offset, 'A frame offset that is not a literal');
}

/** A join side's RANGE window length as an interval, or undefined for a side without OVER. */
export function joinRange(over: WindowRef | undefined, defs: readonly WindowDef[]): string | undefined {
  if (over === undefined) return undefined;
  const w = resolveWindow(over, defs);
  const b = w.frame.from;
  if (w.frame.unit === 'ROWS') {
    throw noFlinkEquivalent(w.frame, 'A ROWS join window', 'Flink joins streams on time bounds only (interval join); write RANGE INTERVAL ... PRECEDING');
  }
  if (b.bound === 'CURRENT_ROW') return undefined;
  if (b.offset?.kind !== 'IntervalLiteral') throw noFlinkEquivalent(b, 'A join window that is not RANGE INTERVAL ... PRECEDING');
  return intervalText(b.offset);
}
