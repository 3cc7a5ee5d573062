/**
 * The built-in clickstream: seeded, so the same options always give the same records.
 *
 * Shape (what makes a pipeline's limits matter):
 * - users with Zipf-distributed activity (a few users make many sessions);
 * - sessions of page views, some add_to_cart, a few purchases, seconds apart;
 * - a diurnal curve (a night trough, a late-morning bump, an evening peak) compressed into the run;
 * - bursts: flash-sale seconds where thousands of new sessions land on one product page at once;
 * - a few hot partition keys (in-store kiosks with one long-lived session each);
 * - a little crawler traffic (dropped by the transform) and a few malformed events (its error output).
 * Events have the fields the transform accepts (lambda/engine/clickstream/click-event.ts) and the
 * analytics application reads (examples/analytics/clickstream.schema.json).
 */
import { mulberry32 } from '../seeded-random';
import { partitionKeyOf, type TrafficRecord } from './traffic';
import { ZipfSampler } from './zipf';

export interface GeneratorOptions {
  readonly seed: number;
  readonly records: number;
  readonly startMs: number;
  readonly durationMs: number;
  /** Distinct users. Default: records / 10, at least 100. */
  readonly users?: number;
  /** Zipf exponent of user activity. Default 1.1. */
  readonly zipfExponent?: number;
  /** Flash-sale bursts. Default 3 (0 when the run is shorter than a minute). */
  readonly bursts?: number;
  /** Share of all records in bursts. Default 0.12. */
  readonly burstShare?: number;
  /** Hot partition keys (kiosks). Default 3. */
  readonly hotKeys?: number;
  /** Share of all records on the hot keys. Default 0.06. */
  readonly hotShare?: number;
  /** Share of sessions that are crawlers. Default 0.01. */
  readonly botShare?: number;
  /** Share of events missing their url (rejected by the transform). Default 0.002. */
  readonly invalidShare?: number;
}

const HOST = 'https://shop.example.com';
const PRODUCTS = 500;
const SEARCHES = ['lamp', 'chair', 'desk', 'rug', 'mug', 'sofa', 'shelf', 'clock'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) Chrome/131.0 Mobile Safari/537.36',
];
const BOT_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const KIOSK_AGENT = 'Mozilla/5.0 (X11; CrOS x86_64 16002.0.0) Chrome/131.0 Kiosk';

/** Relative traffic at an hour of the day: night trough, late-morning bump, evening peak. */
export function diurnal(hour: number): number {
  return 0.15 + 0.6 * Math.exp(-(((hour - 11) / 3) ** 2)) + Math.exp(-(((hour - 20) / 2.5) ** 2));
}
const DIURNAL_MAX = 1.2;

interface Event {
  readonly atMs: number;
  readonly body: Record<string, unknown>;
}

