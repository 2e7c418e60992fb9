/**
 * Types, the `spec.access` schema and the permissions shared by the access-governance plugins.
 *
 * @packageDocumentation
 */

export * from './entity';
export * from './permissions';
export * from './types';
export * from './duration';
export * from './spec';
export * from './rules';
export * from './states';
export { REVIEW_CSV_COLUMNS, reviewCsvRow } from './csv/reviewCsv';
