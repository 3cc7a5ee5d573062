import { objectKey } from '../../../../lambda/engine/firehose/object-key';
import { implicitErrorOutputPrefix, parsePrefix } from '../../../../lambda/engine/firehose/prefix';

const base = {
  prefixType: 'Prefix' as const,
  streamName: 'clicks',
  version: 3,
  uuid: '2b3c1f4e-52a4-4b8e-9c1b-0f1e2d3c4b5a',
  extension: '.gz',
  randomString: () => 'abcdefghijk',
};
const T = Date.UTC(2026, 10, 26, 7, 5, 9, 123); // 2026-11-26T07:05:09.123Z

describe('objectKey', () => {
  it('default prefix: the oldest record hour folder, then stream, version, time and uuid', () => {
    expect(objectKey({ ...base, prefix: parsePrefix(''), oldestArrivalMs: T })).toBe(
      '2026/11/26/07/clicks-3-2026-11-26-07-05-09-2b3c1f4e-52a4-4b8e-9c1b-0f1e2d3c4b5a.gz',
    );
  });

  it('custom prefix with timestamp, random string and partition keys', () => {
    const prefix = parsePrefix("data/customer=!{partitionKeyFromLambda:customer}/!{timestamp:yyyy-MM-dd'T'HH}/!{firehose:random-string}/");
    expect(objectKey({ ...base, prefix, oldestArrivalMs: T, partitionKeys: { customer: 'acme' }, extension: '' })).toBe(
      'data/customer=acme/2026-11-26T07/abcdefghijk/clicks-3-2026-11-26-07-05-09-2b3c1f4e-52a4-4b8e-9c1b-0f1e2d3c4b5a',
    );
  });

  it('error output: the implicit error prefix carries the error output type and no default time path twice', () => {
    expect(objectKey({ ...base, prefix: implicitErrorOutputPrefix('logs/'), prefixType: 'ErrorOutputPrefix', errorOutputType: 'processing-failed', oldestArrivalMs: T, extension: '' })).toBe(
      'logs/processing-failed/2026/11/26/07/clicks-3-2026-11-26-07-05-09-2b3c1f4e-52a4-4b8e-9c1b-0f1e2d3c4b5a',
    );
  });

  it('pads every field, also at the turn of a year', () => {
    const t = Date.UTC(2027, 0, 1, 0, 0, 0);
    expect(objectKey({ ...base, prefix: parsePrefix('x/'), oldestArrivalMs: t })).toBe(
      'x/2027/01/01/00/clicks-3-2027-01-01-00-00-00-2b3c1f4e-52a4-4b8e-9c1b-0f1e2d3c4b5a.gz',
    );
  });
});
