export { AccessInboxPage } from './AccessInboxPage';
