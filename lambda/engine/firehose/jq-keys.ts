/**
 * Dynamic partitioning's MetadataExtractionQuery: the JQ subset that partition-key queries use, an
 * object of named paths, e.g. `{customer_id: .customer.id, device: .device}` (dynamic-partitioning.html).
 * Keys are identifiers or quoted strings; values are `.` paths of identifiers, quoted keys (`."a b"`)
 * and array indexes (`[0]`). Anything else is refused when the stream is created, with the reason.
 *
 * A record that is not a JSON object, or lacks a path, fails extraction: the delivery stream sends it to
 * the error output. Values are strings as JQ prints them (`-r` style: strings bare, others as JSON).
 */
export class JqKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqKeysError';
  }
}

type Step = string | number;

export function compileJqKeys(query: string): (record: Buffer) => Record<string, string> {
  const keys = parseQuery(query);
  return (record) => {
    let doc: unknown;
    try {
      doc = JSON.parse(record.toString('utf8'));
    } catch {
      throw new JqKeysError('record is not valid JSON');
    }
    const out: Record<string, string> = {};
    for (const [name, path] of keys) {
      let value: unknown = doc;
      for (const step of path) {
        value = typeof step === 'number' ? (Array.isArray(value) ? value[step] : undefined) : isObject(value) ? value[step] : undefined;
      }
      if (value === undefined || value === null) throw new JqKeysError(`partition key ${name}: path .${path.join('.')} is missing or null in the record`);
      out[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return out;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseQuery(query: string): [string, Step[]][] {
  let pos = 0;
  const fail = (what: string): never => {
    throw new JqKeysError(`unsupported or invalid JQ at character ${pos + 1} of ${JSON.stringify(query)}: ${what} (supported: {name: .path, ...})`);
  };
  const space = () => {
    while (pos < query.length && /\s/.test(query[pos] as string)) pos++;
  };
  const expect = (c: string) => {
    space();
    if (query[pos] !== c) fail(`expected '${c}'`);
    pos++;
  };
  const identifier = (): string | undefined => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const quoted = (): string | undefined => {
    if (query[pos] !== '"') return undefined;
    const m = /^"(?:[^"\\]|\\.)*"/.exec(query.slice(pos));
    if (!m) return fail('unterminated string');
    pos += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const path = (): Step[] => {
    space();
    if (query[pos] !== '.') fail("a value must be a path starting with '.'");
    const steps: Step[] = [];
    while (pos < query.length) {
      if (query[pos] === '.') {
        pos++;
        const name = quoted() ?? identifier();
        if (name !== undefined) steps.push(name);
        else if (steps.length > 0 || query[pos] !== '[') fail('expected a key after .');
      } else if (query[pos] === '[') {
        const m = /^\[(\d+)\]/.exec(query.slice(pos));
        if (!m) fail('only numeric array indexes are supported');
        pos += (m as RegExpExecArray)[0].length;
        steps.push(Number((m as RegExpExecArray)[1]));
      } else break;
    }
    return steps;
  };
  expect('{');
  const keys: [string, Step[]][] = [];
  space();
  while (query[pos] !== '}') {
    space();
    const name = quoted() ?? identifier() ?? fail('expected a key name');
    expect(':');
    keys.push([name, path()]);
    space();
    if (query[pos] === ',') pos++;
    else if (query[pos] !== '}') fail("expected ',' or '}'");
    space();
  }
  pos++;
  space();
  if (pos !== query.length) fail('unexpected text after the object');
  if (keys.length === 0) fail('no keys');
  if (keys.length > 50) fail('at most 50 keys');
  return keys;
}
