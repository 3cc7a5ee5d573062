/**
 * Inline SVG charts for report.html, generated as strings: no chart library, no network, no fonts.
 * Every chart is an <svg> with `data-chart="<id>"` so tests (and readers) can find it.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export const PALETTE = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f'];

const W = 760;
const H = 240;
const M = { left: 64, right: 36, top: 16, bottom: 36 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function axes(maxY: number, xLabels: readonly { at: number; text: string }[], yFormat: (v: number) => string): string {
  const parts: string[] = [];
  const ih = H - M.top - M.bottom;
  for (let i = 0; i <= 4; i++) {
    const v = (maxY * i) / 4;
    const y = M.top + ih - (ih * i) / 4;
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" class="grid"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${escapeHtml(yFormat(v))}</text>`);
  }
  for (const l of xLabels) parts.push(`<text x="${l.at.toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeHtml(l.text)}</text>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" class="axis"/>`);
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" class="axis"/>`);
  return parts.join('');
}

function svg(id: string, title: string, body: string, height = H): string {
  return `<svg data-chart="${escapeHtml(id)}" id="chart-${escapeHtml(id)}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

export interface LineChartOptions {
  readonly id: string;
  readonly title: string;
  readonly series: readonly Series[];
  /** x labels for bucket indexes. */
  readonly xLabel: (index: number) => string;
  readonly yFormat: (v: number) => string;
  readonly limit?: { readonly value: number; readonly label: string };
}

/** Lines over time, one per series, with an optional dashed limit line. */
export function lineChart(o: LineChartOptions): string {
  const n = Math.max(1, ...o.series.map((s) => s.values.length));
  const dataMax = Math.max(0, ...o.series.flatMap((s) => s.values));
  const maxY = niceMax(Math.max(dataMax, (o.limit?.value ?? 0) * 1.1));
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const x = (i: number): number => M.left + (n === 1 ? iw / 2 : (iw * i) / (n - 1));
  const y = (v: number): number => M.top + ih - (ih * v) / maxY;
  const labels = Array.from({ length: 6 }, (_, k) => Math.round(((n - 1) * k) / 5)).map((i) => ({ at: x(i), text: o.xLabel(i) }));
  const parts = [axes(maxY, labels, o.yFormat)];
  o.series.forEach((s, k) => {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="1.5" points="${points}"><title>${escapeHtml(s.name)}</title></polyline>`);
  });
  if (o.limit !== undefined) {
    const ly = y(o.limit.value).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${ly}" y2="${ly}" class="limit"/>`);
    parts.push(`<text x="${W - M.right - 4}" y="${Number(ly) - 5}" text-anchor="end" class="limit-label">${escapeHtml(o.limit.label)}</text>`);
  }
  return svg(o.id, o.title, parts.join(''));
}

export interface BarChartOptions {
  readonly id: string;
  readonly title: string;
  readonly values: readonly number[];
  readonly xLabel: (index: number) => string;
  readonly yFormat: (v: number) => string;
  readonly color?: string;
}

/** Bars (a time series of counts or a histogram's bins). */
export function barChart(o: BarChartOptions): string {
  const n = Math.max(1, o.values.length);
  const maxY = niceMax(Math.max(0, ...o.values));
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const bw = iw / n;
  const parts = [axes(maxY, Array.from({ length: Math.min(n, 6) }, (_, k) => Math.round(((n - 1) * k) / Math.max(1, Math.min(n, 6) - 1))).map((i) => ({ at: M.left + bw * (i + 0.5), text: o.xLabel(i) })), o.yFormat)];
  o.values.forEach((v, i) => {
    const h = (ih * v) / maxY;
    parts.push(`<rect x="${(M.left + bw * i + 0.5).toFixed(1)}" y="${(M.top + ih - h).toFixed(1)}" width="${Math.max(0.5, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${o.color ?? PALETTE[0]}"><title>${escapeHtml(`${o.xLabel(i)}: ${o.yFormat(v)}`)}</title></rect>`);
  });
  return svg(o.id, o.title, parts.join(''));
}

export interface HeatMapOptions {
  readonly id: string;
  readonly title: string;
  /** Load per bin of the hash space, in order. */
  readonly counts: readonly number[];
  /** Shard boundaries as fractions of the hash space (0..1), with the shard that starts there. */
  readonly boundaries: readonly { readonly at: number; readonly label: string }[];
}

/** One row of cells over the 128-bit hash space, darker = more records; shard boundaries marked. */
export function heatMap(o: HeatMapOptions): string {
  const height = 120;
  const iw = W - M.left - M.right;
  const n = Math.max(1, o.counts.length);
  const max = Math.max(1, ...o.counts);
  const cw = iw / n;
  const parts: string[] = [];
  o.counts.forEach((c, i) => {
    // Square-root scale: one hot bin should not wash out the rest.
    const t = Math.sqrt(c / max);
    const light = Math.round(96 - 58 * t);
    parts.push(`<rect x="${(M.left + cw * i).toFixed(1)}" y="20" width="${cw.toFixed(2)}" height="56" fill="hsl(${Math.round(48 - 48 * t)},90%,${light}%)"><title>bin ${i}: ${c} records</title></rect>`);
  });
  for (const b of o.boundaries) {
    const bx = (M.left + iw * b.at).toFixed(1);
    parts.push(`<line x1="${bx}" x2="${bx}" y1="12" y2="84" class="boundary"/><text x="${Number(bx) + 3}" y="96">${escapeHtml(b.label)}</text>`);
  }
  parts.push(`<text x="${M.left}" y="112">0</text><text x="${W - M.right}" y="112" text-anchor="end">2^128 − 1</text>`);
  return svg(o.id, o.title, parts.join(''), height);
}
