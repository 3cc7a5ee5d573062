/** Kinesis Data Analytics SQL table functions: machine learning (RCF, HOTSPOTS) and tumbling sketches. */
export { MlFunctionError } from './errors';
export {
  RandomCutForest,
  RCF_DEFAULTS,
  RCF_LIMITS,
  formatExplanation,
  type ColumnAttribution,
  type Direction,
  type RandomCutForestOptions,
  type RcfResult,
  type RcfStats,
  type RcfTreeStats,
} from './random-cut-forest';
export { Hotspots, HOTSPOTS_LIMITS, type Hotspot, type HotspotsOptions, type HotspotsResult } from './hotspots';
export {
  CountDistinctItemsTumbling,
  COUNT_DISTINCT_LIMITS,
  HyperLogLog,
  SpaceSaving,
  TopKItemsTumbling,
  TOP_K_LIMITS,
  murmur3,
  type CountDistinctItemsTumblingOptions,
  type CountDistinctRow,
  type SketchItem,
  type TopKItemsTumblingOptions,
  type TopKRow,
} from './sketches';
