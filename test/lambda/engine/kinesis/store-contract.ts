/**
 * The KinesisStore contract as a reusable suite: any store (the in-memory one here, the host's SQLite
 * one) should pass it. `open()` must return a store over the same durable state each time it is called
 * (for a file-backed store: reopen the file), which is what a restart does.
 */
import { ManualClock } from '../../../../lambda/engine/clock';
import { KinesisEngine } from '../../../../lambda/engine/kinesis/engine';
import type { KinesisStore, StoredRecord, StreamMeta } from '../../../../lambda/engine/kinesis/store';

const SHARD = 'shardId-000000000000';
const seqOf = (n: number) => `4${String(n).padStart(55, '0')}`;
const rec = (n: number, size = 3, arrivalMs = n): StoredRecord => ({
  shardId: SHARD,
  sequenceNumber: seqOf(n),
  partitionKey: 'k',
  data: new Uint8Array(size).fill(n % 256),
  arrivalMs,
});
const seqs = (list: readonly StoredRecord[]) => list.map((r) => Number(r.sequenceNumber.slice(1)));

function meta(name: string): StreamMeta {
  return {
    name,
    arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`,
    createdAtMs: 1,
    status: 'ACTIVE',
    mode: 'PROVISIONED',
    retentionHours: 24,
    encryptionType: 'NONE',
    maxRecordSizeKiB: 1024,
    shardLevelMetrics: [],
    shards: [
      {
        shardId: SHARD,
        index: 0,
        startingHashKey: '0',
        endingHashKey: '340282366920938463463374607431768211455',
        createdAtMs: 1,
        createdSeconds: 0,
        startingSequenceNumber: seqOf(0),
        nextSequenceIndex: 1,
      },
    ],
    shardCountUpdates: [],
    tags: { a: 'b' },
    consumers: [],
  };
}

export function describeKinesisStore(name: string, open: () => KinesisStore): void {
  describe(`KinesisStore contract: ${name}`, () => {
    it('saves, replaces, loads and deletes stream metadata', () => {
      const store = open();
      store.saveStream(meta('a'));
      store.saveStream({ ...meta('b'), retentionHours: 48 });
      store.saveStream({ ...meta('a'), tags: { c: 'd' } });
      const loaded = open().loadStreams().sort((x, y) => (x.name < y.name ? -1 : 1));
      expect(loaded).toEqual([{ ...meta('a'), tags: { c: 'd' } }, { ...meta('b'), retentionHours: 48 }]);
      store.deleteStream('a');
      expect(open().loadStreams().map((m) => m.name)).toEqual(['b']);
    });

    it('appends and reads records in sequence order, by count and by bytes', () => {
      const store = open();
      store.saveStream(meta('s'));
      store.appendRecords('s', [rec(1), rec(2), rec(3)]);
      store.appendRecords('s', [rec(4, 100)]);
      const reopened = open();
      expect(seqs(reopened.readRecords('s', SHARD, seqOf(0), 10, 1000))).toEqual([1, 2, 3, 4]);
      expect(seqs(reopened.readRecords('s', SHARD, seqOf(2), 10, 1000))).toEqual([2, 3, 4]);
      expect(seqs(reopened.readRecords('s', SHARD, seqOf(1), 2, 1000))).toEqual([1, 2]);
      expect(seqs(reopened.readRecords('s', SHARD, seqOf(1), 10, 8))).toEqual([1, 2]); // 4 bytes each (key + data)
      expect(seqs(reopened.readRecords('s', SHARD, seqOf(4), 10, 1))).toEqual([4]); // always at least one
      expect(reopened.readRecords('s', SHARD, seqOf(5), 10, 1000)).toEqual([]);
      expect(reopened.readRecords('s', 'shardId-000000000009', seqOf(0), 10, 1000)).toEqual([]);
      const [first] = reopened.readRecords('s', SHARD, seqOf(1), 1, 1000);
      expect(first).toEqual(rec(1));
      expect(first?.data).toBeInstanceOf(Uint8Array);
    });

    it('keeps the encryption type of a record', () => {
      const store = open();
      store.saveStream(meta('s'));
      store.appendRecords('s', [{ ...rec(1), encryptionType: 'KMS' }]);
      expect(open().lastRecord('s', SHARD)).toEqual({ ...rec(1), encryptionType: 'KMS' });
    });

    it('finds records by arrival time, the last record, and trims by arrival time', () => {
      const store = open();
      store.saveStream(meta('s'));
      store.appendRecords('s', [rec(1, 3, 10), rec(2, 3, 20), rec(3, 3, 30)]);
      expect(store.firstRecordAtOrAfter('s', SHARD, 15)?.sequenceNumber).toBe(seqOf(2));
      expect(store.firstRecordAtOrAfter('s', SHARD, 31)).toBeUndefined();
      expect(store.lastRecord('s', SHARD)?.sequenceNumber).toBe(seqOf(3));
      store.trimRecords('s', SHARD, 20);
      expect(seqs(open().readRecords('s', SHARD, seqOf(0), 10, 1000))).toEqual([2, 3]);
      store.trimRecords('s', SHARD, 100);
      expect(open().lastRecord('s', SHARD)).toBeUndefined();
    });

    it('keeps every byte through many megabytes, large records, repeated trims and further appends', () => {
      const store = open();
      store.saveStream(meta('s'));
      const sizes = (n: number) => (n % 500 === 0 ? 1_500_000 : 700 + (n % 13)); // some records larger than a MiB
      const all: StoredRecord[] = [];
      for (let n = 1; n <= 4000; n++) all.push(rec(n, sizes(n), n));
      for (let i = 0; i < all.length; i += 250) store.appendRecords('s', all.slice(i, i + 250));
      for (const cutoff of [1000, 1001, 2600, 3999]) {
        store.trimRecords('s', SHARD, cutoff);
        const left = open().readRecords('s', SHARD, seqOf(0), 10_000, Number.MAX_SAFE_INTEGER);
        expect(seqs(left)).toEqual(all.filter((r) => r.arrivalMs >= cutoff).map((r) => Number(r.sequenceNumber.slice(1))));
        for (const r of left) expect(Buffer.from(r.data).equals(Buffer.from(all[Number(r.sequenceNumber.slice(1)) - 1]!.data))).toBe(true);
      }
      store.appendRecords('s', [rec(4001, 900, 4001)]);
      expect(seqs(open().readRecords('s', SHARD, seqOf(3999), 10, 10_000_000))).toEqual([3999, 4000, 4001]);
      expect(open().readRecords('s', SHARD, seqOf(4001), 10, 1000)[0]?.data).toEqual(new Uint8Array(900).fill(4001 % 256));
    });

    it('deleting a stream deletes its records', () => {
      const store = open();
      store.saveStream(meta('s'));
      store.appendRecords('s', [rec(1)]);
      store.deleteStream('s');
      expect(open().lastRecord('s', SHARD)).toBeUndefined();
    });

    it('an engine rebuilt on a reopened store sees every acknowledged record and continues the numbering', () => {
      const clock = new ManualClock(1_700_000_000_000);
      const engine = new KinesisEngine({ clock, store: open(), throttle: 'off' });
      engine.call('CreateStream', { StreamName: 'r', ShardCount: 1 });
      const acked = [0, 1, 2].map((i) => engine.call('PutRecord', { StreamName: 'r', PartitionKey: 'k', Data: Buffer.from(String(i)) }).SequenceNumber as string);
      const rebuilt = new KinesisEngine({ clock, store: open(), throttle: 'off' });
      const it = rebuilt.call('GetShardIterator', { StreamName: 'r', ShardId: SHARD, ShardIteratorType: 'TRIM_HORIZON' });
      const got = rebuilt.call('GetRecords', { ShardIterator: it.ShardIterator }).Records as { SequenceNumber: string }[];
      expect(got.map((r) => r.SequenceNumber)).toEqual(acked);
      const next = rebuilt.call('PutRecord', { StreamName: 'r', PartitionKey: 'k', Data: Buffer.from('3') }).SequenceNumber as string;
      expect(BigInt(next) > BigInt(acked[2] as string)).toBe(true);
    });
  });
}
