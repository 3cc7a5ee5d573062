/** How names and strings are written in Flink SQL. */

/** A Flink identifier: always backquoted, so KDA's case-sensitive names and reserved words survive. */
export function q(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A Flink string literal. */
export function str(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Indents every line of `text` by `by` spaces (used to nest generated queries). */
export function indent(text: string, by = 2): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}
