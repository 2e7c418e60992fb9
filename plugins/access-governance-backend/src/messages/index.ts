export { accessTabPath, requestPath, reviewTabPath } from './links';
export type { Notice } from './notice';
export { when } from './notice';
export type { NameSource } from './people';
export { roleOf, withNames } from './people';
export { requestMessages, stageName } from './requests';
export { grantMessages } from './grants';
export { reviewMessages, reclaimMessages } from './reviews';
export { recordMessages } from './records';
