/**
 * Robust Random Cut Forest (RRCF) for the Kinesis Data Analytics SQL functions RANDOM_CUT_FOREST and
 * RANDOM_CUT_FOREST_WITH_EXPLANATION. One record in, one score out; the state is bounded by the
 * parameters (numberOfTrees × subSampleSize points, shingleSize records of shingle), never by the input.
 *
 * Sources
 * - [SQLREF] sqlref/sqlrf-random-cut-forest and sqlrf-random-cut-forest-with-explanation (AWS docs, as
 *   mirrored in the public index): parameters, defaults and ranges, "returns zero for the first
 *   subSampleSize records", "subSampleSize must be less than timeDecay", "up to 30 numeric columns",
 *   "uses only the most recent timeDecay records … assigns exponentially more weight to recent records",
 *   the attribution / strength / directionality definitions (attributions sum to the anomaly score;
 *   direction LOW and strength 0 during the learning phase).
 * - [DEV] dev/examine-results-with-exp (blood-pressure example) and a public blog's captured output: the
 *   EXPLANATION JSON shape `{"col":{"DIRECTION":"HIGH","STRENGTH":"0.8567","ATTRIBUTION_SCORE":"1.7447"}}`
 *   — values are strings with four decimals, keys in that order.
 * - [RRCF] Guha, Mishra, Roy, Schrijvers, "Robust Random Cut Forest Based Anomaly Detection on Streams",
 *   ICML 2016: random cuts (dimension ∝ side length, value uniform), tree insert/delete, displacement.
 * - [AWS-RCF] aws/random-cut-forest-by-aws (Java core): the score used by every AWS RCF — at the leaf
 *   `1/(depth+1)` (or `damp·1/(depth+log2(1+mass))` for a duplicate), blended upwards with the probability
 *   that a random cut separates the point from each ancestor's box, normalised by `log2(1+treeMass)` and
 *   averaged over trees (CommonUtils, AbstractScalarScoreVisitor); the attribution DiVector, the same
 *   recursion split by dimension and side (AbstractAttributionVisitor); the time-decayed reservoir with
 *   weight `−seq·λ + log(−log u)`, keeping the smallest weights (AbstractStreamSampler).
 *
 * Engine choices [OURS] (not published for KDA; see UNCONFIRMED in the module report):
 * - λ = 1 / timeDecay, plus the documented hard horizon: a sampled point older than timeDecay records
 *   (seq ≤ now − timeDecay) is evicted.
 * - Samplers accept every point while not full (so after subSampleSize shingles every tree is full,
 *   matching the documented warm-up), then by weight.
 * - Warm-up: the score is 0 while the shingle is not yet full or fewer than subSampleSize shingles
 *   have been fed to the forest; a record is scored before the forest is updated with it.
 * - Shingles are the last shingleSize records concatenated oldest first; a column's attribution sums
 *   its contributions over the shingle positions.
 * - STRENGTH and DIRECTION: AWS publishes no formula (their sample outputs show STRENGTH in the column's
 *   units, exceeding the score). We use the expected signed gap at isolation: over the trees, the
 *   probability that a random cut first isolates the point at a node on the high (low) side of
 *   dimension d, times the distance from that node's box to the point. DIRECTION is HIGH when the
 *   expectation is positive, LOW otherwise (also for 0); STRENGTH is its absolute value.
 * - Arithmetic is double precision (the Java library stores float32).
 */
import { MlFunctionError, describe, requireIntegerInRange, requireNumericRecord } from './errors';

export const RCF_DEFAULTS = {
  numberOfTrees: 100,
  subSampleSize: 256,
  timeDecay: 100_000,
  shingleSize: 1,
  withDirectionality: false,
} as const;

/** [SQLREF] inclusive ranges; timeDecay must also exceed subSampleSize. */
export const RCF_LIMITS = {
  numberOfTrees: { min: 1, max: 1000 },
  subSampleSize: { min: 10, max: 1000 },
  timeDecay: { min: 1, max: 2_147_483_647 },
  shingleSize: { min: 1, max: 30 },
  /** "your input stream can have up to 30 numeric columns" */
  numericColumns: { min: 1, max: 30 },
} as const;

