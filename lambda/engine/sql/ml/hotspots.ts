/**
 * HOTSPOTS(inputStream, windowSize, scanRadius, minimumNumberOfPointsInAHotspot) for the Kinesis Data
 * Analytics SQL engine: for every record, the dense regions among the last windowSize records.
 * Deterministic; the state is the window (≤ windowSize points and their neighbour sets).
 *
 * Sources
 * - [SQLREF] sqlref/sqlrf-hotspots (AWS docs, as mirrored in the public index):
 *   windowSize "the number of records that are considered for each timestep by the sliding window",
 *   100–1000 inclusive; scanRadius "analogous to the ε value in the DBSCAN algorithm", any double > 0;
 *   minimumNumberOfPointsInAHotspot 2–windowSize inclusive; numeric columns only; the output column is a
 *   JSON string (VARCHAR) listing every potential hotspot with `density` ("the number of records in the
 *   hotspot divided by the hotspot size"), `minValues` and `maxValues` (per data column).
 * - [DEV] dev/app-hotspots-*: the column is named HOTSPOTS_RESULT (the sqlref heading says
 *   HOTSPOT_RESULTS, its own example selects "HOTSPOTS_RESULT"), and the viewer reads
 *   `JSON.parse(HOTSPOTS_RESULT).hotspots[i].density / .minValues[k] / .maxValues[k]`.
 *
 * Algorithm [OURS] — AWS does not publish theirs; this is DBSCAN over the window, as the docs suggest:
 * - neighbours: Euclidean distance ≤ scanRadius (a point is its own neighbour);
 * - core point: at least minimumNumberOfPointsInAHotspot neighbours;
 * - hotspot: the core points connected through neighbours, plus the non-core neighbours of those
 *   core points (a border point reachable from two hotspots joins the one found first, scanning the
 *   window oldest first);
 * - minValues / maxValues: per column, over the hotspot's records;
 * - size: the product over the columns of the bounding box's sides, each side at least scanRadius
 *   (so a flat or single-valued hotspot has a finite density);
 * - order: density descending, ties in discovery order;
 * - before the window is full, the records so far form the window.
 */
import { MlFunctionError, describe, requireIntegerInRange, requireNumericRecord } from './errors';

const FN = 'HOTSPOTS';

/** [SQLREF] inclusive ranges. */
export const HOTSPOTS_LIMITS = {
  windowSize: { min: 100, max: 1000 },
  minimumNumberOfPointsInAHotspot: { min: 2 },
} as const;

export interface HotspotsOptions {
  readonly windowSize: number;
  readonly scanRadius: number;
  readonly minimumNumberOfPointsInAHotspot: number;
}

export interface Hotspot {
  /** Records in the hotspot divided by its size. */
  readonly density: number;
  readonly minValues: readonly number[];
  readonly maxValues: readonly number[];
  /** Records in the hotspot (not part of the JSON). */
  readonly count: number;
}

export interface HotspotsResult {
  readonly hotspots: readonly Hotspot[];
  /** The HOTSPOTS_RESULT column: `{"hotspots":[{"density":…,"minValues":[…],"maxValues":[…]}]}`. */
  readonly json: string;
}

interface WindowEntry {
  readonly point: Float64Array;
  readonly neighbours: Set<WindowEntry>;
  /** Update number in which `cluster` was assigned (avoids clearing between updates). */
  stamp: number;
  cluster: number;
}

export class Hotspots {
  readonly windowSize: number;
  readonly scanRadius: number;
  readonly minimumNumberOfPointsInAHotspot: number;

  private readonly radiusSquared: number;
  /** Ring buffer of the window, oldest at `start`. */
  private readonly window: WindowEntry[] = [];
  private start = 0;
  private columns: number | undefined;
  private updates = 0;

