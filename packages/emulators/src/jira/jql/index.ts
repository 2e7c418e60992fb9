export { parseJql, JqlError } from './parse';
export type { JqlClause, JqlOrder, JqlQuery, JqlValue } from './parse';
export { evaluateJql } from './evaluate';
export type { JqlContext } from './evaluate';
