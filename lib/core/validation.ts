import { Duration, Size, Token } from 'aws-cdk-lib';

/**
 * Thrown at construction (synth) time when a prop breaks a rule. The message always names the
 * construct, the prop and the rule, so a user can fix `cdk.json` or their code without reading ours.
 */
export class PropValidationError extends Error {
  constructor(
    readonly owner: string,
    readonly prop: string,
    readonly rule: string,
    readonly value?: unknown,
  ) {
    super(`${owner}: ${prop} ${rule}${value === undefined ? '' : ` (got ${describe(value)})`}`);
    this.name = 'PropValidationError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Duration) return value.toHumanString();
  if (value instanceof Size) return `${value.toKibibytes() / 1024} MiB`;
  return String(value);
}

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Values that are CloudFormation tokens are only known at deploy time: they skip validation. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

export function checkIntegerRange(owner: string, prop: string, value: number | undefined, range: Range, unit = ''): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    const bounds = range.max === Infinity ? `≥ ${range.min}` : `from ${range.min} to ${range.max}`;
    throw new PropValidationError(owner, prop, `must be an integer ${bounds}${unit ? ` ${unit}` : ''}`, value);
  }
}

/** Durations are validated in whole seconds, the unit every Firehose/Kinesis API field uses. */
export function checkDurationSeconds(owner: string, prop: string, value: Duration | undefined, range: Range): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toSeconds();
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < range.min || seconds > range.max) {
    throw new PropValidationError(owner, prop, `must be a whole number of seconds from ${range.min} to ${range.max} seconds`, value);
  }
  return seconds;
}

/** Sizes are validated in whole MiB, the unit of Firehose's BufferingHints.SizeInMBs. */
export function checkSizeMiB(owner: string, prop: string, value: Size | undefined, range: Range): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toMebibytes();
  const mib = value.toKibibytes() / 1024;
  if (!Number.isInteger(mib) || mib < range.min || mib > range.max) {
    throw new PropValidationError(owner, prop, `must be a whole number of MiB from ${range.min} to ${range.max} MiB`, value);
  }
  return mib;
}

export function checkOneOf<T extends string>(owner: string, prop: string, value: T | undefined, allowed: readonly T[]): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new PropValidationError(owner, prop, `must be one of ${allowed.join(', ')}`, value);
  }
}

export function checkLength(owner: string, prop: string, value: string | undefined, range: { min?: number; max?: number }): void {
  if (value === undefined || isUnresolved(value)) return;
  if ((range.min !== undefined && value.length < range.min) || (range.max !== undefined && value.length > range.max)) {
    throw new PropValidationError(owner, prop, `must be ${range.min ?? 0} to ${range.max ?? 'any number of'} characters long`, value);
  }
}

export function checkPattern(owner: string, prop: string, value: string | undefined, pattern: RegExp | undefined, describeRule: string): void {
  if (value === undefined || pattern === undefined || isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw new PropValidationError(owner, prop, describeRule, value);
  }
}
