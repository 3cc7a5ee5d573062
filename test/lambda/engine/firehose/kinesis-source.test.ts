import { ManualClock } from '../../../../lambda/engine/clock';
import { FirehoseEngine } from '../../../../lambda/engine/firehose/engine';
import type { ObjectStorePort } from '../../../../lambda/engine/firehose/delivery-stream';
import { KinesisEngine } from '../../../../lambda/engine/kinesis/engine';

const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);
const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks';

function setup() {
  const clock = new ManualClock(T0);
  const kinesis = new KinesisEngine({ clock, throttle: 'aws' });
  const written: { key: string; body: string }[] = [];
  const objects: ObjectStorePort = { putObject: async (_bucket, key, body) => void written.push({ key, body: body.toString() }) };
  let ids = 0;
  const firehose = new FirehoseEngine({ clock, kinesis, objects, random: { uuid: () => `u${++ids}`, randomString: () => 'r' } });
  return { clock, kinesis, firehose, written };
}

const put = (kinesis: KinesisEngine, key: string, text: string) => kinesis.call('PutRecord', { StreamName: 'clicks', PartitionKey: key, Data: Buffer.from(`${text}\n`) });

async function run(firehose: FirehoseEngine, clock: ManualClock, seconds: number): Promise<void> {
  for (let s = 0; s < seconds; s++) {
    clock.advance(1000);
    await firehose.tick();
  }
}

describe('Kinesis stream as source', () => {
  it('reads from LATEST at creation: earlier records are not delivered, later ones are, in order per key', async () => {
    const { clock, kinesis, firehose, written } = setup();
    kinesis.call('CreateStream', { StreamName: 'clicks', ShardCount: 2 });
    put(kinesis, 'k', 'before');
    await firehose.call('CreateDeliveryStream', {
      DeliveryStreamName: 'd',
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: ARN, RoleARN: 'arn:aws:iam::000000000000:role/r' },
      ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::b', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
    });
    for (let i = 0; i < 5; i++) put(kinesis, 'k', `after-${i}`);
    await run(firehose, clock, 2);
    expect(written.map((w) => w.body).join('')).toBe('after-0\nafter-1\nafter-2\nafter-3\nafter-4\n');
  });

  it('follows a split: the parent is finished, then both children are read; nothing lost or repeated', async () => {
    const { clock, kinesis, firehose, written } = setup();
    kinesis.call('CreateStream', { StreamName: 'clicks', ShardCount: 1 });
    await firehose.call('CreateDeliveryStream', {
      DeliveryStreamName: 'd',
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: ARN, RoleARN: 'arn:aws:iam::000000000000:role/r' },
      ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::b', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
    });
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      put(kinesis, `user-${i}`, `a${i}`);
      sent.push(`a${i}`);
    }
    clock.advance(1000);
    kinesis.call('SplitShard', { StreamName: 'clicks', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() });
    clock.advance(1000);
    for (let i = 0; i < 20; i++) {
      put(kinesis, `user-${i}`, `b${i}`);
      sent.push(`b${i}`);
    }
    await run(firehose, clock, 5);
    const delivered = written.flatMap((w) => w.body.trim().split('\n'));
    expect([...delivered].sort()).toEqual([...sent].sort());
    // Every parent record comes before any child record.
    const lastParent = Math.max(...delivered.map((d, i) => (d.startsWith('a') ? i : -1)));
    const firstChild = delivered.findIndex((d) => d.startsWith('b'));
    expect(lastParent).toBeLessThan(firstChild);
    expect(firehose.counts('d')).toMatchObject({ accepted: 40, delivered: 40, pending: 0 });
  });
});
