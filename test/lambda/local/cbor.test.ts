import { Encoder, Tag } from 'cbor-x';
import fc from 'fast-check';
import { kinesisModel } from '../../../lambda/engine/aws-model/generated/kinesis';
import { CborDecodeError, CborTag, decodeCbor } from '../../../lambda/local/http/cbor';
import { decodeInput, encodeOutput } from '../../../lambda/local/http/codec';
import { WireError } from '../../../lambda/local/http/errors';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const encoder = new Encoder({ useRecords: false, tagUint8Array: false });

describe('decodeCbor', () => {
  it.each([
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['190100', 256],
    ['1a000f4240', 1_000_000],
    ['1b000000e8d4a51000', 1_000_000_000_000],
    ['20', -1],
    ['3863', -100],
    ['f90000', 0],
    ['f93c00', 1],
    ['f9c400', -4],
    ['f97bff', 65504],
    ['fa47c35000', 100000],
    ['fb3ff199999999999a', 1.1],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['60', ''],
    ['6449455446', 'IETF'],
    ['62c3bc', 'ü'],
    ['7f657374726561646d696e67ff', 'streaming'],
    ['80', []],
    ['83010203', [1, 2, 3]],
    ['9f018202039f0405ffff', [1, [2, 3], [4, 5]]],
    ['a26161016162820203', { a: 1, b: [2, 3] }],
    ['bf61610161629f0203ffff', { a: 1, b: [2, 3] }],
  ])('decodes %s (RFC 8949 appendix A)', (input, expected) => {
    expect(decodeCbor(hex(input))).toEqual(expected);
  });

  it('decodes byte strings (definite and chunked) as Buffers', () => {
    expect(decodeCbor(hex('4401020304'))).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(decodeCbor(hex('5f42010243030405ff'))).toEqual(Buffer.from([1, 2, 3, 4, 5]));
  });

  it('keeps integers beyond 2^53 exact as bigint', () => {
    expect(decodeCbor(hex('1bffffffffffffffff'))).toBe(18446744073709551615n);
    expect(decodeCbor(hex('3bffffffffffffffff'))).toBe(-18446744073709551616n);
  });

  it('keeps tags for the codec to interpret (tag 1 is epoch milliseconds in AWS CBOR)', () => {
    expect(decodeCbor(hex('c11b0000018bcfe5687b'))).toEqual(new CborTag(1, 1700000000123));
    expect(decodeCbor(hex('c074323031332d30332d32315432303a30343a30305a'))).toEqual(new CborTag(0, '2013-03-21T20:04:00Z'));
  });

  it('stores a "__proto__" key as data, never as the prototype', () => {
    const value = decodeCbor(encoder.encode(JSON.parse('{"__proto__":{"polluted":true}}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['', 'Unexpected end of input'],
    ['18', 'Unexpected end of input'],
    ['83 01 02', 'Length exceeds the input'],
    ['9f 01 02', 'Unexpected end of input'],
    ['0000', 'Extra bytes after the data item'],
    ['1c', 'Reserved additional information 28'],
    ['ff', 'Unexpected break'],
    ['a1 01 02', 'Map key is not a text string'],
    ['62 c328', 'Invalid UTF-8'],
    ['9b 00000001 00000000', 'Length exceeds the input'],
    ['5a ffffffff 00', 'Length exceeds the input'],
    ['5f 61 61 ff', 'Indefinite-length string chunk of another type'],
    ['1f', 'Indefinite-length integer'],
    ['f8 20', 'Unsupported simple value 24'],
  ])('rejects %s: %s', (input, message) => {
    expect(() => decodeCbor(hex(input))).toThrow(CborDecodeError);
    expect(() => decodeCbor(hex(input))).toThrow(message);
  });

  it('refuses nesting deeper than 1000 instead of overflowing the stack', () => {
    expect(() => decodeCbor(Buffer.alloc(100_000, 0x81))).toThrow('Nesting too deep');
  });

  it('decodes whatever cbor-x encodes from JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const value: unknown = JSON.parse(JSON.stringify(raw)); // no -0
        expect(decodeCbor(encoder.encode(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but CborDecodeError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeCbor(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CborDecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('codec along the model', () => {
  it('encodes a timestamp as tag 1 + 64-bit integer milliseconds and a blob as a byte string', () => {
    const ms = 1_700_000_000_123;
    const out = encodeOutput(
      kinesisModel,
      'GetRecordsOutput',
      { Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data: new Uint8Array([9]), ApproximateArrivalTimestamp: new Date(ms) }] },
      'cbor',
    );
    expect(out.includes(hex('c11b0000018bcfe5687b'))).toBe(true);
    expect(out.includes(hex('4109'))).toBe(true);
    expect(decodeCbor(out)).toEqual({ Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data: Buffer.from([9]), ApproximateArrivalTimestamp: new CborTag(1, ms) }] });
  });

  it('encodes JSON timestamps as epoch seconds with milliseconds and blobs as base64', () => {
    const out = encodeOutput(
      kinesisModel,
      'GetRecordsOutput',
      { Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data: Buffer.from('hi'), ApproximateArrivalTimestamp: new Date(1_700_000_000_123) }] },
      'json',
    );
    expect(out.toString('utf8')).toBe('{"Records":[{"SequenceNumber":"1","ApproximateArrivalTimestamp":1700000000.123,"Data":"aGk=","PartitionKey":"k"}]}');
  });

  it('decodes CBOR timestamps: tag 1 or a bare number are milliseconds, tag 0 is RFC 3339', () => {
    const decode = (Timestamp: unknown) =>
      (decodeInput(kinesisModel, 'GetShardIteratorInput', { ShardId: 's', ShardIteratorType: 'AT_TIMESTAMP', Timestamp }, 'cbor').Timestamp as Date).getTime();
    expect(decode(new CborTag(1, 1_700_000_000_123))).toBe(1_700_000_000_123);
    expect(decode(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(decode(new CborTag(1, 1_700_000_000_123.4))).toBe(1_700_000_000_123);
    expect(decode(new CborTag(0, '2023-11-14T22:13:20.123Z'))).toBe(1_700_000_000_123);
    expect(() => decode(new CborTag(1, 1e20))).toThrow(WireError);
    expect(() => decode(new CborTag(1, 'x'))).toThrow('class java.lang.String can not be converted to milliseconds since epoch');
  });

  it('a cbor-x Tag is what the tests send; decodeCbor reads it back as a CborTag', () => {
    expect(decodeCbor(encoder.encode(new Tag(5, 1)))).toEqual(new CborTag(1, 5));
  });
});
