import fc from 'fast-check';

import {
  DEAGGREGATION_ERRORS,
  DeaggregationConfigError,
  deaggregateRecord,
  failureDisposition,
  MAX_SUB_RECORDS,
  validateDeaggregationConfig,
  type DeaggregationConfig,
  type DeaggregationResult,
} from '../../../../lambda/engine/firehose/record-deaggregation';

const JSON_CONFIG: DeaggregationConfig = { subRecordType: 'JSON' };
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
const delimited = (delimiter: string | Buffer): DeaggregationConfig => ({ subRecordType: 'DELIMITED', delimiter: b64(delimiter) });

/** Sub-records as UTF-8 text; fails the test if de-aggregation failed. */
function split(data: string | Uint8Array, config: DeaggregationConfig = JSON_CONFIG): string[] {
  const result = deaggregateRecord(typeof data === 'string' ? Buffer.from(data) : data, config);
  if (!result.ok) throw new Error(`expected success, got ${result.errorCode}: ${result.errorMessage}`);
  return result.records.map((r) => r.toString('utf8'));
}

function failure(data: string, config: DeaggregationConfig = JSON_CONFIG): { errorCode: string; errorMessage: string } {
  const result: DeaggregationResult = deaggregateRecord(Buffer.from(data), config);
  if (result.ok) throw new Error(`expected failure, got ${JSON.stringify(result.records.map(String))}`);
  return { errorCode: result.errorCode, errorMessage: result.errorMessage };
}

const CODES = {
  array: 'RecordDeAggregation.JsonArrayNotSupported',
  notObject: 'RecordDeAggregation.NotJsonObject',
  truncated: 'RecordDeAggregation.TruncatedJson',
  invalid: 'RecordDeAggregation.InvalidJson',
  tooMany: 'RecordDeAggregation.TooManySubRecords',
};

