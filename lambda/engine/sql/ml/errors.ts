/**
 * Errors raised by the Kinesis Data Analytics SQL machine-learning and sketch table functions
 * (RANDOM_CUT_FOREST[_WITH_EXPLANATION], HOTSPOTS, TOP_K_ITEMS_TUMBLING, COUNT_DISTINCT_ITEMS_TUMBLING).
 *
 * The ranges in the messages are AWS's (sqlref pages, see each module's header); the wording is ours:
 * AWS's own error text for an out-of-range argument is not published.
 */
export class MlFunctionError extends Error {
  constructor(
    /** The SQL function, e.g. `RANDOM_CUT_FOREST`. */
    readonly functionName: string,
    /** The offending parameter (or `record` for a bad input row). */
    readonly parameter: string,
    message: string,
  ) {
    super(`${functionName}: ${message}`);
    this.name = 'MlFunctionError';
  }
}

const formatNumber = (n: number): string => (Number.isInteger(n) && Math.abs(n) >= 1000 ? n.toLocaleString('en-US') : String(n));

/** An integer parameter within [min, max] (both inclusive). */
export function requireIntegerInRange(fn: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new MlFunctionError(
      fn,
      name,
      `${name} must be an integer from ${formatNumber(min)} to ${formatNumber(max)} (inclusive), got ${describe(value)}.`,
    );
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Object.prototype.toString.call(value);
}

/**
 * A numeric record for the ML functions: 1..maxColumns (no limit when undefined) finite numbers, the same
 * count every time.
 * Returns the column count.
 */
export function requireNumericRecord(fn: string, point: unknown, maxColumns: number | undefined, expectedColumns: number | undefined): number {
  if (!Array.isArray(point) && !ArrayBuffer.isView(point)) {
    throw new MlFunctionError(fn, 'record', `a record must be an array of numbers, got ${describe(point)}.`);
  }
  const values = point as ArrayLike<unknown>;
  if (values.length < 1 || (maxColumns !== undefined && values.length > maxColumns)) {
    const range = maxColumns === undefined ? 'at least 1 numeric column' : `from 1 to ${maxColumns} numeric columns`;
    throw new MlFunctionError(fn, 'record', `a record must have ${range}, got ${values.length}.`);
  }
  if (expectedColumns !== undefined && values.length !== expectedColumns) {
    throw new MlFunctionError(
      fn,
      'record',
      `every record must have the same numeric columns: expected ${expectedColumns} (as in the first record), got ${values.length}.`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new MlFunctionError(fn, 'record', `numeric column ${i + 1} must be a finite number, got ${describe(v)}.`);
    }
  }
  return values.length;
}
