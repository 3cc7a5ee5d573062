import fc from 'fast-check';

import { decodeSequenceNumber, encodeSequenceNumber } from '../../../../lambda/engine/kinesis/sequence-number';
import { expectError, readShard, setup, str, T0, text, type ReadRecord } from './helpers';

describe('records: put and get', () => {
  it('a record comes back with its key, data, sequence number and arrival time', () => {
    const { call, clock, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    clock.advance(1234);
    const put = call('PutRecord', { StreamName: 's', PartitionKey: 'user-1', Data: text('{"page":"/"}') });
    expect(put).toEqual({ ShardId: 'shardId-000000000000', SequenceNumber: expect.stringMatching(/^\d{56}$/) });
    const { records } = readShard(engine, 's', 'shardId-000000000000');
    expect(records).toEqual([
      { SequenceNumber: put.SequenceNumber, PartitionKey: 'user-1', Data: text('{"page":"/"}'), ApproximateArrivalTimestamp: new Date(T0 + 1234) },
    ]);
    expect(decodeSequenceNumber(put.SequenceNumber as string)).toMatchObject({ shardIndex: 0, sequenceIndex: 1n, arrivalSeconds: Math.floor((T0 + 1234) / 1000) });
  });

  it('PutRecords answers per entry, in request order', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    const out = call('PutRecords', {
      StreamName: 's',
      Records: [
        { PartitionKey: 'a', Data: text('1'), ExplicitHashKey: '0' },
        { PartitionKey: 'b', Data: text('2'), ExplicitHashKey: '340282366920938463463374607431768211455' },
        { PartitionKey: 'c', Data: text('3'), ExplicitHashKey: '1' },
      ],
    });
    const records = out.Records as { ShardId: string; SequenceNumber: string }[];
    expect(out.FailedRecordCount).toBe(0);
    expect(records.map((r) => r.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000000']);
    expect(records[0]!.SequenceNumber < records[2]!.SequenceNumber).toBe(true);
  });

  it('records of an encrypted stream carry EncryptionType KMS', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('before') });
    call('StartStreamEncryption', { StreamName: 's', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('after') })).toMatchObject({ EncryptionType: 'KMS' });
    expect(call('PutRecords', { StreamName: 's', Records: [{ PartitionKey: 'k', Data: text('batch') }] })).toMatchObject({ EncryptionType: 'KMS' });
    const { records } = readShard(engine, 's', 'shardId-000000000000');
    expect(records.map((r) => [str(r.Data), r.EncryptionType])).toEqual([
      ['before', undefined],
      ['after', 'KMS'],
      ['batch', 'KMS'],
    ]);
    expect((call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary as Record<string, unknown>).KeyId).toBe('alias/aws/kinesis');
  });

  it('GetRecords honours Limit and returns at most 10 MiB per call', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('UpdateMaxRecordSize', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', MaxRecordSizeInKiB: 10240 });
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < 5; i++) call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: big });
    const it = call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    const first = call('GetRecords', { ShardIterator: it.ShardIterator, Limit: 2 });
    expect((first.Records as unknown[]).length).toBe(2);
    const second = call('GetRecords', { ShardIterator: first.NextShardIterator });
    expect((second.Records as unknown[]).length).toBe(3); // 9 MiB + keys: a 4th would pass 10 MiB
    const third = call('GetRecords', { ShardIterator: second.NextShardIterator });
    expect(third.Records).toEqual([]);
    expect(third.MillisBehindLatest).toBe(0);
  });

  it('MillisBehindLatest is how far behind the tip the last record returned is', () => {
    const { call, clock } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('1') });
    clock.advance(5000);
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('2') });
    clock.advance(1000);
    const it = call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    const first = call('GetRecords', { ShardIterator: it.ShardIterator, Limit: 1 });
    expect(first.MillisBehindLatest).toBe(6000);
    const second = call('GetRecords', { ShardIterator: first.NextShardIterator, Limit: 1 });
    expect(second.MillisBehindLatest).toBe(0);
  });

  it('SequenceNumberForOrdering: the new number is greater than the one given', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const a = call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('a') }).SequenceNumber as string;
    const b = call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('b'), SequenceNumberForOrdering: a }).SequenceNumber as string;
    expect(b > a).toBe(true);
    // A (valid) number further ahead in the same shard lifts the counter above it.
    const parts = decodeSequenceNumber(b)!;
    const ahead = encodeSequenceNumber({ ...parts, sequenceIndex: parts.sequenceIndex + 100n });
    const c = call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('c'), SequenceNumberForOrdering: ahead }).SequenceNumber as string;
    expect(c > ahead).toBe(true);
    expect(decodeSequenceNumber(c)!.sequenceIndex).toBe(parts.sequenceIndex + 101n);
  });
});

