/**
 * Reading streaming-source records into the SQL engine's input stream: the InputSchema
 * (./input-schema.ts), the record mapper with its coercions and error_stream rows
 * (./record-mapper.ts, ./coerce.ts, ./error-stream.ts) and schema discovery (./discover.ts).
 */
export { parseInputSchema, parseSqlType, sqlTypeText, InputSchemaError, SqlTypeError } from './input-schema';
export type {
  InputSchema,
  RecordFormat,
  RecordFormatType,
  MappingParameters,
  RecordColumn,
  ParsedInputSchema,
  InputColumn,
  RecordFormatSpec,
  InputSchemaIssue,
  InputSchemaRule,
} from './input-schema';
export { compileRecordMapper, compileValuesMapper } from './record-mapper';
export type { Row, RecordMeta, MappedRecord, MappedValues, RecordMapper, ValuesMapper } from './record-mapper';
export type { InputError, InputErrorName } from './error-stream';
export { ERROR_STREAM_WIDTHS } from './error-stream';
export { discoverInputSchema, UnableToDetectSchemaError } from './discover';
