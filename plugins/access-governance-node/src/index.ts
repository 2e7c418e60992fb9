/**
 * Extension points of the access-governance backend: identity providers and record systems.
 *
 * @packageDocumentation
 */

export * from './errors';
export * from './extensions';
export * from './providers';
export * from './records';