describe('records: record size limits', () => {
  it('a record (key + data) may be as large as MaxRecordSizeInKiB, 1024 by default', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(1048575) }).ShardId).toBe('shardId-000000000000');
    expectError(
      () => call('PutRecord', { StreamName: 's', PartitionKey: 'kk', Data: new Uint8Array(1048575) }),
      'ValidationException',
      "1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576.",
    );
    expectError(
      () =>
        call('PutRecords', {
          StreamName: 's',
          Records: [
            { PartitionKey: 'k', Data: new Uint8Array(1048576) },
            { PartitionKey: 'k', Data: text('fine') },
            { PartitionKey: 'k', Data: new Uint8Array(2000000) },
          ],
        }),
      'ValidationException',
      "2 validation errors detected: Value at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576; " +
        "Value at 'records.3.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576.",
    );
  });

  it('UpdateMaxRecordSize raises the limit (up to 10 MiB)', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1, MaxRecordSizeInKiB: 2048 });
    expect((call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary as Record<string, unknown>).MaxRecordSizeInKiB).toBe(2048);
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(2 * 1048576 - 1) });
    expectError(
      () => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(2 * 1048576) }),
      'ValidationException',
      "1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 2097152.",
    );
  });

  it('a PutRecords request carries at most 10 MiB', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const records = Array.from({ length: 11 }, () => ({ PartitionKey: 'k', Data: new Uint8Array(1000000) }));
    expectError(() => call('PutRecords', { StreamName: 's', Records: records }), 'InvalidArgumentException', 'Records size exceeds 10 MB limit');
  });
});

type Action = { kind: 'one'; key: string } | { kind: 'many'; keys: string[] } | { kind: 'tick'; ms: number };

describe('records: sequence numbers are unique and strictly increasing within a shard', () => {
  it('under random interleavings of PutRecord and PutRecords; every record is read back once, in order', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'user-7', 'ключ');
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({ kind: fc.constant('one' as const), key }),
      fc.record({ kind: fc.constant('many' as const), keys: fc.array(key, { minLength: 1, maxLength: 30 }) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(action, { maxLength: 40 }), (shardCount, actions) => {
        const { call, clock, engine } = setup();
        call('CreateStream', { StreamName: 's', ShardCount: shardCount });
        const written = new Map<string, { seq: string; data: string }[]>();
        let n = 0;
        const note = (shardId: string, seq: string, data: string) => written.set(shardId, [...(written.get(shardId) ?? []), { seq, data }]);
        for (const a of actions) {
          if (a.kind === 'tick') clock.advance(a.ms);
          else if (a.kind === 'one') {
            const data = `r${n++}`;
            const out = call('PutRecord', { StreamName: 's', PartitionKey: a.key, Data: text(data) });
            note(out.ShardId as string, out.SequenceNumber as string, data);
          } else {
            const datas = a.keys.map(() => `r${n++}`);
            const out = call('PutRecords', { StreamName: 's', Records: a.keys.map((k, i) => ({ PartitionKey: k, Data: text(datas[i]!) })) });
            (out.Records as { ShardId: string; SequenceNumber: string }[]).forEach((r, i) => note(r.ShardId, r.SequenceNumber, datas[i]!));
          }
        }
        const all = [...written.values()].flat().map((w) => w.seq);
        expect(new Set(all).size).toBe(all.length);
        for (const [shardId, list] of written) {
          for (let i = 1; i < list.length; i++) {
            expect(list[i]!.seq.length).toBe(56);
            expect(list[i - 1]!.seq < list[i]!.seq).toBe(true);
            expect(BigInt(list[i - 1]!.seq) < BigInt(list[i]!.seq)).toBe(true);
          }
          const read = readShard(engine, 's', shardId, 7).records;
          expect(read.map((r: ReadRecord) => [r.SequenceNumber, str(r.Data)])).toEqual(list.map((w) => [w.seq, w.data]));
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('records: writes are acknowledged only after the store has them', () => {
  it('a failing store fails the put, and nothing is acknowledged', () => {
    const { call, store, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const append = jest.spyOn(store, 'appendRecords').mockImplementation(() => {
      throw new Error('disk full');
    });
    expect(() => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x') })).toThrow('disk full');
    expect(() => call('PutRecords', { StreamName: 's', Records: [{ PartitionKey: 'k', Data: text('x') }] })).toThrow('disk full');
    append.mockRestore();
    const ok = call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('y') });
    expect(readShard(engine, 's', 'shardId-000000000000').records.map((r) => [r.SequenceNumber, str(r.Data)])).toEqual([[ok.SequenceNumber, 'y']]);
  });

  it('the record is in the store when PutRecord returns', () => {
    const { call, store } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const out = call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x') });
    expect(store.lastRecord('s', 'shardId-000000000000')?.sequenceNumber).toBe(out.SequenceNumber);
  });
});
