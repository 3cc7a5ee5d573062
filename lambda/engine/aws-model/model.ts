/**
 * AWS API model facts (generated from botocore by scripts/generate-aws-models.ts) and the accessors
 * the engine, the local endpoint and synth-time validation use, so limits are never hand-copied.
 *
 * `validateShape` reproduces AWS's "coral" request validation messages, e.g.
 * `Value 'abc!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`.
 */

/** The subset of botocore's `metadata` the endpoint needs (X-Amz-Target prefix, JSON version). */
export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly targetPrefix: string;
  readonly jsonVersion: string;
  readonly protocol: string;
  readonly serviceId: string;
}

export interface Operation {
  readonly name: string;
  readonly input?: string;
  readonly output?: string;
  /** Error shape names, in the model's order. */
  readonly errors: readonly string[];
}

/** A structure member, list member or map key/value: the target shape (plus HTTP binding if any). */
export interface MemberRef {
  readonly shape: string;
  readonly location?: string;
  readonly locationName?: string;
}

/** `min`/`max`: a length for strings, blobs, lists and maps; a value for numbers. */
interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export interface StringShape extends Bounds {
  readonly type: 'string';
  /** A Java regular expression that must match the whole value. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}
export interface NumberShape extends Bounds {
  readonly type: 'integer' | 'long' | 'float' | 'double';
}
export interface BlobShape extends Bounds {
  readonly type: 'blob';
}
export interface BooleanShape {
  readonly type: 'boolean';
}
export interface TimestampShape {
  readonly type: 'timestamp';
}
export interface ListShape extends Bounds {
  readonly type: 'list';
  readonly member: MemberRef;
}
export interface MapShape extends Bounds {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
}
/** botocore's optional `error` block of an exception shape. */
export interface ErrorInfo {
  readonly code?: string;
  readonly httpStatusCode?: number;
  readonly senderFault?: boolean;
}
export interface StructureShape {
  readonly type: 'structure';
  readonly required?: readonly string[];
  /** Member name → target, in the model's order (AWS reports errors in member order). */
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly exception?: boolean;
  /** A server-side fault (HTTP 5xx) rather than a client error. */
  readonly fault?: boolean;
  readonly error?: ErrorInfo;
}

export type Shape =
  | StringShape
  | NumberShape
  | BlobShape
  | BooleanShape
  | TimestampShape
  | ListShape
  | MapShape
  | StructureShape;
export type ShapeType = Shape['type'];

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, Operation>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** Thrown for a value whose JSON type does not fit its shape: AWS answers SerializationException, not a validation error. */
export class ShapeTypeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: ShapeType,
    readonly actual: string,
  ) {
    super(`Expected ${expected} at '${path || '<root>'}' but found ${actual}`);
    this.name = 'ShapeTypeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Accessors. They throw on an unknown shape name: limits modules call them at import time, so a
// renamed or mistyped shape fails every test instead of silently dropping a limit.

export function shapeOf(model: ServiceModel, shapeName: string): Shape {
  const shape = Object.prototype.hasOwnProperty.call(model.shapes, shapeName) ? model.shapes[shapeName] : undefined;
  if (shape === undefined) throw new Error(`Unknown shape '${shapeName}' in the ${model.metadata.serviceId} model`);
  return shape;
}

/** Both value bounds of an integer/long shape; throws if either is missing (callers rely on both). */
export function integerRange(model: ServiceModel, shapeName: string): { min: number; max: number } {
  const shape = shapeOf(model, shapeName);
  if ((shape.type !== 'integer' && shape.type !== 'long') || shape.min === undefined || shape.max === undefined) {
    throw new Error(`Shape '${shapeName}' is not an integer shape with both a min and a max (type ${shape.type})`);
  }
  return { min: shape.min, max: shape.max };
}

/** Length bounds of a string, blob, list or map shape; absent bounds are left out (safe to spread). */
export function lengthRange(model: ServiceModel, shapeName: string): { min?: number; max?: number } {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'string' && shape.type !== 'blob' && shape.type !== 'list' && shape.type !== 'map') {
    throw new Error(`Shape '${shapeName}' has no length (type ${shape.type})`);
  }
  const range: { min?: number; max?: number } = {};
  if (shape.min !== undefined) range.min = shape.min;
  if (shape.max !== undefined) range.max = shape.max;
  return range;
}

/** The shape's pattern as an anchored RegExp (AWS patterns must match the whole value), if it has one. */
export function patternOf(model: ServiceModel, shapeName: string): RegExp | undefined {
  const shape = shapeOf(model, shapeName);
  return shape.type === 'string' && shape.pattern !== undefined ? compilePattern(shape.pattern) : undefined;
}

