import fc from 'fast-check';
import { splitCsv, CsvSyntaxError } from '../../../../../lambda/engine/sql/input/csv';
import { fromPlainJson, JsonNumber, JsonSyntaxError, parseJson, renderJson } from '../../../../../lambda/engine/sql/input/json';
import type { JsonValue } from '../../../../../lambda/engine/sql/input/json';
import { formatJsonPath, JsonPathSyntaxError, parseJsonPath, selectAll, selectOne } from '../../../../../lambda/engine/sql/input/json-path';
import type { PathSegment } from '../../../../../lambda/engine/sql/input/json-path';

function syntaxError(text: string): string {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e.message;
    throw e;
  }
  throw new Error('expected a JsonSyntaxError');
}

describe('parseJson', () => {
  it('keeps number text and member order', () => {
    const value = parseJson(' {"z": 9223372036854775807, "a": [1.50, -0, 1E3], "m": {"y": true, "x": null}} ');
    expect(value).toEqual(
      new Map<string, JsonValue>([
        ['z', new JsonNumber('9223372036854775807')],
        ['a', [new JsonNumber('1.50'), new JsonNumber('-0'), new JsonNumber('1E3')]],
        ['m', new Map<string, JsonValue>([['y', true], ['x', null]])],
      ]),
    );
    expect([...(value as Map<string, JsonValue>).keys()]).toEqual(['z', 'a', 'm']);
  });

  it('strings: escapes and surrogate pairs', () => {
    expect(parseJson('"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"')).toBe('a"b\\c/d\b\f\n\r\té😀');
  });

  it('a duplicated member keeps its first position and its last value; __proto__ is a plain key', () => {
    const value = parseJson('{"a":1,"b":2,"a":3,"__proto__":4}') as Map<string, JsonValue>;
    expect([...value.entries()]).toEqual([
      ['a', new JsonNumber('3')],
      ['b', new JsonNumber('2')],
      ['__proto__', new JsonNumber('4')],
    ]);
  });

  it.each([
    ['', 'Unexpected end of input at position 0'],
    ['{"a":1', "Expected ',' or '}' but found end of input at position 6"],
    ['{"a" 1}', "Expected ':' but found character '1' at position 5"],
    ['[1,]', "Unexpected character ']' at position 3"],
    ['{a:1}', "Expected a member name but found character 'a' at position 1"],
    ['01', "Unexpected character '1' after the JSON value at position 1"],
    ['1.', "Unexpected character '.' after the JSON value at position 1"],
    ['NaN', "Unexpected character 'N' at position 0"],
    ["'a'", "Unexpected character ''' at position 0"],
    ['"a\nb"', 'Unescaped control character U+000A in a string at position 2'],
    ['"\\x"', "Invalid escape '\\x' at position 1"],
    ['"\\u12"', 'Invalid \\u escape at position 1'],
    ['"abc', 'Unterminated string at position 4'],
    ['{} {}', "Unexpected character '{' after the JSON value at position 3"],
    ['tru', "Unexpected character 't' at position 0"],
  ])('rejects %j', (text, message) => {
    expect(syntaxError(text)).toBe(message);
  });

  it('limits nesting depth', () => {
    expect(syntaxError('['.repeat(600) + ']'.repeat(600))).toBe('JSON nested deeper than 512 levels at position 513');
    expect(() => parseJson('['.repeat(500) + ']'.repeat(500))).not.toThrow();
  });

  it('renderJson is compact and keeps the source text of numbers', () => {
    expect(renderJson(parseJson('{ "b" : [ 1.50 , true , null , "x\\"y" ] , "a" : { } }'))).toBe('{"b":[1.50,true,null,"x\\"y"],"a":{}}');
  });

  it('fromPlainJson', () => {
    expect(fromPlainJson({ a: [1, 2.5, 'x', null, false] })).toEqual(
      new Map<string, JsonValue>([['a', [new JsonNumber('1'), new JsonNumber('2.5'), 'x', null, false]]]),
    );
    expect(() => fromPlainJson(Number.NaN)).toThrow('NaN is not a JSON number');
  });

  it('property: rendering a parsed JSON.stringify text gives the same text, and parse agrees with JSON.parse', () => {
    const toPlain = (v: JsonValue): unknown =>
      v instanceof JsonNumber ? Number(v.text) : Array.isArray(v) ? v.map(toPlain) : v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)])) : v;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const parsed = parseJson(text);
        expect(renderJson(parsed)).toBe(text);
        expect(toPlain(parsed)).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe('JSONPath', () => {
  it('parses members, quoted members, indexes and [0:]', () => {
    expect(parseJsonPath('$').segments).toEqual([]);
    expect(parseJsonPath("$.orders[0:].orderId['a.b'][\"c\\\"d\"][12]").segments).toEqual([
      { kind: 'member', name: 'orders' },
      { kind: 'all' },
      { kind: 'member', name: 'orderId' },
      { kind: 'member', name: 'a.b' },
      { kind: 'member', name: 'c"d' },
      { kind: 'index', index: 12 },
    ]);
    expect(parseJsonPath('$.device-id.x y').segments).toEqual([
      { kind: 'member', name: 'device-id' },
      { kind: 'member', name: 'x y' },
    ]);
  });

  it.each([
    ['a.b', "A path must start with '$' at position 0"],
    ['$.', "Expected a member name after '.' at position 2"],
    ['$..a', "Deep scan '..' is not supported at position 1"],
    ['$.*', "Wildcard '*' is not supported at position 2"],
    ['$.a[*]', "Unsupported array index expression '[*]': only [0:] and [n] are supported at position 3"],
    ['$.a[1:]', "Unsupported array index expression '[1:]': only [0:] and [n] are supported at position 3"],
    ['$.a[-1]', "Unsupported array index expression '[-1]': only [0:] and [n] are supported at position 3"],
    ['$.a[?(@.x)]', "Unsupported array index expression '[?(@.x)]': only [0:] and [n] are supported at position 3"],
    ['$.a[0', "Unterminated '[' at position 3"],
    ["$['a'", "Expected ']' after the quoted member name at position 5"],
    ["$['a", 'Unterminated quoted member name at position 2'],
    ['$a', "Unexpected character 'a' at position 1"],
  ])('rejects %s', (text, message) => {
    let error: unknown;
    try {
      parseJsonPath(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonPathSyntaxError);
    expect((error as Error).message).toBe(message);
  });

  it('formats with dot notation where possible', () => {
    expect(formatJsonPath([{ kind: 'member', name: 'a' }, { kind: 'all' }, { kind: 'member', name: 'b c' }, { kind: 'member', name: "it's" }, { kind: 'index', index: 2 }])).toBe(
      "$.a[0:]['b c']['it\\'s'][2]",
    );
    expect(formatJsonPath([{ kind: 'member', name: '' }, { kind: 'member', name: '*' }, { kind: 'member', name: 'x.y' }])).toBe("$['']['*']['x.y']");
  });

  it('property: a formatted path parses back to the same segments', () => {
    const segment: fc.Arbitrary<PathSegment> = fc.oneof(
      fc.string().map((name) => ({ kind: 'member' as const, name })),
      fc.nat({ max: 999 }).map((index) => ({ kind: 'index' as const, index })),
      fc.constant({ kind: 'all' as const }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        expect(parseJsonPath(formatJsonPath(segments)).segments).toEqual(segments);
      }),
    );
  });

  it('selectOne and selectAll', () => {
    const doc = parseJson('{"a":[{"b":1},{"b":2},{"c":3}],"s":"x"}');
    expect(selectOne(doc, parseJsonPath('$.a[1].b').segments)).toEqual(new JsonNumber('2'));
    expect(selectOne(doc, parseJsonPath('$.s.b').segments)).toBeUndefined();
    expect(selectOne(doc, parseJsonPath('$.s[0:]').segments)).toBeUndefined();
    expect(selectAll(doc, parseJsonPath('$.a[0:].b').segments)).toEqual([new JsonNumber('1'), new JsonNumber('2')]);
    expect(selectAll(doc, parseJsonPath('$.missing[0:]').segments)).toEqual([]);
  });
});

