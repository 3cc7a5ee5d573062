/**
 * Rows of the in-application `error_stream` produced while reading input (dev/error-handling, "Error
 * Stream Schema"): ERROR_TIME TIMESTAMP, ERROR_LEVEL VARCHAR(10), ERROR_NAME VARCHAR(32), MESSAGE
 * VARCHAR(4096), DATA_ROWTIME TIMESTAMP ("the row time of the incoming record"), DATA_ROW
 * VARCHAR(49152) ("the hex-encoded data in the original row"), PUMP_NAME VARCHAR(128) ("the
 * originating pump": none for input errors, so NULL).
 *
 * The service's ERROR_LEVEL and ERROR_NAME values are not documented: the ones below are this
 * engine's (UNCONFIRMED). Long values are truncated to the column widths, as any VARCHAR is.
 */

export interface InputError {
  /** Epoch milliseconds. */
  readonly ERROR_TIME: number;
  readonly ERROR_LEVEL: string;
  readonly ERROR_NAME: InputErrorName;
  readonly MESSAGE: string;
  /** Epoch milliseconds. */
  readonly DATA_ROWTIME: number;
  /** The whole raw record, lower-case hex of its bytes. */
  readonly DATA_ROW: string;
  readonly PUMP_NAME: null;
}

/** The error_stream column widths (dev/error-handling). */
export const ERROR_STREAM_WIDTHS = {
  ERROR_LEVEL: 10,
  ERROR_NAME: 32,
  MESSAGE: 4096,
  DATA_ROW: 49152,
  PUMP_NAME: 128,
} as const;

export const ERROR_LEVEL = 'ERROR';

/**
 * PARSE_ERROR: the record is not valid JSON / CSV, or yields no row.
 * COERCION_ERROR: an element cannot be converted to its column's type (dev/error-handling calls these
 * "Coercion error").
 * NOT_NULL_VIOLATION: a NOT NULL column would be NULL.
 */
export type InputErrorName = 'PARSE_ERROR' | 'COERCION_ERROR' | 'NOT_NULL_VIOLATION';

export interface ErrorTimes {
  /** When the error occurred; defaults to the record's row time. */
  readonly errorTime: number;
  readonly rowtime: number;
}

export function inputError(name: InputErrorName, message: string, raw: Uint8Array, times: ErrorTimes): InputError {
  return {
    ERROR_TIME: times.errorTime,
    ERROR_LEVEL: ERROR_LEVEL,
    ERROR_NAME: name,
    MESSAGE: message.slice(0, ERROR_STREAM_WIDTHS.MESSAGE),
    DATA_ROWTIME: times.rowtime,
    DATA_ROW: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex').slice(0, ERROR_STREAM_WIDTHS.DATA_ROW),
    PUMP_NAME: null,
  };
}
