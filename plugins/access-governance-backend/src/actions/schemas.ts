import type { z as zod } from 'zod/v3';

/** The zod the actions registry hands to schema functions. */
export type Zod = typeof zod;

/** An app or a role: its reference and its name. */
export const namedSchema = (z: Zod) =>
  z.object({
    ref: z.string().describe('Reference (entity ref of an app, id of a role)'),
    title: z.string().describe('The name people know it by'),
  });

/** An app, given by the caller. */
export const appInput = (z: Zod) =>
  z
    .string()
    .min(1)
    .describe(
      'The app, as a catalog entity ref, e.g. component:default/salesforce (kind:namespace/name)',
    );

/** A request as the actions give it. */
export const requestSchema = (z: Zod) =>
  z.object({
    id: z.string(),
    app: namedSchema(z),
    role: namedSchema(z),
    requester: z.string().describe('The name of the person who asked'),
    status: z
      .string()
      .describe(
        'The status: pending, approved, granted, rejected, cancelled, failed',
      ),
    state: z.string().describe('Where the request stands, in words'),
    justification: z.string(),
    duration: z
      .string()
      .nullable()
      .describe(
        'ISO 8601 duration of the access once granted; null = without end date',
      ),
    createdAt: z.string().describe('When it was asked, ISO 8601 (UTC)'),
    jiraKey: z.string().nullable(),
    url: z.string().describe('The request in Backstage'),
  });

/** A grant as the actions give it. */
export const grantSchema = (z: Zod) =>
  z.object({
    id: z.string(),
    app: namedSchema(z),
    role: namedSchema(z),
    status: z.string().describe('active, expired or revoked'),
    state: z.string().describe('The state in words'),
    grantedAt: z.string(),
    expiresAt: z
      .string()
      .nullable()
      .describe('ISO 8601 (UTC); null = without end date'),
    requestId: z.string().nullable(),
  });