describe('RecordDeAggregation, JSON', () => {
  it("splits AWS's two documented examples", () => {
    expect(split('{"a":1}{"a":2}')).toEqual(['{"a":1}', '{"a":2}']);
    expect(split('{"a":1}\n{"a":2}')).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('JSON Lines with a trailing newline, CRLF and surrounding whitespace', () => {
    expect(split('{"a":1}\n{"b":2}\n')).toEqual(['{"a":1}', '{"b":2}']);
    expect(split(' \t{"a":1}\r\n{"b":2}\r\n\n  ')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('keeps pretty-printed objects byte for byte, inner whitespace included', () => {
    const first = '{\n  "user": {\n    "id": 7,\n    "tags": [ "x", { "y": null } ]\n  }\n}';
    const second = '{\t"ok" :\ttrue }';
    expect(split(`${first}\n\n${second}\n`)).toEqual([first, second]);
  });

  it('ignores braces, brackets and escaped quotes inside strings', () => {
    const objects = [
      '{"s":"}{ not a boundary ]["}',
      '{"q":"say \\"}\\" twice","r":"{"}',
      '{"backslash":"\\\\"}', // the string is one backslash: its closing quote is not escaped
      '{"mixed":"\\\\\\"}"}', // backslash, escaped quote, brace
      '{"u":"\\u007d\\u007b"}',
    ];
    expect(split(objects.join(''))).toEqual(objects);
  });

  it('handles nested objects and empty objects', () => {
    expect(split('{"a":{"b":{"c":[{"d":{}}]}}}{}{ }')).toEqual(['{"a":{"b":{"c":[{"d":{}}]}}}', '{}', '{ }']);
  });

  it('keeps UTF-8 bytes exactly (no re-serialisation)', () => {
    const objects = ['{"名前":"ü😀"}', '{"e":"\\u00fc","n":1.50}', '{"k":1e3}'];
    const input = Buffer.from(`${objects[0]}\n${objects[1]} ${objects[2]}`);
    const result = deaggregateRecord(input, JSON_CONFIG);
    expect(result.ok && result.records.map((r) => r.toString('hex'))).toEqual(objects.map((o) => Buffer.from(o).toString('hex')));
  });

  it('accepts exactly 500 objects and rejects 501', () => {
    const objects = Array.from({ length: MAX_SUB_RECORDS }, (_, i) => `{"i":${i}}`);
    expect(split(objects.join('\n'))).toEqual(objects);
    expect(failure([...objects, '{"i":500}'].join('\n'))).toEqual({ errorCode: CODES.tooMany, errorMessage: 'Record holds more than 500 sub-records' });
  });

  it('rejects an array, at the start or after objects', () => {
    expect(failure('[{"a":1}, {"a":2}]')).toEqual({
      errorCode: CODES.array,
      errorMessage: 'Found a JSON array at byte 0; JSON de-aggregation takes concatenated objects or JSON Lines, not an array',
    });
    expect(failure('{"a":1}\n [{"a":2}]').errorMessage).toMatch(/^Found a JSON array at byte 9;/);
  });

  it('rejects top-level values that are not objects, and separators other than whitespace', () => {
    for (const input of ['42', '"text"', 'null', 'true', '{"a":1}5', '{"a":1},{"a":2}', '\ufeff{"a":1}', '{"a":1}}']) {
      expect(failure(input).errorCode).toBe(CODES.notObject);
    }
    expect(failure('{"a":1},{"a":2}').errorMessage).toBe('Expected a JSON object at byte 7');
  });

  it('rejects a record with no object at all rather than dropping it', () => {
    for (const input of ['', ' ', '\n\r\n\t']) {
      expect(failure(input)).toEqual({ errorCode: CODES.notObject, errorMessage: 'Record holds no JSON object' });
    }
  });

  it('rejects truncated objects', () => {
    expect(failure('{"a":1}{"b":')).toEqual({
      errorCode: CODES.truncated,
      errorMessage: 'JSON object starting at byte 7 is not closed before the end of the record',
    });
    expect(failure('{"a":"}"').errorCode).toBe(CODES.truncated); // the brace is inside an unterminated string
    expect(failure('{"a":{}').errorCode).toBe(CODES.truncated);
  });

  it('rejects objects that are not valid JSON, without quoting the payload', () => {
    for (const input of ['{"a":1,}', '{a:1}', "{'a':1}", '{"a":[1}', '{"a":01}', '{"a":"tab\there"}', '{"a" 1}', '{"a":1}{"b":NaN}']) {
      expect(failure(input).errorCode).toBe(CODES.invalid);
    }
    expect(failure('{"a":1}\n{"secret":nope}')).toEqual({ errorCode: CODES.invalid, errorMessage: 'Invalid JSON object at bytes 8-22' });
  });

  it('rejects invalid UTF-8 inside an object', () => {
    const input = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const result = deaggregateRecord(input, JSON_CONFIG);
    expect(result.ok ? 'ok' : result.errorCode).toBe(CODES.invalid);
  });

  it('property: objects serialised in any style and joined by any whitespace come back exactly', () => {
    const objectArb = fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }), { maxKeys: 5 });
    const styleArb = fc.constantFrom<undefined | number | string>(undefined, 2, '\t');
    const whitespaceArb = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r'), maxLength: 4 });
    const caseArb = fc.array(fc.tuple(objectArb, styleArb, whitespaceArb), { minLength: 1, maxLength: 30 });
    fc.assert(fc.property(whitespaceArb, caseArb, (leading, items) => {
      const serialised = items.map(([object, style]) => JSON.stringify(object, null, style));
      const input = leading + items.map(([, , ws], i) => serialised[i] + ws).join('');
      expect(split(input)).toEqual(serialised);
    }));
  });
});

describe('RecordDeAggregation, DELIMITED', () => {
  const hashes = delimited('####'); // AWS's example: IyMjIw==

  it("uses the base64 delimiter (AWS's #### example)", () => {
    expect(hashes.delimiter).toBe('IyMjIw==');
    expect(split('a####b####c', hashes)).toEqual(['a', 'b', 'c']);
  });

  it('a trailing delimiter ends the last sub-record; it does not start an empty one', () => {
    expect(split('a####b####', hashes)).toEqual(['a', 'b']);
    expect(split('####', hashes)).toEqual(['']);
  });

  it('keeps empty pieces between delimiters and at the start', () => {
    expect(split('a########b', hashes)).toEqual(['a', '', 'b']);
    expect(split('####a', hashes)).toEqual(['', 'a']);
  });

  it('a record without the delimiter (even an empty one) is one sub-record', () => {
    expect(split('no delimiter ### here', hashes)).toEqual(['no delimiter ### here']);
    expect(split('', hashes)).toEqual(['']);
  });

  it('matches multi-byte and binary delimiters left to right, without overlap', () => {
    const binary = delimited(Buffer.from([0x00, 0xff]));
    const data = Buffer.from([0x61, 0x00, 0xff, 0x62, 0xff, 0x00, 0x63, 0x00]);
    const result = deaggregateRecord(data, binary);
    expect(result.ok && result.records.map((r) => r.toString('hex'))).toEqual(['61', '62ff006300']);
    expect(split('aaa', delimited('aa'))).toEqual(['', 'a']);
    expect(split('x→y→', delimited('→'))).toEqual(['x', 'y']);
    expect(split('l1\nl2\n', { subRecordType: 'DELIMITED', delimiter: 'Cg==' })).toEqual(['l1', 'l2']);
  });

  it('accepts exactly 500 sub-records (with or without a trailing delimiter) and rejects 501', () => {
    const pieces = Array.from({ length: MAX_SUB_RECORDS }, (_, i) => `r${i}`);
    expect(split(pieces.join('####'), hashes)).toEqual(pieces);
    expect(split(`${pieces.join('####')}####`, hashes)).toEqual(pieces);
    expect(failure(`${pieces.join('####')}####r500`, hashes)).toEqual({ errorCode: CODES.tooMany, errorMessage: 'Record holds more than 500 sub-records' });
  });

  it('property: pieces joined by the delimiter come back exactly', () => {
    // Pieces use bytes < 0x80 and delimiters bytes ≥ 0x80, so no delimiter can appear inside or across pieces.
    const pieceArb = fc.uint8Array({ max: 0x7f, maxLength: 12 }).map((a) => Buffer.from(a));
    const delimiterArb = fc.uint8Array({ min: 0x80, max: 0xff, minLength: 1, maxLength: 4 }).map((a) => Buffer.from(a));
    fc.assert(fc.property(fc.array(pieceArb, { minLength: 1, maxLength: 40 }), delimiterArb, fc.boolean(), (pieces, delimiter, trailing) => {
      const joined = Buffer.concat(pieces.flatMap((p, i) => (i < pieces.length - 1 || trailing ? [p, delimiter] : [p])));
      const result = deaggregateRecord(joined, { subRecordType: 'DELIMITED', delimiter: delimiter.toString('base64') });
      // Without a trailing delimiter, an empty last piece is indistinguishable from one.
      const expected = !trailing && pieces.length > 1 && pieces[pieces.length - 1].length === 0 ? pieces.slice(0, -1) : pieces;
      expect(result.ok && result.records.map((r) => r.toString('hex'))).toEqual(expected.map((p) => p.toString('hex')));
    }));
  });
});

describe('RecordDeAggregation configuration', () => {
  function configError(config: DeaggregationConfig): DeaggregationConfigError {
    try {
      deaggregateRecord(Buffer.from('{}'), config);
    } catch (error) {
      if (error instanceof DeaggregationConfigError) return error;
      throw error;
    }
    throw new Error('expected a DeaggregationConfigError');
  }

  it('DELIMITED requires a delimiter', () => {
    const error = configError({ subRecordType: 'DELIMITED' });
    expect(error).toMatchObject({ name: 'DeaggregationConfigError', field: 'delimiter', rule: 'is required when subRecordType is DELIMITED' });
    expect(error.message).toBe('RecordDeAggregation delimiter: is required when subRecordType is DELIMITED');
  });

  it('rejects an empty delimiter', () => {
    expect(configError({ subRecordType: 'DELIMITED', delimiter: '' })).toMatchObject({ field: 'delimiter', rule: 'must not be empty' });
  });

  it('rejects a delimiter that is not strict base64', () => {
    for (const delimiter of ['####', 'IyMjIw', 'IyMj Iw==', '-_-_', 'Iy==Iw==']) {
      expect(configError({ subRecordType: 'DELIMITED', delimiter })).toMatchObject({ field: 'delimiter', rule: 'must be valid base64 (standard alphabet, with padding)' });
    }
  });

  it('limits the base64 text to the API model\'s ProcessorParameterValue length (5120)', () => {
    expect(() => validateDeaggregationConfig({ subRecordType: 'DELIMITED', delimiter: b64(Buffer.alloc(3840, 1)) })).not.toThrow();
    expect(configError({ subRecordType: 'DELIMITED', delimiter: b64(Buffer.alloc(3843, 1)) }))
      .toMatchObject({ field: 'delimiter', rule: 'must be at most 5120 characters of base64 (API model)' });
  });

  it('rejects an unknown subRecordType', () => {
    expect(configError({ subRecordType: 'XML' } as unknown as DeaggregationConfig)).toMatchObject({ field: 'subRecordType', rule: 'must be one of JSON, DELIMITED' });
  });

  it('ignores a delimiter given with JSON', () => {
    expect(split('{"a":1}', { subRecordType: 'JSON', delimiter: 'not base64!' })).toEqual(['{"a":1}']);
  });

  it('returns the decoded delimiter bytes', () => {
    expect(validateDeaggregationConfig(delimited('####'))).toEqual({ subRecordType: 'DELIMITED', delimiter: Buffer.from('####') });
    expect(validateDeaggregationConfig(JSON_CONFIG)).toEqual({ subRecordType: 'JSON' });
  });
});

describe('failure disposition', () => {
  it('more than 500 sub-records passes the record on un-split (documented); every other failure goes to the error output', () => {
    expect(failureDisposition(CODES.tooMany)).toBe('pass-through');
    for (const code of [CODES.array, CODES.notObject, CODES.truncated, CODES.invalid]) expect(failureDisposition(code)).toBe('error-output');
    expect(Object.values(DEAGGREGATION_ERRORS).map((e) => e.code).sort()).toEqual(Object.values(CODES).sort());
    expect(() => failureDisposition('Lambda.FunctionError')).toThrow("Unknown de-aggregation error code 'Lambda.FunctionError'");
  });
});
