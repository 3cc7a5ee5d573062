/**
 * The error the expression analyzer raises, and the helpers that make its messages useful: name
 * quoting, "did you mean" suggestions and type names as SQL writes them.
 *
 * Like the parser's SqlSyntaxError, every message starts with the place (`line 1, column 8: `) and
 * then says what is wrong and, where there is a choice, what would have been accepted.
 */
import type { SourcePos } from '../syntax/ast';
import { RESERVED_WORDS } from '../syntax/tokens';
import { PositionedSqlError, formatSqlError } from '../syntax/errors';
import { qualifierOf, qualifierText } from '../functions/datetime';
import { SqlType, typeToString } from '../types';

export interface SqlAnalysisErrorDetails {
  /** Length of the offending text in UTF-16 code units (the caret underlines it); default 1. */
  readonly length?: number;
  /**
   * For name errors: the names that would have resolved (columns in scope, the qualified
   * alternatives of an ambiguous column, close function names), as they would be written in SQL.
   */
  readonly candidates?: readonly string[];
}

/**
 * A statement the analyzer rejects before any row is processed: an unknown or ambiguous name, an
 * operand of the wrong type, a wrong number of arguments, an aggregate where none is allowed, an
 * invalid literal pattern... `line`/`column` point at the offending node (1-based, columns in code
 * points), `offset`/`length` at its text (UTF-16).
 */
export class SqlAnalysisError extends PositionedSqlError {
  override readonly name = 'SqlAnalysisError';
  readonly candidates?: readonly string[];

  constructor(detail: string, pos: SourcePos, details: SqlAnalysisErrorDetails = {}) {
    super(detail, pos, details.length);
    if (details.candidates !== undefined) this.candidates = details.candidates;
  }
}

/** The message with the source line and a caret under the offending text (see syntax/errors.ts formatSqlError). */
export function formatAnalysisError(source: string, err: SqlAnalysisError): string {
  return formatSqlError(source, err);
}

/** A name as it must be written in SQL: bare when it reads back the same unquoted, else "quoted". */
export function sqlName(name: string): string {
  if (/^[A-Z][A-Z0-9_$]*$/.test(name) && !RESERVED_WORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A type as messages show it: `INTEGER`, `VARCHAR(8)`, `DECIMAL(5,2)`, `INTERVAL DAY TO SECOND`. */
export function typeName(type: SqlType): string {
  if (type.name === 'INTERVAL') return `INTERVAL ${qualifierText(qualifierOf(type))}`;
  return typeToString(type);
}

/** `a`, `a or b`, `a, b or c`. */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/**
 * The names among `candidates` close to `name`: equal ignoring case, or within an edit distance of
 * 1 (names up to 4 characters), 2 (up to 8) or 3, compared upper-cased, and less than the name's
 * length (so X does not suggest every one-letter name). Best first, then in the given order; at
 * most `limit`.
 */
export function closeNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = name.toUpperCase();
  const max = target.length <= 4 ? 1 : target.length <= 8 ? 2 : 3;
  const scored: { name: string; d: number; i: number }[] = [];
  let i = 0;
  for (const c of candidates) {
    const d = editDistance(target, c.toUpperCase());
    if (d <= max && d < target.length) scored.push({ name: c, d, i });
    i++;
  }
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  const out: string[] = [];
  for (const s of scored) if (!out.includes(s.name)) out.push(s.name);
  return out.slice(0, limit);
}
