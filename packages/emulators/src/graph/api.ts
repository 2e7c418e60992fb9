import { EmulatorRequest, EmulatorResponse, HttpProblem } from '../shared/http';
import type { GraphState, GraphUser } from './state';

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** What the resource handlers use of the emulator: its state, its URLs and lookups. */
export interface GraphService {
  readonly state: GraphState;
  /** The origin, e.g. `https://127.0.0.1:7012` (also the Entra authority host). */
  readonly url: string;
  /** The Graph base URL, e.g. `https://127.0.0.1:7012/v1.0`. */
  readonly baseUrl: string;
  /** Finds a user by object id or userPrincipalName; 404 when there is none. */
  findUser(idOrUpn: string): GraphUser;
}

/** Serves one call of a resource. */
export type GraphHandler = (
  graph: GraphService,
  req: EmulatorRequest,
) => EmulatorResponse;

/** A Graph error; request ids are filled in by `decorate`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers,
    body: { error: { code, message, innerError: {} } },
  };
}

export const problem = (status: number, code: string, message: string) =>
  new HttpProblem(graphError(status, code, message));

export const notFound = (id: string) =>
  problem(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
