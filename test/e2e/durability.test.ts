/**
 * `serve --data-dir`: every acknowledged record survives kill -9 and restart. The server runs as its
 * own process (the real CLI) and is killed while writers are mid-flight.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordsCommand,
} from '@aws-sdk/client-kinesis';

const CLI = path.join(__dirname, '..', '..', 'bin', 'clickstream.js');

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--throttle', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

const clientFor = (url: string) => new KinesisClient({
  endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1,
});

async function readShard(client: KinesisClient, ShardId: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 'durable', ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  for (;;) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator }));
    for (const r of page.Records ?? []) seen.set(r.SequenceNumber!, Buffer.from(r.Data!).toString());
    ShardIterator = page.NextShardIterator;
    if (!page.Records?.length || !ShardIterator) return seen;
  }
}

test('acknowledged records survive kill -9 under load, and numbering continues after restart', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clickstream-durable-'));
  const first = await serve(dataDir);
  const client = clientFor(first.url);
  await client.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 2 }));

  // Four writers put batches as fast as they can; every acknowledged entry is remembered.
  const acknowledged = new Map<string, string>();
  let stop = false;
  const writer = async (w: number) => {
    for (let batch = 0; !stop; batch++) {
      const payloads = Array.from({ length: 50 }, (_, i) => `w${w}-b${batch}-r${i}`);
      try {
        const out = await client.send(new PutRecordsCommand({
          StreamName: 'durable', Records: payloads.map((p) => ({ PartitionKey: p, Data: Buffer.from(p) })),
        }));
        out.Records!.forEach((r, i) => { if (r.SequenceNumber) acknowledged.set(`${r.ShardId}/${r.SequenceNumber}`, payloads[i]); });
      } catch {
        return; // the server died mid-request: that batch was never acknowledged
      }
    }
  };
  const writers = [0, 1, 2, 3].map(writer);
  while (acknowledged.size < 2000) await new Promise((r) => setTimeout(r, 20));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  client.destroy();
  if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((r) => first.child.once('exit', r));

  const second = await serve(dataDir);
  const reader = clientFor(second.url);
  try {
    const { Shards } = await reader.send(new ListShardsCommand({ StreamName: 'durable' }));
    const stored = new Map<string, string>();
    for (const shard of Shards!) {
      for (const [seq, data] of await readShard(reader, shard.ShardId!)) stored.set(`${shard.ShardId}/${seq}`, data);
    }
    const lost = [...acknowledged].filter(([key, data]) => stored.get(key) !== data);
    expect(acknowledged.size).toBeGreaterThanOrEqual(2000);
    expect(lost).toEqual([]);

    // New writes after the restart get higher sequence numbers than anything stored in their shard.
    const after = await reader.send(new PutRecordsCommand({ StreamName: 'durable', Records: [{ PartitionKey: 'again', Data: Buffer.from('after') }] }));
    const { ShardId, SequenceNumber } = after.Records![0];
    const before = [...stored.keys()].filter((k) => k.startsWith(`${ShardId}/`)).map((k) => k.split('/')[1]).sort();
    expect(SequenceNumber! > before[before.length - 1]).toBe(true);
  } finally {
    reader.destroy();
    second.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
