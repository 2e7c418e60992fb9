import {
  EmulatorRequest,
  EmulatorResponse,
  header,
  isRecord,
  parseJsonBody,
} from '../shared/http';
import { problem } from './api';

const MAX_BATCH = 20;

/** JSON batching: at most 20 requests, run in order; `dependsOn` on a failure answers 424. */
export async function batch(
  req: EmulatorRequest,
  serve: (inner: EmulatorRequest) => Promise<EmulatorResponse | 'drop'>,
): Promise<EmulatorResponse> {
  const body = parseJsonBody(req);
  const requests =
    isRecord(body) && Array.isArray(body.requests) ? body.requests : undefined;
  if (!requests)
    throw problem(400, 'BadRequest', 'Invalid batch payload format.');
  if (requests.length > MAX_BATCH) {
    throw problem(
      400,
      'BadRequest',
      `Number of included requests in the batch exceeds the limit of ${MAX_BATCH}.`,
    );
  }
  const statuses = new Map<string, number>();
  const responses: unknown[] = [];
  for (const item of requests) {
    if (
      !isRecord(item) ||
      typeof item.id !== 'string' ||
      typeof item.method !== 'string' ||
      typeof item.url !== 'string'
    ) {
      throw problem(
        400,
        'BadRequest',
        'Each batch request needs an id, a method and a url.',
      );
    }
    const dependsOn = Array.isArray(item.dependsOn)
      ? item.dependsOn.map(String)
      : [];
    if (dependsOn.some(d => (statuses.get(d) ?? 424) >= 400)) {
      statuses.set(item.id, 424);
      responses.push({
        id: item.id,
        status: 424,
        body: {
          error: {
            code: 'FailedDependency',
            message: 'Dependent request failed.',
          },
        },
      });
      continue;
    }
    const inner = innerRequest(req, item);
    const answer = await serve(inner);
    if (answer === 'drop')
      throw problem(
        500,
        'generalException',
        'A request of the batch failed to complete.',
      );
    statuses.set(item.id, answer.status);
    const headers: Record<string, string> = {};
    for (const name of ['Content-Type', 'Retry-After', 'Location']) {
      const value = answer.headers?.[name];
      if (
        typeof value === 'string' &&
        (name !== 'Content-Type' || answer.body !== undefined)
      )
        headers[name] = value;
    }
    responses.push({
      id: item.id,
      status: answer.status,
      headers,
      ...(answer.body === undefined ? {} : { body: answer.body }),
    });
  }
  return { status: 200, body: { responses } };
}

function innerRequest(
  outer: EmulatorRequest,
  item: Record<string, unknown>,
): EmulatorRequest {
  // Inner URLs are relative to the version root; a leading `/v1.0` (as the SDK
  // sends for absolute request URLs) or a full URL is accepted too.
  const raw = String(item.url);
  const parsed = new URL(
    /^https?:\/\//.test(raw) ? raw : `/${raw.replace(/^\//, '')}`,
    'https://graph',
  );
  parsed.pathname = parsed.pathname.replace(/^\/v1\.0(?=\/|$)/, '');
  const headers: Record<string, string> = {};
  if (isRecord(item.headers)) {
    for (const [k, v] of Object.entries(item.headers))
      headers[k.toLowerCase()] = String(v);
  }
  const authorization = header(outer, 'authorization');
  if (authorization) headers.authorization = authorization;
  let body = Buffer.alloc(0);
  if (item.body !== undefined) {
    body = Buffer.from(
      typeof item.body === 'string' ? item.body : JSON.stringify(item.body),
    );
  }
  return {
    method: String(item.method).toUpperCase(),
    path: `/v1.0${parsed.pathname}`.replace(/\/{2,}/g, '/'),
    query: parsed.searchParams,
    headers,
    body,
    params: {},
    inBatch: true,
  };
}
