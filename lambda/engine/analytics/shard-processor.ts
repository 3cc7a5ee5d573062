/**
 * One Kinesis shard's SQL application, run across Lambda invocations (README "Analytics on Lambda").
 * Pure: the handler (lambda/handlers/sql-runtime.ts) loads a ShardState, calls these functions and
 * saves what they return.
 *
 * The engine's window state is rebuilt, not serialized: a ShardState keeps the input of the last
 * `horizon` ms (records and rowtime bounds, ./state-horizon.ts) and each invocation replays it into a
 * fresh runtime with its output thrown away, then runs the new records. Replaying the same input
 * rebuilds the same state (the engine is deterministic), so the rows the new records produce are the
 * rows a runtime that never stopped would produce. With one shard, the concatenated output of every
 * invocation equals the offline engine's over the same records.
 *
 * Records at or before `lastSequenceNumber` were processed already (a retried or bisected batch) and
 * are skipped. The rows a batch produces go into the state's outbox with it, so that saving the state
 * commits them once; delivery then takes them out (`delivered`), and a retry after a failed delivery
 * sends only what is left.
 */
import { createHash } from 'node:crypto';
import { ApplicationRuntime, formatOutputRow, type CompiledApplication } from '../sql/runtime';

export interface ShardRecord {
  readonly sequenceNumber: string;
  /** ApproximateArrivalTimestamp, epoch ms: the row's ROWTIME (KDA inserted rows at arrival). */
  readonly arrival: number;
  readonly data: Uint8Array;
  /** A user record of a KPL-aggregated record: its place in it (records share the sequence number). */
  readonly subSequence?: number;
}

/** A replayed input: a record (`d`, base64) or a rowtime bound (`b`), at time `t`. */
export type ReplayEntry = { readonly t: number; readonly d: string } | { readonly t: number; readonly b: true };

/** An output row waiting for delivery: its stream, its line and an id stable across retries. */
export interface OutboxRow {
  readonly stream: string;
  readonly line: string;
  /** `<shard>:<sequence number or b<bound time>>:<n>`: the input that produced it and its place among that input's rows. */
  readonly id: string;
}

export interface ShardState {
  readonly version: 1;
  /** The application the state belongs to (appFingerprint); another application starts afresh. */
  readonly app: string;
  readonly lastSequenceNumber?: string;
  /** The latest time seen (record or bound), epoch ms. */
  readonly time?: number;
  /** Input of the last horizon, oldest first. */
  readonly replay: readonly ReplayEntry[];
  readonly outbox: readonly OutboxRow[];
  /** How many outbox rows are delivered. */
  readonly delivered: number;
}

/** Identifies an application and its InputSchema. */
export function appFingerprint(sql: string, inputSchema: unknown): string {
  return createHash('sha256').update(sql).update('\0').update(JSON.stringify(inputSchema)).digest('hex').slice(0, 16);
}

export function emptyState(app: string): ShardState {
  return { version: 1, app, replay: [], outbox: [], delivered: 0 };
}

/** The state to use: the saved one, or an empty one when there is none or it belongs to another application. */
export function usableState(saved: ShardState | undefined, app: string): ShardState {
  return saved !== undefined && saved.version === 1 && saved.app === app ? saved : emptyState(app);
}

const isAfter = (seq: string, last: string | undefined): boolean => last === undefined || BigInt(seq) > BigInt(last);

/**
 * Runs a batch of a shard's records (in shard order). Records already processed are skipped (`skipped`
 * counts them). Undelivered rows of an earlier batch stay at the head of the outbox.
 */
export function processRecords(app: CompiledApplication, horizonMs: number, state: ShardState, shardId: string, records: readonly ShardRecord[]): { state: ShardState; added: number; skipped: number } {
  const fresh = records.filter((r) => isAfter(r.sequenceNumber, state.lastSequenceNumber));
  if (fresh.length === 0) return { state, added: 0, skipped: records.length };
  const runtime = replay(app, state);
  const rows: OutboxRow[] = [];
  const replayed: ReplayEntry[] = [...state.replay];
  let time = state.time ?? -Infinity;
  for (const r of fresh) {
    runtime.pushRecord(r.data, r.arrival);
    collect(runtime, `${shardId}:${r.sequenceNumber}${r.subSequence === undefined ? '' : `.${r.subSequence}`}`, rows);
    replayed.push({ t: r.arrival, d: Buffer.from(r.data).toString('base64') });
    time = Math.max(time, r.arrival);
  }
  const last = fresh[fresh.length - 1] as ShardRecord;
  return {
    state: next(state, replayed, time, horizonMs, rows, last.sequenceNumber),
    added: rows.length,
    skipped: records.length - fresh.length,
  };
}

/**
 * Time advances to `bound` without a record (the schedule's tick): windows ending by then close.
 * Nothing happens for a bound at or before the shard's latest time.
 */
export function processBound(app: CompiledApplication, horizonMs: number, state: ShardState, shardId: string, bound: number): { state: ShardState; added: number } {
  if (state.time === undefined || bound <= state.time) return { state, added: 0 };
  const runtime = replay(app, state);
  runtime.pushBound(bound);
  const rows: OutboxRow[] = [];
  collect(runtime, `${shardId}:b${bound}`, rows);
  return { state: next(state, [...state.replay, { t: bound, b: true }], bound, horizonMs, rows, state.lastSequenceNumber), added: rows.length };
}

/** The rows of the outbox not yet delivered. */
export function pending(state: ShardState): readonly OutboxRow[] {
  return state.outbox.slice(state.delivered);
}

/** `n` more rows are delivered; a fully delivered outbox is emptied. */
export function markDelivered(state: ShardState, n: number): ShardState {
  const delivered = Math.min(state.outbox.length, state.delivered + n);
  return delivered === state.outbox.length ? { ...state, outbox: [], delivered: 0 } : { ...state, delivered };
}

function replay(app: CompiledApplication, state: ShardState): ApplicationRuntime {
  const runtime = new ApplicationRuntime(app);
  for (const e of state.replay) {
    if ('b' in e) runtime.pushBound(e.t);
    else runtime.pushRecord(Buffer.from(e.d, 'base64'), e.t);
  }
  runtime.drain(); // delivered by earlier invocations
  return runtime;
}

function collect(runtime: ApplicationRuntime, source: string, into: OutboxRow[]): void {
  runtime.drain().forEach((r, n) => into.push({ stream: r.stream, line: formatOutputRow(r), id: `${source}:${n}` }));
}

function next(state: ShardState, replayed: readonly ReplayEntry[], time: number, horizonMs: number, rows: readonly OutboxRow[], lastSequenceNumber: string | undefined): ShardState {
  // Entries older than the horizon no longer shape any open state (./state-horizon.ts).
  const keepFrom = time - horizonMs;
  let first = 0;
  while (first < replayed.length && (replayed[first] as ReplayEntry).t < keepFrom) first++;
  return {
    version: 1,
    app: state.app,
    ...(lastSequenceNumber !== undefined && { lastSequenceNumber }),
    time,
    replay: replayed.slice(first),
    outbox: [...state.outbox, ...rows],
    delivered: state.delivered,
  };
}
