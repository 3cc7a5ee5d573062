/**
 * The Firehose transform port on a laptop: a Lambda ARN in a ProcessingConfiguration is mapped to a
 * handler module loaded in-process (`clickstream serve --lambda ARN_OR_NAME=MODULE[#EXPORT]`).
 *
 * Resolution order: the exact ARN, then the function name (the ARN's `function:NAME` part, qualifier
 * ignored), then `*`. Without any mapping, every ARN runs the project's own transform
 * (lambda/handlers/firehose-transform.ts). The result goes through JSON like Lambda's does, and a thrown
 * error is an invoke error (`Lambda.FunctionError`), which Firehose retries.
 */
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FirehoseTransformationEvent } from '../../engine/firehose/transform-contract';
import { InvokeError, type TransformPort } from '../../engine/firehose/transform-invoker';

export interface LambdaMapping {
  /** A function ARN, a function name, or `*`. */
  readonly target: string;
  readonly module: string;
  readonly exportName: string;
}

export class LambdaMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LambdaMappingError';
  }
}

export const PROJECT_TRANSFORM: LambdaMapping = {
  target: '*',
  module: path.resolve(__dirname, '../../handlers/firehose-transform.ts'),
  exportName: 'handler',
};

/** `TARGET=MODULE[#EXPORT]`, e.g. `clicks-transform=./lambda/my-transform.ts#handler`. */
export function parseLambdaMapping(text: string, cwd = process.cwd()): LambdaMapping {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new LambdaMappingError(`--lambda must be TARGET=MODULE[#EXPORT] (TARGET: a function ARN, name or *), got "${text}"`);
  const target = text.slice(0, eq);
  const [modulePath, exportName] = text.slice(eq + 1).split('#') as [string, string | undefined];
  if (exportName === '') throw new LambdaMappingError(`--lambda "${text}": the export name after # is empty`);
  return { target, module: path.resolve(cwd, modulePath), exportName: exportName ?? 'handler' };
}

/** `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` → NAME. */
export function functionNameOf(arn: string): string | undefined {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn)?.[1];
}

type Handler = (event: unknown, context: unknown) => unknown;

export class LocalLambdas {
  private readonly handlers = new Map<string, Handler>();

  constructor(private readonly mappings: readonly LambdaMapping[] = [PROJECT_TRANSFORM]) {}

  /** The mapping an ARN resolves to, if any. */
  resolve(arn: string): LambdaMapping | undefined {
    const name = functionNameOf(arn);
    return this.mappings.find((m) => m.target === arn) ?? this.mappings.find((m) => name !== undefined && m.target === name) ?? this.mappings.find((m) => m.target === '*');
  }

  /** Loads every mapped module now, so a typo fails at startup rather than at the first invoke. */
  preload(): void {
    for (const m of this.mappings) this.handler(m);
  }

  readonly invoke: TransformPort = async (lambdaArn: string, event: FirehoseTransformationEvent) => {
    const mapping = this.resolve(lambdaArn);
    if (mapping === undefined) throw new InvokeError('Lambda.InvokeAccessDenied', `No local handler is mapped to ${lambdaArn} (use --lambda)`);
    const handler = this.handler(mapping);
    let result: unknown;
    try {
      result = await handler(event, context(lambdaArn));
    } catch (err) {
      throw new InvokeError('Lambda.FunctionError', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
    // Lambda serialises the result: what is not JSON does not reach Firehose.
    const text = JSON.stringify(result);
    return text === undefined ? null : (JSON.parse(text) as unknown);
  };

  private handler(mapping: LambdaMapping): Handler {
    const key = `${mapping.module}#${mapping.exportName}`;
    let handler = this.handlers.get(key);
    if (handler === undefined) {
      let loaded: Record<string, unknown>;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require(mapping.module) as Record<string, unknown>;
      } catch (err) {
        throw new LambdaMappingError(`cannot load ${mapping.module}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const fn = loaded[mapping.exportName];
      if (typeof fn !== 'function') throw new LambdaMappingError(`${mapping.module} has no function export "${mapping.exportName}"`);
      handler = fn as Handler;
      this.handlers.set(key, handler);
    }
    return handler;
  }
}

function context(arn: string): Record<string, unknown> {
  const deadline = Date.now() + 5 * 60_000;
  return {
    functionName: functionNameOf(arn) ?? 'local',
    invokedFunctionArn: arn,
    awsRequestId: randomUUID(),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
