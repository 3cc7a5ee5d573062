/**
 * Turning one streaming-source record into rows of the in-application input stream, as the input
 * schema describes (dev/sch-mapping, dev/about-json-path), or into error_stream rows when it cannot.
 *
 * JSON: the record is parsed; RecordRowPath selects the row elements (`$` the record itself; every
 * `[0:]` gives one row per array element). In each row element, a column's Mapping (relative to it,
 * `$` being the row element) selects the value: a missing element is NULL, a final `[0:]` selects the
 * array as one value (its JSON text for VARCHAR), and a `[0:]` followed by more path flattens that
 * array — one row per element, other columns repeated; an empty or absent array still gives one row,
 * its element columns NULL ("An array is always flattened to at least one row").
 * CSV: the record is split into rows and fields (./csv.ts); columns take fields by position, missing
 * trailing fields are NULL and extra fields are ignored ("you cannot skip columns", dev/sch-mapping).
 *
 * Each value is coerced to its column type (./coerce.ts). A row with a value that cannot be coerced, or
 * a NULL in a NOT NULL column, becomes one InputError instead of a row (the first failing column in
 * schema order is reported). A record that cannot be parsed, or yields no row at all, becomes one
 * InputError. Nothing is dropped silently.
 *
 * Speed: a JSON schema with RecordRowPath `$` and one-member Mappings (`$.name`), the common case, is
 * mapped by ./flat-json.ts's scanner and column coercers when the record is a flat object of scalars,
 * and by the general path otherwise, with the same results (compileExactRecordMapper is the general
 * path alone; the property tests compare them). A record's bytes (DATA_ROW) are made only for an error.
 */
import type { SqlValue } from '../types';
import { coerceValue } from './coerce';
import { CsvSyntaxError, splitCsv } from './csv';
import type { CsvField } from './csv';
import { inputError } from './error-stream';
import type { ErrorTimes, InputError } from './error-stream';
import { parseInputSchema, sqlTypeText } from './input-schema';
import type { InputColumn, InputSchema, ParsedInputSchema } from './input-schema';
import { isJsonArray, JsonSyntaxError, parseJson } from './json';
import type { JsonValue } from './json';
import { selectAll, selectOne } from './json-path';
import { exactCoercion, FAILED, FlatScanner, flatPlan, rowFactory, slotCoercer } from './flat-json';
import type { FlatPlan } from './flat-json';

/** A row of the input stream: column Name → value (representation of ../types.ts), in schema order. */
export type Row = Readonly<Record<string, SqlValue>>;

export interface RecordMeta {
  /** When Kinesis received the record (epoch ms). */
  readonly approximateArrivalMs: number;
  /** The row time the record is inserted with; DATA_ROWTIME of its errors. Defaults to approximateArrivalMs. */
  readonly rowtime?: number;
  /** ERROR_TIME of its errors. Defaults to the row time. */
  readonly errorTime?: number;
}

export interface MappedRecord {
  readonly rows: Row[];
  readonly errors: InputError[];
}

export type RecordMapper = (record: Buffer | Uint8Array | string, meta: RecordMeta) => MappedRecord;

const decoder = new TextDecoder('utf-8'); // malformed bytes become U+FFFD, as Java's String decoding does

function isParsed(schema: ParsedInputSchema | InputSchema): schema is ParsedInputSchema {
  return 'columns' in schema && 'format' in schema;
}

/**
 * Compile a mapper for an input schema (the API InputSchema object, validated here, or one already
 * parsed by parseInputSchema). Throws InputSchemaError for an invalid schema.
 */
export function compileRecordMapper(schema: ParsedInputSchema | InputSchema): RecordMapper {
  const parsed = isParsed(schema) ? schema : parseInputSchema(schema);
  if (parsed.format.type !== 'JSON') return csvMapper(parsed);
  const plan = flatPlan(parsed);
  return plan === undefined ? jsonMapper(parsed) : flatJsonMapper(parsed, plan, jsonMapper(parsed));
}

/**
 * The general mapper, without the fast path of ./flat-json.ts: what compileRecordMapper's result must
 * equal on every record (the property tests compare the two).
 */
export function compileExactRecordMapper(schema: ParsedInputSchema | InputSchema): RecordMapper {
  const parsed = isParsed(schema) ? schema : parseInputSchema(schema);
  return parsed.format.type === 'JSON' ? jsonMapper(parsed) : csvMapper(parsed);
}

interface Context {
  readonly record: Buffer | Uint8Array | string;
  readonly times: ErrorTimes;
}

/** The record's bytes (DATA_ROW of its errors), made only when an error needs them. */
function rawOf(context: Context): Uint8Array {
  const record = context.record;
  return typeof record === 'string' ? Buffer.from(record, 'utf8') : record;
}

