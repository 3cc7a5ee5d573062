/** Shared by the simulation tests: the project's transform in process, an in-memory sink, the example app. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePipelineConfig } from '../../../../lambda/engine/config/pipeline-config';
import type { TransformPort } from '../../../../lambda/engine/firehose/transform-invoker';
import type { AnalyticsApplication } from '../../../../lambda/engine/simulate/analytics-stage';
import { generateClickstream, type GeneratorOptions } from '../../../../lambda/engine/simulate/generator';
import { runSimulation, type SimulationResult } from '../../../../lambda/engine/simulate/simulation';
import { handler } from '../../../../lambda/handlers/firehose-transform';

export const ROOT = path.join(__dirname, '..', '..', '..', '..');
export const START = Date.UTC(2026, 10, 25, 9, 0, 0);

export const transform: TransformPort = async (_arn, event) => JSON.parse(JSON.stringify(await handler(event))) as unknown;

export function exampleAnalytics(): AnalyticsApplication {
  return {
    sql: readFileSync(path.join(ROOT, 'examples/analytics/clickstream.sql'), 'utf8'),
    inputSchema: JSON.parse(readFileSync(path.join(ROOT, 'examples/analytics/clickstream.schema.json'), 'utf8')),
    source: 'examples/analytics/clickstream.sql',
    outputs: ['CLICKS_PER_MINUTE', 'TOP_PAGES'],
  };
}

export interface Sink {
  readonly objects: Map<string, Buffer>;
  readonly rows: Map<string, string[]>;
}

/** A small run: `records` over `minutes`, a 60 s S3 buffer, the example analytics application. */
export async function smallRun(options: { records: number; minutes: number; shardCount?: number; seed?: number; generator?: Partial<GeneratorOptions> }): Promise<{ result: SimulationResult; sink: Sink }> {
  const config = parsePipelineConfig({ stream: { shardCount: options.shardCount ?? 2 }, s3: { bufferIntervalSeconds: 60 } }, 'test');
  const durationMs = options.minutes * 60_000;
  const traffic = generateClickstream({ seed: options.seed ?? 7, records: options.records, startMs: START, durationMs, ...options.generator });
  const sink: Sink = { objects: new Map(), rows: new Map() };
  const result = await runSimulation(
    { config, traffic, seed: options.seed ?? 7, startMs: START, durationMs, analytics: exampleAnalytics() },
    {
      transform,
      writeObject: (destination, key, body) => void sink.objects.set(`${destination}/${key}`, body),
      writeRows: (stream, lines) => void sink.rows.set(stream, [...(sink.rows.get(stream) ?? []), ...lines]),
    },
  );
  return { result, sink };
}