/** The shape's pattern as AWS writes it (for messages that quote the rule), if it has one. */
export function patternTextOf(model: ServiceModel, shapeName: string): string | undefined {
  const shape = shapeOf(model, shapeName);
  return shape.type === 'string' ? shape.pattern : undefined;
}

/** Length bounds and pattern of a string shape together: what a name check needs. */
export function stringConstraints(model: ServiceModel, shapeName: string) {
  return { ...lengthRange(model, shapeName), pattern: patternOf(model, shapeName), patternText: patternTextOf(model, shapeName) };
}

/** The enum values of a string shape, in the model's order; throws if the shape has none. */
export function enumOf(model: ServiceModel, shapeName: string): readonly string[] {
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'string' || shape.enum === undefined) throw new Error(`Shape '${shapeName}' is not an enum`);
  return shape.enum;
}

// ---------------------------------------------------------------------------------------------
// Java regular expressions → JavaScript. The models are written for java.util.regex; the few
// differences that occur in them are translated so that every pattern compiles with the `u` flag
// (needed for \p{L}): possessive quantifiers (`\d{12}+`, atomic in Java) become greedy, identity
// escapes of non-syntax characters (`\_`, rejected by `u`) become the literal character, `\A`/`\z`
// become anchors, `\x{..}` becomes `\u{..}` and `\Q..\E` is quoted.

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''));
const patternCache = new Map<string, RegExp>();

