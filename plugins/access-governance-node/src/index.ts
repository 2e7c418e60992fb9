/**
 * Extension points of the access-governance backend: identity providers and record systems.
 *
 * @packageDocumentation
 */

export * from './providers';
export * from './extensions';
