import * as http from 'http';
import * as http2 from 'http2';
import * as net from 'net';
import type { KinesisOperations } from '../../../lambda/engine/kinesis/contract';

/** A fake engine: records every call and answers from per-operation handlers (default `{}`). */
export class FakeKinesis implements KinesisOperations {
  readonly calls: { operation: string; input: Record<string, unknown> }[] = [];
  readonly handlers: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {};

  call(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    this.calls.push({ operation, input });
    const handler = this.handlers[operation];
    return handler ? handler(input) : {};
  }

  last(): { operation: string; input: Record<string, unknown> } {
    const call = this.calls[this.calls.length - 1];
    if (!call) throw new Error('no call recorded');
    return call;
  }
}

export const JSON_TYPE = 'application/x-amz-json-1.1';
export const CBOR_TYPE = 'application/x-amz-cbor-1.1';
export const AUTH = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef',
  'x-amz-date': '20260101T000000Z',
};
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  reusedSocket: boolean;
  json(): unknown;
}

export interface PostOptions {
  target?: string;
  body?: string | Buffer;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Send the SigV4 headers (default true). */
  auth?: boolean;
  method?: string;
  path?: string;
  agent?: http.Agent;
}

/** One HTTP/1.1 request with Node's client. */
export function post(url: string, options: PostOptions = {}): Promise<RawResponse> {
  const body = options.body === undefined ? '{}' : options.body;
  const headers: Record<string, string> = { ...(options.auth === false ? {} : AUTH), ...(options.headers ?? {}) };
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? JSON_TYPE;
  if (options.target !== undefined) headers['x-amz-target'] = options.target;
  headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${options.path ?? '/'}`, { method: options.method ?? 'POST', headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buffer,
          reusedSocket: req.reusedSocket,
          json: () => JSON.parse(buffer.toString('utf8')),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One request over a fresh cleartext HTTP/2 session (prior knowledge). */
export async function postH2(url: string, options: { target: string; body: Buffer | string; contentType?: string; auth?: boolean }): Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: Buffer }> {
  const session = http2.connect(url);
  try {
    return await new Promise((resolve, reject) => {
      session.on('error', reject);
      const stream = session.request({
        ':method': 'POST',
        ':path': '/',
        'content-type': options.contentType ?? JSON_TYPE,
        'x-amz-target': options.target,
        ...(options.auth === false ? {} : AUTH),
      });
      let headers: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => (headers = h));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks) }));
      stream.on('error', reject);
      stream.end(options.body);
    });
  } finally {
    session.close();
  }
}

/**
 * A TCP relay in front of `port` that delivers the client's first chunk to the server in two TCP writes,
 * split after `splitAt` bytes with a pause between them, then relays everything else unchanged.
 */
export async function splittingProxy(port: number, splitAt: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    upstream.pipe(client);
    let first = true;
    client.on('data', (chunk: Buffer) => {
      if (!first) {
        upstream.write(chunk);
        return;
      }
      first = false;
      client.pause();
      upstream.write(chunk.subarray(0, splitAt));
      setTimeout(() => {
        upstream.write(chunk.subarray(splitAt));
        client.resume();
      }, 40);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const { port: proxyPort } = proxy.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => r());
      }),
  };
}
