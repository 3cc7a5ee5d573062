/**
 * Sleep on the simulated clock: `sleep(ms)` resolves when the simulation has moved the clock that far,
 * never in wall time. The producer library (../kinesis/producer.ts) waits for its linger deadline and
 * its backoffs through this port.
 */
import type { ManualClock } from '../clock';
import type { Sleep } from '../kinesis/producer';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** Lets every promise chain that is ready run (the producer's pump, its transport's answer). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualTimers {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private readonly clock: ManualClock) {}

  readonly sleep: Sleep = (ms) => new Promise<void>((resolve) => this.timers.push({ at: this.clock.now() + Math.max(0, ms), seq: this.seq++, resolve }));

  /**
   * Moves the clock to `target`, firing the timers due on the way in time order (the clock shows
   * each timer's own time while its waiter runs).
   */
  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= target && (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (next === undefined) break;
      const due = next.at;
      const fire = this.timers.filter((t) => t.at === due);
      this.timers = this.timers.filter((t) => t.at !== due);
      if (due > this.clock.now()) this.clock.set(due);
      for (const t of fire) t.resolve();
      await settle();
    }
    if (target > this.clock.now()) this.clock.set(target);
  }
}
