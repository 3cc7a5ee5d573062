/**
 * Readers for AWS-shaped request members. Hosts validate requests against the API model first, so
 * these only narrow types; a member of the wrong type reads as absent.
 */

export type Input = Record<string, unknown>;

export function optString(input: Input, member: string): string | undefined {
  const v = input[member];
  return typeof v === 'string' ? v : undefined;
}

export function reqString(input: Input, member: string): string {
  return optString(input, member) ?? '';
}

export function optNumber(input: Input, member: string): number | undefined {
  const v = input[member];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function optBoolean(input: Input, member: string): boolean | undefined {
  const v = input[member];
  return typeof v === 'boolean' ? v : undefined;
}

export function optObject(input: Input, member: string): Input | undefined {
  const v = input[member];
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date)
    ? (v as Input)
    : undefined;
}

export function optArray(input: Input, member: string): unknown[] | undefined {
  const v = input[member];
  return Array.isArray(v) ? v : undefined;
}

export function stringMap(input: Input, member: string): Record<string, string> {
  const o = optObject(input, member) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A blob: bytes as the contract says, or (leniently) a base64 string. */
export function bytes(input: Input, member: string): Uint8Array {
  const v = input[member];
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return new Uint8Array(0);
}

/** A timestamp in ms: a Date as the contract says, or (leniently) epoch seconds or an ISO string. */
export function optTimestampMs(input: Input, member: string): number | undefined {
  const v = input[member];
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 1000);
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
