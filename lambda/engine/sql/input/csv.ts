/**
 * Splitting a CSV record into rows and fields with the schema's RecordRowDelimiter and
 * RecordColumnDelimiter (any non-empty strings, e.g. '\r\n' or '|~|'); a record may hold several rows.
 *
 * AWS documents no quoting rules beyond the CSVMappingParameters example, whose rows read
 * `"name1", "address1"` (dev/API_CSVMappingParameters): fields may be double-quoted, with blanks
 * around the quotes. This reader therefore follows RFC 4180 quoting with that allowance (UNCONFIRMED):
 * - a field whose first non-blank character is `"` is quoted: it runs to the matching `"`, `""` inside
 *   stands for one `"`, and delimiters inside are data; only blanks may follow the closing quote;
 * - an unquoted field is taken verbatim, blanks included (`a, 1` gives ' 1'; numeric coercion trims);
 * - an empty unquoted field is NULL (`null` here); a quoted empty field `""` is the empty string;
 * - empty rows (nothing between two row delimiters, or a trailing row delimiter) are skipped.
 * A blank is a space, or a tab when the column delimiter is not a tab.
 */

export class CsvSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'CsvSyntaxError';
  }
}

/** A field: its text, or null for an empty unquoted field. */
export type CsvField = string | null;

export function splitCsv(text: string, rowDelimiter: string, columnDelimiter: string): CsvField[][] {
  if (rowDelimiter === '' || columnDelimiter === '') throw new Error('splitCsv: delimiters must not be empty');
  const blanks = columnDelimiter === '\t' || rowDelimiter === '\t' ? [' '] : [' ', '\t'];
  const isBlank = (c: string | undefined): boolean => c !== undefined && blanks.includes(c);
  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let i = 0;

  /** Which delimiter starts at `pos` (the longer one when both do). */
  const delimiterAt = (pos: number): 'row' | 'column' | undefined => {
    const r = text.startsWith(rowDelimiter, pos);
    const c = text.startsWith(columnDelimiter, pos);
    if (r && c) return rowDelimiter.length >= columnDelimiter.length ? 'row' : 'column';
    return r ? 'row' : c ? 'column' : undefined;
  };

  const endRow = (): void => {
    if (!(row.length === 1 && row[0] === null)) rows.push(row);
    row = [];
  };

  for (;;) {
    // One field starts at i.
    let j = i;
    while (isBlank(text[j])) j++;
    let field: CsvField;
    let after: number;
    if (text[j] === '"') {
      let value = '';
      let k = j + 1;
      for (;;) {
        if (k >= text.length) throw new CsvSyntaxError('Unterminated quoted field', j);
        if (text[k] === '"') {
          if (text[k + 1] === '"') {
            value += '"';
            k += 2;
            continue;
          }
          break;
        }
        value += text[k];
        k++;
      }
      k++; // closing quote
      while (isBlank(text[k])) k++;
      if (k < text.length && delimiterAt(k) === undefined) throw new CsvSyntaxError(`Unexpected character '${text[k]}' after a closing quote`, k);
      field = value;
      after = k;
    } else {
      let k = i;
      while (k < text.length && delimiterAt(k) === undefined) k++;
      field = k === i ? null : text.slice(i, k);
      after = k;
    }
    row.push(field);
    if (after >= text.length) {
      endRow();
      return rows;
    }
    if (delimiterAt(after) === 'row') {
      endRow();
      i = after + rowDelimiter.length;
      if (i >= text.length) return rows;
    } else {
      i = after + columnDelimiter.length;
    }
  }
}
