export { accessTabPath, reviewTabPath } from './links';
export type { Notice } from './notice';
export { requestMessages } from './requests';
export { grantMessages } from './grants';
export { reviewMessages, reclaimMessages } from './reviews';
export { recordMessages } from './records';
