import { createHash } from 'node:crypto';

import fc from 'fast-check';
import { parse } from 'protobufjs';

import { aggregate, aggregatedSize, deaggregate, KPL_MAGIC, type UserRecord } from '../../../../lambda/engine/kinesis/kpl';

// The test's own reading of aggregation-format.md, independent of the module's.
const AggregatedRecord = parse(`
  syntax = "proto2";
  message AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2; repeated Record records = 3; }
  message Tag { required string key = 1; optional string value = 2; }
  message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2; required bytes data = 3; repeated Tag tags = 4; }
`, { keepCase: true }).root.lookupType('AggregatedRecord');

const md5 = (bytes: Uint8Array): Buffer => createHash('md5').update(bytes).digest();
/** Frames a protobuf body the way the KPL does: magic, body, MD5 of the body. */
const frame = (body: Uint8Array, digest: Uint8Array = md5(body)): Buffer => Buffer.concat([KPL_MAGIC, body, digest]);

/** Comparable form: data as hex, explicitHashKey only when present. */
const plain = (r: UserRecord & { subSequenceNumber?: number }) => ({
  partitionKey: r.partitionKey,
  ...(r.explicitHashKey !== undefined ? { explicitHashKey: r.explicitHashKey } : {}),
  data: Buffer.from(r.data).toString('hex'),
  ...(r.subSequenceNumber !== undefined ? { subSequenceNumber: r.subSequenceNumber } : {}),
});

// Keys from a small pool (to exercise de-duplication) or any well-formed Unicode string.
const keyArb = fc.oneof(fc.constantFrom('a', 'ü', '😀', 'user-1'), fc.string({ unit: 'binary', maxLength: 40 }));
const ehkArb = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map(String), fc.constantFrom('7', '42'));
const userRecordArb: fc.Arbitrary<UserRecord> = fc.record(
  { partitionKey: keyArb, explicitHashKey: ehkArb, data: fc.uint8Array({ maxLength: 300 }) },
  { requiredKeys: ['partitionKey', 'data'] },
);
const recordsArb = fc.array(userRecordArb, { minLength: 1, maxLength: 40 });

