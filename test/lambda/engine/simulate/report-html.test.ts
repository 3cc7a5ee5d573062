import { renderReport } from '../../../../lambda/local/report/report';
import { escapeHtml } from '../../../../lambda/local/report/svg';
import { smallRun } from './helpers';

describe('report.html (structure)', () => {
  let html: string;
  beforeAll(async () => {
    const { result } = await smallRun({ records: 1500, minutes: 5 });
    html = renderReport(result, { traffic: 'generated, seed 7 <test>', config: 'test' });
  });

  test('is one self-contained document: no external resources, no script', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|@import|src=|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!shop\.example\.com|www\.google|news\.example|mail\.example|www\.w3\.org\/2000\/svg)/);
  });

  test('has every chart, each an svg with its data-chart id', () => {
    for (const id of ['shard-records', 'shard-bytes', 'throttled', 'hash-heatmap', 'file-sizes-s3', 'latency-s3']) {
      expect(html).toMatch(new RegExp(`<svg data-chart="${id}"`));
    }
  });

  test('draws the 1,000 records/s and 1 MiB/s limit lines and a polyline per shard', () => {
    expect(html).toContain('1,000 records/s per shard');
    expect(html).toContain('1 MiB/s per shard');
    const records = /<svg data-chart="shard-records"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(records.match(/<polyline/g)).toHaveLength(2);
    expect(records).toContain('class="limit"');
  });

  test('marks shard boundaries on the heat map and colours its bins', () => {
    const heat = /<svg data-chart="hash-heatmap"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(heat.match(/class="boundary"/g)).toHaveLength(2);
    expect(heat.match(/<rect /g)).toHaveLength(64);
  });

  test('tables the first rows of each SQL output stream, escaped', () => {
    expect(html).toMatch(/<table data-table="sql-CLICKS_PER_MINUTE"><thead><tr><th>ROWTIME<\/th><th>MINUTE_START<\/th>/);
    expect(html).toMatch(/<table data-table="sql-TOP_PAGES">/);
    expect(html).toContain('generated, seed 7 &lt;test&gt;');
  });

  test('escapeHtml escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
