/**
 * The local endpoint: one TCP port speaking HTTP/1.1 (with keep-alive) and cleartext HTTP/2 with prior
 * knowledge (h2c). @aws-sdk/client-kinesis v3 defaults to NodeHttp2Handler, so against `http://` it opens
 * h2c; an HTTP/1.1-only endpoint fails there (mhart/kinesalite#118).
 *
 * A `net.Server` accepts each connection and reads until the bytes either equal the HTTP/2 connection
 * preface `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n` (24 bytes, possibly split over several packets) or stop
 * matching it (an HTTP/1.1 request line, decided by the 2nd byte for `POST`). The bytes read are pushed
 * back (`unshift`) and the socket is handed to an `http2` or `http` server via `emit('connection')`.
 */
import * as http from 'http';
import * as http2 from 'http2';
import * as net from 'net';
import type { KinesisOperations } from '../../engine/kinesis/contract';
import { PAYLOAD_TOO_LARGE_STATUS } from './errors';
import { handleRequest, kinesisService, requestIdHeaders, serviceTable, type ServiceEntry, type ServiceTable } from './protocol';

export const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * Request body limit. PutRecords takes up to 10 MiB of data (kinesis.md), which base64 makes ~13.4 MiB of
 * JSON plus keys and punctuation; 32 MiB leaves room. Larger bodies get 413 (as kinesalite answers).
 */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface ServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 4567; 0 picks an ephemeral port. */
  readonly port?: number;
  readonly kinesis: KinesisOperations;
  /** More APIs on the same port, e.g. Firehose (`Firehose_20150804.<Op>`). */
  readonly services?: readonly ServiceEntry[];
  readonly maxBodyBytes?: number;
  /** Where engine bugs (answered InternalFailure) are reported. Default: stderr. */
  readonly onInternalError?: (err: unknown, context: { target: string }) => void;
  /** How long close() lets in-flight requests finish before it cuts connections. Default 5000 ms. */
  readonly closeTimeoutMs?: number;
}

export interface RunningServer {
  /** `http://HOST:PORT` (IPv6 hosts in brackets). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The names of the APIs served, e.g. `['kinesis']`. */
  readonly services: readonly string[];
  /** Stop accepting, let in-flight requests finish (up to closeTimeoutMs), close every connection. */
  close(): Promise<void>;
}

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

function defaultInternalError(err: unknown, context: { target: string }): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`clickstream: internal failure in ${context.target || 'request'}: ${detail}\n`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  const entries = [kinesisService(options.kinesis), ...(options.services ?? [])];
  const services: ServiceTable = serviceTable(entries);
  const hooks = { onInternalError: options.onInternalError ?? defaultInternalError };

  let closing = false;
  const sockets = new Set<net.Socket>();
  const sniffing = new Set<net.Socket>();
  const h1Active = new Map<net.Socket, number>();
  const sessions = new Set<http2.ServerHttp2Session>();

  const onRequest = (req: AnyRequest, res: AnyResponse): void => {
    serve(req, res).catch((err) => {
      // Only a bug in this file gets here (handleRequest never throws); keep the server up.
      hooks.onInternalError(err, { target: 'http' });
      if (!res.headersSent) {
        try {
          res.writeHead(500, requestIdHeaders());
          res.end();
        } catch {
          // the stream is gone
        }
      }
    });
  };

  const serve = async (req: AnyRequest, res: AnyResponse): Promise<void> => {
    const body = await readBody(req, maxBodyBytes);
    if (body === 'aborted') return;
    if (body === 'too-large') {
      const headers: Record<string, string> = { ...requestIdHeaders(), 'Content-Length': '0' };
      if (res instanceof http.ServerResponse) headers.Connection = 'close';
      res.writeHead(PAYLOAD_TOO_LARGE_STATUS, headers);
      res.end();
      return;
    }
    const answer = await handleRequest(services, { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body }, hooks);
    const headers: Record<string, string> = { ...answer.headers, 'Content-Length': String(answer.body.length) };
    if (closing && res instanceof http.ServerResponse) headers.Connection = 'close';
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };

  const h1 = http.createServer(onRequest); // HTTP/1.1 keep-alive is on by default (keepAliveTimeout 5 s)
  h1.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    h1Active.set(socket, (h1Active.get(socket) ?? 0) + 1);
    res.on('close', () => {
      const left = (h1Active.get(socket) ?? 1) - 1;
      h1Active.set(socket, left);
      if (closing && left === 0) socket.destroySoon();
    });
  });
  h1.on('clientError', (_err, socket: net.Socket) => {
    // Malformed HTTP/1.1: answer 400 like Node would, never crash.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const h2 = http2.createServer({ maxSessionMemory: 64 }, onRequest);
  h2.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined); // the socket's end is reported by 'close'
    if (closing) session.close();
  });
  h2.on('sessionError', () => undefined);

  const hand = (socket: net.Socket, to: 'h1' | 'h2', seen: Buffer): void => {
    sniffing.delete(socket);
    if (closing) {
      socket.destroy();
      return;
    }
    socket.pause();
    if (seen.length > 0) socket.unshift(seen);
    if (to === 'h2') {
      h2.emit('connection', socket); // the session reads what is already buffered (node#35475)
    } else {
      h1Active.set(socket, 0);
      socket.on('close', () => h1Active.delete(socket));
      h1.emit('connection', socket);
      socket.resume();
    }
  };

  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    sniffing.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      sniffing.delete(socket);
    });
    socket.on('error', () => undefined); // resets are normal; 'close' follows
    let seen: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
      const n = Math.min(seen.length, HTTP2_PREFACE.length);
      const matches = seen.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n));
      if (matches && seen.length < HTTP2_PREFACE.length) return; // a partial preface: wait for more
      socket.removeListener('data', onData);
      hand(socket, matches ? 'h2' : 'h1', seen);
    };
    socket.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? 4567, host, () => {
      tcp.removeListener('error', reject);
      resolve();
    });
  });
  tcp.on('error', (err) => hooks.onInternalError(err, { target: 'tcp' }));

  const address = tcp.address() as net.AddressInfo;
  const urlHost = address.family === 'IPv6' || host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      closing = true;
      const done = new Promise<void>((r) => tcp.close(() => r()));
      for (const socket of sniffing) socket.destroy();
      for (const [socket, active] of h1Active) if (active === 0) socket.destroySoon();
      for (const session of sessions) session.close();
      const timer = setTimeout(() => {
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      }, closeTimeoutMs);
      timer.unref();
      void done.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return closed;
  };

  return { url: `http://${urlHost}:${address.port}`, host, port: address.port, services: entries.map((e) => e.name), close };
}

/** The whole body, or 'too-large' past the limit (the rest is discarded), or 'aborted'. */
function readBody(req: AnyRequest, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: Buffer | 'too-large' | 'aborted'): void => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle(Buffer.concat(chunks, size)));
    req.on('error', () => settle('aborted'));
    req.on('aborted', () => settle('aborted'));
    req.on('close', () => settle(req.readableEnded ? Buffer.concat(chunks, size) : 'aborted'));
  });
}
