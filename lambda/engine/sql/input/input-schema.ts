/**
 * The Kinesis Analytics `InputSchema` (API shape `SourceSchema`, as in CreateApplication) — parsed and
 * validated into what the record mapper runs.
 *
 * Structure, required members, enums, lengths and patterns come from the AWS API model
 * (../../aws-model/generated/kinesisanalytics.ts). Rules the model does not carry, with their source:
 * - a column Name matches `[a-zA-Z_][a-zA-Z0-9_]*` (dev/API_RecordColumn, v1 API reference);
 * - Mapping is required when RecordFormatType is JSON (dev/API_RecordColumn) and is a JSONPath of the
 *   subset in ./json-path.ts; CSV columns are mapped by position and a Mapping is ignored (dev/sch-mapping);
 * - one `[0:]` per Mapping, and only one array flattened per schema (dev/about-json-path);
 * - SqlType is one of the column types of sqlref/sql-reference-data-types (INTERVAL is not a column
 *   type), optionally followed by NOT NULL;
 * - RecordRowPath starts with `$` and has no whitespace (the v2 model's pattern `^(?=^\$)(?=^\S+$).*$`).
 * Choices of this engine (UNCONFIRMED): duplicate column names (case-sensitive) are rejected; without
 * MappingParameters a JSON schema reads rows at `$` and a CSV schema uses ',' and '\n'; parameters
 * for the other format are rejected.
 */
import { kinesisAnalyticsModel } from '../../aws-model/generated/kinesisanalytics';
import { compilePattern, memberTable, shapeOf } from '../../aws-model/model';
import { DECIMAL_MAX_PRECISION, typeToString } from '../types';
import type { SqlType, SqlTypeName } from '../types';
import { firstAllIndex, JsonPathSyntaxError, parseJsonPath, samePath } from './json-path';
import type { JsonPath, PathSegment } from './json-path';

// ---------------------------------------------------------------------------------------------
// The API shape (what SCHEMA.json holds and what discovery returns).

export type RecordFormatType = 'JSON' | 'CSV';

export interface InputSchema {
  RecordFormat: RecordFormat;
  RecordEncoding?: string;
  RecordColumns: RecordColumn[];
}

export interface RecordFormat {
  RecordFormatType: RecordFormatType;
  MappingParameters?: MappingParameters;
}

export interface MappingParameters {
  JSONMappingParameters?: { RecordRowPath: string };
  CSVMappingParameters?: { RecordRowDelimiter: string; RecordColumnDelimiter: string };
}

export interface RecordColumn {
  Name: string;
  Mapping?: string;
  SqlType: string;
}

// ---------------------------------------------------------------------------------------------
// The parsed form.

export type RecordFormatSpec =
  | { readonly type: 'JSON'; readonly recordRowPath: JsonPath }
  | { readonly type: 'CSV'; readonly rowDelimiter: string; readonly columnDelimiter: string };

/**
 * How a JSON column finds its element in a row: `plain` follows the path (a final `[0:]` selects the
 * array as one value); `element` reads `rest` from each element of the schema's flattened array.
 */
export type ColumnSelector =
  | { readonly kind: 'plain'; readonly segments: readonly PathSegment[] }
  | { readonly kind: 'element'; readonly rest: readonly PathSegment[] };

export interface InputColumn {
  readonly name: string;
  readonly type: SqlType;
  /** Position in RecordColumns (the CSV field it reads). */
  readonly index: number;
  /** JSON only: the Mapping as parsed. */
  readonly mapping?: JsonPath;
  /** JSON only. */
  readonly selector?: ColumnSelector;
}

export interface ParsedInputSchema {
  readonly format: RecordFormatSpec;
  readonly encoding: 'UTF-8';
  readonly columns: readonly InputColumn[];
  /** JSON only: the array flattened into one row per element (`$.orders` for `$.orders[0:].id`). */
  readonly flattenedArray?: readonly PathSegment[];
}

// ---------------------------------------------------------------------------------------------
// Errors.

export type InputSchemaRule =
  | 'required'
  | 'type'
  | 'minLength'
  | 'maxLength'
  | 'minItems'
  | 'maxItems'
  | 'enum'
  | 'pattern'
  | 'columnName'
  | 'duplicateColumn'
  | 'sqlType'
  | 'jsonPath'
  | 'flatten'
  | 'mappingParameters'
  | 'delimiter';

export interface InputSchemaIssue {
  /** e.g. `InputSchema.RecordColumns[2].SqlType` (0-based indexes). */
  readonly path: string;
  readonly rule: InputSchemaRule;
  readonly message: string;
}