describe('splitCsv', () => {
  it('splits rows and fields; NULL for empty unquoted fields', () => {
    expect(splitCsv('a,b\n,c,\n\nd', '\n', ',')).toEqual([
      ['a', 'b'],
      [null, 'c', null],
      ['d'],
    ]);
  });

  it('the longer delimiter wins where both match', () => {
    expect(splitCsv('a\r\nb\rc', '\r\n', '\r')).toEqual([['a'], ['b', 'c']]);
  });

  it('a tab column delimiter is not a blank', () => {
    expect(splitCsv('\t"a"\t', '\n', '\t')).toEqual([[null, 'a', null]]);
  });

  it('rejects malformed quoting', () => {
    expect(() => splitCsv('"a', '\n', ',')).toThrow(new CsvSyntaxError('Unterminated quoted field', 0));
    expect(() => splitCsv('x, "a" b', '\n', ',')).toThrow(new CsvSyntaxError("Unexpected character 'b' after a closing quote", 7));
  });

  it('property: RFC 4180-quoted fields split back to themselves', () => {
    const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(['\n', ','], ['\r\n', '\t'], ['|~|', '::']),
        (rows, [rowDelimiter, columnDelimiter]) => {
          const text = rows.map((r) => r.map(quote).join(columnDelimiter)).join(rowDelimiter);
          expect(splitCsv(text, rowDelimiter as string, columnDelimiter as string)).toEqual(rows);
        },
      ),
    );
  });
});
