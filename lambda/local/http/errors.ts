/**
 * AWS's wire errors for the local endpoint: names, HTTP statuses and exact messages, in one place.
 *
 * Sources (checked 2026-11):
 * - [KL] mhart/kinesalite test/connection.js and validations/index.js: the front-end ("coral") errors
 *   that kinesalite's author recorded from the live Kinesis API. Used for the status codes and bodies of
 *   UnknownOperationException, SerializationException (no message for an unparseable or empty body; a
 *   capital-M `Message` for type errors), MissingAuthenticationTokenException, IncompleteSignatureException,
 *   InvalidSignatureException and the 403 XML bodies answered when the content type is not AWS JSON/CBOR.
 * - [PR] the PutRecords API reference: `InternalFailure` / `Internal service failure.`.
 * - ../shared/reference/kinesis.md: `{"__type", "message"}` bodies, HTTP 400 for service errors.
 * Messages marked [local] have no AWS source: they cover cases AWS's JSON front end cannot meet (CBOR-only
 * values) or limits of this endpoint.
 */

/** An error answered in the request's own format (AWS JSON or CBOR) as `{__type, message}`. */
export class WireError extends Error {
  constructor(
    readonly status: number,
    /** The wire `__type`. */
    readonly type: string,
    /** Absent for errors AWS answers without a message (`{"__type":"SerializationException"}`). */
    readonly wireMessage?: string,
    /** SerializationException's body spells the key `Message` [KL]. */
    readonly messageKey: 'message' | 'Message' = 'message',
  ) {
    super(wireMessage ?? type);
    this.name = 'WireError';
  }

  /** The response body as an object (JSON or CBOR encodes it). */
  body(): Record<string, string> {
    const body: Record<string, string> = { __type: this.type };
    if (this.wireMessage !== undefined) body[this.messageKey] = this.wireMessage;
    return body;
  }
}

/** An error answered as AWS's bare XML document (the content type was not one the API speaks) [KL]. */
export class XmlWireError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly wireMessage: string,
  ) {
    super(wireMessage);
    this.name = 'XmlWireError';
  }

  body(): string {
    return `<${this.type}>\n  <Message>${this.wireMessage}</Message>\n</${this.type}>\n`;
  }
}

export const MISSING_AUTHENTICATION_TOKEN = 'Missing Authentication Token';
export const UNABLE_TO_DETERMINE_OPERATION = 'Unable to determine service/operation name to be authorized';
export const INTERNAL_FAILURE_MESSAGE = 'Internal service failure.';

/** Empty or unparseable body, or a body that is not a structure: HTTP 400 without a message [KL]. */
export const serializationError = (message?: string): WireError =>
  new WireError(400, 'SerializationException', message, 'Message');

/** X-Amz-Target names no operation of a served API: HTTP 400 without a message [KL]. */
export const unknownOperation = (): WireError => new WireError(400, 'UnknownOperationException');

/** No Authorization header and no presigned query: HTTP 400 in the request's format [KL]. */
export const missingAuthenticationToken = (): WireError =>
  new WireError(400, 'MissingAuthenticationTokenException', MISSING_AUTHENTICATION_TOKEN);

/** A malformed Authorization header or presigned query [KL]. */
export const incompleteSignature = (message: string): WireError => new WireError(400, 'IncompleteSignatureException', message);

/** Both an Authorization header and a presigned query [KL]. */
export const bothSignatures = (): WireError =>
  new WireError(
    400,
    'InvalidSignatureException',
    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  );

export const validationError = (message: string): WireError => new WireError(400, 'ValidationException', message);

/** Anything the engine throws that is not a service error: HTTP 500 [PR]. */
export const internalFailure = (): WireError => new WireError(500, 'InternalFailure', INTERNAL_FAILURE_MESSAGE);

/** Non-POST, or a content type other than AWS JSON 1.1 / CBOR 1.1: 403 XML [KL]. */
export const notAnApiRequest = (authenticated: boolean): XmlWireError =>
  authenticated
    ? new XmlWireError(403, 'AccessDeniedException', UNABLE_TO_DETERMINE_OPERATION)
    : new XmlWireError(403, 'MissingAuthenticationTokenException', MISSING_AUTHENTICATION_TOKEN);

