/**
 * The AWS JSON 1.1 / CBOR 1.1 request pipeline, independent of sockets: a request (method, URL, headers,
 * body bytes) in, a response (status, headers, body bytes) out. A host: it parses, checks what AWS's front
 * end checks, calls the engine and formats the result; it holds no business logic.
 *
 * The order of the checks is AWS's, as kinesalite recorded it (errors.ts [KL]): method and content type
 * (403 XML), empty body, unparseable body, unknown target, authentication, value types
 * (SerializationException), constraints (ValidationException), then the operation.
 */
import { randomBytes, randomUUID } from 'crypto';
import { formatValidationErrors, shapeOf, ShapeTypeError, validateShape, type Operation, type ServiceModel } from '../../engine/aws-model/model';
import { firehoseModel } from '../../engine/aws-model/generated/firehose';
import { kinesisModel } from '../../engine/aws-model/generated/kinesis';
import { FirehoseError } from '../../engine/firehose/engine';
import { KinesisError, type KinesisOperations } from '../../engine/kinesis/contract';
import { decodeCbor, encodeCbor } from './cbor';
import { decodeInput, encodeOutput, type WireFormat } from './codec';
import {
  bothSignatures,
  incompleteSignature,
  internalFailure,
  missingAuthenticationToken,
  notAnApiRequest,
  serializationError,
  typeMismatchMessage,
  unknownOperation,
  validationError,
  WireError,
  XmlWireError,
} from './errors';

export const AMZ_JSON = 'application/x-amz-json-1.1';
export const AMZ_CBOR = 'application/x-amz-cbor-1.1';

/** A service error thrown by an engine, in wire terms. */
export interface ServiceErrorInfo {
  readonly type: string;
  readonly message: string;
}

/** One API served on the port: its model (target prefix, shapes) and its engine. */
export interface ServiceEntry {
  /** Shown in the CLI's "listening" line, e.g. `kinesis`. */
  readonly name: string;
  readonly model: ServiceModel;
  readonly operations: { call(operation: string, input: Record<string, unknown>): unknown };
  /** Recognizes the engine's service errors (e.g. KinesisError); anything else is an InternalFailure. */
  readonly serviceError: (err: unknown) => ServiceErrorInfo | undefined;
}

/** X-Amz-Target prefix (the model's `metadata.targetPrefix`) → service. */
export type ServiceTable = ReadonlyMap<string, ServiceEntry>;

export function serviceTable(entries: readonly ServiceEntry[]): ServiceTable {
  const table = new Map<string, ServiceEntry>();
  for (const entry of entries) {
    const prefix = entry.model.metadata.targetPrefix;
    if (table.has(prefix)) throw new Error(`Two services for the target prefix ${prefix}`);
    table.set(prefix, entry);
  }
  return table;
}

/** The Kinesis Data Streams entry (`Kinesis_20131202.<Operation>`). Firehose joins with its own entry. */
export function kinesisService(operations: KinesisOperations): ServiceEntry {
  return {
    name: 'kinesis',
    model: kinesisModel,
    operations,
    serviceError: (err) => (err instanceof KinesisError ? { type: err.type, message: err.message } : undefined),
  };
}

/** The Firehose API (`Firehose_20150804.*`) on the same port. */
export function firehoseService(operations: ServiceEntry['operations']): ServiceEntry {
  return {
    name: 'firehose',
    model: firehoseModel,
    operations,
    serviceError: (err) => (err instanceof FirehoseError ? { type: err.type, message: err.message } : undefined),
  };
}

export interface WireRequest {
  readonly method: string;
  /** Path and query, e.g. `/` or `/?X-Amz-Algorithm=...`. */
  readonly url: string;
  /** Lower-case names, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface PipelineHooks {
  /** Called with anything unexpected (an engine bug): the client gets InternalFailure. */
  readonly onInternalError?: (err: unknown, context: { target: string }) => void;
}

function header(headers: WireRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Headers every response carries, like AWS: a request id and an extended request id. */
export function requestIdHeaders(): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID(), 'x-amz-id-2': randomBytes(72).toString('base64') };
}

function formatOf(contentType: string | undefined): WireFormat | undefined {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === AMZ_JSON) return 'json';
  if (mediaType === AMZ_CBOR) return 'cbor';
  return undefined;
}

function queryOf(url: string): URLSearchParams {
  const q = url.indexOf('?');
  return new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
}