export interface RandomCutForestOptions {
  numberOfTrees?: number;
  subSampleSize?: number;
  timeDecay?: number;
  shingleSize?: number;
  withDirectionality?: boolean;
  /** Compute the per-column explanation (RANDOM_CUT_FOREST_WITH_EXPLANATION). Default false. */
  explain?: boolean;
  /** The injected seeded generator, uniform in [0, 1) (e.g. mulberry32). All randomness comes from it. */
  random: () => number;
  /** The SQL function named in error messages. Default: RANDOM_CUT_FOREST[_WITH_EXPLANATION]. */
  functionName?: string;
}

export type Direction = 'HIGH' | 'LOW';

/** One input column's share of the anomaly score. */
export interface ColumnAttribution {
  /** ATTRIBUTION_SCORE: high + low; the columns' attributions sum to the score. */
  readonly attribution: number;
  /** The part of the attribution from the point lying above (high) or below (low) the sampled data. */
  readonly high: number;
  readonly low: number;
  readonly direction: Direction;
  /** ≥ 0, in the column's units (see the module header). */
  readonly strength: number;
}

export interface RcfResult {
  /** ANOMALY_SCORE (DOUBLE, ≥ 0); 0 during warm-up. */
  readonly score: number;
  /** Present when the forest was built with `explain: true`: one entry per input column. */
  readonly explanation?: readonly ColumnAttribution[];
}

export interface RcfTreeStats {
  readonly sampleSize: number;
  readonly mass: number;
  readonly leafCount: number;
  readonly internalCount: number;
  readonly nodeCount: number;
  /** Sequence number (1-based, in shingles) of the oldest sampled point; undefined when empty. */
  readonly oldestSequence: number | undefined;
}

export interface RcfStats {
  /** Records passed to update(). */
  readonly recordsSeen: number;
  /** Shingles fed to the forest (records once the shingle is full). */
  readonly pointsSeen: number;
  readonly dimensions: number | undefined;
  readonly trees: readonly RcfTreeStats[];
}

// ---------------------------------------------------------------------------------------------
// Scoring functions [AWS-RCF CommonUtils]

const LOG2 = Math.log(2);
const scoreSeen = (depth: number, mass: number): number => 1 / (depth + Math.log(mass + 1) / LOG2);
const scoreUnseen = (depth: number): number => 1 / (depth + 1);
const damp = (leafMass: number, treeMass: number): number => 1 - leafMass / (2 * treeMass);
const normalizer = (treeMass: number): number => Math.log(treeMass + 1) / LOG2;

// ---------------------------------------------------------------------------------------------
// Tree

interface LeafNode {
  readonly leaf: true;
  readonly point: Float64Array;
  mass: number;
  parent: InternalNode | null;
}

interface InternalNode {
  readonly leaf: false;
  readonly dim: number;
  readonly value: number;
  left: TreeNode;
  right: TreeNode;
  readonly min: Float64Array;
  readonly max: Float64Array;
  mass: number;
  parent: InternalNode | null;
}

type TreeNode = LeafNode | InternalNode;

const boxMin = (n: TreeNode): Float64Array => (n.leaf ? n.point : n.min);
const boxMax = (n: TreeNode): Float64Array => (n.leaf ? n.point : n.max);

const scratch = new Float64Array(1);
const scratchBits = new BigInt64Array(scratch.buffer);
/** The largest double below x (Java's Math.nextDown). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  scratch[0] = x;
  scratchBits[0] += x > 0 ? -1n : 1n;
  return scratch[0];
}

function pointsEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Per-tree accumulators for an explanation, in shingled dimensions. */
interface TreeAttribution {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly gap: Float64Array;
}

class RandomCutTree {
  root: TreeNode | null = null;
  leafCount = 0;
  internalCount = 0;
  private readonly path: InternalNode[] = [];

  constructor(private readonly dims: number) {}

  get mass(): number {
    return this.root === null ? 0 : this.root.mass;
  }

