/**
 * The OpenSearch bulk port on a laptop: POSTs the engine's `_bulk` body to `<endpoint>/_bulk` with node's
 * http/https. A host: it moves bytes and reports what came back; what counts as delivered, failed or worth a
 * retry is decided by the engine (lambda/engine/firehose/opensearch.ts).
 *
 * - Any HTTP response is returned, whatever its status, with its body parsed as JSON, or as text when it is
 *   not JSON (a proxy's HTML error page), or undefined when empty: the engine turns those into failures.
 * - No response (refused, reset, DNS, timeout) throws `BulkTransportError`, which the delivery retries.
 * - Credentials in the endpoint URL (`https://user:pass@host:9200`) are sent as basic auth, as a local
 *   OpenSearch with its security plugin expects. SigV4 (Amazon OpenSearch Service) is not done here.
 */
import * as http from 'http';
import * as https from 'https';
import { BulkTransportError, OPENSEARCH_ERROR_CODES, type BulkResponse, type OpenSearchBulkPort } from '../../engine/firehose/opensearch';

export interface HttpBulkClientOptions {
  /** How long the socket may stay silent before the request is abandoned. Default 60000 ms. */
  readonly timeoutMs?: number;
  /**
   * Connection pooling and TLS settings (e.g. `new https.Agent({ keepAlive: true, rejectUnauthorized: false })`
   * for a local cluster's self-signed certificate). Default: one connection per request, so nothing stays open.
   */
  readonly agent?: http.Agent;
}

export const DEFAULT_BULK_TIMEOUT_MS = 60_000;

export class HttpBulkClient implements OpenSearchBulkPort {
  /** The `_bulk` URL requests go to (credentials removed). */
  readonly url: string;
  private readonly target: URL;
  private readonly auth: string | undefined;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent | false;

  constructor(endpoint: string, options: HttpBulkClientOptions = {}) {
    let base: URL;
    try {
      base = new URL(endpoint);
    } catch {
      throw new TypeError(`OpenSearch endpoint '${endpoint}' is not a URL (expected e.g. http://127.0.0.1:9200)`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`OpenSearch endpoint '${endpoint}' must use http: or https:, not ${base.protocol}`);
    }
    this.auth = base.username === '' ? undefined : `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    // `<endpoint>/_bulk`, keeping a path prefix (a proxy mount point) and dropping a trailing slash.
    this.target = new URL(`${base.pathname.replace(/\/+$/, '')}/_bulk${base.search}`, base);
    this.target.username = '';
    this.target.password = '';
    this.url = this.target.toString();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_BULK_TIMEOUT_MS;
    this.agent = options.agent ?? false;
  }

  bulk(body: Buffer): Promise<BulkResponse> {
    const transport = this.target.protocol === 'https:' ? https : http;
    return new Promise<BulkResponse>((resolve, reject) => {
      const fail = (errorCode: string, message: string) => reject(new BulkTransportError(errorCode, message));
      const req = transport.request(
        this.target,
        {
          method: 'POST',
          agent: this.agent,
          ...(this.auth === undefined ? {} : { auth: this.auth }),
          headers: { 'Content-Type': 'application/x-ndjson', 'Content-Length': body.length, Accept: 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => fail(OPENSEARCH_ERROR_CODES.connectionFailed, `Response from ${this.url} broke off: ${err.message}`));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }));
          // A connection cut mid-body may close without 'end' or 'error'; a promise already settled ignores this.
          res.on('close', () => {
            if (!res.complete) fail(OPENSEARCH_ERROR_CODES.connectionFailed, `Response from ${this.url} broke off before its end`);
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        req.destroy(new BulkTransportError(OPENSEARCH_ERROR_CODES.timeout, `No response from ${this.url} within ${this.timeoutMs} ms`));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof BulkTransportError) reject(err);
        else fail(OPENSEARCH_ERROR_CODES.connectionFailed, `Cannot reach ${this.url}: ${err.code ?? err.name}: ${err.message}`);
      });
      req.end(body);
    });
  }
}

/** JSON when it parses, the text otherwise (never throws: a bad body is the engine's failure to report). */
function parseBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
