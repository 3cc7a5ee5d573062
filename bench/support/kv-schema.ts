import type { InputSchema } from '../../lambda/engine/sql/input';

/** The SQL benchmarks' records, `{"k": "key-7", "v": 123}`, as an InputSchema: K VARCHAR(8), V INTEGER. */
export const KEY_VALUE_SCHEMA: InputSchema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'K', Mapping: '$.k', SqlType: 'VARCHAR(8)' },
    { Name: 'V', Mapping: '$.v', SqlType: 'INTEGER' },
  ],
};