export class InputSchemaError extends Error {
  constructor(readonly issues: readonly InputSchemaIssue[]) {
    super(`Invalid InputSchema: ${issues.map((i) => `${i.path}: ${i.message} [${i.rule}]`).join('; ')}`);
    this.name = 'InputSchemaError';
  }
}

export class SqlTypeError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`Invalid SqlType '${text}': ${reason}`);
    this.name = 'SqlTypeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Facts.

const ROOT = 'InputSchema';

/** dev/API_RecordColumn (v1 API reference): the pattern of RecordColumn.Name. Not in the botocore model. */
export const COLUMN_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The v2 API model's RecordRowPath pattern (starts with `$`, no whitespace). */
const RECORD_ROW_PATH_PATTERN = /^\$\S*$/;

/** Defaults when MappingParameters is absent (UNCONFIRMED). */
export const DEFAULT_RECORD_ROW_PATH = '$';
export const DEFAULT_CSV_DELIMITERS = { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } as const;

/**
 * Length bounds of the character and binary types. CHAR: "n must be greater than 0 and less than
 * 65535" (sqlref data types). VARCHAR, BINARY, VARBINARY: 1–65535 (UNCONFIRMED: not stated).
 */
export const TYPE_LENGTH_RANGE = {
  CHAR: { min: 1, max: 65534 },
  VARCHAR: { min: 1, max: 65535 },
  BINARY: { min: 1, max: 65535 },
  VARBINARY: { min: 1, max: 65535 },
} as const;

/** Type names and aliases accepted in SqlType (sqlref data types). */
const TYPE_NAMES: Readonly<Record<string, SqlTypeName>> = {
  BIGINT: 'BIGINT',
  INTEGER: 'INTEGER',
  INT: 'INTEGER',
  SMALLINT: 'SMALLINT',
  TINYINT: 'TINYINT',
  BOOLEAN: 'BOOLEAN',
  CHAR: 'CHAR',
  CHARACTER: 'CHAR',
  VARCHAR: 'VARCHAR',
  DECIMAL: 'DECIMAL',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  DOUBLE: 'DOUBLE',
  'DOUBLE PRECISION': 'DOUBLE',
  REAL: 'REAL',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  BINARY: 'BINARY',
  VARBINARY: 'VARBINARY',
};

const SQL_TYPE_TEXT = /^\s*([A-Za-z]+(?:\s+[A-Za-z]+)?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*(NOT\s+NULL)?\s*$/i;

/**
 * Parse a column's SqlType, e.g. `VARCHAR(16)`, `DECIMAL(10,2)`, `timestamp`, `INTEGER NOT NULL`.
 * Throws SqlTypeError.
 */
export function parseSqlType(text: string): SqlType {
  const m = SQL_TYPE_TEXT.exec(text);
  if (m === null) throw new SqlTypeError(text, 'expected a type name, an optional (length) or (precision, scale), and an optional NOT NULL');
  const written = (m[1] as string).toUpperCase().replace(/\s+/g, ' ');
  if (written === 'INTERVAL' || written.startsWith('INTERVAL ')) throw new SqlTypeError(text, 'INTERVAL is allowed in expressions only, not as a column type');
  const name = Object.prototype.hasOwnProperty.call(TYPE_NAMES, written) ? TYPE_NAMES[written] : undefined;
  if (name === undefined) throw new SqlTypeError(text, `unknown type ${written}`);
  const nullable = m[4] === undefined;
  const first = m[2] === undefined ? undefined : Number(m[2]);
  const second = m[3] === undefined ? undefined : Number(m[3]);
  switch (name) {
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY': {
      if (second !== undefined) throw new SqlTypeError(text, `${name} takes one length, not a precision and scale`);
      if (first === undefined && (name === 'VARCHAR' || name === 'VARBINARY')) throw new SqlTypeError(text, `${name} requires a length, e.g. ${name}(16)`);
      const length = first ?? 1;
      const range = TYPE_LENGTH_RANGE[name];
      if (length < range.min || length > range.max) throw new SqlTypeError(text, `${name} length must be between ${range.min} and ${range.max}`);
      return { name, length, nullable };
    }
    case 'DECIMAL': {
      if (first === undefined) return { name, nullable };
      if (first < 1 || first > DECIMAL_MAX_PRECISION) throw new SqlTypeError(text, `DECIMAL precision must be between 1 and ${DECIMAL_MAX_PRECISION}`);
      const scale = second ?? 0;
      if (scale > first) throw new SqlTypeError(text, `DECIMAL scale must be between 0 and the precision (${first})`);
      return { name, precision: first, scale, nullable };
    }
    default:
      if (first !== undefined) throw new SqlTypeError(text, `${name} takes no length or precision`);
      return { name, nullable };
  }
}

