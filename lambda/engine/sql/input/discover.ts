/**
 * Schema discovery from sample records, like DiscoverInputSchema (dev/sch-dis, dev/sch-dis-ref).
 *
 * Format: JSON when every sample is a JSON object (RecordRowPath `$`), or every sample a JSON array of
 * objects (RecordRowPath `$[0:]`, UNCONFIRMED); CSV otherwise. Throws UnableToDetectSchemaError when
 * no schema can be inferred (the API's UnableToDetectSchemaException).
 *
 * Documented behaviour reproduced:
 * - Column names keep the source name unless it is a reserved word, has characters other than ASCII
 *   letters, digits and '_', starts with a digit or is longer than 100 characters; then it is renamed
 *   `COL_` + the name without the unsupported characters, or `COL_<position>` when nothing is left
 *   (dev/sch-dis: USER → COL_USER, USER@DOMAIN → COL_USERDOMAIN, @@ → COL_0; dev/sch-dis-ref: year →
 *   COL_year). Case is kept.
 * - VARCHAR(n): the longest sample value rounded up to a power of two, at least 4 (dev/sch-dis-ref:
 *   'AK' → VARCHAR(4), 'Coal' → 4, 'ShortTons' → 16, 35 characters → 64; dev/sch-mapping and the
 *   getting-started stream: 4-letter tickers → VARCHAR(4), 'TECHNOLOGY' → VARCHAR(16)).
 * - Whole numbers → INTEGER (dev/sch-dis-ref: 2001, 3020601), BIGINT beyond 32 bits (sqlref
 *   TO_TIMESTAMP's sample stream: change_time BIGINT); numbers with a fraction → REAL (the
 *   getting-started stream: "CHANGE REAL, PRICE REAL", dev/continuous-queries-concepts); DOUBLE when a
 *   sample is beyond REAL's ±3.40E+38 (UNCONFIRMED).
 * - CSV: RecordRowDelimiter '\r\n' when the samples use it, else '\n'; a header row names the columns
 *   and is not used for types or lengths (dev/sch-dis-ref); CSV columns have no Mapping.
 * - An ISO-8601 'T' timestamp string is NOT inferred as TIMESTAMP (dev/examples-window-stagger: the
 *   user changes EVENT_TIME to TIMESTAMP after discovery).
 * Choices (UNCONFIRMED): nested JSON objects are flattened into one column per leaf, named after the
 * leaf's key, mapped `$.a.b`; arrays become one VARCHAR column mapped `$.a[0:]` (their JSON text);
 * strings all of the form `yyyy-MM-dd HH:mm:ss[.fff]` → TIMESTAMP; 'true'/'false' CSV fields → BOOLEAN;
 * a column whose samples are all null → VARCHAR(4); a name already taken gets `_2`, `_3`...; a CSV
 * header is recognised when a column's first value does not have the type of its other values;
 * headerless CSV columns are named COL_0, COL_1...; the column delimiter is the first of , \t | ;
 * that splits every row into the same number (> 1) of fields.
 */
import { INTEGER_RANGES } from '../types';
import { parseTimestamp } from './coerce';
import { splitCsv } from './csv';
import type { CsvField } from './csv';
import { DEFAULT_CSV_DELIMITERS, TYPE_LENGTH_RANGE } from './input-schema';
import type { InputSchema, RecordColumn } from './input-schema';
import { isJsonArray, isJsonObject, JsonNumber, parseJson, renderJson } from './json';
import type { JsonObject, JsonValue } from './json';
import { formatJsonPath, selectOne } from './json-path';
import type { PathSegment } from './json-path';
import { isReservedWord } from './reserved-words';

export class UnableToDetectSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnableToDetectSchemaException';
  }
}

/** Longest source name kept as is (dev/sch-dis). */
export const MAX_KEPT_NAME_LENGTH = 100;
export const RENAMED_PREFIX = 'COL_';
/** The smallest VARCHAR discovery proposes (dev/sch-dis-ref: a 2-character state → VARCHAR(4)). */
export const MIN_DISCOVERED_VARCHAR = 4;

/** The name discovery gives a source column/key at `position` (0-based) in the column order. */
export function discoveredColumnName(source: string, position: number): string {
  if (source.length <= MAX_KEPT_NAME_LENGTH && /^[A-Za-z_][A-Za-z0-9_]*$/.test(source) && !isReservedWord(source)) return source;
  const kept = source.replace(/[^A-Za-z0-9_]/g, '');
  if (kept === '') return `${RENAMED_PREFIX}${position}`;
  return `${RENAMED_PREFIX}${kept.slice(0, MAX_KEPT_NAME_LENGTH - RENAMED_PREFIX.length)}`;
}

