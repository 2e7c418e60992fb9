import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import * as http from 'node:http';
import * as https from 'node:https';

type HeaderSource =
  | Headers
  | Record<string, string | string[] | undefined>
  | Array<[string, string]>
  | undefined;

/**
 * The last handler of the Graph client's middleware chain: sends the request with Node's
 * https module through a given agent (which carries the trusted CAs), with a timeout.
 */
export class HttpsTransportHandler implements Middleware {
  constructor(
    private readonly agent: https.Agent,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const { url, method, headers, body } = await describeRequest(context);
    context.response = await send(
      url,
      { method, headers, body },
      this.agent,
      this.timeoutMs,
    );
  }
}

async function describeRequest(context: Context): Promise<{
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
}> {
  const options = (context.options ?? {}) as RequestInit;
  if (typeof context.request === 'string') {
    return {
      url: new URL(context.request),
      method: (options.method ?? 'GET').toUpperCase(),
      headers: flattenHeaders(options.headers as HeaderSource),
      body: toBuffer(options.body),
    };
  }
  const request = context.request as Request;
  const headers = flattenHeaders(request.headers);
  Object.assign(headers, flattenHeaders(options.headers as HeaderSource));
  const raw =
    options.body ??
    (request.body ? Buffer.from(await request.arrayBuffer()) : undefined);
  return {
    url: new URL(request.url),
    method: (options.method ?? request.method ?? 'GET').toUpperCase(),
    headers,
    body: toBuffer(raw),
  };
}

function flattenHeaders(source: HeaderSource): Record<string, string> {
  const out: Record<string, string> = {};
  if (!source) return out;
  if (
    typeof (source as Headers).forEach === 'function' &&
    !Array.isArray(source)
  ) {
    (source as Headers).forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  const entries = Array.isArray(source) ? source : Object.entries(source);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toBuffer(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  throw new Error('Unsupported request body type');
}

function send(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: Buffer },
  agent: https.Agent,
  timeoutMs: number,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body) {
      headers['content-length'] = String(init.body.length);
    }
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        }
        const status = res.statusCode ?? 500;
        const noBody =
          status === 204 ||
          status === 205 ||
          status === 304 ||
          init.method === 'HEAD';
        resolve(
          new Response(noBody ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      });
    };
    const request =
      url.protocol === 'https:'
        ? https.request(
            url,
            { method: init.method, headers, agent },
            onResponse,
          )
        : http.request(url, { method: init.method, headers }, onResponse);
    request.setTimeout(timeoutMs, () => {
      request.destroy(
        Object.assign(new Error(`Request timed out after ${timeoutMs} ms`), {
          name: 'TimeoutError',
          code: 'ETIMEDOUT',
        }),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A plain Error of this module, so that the client keeps its message.
      reject(
        Object.assign(new Error(error.message), {
          name: 'NetworkError',
          code: error.code,
        }),
      );
    });
    request.end(init.body);
  });
}
