import { NotFoundError } from '@backstage/errors';
import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { RecordUrl, toRequestDto } from '../dto';
import { StateWriter } from '../jobs/commit';
import { AccessPolicy } from '../policy/AccessPolicy';

export interface RequestServiceOptions {
  store: DatabaseAccessStore;
  writer: StateWriter;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  policy: AccessPolicy;
  recordUrl?: RecordUrl;
}

/** A request as the API shows it, read again after a change. */
export async function reloadRequest(
  options: Pick<RequestServiceOptions, 'store' | 'recordUrl'>,
  id: string,
): Promise<AccessRequest> {
  const request = await options.store.getRequest(id);
  if (!request) throw new NotFoundError(`No request ${id}`);
  return toRequestDto(request, options.recordUrl);
}