/** VARCHAR length for a longest value of `length` characters: the next power of two, at least 4. */
export function discoveredVarcharLength(length: number): number {
  let n = MIN_DISCOVERED_VARCHAR;
  while (n < length) n *= 2;
  return Math.min(n, TYPE_LENGTH_RANGE.VARCHAR.max);
}

const decoder = new TextDecoder('utf-8');

/** Infer an InputSchema (the API object) from sample records. */
export function discoverInputSchema(samples: readonly (Buffer | Uint8Array | string)[]): InputSchema {
  if (samples.length === 0) throw new UnableToDetectSchemaError('No sample records to discover a schema from');
  const texts = samples.map((s) => (typeof s === 'string' ? s : decoder.decode(s)));
  const json = jsonElements(texts);
  return json !== undefined ? discoverJson(json.elements, json.rowPath) : discoverCsv(texts);
}

// ---------------------------------------------------------------------------------------------
// Type inference shared by both formats.

type Kind = 'INTEGER' | 'BIGINT' | 'REAL' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'VARCHAR';

/** Values observed for one column: their kinds and the longest text form. */
class Observations {
  private readonly kinds = new Set<Kind>();
  private maxLength = 0;

  add(kind: Kind, text: string): void {
    this.kinds.add(kind);
    this.maxLength = Math.max(this.maxLength, text.length);
  }

  sqlType(): string {
    const kinds = [...this.kinds];
    const numeric = kinds.every((k) => k === 'INTEGER' || k === 'BIGINT' || k === 'REAL' || k === 'DOUBLE');
    if (kinds.length > 0 && numeric) {
      for (const widest of ['DOUBLE', 'REAL', 'BIGINT'] as const) if (this.kinds.has(widest)) return widest;
      return 'INTEGER';
    }
    if (kinds.length === 1 && (kinds[0] === 'BOOLEAN' || kinds[0] === 'TIMESTAMP')) return kinds[0];
    return `VARCHAR(${discoveredVarcharLength(this.maxLength)})`;
  }
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Only the SQL form with a space is inferred as TIMESTAMP (see the header). */
const SQL_TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/;

/** REAL's largest finite value (sqlref data types: "maximum is 3.40E+38"). */
const FLOAT32_MAX = 3.4028234663852886e38;

/** A number with a fraction or beyond BIGINT: REAL, or DOUBLE when a sample does not fit REAL (UNCONFIRMED). */
function approximateKind(text: string): Kind {
  return Math.abs(Number(text)) > FLOAT32_MAX ? 'DOUBLE' : 'REAL';
}

function integerKind(text: string): Kind {
  const n = BigInt(text);
  if (n >= BigInt(INTEGER_RANGES.INTEGER.min) && n <= BigInt(INTEGER_RANGES.INTEGER.max)) return 'INTEGER';
  if (n >= INTEGER_RANGES.BIGINT.min && n <= INTEGER_RANGES.BIGINT.max) return 'BIGINT';
  return approximateKind(text);
}

function isSqlTimestamp(text: string): boolean {
  return SQL_TIMESTAMP_TEXT.test(text) && parseTimestamp(text) !== undefined;
}

/** The kind of a text value (a CSV field). */
function textKind(text: string): Kind {
  const trimmed = text.trim();
  if (INTEGER_TEXT.test(trimmed)) return integerKind(trimmed);
  if (DECIMAL_TEXT.test(trimmed)) return approximateKind(trimmed);
  if (/^(?:true|false)$/i.test(text)) return 'BOOLEAN';
  if (isSqlTimestamp(trimmed)) return 'TIMESTAMP';
  return 'VARCHAR';
}

// ---------------------------------------------------------------------------------------------
// JSON.

function jsonElements(texts: readonly string[]): { elements: JsonObject[]; rowPath: string } | undefined {
  const roots: JsonValue[] = [];
  for (const text of texts) {
    try {
      roots.push(parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    } catch {
      return undefined;
    }
  }
  if (roots.every(isJsonObject)) return { elements: roots as JsonObject[], rowPath: '$' };
  if (roots.every((r) => isJsonArray(r) && r.every(isJsonObject))) {
    const elements = roots.flatMap((r) => r as JsonObject[]);
    if (elements.length > 0) return { elements, rowPath: '$[0:]' };
  }
  return undefined;
}

interface Leaf {
  readonly segments: readonly PathSegment[];
  /** The key the column is named after. */
  readonly key: string;
}

function discoverJson(elements: readonly JsonObject[], rowPath: string): InputSchema {
  // Pass 1: every leaf path, in first-seen order.
  const leaves = new Map<string, Leaf>();
  const walk = (object: JsonObject, prefix: readonly PathSegment[]): void => {
    for (const [key, value] of object) {
      const segments: PathSegment[] = [...prefix, { kind: 'member', name: key }];
      if (isJsonObject(value) && value.size > 0) {
        walk(value, segments);
        continue;
      }
      if (isJsonArray(value)) segments.push({ kind: 'all' });
      const text = formatJsonPath(segments);
      if (!leaves.has(text)) leaves.set(text, { segments, key });
    }
  };
  for (const element of elements) walk(element, []);
  if (leaves.size === 0) throw new UnableToDetectSchemaError('The sample records have no fields');

  // Pass 2: what each leaf holds in each sample.
  const columns: RecordColumn[] = [];
  const names = new NameAllocator();
  for (const [mapping, leaf] of leaves) {
    const observed = new Observations();
    for (const element of elements) {
      const value = selectOne(element, leaf.segments);
      if (value === undefined || value === null) continue;
      if (typeof value === 'boolean') observed.add('BOOLEAN', String(value));
      else if (value instanceof JsonNumber) observed.add(INTEGER_TEXT.test(value.text) ? integerKind(value.text) : approximateKind(value.text), value.text);
      else if (typeof value === 'string') observed.add(isSqlTimestamp(value) ? 'TIMESTAMP' : 'VARCHAR', value);
      else observed.add('VARCHAR', renderJson(value));
    }
    columns.push({ Name: names.allocate(leaf.key, columns.length), Mapping: mapping, SqlType: observed.sqlType() });
  }
  return {
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: rowPath } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns,
  };
}

class NameAllocator {
  private readonly used = new Set<string>();