export function generateClickstream(options: GeneratorOptions): TrafficRecord[] {
  const random = mulberry32(options.seed);
  const { records, startMs, durationMs } = options;
  if (records <= 0 || durationMs <= 0) return [];
  const endMs = startMs + durationMs;
  const burstCount = options.bursts ?? (durationMs >= 60_000 ? 3 : 0);
  const burstTotal = burstCount > 0 ? Math.floor(records * (options.burstShare ?? 0.12)) : 0;
  const hotKeys = options.hotKeys ?? 3;
  const hotTotal = hotKeys > 0 ? Math.floor(records * (options.hotShare ?? 0.06)) : 0;
  const users = new ZipfSampler(options.users ?? Math.max(100, Math.floor(records / 10)), options.zipfExponent ?? 1.1);
  const products = new ZipfSampler(PRODUCTS, 1.0);
  const botShare = options.botShare ?? 0.01;
  const invalidShare = options.invalidShare ?? 0.002;

  const events: Event[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const exp = (mean: number): number => -mean * Math.log(1 - random());
  const productUrl = (): string => `${HOST}/products/p-${products.sample(random())}`;
  const stamp = (atMs: number): string => new Date(atMs - 50 - Math.floor(random() * 450)).toISOString();
  let sessions = 0;

  const push = (atMs: number, body: Record<string, unknown>): void => {
    if (random() < invalidShare) delete body['url'];
    events.push({ atMs, body });
  };

  // Sessions: start times follow the diurnal curve over the run (one "day" per run).
  const sessionBudget = records - burstTotal - hotTotal;
  let produced = 0;
  while (produced < sessionBudget) {
    let t0: number;
    do t0 = startMs + random() * durationMs;
    while (random() * DIURNAL_MAX > diurnal(((t0 - startMs) / durationMs) * 24));
    const rank = users.sample(random());
    const visitor = rank % 3 === 0 ? { anonymousId: `a-${(rank * 2654435761 >>> 0).toString(16)}` } : { userId: `u-${rank}` };
    const sessionId = `s-${++sessions}`;
    const bot = random() < botShare;
    const userAgent = bot ? BOT_AGENT : (AGENTS[rank % AGENTS.length] as string);
    const length = 1 + Math.floor(exp(5));
    let t = t0;
    let cart = 0;
    for (let i = 0; i < length && produced < sessionBudget; i++) {
      if (i > 0) t += 500 + exp(15_000);
      if (t >= endMs) break;
      const roll = random();
      let body: Record<string, unknown>;
      if (i === 0) body = { eventType: 'page_view', url: random() < 0.5 ? `${HOST}/` : productUrl(), referrer: pick(['https://www.google.com/', 'https://news.example.org/', null]) };
      else if (!bot && cart > 0 && i === length - 1 && roll < 0.35) body = { eventType: 'purchase', url: `${HOST}/checkout`, properties: { items: cart, total: Math.round(cart * (5 + random() * 60) * 100) / 100 } };
      else if (!bot && roll < 0.15) {
        cart++;
        const url = productUrl();
        body = { eventType: 'add_to_cart', url, properties: { productId: url.slice(url.lastIndexOf('/') + 1), price: Math.round((5 + random() * 60) * 100) / 100, quantity: 1 + Math.floor(random() * 3) } };
      } else if (roll < 0.25) body = { eventType: 'page_view', url: `${HOST}/search?q=${pick(SEARCHES)}` };
      else body = { eventType: 'page_view', url: productUrl() };
      push(Math.floor(t), { ...body, timestamp: stamp(t), ...visitor, sessionId, userAgent });
      produced++;
    }
  }

  // Bursts: a flash sale's second, many new visitors on one product page at once.
  for (let b = 0; b < burstCount; b++) {
    const size = Math.floor(burstTotal / burstCount) + (b < burstTotal % burstCount ? 1 : 0);
    const at = startMs + durationMs * (0.15 + (0.7 * (b + random())) / burstCount);
    const url = `${HOST}/products/p-${1 + Math.floor(random() * PRODUCTS)}?sale=flash`;
    for (let i = 0; i < size; i++) {
      const t = Math.min(endMs - 1, Math.floor(at + random() * 1000));
      push(t, { eventType: 'page_view', timestamp: stamp(t), url, anonymousId: `a-flash-${b}-${i}`, sessionId: `s-flash-${b}-${i % 400}`, userAgent: pick(AGENTS), referrer: 'https://mail.example.com/' });
    }
  }

  // Hot keys: kiosks, each one endless session, weights 1 : 1/2 : 1/3 ...
  const weights = Array.from({ length: hotKeys }, (_, k) => 1 / (k + 1));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let hotLeft = hotTotal;
  for (let k = 0; k < hotKeys; k++) {
    // The last kiosk takes the rounding remainder, so the run has exactly `records` records.
    const count = k === hotKeys - 1 ? hotLeft : Math.round((hotTotal * (weights[k] as number)) / weightSum);
    hotLeft -= count;
    for (let i = 0; i < count; i++) {
      const t = Math.floor(startMs + ((i + random()) / count) * durationMs);
      push(t, { eventType: random() < 0.2 ? 'add_to_cart' : 'page_view', timestamp: stamp(t), url: productUrl(), anonymousId: `a-kiosk-${k + 1}`, sessionId: `kiosk-${k + 1}`, userAgent: KIOSK_AGENT });
    }
  }

  // Stable sort: equal times keep generation order, so a seed gives one exact sequence.
  events.sort((a, b) => a.atMs - b.atMs);
  return events.map((e) => ({ atMs: e.atMs, partitionKey: partitionKeyOf(e.body), data: Buffer.from(JSON.stringify(e.body)) }));
}
