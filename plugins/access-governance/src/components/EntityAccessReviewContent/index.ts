export { EntityAccessReviewContent } from './EntityAccessReviewContent';