  /** [RRCF] InsertPoint, top-down. Returns the leaf holding the point (an existing leaf for a duplicate). */
  insert(p: Float64Array, random: () => number): LeafNode {
    if (this.root === null) {
      const leaf: LeafNode = { leaf: true, point: p, mass: 1, parent: null };
      this.root = leaf;
      this.leafCount++;
      return leaf;
    }
    let node: TreeNode = this.root;
    for (;;) {
      if (node.leaf && pointsEqual(node.point, p)) {
        node.mass++;
        return node;
      }
      const cut = this.separatingCut(node, p, random);
      if (cut !== null) {
        const leaf: LeafNode = { leaf: true, point: p, mass: 1, parent: null };
        const min = new Float64Array(this.dims);
        const max = new Float64Array(this.dims);
        const bMin = boxMin(node);
        const bMax = boxMax(node);
        for (let d = 0; d < this.dims; d++) {
          min[d] = Math.min(bMin[d], p[d]);
          max[d] = Math.max(bMax[d], p[d]);
        }
        const pointGoesLeft = p[cut.dim] <= cut.value;
        const parent: InternalNode | null = node.parent;
        const merged: InternalNode = {
          leaf: false,
          dim: cut.dim,
          value: cut.value,
          left: pointGoesLeft ? leaf : node,
          right: pointGoesLeft ? node : leaf,
          min,
          max,
          mass: node.mass + 1,
          parent,
        };
        leaf.parent = merged;
        node.parent = merged;
        if (parent === null) this.root = merged;
        else if (parent.left === node) parent.left = merged;
        else parent.right = merged;
        this.leafCount++;
        this.internalCount++;
        return leaf;
      }
      // No separation here: the point joins this subtree.
      const internal = node as InternalNode;
      internal.mass++;
      for (let d = 0; d < this.dims; d++) {
        if (p[d] < internal.min[d]) internal.min[d] = p[d];
        if (p[d] > internal.max[d]) internal.max[d] = p[d];
      }
      node = p[internal.dim] <= internal.value ? internal.left : internal.right;
    }
  }

  /**
   * Draws a random cut of box(node) ∪ {p} (dimension ∝ side, value uniform in [lo, hi)) and returns it
   * when it separates p from the node's box. A point inside the box cannot be separated: no draw.
   */
  private separatingCut(node: TreeNode, p: Float64Array, random: () => number): { dim: number; value: number } | null {
    const bMin = boxMin(node);
    const bMax = boxMax(node);
    let rangeSum = 0;
    let outside = false;
    for (let d = 0; d < this.dims; d++) {
      const lo = Math.min(bMin[d], p[d]);
      const hi = Math.max(bMax[d], p[d]);
      rangeSum += hi - lo;
      if (p[d] < bMin[d] || p[d] > bMax[d]) outside = true;
    }
    if (!outside) return null;
    let breakPoint = random() * rangeSum;
    let dim = -1;
    let value = 0;
    let lastPositive = -1;
    for (let d = 0; d < this.dims; d++) {
      const lo = Math.min(bMin[d], p[d]);
      const hi = Math.max(bMax[d], p[d]);
      const gap = hi - lo;
      if (gap <= 0) continue;
      lastPositive = d;
      if (breakPoint <= gap) {
        dim = d;
        value = lo + breakPoint;
        if (value >= hi) value = nextDown(hi);
        break;
      }
      breakPoint -= gap;
    }
    if (dim < 0) {
      // Rounding left the break point past the last side: cut just below the top of the last side.
      dim = lastPositive;
      value = nextDown(Math.max(bMax[dim], p[dim]));
    }
    const separates = (p[dim] <= value && value < bMin[dim]) || (p[dim] > value && value >= bMax[dim]);
    return separates ? { dim, value } : null;
  }

  /** [RRCF] DeletePoint: one copy of the leaf's point leaves the tree. */
  remove(leaf: LeafNode): void {
    if (leaf.mass > 1) {
      leaf.mass--;
      for (let a = leaf.parent; a !== null; a = a.parent) a.mass--;
      return;
    }
    const parent = leaf.parent;
    this.leafCount--;
    if (parent === null) {
      this.root = null;
      return;
    }
    const sibling = parent.left === leaf ? parent.right : parent.left;
    const grand = parent.parent;
    sibling.parent = grand;
    if (grand === null) this.root = sibling;
    else if (grand.left === parent) grand.left = sibling;
    else grand.right = sibling;
    this.internalCount--;
    let boxMayChange = true;
    for (let a = grand; a !== null; a = a.parent) {
      a.mass--;
      if (boxMayChange) boxMayChange = this.recomputeBox(a);
    }
  }