function textOf(record: Buffer | Uint8Array | string): string {
  return typeof record === 'string' ? record : decoder.decode(record);
}

function timesOf(meta: RecordMeta): ErrorTimes {
  const rowtime = meta.rowtime ?? meta.approximateArrivalMs;
  return { rowtime, errorTime: meta.errorTime ?? rowtime };
}

function prepare(record: Buffer | Uint8Array | string, meta: RecordMeta): { text: string; context: Context } {
  return { text: textOf(record), context: { record, times: timesOf(meta) } };
}

type Built = { readonly row: Row; readonly error?: undefined } | { readonly row?: undefined; readonly error: InputError };

/** Coerce the values of one row; an InputError when a column fails. */
function buildRow(columns: readonly InputColumn[], values: readonly (JsonValue | undefined)[], where: (c: InputColumn) => string, context: Context): Built {
  const entries: [string, SqlValue][] = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as InputColumn;
    const result = coerceValue(values[i], column.type);
    if (!result.ok) {
      return { error: inputError('COERCION_ERROR', `Column "${column.name}" ${sqlTypeText(column.type)} ${where(column)}: ${result.reason}`, rawOf(context), context.times) };
    }
    if (result.value === null && !column.type.nullable) {
      return { error: inputError('NOT_NULL_VIOLATION', `Column "${column.name}" ${sqlTypeText(column.type)} ${where(column)}: NULL value for a NOT NULL column`, rawOf(context), context.times) };
    }
    entries.push([column.name, result.value]);
  }
  return { row: Object.fromEntries(entries) }; // own properties even for a column named __proto__
}

function add(out: { rows: Row[]; errors: InputError[] }, built: Built): void {
  if (built.error !== undefined) out.errors.push(built.error);
  else out.rows.push(built.row);
}

function jsonMapper(schema: ParsedInputSchema): RecordMapper {
  if (schema.format.type !== 'JSON') throw new Error('jsonMapper: not a JSON schema');
  const rowPath = schema.format.recordRowPath;
  const columns = schema.columns;
  const flattened = schema.flattenedArray;
  const where = (c: InputColumn): string => `at ${c.mapping?.text ?? '?'}`;

  return (record, meta) => {
    const { text, context } = prepare(record, meta);
    let root: JsonValue;
    try {
      root = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      return { rows: [], errors: [inputError('PARSE_ERROR', `Record is not valid JSON: ${e.message}`, rawOf(context), context.times)] };
    }
    const elements = selectAll(root, rowPath.segments);
    if (elements.length === 0) {
      return { rows: [], errors: [inputError('PARSE_ERROR', `RecordRowPath ${rowPath.text} selects no row in the record`, rawOf(context), context.times)] };
    }
    const out = { rows: [] as Row[], errors: [] as InputError[] };
    for (const element of elements) {
      let items: (JsonValue | undefined)[] = [undefined];
      if (flattened !== undefined) {
        const array = selectOne(element, flattened);
        if (isJsonArray(array) && array.length > 0) items = array;
      }
      for (const item of items) {
        const values = columns.map((c) => {
          const selector = c.selector;
          if (selector === undefined) return undefined;
          if (selector.kind === 'plain') return selectOne(element, selector.segments);
          return item === undefined ? undefined : selectOne(item, selector.rest);
        });
        add(out, buildRow(columns, values, where, context));
      }
    }
    return out;
  };
}

/** The column's error for a value that cannot be coerced or a NULL in a NOT NULL column (buildRow's messages). */
function columnError(column: InputColumn, reason: string | undefined, where: string, context: Context): InputError {
  return reason !== undefined
    ? inputError('COERCION_ERROR', `Column "${column.name}" ${sqlTypeText(column.type)} ${where}: ${reason}`, rawOf(context), context.times)
    : inputError('NOT_NULL_VIOLATION', `Column "${column.name}" ${sqlTypeText(column.type)} ${where}: NULL value for a NOT NULL column`, rawOf(context), context.times);
}

/**
 * RecordRowPath `$` and one-member Mappings (./flat-json.ts): a record in the scanner's subset of JSON
 * is read without the exact parser; any other record goes to `exact`, the general mapper.
 */
function flatJsonMapper(schema: ParsedInputSchema, plan: FlatPlan, exact: RecordMapper): RecordMapper {
  const makeRow = rowFactory(schema.columns);
  const read = flatReader(schema, plan, 0);
  return (record, meta) => {
    const result = read(record, meta);
    if (result === undefined) return exact(record, meta);
    return Array.isArray(result) ? { rows: [makeRow(result)], errors: [] } : { rows: [], errors: [result as InputError] };
  };
}

