import { z } from 'zod';
import { accessBundleRolesSchema } from './bundle';
import { accessSpecDeclarationSchema } from './schema';

/**
 * The JSON Schema of a catalog-info.yaml document (one entity) for editors: it checks
 * `spec.access` and allows anything elsewhere. It is generated from the same definition
 * that the catalog uses, so editors flag what the catalog would report, except the rules
 * that compare fields (unique ids, default among the options, nothing above max).
 */
export function catalogInfoJsonSchema(): Record<string, unknown> {
  const { $schema: _, ...access } = z.toJSONSchema(
    accessSpecDeclarationSchema,
    {
      target: 'draft-7',
      io: 'input',
    },
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment:
      'Generated from plugins/access-governance-common/src/spec/schema.ts by `npm run generate:schema -w @accessgov/plugin-access-governance-common`; do not edit by hand.',
    title: 'Backstage catalog entity with access roles',
    description:
      'A catalog-info.yaml document. Only spec.access is checked; see "Declaring roles" in the README.',
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          access: access,
          roles: (({ $schema: _s, ...roles }) => roles)(
            z.toJSONSchema(accessBundleRolesSchema, {
              target: 'draft-7',
              io: 'input',
            }),
          ),
        },
      },
    },
  };
}

/** The schema file as it is committed: two-space indentation and a final newline. */
export function renderCatalogInfoJsonSchema(): string {
  return `${JSON.stringify(catalogInfoJsonSchema(), null, 2)}\n`;
}
