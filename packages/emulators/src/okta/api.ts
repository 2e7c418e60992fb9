import { EmulatorResponse, HttpProblem } from '../shared/http';
import { randomOktaId } from '../shared/ids';
import type { EmulatorRequest } from '../shared/http';
import type { OktaState, OktaUser } from './state';

export const JSON_TYPE = 'application/json';

/** What the resource handlers use of the emulator: its state, its URL and lookups. */
export interface OktaService {
  readonly state: OktaState;
  readonly url: string;
  /** Finds a user by id, login, or login short name; 404 when there is none. */
  findUser(idOrLogin: string): OktaUser;
}

/** Serves one call of a resource. */
export type OktaHandler = (
  okta: OktaService,
  req: EmulatorRequest,
) => EmulatorResponse;

/** Okta's error body: `errorCode`, `errorSummary`, `errorId` and `errorCauses`. */
export function oktaError(
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: randomOktaId('oae', 25),
      errorCauses: causes.map(cause => ({ errorSummary: cause })),
    },
  };
}

export const notFound = (id: string, type: string) =>
  new HttpProblem(
    oktaError(
      404,
      'E0000007',
      `Not found: Resource not found: ${id} (${type})`,
    ),
  );
