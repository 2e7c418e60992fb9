export * from './errors';
export * from './format';
export * from './reviewItems';
export * from './rules';
export { saveBlob } from './saveBlob';
export * from './signals';
