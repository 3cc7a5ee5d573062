/**
 * KDA's datetime format strings are java.text.SimpleDateFormat patterns (kda-sql.md §1 "Scalar
 * functions"). Flink's DATE_FORMAT and TO_TIMESTAMP take Java patterns too, parsed by
 * java.time.DateTimeFormatter, which reads most letters the same way. The letters whose meaning
 * differs are rejected rather than silently changed.
 */
import type { StringLiteral } from '../syntax/ast';
import { noFlinkEquivalent } from './errors';

/** Letters that mean something else (or nothing) to DateTimeFormatter. */
const DIFFERENT: Readonly<Record<string, string>> = {
  u: "'u' is the day number of the week in SimpleDateFormat but the year in DateTimeFormatter",
  F: "'F' is the day of week in month in SimpleDateFormat but the aligned week of month in DateTimeFormatter",
};

/** The pattern for Flink; throws a positioned error for a letter DateTimeFormatter reads differently. */
export function flinkDateFormat(literal: StringLiteral): string {
  const pattern = literal.value;
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "'") {
      quoted = !quoted;
      continue;
    }
    if (quoted) continue;
    const why = DIFFERENT[c];
    if (why !== undefined) throw noFlinkEquivalent(literal, `The format letter '${c}'`, why);
    if (c === 'S') {
      // SimpleDateFormat's S is a count of milliseconds; DateTimeFormatter's is a fraction: only SSS agrees.
      let j = i;
      while (pattern[j] === 'S') j++;
      if (j - i !== 3) throw noFlinkEquivalent(literal, `The format field '${'S'.repeat(j - i)}'`, "SimpleDateFormat's S counts milliseconds and DateTimeFormatter's is a fraction of a second; only SSS means the same");
      i = j - 1;
    }
  }
  return pattern;
}