  constructor(options: HotspotsOptions) {
    const L = HOTSPOTS_LIMITS;
    this.windowSize = requireIntegerInRange(FN, 'windowSize', options.windowSize, L.windowSize.min, L.windowSize.max);
    const r = options.scanRadius;
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) {
      throw new MlFunctionError(FN, 'scanRadius', `scanRadius must be a DOUBLE greater than zero, got ${describe(r)}.`);
    }
    this.scanRadius = r;
    this.radiusSquared = r * r;
    this.minimumNumberOfPointsInAHotspot = requireIntegerInRange(
      FN,
      'minimumNumberOfPointsInAHotspot',
      options.minimumNumberOfPointsInAHotspot,
      L.minimumNumberOfPointsInAHotspot.min,
      this.windowSize,
    );
  }

  /** Adds one record (numeric columns only) and returns the hotspots of the window that ends with it. */
  update(point: readonly number[]): HotspotsResult {
    this.columns = requireNumericRecord(FN, point, undefined, this.columns);
    this.updates++;
    const entry: WindowEntry = { point: Float64Array.from(point), neighbours: new Set(), stamp: 0, cluster: -1 };

    if (this.window.length === this.windowSize) {
      const oldest = this.window[this.start];
      for (const n of oldest.neighbours) n.neighbours.delete(oldest);
      this.window[this.start] = entry;
      this.start = (this.start + 1) % this.windowSize;
    } else {
      this.window.push(entry);
    }
    for (const other of this.window) {
      if (other !== entry && this.distanceSquared(entry.point, other.point) <= this.radiusSquared) {
        entry.neighbours.add(other);
        other.neighbours.add(entry);
      }
    }
    return this.findHotspots();
  }

  /** Records currently in the window. */
  get size(): number {
    return this.window.length;
  }

  private distanceSquared(a: Float64Array, b: Float64Array): number {
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  private isCore(e: WindowEntry): boolean {
    return e.neighbours.size + 1 >= this.minimumNumberOfPointsInAHotspot;
  }

  private findHotspots(): HotspotsResult {
    const stamp = this.updates;
    const columns = this.columns as number;
    const found: { count: number; min: Float64Array; max: Float64Array }[] = [];
    const n = this.window.length;
    for (let k = 0; k < n; k++) {
      const seed = this.window[(this.start + k) % n];
      if (seed.stamp === stamp || !this.isCore(seed)) continue;
      const id = found.length;
      const hotspot = { count: 0, min: new Float64Array(columns).fill(Infinity), max: new Float64Array(columns).fill(-Infinity) };
      found.push(hotspot);
      const join = (e: WindowEntry): void => {
        e.stamp = stamp;
        e.cluster = id;
        hotspot.count++;
        for (let c = 0; c < columns; c++) {
          if (e.point[c] < hotspot.min[c]) hotspot.min[c] = e.point[c];
          if (e.point[c] > hotspot.max[c]) hotspot.max[c] = e.point[c];
        }
      };
      join(seed);
      const queue: WindowEntry[] = [seed];
      for (let q = 0; q < queue.length; q++) {
        for (const nb of queue[q].neighbours) {
          if (nb.stamp === stamp) continue;
          join(nb);
          if (this.isCore(nb)) queue.push(nb);
        }
      }
    }

    const hotspots: Hotspot[] = found.map((h) => {
      let size = 1;
      for (let c = 0; c < columns; c++) size *= Math.max(h.max[c] - h.min[c], this.scanRadius);
      return { density: h.count / size, minValues: Array.from(h.min), maxValues: Array.from(h.max), count: h.count };
    });
    // Array.prototype.sort is stable: ties keep discovery order.
    hotspots.sort((a, b) => b.density - a.density);
    const json = `{"hotspots":[${hotspots
      .map((h) => `{"density":${JSON.stringify(h.density)},"minValues":${JSON.stringify(h.minValues)},"maxValues":${JSON.stringify(h.maxValues)}}`)
      .join(',')}]}`;
    return { hotspots, json };
  }
}
