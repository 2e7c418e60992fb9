import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { demoSeed, emptySeed } from '../seed/demo';
import { generateSeed, GenerateSeedOptions } from '../seed/generate';
import type { LastLogin, Seed } from '../seed/types';
import { FaultRuleInput, FaultRules } from './faults';
import { escapeHtml, htmlPage, wantsHtml } from './html';
import {
  EmulatorRequest,
  EmulatorResponse,
  HttpProblem,
  isRecord,
  parseJsonBody,
  Router,
} from './http';

/** A seed, or the name of a built-in one. */
export type SeedInput = 'demo' | 'empty' | Seed;

export interface ListenOptions {
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  seed?: SeedInput;
}

export interface TlsMaterial {
  key: string;
  cert: string;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function resolveSeed(input: SeedInput | undefined): Seed {
  if (input === undefined || input === 'demo') return demoSeed;
  if (input === 'empty') return emptySeed;
  return input;
}

/** Reads the body of `POST /__emulator/seed`: a seed, `{preset}` or `{generate}`. */
function seedFromControlBody(body: unknown): Seed {
  if (!isRecord(body)) throw new Error('Expected a JSON object');
  if (body.preset === 'demo' || body.preset === 'empty') {
    return resolveSeed(body.preset);
  }
  if (body.preset !== undefined)
    throw new Error(`Unknown preset '${body.preset}'`);
  if (isRecord(body.generate)) {
    const options = body.generate as unknown as GenerateSeedOptions;
    if (!Number.isInteger(options.users) || !Number.isInteger(options.groups)) {
      throw new Error('generate needs integer users and groups');
    }
    return generateSeed(options);
  }
  if (Array.isArray(body.people)) return body as unknown as Seed;
  throw new Error(
    'Expected a seed ({people, okta, entra, jira}), {preset} or {generate}',
  );
}

/** Turns a seeded last-login value into a timestamp, relative to `now`. */
export function resolveLastLogin(
  value: LastLogin | undefined,
  now: number,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return new Date(value).toISOString();
  return new Date(now - value.daysAgo * 86_400_000).toISOString();
}

/** Reads the body of `POST /__emulator/users/{id}/last-login`. */
export function lastLoginFromControlBody(body: unknown): string | null {
  if (!isRecord(body)) throw new Error('Expected a JSON object');
  if (typeof body.daysAgo === 'number') {
    return resolveLastLogin({ daysAgo: body.daysAgo }, Date.now());
  }
  if (body.lastLogin === null) return null;
  if (
    typeof body.lastLogin === 'string' &&
    !Number.isNaN(Date.parse(body.lastLogin))
  ) {
    return new Date(body.lastLogin).toISOString();
  }
  throw new Error(
    'Expected {"lastLogin": ISO-8601 | null} or {"daysAgo": number}',
  );
}

export function controlJson(status: number, body?: unknown): EmulatorResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}

/**
 * What the three emulators share: listening (HTTP or HTTPS), reading requests,
 * the fault rules, and the control surface under `/__emulator/`.
 */
export abstract class EmulatorServer<TState extends { settings: object }> {
  readonly faults = new FaultRules();
  /** The in-memory state; read and change it directly in tests. */
  state: TState;

  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private currentSeed: Seed;
  private originUrl = '';
  private readonly control = new Router();

  protected constructor(
    seed: SeedInput | undefined,
    private readonly tls?: TlsMaterial,
  ) {
    this.currentSeed = resolveSeed(seed);
    this.state = this.buildState(this.currentSeed);
    this.control
      .add('GET', '/__emulator/state', req =>
        wantsHtml(req) ? this.statePage() : controlJson(200, this.state),
      )
      .add('GET', '/__emulator/state.html', () => this.statePage())
      .add('POST', '/__emulator/reset', () => {
        this.reset();
        return controlJson(204);
      })
      .add('POST', '/__emulator/seed', req => {
        this.seed(seedFromControlBody(parseJsonBody(req)));
        return controlJson(204);
      })
      .add('GET', '/__emulator/faults', () =>
        controlJson(200, this.faults.list()),
      )
      .add('POST', '/__emulator/faults', req =>
        controlJson(201, this.faults.add(parseJsonBody(req) as FaultRuleInput)),
      )
      .add('DELETE', '/__emulator/faults', () => {
        this.faults.clear();
        return controlJson(204);
      })
      .add('DELETE', '/__emulator/faults/:id', req =>
        controlJson(this.faults.remove(req.params.id) ? 204 : 404),
      )
      .add('GET', '/__emulator/settings', () => controlJson(200, this.settings))
      .add('POST', '/__emulator/settings', req => {
        this.updateSettings(parseJsonBody(req));
        return controlJson(200, this.settings);
      });
    this.addControlRoutes(this.control);
  }

  /** The base URL clients use, without a trailing slash, e.g. `http://127.0.0.1:7011`. */
  get url(): string {
    return this.originUrl;
  }

