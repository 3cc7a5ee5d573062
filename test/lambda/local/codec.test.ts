import fc from 'fast-check';
import { kinesisModel } from '../../../lambda/engine/aws-model/generated/kinesis';
import { encodeOutput, OutputShapeError } from '../../../lambda/local/http/codec';
import { base64Problem, decodeBase64Strictly } from '../../../lambda/local/http/errors';

// The JSON writer produces response text directly; it must be exactly what JSON.stringify writes for
// the value AWS JSON 1.1 describes (blobs base64, timestamps epoch seconds, null members absent).
describe('JSON response writer', () => {
  const record = fc.record(
    {
      SequenceNumber: fc.string({ unit: 'binary' }),
      ApproximateArrivalTimestamp: fc.date({ noInvalidDate: true }),
      Data: fc.uint8Array({ maxLength: 40 }),
      PartitionKey: fc.string({ unit: 'binary' }),
      EncryptionType: fc.constantFrom('NONE', 'KMS'),
    },
    { requiredKeys: ['SequenceNumber', 'Data', 'PartitionKey'] },
  );

  it('writes what JSON.stringify writes for the wire value, for any GetRecords page', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 5 }), fc.option(fc.integer({ min: 0, max: 2 ** 40 })), (records, behind) => {
        const output = { Records: records, ...(behind === null ? {} : { MillisBehindLatest: behind }) };
        const wire = {
          Records: records.map((r) => ({
            SequenceNumber: r.SequenceNumber,
            ...(r.ApproximateArrivalTimestamp ? { ApproximateArrivalTimestamp: r.ApproximateArrivalTimestamp.getTime() / 1000 } : {}),
            Data: Buffer.from(r.Data).toString('base64'),
            PartitionKey: r.PartitionKey,
            ...(r.EncryptionType ? { EncryptionType: r.EncryptionType } : {}),
          })),
          ...(behind === null ? {} : { MillisBehindLatest: behind }),
        };
        expect(encodeOutput(kinesisModel, 'GetRecordsOutput', output, 'json').toString('utf8')).toBe(JSON.stringify(wire));
      }),
    );
  });

  it('writes timestamps and strings exactly as JSON.stringify does', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\u0000', '\u001f', '\ud800', '\udfff', 'é', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 + 10 }), text, (ms, key) => {
        const output = { Records: [{ SequenceNumber: key, ApproximateArrivalTimestamp: new Date(ms), Data: new Uint8Array(), PartitionKey: 'k' }] };
        const expected = { Records: [{ SequenceNumber: key, ApproximateArrivalTimestamp: ms / 1000, Data: '', PartitionKey: 'k' }] };
        expect(encodeOutput(kinesisModel, 'GetRecordsOutput', output, 'json').toString('utf8')).toBe(JSON.stringify(expected));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes maps with their keys escaped, and drops null and unknown members', () => {
    const text = encodeOutput(
      kinesisModel,
      'ListTagsForResourceOutput',
      { Tags: [{ Key: 'a"b', Value: 'é\n' }, { Key: 'k', Value: null }], Unknown: 1 },
      'json',
    ).toString('utf8');
    expect(text).toBe('{"Tags":[{"Key":"a\\"b","Value":"é\\n"},{"Key":"k"}]}');
  });

  it('names the path of a value its shape does not allow', () => {
    const bad = () => encodeOutput(kinesisModel, 'GetRecordsOutput', { Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data: 'not bytes' }] }, 'json');
    expect(bad).toThrow(OutputShapeError);
    expect(bad).toThrow("Engine output at 'Records[0].Data' is not a blob (Uint8Array): a string");
  });
});

// The decoder checks base64 without a regular expression; it must agree with the explicit rules
// (base64Problem: length, alphabet, padding, canonical last character) on every input.
describe('strict base64', () => {
  const reference = (text: string): Buffer | string => base64Problem(text) ?? Buffer.from(text, 'base64');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  it('agrees with the rules on canonical, near-canonical and hostile text', () => {
    const char = fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...alphabet) },
      { weight: 2, arbitrary: fc.constantFrom('=', '-', '_', ' ', '\n', '!', 'é', '\u0000') },
    );
    const near = fc.uint8Array({ maxLength: 20 }).chain((bytes) => {
      const b64 = Buffer.from(bytes).toString('base64');
      return fc.tuple(fc.nat(Math.max(0, b64.length - 1)), char).map(([i, c]) => (b64.length === 0 ? c : b64.slice(0, i) + c + b64.slice(i + 1)));
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: char, maxLength: 16 }), near), (text) => {
        expect(decodeBase64Strictly(text)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts canonical base64 of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(decodeBase64Strictly(Buffer.from(bytes).toString('base64'))).toEqual(Buffer.from(bytes));
      }),
    );
  });
});