// ---------------------------------------------------------------------------------------------
// SerializationException messages for values of the wrong type [KL]. AWS's front end is Java: the
// wording (including "an Boolean" and "dectected") is Java's and is kept as AWS sends it.

/** What was found, in model.ts's vocabulary (`ShapeTypeError.actual`). */
export type FoundKind = 'null' | 'a list' | 'bytes' | 'an object' | 'a string' | 'a number' | 'a boolean';

const JAVA_NUMBER_CLASS = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';
const JAVA_TARGETS: Record<string, string> = {
  string: 'an String',
  boolean: 'an Boolean',
  integer: 'an Integer',
  long: 'an Long',
  float: 'an Float',
  double: 'an Double',
  blob: 'a Blob',
  timestamp: 'milliseconds since epoch',
};

/**
 * The message for a value of kind `found` where the model expects `expected` (a model ShapeType).
 * `shown` is the string value, for the boolean case that quotes it.
 */
export function typeMismatchMessage(expected: string, found: FoundKind | string, shown?: string): string {
  if (found === 'a list') return 'Start of list found where not expected';
  if (found === 'an object') return 'Start of structure or map found where not expected.';
  if (expected === 'list') return 'Expected list or null';
  if (expected === 'map') return 'Expected map or null';
  if (expected === 'structure') return 'Expected null';
  const target = JAVA_TARGETS[expected] ?? `an ${expected}`;
  switch (found) {
    case 'a boolean':
      return `class java.lang.Boolean can not be converted to ${target}`;
    case 'a number':
      return `${JAVA_NUMBER_CLASS} can not be converted to ${target}`;
    case 'a string':
      if (expected === 'boolean' && shown !== undefined) return `'${shown.toUpperCase()}' can not be converted to an Boolean`;
      return `class java.lang.String can not be converted to ${target}`;
    case 'bytes':
      return `class [B can not be converted to ${target}`; // [local] CBOR only: a byte string where no blob is expected
    default:
      return `Unexpected ${found} for ${target}`; // [local] not reached: nulls are absent members
  }
}

/**
 * Decodes base64 as strictly as AWS: returns the bytes, or AWS's message for the first problem
 * (base64Problem). One decode, no regular expression and no re-encode: Node's decoder skips characters
 * outside the alphabet and stops at '=', so any such character makes the output shorter than the text's
 * length promises; the URL-safe '-' and '_', which Node accepts, are looked for; and a non-canonical
 * string differs from the canonical one only in the unused low bits of its last data character.
 */
export function decodeBase64Strictly(text: string): Buffer | string {
  const problem = (): Buffer | string => base64Problem(text) ?? Buffer.from(text, 'base64');
  if (text.length % 4 !== 0) return problem();
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const decoded = Buffer.from(text, 'base64');
  if (decoded.length !== (text.length / 4) * 3 - pad || text.includes('-') || text.includes('_')) return problem();
  if (pad > 0) {
    const last = BASE64_ALPHABET.indexOf(text.charAt(text.length - pad - 1));
    if ((last & (pad === 2 ? 0x0f : 0x03)) !== 0) return problem();
  }
  return decoded;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Problem(text: string): string | undefined {
  const prefix = `'${text}' can not be converted to a Blob: `;
  if (text.length % 4 !== 0) {
    return `${prefix}Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  }
  const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(text);
  if (bad) return `${prefix}Invalid Base64 character: '${bad[0].charAt(0)}'`;
  if (Buffer.from(text, 'base64').toString('base64') !== text) {
    return `${prefix}Invalid last non-pad Base64 character dectected`;
  }
  return undefined;
}

/** [local] A timestamp outside JavaScript's Date range (±8.64e15 ms). */
export const timestampOutOfRange = (value: string): string => `Timestamp out of range: ${value}`;

/** [local] A request body over the endpoint's limit: HTTP 413 with an empty body, as kinesalite answers it. */
export const PAYLOAD_TOO_LARGE_STATUS = 413;
