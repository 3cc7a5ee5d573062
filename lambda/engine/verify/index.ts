/** The live verifier's checks (see verify.ts): routing, ordering, throttling replay, analytics recomputation. */
export { verifySample } from './verify';
export { coveredUntil, parseOutputRows } from './output-rows';
export { sampleStream, type KinesisReadPort, type StreamSample } from './sampler';
export * from './request';
export { canonicalRow, compareAnalytics } from './analytics';
export { streamLookbacks } from './lookback';
export type * from './types';