/** SqlType text for a type: `VARCHAR(16)`, `DECIMAL(10,2)`, `INTEGER NOT NULL`. */
export function sqlTypeText(type: SqlType): string {
  return type.nullable ? typeToString(type) : `${typeToString(type)} NOT NULL`;
}

// ---------------------------------------------------------------------------------------------
// Parsing.

/** Parse and validate an InputSchema value (e.g. SCHEMA.json). Throws InputSchemaError listing every issue. */
export function parseInputSchema(value: unknown): ParsedInputSchema {
  const issues: InputSchemaIssue[] = [];
  checkShape('SourceSchema', value, ROOT, issues);
  if (issues.length > 0) throw new InputSchemaError(issues);
  const schema = value as InputSchema;

  const format = parseRecordFormat(schema.RecordFormat, issues);
  const columns: InputColumn[] = [];
  const seen = new Map<string, number>();
  const flattened: { prefix: readonly PathSegment[]; at: string; mapping: string }[] = [];

  schema.RecordColumns.forEach((column, index) => {
    const at = `${ROOT}.RecordColumns[${index}]`;
    if (!COLUMN_NAME_PATTERN.test(column.Name)) {
      issues.push({ path: `${at}.Name`, rule: 'columnName', message: `'${column.Name}' must match ${COLUMN_NAME_PATTERN.source.slice(1, -1)}` });
    } else if (seen.has(column.Name)) {
      issues.push({ path: `${at}.Name`, rule: 'duplicateColumn', message: `'${column.Name}' is already the name of RecordColumns[${seen.get(column.Name)}]` });
    } else {
      seen.set(column.Name, index);
    }

    let type: SqlType | undefined;
    try {
      type = parseSqlType(column.SqlType);
    } catch (e) {
      if (!(e instanceof SqlTypeError)) throw e;
      issues.push({ path: `${at}.SqlType`, rule: 'sqlType', message: e.message });
    }

    let mapping: JsonPath | undefined;
    let selector: ColumnSelector | undefined;
    if (format?.type === 'JSON') {
      if (column.Mapping === undefined || column.Mapping === null) {
        issues.push({ path: `${at}.Mapping`, rule: 'required', message: 'Mapping is required when RecordFormatType is JSON' });
      } else {
        try {
          mapping = parseJsonPath(column.Mapping);
        } catch (e) {
          if (!(e instanceof JsonPathSyntaxError)) throw e;
          issues.push({ path: `${at}.Mapping`, rule: 'jsonPath', message: `'${column.Mapping}': ${e.message}` });
        }
      }
      if (mapping !== undefined) {
        const segments = mapping.segments;
        const all = firstAllIndex(segments);
        if (all !== -1 && segments.slice(all + 1).some((s) => s.kind === 'all')) {
          issues.push({ path: `${at}.Mapping`, rule: 'flatten', message: `'${mapping.text}': only one level of dereferencing is supported in an array expression` });
        } else if (all !== -1 && all < segments.length - 1) {
          const prefix = segments.slice(0, all);
          flattened.push({ prefix, at: `${at}.Mapping`, mapping: mapping.text });
          selector = { kind: 'element', rest: segments.slice(all + 1) };
        } else {
          selector = { kind: 'plain', segments };
        }
      }
    }
    if (type !== undefined) {
      const parsed: InputColumn = { name: column.Name, type, index };
      columns.push(mapping !== undefined && selector !== undefined ? { ...parsed, mapping, selector } : parsed);
    }
  });

  const first = flattened[0];
  for (const f of flattened.slice(1)) {
    if (first !== undefined && !samePath(first.prefix, f.prefix)) {
      issues.push({
        path: f.at,
        rule: 'flatten',
        message: `'${f.mapping}' flattens a different array than '${first.mapping}': only one array can be flattened in a schema`,
      });
    }
  }

  if (issues.length > 0 || format === undefined) throw new InputSchemaError(issues);
  const result: ParsedInputSchema = { format, encoding: 'UTF-8', columns };
  return first === undefined ? result : { ...result, flattenedArray: first.prefix };
}

