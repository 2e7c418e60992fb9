export { EntityAccessBundleContent } from './EntityAccessBundleContent';
