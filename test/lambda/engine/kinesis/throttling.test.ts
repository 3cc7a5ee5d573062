import fc from 'fast-check';

import { expectError, readShard, setup, str, text, type ReadRecord } from './helpers';

const RATE = 'Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.';

function stream(options: { throttle?: 'aws' | 'off' } = {}) {
  const env = setup({ throttle: options.throttle ?? 'aws' });
  env.call('CreateStream', { StreamName: 's', ShardCount: 1 });
  return env;
}

describe('throttling: writes (1,000 records and 1 MiB per second per shard)', () => {
  it('1,000 records in one second are accepted, the 1,001st is throttled, and accepted once the clock moves on', () => {
    const { call, clock } = stream();
    for (let i = 0; i < 1000; i++) call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text(String(i)) });
    expectError(() => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('1000') }), 'ProvisionedThroughputExceededException', RATE);
    clock.advance(999);
    expectError(() => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('1000') }), 'ProvisionedThroughputExceededException', RATE);
    clock.advance(1);
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('1000') }).ShardId).toBe('shardId-000000000000');
  });

  it('PutRecords fails entries individually and never drops an accepted one', () => {
    const { call, engine } = stream();
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ PartitionKey: 'k', Data: text(String(from + i)) }));
    const a = call('PutRecords', { StreamName: 's', Records: batch(0, 500) });
    const b = call('PutRecords', { StreamName: 's', Records: batch(500, 500) });
    const c = call('PutRecords', { StreamName: 's', Records: batch(1000, 200) });
    expect([a.FailedRecordCount, b.FailedRecordCount, c.FailedRecordCount]).toEqual([0, 0, 200]);
    expect((c.Records as unknown[])[0]).toEqual({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: RATE });
    const read = readShard(engine, 's', 'shardId-000000000000').records.map((r) => str(r.Data));
    expect(read).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  it('1 MiB per second of partition keys and data', () => {
    const { call, clock } = stream();
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(600 * 1024) });
    expectError(() => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(600 * 1024) }), 'ProvisionedThroughputExceededException', RATE);
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(1024 * 1024 - 600 * 1024 - 2) });
    clock.advance(1000);
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(1024 * 1024 - 1) });
  });

  it('off: no limits', () => {
    const { call } = stream({ throttle: 'off' });
    for (let i = 0; i < 3; i++) {
      expect(call('PutRecords', { StreamName: 's', Records: Array.from({ length: 500 }, () => ({ PartitionKey: 'k', Data: text('x') })) }).FailedRecordCount).toBe(0);
    }
  });

  it('under any schedule: limits hold in every second, rejections only at capacity, everything accepted is read once in order', () => {
    const step = fc.record({ gap: fc.integer({ min: 0, max: 700 }), n: fc.integer({ min: 1, max: 500 }), size: fc.integer({ min: 0, max: 4000 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const { call, clock, engine } = stream();
        const accepted: { at: number; bytes: number; data: string }[] = [];
        let lo = 0; // accepted[lo..] arrived within the trailing second
        let used = 0; // their bytes
        let n = 0;
        const violations: string[] = [];
        for (const s of steps) {
          clock.advance(s.gap);
          while (lo < accepted.length && accepted[lo]!.at <= clock.now() - 1000) used -= accepted[lo++]!.bytes;
          const entries = Array.from({ length: s.n }, () => ({ tag: `r${n++}` }));
          const out = call('PutRecords', {
            StreamName: 's',
            Records: entries.map((e) => ({ PartitionKey: 'k', Data: Buffer.concat([Buffer.from(`${e.tag}|`), new Uint8Array(s.size)]) })),
          });
          const results = out.Records as { ErrorCode?: string; SequenceNumber?: string }[];
          expect(out.FailedRecordCount).toBe(results.filter((r) => r.ErrorCode !== undefined).length);
          results.forEach((r, i) => {
            const bytes = 1 + entries[i]!.tag.length + 1 + s.size;
            const count = accepted.length - lo;
            const atCapacity = count + 1 > 1000 || (used > 0 && used + bytes > 1024 * 1024);
            if (r.ErrorCode === undefined) {
              if (atCapacity) violations.push(`accepted ${entries[i]!.tag} over the limit`);
              accepted.push({ at: clock.now(), bytes, data: entries[i]!.tag });
              used += bytes;
            } else if (r.ErrorCode !== 'ProvisionedThroughputExceededException' || !atCapacity) {
              violations.push(`rejected ${entries[i]!.tag} below the limit (${r.ErrorCode})`);
            }
          });
        }
        expect(violations).toEqual([]);
        clock.advance(10_000); // let the read limits rest too
        const read = readShard(engine, 's', 'shardId-000000000000', undefined, clock).records as ReadRecord[];
        expect(read.map((r) => Buffer.from(r.Data).toString('utf8').split('|')[0])).toEqual(accepted.map((a) => a.data));
      }),
      { numRuns: 40 },
    );
  });
});

describe('throttling: reads (5 GetRecords calls and 2 MiB per second per shard)', () => {
  const READ_RATE = 'Rate exceeded for Shard - 000000000000/s/shardId-000000000000';

  it('the 6th GetRecords call within a second is throttled', () => {
    const { call, clock } = stream();
    let it = call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
    for (let i = 0; i < 5; i++) it = call('GetRecords', { ShardIterator: it }).NextShardIterator;
    expectError(() => call('GetRecords', { ShardIterator: it }), 'ProvisionedThroughputExceededException', READ_RATE);
    clock.advance(1000);
    expect(call('GetRecords', { ShardIterator: it }).Records).toEqual([]);
  });

  it('a 10 MiB response blocks the shard for the next 5 seconds', () => {
    const { call, clock } = stream();
    call('UpdateMaxRecordSize', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', MaxRecordSizeInKiB: 10240 });
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(10 * 1024 * 1024 - 1) });
    const it = call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
    const out = call('GetRecords', { ShardIterator: it });
    expect((out.Records as unknown[]).length).toBe(1);
    clock.advance(4999);
    expectError(() => call('GetRecords', { ShardIterator: out.NextShardIterator }), 'ProvisionedThroughputExceededException', READ_RATE);
    clock.advance(1);
    expect(call('GetRecords', { ShardIterator: out.NextShardIterator }).Records).toEqual([]);
  });

  it('GetShardIterator: 5 calls per second per shard', () => {
    const { call, clock } = stream();
    const get = () => call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' });
    for (let i = 0; i < 5; i++) get();
    expectError(get, 'ProvisionedThroughputExceededException', RATE);
    clock.advance(1000);
    expect(get().ShardIterator).toEqual(expect.any(String));
  });
});
