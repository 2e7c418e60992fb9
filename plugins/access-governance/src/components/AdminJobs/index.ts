export { AdminJobsPage } from './AdminJobsPage';
