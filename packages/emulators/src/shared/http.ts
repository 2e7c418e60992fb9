import type { IncomingHttpHeaders } from 'node:http';

/** A request as the emulators see it: the body is read in full, the path has `//` collapsed. */
export interface EmulatorRequest {
  method: string;
  /** Decoded-once path without query, with repeated slashes collapsed. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Route parameters, URI-decoded. */
  params: Record<string, string>;
  /** Set on the requests a Graph `$batch` carries. */
  inBatch?: boolean;
}

/** What a handler answers. A body that is not a Buffer or string is sent as JSON. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
}

export type Handler = (
  req: EmulatorRequest,
) => EmulatorResponse | Promise<EmulatorResponse>;

/** Thrown by handlers to answer with a service-shaped error. */
export class HttpProblem extends Error {
  constructor(
    readonly response: EmulatorResponse,
    message?: string,
  ) {
    super(message ?? `HTTP ${response.status}`);
  }
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/**
 * A small path router. Patterns are literal segments and `:name` parameters,
 * e.g. `/api/v1/groups/:groupId/users/:userId`.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({
      method: method.toUpperCase(),
      segments: splitPath(pattern),
      handler,
    });
    return this;
  }

  /**
   * Finds the handler for a request. Answers `'method-not-allowed'` when the path
   * exists for other methods only, and `undefined` when nothing matches.
   */
  match(
    method: string,
    path: string,
  ):
    | { handler: Handler; params: Record<string, string> }
    | 'method-not-allowed'
    | undefined {
    const parts = splitPath(path);
    let pathExists = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) {
        return { handler: route.handler, params };
      }
      pathExists = true;
    }
    return pathExists ? 'method-not-allowed' : undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter(s => s.length > 0);
}

function matchSegments(
  pattern: string[],
  parts: string[],
): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(':')) {
      params[p.slice(1)] = safeDecode(parts[i]);
    } else if (p !== parts[i]) {
      return undefined;
    }
  }
  return params;
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Parses a JSON body; answers `undefined` for an empty body and throws on invalid JSON. */
export function parseJsonBody(req: EmulatorRequest): unknown {
  const text = req.body.toString('utf8').trim();
  if (text.length === 0) return undefined;
  return JSON.parse(text);
}

/** Parses an `application/x-www-form-urlencoded` body. */
export function parseFormBody(req: EmulatorRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

export function header(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a positive integer query parameter, clamped to `max`. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < 1) return fallback;
  return Math.min(n, max);
}
