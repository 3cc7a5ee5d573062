/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the delay before attempt n+1 is uniform in [0, min(cap, base * 2^(n-1))). Jitter spreads retries
 * of many throttled records so they do not hit the shard again in lockstep. Randomness is injected.
 */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Delay after `failedAttempts` (>= 1) failures. */
export function backoffDelay(failedAttempts: number, options: BackoffOptions, random: () => number): number {
  const exp = options.baseMs * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.floor(random() * Math.min(options.maxMs, exp));
}