  /** box(a) = box(left) ∪ box(right); returns whether it changed. */
  private recomputeBox(a: InternalNode): boolean {
    const lMin = boxMin(a.left);
    const lMax = boxMax(a.left);
    const rMin = boxMin(a.right);
    const rMax = boxMax(a.right);
    let changed = false;
    for (let d = 0; d < this.dims; d++) {
      const mn = Math.min(lMin[d], rMin[d]);
      const mx = Math.max(lMax[d], rMax[d]);
      if (mn !== a.min[d] || mx !== a.max[d]) changed = true;
      a.min[d] = mn;
      a.max[d] = mx;
    }
    return changed;
  }

  /** Descends to the leaf the point would reach; fills this.path with the internal nodes (root first). */
  private descend(p: Float64Array): LeafNode {
    const path = this.path;
    path.length = 0;
    let node = this.root as TreeNode;
    while (!node.leaf) {
      path.push(node);
      node = p[node.dim] <= node.value ? node.left : node.right;
    }
    return node;
  }

  /** Probability that a random cut of box ∪ {p} separates p from the box. */
  private separationProbability(min: Float64Array, max: Float64Array, p: Float64Array): number {
    let newRange = 0;
    let diff = 0;
    for (let d = 0; d < this.dims; d++) {
      const lo = min[d];
      const hi = max[d];
      if (p[d] > hi) {
        newRange += p[d] - lo;
        diff += p[d] - hi;
      } else if (p[d] < lo) {
        newRange += hi - p[d];
        diff += lo - p[d];
      } else {
        newRange += hi - lo;
      }
    }
    return newRange > 0 ? diff / newRange : 0;
  }

  /** [AWS-RCF AbstractScalarScoreVisitor] with the default leaf handling. */
  score(p: Float64Array): number {
    if (this.root === null) return 0;
    const treeMass = this.root.mass;
    const leaf = this.descend(p);
    const path = this.path;
    if (pointsEqual(leaf.point, p)) {
      return damp(leaf.mass, treeMass) * scoreSeen(path.length, leaf.mass) * normalizer(treeMass);
    }
    let score = scoreUnseen(path.length);
    for (let i = path.length - 1; i >= 0; i--) {
      const prob = this.separationProbability(path[i].min, path[i].max, p);
      if (prob <= 0) break;
      score = prob * scoreUnseen(i) + (1 - prob) * score;
    }
    return score * normalizer(treeMass);
  }

