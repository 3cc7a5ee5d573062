import { generateClickstream, diurnal } from '../../../../lambda/engine/simulate/generator';
import { ZipfSampler } from '../../../../lambda/engine/simulate/zipf';
import { parseClickEvent } from '../../../../lambda/engine/clickstream/click-event';
import { START } from './helpers';

const options = { seed: 42, records: 20_000, startMs: START, durationMs: 3_600_000 };

describe('generateClickstream', () => {
  const records = generateClickstream(options);

  test('is reproducible: the same seed gives the same records; another seed does not', () => {
    const again = generateClickstream(options);
    expect(again.length).toBe(records.length);
    expect(again.every((r, i) => r.atMs === records[i]!.atMs && r.partitionKey === records[i]!.partitionKey && r.data.equals(records[i]!.data))).toBe(true);
    const other = generateClickstream({ ...options, seed: 43 });
    expect(other.some((r, i) => !r.data.equals(records[i]!.data))).toBe(true);
  });

  test('gives exactly the requested number of records, in time order, within the run', () => {
    expect(records).toHaveLength(options.records);
    for (let i = 1; i < records.length; i++) expect(records[i]!.atMs).toBeGreaterThanOrEqual(records[i - 1]!.atMs);
    expect(records[0]!.atMs).toBeGreaterThanOrEqual(START);
    expect(records[records.length - 1]!.atMs).toBeLessThan(START + options.durationMs);
  });

  test('user activity is Zipf-skewed: the busiest user far outweighs the median one', () => {
    const perUser = new Map<string, number>();
    for (const r of records) {
      const e = JSON.parse(r.data.toString()) as { userId?: string; anonymousId?: string };
      const user = e.userId ?? e.anonymousId ?? '';
      if (/^(a-flash|a-kiosk)/.test(user)) continue;
      perUser.set(user, (perUser.get(user) ?? 0) + 1);
    }
    const counts = [...perUser.values()].sort((a, b) => b - a);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(counts[0]!).toBeGreaterThan(20 * median);
    // The top 1% of users make a large share of the events.
    const top = counts.slice(0, Math.ceil(counts.length / 100)).reduce((a, b) => a + b, 0);
    expect(top / counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.2);
  });

  test('has bursts far above the mean rate and a few hot partition keys', () => {
    const perSecond = new Map<number, number>();
    const perKey = new Map<string, number>();
    for (const r of records) {
      const s = Math.floor(r.atMs / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
      perKey.set(r.partitionKey, (perKey.get(r.partitionKey) ?? 0) + 1);
    }
    const mean = records.length / 3600;
    expect(Math.max(...perSecond.values())).toBeGreaterThan(50 * mean);
    const hot = [...perKey.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    expect(hot.map(([k]) => k).sort()).toEqual(['kiosk-1', 'kiosk-2', 'kiosk-3']);
  });

  test('events are what the transform accepts, bar a few crawlers and malformed ones', () => {
    const kinds = { ok: 0, bot: 0, invalid: 0 };
    for (const r of records) kinds[parseClickEvent(r.data).kind]++;
    expect(kinds.ok / records.length).toBeGreaterThan(0.97);
    expect(kinds.bot).toBeGreaterThan(0);
    expect(kinds.invalid).toBeGreaterThan(0);
  });

  test('follows the diurnal curve: the evening peak is busier than the night', () => {
    expect(diurnal(20)).toBeGreaterThan(4 * diurnal(3));
    const hourOf = (atMs: number): number => Math.floor(((atMs - START) / options.durationMs) * 24);
    const at = (h: number): number => records.filter((r) => hourOf(r.atMs) === h && !r.partitionKey.startsWith('kiosk')).length;
    expect(at(20)).toBeGreaterThan(2 * at(3));
  });
});

describe('ZipfSampler', () => {
  test('rank 1 is drawn about 2^s times as often as rank 2', () => {
    const z = new ZipfSampler(1000, 1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const k = z.sample((i + 0.5) / 100_000);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const ratio = counts.get(1)! / counts.get(2)!;
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
  });
});