  /** The switches of the service (part of the state), as `/__emulator/settings` shows them. */
  get settings(): TState['settings'] {
    return this.state.settings;
  }

  /** Builds a fresh state from a seed. */
  protected abstract buildState(seed: Seed): TState;
  /** Serves one API call (authentication included). */
  protected abstract serve(req: EmulatorRequest): Promise<EmulatorResponse>;
  /** The service's own error body for a status (used by fault rules). */
  protected abstract errorResponse(status: number): EmulatorResponse;
  /** The service's throttling answer, with its headers. */
  protected abstract throttledResponse(
    retryAfterSeconds: number,
  ): EmulatorResponse;
  /** Adds the headers every answer of the service carries. */
  protected abstract decorate(
    req: EmulatorRequest,
    res: EmulatorResponse,
  ): EmulatorResponse;
  protected abstract updateSettings(patch: unknown): void;
  /** Service-specific control routes. */
  protected addControlRoutes(_router: Router): void {}

  /** The state as a person reads it: an HTML page (the JSON stays at `/__emulator/state`). */
  protected stateHtml(): { title: string; body: string } {
    return {
      title: 'Emulator state',
      body: `<h1>Emulator state</h1>\n<pre>${escapeHtml(JSON.stringify(this.state, null, 2))}</pre>`,
    };
  }

  private statePage(): EmulatorResponse {
    const { title, body } = this.stateHtml();
    return htmlPage(
      title,
      `${body}\n<p class="muted">The same state as JSON: <a href="/__emulator/state">/__emulator/state</a>.</p>`,
    );
  }

  /** Replaces the state with a fresh one built from `seed`; it becomes what `reset()` returns to. */
  seed(seed: SeedInput): void {
    this.currentSeed = resolveSeed(seed);
    this.reset();
  }

  /** Back to the last seed: fresh state, no fault rules. */
  reset(): void {
    this.state = this.buildState(this.currentSeed);
    this.faults.clear();
    this.onReset();
  }

  protected onReset(): void {}

  async listen(options: ListenOptions): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    };
    const server = this.tls
      ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, handler)
      : http.createServer(handler);
    server.on(
      this.tls ? 'secureConnection' : 'connection',
      (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      },
    );
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    this.originUrl = `${this.tls ? 'https' : 'http'}://${hostInUrl}:${port}`;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections?.();
    await closed;
  }

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const url = new URL(req.url ?? '/', 'http://emulator');
    const request: EmulatorRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname.replace(/\/{2,}/g, '/'),
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
      params: {},
    };
    const response = request.path.startsWith('/__emulator/')
      ? await this.handleControl(request)
      : await this.handleServiceCall(request);
    if (response === 'drop') {
      req.socket.destroy();
      return;
    }
    writeResponse(res, response);
  }

  private async handleControl(req: EmulatorRequest): Promise<EmulatorResponse> {
    const match = this.control.match(req.method, req.path);
    if (match === undefined)
      return controlJson(404, { error: 'Unknown control route' });
    if (match === 'method-not-allowed') {
      return controlJson(405, { error: 'Method not allowed' });
    }
    try {
      return await match.handler({ ...req, params: match.params });
    } catch (e) {
      if (e instanceof HttpProblem) return e.response;
      return controlJson(400, { error: (e as Error).message });
    }
  }

  /** Applies the fault rules to one API call, then serves it. */
  protected async handleServiceCall(
    req: EmulatorRequest,
  ): Promise<EmulatorResponse | 'drop'> {
    const fault = this.faults.take(req.method, req.path, req.inBatch);
    if (fault) {
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.drop) return 'drop';
      if (fault.status !== undefined) {
        const injected =
          fault.status === 429
            ? this.throttledResponse(fault.retryAfterSeconds)
            : this.errorResponse(fault.status);
        return this.decorate(req, injected);
      }
    }
    let response: EmulatorResponse;
    try {
      response = this.decorate(req, await this.serve(req));
    } catch (e) {
      if (e instanceof HttpProblem) response = this.decorate(req, e.response);
      else response = this.decorate(req, this.errorResponse(500));
    }
    return fault?.applyThenDrop ? 'drop' : response;
  }
}

function writeResponse(
  res: http.ServerResponse,
  response: EmulatorResponse,
): void {
  const headers = { ...response.headers };
  let payload: Buffer | undefined;
  if (response.body === undefined || response.status === 204) {
    payload = undefined;
  } else if (Buffer.isBuffer(response.body)) {
    payload = response.body;
  } else if (typeof response.body === 'string') {
    payload = Buffer.from(response.body, 'utf8');
  } else {
    payload = Buffer.from(JSON.stringify(response.body), 'utf8');
  }
  if (payload) headers['Content-Length'] = String(payload.length);
  res.writeHead(response.status, headers);
  res.end(payload);
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
