/**
 * People, groups, apps and roles as people read them. Messages name them by reference
 * (an entity ref, or {@link roleOf} for a role) and are given their names when they are
 * delivered, so that a job written before a rename still reads right.
 */

/** Where names come from: the catalog. */
export interface NameSource {
  /** The display name of a user or group, or the title of any other entity. */
  nameOf(entityRef: string): Promise<string>;
  /** The title of a role of an app, or its id when the app or role is unknown. */
  roleTitle(entityRef: string, roleId: string): Promise<string>;
}

const PART = '[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*';
const ENTITY_REF = new RegExp(
  `\\b(?:user|group|component|system|resource|api|domain):${PART}/${PART}`,
  'g',
);
const ROLE = /⟦role ([^\s⟧]+) ([^⟧]+)⟧/g;

/** A role of an app, to be named by its title when the text is delivered. */
export function roleOf(entityRef: string, roleId: string): string {
  return `⟦role ${entityRef} ${roleId}⟧`;
}

/** A text with every role and entity ref replaced by its title or name. */
export async function withNames(
  text: string,
  names: NameSource,
): Promise<string> {
  const cache = new Map<string, Promise<string>>();
  const cached = (key: string, load: () => Promise<string>) => {
    let value = cache.get(key);
    if (!value) {
      value = load().catch(() => key);
      cache.set(key, value);
    }
    return value;
  };
  const roles = [...text.matchAll(ROLE)];
  const roleTitles = await Promise.all(
    roles.map(([, entityRef, roleId]) =>
      cached(`role ${entityRef} ${roleId}`, () =>
        names.roleTitle(entityRef, roleId),
      ),
    ),
  );
  let index = 0;
  const withRoles = text.replace(ROLE, () => roleTitles[index++]);
  const refs = [...new Set(withRoles.match(ENTITY_REF) ?? [])];
  const refNames = new Map(
    await Promise.all(
      refs.map(
        async ref => [ref, await cached(ref, () => names.nameOf(ref))] as const,
      ),
    ),
  );
  return withRoles.replace(ENTITY_REF, ref => refNames.get(ref) ?? ref);
}
