/**
 * Shape-driven conversion between the wire (AWS JSON 1.1 or CBOR 1.1) and the engine's values.
 *
 * Requests: the decoded body is walked along the operation's input shape. Blobs become Buffers (JSON:
 * base64 text; CBOR: byte strings), timestamps Dates (JSON: epoch seconds; CBOR: epoch milliseconds, under
 * tag 1 as the AWS SDK for Java writes them, see cbor.ts), integer/long values are truncated like AWS's
 * TruncatingBigNumber, members the model does not know and null members are dropped (AWS ignores them).
 * A value of the wrong type throws AWS's SerializationException (errors.ts). Null list/map entries are kept
 * so that validation reports them (`Member must not be null`).
 *
 * Responses: the engine's object is walked along the output shape. JSON: blobs base64, timestamps epoch
 * seconds as numbers (with milliseconds). CBOR: blobs byte strings, timestamps tag 1 + integer epoch
 * milliseconds, integers beyond 32 bits as CBOR integers (not floats, which Java's Long parser rejects).
 */
import { memberTable, shapeOf, type ServiceModel } from '../../engine/aws-model/model';
import { CborTag, cborTimestamp } from './cbor';
import { decodeBase64Strictly, serializationError, timestampOutOfRange, typeMismatchMessage, type FoundKind } from './errors';

export type WireFormat = 'json' | 'cbor';

function kindOf(value: unknown): FoundKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'bigint') return 'a number';
  return `a ${typeof value}` as FoundKind;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof CborTag) && !(value instanceof Date);
}

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);


/** Decode a request body (already parsed from JSON or CBOR) along `shapeName`; throws WireError(SerializationException). */
export function decodeInput(model: ServiceModel, shapeName: string, body: unknown, format: WireFormat): Record<string, unknown> {
  return decodeValue(model, shapeName, body, format) as Record<string, unknown>;
}

function mismatch(expected: string, value: unknown): never {
  throw serializationError(typeMismatchMessage(expected, kindOf(value), typeof value === 'string' ? value : undefined));
}

