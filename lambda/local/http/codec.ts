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
 * Responses: the engine's object is walked along the output shape straight into the body bytes. JSON:
 * blobs base64, timestamps epoch seconds as numbers (with milliseconds), written as text without an
 * intermediate object. CBOR: blobs byte strings, timestamps tag 1 + integer epoch milliseconds, integers
 * beyond 32 bits as CBOR integers (not floats, which Java's Long parser rejects).
 *
 * Each (model, shape, format) is compiled once into a closure: the per-request work is the walk itself,
 * not shape lookups (a GetRecords page is thousands of records).
 */
import { memberTable, shapeOf, type ServiceModel, type Shape } from '../../engine/aws-model/model';
import { CborTag, cborTimestamp, encodeCbor } from './cbor';
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

const hasOwn = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** Defines `key` as an own data property even when it is `__proto__`. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

type Codec<R> = (value: unknown) => R;

/**
 * Compiles codecs for one model and format, once per shape. A shape that (indirectly) contains itself
 * gets a forwarding stub while it is being built.
 */
function compiler<F extends (value: unknown, out: JsonWriter) => unknown>(
  build: (shape: Shape, codecOf: (shapeName: string) => F, shapeNamed: (shapeName: string) => Shape) => F,
) {
  const caches = new WeakMap<ServiceModel, Map<string, F>>();
  return (model: ServiceModel, shapeName: string): F => {
    let cache = caches.get(model);
    if (cache === undefined) {
      cache = new Map();
      caches.set(model, cache);
    }
    const codecs = cache;
    const codecOf = (name: string): F => {
      const known = codecs.get(name);
      if (known !== undefined) return known;
      let built: F | undefined;
      codecs.set(name, ((value: unknown, out: JsonWriter) => (built as F)(value, out)) as F);
      built = build(shapeOf(model, name), codecOf, (target) => shapeOf(model, target));
      codecs.set(name, built);
      return built;
    };
    return codecOf(shapeName);
  };
}

// ---------------------------------------------------------------------------------------------
// Requests.

/** Decode a request body (already parsed from JSON or CBOR) along `shapeName`; throws WireError(SerializationException). */
export function decodeInput(model: ServiceModel, shapeName: string, body: unknown, format: WireFormat): Record<string, unknown> {
  return (format === 'json' ? jsonDecoder : cborDecoder)(model, shapeName)(body) as Record<string, unknown>;
}

function mismatch(expected: string, value: unknown): never {
  throw serializationError(typeMismatchMessage(expected, kindOf(value), typeof value === 'string' ? value : undefined));
}

const jsonDecoder = compiler<Codec<unknown>>((shape, codecOf) => buildDecoder(shape, codecOf, 'json'));
const cborDecoder = compiler<Codec<unknown>>((shape, codecOf) => {
  const decode = buildDecoder(shape, codecOf, 'cbor');
  // Tags mean nothing to AWS's deserializer outside timestamps (Jackson skips them).
  if (shape.type === 'timestamp') return decode;
  return (raw) => decode(raw instanceof CborTag ? untag(raw) : raw);
});

function buildDecoder(shape: Shape, codecOf: (shapeName: string) => Codec<unknown>, format: WireFormat): Codec<unknown> {
  switch (shape.type) {
    case 'structure': {
      const members = memberTable(shape).map(([member, target]) => ({ member, decode: codecOf(target) }));
      return (value) => {
        if (!isRecord(value)) return mismatch('structure', value);
        const out: Record<string, unknown> = {};
        for (const { member, decode } of members) {
          if (!hasOwn(value, member)) continue;
          const item = value[member];
          if (item === null || item === undefined) continue;
          out[member] = decode(item);
        }
        return out;
      };
    }
    case 'list': {
      const decode = codecOf(shape.member.shape);
      return (value) => {
        if (!Array.isArray(value)) return mismatch('list', value);
        return value.map((item) => (item === null || item === undefined ? null : decode(item)));
      };
    }
    case 'map': {
      const decode = codecOf(shape.value.shape);
      return (value) => {
        if (!isRecord(value)) return mismatch('map', value);
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
          const item = value[key];
          setOwn(out, key, item === null || item === undefined ? null : decode(item));
        }
        return out;
      };
    }
    case 'string':
      return (value) => (typeof value === 'string' ? value : mismatch('string', value));
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : mismatch('boolean', value));
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const type = shape.type;
      const integral = type === 'integer' || type === 'long';
      return (value) => {
        const n = typeof value === 'bigint' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isFinite(n)) return mismatch(type, value);
        return integral ? Math.trunc(n) : n;
      };
    }
    case 'blob':
      return (value) => {
        if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        if (typeof value !== 'string') return mismatch('blob', value);
        const decoded = decodeBase64Strictly(value);
        if (typeof decoded === 'string') throw serializationError(decoded);
        return decoded;
      };
    case 'timestamp':
      return format === 'json' ? decodeJsonTimestamp : decodeCborTimestamp;
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

