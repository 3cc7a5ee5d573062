/**
 * report.html in a real headless browser: Debian's chromium at /usr/bin/chromium driven by
 * playwright-core (never a downloaded browser; `.ci/browser.sh` installs it). Without it the suite is
 * skipped with a warning, except under CI, where it runs and fails (like test/support/postgres.ts).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { renderReport } from '../../lambda/local/report/report';
import { smallRun } from '../lambda/engine/simulate/helpers';

const CHROMIUM = '/usr/bin/chromium';
const CI_SET = process.env.CI !== undefined && process.env.CI !== '';
const missing = !existsSync(CHROMIUM);
if (missing && !CI_SET) {
  console.warn(`SKIPPING browser tests: ${CHROMIUM} is missing. Install it with .ci/browser.sh; with CI set these tests fail instead of skipping.`);
}
const describeBrowser = missing && !CI_SET ? describe.skip : describe;

const CHARTS = ['shard-records', 'shard-bytes', 'throttled', 'hash-heatmap', 'file-sizes-s3', 'latency-s3'];

describeBrowser('report.html in headless chromium', () => {
  let dir: string;
  let browser: Browser;
  const problems: string[] = [];
  const requests: string[] = [];
  let page: Awaited<ReturnType<Browser['newPage']>>;

  beforeAll(async () => {
    if (missing) throw new Error(`${CHROMIUM} is missing: run .ci/browser.sh (CI is set, so this fails instead of skipping)`);
    const { result } = await smallRun({ records: 2000, minutes: 5, shardCount: 2, generator: { bursts: 1, burstShare: 0.5 } });
    dir = mkdtempSync(path.join(tmpdir(), 'clickstream-report-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, renderReport(result, { traffic: 'generated, seed 7', config: 'test' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('renders without console errors, page errors or network requests', async () => {
    expect(await page.title()).toMatch(/clickstream simulate/);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  test.each(CHARTS)('chart %s is an svg with a non-zero size and drawn content', async (id) => {
    const chart = page.locator(`svg[data-chart="${id}"]`);
    expect(await chart.count()).toBe(1);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(50);
    expect(await chart.locator('polyline, rect').count()).toBeGreaterThan(0);
  });

  test('the SQL output tables and the destination table have rows', async () => {
    for (const table of ['sql-CLICKS_PER_MINUTE', 'sql-TOP_PAGES', 'destination-s3']) {
      expect(await page.locator(`table[data-table="${table}"] tbody tr`).count()).toBeGreaterThan(0);
    }
  });
});