  /**
   * Adds this tree's attribution DiVector ([AWS-RCF AbstractAttributionVisitor]) and expected signed
   * isolation gap (strength, [OURS]) to the accumulators.
   */
  attribute(p: Float64Array, acc: TreeAttribution): void {
    if (this.root === null) return;
    const dims = this.dims;
    const treeMass = this.root.mass;
    const leaf = this.descend(p);
    const path = this.path;
    const high = new Float64Array(dims);
    const low = new Float64Array(dims);
    const norm = normalizer(treeMass);

    if (pointsEqual(leaf.point, p)) {
      // Duplicate: the score is damp·scoreSeen; spread it by the sibling ("shadow") boxes, the
      // counterfactual without this point, then renormalise to the score.
      const saved = damp(leaf.mass, treeMass) * scoreSeen(path.length, leaf.mass);
      high.fill(saved / (2 * dims));
      low.fill(saved / (2 * dims));
      const shadowMin = new Float64Array(dims).fill(Infinity);
      const shadowMax = new Float64Array(dims).fill(-Infinity);
      let child: TreeNode = leaf;
      for (let i = path.length - 1; i >= 0; i--) {
        const node = path[i];
        const sibling = node.left === child ? node.right : node.left;
        const sMin = boxMin(sibling);
        const sMax = boxMax(sibling);
        let newRange = 0;
        let diff = 0;
        for (let d = 0; d < dims; d++) {
          if (sMin[d] < shadowMin[d]) shadowMin[d] = sMin[d];
          if (sMax[d] > shadowMax[d]) shadowMax[d] = sMax[d];
          const lo = Math.min(shadowMin[d], p[d]);
          const hi = Math.max(shadowMax[d], p[d]);
          newRange += hi - lo;
          diff += Math.max(p[d] - shadowMax[d], 0) + Math.max(shadowMin[d] - p[d], 0);
        }
        if (newRange <= 0 || diff <= 0) break;
        const prob = diff / newRange;
        const unseen = scoreUnseen(i);
        for (let d = 0; d < dims; d++) {
          high[d] = (Math.max(p[d] - shadowMax[d], 0) / newRange) * unseen + (1 - prob) * high[d];
          low[d] = (Math.max(shadowMin[d] - p[d], 0) / newRange) * unseen + (1 - prob) * low[d];
        }
        child = node;
      }
      let total = 0;
      for (let d = 0; d < dims; d++) total += high[d] + low[d];
      const factor = total > 0 ? saved / total : 0;
      for (let d = 0; d < dims; d++) {
        acc.high[d] += high[d] * factor * norm;
        acc.low[d] += low[d] * factor * norm;
      }
      return; // no direction for a value already in the sample
    }

    // Leaf: a single point q; the cut separates p from q for sure.
    const q = leaf.point;
    let leafRange = 0;
    for (let d = 0; d < dims; d++) leafRange += Math.abs(p[d] - q[d]);
    const leafScore = scoreUnseen(path.length);
    for (let d = 0; d < dims; d++) {
      high[d] = (leafScore * Math.max(p[d] - q[d], 0)) / leafRange;
      low[d] = (leafScore * Math.max(q[d] - p[d], 0)) / leafRange;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i];
      let newRange = 0;
      let diff = 0;
      for (let d = 0; d < dims; d++) {
        const up = Math.max(p[d] - node.max[d], 0);
        const down = Math.max(node.min[d] - p[d], 0);
        newRange += node.max[d] - node.min[d] + up + down;
        diff += up + down;
      }
      if (diff <= 0) break;
      const prob = diff / newRange;
      const unseen = scoreUnseen(i);
      for (let d = 0; d < dims; d++) {
        high[d] = (Math.max(p[d] - node.max[d], 0) / newRange) * unseen + (1 - prob) * high[d];
        low[d] = (Math.max(node.min[d] - p[d], 0) / newRange) * unseen + (1 - prob) * low[d];
      }
    }
    for (let d = 0; d < dims; d++) {
      acc.high[d] += high[d] * norm;
      acc.low[d] += low[d] * norm;
    }

    // Expected signed gap at the first isolating cut, root first; the leaf isolates what is left.
    let notYet = 1;
    for (let i = 0; i < path.length && notYet > 0; i++) {
      const node = path[i];
      let newRange = 0;
      let diff = 0;
      for (let d = 0; d < dims; d++) {
        const up = Math.max(p[d] - node.max[d], 0);
        const down = Math.max(node.min[d] - p[d], 0);
        newRange += node.max[d] - node.min[d] + up + down;
        diff += up + down;
      }
      if (diff <= 0) continue;
      for (let d = 0; d < dims; d++) {
        const up = Math.max(p[d] - node.max[d], 0);
        const down = Math.max(node.min[d] - p[d], 0);
        acc.gap[d] += (notYet * (up * up - down * down)) / newRange;
      }
      notYet *= 1 - diff / newRange;
    }
    if (notYet > 0) {
      for (let d = 0; d < dims; d++) {
        const up = Math.max(p[d] - q[d], 0);
        const down = Math.max(q[d] - p[d], 0);
        acc.gap[d] += (notYet * (up * up - down * down)) / leafRange;
      }
    }
  }

  /** Structural check for tests: throws on the first broken invariant. */
  checkInvariants(expectedMass: number): void {
    let leaves = 0;
    let internals = 0;
    const visit = (n: TreeNode, parent: InternalNode | null): { mass: number; min: Float64Array; max: Float64Array } => {
      if (n.parent !== parent) throw new Error('RCF invariant: wrong parent pointer');
      if (n.leaf) {
        leaves++;
        if (n.mass < 1) throw new Error('RCF invariant: leaf mass < 1');
        return { mass: n.mass, min: n.point, max: n.point };
      }
      internals++;
      const l = visit(n.left, n);
      const r = visit(n.right, n);
      if (n.mass !== l.mass + r.mass) throw new Error('RCF invariant: internal mass is not the sum of its children');
      for (let d = 0; d < this.dims; d++) {
        if (n.min[d] !== Math.min(l.min[d], r.min[d]) || n.max[d] !== Math.max(l.max[d], r.max[d])) {
          throw new Error('RCF invariant: bounding box is not the union of the children');
        }
      }
      if (!(l.max[n.dim] <= n.value && r.min[n.dim] > n.value)) {
        throw new Error('RCF invariant: a cut does not separate its children');
      }
      return { mass: n.mass, min: n.min, max: n.max };
    };
    const mass = this.root === null ? 0 : visit(this.root, null).mass;
    if (mass !== expectedMass) throw new Error(`RCF invariant: tree mass ${mass} != sample size ${expectedMass}`);
    if (leaves !== this.leafCount || internals !== this.internalCount) throw new Error('RCF invariant: node counters drifted');
    if (this.root !== null && internals !== leaves - 1) throw new Error('RCF invariant: internal nodes != leaves - 1');
  }
}