describe('KPL aggregation format', () => {
  it('KPL_MAGIC is 0xF3 0x89 0x9A 0xC2', () => {
    expect([...KPL_MAGIC]).toEqual([0xf3, 0x89, 0x9a, 0xc2]);
  });

  it('round trip: deaggregate(aggregate(records)) gives the records back, in order, with their index', () => {
    fc.assert(fc.property(recordsArb, (records) => {
      const out = deaggregate(aggregate(records));
      expect(out?.map(plain)).toEqual(records.map((r, i) => plain({ ...r, subSequenceNumber: i })));
    }));
  });

  it('aggregatedSize equals aggregate(...).length', () => {
    fc.assert(fc.property(recordsArb, (records) => {
      expect(aggregatedSize(records)).toBe(aggregate(records).length);
    }));
    // Multi-byte length varints (data ≥ 128 and ≥ 16384 bytes, a record ≥ 2^21 bytes).
    for (const n of [127, 128, 16383, 16384, 2_100_000]) {
      const records = [{ partitionKey: 'k', data: new Uint8Array(n) }];
      expect(aggregatedSize(records)).toBe(aggregate(records).length);
    }
  });

  it('frames the protobuf with the magic and the MD5 of the protobuf bytes, and folds duplicate keys into one table entry', () => {
    const records: UserRecord[] = [
      { partitionKey: 'a', explicitHashKey: '1', data: Buffer.from('r0') },
      { partitionKey: 'b', data: Buffer.from('r1') },
      { partitionKey: 'a', explicitHashKey: '1', data: Buffer.from('r2') },
      { partitionKey: 'a', explicitHashKey: '2', data: Buffer.from('r3') },
      { partitionKey: 'b', data: Buffer.from('r4') },
    ];
    const bytes = aggregate(records);
    expect(bytes.subarray(0, 4)).toEqual(KPL_MAGIC);
    const body = bytes.subarray(4, bytes.length - 16);
    expect(bytes.subarray(bytes.length - 16)).toEqual(md5(body));

    const decoded = AggregatedRecord.toObject(AggregatedRecord.decode(body), { longs: Number, bytes: String, arrays: true });
    expect(decoded.partition_key_table).toEqual(['a', 'b']);
    expect(decoded.explicit_hash_key_table).toEqual(['1', '2']);
    expect(decoded.records).toEqual([
      { partition_key_index: 0, explicit_hash_key_index: 0, data: Buffer.from('r0').toString('base64'), tags: [] },
      { partition_key_index: 1, data: Buffer.from('r1').toString('base64'), tags: [] },
      { partition_key_index: 0, explicit_hash_key_index: 0, data: Buffer.from('r2').toString('base64'), tags: [] },
      { partition_key_index: 0, explicit_hash_key_index: 1, data: Buffer.from('r3').toString('base64'), tags: [] },
      { partition_key_index: 1, data: Buffer.from('r4').toString('base64'), tags: [] },
    ]);
  });

  describe('hand-assembled wire bytes', () => {
    // Tag byte = field number << 3 | wire type (0 varint, 2 length-delimited).
    const tables = [
      0x0a, 0x02, 0x70, 0x31, //                    field 1 (partition_key_table) "p1"
      0x0a, 0x04, 0xc3, 0xbc, 0x6b, 0x79, //        field 1 "üky" (ü is 2 bytes in UTF-8)
      0x12, 0x03, 0x31, 0x32, 0x33, //              field 2 (explicit_hash_key_table) "123"
    ];
    const record0 = [
      0x1a, 0x07, //                                field 3 (records), 7 bytes
      0x08, 0x00, //                                  partition_key_index = 0
      0x1a, 0x03, 0x61, 0x62, 0x63, //                data = "abc"
    ];
    const star200 = new Array<number>(200).fill(0x2a);
    const record1Head = [
      0x08, 0x01, //                                  partition_key_index = 1
      0x10, 0x00, //                                  explicit_hash_key_index = 0
      0x1a, 0xc8, 0x01, ...star200, //                data = 200 × "*" (length varint 200 = 0xC8 0x01)
    ];
    const tag = [0x22, 0x06, 0x0a, 0x01, 0x6b, 0x12, 0x01, 0x76]; // tags = [{ key "k", value "v" }]
    const record2 = [
      0x1a, 0x04, //                                field 3, 4 bytes
      0x08, 0x00, //                                  partition_key_index = 0
      0x1a, 0x00, //                                  data = "" (required, so present though empty)
    ];
    const expected = [
      { partitionKey: 'p1', data: Buffer.from('abc').toString('hex'), subSequenceNumber: 0 },
      { partitionKey: 'üky', explicitHashKey: '123', data: Buffer.from('*'.repeat(200)).toString('hex'), subSequenceNumber: 1 },
      { partitionKey: 'p1', data: '', subSequenceNumber: 2 },
    ];

    it('decodes to the expected user records (tags ignored)', () => {
      // record 1 with the tag: 2 + 2 + 203 + 8 = 215 bytes → length varint 0xD7 0x01.
      const record1 = [0x1a, 0xd7, 0x01, ...record1Head, ...tag];
      const body = Buffer.from([...tables, ...record0, ...record1, ...record2]);
      expect(deaggregate(frame(body))?.map(plain)).toEqual(expected);
    });

    it('aggregate() writes exactly these bytes (without tags, which the KPL never writes)', () => {
      const record1 = [0x1a, 0xcf, 0x01, ...record1Head]; // 207 bytes → 0xCF 0x01
      const body = Buffer.from([...tables, ...record0, ...record1, ...record2]);
      const records: UserRecord[] = [
        { partitionKey: 'p1', data: Buffer.from('abc') },
        { partitionKey: 'üky', explicitHashKey: '123', data: Buffer.from('*'.repeat(200)) },
        { partitionKey: 'p1', data: new Uint8Array(0) },
      ];
      expect(aggregate(records).toString('hex')).toBe(frame(body).toString('hex'));
      expect(deaggregate(frame(body))?.map(plain)).toEqual(expected);
    });

    it('a valid protobuf with no records de-aggregates to no user records (as in the KCL)', () => {
      expect(deaggregate(frame(Buffer.from([0x0a, 0x01, 0x6b])))).toEqual([]);
    });
  });

  describe('not an aggregated record → undefined (the caller keeps it as one ordinary record)', () => {
    const valid = aggregate([{ partitionKey: 'k', data: Buffer.from('payload') }, { partitionKey: 'j', data: Buffer.from('more') }]);

    it('recognises the valid record used below', () => {
      expect(deaggregate(valid)).toHaveLength(2);
    });

    it('no magic', () => {
      expect(deaggregate(Buffer.from('{"event":"click"}'))).toBeUndefined();
      expect(deaggregate(new Uint8Array(0))).toBeUndefined();
      expect(deaggregate(KPL_MAGIC.subarray(0, 3))).toBeUndefined();
      const wrongMagic = Buffer.from(valid);
      wrongMagic[3] ^= 0x01;
      expect(deaggregate(wrongMagic)).toBeUndefined();
    });

    it('magic with a wrong MD5', () => {
      const badDigest = Buffer.from(valid);
      badDigest[badDigest.length - 1] ^= 0x01;
      expect(deaggregate(badDigest)).toBeUndefined();
      const badBody = Buffer.from(valid);
      badBody[10] ^= 0x01;
      expect(deaggregate(badBody)).toBeUndefined();
    });

    it('magic + garbage, with or without the garbage\'s correct MD5', () => {
      const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07]); // an unterminated varint tag
      expect(deaggregate(frame(garbage))).toBeUndefined();
      expect(deaggregate(Buffer.concat([KPL_MAGIC, garbage]))).toBeUndefined();
      expect(deaggregate(Buffer.concat([KPL_MAGIC, Buffer.from('not a protobuf at all, just text')]))).toBeUndefined();
    });

    it('magic + nothing but a digest (the KCL requires at least one protobuf byte)', () => {
      expect(deaggregate(frame(new Uint8Array(0)))).toBeUndefined();
    });

    it('a record missing a required field (proto2 parse error)', () => {
      // tables "k", one record with partition_key_index but no data.
      expect(deaggregate(frame(Buffer.from([0x0a, 0x01, 0x6b, 0x1a, 0x02, 0x08, 0x00])))).toBeUndefined();
    });

    it('a key index outside its table', () => {
      expect(deaggregate(frame(Buffer.from([0x0a, 0x01, 0x6b, 0x1a, 0x04, 0x08, 0x01, 0x1a, 0x00])))).toBeUndefined();
      // explicit_hash_key_index 0 with an empty explicit_hash_key_table.
      expect(deaggregate(frame(Buffer.from([0x0a, 0x01, 0x6b, 0x1a, 0x06, 0x08, 0x00, 0x10, 0x00, 0x1a, 0x00])))).toBeUndefined();
    });
  });

  describe('input validation', () => {
    it('refuses an empty list (its protobuf would be 0 bytes, which readers take for "not aggregated")', () => {
      expect(() => aggregate([])).toThrow(new RangeError('records must hold at least one user record'));
      expect(() => aggregatedSize([])).toThrow(RangeError);
    });

    it('refuses keys with lone surrogates (no UTF-8 form)', () => {
      expect(() => aggregate([{ partitionKey: 'ok', data: new Uint8Array(1) }, { partitionKey: 'x\ud800', data: new Uint8Array(1) }]))
        .toThrow(new RangeError('records[1].partitionKey must be well-formed Unicode (no lone surrogates)'));
      expect(() => aggregatedSize([{ partitionKey: 'ok', explicitHashKey: '\udc00', data: new Uint8Array(1) }]))
        .toThrow(new RangeError('records[0].explicitHashKey must be well-formed Unicode (no lone surrogates)'));
    });

    it('the output does not alias the input', () => {
      const input = aggregate([{ partitionKey: 'k', data: Buffer.from('abc') }]);
      const out = deaggregate(input);
      input.fill(0);
      expect(Buffer.from(out![0].data).toString()).toBe('abc');
    });
  });
});
