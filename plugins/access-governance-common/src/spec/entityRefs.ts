import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const validator = makeValidator();
const PRINCIPAL_KINDS = ['group', 'user'];

/**
 * Reads a reference to a group or a user, as `spec.access` writes them.
 *
 * `kindRequired` is set where a bare word has another meaning (approval stages such as
 * `owner`), so that a misspelt keyword is reported instead of being taken for a group.
 *
 * @returns the full, lower-case ref (`group:default/revops`) or a message for people
 */
export function readPrincipalRef(
  text: string,
  options: { kindRequired: boolean },
): { ref: string } | { message: string } {
  const example = 'such as group:default/security or user:default/priya';
  if (options.kindRequired && !/^[^:/]+:/.test(text)) {
    return {
      message: `${text} names no kind; write a group or user ref ${example}`,
    };
  }
  let parsed;
  try {
    parsed = parseEntityRef(text, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return { message: `${text} is not an entity ref; write one ${example}` };
  }
  if (!PRINCIPAL_KINDS.includes(parsed.kind.toLocaleLowerCase('en-US'))) {
    return {
      message: `${text} is a ${parsed.kind}; only a group or a user can approve`,
    };
  }
  if (
    !validator.isValidNamespace(parsed.namespace) ||
    !validator.isValidEntityName(parsed.name)
  ) {
    return {
      message: `${text} is not a valid entity ref; write one ${example}`,
    };
  }
  return { ref: stringifyEntityRef(parsed) };
}