/**
 * Reads a flat record into a new array of its column values in schema order, followed by `extra`
 * NULL slots for the caller; an InputError for a value that does not coerce; undefined when the record
 * is not in the scanner's subset (the caller then uses the exact mapper).
 */
function flatReader(schema: ParsedInputSchema, plan: FlatPlan, extra: number): (record: Buffer | Uint8Array | string, meta: RecordMeta) => SqlValue[] | InputError | undefined {
  const columns = schema.columns;
  const width = columns.length;
  const slots = plan.columnSlots;
  const coercers = columns.map((c) => slotCoercer(c.type));
  const nullable = columns.map((c) => c.type.nullable);
  const wheres = columns.map((c) => `at ${c.mapping?.text ?? '?'}`);
  const scanner = new FlatScanner(plan.names);

  return (record, meta) => {
    const text = textOf(record);
    if (!scanner.scan(text, text.charCodeAt(0) === 0xfeff ? 1 : 0)) return undefined;
    const values: SqlValue[] = new Array<SqlValue>(width + extra).fill(null);
    for (let i = 0; i < width; i++) {
      const slot = slots[i]!;
      const value = slot === -1 ? null : coercers[i]!(scanner, text, slot);
      if (value === FAILED || (value === null && !nullable[i])) {
        const column = columns[i]!;
        const result = exactCoercion(scanner, text, slot, column.type);
        return columnError(column, result.ok ? undefined : result.reason, wheres[i]!, { record, times: timesOf(meta) });
      }
      values[i] = value;
    }
    return values;
  };
}

/** What a ValuesMapper gives: rows as arrays (see compileValuesMapper) and errors. */
export interface MappedValues {
  readonly rows: SqlValue[][];
  readonly errors: readonly InputError[];
}

/** Its result is read before the next call: the object and its `rows` array may be reused (the row arrays are new every time). */
export type ValuesMapper = (record: Buffer | Uint8Array | string, meta: RecordMeta) => MappedValues;

const NO_ERRORS: readonly InputError[] = Object.freeze([]);

/**
 * compileRecordMapper's rows as arrays of the column values in schema order, each followed by `extra`
 * NULL slots the caller fills (the SQL runtime appends APPROXIMATE_ARRIVAL_TIME and ROWTIME): for the
 * runtime, which reads rows by position, without a Row object per record.
 */
export function compileValuesMapper(schema: ParsedInputSchema | InputSchema, extra = 0): ValuesMapper {
  const parsed = isParsed(schema) ? schema : parseInputSchema(schema);
  const columns = parsed.columns;
  const toValues = (mapped: MappedRecord): MappedValues => ({
    rows: mapped.rows.map((row) => {
      const values = new Array<SqlValue>(columns.length + extra).fill(null);
      columns.forEach((c, i) => (values[i] = row[c.name] ?? null));
      return values;
    }),
    errors: mapped.errors,
  });
  const plan = parsed.format.type === 'JSON' ? flatPlan(parsed) : undefined;
  if (plan === undefined) {
    const general = compileRecordMapper(parsed);
    return (record, meta) => toValues(general(record, meta));
  }
  const read = flatReader(parsed, plan, extra);
  const exact = jsonMapper(parsed);
  // The common answer, one row and no error, reuses one wrapper (see ValuesMapper).
  const one: { rows: SqlValue[][]; errors: readonly InputError[] } = { rows: [[]], errors: NO_ERRORS };
  return (record, meta) => {
    const result = read(record, meta);
    if (result === undefined) return toValues(exact(record, meta));
    if (!Array.isArray(result)) return { rows: [], errors: [result as InputError] };
    one.rows[0] = result;
    return one;
  };
}

function csvMapper(schema: ParsedInputSchema): RecordMapper {
  if (schema.format.type !== 'CSV') throw new Error('csvMapper: not a CSV schema');
  const { rowDelimiter, columnDelimiter } = schema.format;
  const columns = schema.columns;
  const where = (c: InputColumn): string => `(field ${c.index + 1})`;

  return (record, meta) => {
    const { text, context } = prepare(record, meta);
    let rows: CsvField[][];
    try {
      rows = splitCsv(text, rowDelimiter, columnDelimiter);
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      return { rows: [], errors: [inputError('PARSE_ERROR', `Record is not valid CSV: ${e.message}`, rawOf(context), context.times)] };
    }
    if (rows.length === 0) {
      return { rows: [], errors: [inputError('PARSE_ERROR', 'Record contains no rows', rawOf(context), context.times)] };
    }
    const out = { rows: [] as Row[], errors: [] as InputError[] };
    for (const fields of rows) add(out, buildRow(columns, columns.map((c) => fields[c.index]), where, context));
    return out;
  };
}