  allocate(source: string, position: number): string {
    const base = discoveredColumnName(source, position);
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}

// ---------------------------------------------------------------------------------------------
// CSV.

const COLUMN_DELIMITER_CANDIDATES = [',', '\t', '|', ';'] as const;

function splitAll(texts: readonly string[], rowDelimiter: string, columnDelimiter: string): CsvField[][] | undefined {
  const rows: CsvField[][] = [];
  try {
    for (const text of texts) rows.push(...splitCsv(text, rowDelimiter, columnDelimiter));
  } catch {
    return undefined;
  }
  return rows;
}

function discoverCsv(texts: readonly string[]): InputSchema {
  const rowDelimiter = texts.some((t) => t.includes('\r\n')) ? '\r\n' : DEFAULT_CSV_DELIMITERS.RecordRowDelimiter;
  let columnDelimiter: string = DEFAULT_CSV_DELIMITERS.RecordColumnDelimiter;
  let rows: CsvField[][] | undefined;
  for (const candidate of COLUMN_DELIMITER_CANDIDATES) {
    const split = splitAll(texts, rowDelimiter, candidate);
    if (split === undefined || split.length === 0) continue;
    const width = (split[0] as CsvField[]).length;
    if (width > 1 && split.every((r) => r.length === width)) {
      columnDelimiter = candidate;
      rows = split;
      break;
    }
  }
  rows ??= splitAll(texts, rowDelimiter, columnDelimiter);
  if (rows === undefined || rows.length === 0) throw new UnableToDetectSchemaError('The sample records have no rows');

  const width = Math.max(...rows.map((r) => r.length));
  const header = rows.length >= 2 && looksLikeHeader(rows, width) ? (rows[0] as CsvField[]) : undefined;
  const data = header === undefined ? rows : rows.slice(1);

  const names = new NameAllocator();
  const columns: RecordColumn[] = [];
  for (let c = 0; c < width; c++) {
    const observed = new Observations();
    for (const row of data) {
      const field = row[c];
      if (field !== undefined && field !== null) observed.add(textKind(field), field);
    }
    const source = header?.[c];
    const name = typeof source === 'string' ? names.allocate(source, c) : names.allocate('', c);
    columns.push({ Name: name, SqlType: observed.sqlType() });
  }
  return {
    RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: rowDelimiter, RecordColumnDelimiter: columnDelimiter } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns,
  };
}

/** The first row is a header when all its cells are text and some column's other values are not text. */
function looksLikeHeader(rows: readonly CsvField[][], width: number): boolean {
  const first = rows[0] as CsvField[];
  if (first.length !== width || first.some((f) => f === null || f.trim() === '' || textKind(f) !== 'VARCHAR')) return false;
  for (let c = 0; c < width; c++) {
    const kinds = new Set<Kind>();
    for (const row of rows.slice(1)) {
      const field = row[c];
      if (field !== undefined && field !== null) kinds.add(textKind(field));
    }
    if (kinds.size > 0 && !kinds.has('VARCHAR')) return true;
  }
  return false;
}