function decodeJsonTimestamp(value: unknown): Date {
  if (typeof value !== 'number' || !Number.isFinite(value)) return mismatch('timestamp', value);
  return toDate(Math.round(value * 1000), value);
}

/** CBOR: tag 1 (or a bare number) carries epoch milliseconds; tag 0 an RFC 3339 string. */
function decodeCborTimestamp(value: unknown): Date {
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

/** Encode an engine result along `shapeName` into the response body bytes. */
export function encodeOutput(model: ServiceModel, shapeName: string, value: unknown, format: WireFormat): Buffer {
  if (format === 'json') {
    const out = new JsonWriter();
    jsonEncoder(model, shapeName)(value, out);
    return out.bytes();
  }
  return encodeCbor(cborEncoder(model, shapeName)(value));
}

/** Paths are only for error messages: built when something fails, not for every record. */
function child<R>(encode: Codec<R>, value: unknown, step: string | number): R {
  try {
    return encode(value);
  } catch (err) {
    throw withStep(err, step);
  }
}

function withStep(err: unknown, step: string | number): unknown {
  if (!(err instanceof OutputShapeError)) return err;
  return err.under(typeof step === 'number' ? `[${step}]` : step);
}

const INT32_MIN = -(2 ** 31);
const UINT32_MAX = 2 ** 32 - 1;

function checkedNumber(type: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OutputShapeError('', type, value);
  return value;
}

/**
 * JSON written straight into bytes: building the text as strings and encoding it at the end cost more
 * than the rest of a GetRecords response together (every record's pieces were joined, then copied).
 */
const QUOTE = 0x22;

class JsonWriter {
  private buffer = Buffer.allocUnsafe(16 * 1024) as RawBuffer;
  private length = 0;

  /** Text known to be ASCII (keys, numbers, base64): one byte per character. */
  ascii(text: string): void {
    this.reserve(text.length);
    this.length += this.buffer.latin1Write(text, this.length);
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buffer.utf8Write(text, this.length);
  }

  /** A JSON string literal: `text` between quotes, escaped as JSON.stringify escapes it. */
  string(text: string): void {
    if (NEEDS_ESCAPE.test(text)) {
      this.utf8(JSON.stringify(text));
      return;
    }
    this.reserve(text.length * 3 + 2);
    this.buffer[this.length++] = QUOTE;
    this.length += this.buffer.utf8Write(text, this.length);
    this.buffer[this.length++] = QUOTE;
  }

  /** Base64 text between quotes (nothing to escape). */
  base64(bytes: Buffer): void {
    const text = bytes.toString('base64');
    this.reserve(text.length + 2);
    this.buffer[this.length++] = QUOTE;
    this.length += this.buffer.latin1Write(text, this.length);
    this.buffer[this.length++] = QUOTE;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes)) as RawBuffer;
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/**
 * Buffer's per-encoding writers, which `buf.write(text, offset, encoding)` dispatches to after parsing its
 * arguments (that parsing was a third of the writer's time). Present on every Buffer since Node 0.x, but
 * not in @types/node.
 */
type RawBuffer = Buffer & {
  latin1Write(text: string, offset: number): number;
  utf8Write(text: string, offset: number): number;
};

type JsonCodec = (value: unknown, out: JsonWriter) => void;

function writeChild(encode: JsonCodec, value: unknown, out: JsonWriter, step: string | number): void {
  try {
    encode(value, out);
  } catch (err) {
    throw withStep(err, step);
  }
}

/** JSON text: the same characters JSON.stringify would write for the encoded value. */
const jsonEncoder = compiler<JsonCodec>((shape, codecOf, shapeNamed) => {
  switch (shape.type) {
    case 'structure': {
      // Scalar members are written in the loop itself: a GetRecords page is thousands of small structures,
      // and a call (with its error-path wrapper) per scalar was most of their cost.
      const members = memberTable(shape).map(([member, target]) => {
        const key = `${JSON.stringify(member)}:`;
        return { member, inherited: member in Object.prototype, first: `{${key}`, next: `,${key}`, type: shapeNamed(target).type, encode: codecOf(target) };
      });
      return (value, out) => {
        if (!isRecord(value)) throw new OutputShapeError('', 'structure', value);
        let first = true;
        for (let i = 0; i < members.length; i++) {
          const m = members[i] as (typeof members)[number];
          const item = m.inherited && !hasOwn(value, m.member) ? undefined : value[m.member];
          if (item === null || item === undefined) continue;
          out.utf8(first ? m.first : m.next);
          first = false;
          switch (m.type) {
            case 'string':
              if (typeof item !== 'string') throw new OutputShapeError(m.member, 'string', item);
              out.string(item);
              break;
            case 'blob':
              out.base64(blobBuffer(item, m.member));
              break;
            case 'timestamp':
              out.ascii(epochSeconds(checkedDate(item, m.member).getTime()));
              break;
            default:
              writeChild(m.encode, item, out, m.member);
          }
        }
        out.ascii(first ? '{}' : '}');
      };
    }
    case 'list': {
      const encode = codecOf(shape.member.shape);
      return (value, out) => {
        if (!Array.isArray(value)) throw new OutputShapeError('', 'list', value);
        out.ascii('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.ascii(',');
          writeChild(encode, value[i], out, i);
        }
        out.ascii(']');
      };
    }
    case 'map': {
      const encode = codecOf(shape.value.shape);
      return (value, out) => {
        if (!isRecord(value)) throw new OutputShapeError('', 'map', value);
        let first = true;
        for (const [key, item] of Object.entries(value)) {
          out.utf8(`${first ? '{' : ','}${JSON.stringify(key)}:`);
          first = false;
          writeChild(encode, item, out, key);
        }
        out.ascii(first ? '{}' : '}');
      };
    }
    case 'string':
      return (value, out) => {
        if (typeof value !== 'string') throw new OutputShapeError('', 'string', value);
        out.string(value);
      };
    case 'boolean':
      return (value, out) => {
        if (typeof value !== 'boolean') throw new OutputShapeError('', 'boolean', value);
        out.ascii(value ? 'true' : 'false');
      };
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const type = shape.type;
      return (value, out) => out.ascii(String(checkedNumber(type, value))); // finite numbers print as JSON.stringify prints them
    }
    case 'blob':
      return (value, out) => out.base64(blobBuffer(value));
    case 'timestamp':
      return (value, out) => out.ascii(epochSeconds(checkedDate(value).getTime()));
  }
});

