export { AppLink } from './AppLink';
export { JiraLink } from './JiraLink';
