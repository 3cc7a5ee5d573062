/**
 * CBOR for `application/x-amz-cbor-1.1` (RFC 8949).
 *
 * Encoding uses cbor-x. Decoding is done here, strictly, because cbor-x turns tag 1 into a Date by reading
 * its number as epoch *seconds* (RFC 8949 §3.4.2) through a process-global tag table, while AWS's CBOR
 * protocol puts epoch *milliseconds* under tag 1: the AWS SDK for Java v2 writes timestamps as
 * `writeTag(1); writeNumber(instant.toEpochMilli())` (aws-sdk-java-v2
 * core/protocols/aws-cbor-protocol/.../SdkCborGenerator.java; AwsCborProtocolFactory sets payload
 * timestamps to UNIX_TIMESTAMP_MILLIS; SDK v1 com.amazonaws.protocol.json.SdkCborGenerator does the same
 * with Date.getTime()). So the decoder keeps tags as `CborTag` values and the shape-driven codec decides.
 * The Java SDK's Jackson generator writes maps with indefinite length, which is supported.
 */
import { Encoder, Tag } from 'cbor-x';

/** A tagged data item, left for the caller to interpret (the codec reads tag 1 as epoch milliseconds). */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: unknown,
  ) {}
}

export class CborDecodeError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'CborDecodeError';
  }
}

/** Jackson's default nesting limit is 1000; deeper input is refused rather than overflowing the stack. */
const MAX_DEPTH = 1000;
const BREAK = Symbol('break');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode exactly one CBOR data item. Maps become plain objects (text keys only), byte strings Buffers,
 * integers numbers (bigint beyond 2^53), tags `CborTag`. Throws CborDecodeError on anything malformed,
 * truncated, or followed by extra bytes.
 */
export function decodeCbor(input: Uint8Array): unknown {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let pos = 0;

  const fail = (message: string): never => {
    throw new CborDecodeError(message, pos);
  };
  const need = (n: number): void => {
    if (n > bytes.length - pos) fail('Unexpected end of input');
  };

  /** The argument of a head; `undefined` for indefinite length (additional info 31). */
  const readArgument = (info: number): number | bigint | undefined => {
    if (info < 24) return info;
    switch (info) {
      case 24:
        need(1);
        return bytes[pos++] as number;
      case 25:
        need(2);
        pos += 2;
        return bytes.readUInt16BE(pos - 2);
      case 26:
        need(4);
        pos += 4;
        return bytes.readUInt32BE(pos - 4);
      case 27: {
        need(8);
        const big = bytes.readBigUInt64BE(pos);
        pos += 8;
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case 31:
        return undefined;
      default:
        return fail(`Reserved additional information ${info}`);
    }
  };

  const lengthOf = (arg: number | bigint, minItemBytes: number): number => {
    if (typeof arg === 'bigint' || arg * minItemBytes > bytes.length - pos) fail('Length exceeds the input');
    return arg as number;
  };

  const readChunks = (major: number): Buffer => {
    const chunks: Buffer[] = [];
    for (;;) {
      need(1);
      const head = bytes[pos] as number;
      if (head === 0xff) {
        pos++;
        return Buffer.concat(chunks);
      }
      pos++;
      if (head >> 5 !== major) fail('Indefinite-length string chunk of another type');
      const arg = readArgument(head & 0x1f);
      if (arg === undefined) return fail('Nested indefinite-length string');
      const length = lengthOf(arg, 1);
      chunks.push(bytes.subarray(pos, pos + length));
      pos += length;
    }
  };

  const readText = (raw: Buffer): string => {
    try {
      return utf8.decode(raw);
    } catch {
      return fail('Invalid UTF-8 in a text string');
    }
  };

  const setMember = (obj: Record<string, unknown>, key: unknown, value: unknown): void => {
    if (typeof key !== 'string') fail('Map key is not a text string');
    // defineProperty: a "__proto__" key is data, never the prototype.
    Object.defineProperty(obj, key as string, { value, enumerable: true, writable: true, configurable: true });
  };

  const readItem = (depth: number, allowBreak: boolean): unknown => {
    if (depth > MAX_DEPTH) fail('Nesting too deep');
    need(1);
    const head = bytes[pos++] as number;
    const major = head >> 5;
    const info = head & 0x1f;
    if (major === 7) {
      switch (info) {
        case 20:
          return false;
        case 21:
          return true;
        case 22:
          return null;
        case 23:
          return undefined;
        case 25:
          need(2);
          pos += 2;
          return halfToNumber(bytes.readUInt16BE(pos - 2));
        case 26:
          need(4);
          pos += 4;
          return bytes.readFloatBE(pos - 4);
        case 27:
          need(8);
          pos += 8;
          return bytes.readDoubleBE(pos - 8);
        case 31:
          if (!allowBreak) fail('Unexpected break');
          return BREAK;
        default:
          return fail(`Unsupported simple value ${info}`);
      }
    }
    const arg = readArgument(info);
    switch (major) {
      case 0:
        if (arg === undefined) return fail('Indefinite-length integer');
        return arg;
      case 1:
        if (arg === undefined) return fail('Indefinite-length integer');
        return typeof arg === 'bigint' ? -1n - arg : -1 - arg;
      case 2:
      case 3: {
        let raw: Buffer;
        if (arg === undefined) {
          raw = readChunks(major);
        } else {
          const length = lengthOf(arg, 1);
          raw = bytes.subarray(pos, pos + length);
          pos += length;
        }
        return major === 2 ? Buffer.from(raw) : readText(raw);
      }
      case 4: {
        const items: unknown[] = [];
        if (arg === undefined) {
          for (;;) {
            const item = readItem(depth + 1, true);
            if (item === BREAK) return items;
            items.push(item);
          }
        }
        const length = lengthOf(arg, 1);
        for (let i = 0; i < length; i++) items.push(readItem(depth + 1, false));
        return items;
      }
      case 5: {
        const obj: Record<string, unknown> = {};
        if (arg === undefined) {
          for (;;) {
            const key = readItem(depth + 1, true);
            if (key === BREAK) return obj;
            setMember(obj, key, readItem(depth + 1, false));
          }
        }
        const length = lengthOf(arg, 2);
        for (let i = 0; i < length; i++) {
          const key = readItem(depth + 1, false);
          setMember(obj, key, readItem(depth + 1, false));
        }
        return obj;
      }
      case 6: {
        if (arg === undefined || typeof arg === 'bigint') return fail('Unsupported tag');
        return new CborTag(arg, readItem(depth + 1, false));
      }
      default:
        return fail(`Unknown major type ${major}`);
    }
  };

  const value = readItem(0, false);
  if (pos !== bytes.length) fail('Extra bytes after the data item');
  return value;
}

function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

// Plain maps with text keys, byte strings untagged (cbor-x would tag a bare Uint8Array with 64).
const encoder = new Encoder({ useRecords: false, tagUint8Array: false, variableMapSize: true });

/** Epoch milliseconds under tag 1, as an integer (bigint forces CBOR's 64-bit integer, not a float). */
export function cborTimestamp(date: Date): Tag {
  return new Tag(BigInt(date.getTime()), 1);
}

/** Encode a value built by the codec: plain objects, arrays, strings, numbers, bigints, booleans, Buffers, Tags. */
export function encodeCbor(value: unknown): Buffer {
  return Buffer.from(encoder.encode(value));
}
