export { AppLink } from './AppLink';
export { JiraLink } from './JiraLink';
export { RequestLink } from './RequestLink';
