import { gunzipSync } from 'node:zlib';
import { formatSummary } from '../../../../lambda/engine/simulate/summary';
import { smallRun } from './helpers';

describe('runSimulation (small run: 3,000 records over 10 minutes, 2 shards)', () => {
  let run: Awaited<ReturnType<typeof smallRun>>;
  beforeAll(async () => {
    run = await smallRun({ records: 3000, minutes: 10 });
  });

  test('every record is stored, across both shards', () => {
    const { result } = run;
    expect(result.producer.stored).toBe(3000);
    expect(result.producer.failed).toBe(0);
    expect(result.shardCount).toBe(2);
    const perShard = result.series.shards.map((s) => s.records.reduce((a, b) => a + b, 0));
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(Math.min(...perShard)).toBeGreaterThan(0);
    expect(result.series.heat.counts.reduce((a, b) => a + b, 0)).toBe(3000);
  });

  test('Firehose writes GZIP files under AWS key names; delivered + dropped + failed = records', () => {
    const { result, sink } = run;
    const s3 = result.destinations[0]!;
    expect(s3.destination).toBe('s3');
    expect(s3.counts.delivered + s3.counts.dropped + s3.counts.failed).toBe(3000);
    expect(s3.counts.pending).toBe(0);
    const data = s3.files.filter((f) => !f.error);
    expect(data.length).toBeGreaterThanOrEqual(10); // a 60 s buffer over 10 minutes
    expect(s3.files.length).toBe(s3.counts.objectsWritten);
    for (const f of data) expect(f.key).toMatch(/^events\/2026\/11\/25\/\d{2}\/clickstream-to-s3-1-2026-11-25-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.gz$/);
    let lines = 0;
    for (const f of data) {
      const body = sink.objects.get(`s3/${f.key}`)!;
      expect(body.length).toBe(f.bytes);
      lines += gunzipSync(body).toString().split('\n').filter((l) => l !== '').length;
    }
    expect(lines).toBe(s3.counts.delivered);
    // Latency is at least the transform's buffer, at most a few buffer intervals.
    for (const f of data) expect(f.latencyMs).toBeLessThan(10 * 60_000);
  });

  test('the analytics application runs per shard and writes its output rows', () => {
    const { result, sink } = run;
    const streams = Object.fromEntries(result.analytics!.streams.map((s) => [s.stream, s]));
    expect(streams['CLICKS_PER_MINUTE']!.rows).toBeGreaterThanOrEqual(10); // ≥ one per minute (per shard)
    expect(streams['TOP_PAGES']!.rows).toBeGreaterThan(0);
    expect(sink.rows.get('CLICKS_PER_MINUTE')).toHaveLength(streams['CLICKS_PER_MINUTE']!.rows);
    const row = JSON.parse(sink.rows.get('CLICKS_PER_MINUTE')![0]!) as { stream: string; row: Record<string, unknown> };
    expect(row.stream).toBe('CLICKS_PER_MINUTE');
    expect(Object.keys(row.row)).toEqual(['MINUTE_START', 'PAGE_VIEWS', 'EVENTS', 'UNIQUE_SESSIONS']);
    // Intermediate streams are not outputs.
    expect(sink.rows.has('SESSION_MINUTES')).toBe(false);
    expect(streams['CLICKS_PER_MINUTE']!.first.length).toBeLessThanOrEqual(10);
  });

  test('is deterministic: the same seed writes the same objects', async () => {
    const again = await smallRun({ records: 3000, minutes: 10 });
    expect([...again.sink.objects.keys()]).toEqual([...run.sink.objects.keys()]);
    expect(again.result.producer).toEqual(run.result.producer);
  });

  test('the summary names records, throttles, retries, each destination and analytics stream', () => {
    const text = formatSummary(run.result);
    expect(text).toMatch(/records in\s+3,000/);
    expect(text).toMatch(/throttled/);
    expect(text).toMatch(/retries/);
    expect(text).toMatch(/s3 \(clickstream-to-s3\)/);
    expect(text).toMatch(/latency p50/);
    expect(text).toMatch(/CLICKS_PER_MINUTE/);
  });
});

describe('runSimulation with a one-shard burst', () => {
  test('a burst over 1,000 records/s is throttled and retried, and every record still arrives', async () => {
    const { result } = await smallRun({ records: 6000, minutes: 3, shardCount: 1, generator: { bursts: 1, burstShare: 0.4 } });
    expect(result.producer.throttled).toBeGreaterThan(0);
    expect(result.producer.retries).toBeGreaterThan(0);
    expect(result.producer.stored).toBe(6000);
    const shard = result.series.shards[0]!;
    expect(Math.max(...shard.records)).toBeLessThanOrEqual(1000);
    expect(shard.throttled.reduce((a, b) => a + b, 0)).toBe(result.producer.throttled);
  });
});