/** Compile an AWS model pattern into an anchored, full-match RegExp (cached). Throws if it cannot be translated. */
export function compilePattern(javaPattern: string): RegExp {
  let re = patternCache.get(javaPattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${javaRegexToJs(javaPattern)})$`, 'u');
    patternCache.set(javaPattern, re);
  }
  return re;
}

function escapeLiteral(ch: string, inClass: boolean): string {
  return SYNTAX_CHARS.has(ch) || (inClass && ch === '-') ? `\\${ch}` : ch;
}

function javaRegexToJs(p: string): string {
  let out = '';
  let inClass = false;
  let afterQuantifier = false; // a `+` right after a quantifier is Java's possessive form
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) throw new Error(`Pattern ends with a backslash: ${p}`);
      i++;
      afterQuantifier = false;
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 1);
        const quoted = p.slice(i + 1, end === -1 ? p.length : end);
        for (const q of quoted) out += escapeLiteral(q, inClass);
        i = end === -1 ? p.length : end + 1;
      } else if ((n === 'p' || n === 'P' || n === 'x') && p[i + 1] === '{') {
        const close = p.indexOf('}', i + 1);
        if (close === -1) throw new Error(`Unterminated \\${n}{ in pattern: ${p}`);
        out += `\\${n === 'x' ? 'u' : n}${p.slice(i + 1, close + 1)}`;
        i = close;
      } else if (n === 'A' && !inClass) {
        out += '^';
      } else if ((n === 'z' || n === 'Z') && !inClass) {
        out += '$';
      } else if (/[A-Za-z0-9]/.test(n)) {
        out += `\\${n}`; // \d \w \s \S \b \uFFFF ... mean the same in both
      } else {
        out += escapeLiteral(n, inClass);
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      afterQuantifier = false;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      continue;
    }
    if (afterQuantifier && c === '+') {
      afterQuantifier = false;
      continue;
    }
    if (afterQuantifier && c === '?') {
      afterQuantifier = false; // lazy modifier
      out += c;
      continue;
    }
    if (c === '(') {
      afterQuantifier = false;
      out += c;
      if (p[i + 1] === '?') out += p[++i]; // group syntax, not a quantifier
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      afterQuantifier = true;
      out += c;
      continue;
    }
    if (c === '{') {
      const quantifier = /^\{\d+(?:,\d*)?\}/.exec(p.slice(i));
      if (quantifier) {
        out += quantifier[0];
        i += quantifier[0].length - 1;
        afterQuantifier = true;
      } else {
        out += '\\{'; // a literal brace: `u` rejects it unescaped
        afterQuantifier = false;
      }
      continue;
    }
    afterQuantifier = false;
    out += c === '}' || c === ']' ? `\\${c}` : c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Coral validation.

/**
 * Validate a JSON request value against a shape the way AWS does, returning AWS's messages (empty when
 * valid) in model member order. Paths are member names with a lower-case first letter, list members
 * `name.N.member` (1-based) and map values `name.KEY.member`. A null/absent top-level value is treated
 * as `{}`. Blobs are base64 strings (JSON) or bytes (CBOR) and are measured in decoded bytes. Unknown
 * members are ignored, as AWS does. Throws ShapeTypeError when a value's JSON type does not fit.
 * `path` prefixes every member path (for validating a nested structure on its own); it is required
 * when `shapeName` is not a structure.
 */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown, path = ''): string[] {
  // Nearly every request is valid: a check that only answers yes or no, building no paths or
  // messages, settles those; the full walk runs only to explain a failure.
  if (shapeOf(model, shapeName).type === 'structure' && conforms(model, shapeName, value ?? {})) return [];
  return explainShape(model, shapeName, value, path);
}

/** The full validation walk, without the fast path: what validateShape returns for an invalid value. */
export function explainShape(model: ServiceModel, shapeName: string, value: unknown, path = ''): string[] {
  const errors: string[] = [];
  const shape = shapeOf(model, shapeName);
  if (shape.type === 'structure') {
    checkValue(model, shapeName, value ?? {}, path, errors);
  } else {
    if (path === '') throw new Error(`validateShape needs a path for the non-structure shape '${shapeName}'`);
    checkMember(model, shapeName, value, path, false, errors);
  }
  return errors;
}

/** `1 validation error detected: X` / `3 validation errors detected: X; Y; Z`. */
export function formatValidationErrors(messages: readonly string[]): string {
  if (messages.length === 0) throw new Error('formatValidationErrors needs at least one message');
  const noun = messages.length === 1 ? 'error' : 'errors';
  return `${messages.length} validation ${noun} detected: ${messages.join('; ')}`;
}

/**
 * A structure's members as `[name, target shape, required]`, computed once per shape: validation and
 * the wire codec walk it for every record of a batch.
 */
const memberTables = new WeakMap<StructureShape, ReadonlyArray<readonly [string, string, boolean]>>();
export function memberTable(shape: StructureShape): ReadonlyArray<readonly [string, string, boolean]> {
  let table = memberTables.get(shape);
  if (table === undefined) {
    const required = new Set(shape.required ?? []);
    table = Object.entries(shape.members).map(([member, ref]) => [member, ref.shape, required.has(member)] as const);
    memberTables.set(shape, table);
  }
  return table;
}

/** True when `value` satisfies every constraint `checkValue` would check (false on any doubt). */
function conforms(model: ServiceModel, shapeName: string, value: unknown): boolean {
  const shape = shapeOf(model, shapeName);
  const bounds = shape as Bounds;
  const within = (length: number) => (bounds.min === undefined || length >= bounds.min) && (bounds.max === undefined || length <= bounds.max);
  switch (shape.type) {
    case 'string':
      return typeof value === 'string' && within(value.length)
        && (shape.pattern === undefined || compilePattern(shape.pattern).test(value))
        && (shape.enum === undefined || shape.enum.includes(value));
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value)
        && (shape.min === undefined || value >= shape.min) && (shape.max === undefined || value <= shape.max);
    case 'blob': {
      const length = blobLength(value);
      return length !== undefined && within(length);
    }
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string' || value instanceof Date;
    case 'list':
      if (!Array.isArray(value) || !within(value.length)) return false;
      for (const item of value) if (item === null || item === undefined || !conforms(model, shape.member.shape, item)) return false;
      return true;
    case 'map':
      return false; // rare in requests (tags): the full walk handles them
    case 'structure': {
      if (!isPlainObject(value)) return false;
      for (const [member, target, required] of memberTable(shape)) {
        const item = Object.prototype.hasOwnProperty.call(value, member) ? value[member] : undefined;
        if (item === null || item === undefined) {
          if (required) return false;
        } else if (!conforms(model, target, item)) {
          return false;
        }
      }
      return true;
    }
  }
}


/** AWS names members in paths with the first letter lower-cased (`StreamARN` → `streamARN`). */
function memberPathName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function join(path: string, segment: string): string {
  return path === '' ? segment : `${path}.${segment}`;
}

/** `shown` undefined means AWS omits the value (blobs): `Value at 'x' failed ...`. */
function message(shown: string | null | undefined, path: string, constraint: string): string {
  const value = shown === undefined ? 'Value' : shown === null ? 'Value null' : `Value '${shown}'`;
  return `${value} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function checkMember(model: ServiceModel, target: string, value: unknown, path: string, required: boolean, errors: string[]): void {
  if (value === null || value === undefined) {
    if (required) errors.push(message(null, path, 'Member must not be null'));
    return;
  }
  checkValue(model, target, value, path, errors);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `shown` is lazy: rendering a 500-record list is only worth it when it is reported. */
function lengthErrors(shape: Bounds, length: number, shown: () => string | undefined, path: string, errors: string[]): void {
  if (shape.min !== undefined && length < shape.min) {
    errors.push(message(shown(), path, `Member must have length greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && length > shape.max) {
    errors.push(message(shown(), path, `Member must have length less than or equal to ${shape.max}`));
  }
}

function checkValue(model: ServiceModel, shapeName: string, value: unknown, path: string, errors: string[]): void {
  const shape = shapeOf(model, shapeName);
  const wrongType = (): ShapeTypeError => new ShapeTypeError(path, shape.type, jsonTypeOf(value));
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') throw wrongType();
      if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value)) {
        errors.push(message(value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
      }
      lengthErrors(shape, value.length, () => value, path, errors); // UTF-16 units, like Java's String.length()
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        errors.push(message(value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType();
      const shown = renderNumber(shape, value);
      if (shape.min !== undefined && value < shape.min) {
        errors.push(message(shown, path, `Member must have value greater than or equal to ${shape.min}`));
      }
      if (shape.max !== undefined && value > shape.max) {
        errors.push(message(shown, path, `Member must have value less than or equal to ${shape.max}`));
      }
      return;
    }
    case 'blob': {
      const length = blobLength(value);
      if (length === undefined) throw wrongType();
      lengthErrors(shape, length, () => undefined, path, errors);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType();
      return;
    case 'timestamp':
      // JSON sends epoch seconds (number) or a date string; CBOR a Date. AWS models carry no constraints on them.
      if (typeof value !== 'number' && typeof value !== 'string' && !(value instanceof Date)) throw wrongType();
      return;
    case 'list': {
      if (!Array.isArray(value)) throw wrongType();
      lengthErrors(shape, value.length, () => render(model, shapeName, value), path, errors);
      value.forEach((item, i) => checkMember(model, shape.member.shape, item, `${path}.${i + 1}.member`, true, errors));
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) throw wrongType();
      const keys = Object.keys(value);
      lengthErrors(shape, keys.length, () => render(model, shapeName, value), path, errors);
      // AWS reports bad keys once, at the map, listing the key shape's constraints.
      const keyErrors: string[] = [];
      for (const key of keys) checkValue(model, shape.key.shape, key, path, keyErrors);
      if (keyErrors.length > 0) {
        const constraints = keyConstraints(shapeOf(model, shape.key.shape));
        errors.push(message(render(model, shapeName, value), path, `Map keys must satisfy constraint: [${constraints.join(', ')}]`));
      }
      for (const key of keys) checkMember(model, shape.value.shape, value[key], `${path}.${key}.member`, true, errors);
      return;
    }
    case 'structure': {
      if (!isPlainObject(value)) throw wrongType();
      for (const [member, target, required] of memberTable(shape)) {
        const present = Object.prototype.hasOwnProperty.call(value, member) ? value[member] : undefined;
        checkMember(model, target, present, join(path, memberPathName(member)), required, errors);
      }
      return;
    }
  }
}

function keyConstraints(keyShape: Shape): string[] {
  const out: string[] = [];
  if (keyShape.type !== 'string') return out;
  if (keyShape.max !== undefined) out.push(`Member must have length less than or equal to ${keyShape.max}`);
  if (keyShape.min !== undefined) out.push(`Member must have length greater than or equal to ${keyShape.min}`);
  if (keyShape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${keyShape.pattern}`);
  if (keyShape.enum !== undefined) out.push(`Member must satisfy enum value set: [${keyShape.enum.join(', ')}]`);
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded byte length of a blob, or undefined if it is neither bytes nor canonical base64. */
function blobLength(value: unknown): number | undefined {
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value !== 'string' || !BASE64.test(value)) return undefined;
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding;
}

/** Java prints doubles with a fraction (`1.0`). */
function renderNumber(shape: NumberShape, value: number): string {
  return (shape.type === 'double' || shape.type === 'float') && Number.isInteger(value) ? `${value}.0` : String(value);
}

/** Java-style rendering of a value inside a message (`[a, b]`, `{k=v}`); blobs as Java's ByteBuffer. */
function render(model: ServiceModel, shapeName: string, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'blob': {
      const length = blobLength(value) ?? 0;
      return `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;
    }
    case 'list':
      return Array.isArray(value) ? `[${value.map((item) => render(model, shape.member.shape, item)).join(', ')}]` : String(value);
    case 'map':
      return isPlainObject(value)
        ? `{${Object.entries(value).map(([k, v]) => `${k}=${render(model, shape.value.shape, v)}`).join(', ')}}`
        : String(value);
    case 'structure':
      return isPlainObject(value)
        ? `{${Object.entries(shape.members)
            .filter(([member]) => value[member] !== undefined && value[member] !== null)
            .map(([member, ref]) => `${member}=${render(model, ref.shape, value[member])}`)
            .join(', ')}}`
        : String(value);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return typeof value === 'number' ? renderNumber(shape, value) : String(value);
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}