function decodeValue(model: ServiceModel, shapeName: string, raw: unknown, format: WireFormat): unknown {
  const shape = shapeOf(model, shapeName);
  // Tags mean nothing to AWS's deserializer outside timestamps (Jackson skips them).
  const value = raw instanceof CborTag && shape.type !== 'timestamp' ? untag(raw) : raw;
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return mismatch('structure', value);
      const out: Record<string, unknown> = {};
      for (const [member, target] of memberTable(shape)) {
        if (!own(value, member)) continue;
        const item = value[member];
        if (item === null || item === undefined) continue;
        out[member] = decodeValue(model, target, item, format);
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return mismatch('list', value);
      return value.map((item) => (item === null || item === undefined ? null : decodeValue(model, shape.member.shape, item, format)));
    case 'map': {
      if (!isRecord(value)) return mismatch('map', value);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = value[key];
        const decoded = item === null || item === undefined ? null : decodeValue(model, shape.value.shape, item, format);
        Object.defineProperty(out, key, { value: decoded, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') return mismatch('string', value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return mismatch('boolean', value);
      return value;
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return mismatch(shape.type, value);
      return shape.type === 'integer' || shape.type === 'long' ? Math.trunc(n) : n;
    }
    case 'blob': {
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (typeof value !== 'string') return mismatch('blob', value);
      const decoded = decodeBase64Strictly(value);
      if (typeof decoded === 'string') throw serializationError(decoded);
      return decoded;
    }
    case 'timestamp':
      return decodeTimestamp(value, format);
  }
}

function untag(value: CborTag): unknown {
  let inner: unknown = value;
  while (inner instanceof CborTag) inner = inner.value;
  return inner;
}

function toDate(ms: number, shown: unknown): Date {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw serializationError(timestampOutOfRange(String(shown)));
  return date;
}

function decodeTimestamp(value: unknown, format: WireFormat): Date {
  if (format === 'json') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return mismatch('timestamp', value);
    return toDate(Math.round(value * 1000), value);
  }
  // CBOR: tag 1 (or a bare number) carries epoch milliseconds; tag 0 an RFC 3339 string.
  if (value instanceof CborTag && value.tag === 0 && typeof value.value === 'string') {
    return toDate(Date.parse(value.value), value.value);
  }
  const inner = value instanceof CborTag ? untag(value) : value;
  const n = typeof inner === 'bigint' ? Number(inner) : inner;
  if (typeof n !== 'number' || !Number.isFinite(n)) return mismatch('timestamp', inner);
  return toDate(Math.round(n), n);
}

// ---------------------------------------------------------------------------------------------
// Responses.

/** Thrown when the engine returns a value its output shape does not allow: a bug, answered as InternalFailure. */
export class OutputShapeError extends Error {
  constructor(readonly path: string, readonly expected: string, value: unknown, readonly kind: string = kindOf(value)) {
    super(`Engine output at '${path || '<root>'}' is not a ${expected}: ${kind}`);
    this.name = 'OutputShapeError';
  }

  /** The same error seen from a parent: `prefix` goes before this error's path. */
  under(prefix: string): OutputShapeError {
    const inner = this.path === '' || this.path.startsWith('[') ? this.path : `.${this.path}`;
    return new OutputShapeError(`${prefix}${inner}`, this.expected, undefined, this.kind);
  }
}

/** Encode an engine result along `shapeName` into a value JSON.stringify or the CBOR encoder can write. */
export function encodeOutput(model: ServiceModel, shapeName: string, value: unknown, format: WireFormat): unknown {
  return encodeValue(model, shapeName, value, format, '');
}

/** Paths are only for error messages: build them when something fails, not for every record. */
function encodeChild(model: ServiceModel, shapeName: string, value: unknown, format: WireFormat, path: string, step: string | number): unknown {
  try {
    return encodeValue(model, shapeName, value, format, '');
  } catch (err) {
    if (!(err instanceof OutputShapeError)) throw err;
    throw err.under(typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step);
  }
}

const INT32_MIN = -(2 ** 31);
const UINT32_MAX = 2 ** 32 - 1;

function encodeValue(model: ServiceModel, shapeName: string, value: unknown, format: WireFormat, path: string): unknown {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) throw new OutputShapeError(path, 'structure', value);
      const out: Record<string, unknown> = {};
      for (const [member, target] of memberTable(shape)) {
        const item = own(value, member) ? value[member] : undefined;
        if (item === null || item === undefined) continue;
        out[member] = encodeChild(model, target, item, format, path, member);
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) throw new OutputShapeError(path, 'list', value);
      return value.map((item, i) => encodeChild(model, shape.member.shape, item, format, path, i));
    case 'map': {
      if (!isRecord(value)) throw new OutputShapeError(path, 'map', value);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const encoded = encodeChild(model, shape.value.shape, item, format, path, key);
        Object.defineProperty(out, key, { value: encoded, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw new OutputShapeError(path, 'string', value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new OutputShapeError(path, 'boolean', value);
      return value;
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new OutputShapeError(path, shape.type, value);
      const wide = Number.isSafeInteger(value) && (value > UINT32_MAX || value < INT32_MIN);
      return format === 'cbor' && wide && (shape.type === 'integer' || shape.type === 'long') ? BigInt(value) : value;
    }
    case 'blob': {
      if (!(value instanceof Uint8Array)) throw new OutputShapeError(path, 'blob (Uint8Array)', value);
      const buffer = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return format === 'json' ? buffer.toString('base64') : buffer;
    }
    case 'timestamp': {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new OutputShapeError(path, 'timestamp (Date)', value);
      return format === 'json' ? value.getTime() / 1000 : cborTimestamp(value);
    }
  }
}