function parseRecordFormat(format: RecordFormat, issues: InputSchemaIssue[]): RecordFormatSpec | undefined {
  const at = `${ROOT}.RecordFormat.MappingParameters`;
  const params = format.MappingParameters ?? {};
  const json = params.JSONMappingParameters;
  const csv = params.CSVMappingParameters;
  if (format.RecordFormatType === 'JSON') {
    if (csv !== undefined && csv !== null) {
      issues.push({ path: `${at}.CSVMappingParameters`, rule: 'mappingParameters', message: 'CSVMappingParameters cannot be used when RecordFormatType is JSON' });
      return undefined;
    }
    const text = json?.RecordRowPath ?? DEFAULT_RECORD_ROW_PATH;
    const path = `${at}.JSONMappingParameters.RecordRowPath`;
    if (!RECORD_ROW_PATH_PATTERN.test(text)) {
      issues.push({ path, rule: 'pattern', message: `'${text}' must start with '$' and contain no whitespace` });
      return undefined;
    }
    try {
      return { type: 'JSON', recordRowPath: parseJsonPath(text) };
    } catch (e) {
      if (!(e instanceof JsonPathSyntaxError)) throw e;
      issues.push({ path, rule: 'jsonPath', message: `'${text}': ${e.message}` });
      return undefined;
    }
  }
  if (json !== undefined && json !== null) {
    issues.push({ path: `${at}.JSONMappingParameters`, rule: 'mappingParameters', message: 'JSONMappingParameters cannot be used when RecordFormatType is CSV' });
    return undefined;
  }
  const rowDelimiter = csv?.RecordRowDelimiter ?? DEFAULT_CSV_DELIMITERS.RecordRowDelimiter;
  const columnDelimiter = csv?.RecordColumnDelimiter ?? DEFAULT_CSV_DELIMITERS.RecordColumnDelimiter;
  if (rowDelimiter === columnDelimiter) {
    issues.push({ path: `${at}.CSVMappingParameters`, rule: 'delimiter', message: `RecordRowDelimiter and RecordColumnDelimiter are both ${JSON.stringify(rowDelimiter)}` });
    return undefined;
  }
  return { type: 'CSV', rowDelimiter, columnDelimiter };
}

// ---------------------------------------------------------------------------------------------
// Structural validation against the API model, with JSON-style paths and named rules.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkShape(shapeName: string, value: unknown, path: string, issues: InputSchemaIssue[]): void {
  const shape = shapeOf(kinesisAnalyticsModel, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) {
        issues.push({ path, rule: 'type', message: `must be an object, not ${jsonType(value)}` });
        return;
      }
      for (const [member, target, required] of memberTable(shape)) {
        const item = Object.prototype.hasOwnProperty.call(value, member) ? value[member] : undefined;
        if (item === undefined || item === null) {
          if (required) issues.push({ path: `${path}.${member}`, rule: 'required', message: `${member} is required` });
        } else {
          checkShape(target, item, `${path}.${member}`, issues);
        }
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        issues.push({ path, rule: 'type', message: `must be an array, not ${jsonType(value)}` });
        return;
      }
      if (shape.min !== undefined && value.length < shape.min) issues.push({ path, rule: 'minItems', message: `must have at least ${shape.min} item(s), has ${value.length}` });
      if (shape.max !== undefined && value.length > shape.max) issues.push({ path, rule: 'maxItems', message: `must have at most ${shape.max} items, has ${value.length}` });
      value.forEach((item, i) => {
        if (item === null || item === undefined) issues.push({ path: `${path}[${i}]`, rule: 'required', message: 'must not be null' });
        else checkShape(shape.member.shape, item, `${path}[${i}]`, issues);
      });
      return;
    }
    case 'string': {
      if (typeof value !== 'string') {
        issues.push({ path, rule: 'type', message: `must be a string, not ${jsonType(value)}` });
        return;
      }
      if (shape.min !== undefined && value.length < shape.min) issues.push({ path, rule: 'minLength', message: `must have length at least ${shape.min}` });
      if (shape.max !== undefined && value.length > shape.max) issues.push({ path, rule: 'maxLength', message: `must have length at most ${shape.max}` });
      if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value)) {
        issues.push({ path, rule: 'pattern', message: `'${value}' must match ${shape.pattern}` });
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        issues.push({ path, rule: 'enum', message: `'${value}' must be one of ${shape.enum.join(', ')}` });
      }
      return;
    }
    default:
      throw new Error(`checkShape: unexpected shape type ${shape.type} for ${shapeName}`);
  }
}
