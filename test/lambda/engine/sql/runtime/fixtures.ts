/** The ticker input shared by the runtime tests: schema, input lines and bounds. */
import type { InputSchema } from '../../../../../lambda/engine/sql/input';

export const TICKERS: InputSchema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'TICKER', Mapping: '$.ticker', SqlType: 'VARCHAR(8)' },
    { Name: 'PRICE', Mapping: '$.price', SqlType: 'DOUBLE' },
    { Name: 'QTY', Mapping: '$.qty', SqlType: 'INTEGER' },
  ],
};

export const rec = (rowtime: string, ticker: string, price: number, qty: number): string => JSON.stringify({ rowtime, data: { ticker, price, qty } });
export const bound = (rowtime: string): string => JSON.stringify({ rowtime, bound: true });
