/**
 * A strict JSON (RFC 8259) reader for input records that keeps what `JSON.parse` loses and KDA keeps:
 * - numbers stay as their source text, so BIGINT and DECIMAL(19, s) columns coerce exactly
 *   (`9223372036854775807` is not rounded to a double);
 * - objects keep their members in source order (a `Map`: `__proto__` is an ordinary key), so an
 *   array or object mapped to a VARCHAR column is rendered in its original member order.
 * A duplicated member keeps its first position and its last value (Jackson's ObjectNode behaviour).
 *
 * `renderJson` writes the compact form KDA shows for `$.orders[0:]` mapped to VARCHAR
 * (dev/about-json-path "Accessing Arrays": `[{"orderId":"23284","itemName":"Widget",...}]`, no spaces).
 */

/** A JSON number, kept as written (e.g. `-0.050`, `1E3`). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonArray | JsonObject;
export type JsonArray = JsonValue[];
export type JsonObject = Map<string, JsonValue>;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in UTF-16 code units into the parsed text. */
    readonly position: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

export function isJsonArray(value: JsonValue | undefined): value is JsonArray {
  return Array.isArray(value);
}

/** Parse one JSON document (surrounding whitespace allowed, nothing else). Throws JsonSyntaxError. */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail(`Unexpected ${describe(text, parser.pos)} after the JSON value`);
  return value;
}

/** Maximum nesting depth, to keep a hostile record from exhausting the stack. */
const MAX_DEPTH = 512;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.pos}`, this.pos);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`JSON nested deeper than ${MAX_DEPTH} levels`);
    const t = this.text;
    const c = t[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default: {
        NUMBER.lastIndex = this.pos;
        const m = NUMBER.exec(t);
        if (m === null || m[0].length === 0) this.fail(`Unexpected ${describe(t, this.pos)}`);
        this.pos += m[0].length;
        return new JsonNumber(m[0]);
      }
    }
  }

  literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`Unexpected ${describe(this.text, this.pos)}`);
    this.pos += word.length;
    return value;
  }

  object(depth: number): JsonObject {
    const members: JsonObject = new Map();
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return members;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`Expected a member name but found ${describe(this.text, this.pos)}`);
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`Expected ':' but found ${describe(this.text, this.pos)}`);
      this.pos++;
      this.skipWhitespace();
      members.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return members;
      }
      this.fail(`Expected ',' or '}' but found ${describe(this.text, this.pos)}`);
    }
  }

  array(depth: number): JsonArray {
    const items: JsonArray = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return items;
      }
      this.fail(`Expected ',' or ']' but found ${describe(this.text, this.pos)}`);
    }
  }

  string(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('Unterminated string');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(`Unescaped control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in a string`);
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(start, this.pos);
      const e = t[this.pos + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail(`Invalid escape ${e === undefined ? 'at end of input' : `'\\${e}'`}`);
      }
      this.pos += 2;
      start = this.pos;
    }
  }
}

function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const cp = text.codePointAt(pos) as number;
  return `character '${String.fromCodePoint(cp)}'`;
}

/** Compact JSON text: members in source order, numbers as written, strings escaped as JSON.stringify does. */
export function renderJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(renderJson).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of value) parts.push(`${JSON.stringify(key)}:${renderJson(item)}`);
  return `{${parts.join(',')}}`;
}

/** Convert a value produced by JSON.parse (or built in code) into a JsonValue; numbers use their shortest round-trip text. */
export function fromPlainJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
    return new JsonNumber(String(value));
  }
  if (Array.isArray(value)) return value.map(fromPlainJson);
  if (typeof value === 'object') {
    const members: JsonObject = new Map();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) members.set(key, fromPlainJson(item));
    return members;
  }
  throw new TypeError(`${typeof value} is not a JSON value`);
}
