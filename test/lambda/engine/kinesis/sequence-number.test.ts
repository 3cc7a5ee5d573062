import fc from 'fast-check';

import {
  compareSequenceNumbers,
  decodeSequenceNumber,
  encodeSequenceNumber,
  endingSequenceNumber,
  nextPosition,
  SEQUENCE_NUMBER_DIGITS,
  startingSequenceNumber,
} from '../../../../lambda/engine/kinesis/sequence-number';

const parts = fc.record({
  shardCreatedSeconds: fc.integer({ min: 0, max: 0xfffffffff }),
  shardIndex: fc.integer({ min: 0, max: 0x7fffffff }),
  sequenceIndex: fc.bigInt({ min: 0n, max: 0x7fffffffffffffffn }),
  arrivalSeconds: fc.integer({ min: 0, max: 0xfffffffff }),
});

describe('sequence numbers', () => {
  it("decode AWS's own numbers (the API reference's example)", () => {
    expect(decodeSequenceNumber('49546986683135544286507457936321625675700192471156785154')).toEqual({
      shardCreatedSeconds: 1421279230, // 2015-01-14T23:47:10Z
      shardIndex: 0,
      sequenceIndex: 0x1d5n,
      arrivalSeconds: 1421279386,
    });
  });

  it('encode to 56 digits and decode back', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const s = encodeSequenceNumber(p);
        expect(s).toHaveLength(SEQUENCE_NUMBER_DIGITS);
        expect(decodeSequenceNumber(s)).toEqual(p);
        expect(nextPosition(s)).toHaveLength(SEQUENCE_NUMBER_DIGITS);
      }),
    );
  });

  it('order by sequence index within a shard, as strings and as numbers', () => {
    fc.assert(
      fc.property(parts, fc.bigInt({ min: 0n, max: 0x7fffffffffffffffn }), fc.integer({ min: 0, max: 0xfffffffff }), (p, otherIndex, otherArrival) => {
        const a = encodeSequenceNumber(p);
        const b = encodeSequenceNumber({ ...p, sequenceIndex: otherIndex, arrivalSeconds: otherArrival });
        const expected = p.sequenceIndex < otherIndex ? -1 : p.sequenceIndex > otherIndex ? 1 : Math.sign(p.arrivalSeconds - otherArrival);
        expect(Math.sign(compareSequenceNumbers(a, b))).toBe(expected);
        expect(Math.sign(Number(BigInt(a) - BigInt(b)))).toBe(expected);
      }),
    );
  });

  it("bracket a shard's records between its Starting and Ending numbers", () => {
    fc.assert(
      fc.property(parts, (p) => {
        const record = encodeSequenceNumber({ ...p, sequenceIndex: 1n + (p.sequenceIndex % 0x7ffffffffffffffen) });
        expect(compareSequenceNumbers(startingSequenceNumber(p.shardCreatedSeconds, p.shardIndex), record)).toBe(-1);
        expect(compareSequenceNumbers(record, endingSequenceNumber(p.shardCreatedSeconds, p.shardIndex, p.arrivalSeconds))).toBe(-1);
      }),
    );
  });

  it('reject strings that are not shaped like ours', () => {
    expect(decodeSequenceNumber('0')).toBeUndefined();
    expect(decodeSequenceNumber('12345')).toBeUndefined();
    expect(decodeSequenceNumber('9'.repeat(56))).toBeUndefined();
    expect(decodeSequenceNumber(nextPosition('49546986683135544286507457936321625675700192471156785154'))).toBeUndefined();
  });
});