/** AWS's Signature V4 presence checks (never the signature itself: any well-formed one is accepted). */
function checkAuthentication(req: WireRequest): void {
  const authorization = header(req.headers, 'authorization');
  const query = queryOf(req.url);
  const presigned = query.has('X-Amz-Algorithm');
  if (authorization !== undefined && presigned) throw bothSignatures();
  if (authorization === undefined && !presigned) throw missingAuthenticationToken();
  let message = '';
  if (authorization !== undefined) {
    const params = new Map<string, string>();
    for (const part of authorization.split(/[, ]/).slice(1)) {
      const eq = part.indexOf('=');
      if (part.trim() === '') continue;
      params.set(eq === -1 ? part.trim() : part.slice(0, eq).trim(), eq === -1 ? '' : part.slice(eq + 1));
    }
    for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
      if (!params.get(name)) message += `Authorization header requires '${name}' parameter. `;
    }
    if (header(req.headers, 'x-amz-date') === undefined && header(req.headers, 'date') === undefined) {
      message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    if (message) message += `Authorization=${authorization}`;
  } else {
    for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
      if (!query.get(name)) message += `AWS query-string parameters must include '${name}'. `;
    }
    if (message) message += 'Re-examine the query-string parameters.';
  }
  if (message) throw incompleteSignature(message);
}

function isAuthenticated(req: WireRequest): boolean {
  return header(req.headers, 'authorization') !== undefined || queryOf(req.url).has('X-Amz-Algorithm');
}

function parseBody(body: Buffer, format: WireFormat): Record<string, unknown> {
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(body.toString('utf8')) : decodeCbor(body);
  } catch {
    throw serializationError();
  }
  if (Array.isArray(value)) throw serializationError(typeMismatchMessage('structure', 'a list'));
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) throw serializationError();
  return value as Record<string, unknown>;
}

function resolve(services: ServiceTable, target: string): { service: ServiceEntry; operation: Operation } | undefined {
  const dot = target.indexOf('.');
  if (dot === -1) return undefined;
  const service = services.get(target.slice(0, dot));
  const name = target.slice(dot + 1);
  if (service === undefined || !Object.prototype.hasOwnProperty.call(service.model.operations, name)) return undefined;
  return { service, operation: service.model.operations[name] as Operation };
}

function encodeBody(value: unknown, format: WireFormat): Buffer {
  return format === 'json' ? Buffer.from(JSON.stringify(value), 'utf8') : encodeCbor(value);
}

function errorResponse(err: WireError, format: WireFormat, base: Record<string, string>): WireResponse {
  return {
    status: err.status,
    headers: { ...base, 'Content-Type': format === 'json' ? AMZ_JSON : AMZ_CBOR },
    body: encodeBody(err.body(), format),
  };
}

/** A service error's HTTP status: 500 for the model's faults (e.g. InternalFailureException), else 400. */
function serviceErrorStatus(model: ServiceModel, type: string): number {
  if (!Object.prototype.hasOwnProperty.call(model.shapes, type)) return 400;
  const shape = shapeOf(model, type);
  if (shape.type !== 'structure') return 400;
  return shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
}

/** Answer one request. Never throws: anything unexpected becomes InternalFailure (HTTP 500). */
export async function handleRequest(services: ServiceTable, req: WireRequest, hooks: PipelineHooks = {}): Promise<WireResponse> {
  const base = requestIdHeaders();
  const format = formatOf(header(req.headers, 'content-type'));
  if (req.method !== 'POST' || format === undefined) {
    const err: XmlWireError = notAnApiRequest(isAuthenticated(req));
    return { status: err.status, headers: base, body: Buffer.from(err.body(), 'utf8') };
  }
  const target = header(req.headers, 'x-amz-target') ?? '';
  try {
    const resolved = resolve(services, target);
    if (req.body.length === 0) throw resolved ? serializationError() : unknownOperation();
    const body = parseBody(req.body, format);
    if (resolved === undefined) throw unknownOperation();
    checkAuthentication(req);

    const { service, operation } = resolved;
    let input: Record<string, unknown> = {};
    if (operation.input !== undefined) {
      input = decodeInput(service.model, operation.input, body, format);
      let problems: string[];
      try {
        problems = validateShape(service.model, operation.input, input);
      } catch (e) {
        if (e instanceof ShapeTypeError) throw serializationError(typeMismatchMessage(e.expected, e.actual));
        throw e;
      }
      if (problems.length > 0) throw validationError(formatValidationErrors(problems));
    }

    let result: unknown;
    try {
      result = await service.operations.call(operation.name, input);
    } catch (e) {
      const known = service.serviceError(e);
      if (known === undefined) throw e;
      throw new WireError(serviceErrorStatus(service.model, known.type), known.type, known.message);
    }

    const headers = { ...base, 'Content-Type': format === 'json' ? AMZ_JSON : AMZ_CBOR };
    if (operation.output === undefined) return { status: 200, headers, body: Buffer.alloc(0) };
    return { status: 200, headers, body: encodeOutput(service.model, operation.output, result, format) };
  } catch (e) {
    if (e instanceof WireError) return errorResponse(e, format, base);
    try {
      hooks.onInternalError?.(e, { target });
    } catch {
      // a failing logger must not take the answer down with it
    }
    return errorResponse(internalFailure(), format, base);
  }
}