// ---------------------------------------------------------------------------------------------
// Time-decayed reservoir sampler [AWS-RCF AbstractStreamSampler] with the documented horizon

interface SampleEntry {
  readonly leaf: LeafNode;
  readonly seq: number;
  readonly weight: number;
  heapIndex: number;
  alive: boolean;
}

class TimeDecaySampler {
  /** Max-heap by weight: the root is the next to evict. */
  private readonly heap: SampleEntry[] = [];
  /** Entries in sequence order (dead ones are skipped, then compacted away). */
  private fifo: SampleEntry[] = [];
  private fifoHead = 0;

  constructor(
    private readonly capacity: number,
    private readonly timeDecay: number,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  get oldestSequence(): number | undefined {
    for (let i = this.fifoHead; i < this.fifo.length; i++) if (this.fifo[i].alive) return this.fifo[i].seq;
    return undefined;
  }

  /** Evicts every sampled point older than the horizon; returns their leaves. */
  expire(seq: number, evicted: LeafNode[]): void {
    const oldest = seq - this.timeDecay;
    while (this.fifoHead < this.fifo.length) {
      const e = this.fifo[this.fifoHead];
      if (e.alive && e.seq > oldest) break;
      this.fifoHead++;
      if (e.alive) {
        this.removeAt(e.heapIndex);
        e.alive = false;
        evicted.push(e.leaf);
      }
    }
  }

  /** Weight −seq/timeDecay + log(−log u); lower is kept. */
  weight(seq: number, random: () => number): number {
    let u = random();
    while (u <= 0) u = random();
    return -seq / this.timeDecay + Math.log(-Math.log(u));
  }

  /** Whether a point with this weight enters; if the sample is full, evicts (and returns) the heaviest. */
  admit(weight: number): { accepted: boolean; evicted?: LeafNode } {
    if (this.heap.length < this.capacity) return { accepted: true };
    const top = this.heap[0];
    if (weight >= top.weight) return { accepted: false };
    this.removeAt(0);
    top.alive = false;
    return { accepted: true, evicted: top.leaf };
  }

  add(leaf: LeafNode, seq: number, weight: number): void {
    const e: SampleEntry = { leaf, seq, weight, heapIndex: this.heap.length, alive: true };
    this.heap.push(e);
    this.siftUp(e.heapIndex);
    this.fifo.push(e);
    if (this.fifo.length - this.fifoHead > 2 * this.capacity) {
      this.fifo = this.fifo.slice(this.fifoHead).filter((x) => x.alive);
      this.fifoHead = 0;
    }
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const last = heap.pop() as SampleEntry;
    if (i === heap.length) return;
    heap[i] = last;
    last.heapIndex = i;
    this.siftUp(i);
    this.siftDown(last.heapIndex);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].weight >= heap[i].weight) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < heap.length && heap[l].weight > heap[largest].weight) largest = l;
      if (r < heap.length && heap[r].weight > heap[largest].weight) largest = r;
      if (largest === i) return;
      this.swap(i, largest);
      i = largest;
    }
  }

  private swap(i: number, j: number): void {
    const heap = this.heap;
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
    heap[i].heapIndex = i;
    heap[j].heapIndex = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Forest

export class RandomCutForest {
  readonly numberOfTrees: number;
  readonly subSampleSize: number;
  readonly timeDecay: number;
  readonly shingleSize: number;
  readonly withDirectionality: boolean;
  readonly explain: boolean;
  readonly functionName: string;

  private readonly random: () => number;
  private columns: number | undefined;
  private dims = 0;
  private trees: RandomCutTree[] = [];
  private samplers: TimeDecaySampler[] = [];
  /** The last shingleSize records, oldest first (a ring). */
  private shingle: Float64Array[] = [];
  private shingleStart = 0;
  private recordsSeen = 0;
  private pointsSeen = 0;

  constructor(options: RandomCutForestOptions) {
    const explain = options.explain ?? false;
    const fn = options.functionName ?? (explain ? 'RANDOM_CUT_FOREST_WITH_EXPLANATION' : 'RANDOM_CUT_FOREST');
    this.functionName = fn;
    this.explain = explain;
    const L = RCF_LIMITS;
    this.numberOfTrees = requireIntegerInRange(fn, 'numberOfTrees', options.numberOfTrees ?? RCF_DEFAULTS.numberOfTrees, L.numberOfTrees.min, L.numberOfTrees.max);
    this.subSampleSize = requireIntegerInRange(fn, 'subSampleSize', options.subSampleSize ?? RCF_DEFAULTS.subSampleSize, L.subSampleSize.min, L.subSampleSize.max);
    this.timeDecay = requireIntegerInRange(fn, 'timeDecay', options.timeDecay ?? RCF_DEFAULTS.timeDecay, L.timeDecay.min, L.timeDecay.max);
    this.shingleSize = requireIntegerInRange(fn, 'shingleSize', options.shingleSize ?? RCF_DEFAULTS.shingleSize, L.shingleSize.min, L.shingleSize.max);
    if (this.subSampleSize >= this.timeDecay) {
      throw new MlFunctionError(fn, 'subSampleSize', `subSampleSize (${this.subSampleSize}) must be less than timeDecay (${this.timeDecay}).`);
    }
    const withDirectionality = options.withDirectionality ?? RCF_DEFAULTS.withDirectionality;
    if (typeof withDirectionality !== 'boolean') {
      throw new MlFunctionError(fn, 'withDirectionality', `withDirectionality must be a BOOLEAN, got ${describe(withDirectionality)}.`);
    }
    this.withDirectionality = withDirectionality;
    if (typeof options.random !== 'function') {
      throw new MlFunctionError(fn, 'random', 'a seeded random generator (() => number in [0, 1)) must be injected.');
    }
    this.random = options.random;
  }

  /** Scores one record (numeric columns only), then learns from it. */
  update(point: readonly number[]): RcfResult {
    const columns = requireNumericRecord(this.functionName, point, RCF_LIMITS.numericColumns.max, this.columns);
    if (this.columns === undefined) this.initialise(columns);
    this.recordsSeen++;

    const record = Float64Array.from(point);
    if (this.shingle.length < this.shingleSize) {
      this.shingle.push(record);
    } else {
      this.shingle[this.shingleStart] = record;
      this.shingleStart = (this.shingleStart + 1) % this.shingleSize;
    }
    if (this.shingle.length < this.shingleSize) return this.warmUpResult();

    const shingled = new Float64Array(this.dims);
    for (let s = 0; s < this.shingleSize; s++) {
      shingled.set(this.shingle[(this.shingleStart + s) % this.shingleSize], s * columns);
    }

    const result = this.pointsSeen < this.subSampleSize ? this.warmUpResult() : this.scorePoint(shingled);
    this.learn(shingled);
    return result;
  }

  /** EXPLANATION JSON for a result of this forest ([DEV] shape), keyed by the given column names. */
  explanationJson(columnNames: readonly string[], explanation: readonly ColumnAttribution[]): string {
    return formatExplanation(columnNames, explanation, this.withDirectionality);
  }

  stats(): RcfStats {
    return {
      recordsSeen: this.recordsSeen,
      pointsSeen: this.pointsSeen,
      dimensions: this.columns === undefined ? undefined : this.dims,
      trees: this.trees.map((t, i) => ({
        sampleSize: this.samplers[i].size,
        mass: t.mass,
        leafCount: t.leafCount,
        internalCount: t.internalCount,
        nodeCount: t.leafCount + t.internalCount,
        oldestSequence: this.samplers[i].oldestSequence,
      })),
    };
  }

  /** Verifies every tree's structure against its sampler (for tests); throws on a broken invariant. */
  checkInvariants(): void {
    this.trees.forEach((t, i) => t.checkInvariants(this.samplers[i].size));
  }

  private initialise(columns: number): void {
    this.columns = columns;
    this.dims = columns * this.shingleSize;
    for (let i = 0; i < this.numberOfTrees; i++) {
      this.trees.push(new RandomCutTree(this.dims));
      this.samplers.push(new TimeDecaySampler(this.subSampleSize, this.timeDecay));
    }
  }

  private warmUpResult(): RcfResult {
    if (!this.explain) return { score: 0 };
    const zero: ColumnAttribution = { attribution: 0, high: 0, low: 0, direction: 'LOW', strength: 0 };
    return { score: 0, explanation: Array.from({ length: this.columns as number }, () => zero) };
  }

  private scorePoint(p: Float64Array): RcfResult {
    let total = 0;
    for (const tree of this.trees) total += tree.score(p);
    const score = total / this.numberOfTrees;
    if (!this.explain) return { score };

    const acc: TreeAttribution = {
      high: new Float64Array(this.dims),
      low: new Float64Array(this.dims),
      gap: new Float64Array(this.dims),
    };
    for (const tree of this.trees) tree.attribute(p, acc);
    const columns = this.columns as number;
    const explanation: ColumnAttribution[] = [];
    for (let c = 0; c < columns; c++) {
      let high = 0;
      let low = 0;
      let gap = 0;
      for (let s = 0; s < this.shingleSize; s++) {
        const d = s * columns + c;
        high += acc.high[d];
        low += acc.low[d];
        gap += acc.gap[d];
      }
      high /= this.numberOfTrees;
      low /= this.numberOfTrees;
      gap /= this.numberOfTrees;
      explanation.push({ attribution: high + low, high, low, direction: gap > 0 ? 'HIGH' : 'LOW', strength: Math.abs(gap) });
    }
    return { score, explanation };
  }

  private learn(p: Float64Array): void {
    const seq = ++this.pointsSeen;
    const evicted: LeafNode[] = [];
    for (let i = 0; i < this.numberOfTrees; i++) {
      const tree = this.trees[i];
      const sampler = this.samplers[i];
      evicted.length = 0;
      sampler.expire(seq, evicted);
      for (const leaf of evicted) tree.remove(leaf);
      const weight = sampler.weight(seq, this.random);
      const admission = sampler.admit(weight);
      if (!admission.accepted) continue;
      if (admission.evicted !== undefined) tree.remove(admission.evicted);
      sampler.add(tree.insert(p, this.random), seq, weight);
    }
  }
}

/**
 * The EXPLANATION column: `{"<column>":{"DIRECTION":"HIGH","STRENGTH":"0.8567","ATTRIBUTION_SCORE":"1.7447"},…}`
 * with withDirectionality, or `{"<column>":{"ATTRIBUTION_SCORE":"1.7447"},…}` without (the latter shape is
 * [OURS]: AWS shows no sample without directionality).
 */
export function formatExplanation(columnNames: readonly string[], explanation: readonly ColumnAttribution[], withDirectionality: boolean): string {
  if (columnNames.length !== explanation.length) {
    throw new MlFunctionError(
      'RANDOM_CUT_FOREST_WITH_EXPLANATION',
      'record',
      `expected ${explanation.length} column names for the explanation, got ${columnNames.length}.`,
    );
  }
  // Built by hand so that the columns keep their order even when a name looks like an integer.
  const members = explanation.map((e, i) => {
    const value = withDirectionality
      ? { DIRECTION: e.direction, STRENGTH: e.strength.toFixed(4), ATTRIBUTION_SCORE: e.attribution.toFixed(4) }
      : { ATTRIBUTION_SCORE: e.attribution.toFixed(4) };
    return `${JSON.stringify(columnNames[i])}:${JSON.stringify(value)}`;
  });
  return `{${members.join(',')}}`;
}
