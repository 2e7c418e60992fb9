import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { Directory } from './directory';

/**
 * A person's manager as a Backstage user: the manager the identity provider names for
 * them, matched to the catalog by email. Undefined when either does not know one.
 */
export async function findManager(
  options: {
    directory: Directory;
    providers: Map<string, IdentityProvider>;
  },
  userRef: string,
  providerId: string,
): Promise<string | undefined> {
  const { directory } = options;
  const provider = options.providers.get(providerId);
  if (!provider) return undefined;
  const user = await directory.getUser(userRef);
  const idpUser = await provider.resolveUser(
    directory.lookupFor(user, provider.type),
  );
  if (!idpUser) return undefined;
  const context = await provider.getUserContext(idpUser.id);
  const email = context.manager?.email;
  return email ? directory.findUserRefByEmail(email) : undefined;
}