/** Characters JSON.stringify escapes (quote, backslash, controls) or checks (surrogates): the slow path. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;


/**
 * `String(ms / 1000)`, several times faster: for 0 <= ms < 10^15 the quotient has at most 15 significant
 * digits, so its shortest round-trip form is exactly "seconds.fraction" without trailing zeros.
 */
function epochSeconds(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 1e15) return String(ms / 1000);
  const seconds = Math.floor(ms / 1000);
  const fraction = ms - seconds * 1000;
  if (fraction === 0) return String(seconds);
  const digits = String(1000 + fraction).slice(1).replace(/0+$/, '');
  return `${seconds}.${digits}`;
}

/** Values the CBOR encoder writes (plain objects, arrays, Buffers, bigints, Tags). */
const cborEncoder = compiler<Codec<unknown>>((shape, codecOf) => {
  switch (shape.type) {
    case 'structure': {
      const members = memberTable(shape).map(([member, target]) => ({ member, encode: codecOf(target) }));
      return (value) => {
        if (!isRecord(value)) throw new OutputShapeError('', 'structure', value);
        const out: Record<string, unknown> = {};
        for (const { member, encode } of members) {
          const item = hasOwn(value, member) ? value[member] : undefined;
          if (item === null || item === undefined) continue;
          out[member] = child(encode, item, member);
        }
        return out;
      };
    }
    case 'list': {
      const encode = codecOf(shape.member.shape);
      return (value) => {
        if (!Array.isArray(value)) throw new OutputShapeError('', 'list', value);
        return value.map((item, i) => child(encode, item, i));
      };
    }
    case 'map': {
      const encode = codecOf(shape.value.shape);
      return (value) => {
        if (!isRecord(value)) throw new OutputShapeError('', 'map', value);
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) setOwn(out, key, child(encode, item, key));
        return out;
      };
    }
    case 'string':
      return (value) => {
        if (typeof value !== 'string') throw new OutputShapeError('', 'string', value);
        return value;
      };
    case 'boolean':
      return (value) => {
        if (typeof value !== 'boolean') throw new OutputShapeError('', 'boolean', value);
        return value;
      };
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const type = shape.type;
      const integral = type === 'integer' || type === 'long';
      return (value) => {
        const n = checkedNumber(type, value);
        const wide = Number.isSafeInteger(n) && (n > UINT32_MAX || n < INT32_MIN);
        return integral && wide ? BigInt(n) : n;
      };
    }
    case 'blob':
      return blobBuffer;
    case 'timestamp':
      return (value) => cborTimestamp(checkedDate(value));
  }
});

function blobBuffer(value: unknown, path = ''): Buffer {
  if (!(value instanceof Uint8Array)) throw new OutputShapeError(path, 'blob (Uint8Array)', value);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function checkedDate(value: unknown, path = ''): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new OutputShapeError(path, 'timestamp (Date)', value);
  return value;
}
