/**
 * Errors of the KDA SQL → Flink SQL translator.
 *
 * A construct of a valid KDA application that Flink cannot express is a SqlAnalysisError at that
 * construct, so callers show it with formatAnalysisError like any other analysis error. Problems of
 * the options or the InputSchema have no place in the SQL text: they are FlinkTranslateError.
 */
import { SqlAnalysisError } from '../analyze/errors';
import type { AstNode } from '../syntax/ast';

/** A positioned error: `what` has no Flink SQL equivalent, with why (and what to do) in `detail`. */
export function noFlinkEquivalent(node: AstNode, what: string, detail?: string): SqlAnalysisError {
  const length = Math.max(1, node.end - node.pos.offset);
  return new SqlAnalysisError(`${what} has no Flink SQL equivalent${detail === undefined ? '' : `: ${detail}`}`, node.pos, { length });
}

/** The options or the InputSchema cannot be translated (nothing in the SQL to point at). */
export class FlinkTranslateError extends Error {
  override readonly name = 'FlinkTranslateError';
}
